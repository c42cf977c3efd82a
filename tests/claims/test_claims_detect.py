"""Claim-level polarity on real parses: the main predicate decides, elliptic denials count."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claims.detect import analyse, main_negated, sentence_record, sentence_units, speaker_of
from claims.records import Claim


@pytest.mark.parametrize(
    ("text", "clause", "negated"),
    [
        (
            "Les pirates ont eu accès aux noms, mais pas le contenu de leur dossier médical.",
            "pas le contenu de leur dossier médical",
            True,
        ),
        (
            "Les pirates ont eu accès aux noms, mais pas le contenu de leur dossier médical.",
            "Les pirates ont eu accès aux noms",
            False,
        ),
        ("Aucune donnée bancaire n'a été touchée.", "Aucune donnée bancaire n'a été touchée", True),
        (
            "Le CHU, qui n'a pas été paralysé, a porté plainte.",
            "Le CHU, qui n'a pas été paralysé, a porté plainte",
            False,
        ),
    ],
)
def test_main_predicate_negation(nlp: Language, text: str, clause: str, negated: bool) -> None:
    doc = nlp(text)
    start = doc.text.index(clause)
    span = doc.char_span(start, start + len(clause), alignment_mode="expand")
    assert span is not None
    assert main_negated(span) is negated


QUOTES = (
    "« Nous avons isolé le serveur concerné », a affirmé de son côté la ministre de la "
    "Santé.\n\n« Nos équipes sont mobilisées pour assurer la continuité des soins », a "
    "déclaré Hélène Marchetti, directrice générale du CHU.\n\n« Les données ne sont pas à "
    "vendre », a prévenu le directeur de l'ARS Île-de-France.\n"
)


def test_a_quotation_and_its_attribution_are_one_sentence(nlp: Language) -> None:
    units = [u.text.strip() for u in sentence_units(nlp(QUOTES))]
    assert units == [line for line in QUOTES.split("\n") if line]


def test_speakers_after_the_verb_and_outside_the_quote(nlp: Language) -> None:
    speakers = [speaker_of(u) for u in sentence_units(nlp(QUOTES))]
    assert speakers == [
        "la ministre de la Santé",
        "Hélène Marchetti, directrice générale du CHU",
        "le directeur de l'ARS Île-de-France",
    ]


def test_separate_paragraphs_are_not_joined(nlp: Language) -> None:
    units = sentence_units(nlp("« Nous sommes prêts »\n\n, lit-on plus bas.\n"))
    assert units[0].text.strip() == "« Nous sommes prêts »"


def test_a_verb_tagged_as_an_adjective_still_makes_a_claim(nlp: Language) -> None:
    from claims.detect import analyse

    doc = nlp("L'intrusion remonte au mercredi 29 janvier.\nLe communiqué du jour.\n")
    found = analyse(doc, document_id="d", doc_url="u", kind="press", revno=1, text_hash="h")
    assert [c.text for c in found.claims] == ["L'intrusion remonte au mercredi 29 janvier."]


# Sentences of real French coverage that state a fact, whatever their shape, and sentences
# that must not become claims (advice, non-answers, page chrome).
STATES_A_FACT = [
    "Le CHU a contacté les patients concernés par le vol de données.",
    # what is known, not a non-answer
    "Rien n’indique que des données ont été volées avant d’être chiffrées.",
    # a denied passive whose subject is the data, not a figure
    "Aucune donnée n’a été publiée en ligne.",
    "Email, numéro de téléphone, numéro de sécurité sociale, résultat du test.",
    "Sont concernées par ce vol 1,4 million de personnes, résidant en Île-de-France.",
    "Les pirates ont dérobé factures et numéros de sécurité sociale, avant de réclamer une "
    "rançon, à laquelle le directeur assure qu'il n'y répondra pas.",
    "Cette violation concerne vos données d'identité et votre numéro de sécurité sociale, "
    "ainsi que les données du test que vous avez effectué.",
    "Le site de la mutuelle est inaccessible depuis lundi.",
    # a present-tense verb the tagger reads as a noun ("excuse", "paralyse")
    "Le directeur général s'en excuse auprès des familles.",
    "Un rançongiciel paralyse les serveurs de la clinique depuis mardi 4 avril.",
    # a past event whose subject is a definite noun phrase or "personne", no lexicon topic
    "La direction de l'établissement a refusé toute négociation.",
    "Personne n'a acheté les fichiers.",
    "Il y aurait aussi parmi les documents des lettres de médecins.",
    "« Nous avons rappelé tout le personnel en renfort.",
    # the incident's present: "toujours", "encore", "désormais"…
    "Les infirmières ne peuvent toujours pas consulter les prescriptions.",
    # a named actor doing something now
    "Des techniciens du CHU de Rouen travaillent sur place avec les équipes.",
    # a dated fact in the present
    "Les prélèvements concernés s'étalent de 2019 à mars 2021.",
    # any tense, pointing at the incident's data with a demonstrative
    "Des élus locaux sont également présents dans cette base de données.",
    "À ce jour, nous n'avons connaissance d'aucune revente de ces fichiers.",
    # a past event at the place the sentence before named ("y")
    "Des courriers de patients y étaient conservés, à titre exceptionnel.",
    # a conditional hypothesis about the incident is hedged, not a generality
    "Selon un responsable de la clinique, il pourrait s'agir d'une manœuvre des pirates.",
    # "il faut que" and "il est important de" may carry a fact
    "« Il faut qu'ils comprennent qu'on ne paiera pas », a déclaré le directeur.",
    # what a participant founded in some year did in this incident is a fact
    "Créé en 2019, le groupe LockBit a revendiqué l'attaque du CHU de Rennes.",
    # an order of events is no rank of a participant
    "La clinique est la première touchée par cette vague d'attaques informatiques.",
    # a newspaper's article is no law (the tagger reads this imperfect as a present)
    "Le 23 février 2021, un article de presse révélait la fuite de données de 500 000 patients.",
]
STATES_NO_FACT = [
    "Contactée, la direction n'a pas souhaité répondre.",
    # no figure given, in the passive as in the active
    "Aucun chiffre n’a été avancé sur le nombre de patients touchés.",
    "Le nombre de patients concernés n’a pas été communiqué.",
    "Aucune estimation du nombre de patients touchés n’a été communiquée.",
    "L’hôpital n’a pas donné de chiffre.",
    # a trend of the sector
    "Après les hôpitaux et les cliniques, ce sont désormais les plateformes publiques de santé "
    "qui tombent les unes après les autres.",
    # an outlet asking the organisation for comment
    "France 2 a également contacté la société et elle n’a pas répondu aux sollicitations.",
    # who a participant is: its rank in its sector
    "Le groupe, qui compte une centaine de cliniques, est l'un des principaux acteurs de "
    "l'hospitalisation privée en Europe.",
    # the outlet's own requests, unanswered
    "Nos questions sur la fuite des données de patients sont restées sans réponse.",
    "Si vous avez besoin d'aide, n'hésitez pas à contacter le 116006.",
    "Changez vos mots de passe et vérifiez vos numéros de sécurité sociale.",
    # an imperative after an adverbial, its "-ez" form tagged a third person
    "Tous les jours, recevez les nouvelles de votre département par courriel.",
    "En cas de doute, signalez tout message suspect à la plateforme officielle.",
    "Publié le 22 septembre 2021",
    "Données de santé : que faire ?",
    "Le ministère n'a pas apporté de précisions sur la cyberattaque.",
    "Sollicité au sujet de la cyberattaque, l'hôpital n'a pas encore répondu.",
    "Les équipes sont mobilisées pour faire face à la situation.",
    "Rappelons que les cliniques subissent une cyberattaque par semaine cette année.",
    "Ces données peuvent intéresser bien des gens.",
    "Il suffit de télécharger le formulaire sur le site de la clinique.",
    "Pour les soins non urgents, il est recommandé de s'adresser à la maison médicale.",
    # background on a participant: its founding year, the present
    "Vice Society est un groupe de rançongiciel né en juin 2021.",
    "Apparu en 2013, Cryptolocker est l'un des premiers rançongiciels propagés à grande échelle.",
    # a rule of law, not an event
    "L'article 33 du RGPD impose une telle information.",
    # a trend of the sector
    "Les rançongiciels visent de plus en plus les cliniques privées.",
    "Ces dernières années, les établissements de santé sont devenus des cibles de choix.",
]


def _claim_records(nlp: Language, text: str) -> dict[str, Claim]:
    """The claims of a press text, by their text."""
    analysis = analyse(
        nlp(text),
        document_id="d",
        doc_url="https://presse.example/a",
        kind="press",
        revno=1,
        text_hash="h",
    )
    return {c.text: c for c in analysis.claims}


def _claims(nlp: Language, text: str) -> list[str]:
    return list(_claim_records(nlp, text))


@pytest.mark.parametrize("text", STATES_A_FACT)
def test_a_stated_fact_becomes_a_claim(nlp: Language, text: str) -> None:
    assert _claims(nlp, text)


@pytest.mark.parametrize("text", STATES_NO_FACT)
def test_advice_non_answers_and_chrome_are_no_claims(nlp: Language, text: str) -> None:
    assert _claims(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "clause", "negated"),
    [
        # The full stop and the paragraph break after a coordinated clause are not its head.
        (
            "Pour l’heure, l’ARS estime que l’intrusion se limiterait aux données d’identité des "
            "patients, c’est-à-dire le nom, le prénom, l’âge et éventuellement le téléphone et "
            "l’adresse mail, et que le contenu des dossiers médicaux ne serait pas touché.\n\n",
            "que le contenu des dossiers médicaux ne serait pas touché",
            True,
        ),
        # A denial does not carry over to a coordinated clause with its own subject.
        (
            "Dans un communiqué, Ramsay Santé affirme que l’incident n’a eu, à aucun moment, de "
            "conséquence sur la prise en charge des patients ni, plus largement, sur l’activité de "
            "la clinique, et que ses équipes ont fait cesser l’intrusion dès qu’elles l’ont "
            "détectée.\n\n",
            "que ses équipes ont fait cesser l’intrusion",
            False,
        ),
        # "mais" opens a clause of its own when a subject follows, even without a comma; the
        # denial of that clause leaves the first one affirmed.
        (
            "La clinique a été touchée par les pirates mais aucune donnée médicale n’aurait été "
            "copiée.\n\n",
            "La clinique a été touchée par les pirates",
            False,
        ),
        (
            "La clinique a été touchée par les pirates mais aucune donnée médicale n’aurait été "
            "copiée.\n\n",
            "aucune donnée médicale n’aurait été copiée",
            True,
        ),
    ],
)
def test_coordinated_clauses_keep_their_own_polarity(
    nlp: Language, text: str, clause: str, negated: bool
) -> None:
    analysis = analyse(
        nlp(text),
        document_id="d",
        doc_url="https://presse.example/a",
        kind="press",
        revno=1,
        text_hash="h",
    )
    found = [c for c in analysis.claims if c.text.startswith(clause)]
    assert found, [c.text for c in analysis.claims]
    assert found[0].negated is negated


def test_a_count_in_a_relative_clause_is_marked_aside(nlp: Language) -> None:
    from claims.detect import facets_of

    doc = nlp("Le groupe, qui compte 130 établissements, a perdu les données de 2 000 patients.")
    assert {q.text: q.aside for q in facets_of(doc[:]).quantities} == {
        "130 établissements": True,
        "2 000 patients": False,
    }


def test_a_dateline_glued_to_the_lead_is_cut_off(nlp: Language) -> None:
    """A web page's dateline ("Publié le … - Mis à jour le … à 15h21") runs into the first
    sentence: the claim starts after it, and a dateline alone is no claim."""
    found = _claims(
        nlp,
        "Publié le 3 mars 2025 à 9h12 - Mis à jour le 3 mars 2025 à 10h05 Le centre "
        "hospitalier de Vervins a annoncé avoir été victime d'une cyberattaque.",
    )
    assert found == [
        "Le centre hospitalier de Vervins a annoncé avoir été victime d'une cyberattaque."
    ]
    assert _claims(nlp, "Publié le dimanche 9 mars 2025\n") == []


@pytest.mark.parametrize(
    "text",
    [
        "Rennes, 4 mars 2025 (AFP) – Le centre hospitalier de Vervins a été victime d'une "
        "cyberattaque.",
        "(AFP) - Le centre hospitalier de Vervins a été victime d'une cyberattaque.",
    ],
)
def test_a_wire_dateline_is_cut_off(nlp: Language, text: str) -> None:
    """ "Rennes, 4 mars 2025 (AFP) –" is the day the wire ran, not a date of the incident: the
    claim starts after it and carries no date (it would be compared with the attack's)."""
    found = _claim_records(nlp, text)
    assert list(found) == ["Le centre hospitalier de Vervins a été victime d'une cyberattaque."]
    assert all(not c.facets.dates for c in found.values())


def test_an_opening_verb_read_as_a_name_still_opens_a_reminder(nlp: Language) -> None:
    # after another paragraph, the tagger reads "Rappelons" as a proper noun
    text = (
        "Une plainte a été déposée.\n\nRappelons que les établissements de santé français"
        " subissent une attaque par semaine en moyenne cette année."
    )
    assert _claims(nlp, text) == ["Une plainte a été déposée."]


def test_a_concession_is_a_clause_of_its_own(nlp: Language) -> None:
    text = (
        "La clinique recommande la plus grande vigilance aux patients, même si, à ce stade,"
        " elle n'a connaissance d'aucune revente de ces fichiers."
    )
    found = _claims(nlp, text)
    assert "à ce stade, elle n'a connaissance d'aucune revente de ces fichiers" in found
    assert not [c for c in found if "même si" in c]


def test_an_appositive_relative_clause_is_a_claim_of_its_own(nlp: Language) -> None:
    """ "L'AP-HP, qui regroupe 39 hôpitaux, a été victime…": the background fact between
    commas is judged apart, shown with the noun phrase it describes; the main statement
    leaves it out ("[…]") and keeps none of its counts."""
    found = _claim_records(
        nlp, "L'AP-HP, qui regroupe 39 hôpitaux, a été victime d'un vol massif de données."
    )
    assert set(found) == {
        "L'AP-HP […] a été victime d'un vol massif de données.",
        "L'AP-HP, qui regroupe 39 hôpitaux",
    }
    main = found["L'AP-HP […] a été victime d'un vol massif de données."]
    aside = found["L'AP-HP, qui regroupe 39 hôpitaux"]
    assert main.facets.quantities == ()
    assert "regrouper" not in main.lemmas
    # the count is the statement of the relative clause, not an aside of it
    assert [(q.value, q.aside) for q in aside.facets.quantities] == [(39, False)]
    assert "hospital/ap-hp" in aside.facets.actors


def test_a_relative_clause_keeps_its_own_denial(nlp: Language) -> None:
    found = _claim_records(
        nlp,
        "Les données de 126 000 patients ont été volées lors d'une cyberattaque contre une "
        "clinique de Saint-Étienne, qui n'a cependant pas affecté son fonctionnement.",
    )
    denial = [c for t, c in found.items() if "pas affecté" in t]
    main = [c for t, c in found.items() if t.endswith("[…].")]
    assert len(denial) == 1 and denial[0].negated
    assert denial[0].text.startswith("une clinique")
    assert len(main) == 1 and not main[0].negated


@pytest.mark.parametrize(
    "text",
    [
        # a restrictive relative (no comma) says which: it is part of the statement
        "L'AP-HP a constaté le vol de fichiers de personnes qui ont effectué un test en 2020.",
        # a cleft: "ce sont … qui" is one statement
        "Selon la direction, ce sont des données administratives qui ont été volées à la clinique.",
        # a relative clause that is no claim on its own stays in the statement
        "Le CHU, qui se trouve à Brest, a été victime d'une cyberattaque.",
        # the parser runs the relative clause to the end: no statement would be left
        "Ramsay Santé, qui compte plusieurs dizaines d'établissements en France, est l'une des "
        "cibles de la vague de cyberattaques.",
        # the parser ends the relative clause before its object: not between commas
        "Les investigations, qui requièrent selon lui une technicité particulière, ont été "
        "confiées aux policiers de l'Office anticybercriminalité (OFAC).",
    ],
)
def test_relative_clauses_that_stay_in_the_statement(nlp: Language, text: str) -> None:
    found = _claims(nlp, text)
    assert found == [text], found


def test_et_with_a_subject_of_its_own_splits_without_a_comma(nlp: Language) -> None:
    found = _claims(
        nlp,
        "L'AP-HP avait porté plainte auprès du procureur de la République de Paris et la "
        "Commission nationale de l'informatique et des libertés (Cnil) avait ouvert une enquête.",
    )
    assert found == [
        "L'AP-HP avait porté plainte auprès du procureur de la République de Paris",
        "la Commission nationale de l'informatique et des libertés (Cnil) avait ouvert une enquête",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Il a indiqué que les données et les dossiers des patients ont été volés.",
        "Les nom et prénom des patients ont été volés et revendus.",
        "Le CHU et l'ARS ont porté plainte pour accès frauduleux.",
        # a reflexive clitic after "et" is no subject: one subject, two verbs
        "Ce rançongiciel exploite la faille PrintNightmare et s’en prend aux hôpitaux.",
    ],
)
def test_et_between_subjects_or_verbs_does_not_split(nlp: Language, text: str) -> None:
    assert _claims(nlp, text) == [text]


