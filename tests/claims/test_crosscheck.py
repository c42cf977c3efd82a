"""The cross-check rules on hand-built records (no spaCy): each verdict and its reason."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from claims import crosscheck
from claims.compare import compatible
from claims.crosscheck import Gate, Index, Official, check_claim
from claims.flags import flag_disputed
from claims.records import Claim, DateSpan, Facets, Quantity, Quote, Sentence, Verdict

URL = "https://ars.example/cp"


@pytest.fixture(autouse=True)
def open_gate() -> Iterator[None]:
    """These tests check the comparisons themselves: the fitted gate (how close the deciding
    sentence must be, tested on its own below) is opened."""
    fitted = crosscheck.gate()
    crosscheck.set_gate(Gate())
    yield
    crosscheck.set_gate(fitted)


def sentence(
    text: str, lemmas: str, *, negated: bool = False, hedges: tuple[str, ...] = (), **facets: object
) -> Official:
    s = Sentence("off", 0, text, tuple(lemmas.split()), negated, hedges, Facets(**facets))
    return Official(s, URL, "2025-09-08", "ARS Normandie")


def claim(
    text: str,
    lemmas: str,
    *,
    negated: bool = False,
    quote: Quote | None = None,
    hedges: tuple[str, ...] = (),
    **facets: object,
) -> Claim:
    return Claim(
        "c1",
        "press",
        0,
        "other",
        text,
        text,
        negated,
        hedges,
        Facets(**facets),
        (),
        quote,
        tuple(lemmas.split()),
    )


PLAINTES = sentence(
    "Des plaintes ont été déposées auprès des services compétents.",
    "de plainte avoir être déposer auprès de service compétent",
    topics=("complaint",),
)
MEDICAL = sentence(
    "A ce stade, aucune donnée des dossiers médicaux ne serait concernée.",
    "à ce stade aucun donnée de dossier médical ne être concerner",
    negated=True,
    hedges=("à ce stade", "conditionnel"),
    data_classes=("Personal health data",),
    topics=("data_theft",),
)
IDENTITY = sentence(
    "L'intrusion se limiterait aux données d'identité (nom, prénom, âge).",
    "le intrusion se limiter à donnée de identité nom prénom âge",
    hedges=("conditionnel",),
    data_classes=("Ages", "Names"),
    topics=("attack",),
)
COUNT = sentence(
    "Un courriel a été envoyé à plus de 126 000 patients.",
    "un courriel avoir être envoyer à plus de 126 000 patient",
    quantities=(Quantity(126000, "patient", "gt", text="plus de 126 000 patients"),),
    topics=("people_informed",),
)
POOL = [PLAINTES, MEDICAL, IDENTITY, COUNT]


def verdict(c: Claim, pool: list[Official] = POOL) -> Verdict:
    return check_claim(c, pool, index=Index(pool) if pool else None)


def test_no_official_document_gives_no_official_source() -> None:
    v = verdict(
        claim("Une plainte a été déposée.", "un plainte avoir être déposer", topics=("complaint",)),
        [],
    )
    assert v.verdict == "no_official_source" and v.evidence == ()


def test_same_fact_is_supported_with_evidence() -> None:
    v = verdict(
        claim(
            "Des plaintes ont été déposées.", "de plainte avoir être déposer", topics=("complaint",)
        )
    )
    assert v.verdict == "supported"
    assert v.evidence[0].doc_url == URL and "plaintes" in v.evidence[0].text


def test_opposite_polarity_is_contradicted() -> None:
    v = verdict(
        claim(
            "Aucune plainte n'a été déposée.",
            "aucun plainte ne avoir être déposer",
            negated=True,
            topics=("complaint",),
        )
    )
    assert (v.verdict, v.reason) == ("contradicted", "négation opposée")


def test_stolen_medical_records_contradict_hedged_denial_and_flag_hedge() -> None:
    v = verdict(
        claim(
            "Les dossiers médicaux des patients ont été dérobés.",
            "le dossier médical de patient avoir être dérober",
            data_classes=("Personal health data",),
            topics=("data_theft",),
        )
    )
    assert v.verdict == "contradicted" and v.reason == "négation opposée"
    assert "hedge_dropped" in v.flags


def test_different_count_is_contradicted_with_both_numbers() -> None:
    v = verdict(
        claim(
            "Un courriel a été envoyé à 12 600 patients.",
            "un courriel avoir être envoyer à 12 600 patient",
            quantities=(Quantity(12600, "patient", text="12 600 patients"),),
            topics=("people_informed",),
        )
    )
    assert v.verdict == "contradicted"
    assert v.reason == "chiffre différent : 12 600 patients / plus de 126 000 patients"


def test_extra_data_class_against_exhaustive_list_is_contradicted() -> None:
    v = verdict(
        claim(
            "L'intrusion a touché les noms et les coordonnées bancaires.",
            "le intrusion avoir toucher le nom et le coordonnée bancaire",
            data_classes=("Bank account numbers", "Names"),
            topics=("attack",),
        )
    )
    assert v.verdict == "contradicted" and "Bank account numbers" in v.reason


def test_statement_no_official_sentence_makes_is_unsupported() -> None:
    v = verdict(
        claim(
            "Les pirates ont réclamé une rançon.",
            "le pirate avoir réclamer un rançon",
            topics=("ransom",),
        )
    )
    assert v.verdict == "unsupported"


def test_quotes_must_appear_in_an_official_text() -> None:
    found = claim(
        "« Des plaintes ont été déposées », a indiqué l'ARS.",
        "plainte",
        quote=Quote("Des plaintes ont été déposées", "l'ARS"),
    )
    invented = claim(
        "« Nous maîtrisons totalement la situation », a dit l'ARS.",
        "maîtriser",
        quote=Quote("Nous maîtrisons totalement la situation", "l'ARS"),
    )
    assert verdict(found).verdict == "supported"
    elsewhere = claim(
        "« Des plaintes ont été déposées », a indiqué la CNIL.",
        "plainte",
        quote=Quote("Des plaintes ont été déposées", "la CNIL"),
    )
    anonymous = claim(
        "« Des plaintes ont été déposées », a dit un porte-parole.",
        "plainte",
        quote=Quote("Des plaintes ont été déposées", "un porte-parole"),
    )
    assert (verdict(elsewhere).verdict, verdict(elsewhere).reason) == (
        "unsupported",
        "locuteur absent des sources officielles",
    )
    assert verdict(anonymous).verdict == "supported"
    v = verdict(invented)  # words found nowhere: judged as the statement it makes
    assert (v.verdict, v.reason) == ("unsupported", "aucune source officielle ne l'affirme")


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        # a role names nobody: the words decide
        ("les autorités sanitaires", "supported"),
        ("la direction", "supported"),
        # two speakers, each named in an official text, or a role beside a named one
        ("l'ARS et les services compétents", "supported"),
        ("l'ARS Normandie ainsi que les enquêteurs", "supported"),
        # one of two named speakers absent from the official texts
        ("l'ARS et la préfecture de la Manche", "unsupported"),
        ("Jeanne Morel, directrice", "unsupported"),
    ],
)
def test_each_named_speaker_of_a_quote_must_be_in_an_official_text(
    speaker: str, expected: str
) -> None:
    """Official words put in the mouth of someone no official text names are "Non étayé";
    a role ("les autorités") or each of two named bodies present keeps them "Confirmé"."""
    quoted = claim(
        f"« Des plaintes ont été déposées », ont indiqué {speaker}.",
        "plainte",
        quote=Quote("Des plaintes ont été déposées", speaker),
    )
    assert verdict(quoted).verdict == expected


def test_dates_of_the_same_event_must_overlap() -> None:
    attack = sentence(
        "L'attaque a eu lieu du 26 juin au 1er juillet.",
        "le attaque avoir avoir lieu du 26 juin au 1er juillet",
        dates=(DateSpan("2025-06-26", "2025-07-01", "range", "du 26 juin au 1er juillet"),),
        topics=("attack",),
    )
    later = claim(
        "L'attaque a eu lieu le 14 juillet.",
        "le attaque avoir avoir lieu le 14 juillet",
        dates=(DateSpan("2025-07-14", "2025-07-14", "date", "le 14 juillet"),),
        topics=("attack",),
    )
    inside = claim(
        "L'attaque a eu lieu le 28 juin.",
        "le attaque avoir avoir lieu le 28 juin",
        dates=(DateSpan("2025-06-28", "2025-06-28", "date", "le 28 juin"),),
        topics=("attack",),
    )
    assert verdict(later, [attack]).verdict == "contradicted"
    assert verdict(later, [attack]).reason.startswith("date différente")
    assert verdict(inside, [attack]).verdict == "supported"


def test_all_of_a_set_against_counts() -> None:
    every = Quantity(None, "opération", "all", text="Toutes les opérations")
    assert not compatible(every, Quantity(30, "opération", "approx"))
    assert compatible(every, Quantity(None, "opération", "all"))
    assert compatible(every, Quantity(None, "opération", "vague"))


def test_count_compatibility() -> None:
    assert compatible(Quantity(126000, "patient", "gt"), Quantity(126000, "patient"))
    assert compatible(Quantity(126500, "patient"), Quantity(126000, "patient", "gt"))
    assert not compatible(Quantity(12600, "patient"), Quantity(126000, "patient"))
    assert not compatible(Quantity(1, "région"), Quantity(None, "région", "vague"))
    assert compatible(Quantity(3, "région"), Quantity(None, "région", "vague"))


def test_outlets_giving_different_counts_are_disputed() -> None:
    a = claim(
        "126 000 patients touchés.",
        "126 000 patient toucher",
        quantities=(Quantity(126000, "patient"),),
    )
    b = Claim(
        "c2",
        "press2",
        0,
        "count",
        "2 millions de patients touchés.",
        "x",
        facets=Facets(quantities=(Quantity(2_000_000, "patient"),)),
    )
    c = Claim(
        "c3",
        "press3",
        0,
        "count",
        "126 000 patients.",
        "x",
        facets=Facets(quantities=(Quantity(126000, "patient"),)),
    )
    verdicts = [Verdict(x.id, "no_official_source", "") for x in (a, b, c)]
    flagged = flag_disputed([a, b, c], verdicts, {"c1": "A", "c2": "B", "c3": "C"})
    assert [("disputed" in v.flags) for v in flagged] == [True, True, True]
    same = flag_disputed([a, c], verdicts[::2], {"c1": "A", "c3": "C"})
    assert not any("disputed" in v.flags for v in same)


def test_outlets_dating_the_attack_differently_are_disputed() -> None:
    def dated(cid: str, day: str) -> Claim:
        return Claim(
            cid,
            f"press-{cid}",
            0,
            "date",
            f"L'attaque a eu lieu le {day}.",
            "x",
            facets=Facets(dates=(DateSpan(day, day, "date", day),), topics=("attack",)),
        )

    a, b, c = dated("a", "2025-07-01"), dated("b", "2025-07-09"), dated("c", "2025-07-01")
    verdicts = [Verdict(x.id, "no_official_source", "") for x in (a, b, c)]
    flagged = flag_disputed([a, b, c], verdicts, {"a": "A", "b": "B", "c": "C"})
    assert ["disputed" in v.flags for v in flagged] == [True, True, True]
    agreeing = flag_disputed([a, c], [verdicts[0], verdicts[2]], {"a": "A", "c": "C"})
    assert not any("disputed" in v.flags for v in agreeing)


def test_a_later_communique_confirms_but_never_contradicts_an_earlier_claim() -> None:
    from claims.flags import check_as_of

    early = Official(
        MEDICAL.sentence, "https://ars.example/cp-1", "2025-09-08T10:00:00+02:00", "ARS Normandie"
    )
    later = Official(
        PLAINTES.sentence, "https://ars.example/cp-2", "2025-09-10T10:00:00+02:00", "ARS Normandie"
    )
    c = claim(
        "Des plaintes ont été déposées.", "de plainte avoir être déposer", topics=("complaint",)
    )
    before, after = (
        check_as_of([c], [early, later], {"c1": "2025-09-09T08:00:00+02:00"})[0],
        check_as_of([c], [early, later], {"c1": "2025-09-11T08:00:00+02:00"})[0],
    )
    assert before.verdict == after.verdict == "supported"  # the whole official record
    assert "superseded" not in before.flags + after.flags
    denial = Official(
        sentence(
            "Aucune plainte n'a été déposée.",
            "aucun plainte ne avoir être déposer",
            negated=True,
            topics=("complaint",),
        ).sentence,
        "https://ars.example/cp-3",
        "2025-09-10T10:00:00+02:00",
        "ARS Normandie",
    )
    before = check_as_of([c], [early, denial], {"c1": "2025-09-09T08:00:00+02:00"})[0]
    after = check_as_of([c], [early, denial], {"c1": "2025-09-11T08:00:00+02:00"})[0]
    assert before.verdict == "unsupported" and "superseded" in before.flags
    assert "Contredit par une source officielle" in before.reason
    assert after.verdict == "contradicted" and "superseded" not in after.flags


def test_specific_denial_is_not_contradicted_by_a_generic_theft() -> None:
    creds = sentence(
        "Les identifiants d'un courtier ont été volés.",
        "le identifiant de un courtier avoir être voler donnée",
        topics=("data_theft",),
    )
    v = verdict(
        claim(
            "Aucune donnée de santé n'a fuité.",
            "aucun donnée de santé ne avoir fuiter",
            negated=True,
            data_classes=("Personal health data",),
            topics=("data_theft",),
        ),
        [creds],
    )
    assert v.verdict == "unsupported"


def test_official_exhaustive_list_contradicts_an_added_class_without_shared_topic() -> None:
    listing = sentence(
        "Ce fichier se limite aux nom, prénom et numéro de téléphone.",
        "ce fichier se limite à nom prénom et numéro de téléphone",
        data_classes=("Names", "Phone numbers"),
    )
    v = verdict(
        claim(
            "Les dates de naissance figurent aussi dans le fichier volé.",
            "le date de naissance figurer aussi dans le fichier voler",
            data_classes=("Dates of birth",),
            topics=("data_theft",),
        ),
        [listing],
    )
    assert v.verdict == "contradicted" and "Dates of birth" in v.reason


def test_a_list_the_official_texts_also_state_in_full_is_not_contradicted() -> None:
    """One communiqué says "des données administratives" (every category of the claim), another
    lists fewer: the official texts say both, the press repeats one of them. Without the
    first, the restrictive list contradicts."""
    listing = sentence(
        "Les données administratives d'usagers consultées se limitent aux nom, prénom et numéro"
        " de téléphone.",
        "le donnée administratif de usager consulter se limiter à nom prénom et numéro de"
        " téléphone",
        data_classes=("Names", "Phone numbers"),
        topics=("data_theft",),
    )
    stated = sentence(
        "Les attaquants ont pu accéder à des données administratives d'usagers.",
        "le attaquant avoir pouvoir accéder à de donnée administratif de usager",
        data_classes=("Names", "Phone numbers", "Physical addresses"),
        topics=("data_theft",),
    )
    said = claim(
        "Les pirates ont eu accès à des données administratives d'usagers.",
        "le pirate avoir avoir accès à de donnée administratif de usager",
        data_classes=("Names", "Phone numbers", "Physical addresses"),
        topics=("data_theft",),
    )
    assert verdict(said, [listing, stated]).verdict == "supported"
    assert verdict(said, [listing]).verdict == "contradicted"


def test_a_later_occurrence_is_not_supported_by_an_earlier_one() -> None:
    mail = sentence(
        "Les adhérents ont reçu un courriel le 15 janvier.",
        "le adhérent avoir recevoir un mail le 15 janvier",
        topics=("people_informed",),
        dates=(DateSpan("2025-01-15", "2025-01-15", "date", "15 janvier"),),
    )
    c = claim(
        "Les adhérents recevront un nouveau courriel la semaine prochaine.",
        "le adhérent recevoir un nouveau mail le semaine prochain",
        topics=("people_informed",),
        dates=(DateSpan("la semaine prochaine", "2025-01-20", "2025-01-26"),),
    )
    assert verdict(c, [mail]).verdict == "unsupported"


def test_people_counts_about_stolen_data_are_compared_despite_few_shared_words() -> None:
    official = sentence(
        "L'attaquant a pu consulter les nom et prénom d'environ 2 300 patients.",
        "le attaquant avoir pouvoir consulter le nom et prénom de environ 2 300 patient",
        data_classes=("Names",),
        quantities=(Quantity(2300, "patient", "approx", text="environ 2 300 patients"),),
    )
    c = claim(
        "Les données de 23 000 patients de la Clinique du Parc Saint-Roch ont fuité.",
        "le donnée de 23 000 patient de le clinique de parc saint-roch avoir fuiter après "
        "un attaque informatique",
        topics=("data_theft",),
        quantities=(Quantity(23000, "patient", text="23 000 patients"),),
    )
    v = verdict(c, [official])
    assert v.verdict == "contradicted" and "23 000 patients" in v.reason


RANSOM = sentence(
    "Une demande de rançon a été adressée au CHU.",
    "un demande de rançon avoir être adresser à le chu",
    topics=("ransom",),
)


def test_a_count_no_official_text_gives_is_unsupported() -> None:
    c = claim(
        "Les pirates exigent une rançon de 3 millions d'euros.",
        "le pirate exiger un rançon de 3 million de euro",
        topics=("ransom",),
        quantities=(Quantity(3_000_000, "euro", currency="EUR", text="3 millions d'euros"),),
    )
    v = verdict(c, [RANSOM])
    assert (v.verdict, v.reason) == (
        "unsupported",
        "chiffre absent des sources officielles : 3 millions d'euros",
    )
    plain = claim(
        "Les pirates exigent une rançon.", "le pirate exiger un rançon", topics=("ransom",)
    )
    assert verdict(plain, [RANSOM]).verdict == "supported"
    # a span of time is no count of anything: "depuis deux ans" is no figure to find
    for unit in ("an", "année", "nuit", "minute"):
        span = claim(
            "Les pirates exigent une rançon, comme il y a deux ans.",
            "le pirate exiger un rançon comme il y avoir deux an",
            topics=("ransom",),
            quantities=(Quantity(2, unit, text=f"deux {unit}s"),),
        )
        assert verdict(span, [RANSOM]).verdict == "supported", unit


def test_a_count_describing_a_participant_is_not_the_fact_checked() -> None:
    """'Le CHU, qui compte 4 000 salariés, a reçu une demande de rançon': the count sits in a
    relative clause about the hospital (detect marks it `aside`); the fact is official."""
    count = Quantity(4000, "salarié", text="4 000 salariés", aside=True)
    c = claim(
        "Le CHU, qui compte 4 000 salariés, a reçu une demande de rançon.",
        "le chu qui compter 4 000 salarié avoir recevoir un demande de rançon",
        topics=("ransom",),
        quantities=(count,),
    )
    assert verdict(c, [RANSOM]).verdict == "supported"


def test_staff_counts_are_not_compared_with_patient_counts() -> None:
    official = sentence(
        "Trois salariés ont communiqué leurs identifiants.",
        "trois salarié avoir communiquer leur identifiant",
        topics=("method",),
        quantities=(Quantity(3, "salarié", text="Trois salariés"),),
    )
    c = claim(
        "Les données de 2 300 patients ont été volées.",
        "le donnée de 2 300 patient avoir être voler",
        topics=("data_theft",),
        quantities=(Quantity(2300, "patient", text="2 300 patients"),),
    )
    assert verdict(c, [official]).verdict == "unsupported"


def test_care_named_without_an_effect_neither_supports_nor_contradicts() -> None:
    background = sentence(
        "Ces structures proposent des services numériques en lien avec leurs missions de soins.",
        "ce structure proposer de service numérique en lien avec leur mission de soin",
        topics=("impact_care",),
    )
    c = claim(
        "Cette attaque n'a pas d'impact sur le fonctionnement des hôpitaux.",
        "ce attaque ne avoir pas de impact sur le fonctionnement de hôpital",
        negated=True,
        topics=("attack", "impact_care"),
    )
    assert verdict(c, [background]).verdict == "unsupported"


def test_a_service_at_a_standstill_contradicts_services_untouched() -> None:
    official = sentence(
        "Les autres services, dont l'outil de coordination, ne sont pas touchés.",
        "le autre service dont le outil de coordination ne être pas toucher",
        negated=True,
        topics=("impact_care",),
    )
    c = claim(
        "L'outil de coordination est également à l'arrêt.",
        "le outil de coordination être également à le arrêt",
        topics=("impact_care",),
    )
    assert verdict(c, [official]).verdict == "contradicted"


CARE_ASSURED = sentence(
    "La prise en charge des patients est assurée dans l'ensemble des services, grâce aux "
    "procédures dégradées sur papier.",
    "le prise en charge de le patient être assurer dans le "
    "ensemble de le service , grâce à le procédure dégrader sur papier .",
    topics=("impact_care",),
)


def test_a_statement_on_care_as_a_whole_answers_specific_care_claims() -> None:
    closed = claim(
        "Les urgences ont été fermées mercredi.",
        "le urgence avoir être fermer",
        topics=("impact_care",),
    )
    kept = claim(
        "Les opérations prévues ont été maintenues.",
        "le opération prévoir avoir être maintenir",
        topics=("impact_care",),
    )
    paper = claim(
        "Les soignants travaillent sur papier.",
        "le soignant travailler sur papier",
        topics=("impact_care",),
    )
    assert verdict(closed, [CARE_ASSURED]).verdict == "contradicted"
    assert verdict(kept, [CARE_ASSURED]).verdict == "supported"
    assert verdict(paper, [CARE_ASSURED]).verdict == "supported"


def test_an_attacker_no_official_text_names_is_unsupported() -> None:
    official = sentence(
        "Les pirates ont publié des fichiers sur leur site de revendication.",
        "le pirate avoir publier de fichier sur leur site de revendication",
        topics=("attack", "claim_of_responsibility", "data_leak"),
    )
    c = Claim(
        "c1",
        "press",
        0,
        "other",
        "L'attaque a été revendiquée par Rhysida.",
        "L'attaque a été revendiquée par Rhysida.",
        False,
        (),
        Facets(topics=("attack", "claim_of_responsibility"), actors=("attacker/rhysida",)),
        (("Rhysida", "ORG"),),
        None,
        tuple("le attaque avoir être revendiquer par rhysida".split()),
    )
    v = verdict(c, [official])
    assert (v.verdict, v.reason) == (
        "unsupported",
        "attaquant absent des sources officielles : Rhysida",
    )


def test_not_known_yet_agrees_with_being_assessed() -> None:
    official = sentence(
        "Le nombre de patients concernés est en cours d'évaluation.",
        "le nombre de patient concerner être en cours de évaluation",
        topics=("data_theft",),
    )
    c = claim(
        "Le nombre exact de patients concernés n'est pas encore connu.",
        "le nombre exact de patient concerner ne être pas encore connaître",
        negated=True,
        topics=("data_theft",),
    )
    assert verdict(c, [official]).verdict == "supported"
    known = claim(
        "Le nombre de patients concernés n'est pas en cours d'évaluation.",
        "le nombre de patient concerner ne être pas en cours de évaluation",
        negated=True,
        topics=("data_theft",),
    )
    assert verdict(known, [official]).verdict == "contradicted"


def test_degraded_mode_on_both_sides_is_not_an_opposite_effect() -> None:
    official = sentence(
        "Le CHU fonctionne depuis en mode dégradé.",
        "le chu fonctionner depuis en mode dégrader",
        topics=("impact_care",),
    )
    c = claim(
        "Le système informatique a été coupé et l'hôpital travaille en mode dégradé.",
        "le système informatique avoir être couper et le hôpital travailler en mode dégradé",
        topics=("impact_care",),
    )
    assert verdict(c, [official]).verdict == "supported"
    stopped = claim("L'hôpital est paralysé.", "le hôpital être paralyser", topics=("impact_care",))
    assert verdict(stopped, [official]).verdict == "contradicted"


def test_what_became_of_the_same_data_aligns_without_shared_words() -> None:
    official = sentence(
        "Les coordonnées bancaires ne sont pas concernées.",
        "le coordonnée bancaire ne être pas concerner",
        negated=True,
        data_classes=("Bank account numbers",),
    )
    c = claim(
        "Les RIB des assurés ont été récupérés.",
        "le rib de assuré avoir être récupérer",
        data_classes=("Bank account numbers",),
        topics=("attack",),
    )
    assert verdict(c, [official]).verdict == "contradicted"
    warning = sentence(
        "Nous ne vous demanderons jamais vos coordonnées bancaires.",
        "nous ne vous demander jamais votre coordonnée bancaire",
        negated=True,
        data_classes=("Bank account numbers",),
    )
    assert verdict(c, [warning]).verdict == "unsupported"


def test_a_duration_is_compared_with_the_official_period() -> None:
    official = sentence(
        "L'hôpital a subi une intrusion entre le 26 juin et le 1er juillet 2025.",
        "le hôpital avoir subir un intrusion entre le 26 juin et le 1er juillet",
        topics=("attack",),
        dates=(
            DateSpan("2025-06-26", "2025-07-01", "range", "entre le 26 juin et le 1er juillet"),
        ),
    )
    weeks = claim(
        "Le piratage a duré près de trois semaines.",
        "le piratage avoir durer près de trois semaine",
        topics=("attack",),
        quantities=(Quantity(3, "semaine", "approx", text="près de trois semaines"),),
    )
    v = verdict(weeks, [official])
    assert (v.verdict, v.reason) == (
        "contradicted",
        "durée différente : près de trois semaines / entre le 26 juin et le 1er juillet",
    )
    days = claim(
        "L'intrusion a duré six jours.",
        "le intrusion avoir durer six jour",
        topics=("attack",),
        quantities=(Quantity(6, "jour", text="six jours"),),
    )
    assert verdict(days, [official]).verdict == "supported"


def test_the_gate_keeps_a_contradiction_only_on_a_sentence_restating_the_claim() -> None:
    """A contradiction decided on an official sentence that covers under half of the claim's
    weighted words may be about another fact: it becomes "unsupported", the nearest official
    sentences shown as such."""
    strict = Gate(contradict_min_coverage=0.5, support_min_coverage=0.1, support_min_similarity=0.9)
    assert strict.keeps("contradicted", 0.6, 0.0) and not strict.keeps("contradicted", 0.3, 0.8)
    assert strict.keeps("supported", 0.2, 0.0) and strict.keeps("supported", 0.0, 0.95)
    assert not strict.keeps("supported", 0.05, 0.5)
    assert strict.keeps("unsupported", 0.0, 0.0)
    close = claim(
        "Aucune donnée médicale n'a été dérobée.",
        "aucun donnée médical ne avoir être dérober",
        negated=True,
        data_classes=("Personal health data",),
        topics=("data_theft",),
    )
    stolen = claim(
        "Les dossiers médicaux des patients ont été dérobés par les pirates, qui"
        " réclament une rançon et menacent de tout publier sur internet.",
        "le dossier médical de patient avoir être dérober par le pirate qui réclamer"
        " un rançon et menacer de tout publier sur internet",
        data_classes=("Personal health data",),
        topics=("data_theft", "ransom"),
    )
    crosscheck.set_gate(strict)
    assert verdict(close, [MEDICAL]).verdict == "supported"
    far = verdict(stolen, [MEDICAL])
    assert (far.verdict, far.reason) == ("unsupported", crosscheck.NEAREST_REASON)
    assert far.evidence and far.evidence[0].text == MEDICAL.sentence.text
    crosscheck.set_gate(Gate())
    assert verdict(stolen, [MEDICAL]).verdict == "contradicted"  # the comparison alone


def test_a_denial_set_aside_by_the_gate_leaves_the_statement_to_decide() -> None:
    """A polarity conflict on a sentence too far from the claim to be the same fact drops
    out when another official sentence states the fact and covers the claim as well; a count
    conflict never does."""
    crosscheck.set_gate(
        Gate(contradict_min_coverage=0.5, support_min_coverage=0.1, support_min_similarity=0.9)
    )
    denial = sentence(
        "Aucune donnée de santé de patient n'a été copiée.",
        "aucun donnée de santé de patient ne avoir être copier",
        negated=True,
        data_classes=("Personal health data",),
        topics=("data_theft",),
    )
    stated = sentence(
        "Des données de santé de patients ont été copiées.",
        "de donnée de santé de patient avoir être copier",
        data_classes=("Personal health data",),
        topics=("data_theft",),
    )
    taken = claim(
        "Les pirates ont copié des données de santé des patients, selon un salarié"
        " interrogé vendredi par notre rédaction.",
        "le pirate avoir copier de donnée de santé de patient selon un salarié"
        " interroger vendredi par notre rédaction",
        data_classes=("Personal health data",),
        topics=("data_theft",),
    )
    assert verdict(taken, [denial]).verdict == "unsupported"  # the denial alone: not sure
    both = verdict(taken, [denial, stated])
    assert both.verdict == "supported"
    assert both.evidence[0].text == stated.sentence.text
    counted = claim(
        "Les données de 3 000 patients ont été copiées.",
        "le donnée de 3 000 patient avoir être copier",
        quantities=(Quantity(3000, "patient", text="3 000 patients"),),
        topics=("data_theft",),
    )
    official_count = sentence(
        "Les données de 297 patients ont été copiées.",
        "le donnée de 297 patient avoir être copier",
        quantities=(Quantity(297, "patient", text="297 patients"),),
        topics=("data_theft",),
    )
    assert verdict(counted, [official_count, stated]).verdict != "supported"


def test_advice_to_the_reader_is_not_evidence() -> None:
    """An official sentence that opens as advice ("Si vous avez effectué un test…, vous êtes
    peut-être concerné") states no fact of the incident: it supports nothing and is not shown
    as a nearest sentence."""
    advice = sentence(
        "Si vous avez effectué un test en 2020, vous êtes peut-être concerné par le vol de"
        " données de santé.",
        "si vous avoir effectuer un test en 2020 vous être peut-être concerner par le vol de"
        " donnée de santé",
        data_classes=("Personal health data",),
        topics=("data_theft",),
    )
    stolen = claim(
        "Des données de santé de patients testés en 2020 ont été volées.",
        "de donnée de santé de patient tester en 2020 avoir être voler",
        data_classes=("Personal health data",),
        topics=("data_theft",),
    )
    assert crosscheck.is_advice(advice.sentence.text)
    assert not crosscheck.is_advice("Sinon, les données ont été volées.")
    pool = crosscheck.distinct([advice, MEDICAL])
    assert pool == [MEDICAL]
    assert all(e.text != advice.sentence.text for e in verdict(stolen, pool).evidence)


def test_a_general_rule_is_not_evidence() -> None:
    """An explanatory page states rules for any incident ("Lorsque la violation de données est
    susceptible d'engendrer un risque élevé, les organismes ont l'obligation d'informer les
    personnes"): that is not what happened in this one, so it confirms nothing."""
    rule = sentence(
        "Lorsque la violation de données présente un risque élevé, les organismes doivent"
        " informer les personnes concernées.",
        "lorsque le violation de donnée présenter un risque élevé le organisme devoir informer"
        " le personne concerner",
        topics=("data_theft", "people_informed"),
    )
    informed = claim(
        "L'hôpital a informé les personnes concernées par la violation de données.",
        "le hôpital avoir informer le personne concerner par le violation de donnée",
        topics=("data_theft", "people_informed"),
    )
    assert crosscheck.is_advice(rule.sentence.text)
    assert crosscheck.is_advice("En cas de fuite de données, prévenez la CNIL.")
    assert not crosscheck.is_advice("Quantité de données ont été volées.")
    assert verdict(informed, [rule]).verdict == "supported"  # were it kept in the pool
    pool = crosscheck.distinct([rule, RANSOM])
    assert pool == [RANSOM]
    assert verdict(informed, pool).verdict == "unsupported"


_RETRIEVE_SCRIPT = """
from tests.claims.test_crosscheck import claim, sentence
from claims.crosscheck import Index, retrieve
words = (
    "pirate voler dossier médical identifiant numéro sécurité social millier patient clinique"
    " centre radiologie voisin rançon serveur messagerie chiffrer urgence plainte"
).split()
pool = [
    sentence(" ".join(words[i : i + k]), " ".join(words[i : i + k]))
    for k in (2, 3, 5, 7)
    for i in range(0, len(words) - k, 2)
]
c = claim(" ".join(words), " ".join(words))
print([(repr(x.score), repr(x.coverage)) for x in retrieve(c, Index(pool))])
"""


def test_retrieval_scores_do_not_depend_on_the_hash_seed() -> None:
    """The BM25 and coverage sums run over the claim's distinct terms: in a set's order they
    differed in the last bits from one process to the next (PYTHONHASHSEED), and a coverage
    at a threshold flipped a verdict between two runs of the same store."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    outputs = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        done = subprocess.run(
            [sys.executable, "-c", _RETRIEVE_SCRIPT],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).resolve().parents[2],
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_who_was_attacked_aligns_on_the_names_alone() -> None:
    official = sentence(
        "Un piratage venu de l'étranger a infiltré le système d'information des CH de"
        " Vitry-le-François et Saint-Dizier.",
        "un piratage venir de le étranger avoir infiltrer le système de information de ch de"
        " vitry-le-françois et saint-dizier",
        topics=("attack",),
    )
    touched = claim(
        "L'hôpital de Saint-Dizier a également été touché par les pirates",
        "le hôpital de saint-dizier avoir également être toucher par le pirate",
        topics=("attack", "scope"),
    )
    assert verdict(touched, [official]).verdict == "supported"
    # every name must be there: a hospital the official text does not name is not confirmed
    other = claim(
        "L'hôpital de Chaumont a également été touché par les pirates",
        "le hôpital de chaumont avoir également être toucher par le pirate",
        topics=("attack", "scope"),
    )
    assert verdict(other, [official]).verdict == "unsupported"
    # "seul" says more than who was attacked: the names alone do not confirm it
    only = claim(
        "Seul l'hôpital de Saint-Dizier a été visé",
        "seul le hôpital de saint-dizier avoir être viser",
        topics=("attack",),
    )
    assert verdict(only, [official]).verdict == "unsupported"
    # computer systems hit are part of the attack, not care
    servers = claim(
        "L'hôpital de Saint-Dizier a été victime d'une cyberattaque touchant ses serveurs",
        "le hôpital de saint-dizier avoir être victime de un cyberattaque toucher son serveur",
        topics=("attack", "impact_care"),
    )
    assert verdict(servers, [official]).verdict == "supported"
    # a claim with more to say (care) is judged on it, not on the names
    care = claim(
        "Les urgences de Saint-Dizier ont été touchées par les pirates",
        "le urgence de saint-dizier avoir être toucher par le pirate",
        topics=("attack", "impact_care"),
    )
    assert verdict(care, [official]).verdict == "unsupported"
    # "en" takes up the attack named before; where the press locates the town is no victim
    taken_up = claim(
        "L'hôpital de Saint-Dizier, dans la Haute-Marne, en a été la cible.",
        "le hôpital de saint-dizier dans le haute-marne en avoir être le cible",
    )
    assert verdict(taken_up, [official]).verdict == "supported"
    located = claim(
        "L'hôpital de Saint-Dizier (Haute-Marne) a également été touché par les pirates",
        "le hôpital de saint-dizier haute-marne avoir également être toucher par le pirate",
        topics=("attack", "scope"),
    )
    assert verdict(located, [official]).verdict == "supported"
    # the outlet the press cites ("rapporte France Bleu") was not attacked
    cited = replace(
        claim(
            "L'hôpital de Saint-Dizier a été victime des pirates, rapporte France Bleu.",
            "le hôpital de saint-dizier avoir être victime de le pirate rapporter France Bleu",
            topics=("attack",),
        ),
        entities=(("France Bleu", "MEDIA"),),
    )
    assert verdict(cited, [official]).verdict == "supported"
    assert verdict(replace(cited, entities=()), [official]).verdict == "unsupported"
    # "en" before a year takes nothing up
    year = claim(
        "L'hôpital de Saint-Dizier en 2019 a été la cible de pirates.",
        "le hôpital de saint-dizier en 2019 avoir être le cible de pirate",
    )
    assert not crosscheck._same_victim(year, official.sentence)


def test_an_official_list_is_one_statement_with_its_lead_in() -> None:
    lead = sentence(
        "La fuite de données comprend notamment les informations suivantes :",
        "le fuite de donnée comprendre notamment le information suivant",
        topics=("data_theft",),
    )
    items = [
        sentence("• les nom et prénoms ;", "le nom et prénom", data_classes=("Names",)),
        sentence(
            "• le numéro de sécurité sociale ;",
            "le numéro de sécurité social",
            data_classes=("Social security numbers",),
        ),
        sentence("• le résultat du test.", "le résultat de test"),
    ]
    after = sentence("L'AP-HP a déposé plainte.", "le ap-hp avoir déposer plainte")
    joined = crosscheck.join_lists([lead, *items, after])
    assert [o.sentence.text for o in joined] == [
        "La fuite de données comprend notamment les informations suivantes : • les nom et"
        " prénoms ; • le numéro de sécurité sociale ; • le résultat du test.",
        "L'AP-HP a déposé plainte.",
    ]
    assert joined[0].sentence.facets.data_classes == ("Names", "Social security numbers")
    assert joined[0].sentence.facets.topics == ("data_theft",)
    # the press list of the same data is supported by the joined list, not by one line
    stolen = claim(
        "Les données volées comprennent les noms et le numéro de sécurité sociale",
        "le donnée voler comprendre le nom et le numéro de sécurité social",
        data_classes=("Names", "Social security numbers"),
        topics=("data_theft",),
    )
    found = verdict(stolen, joined)
    assert found.verdict == "supported"
    assert "numéro de sécurité sociale" in found.evidence[0].text
    assert "nom et prénoms" in found.evidence[0].text
    # no colon, no list: sentences stay apart
    plain = [after, *items]
    assert crosscheck.join_lists(plain) == plain


def test_a_complaint_filed_aligns_on_the_complaint_alone() -> None:
    official = sentence(
        "L'AP-HP a déposé plainte et les personnes concernées ont été informées.",
        "le ap-hp avoir déposer plainte et le personne concerner avoir être informer",
        topics=("complaint", "people_informed"),
    )
    filed = claim(
        "Les Hôpitaux de Paris ont annoncé avoir porté plainte auprès du procureur de la"
        " République de Paris après une attaque informatique",
        "le hôpital de paris avoir annoncer avoir porter plainte auprès de procureur de le"
        " république de paris après un attaque informatique",
        topics=("attack", "complaint"),
    )
    assert verdict(filed, [official]).verdict == "supported"
    # patients filing a complaint is another complaint
    patients = claim(
        "Des patients ont porté plainte auprès du procureur de la République de Paris",
        "de patient avoir porter plainte auprès de procureur de le république de paris",
        topics=("complaint",),
    )
    assert not crosscheck._same_complaint(patients, official.sentence)
    # the word alone files nothing: "un formulaire de plainte en ligne"
    form = claim(
        "Le gouvernement vient de mettre à disposition un formulaire de plainte électronique",
        "le gouvernement venir de mettre à disposition un formulaire de plainte électronique",
        topics=("complaint",),
    )
    assert not crosscheck._same_complaint(form, official.sentence)
    assert crosscheck._same_complaint(filed, official.sentence)


def test_a_separate_event_no_supporting_sentence_states_is_unsupported() -> None:
    plainte = sentence(
        "L'AP-HP a déposé plainte et les personnes concernées ont été informées.",
        "le ap-hp avoir déposer plainte et le personne concerner avoir être informer",
        topics=("complaint", "people_informed"),
        actors=("hospital/ap-hp",),
    )
    advice = sentence(
        "Nous recommandons la plus grande vigilance face aux appels et SMS.",
        "nous recommander le plus grand vigilance face à appel et sms",
    )
    both = claim(
        "L'AP-HP a porté plainte et notifié la Cnil.",
        "le ap-hp avoir porter plainte et notifier le cnil",
        topics=("cnil", "complaint"),
        actors=("authority/cnil", "hospital/ap-hp"),
    )
    v = verdict(both, [plainte, advice])
    assert (v.verdict, v.reason) == (
        "unsupported",
        "en partie seulement : rien dans les sources officielles sur le rôle de la CNIL",
    )
    assert v.evidence[0].text == plainte.sentence.text  # the half that is official
    alone = claim(
        "L'AP-HP a porté plainte.",
        "le ap-hp avoir porter plainte",
        topics=("complaint",),
        actors=("hospital/ap-hp",),
    )
    assert verdict(alone, [plainte, advice]).verdict == "supported"


def test_staff_data_no_official_text_mentions_is_unsupported() -> None:
    listed = sentence(
        "La fuite comprend notamment les nom et prénoms, le numéro de sécurité sociale et"
        " l'adresse des personnes testées.",
        "le fuite comprendre notamment le nom et prénom le numéro de sécurité social et le"
        " adresse de personne tester",
        data_classes=("Names", "Physical addresses", "Social security numbers"),
        topics=("data_theft",),
    )
    staff = claim(
        "L'identité et les coordonnées des professionnels de santé ont aussi fuité.",
        "le identité et le coordonnée de le professionnel de santé avoir aussi fuiter",
        data_classes=("Names", "Physical addresses"),
        topics=("data_theft",),
    )
    v = verdict(staff, [listed])
    assert (v.verdict, v.reason) == (
        "unsupported",
        "en partie seulement : rien dans les sources officielles sur les données des"
        " professionnels",
    )
    patients = claim(
        "L'identité et l'adresse des personnes testées ont fuité.",
        "le identité et le adresse de le personne tester avoir fuiter",
        data_classes=("Names", "Physical addresses"),
        topics=("data_theft",),
    )
    assert verdict(patients, [listed]).verdict == "supported"
    # patients' data held by doctors are the patients' data
    doctors = claim(
        "L'identité et l'adresse des patients de 1 500 médecins ont fuité.",
        "le identité et le adresse de le patient de 1 500 médecin avoir fuiter",
        data_classes=("Names", "Physical addresses"),
        topics=("data_theft",),
    )
    assert verdict(doctors, [listed]).verdict == "supported"


def test_the_digits_of_a_count_do_not_weigh_in_coverage() -> None:
    official = sentence(
        "Les données de 18 600 patients ont été dérobées.",
        "le donnée de 18 600 patient avoir être dérober",
        quantities=(Quantity(18600, "patient", text="18 600 patients"),),
        topics=("data_theft",),
    )
    counted = claim(
        "Les données de 186 000 patients ont été dérobées.",
        "le donnée de 186 000 patient avoir être dérober",
        quantities=(Quantity(186000, "patient", text="186 000 patients"),),
        topics=("data_theft",),
    )
    index = Index([official])
    # the counts are compared as counts: their digits are no words the official text lacks
    assert crosscheck.retrieve(counted, index)[0].coverage == 1.0
    assert verdict(counted, [official]).verdict == "contradicted"
    # the digits of a date are words of the claim: another day is less of the same sentence
    dated = claim(
        "Les données ont été dérobées le 12 septembre.",
        "le donnée avoir être dérober le 12 septembre",
        topics=("data_theft",),
    )
    assert crosscheck.retrieve(dated, index)[0].coverage < 1.0


def test_a_day_no_official_text_gives_is_said_more() -> None:
    """ "a porté plainte le 20 septembre" against an undated "Des plaintes ont été déposées":
    the official texts confirm the complaint, not its day. The day a communiqué came out (or
    the next), a day an official text gives without its year, the day of an announcement and
    a day in a relative clause (a participant's act) are no such addition."""

    def complaint(day: str, lemmas: str = "", *, aside: bool = False) -> Claim:
        return claim(
            f"Une plainte a été déposée le {day}.",
            lemmas or "un plainte avoir être déposer le",
            topics=("complaint",),
            dates=(DateSpan(day, day, "date", f"le {day}", aside=aside),),
        )

    v = verdict(complaint("2025-09-20"), [PLAINTES])
    assert (v.verdict, v.reason) == (
        "unsupported",
        "date absente des sources officielles : le 2025-09-20",
    )
    assert verdict(complaint("2025-09-09"), [PLAINTES]).verdict == "supported"  # communiqué + 1
    assert verdict(complaint("2025-09-20", aside=True), [PLAINTES]).verdict == "supported"
    announced = complaint("2025-09-20", "le ars avoir annoncer que un plainte avoir être déposer")
    assert verdict(announced, [PLAINTES]).verdict == "supported"
    undated = Official(
        replace(
            PLAINTES.sentence,
            facets=Facets(
                topics=("complaint",), dates=(DateSpan(None, None, "date", "mardi 19 avril"),)
            ),
        ),
        URL,
    )
    assert verdict(complaint("2022-04-19"), [undated]).verdict == "supported"
    assert verdict(complaint("2022-04-20"), [undated]).verdict == "unsupported"