def test_a_denial_in_the_clause_split_off_does_not_deny_this_one(nlp: Language) -> None:
    """The parser hangs "Ces données incluent …" under the denied verb of the clause after
    "mais": the denial's cue is not in the first clause, which affirms."""
    found = _claim_records(
        nlp,
        "Ces données incluent \"l'identité, le numéro de sécurité sociale et les coordonnées "
        'des personnes testées", ainsi que "le résultat du test réalisé", mais ne contiennent '
        '"aucune autre donnée médicale".',
    )
    negated = {text[:20]: c.negated for text, c in found.items()}
    assert negated == {"Ces données incluent": False, 'ne contiennent "aucu': True}


def test_a_relative_clause_opened_by_lequel_is_a_claim_of_its_own(nlp: Language) -> None:
    """ "le piratage … au cours duquel ont été dérobées les données": what happened then is a
    fact of its own, with or without a comma; the arrest is judged without it."""
    found = _claims(
        nlp,
        "Un homme a été interpellé dans l'enquête sur le piratage du système informatique des "
        "Hôpitaux de Paris au cours duquel ont été dérobées les données de santé d'environ 1,4 "
        "million de personnes.",
    )
    assert len(found) == 2, found
    main = [c for c in found if c.endswith("[…].")]
    assert main and "1,4 million" not in main[0]
    assert any("au cours duquel ont été dérobées" in c for c in found)


def test_the_preposition_before_lequel_leaves_with_the_relative_clause(nlp: Language) -> None:
    """ "au cours de laquelle" goes with what it opens: the main statement does not end on "au
    cours", and the relative clause is shown with the noun it describes."""
    found = _claims(
        nlp,
        "Une clinique de Saint-Étienne a été victime d’une cyberattaque au cours de laquelle des "
        "pirates ont dérobé les données personnelles de plus de 126 000 patients, sans que son "
        "fonctionnement en soit affecté, ont indiqué jeudi 10 juillet l’établissement.",
    )
    main = [c for c in found if "[…]" in c]
    assert main and main[0].startswith(
        "Une clinique de Saint-Étienne a été victime d’une cyberattaque […] sans que"
    )
    assert any(c.startswith("une cyberattaque au cours de laquelle des pirates") for c in found)


def test_a_participant_size_is_no_count_of_an_evidence_sentence(nlp: Language) -> None:
    """ "Le réseau, qui gère onze centres, a été victime…": in a sentence read as evidence the
    size of a participant is background, not a count of what was hit; a count of the incident
    in a relative clause stays ("…qui a entraîné le vol des données de 4 000 patients")."""

    def counts(text: str) -> list[float | None]:
        sent = sentence_units(nlp(text))[0]
        return [q.value for q in sentence_record(sent, "d", 0).facets.quantities]

    assert counts("Le réseau Dentalia, qui gère onze centres, a été victime d'une intrusion.") == []
    assert counts("Le groupe, qui compte 130 établissements, a porté plainte.") == []
    assert counts(
        "La clinique a subi une attaque qui a entraîné le vol des données de 4 000 patients."
    ) == [4000]
    # a press claim keeps it: the relative clause is a claim of its own
    found = _claim_records(
        nlp, "Le réseau Dentalia, qui gère onze centres, a été victime d'une intrusion."
    )
    assert any(q.value == 11 for c in found.values() for q in c.facets.quantities)


@pytest.mark.parametrize(
    ("text", "classes"),
    [
        # the data set aside after "mais pas", "sauf", "à l'exception de" are not taken
        (
            "Les noms des patients ont été copiés, mais pas, selon la clinique, leurs dossiers "
            "médicaux.",
            {"Names"},
        ),
        (
            "Les noms et numéros de sécurité sociale des adhérents ont été dérobés, sauf les "
            "coordonnées bancaires.",
            {"Names", "Social security numbers"},
        ),
        (
            "Les noms des patients ont été volés, à l'exception des dossiers médicaux.",
            {"Names"},
        ),
        # a verb after the cue: a clause of its own, not an ellipsis
        (
            "Les noms des patients ont été volés, sauf que les dossiers médicaux ont aussi été "
            "copiés.",
            {"Names", "Personal health data"},
        ),
    ],
)
def test_data_set_aside_by_an_ellipsis_are_not_taken(
    nlp: Language, text: str, classes: set[str]
) -> None:
    found = _claim_records(nlp, text)
    assert {c for claim in found.values() for c in claim.facets.data_classes} == classes


def test_a_relative_clause_on_an_indefinite_attack_is_a_claim_of_its_own(nlp: Language) -> None:
    """ "victime d'une cyberattaque qui a bloqué …": a relative clause on the attack the press
    introduces cannot say which attack; it adds what the attack did, judged apart, comma or
    not. The main statement keeps the victim, the relative clause starts at the attack."""
    found = _claims(
        nlp,
        "La clinique a annoncé lundi avoir été victime d'une cyberattaque qui a bloqué "
        "l'accès aux dossiers des patients pendant trois jours.",
    )
    assert len(found) == 2, found
    assert any(c.endswith("victime d'une cyberattaque […].") for c in found)
    assert any(c.startswith("une cyberattaque qui a bloqué l'accès") for c in found)


@pytest.mark.parametrize(
    "text",
    [
        # the attack is the sentence itself: no statement would be left
        "Une cyberattaque qui a bloqué l'accès aux dossiers pendant trois jours.",
        # a definite article: "l'attaque qui …" says which attack
        "Le parquet enquête sur l'attaque qui a visé le centre hospitalier en mars.",
    ],
)
def test_relative_clauses_on_an_attack_that_stay_in_the_statement(nlp: Language, text: str) -> None:
    assert _claims(nlp, text) == [text]


def test_a_relative_clause_hung_on_a_verb_describes_the_noun_before_it(nlp: Language) -> None:
    found = _claims(
        nlp,
        "Un courriel a été adressé jeudi aux patients, a précisé à l'AFP un responsable de la "
        "communication de l'établissement, qui fait partie du groupe Ramsay Santé.",
    )
    assert "l'établissement, qui fait partie du groupe Ramsay Santé" in found


def test_a_reminder_to_the_reader_mid_paragraph_is_no_claim(nlp: Language) -> None:
    """Mid-paragraph the tagger reads "Rappelons" as a noun with no clause under it; the "que"
    after it still makes it the opening verb of a reminder."""
    text = (
        "Vice Society est un groupe de ransomware né en juin 2021. Rappelons, qu’en France, les "
        "établissements de santé sont des cibles privilégiées des cybercriminels, à raison "
        "d’une attaque par semaine en moyenne en 2021."
    )
    assert not [c for c in _claims(nlp, text) if "Rappelons" in c]


def test_a_heading_line_is_no_claim_unless_it_gives_a_count(nlp: Language) -> None:
    """A short line with no closing punctuation is a sub-heading, a related headline or a
    byline: the paragraph under it states the fact. A count in a heading stays checked (an
    inflated figure is often in the heading), and a long unpunctuated line (an excerpt cut
    short) is still read."""
    text = (
        "Une plainte déposée\n\n"
        "Le centre hospitalier a déposé plainte auprès du procureur de la République lundi.\n\n"
        "Les données de 126 000 patients dérobées\n\n"
        "La direction du centre hospitalier a confirmé mardi que les pirates ont copié des "
        "fichiers administratifs de patients pendant la nuit de samedi à dimanche sans"
    )
    claims = _claims(nlp, text)
    assert "Une plainte déposée" not in claims
    assert any(c.startswith("Le centre hospitalier a déposé plainte") for c in claims)
    assert "Les données de 126 000 patients dérobées" in claims
    assert any(c.startswith("La direction du centre hospitalier a confirmé") for c in claims)
    # the same words closed by a full stop are a sentence of the text
    assert _claims(nlp, "Le centre hospitalier a déposé plainte.\n\n")


@pytest.mark.parametrize(
    "text",
    [
        # the writer's judgement: a superlative or an evaluative word after "c'est"
        "C’est l’une des pires fuites de données de santé de l’année.",
        "C’est une attaque d’une ampleur inédite.",
        # what usually happens, in the simple present
        "Les données d’identité volées lors de ce type d’attaque servent souvent à rendre plus "
        "crédibles des tentatives d’escroquerie.",
        "Ce type de piratage est en augmentation dans le secteur hospitalier.",
    ],
)
def test_judgements_and_habits_are_no_claims(nlp: Language, text: str) -> None:
    assert _claims(nlp, text + "\n\n") == []


@pytest.mark.parametrize(
    "text",
    [
        # a relative clause says who was hit
        "C’est une cyberattaque de grande ampleur dont a été victime le GHT Cœur Grand Est.",
        # a count makes the judgement checkable
        "C’est la plus grande fuite de l’année : 126 000 patients sont concernés.",
        # "habituellement" describes the system, the statement is in the past
        "Le système d’information national de dépistage habituellement utilisé n’a pas été "
        "concerné par l’attaque.",
        # "ce type de" in a clause about what this hospital did
        "La direction a suivi la procédure classique quand ce type de cyberattaque survient.",
    ],
)
def test_facts_near_judgements_and_habits_stay_claims(nlp: Language, text: str) -> None:
    assert _claims(nlp, text + "\n\n")


def test_a_list_of_data_by_owner_is_one_claim_per_owner(nlp: Language) -> None:
    """The patients' data, the staff's and the exam's in one list: a fact-checker judges each
    owner's part apart (the official texts may list the patients' data and say nothing of the
    doctors'), the other parts shown as "[…]"."""
    found = _claims(
        nlp,
        "Les fichiers volés contiennent le nom, l'adresse et le numéro de téléphone des patients "
        "ainsi que l'identité et les coordonnées des médecins prescripteurs, la date et le "
        "résultat de l'examen.",
    )
    assert len(found) == 3, found
    assert (
        "Les fichiers volés contiennent le nom, l'adresse et le numéro de téléphone des "
        "patients […]." in found
    )
    assert any(
        c.startswith("Les fichiers volés contiennent […] l'identité et les coordonnées des")
        for c in found
    ), found
    assert "Les fichiers volés contiennent […] la date et le résultat de l'examen." in found


@pytest.mark.parametrize(
    "text",
    [
        # one owner throughout: the possessives name the same patient
        "Les pirates ont copié l'identité du patient, son numéro de sécurité sociale et ses "
        "coordonnées.",
        # the patients under two names are one owner's data
        "Les pirates ont copié le nom des patients et l'adresse des personnes hospitalisées.",
        # the list is the subject: its parts would lose the verb
        "Le nom et l'adresse des patients, les coordonnées des médecins ont été copiés.",
        # a second statement after the comma, not a second part of the list
        "Le piratage a touché l'adresse des patients, les données des médecins ont aussi été "
        "copiées.",
    ],
)
def test_data_lists_that_stay_one_claim(nlp: Language, text: str) -> None:
    assert len(_claims(nlp, text)) == 1, _claims(nlp, text)


@pytest.mark.parametrize(
    ("text", "aside"),
    [
        ("Le GHT, qui a isolé son réseau le 20 avril 2022, a porté plainte.", True),
        ("Le GHT a isolé son réseau le 20 avril 2022.", False),
    ],
)
def test_a_date_in_a_relative_clause_dates_a_participant(
    nlp: Language, text: str, aside: bool
) -> None:
    from claims.detect import facets_of

    doc = nlp(text)
    (day,) = facets_of(doc[:]).dates
    assert (day.start, day.aside) == ("2022-04-20", aside)


@pytest.mark.parametrize(
    "text",
    [
        "- renforcer la double authentification (carte CPS ou e-CPS) pour tout accès aux "
        "dossiers des patients ;",
        "- généraliser l’authentification (Pro Santé Connect) pour tout accès aux données de "
        "patients ;",
    ],
)
def test_a_recommendation_list_item_is_no_claim(nlp: Language, text: str) -> None:
    """An item of a list of recommendations opens with an infinitive (which the tagger may
    read as a noun): advice, not a fact."""
    assert _claims(nlp, text) == []
