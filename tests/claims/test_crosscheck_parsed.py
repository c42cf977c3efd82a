"""Cross-check of real parses: press and official texts analysed by the real pipeline, so
the comparisons see what the parser and the lexicon give on French reporting."""

from __future__ import annotations

from spacy.language import Language

from claims.crosscheck import Index, Official, check_claim, judge, retrieve, vector_similarity
from claims.detect import analyse
from claims.nlp import make_doc
from claims.records import Claim, Verdict


def _analysed(nlp: Language, text: str, kind: str) -> tuple:
    analysis = analyse(
        make_doc(nlp, text),
        document_id=kind,
        doc_url=f"https://{kind}.example/a",
        kind=kind,
        revno=1,
        text_hash="h",
    )
    return analysis.sentences, analysis.claims


def _pool(nlp: Language, official: str) -> list[Official]:
    sentences, _ = _analysed(nlp, official, "official")
    return [Official(s, "https://official.example/a") for s in sentences]


def _claim(nlp: Language, press: str, starting: str) -> Claim:
    _, claims = _analysed(nlp, press, "press")
    found = [c for c in claims if c.text.startswith(starting)]
    assert found, [c.text for c in claims]
    return found[0]


def _verdict(nlp: Language, press: str, starting: str, official: str) -> Verdict:
    pool = _pool(nlp, official)
    return check_claim(_claim(nlp, press, starting), pool, vector_similarity, Index(pool))


def _judgements(nlp: Language, press: str, starting: str, official: str) -> list:
    """What each retrieved official sentence says of the claim (before the decision)."""
    pool = _pool(nlp, official)
    c = _claim(nlp, press, starting)
    return [judge(c, cand) for cand in retrieve(c, Index(pool), vector_similarity)]


OFFICIAL = (
    "L'AP-HP a été victime d'une attaque informatique qui a entraîné une violation des données "
    "personnelles de 1,4 million de Français ayant effectué un test de dépistage en 2020. "
    "Aucune autre donnée médicale que celles strictement liées à la réalisation du test n'est "
    "concernée."
)


def test_a_denial_about_another_named_thing_is_no_contradiction(nlp: Language) -> None:
    """ "Les données confiées à MGEN ne sont pas concernées" denies nothing the AP-HP says:
    the official sentence that says data were stolen does not name MGEN."""
    press = "Les données confiées à MGEN ne sont pas concernées par cette fuite."
    official = "Les données de 1,4 million de personnes ont été volées lors de cette fuite."
    assert ("contradicted", "négation opposée") not in _judgements(nlp, press, "Les", official)
    assert _verdict(nlp, press, "Les", official).verdict != "contradicted"
    # the same denial naming nothing else is the opposite of the official statement
    plain = "Les données ne sont pas concernées par cette fuite."
    assert ("contradicted", "négation opposée") in _judgements(nlp, plain, "Les", official)


def test_people_told_are_not_counted_against_people_hit(nlp: Language) -> None:
    """A mail sent to 600 000 people is not a count of the 1,4 million whose data leaked."""
    press = "L'AP-HP a adressé un mail d'excuses à 600 000 personnes qui avaient laissé leur mail."
    found = _judgements(nlp, press, "L'AP-HP", OFFICIAL)
    assert not [j for j in found if j and j[1].startswith("chiffre différent")], found


def test_the_same_count_of_people_hit_still_conflicts(nlp: Language) -> None:
    press = "Les données personnelles de 2 millions de Français ont été volées à l'AP-HP."
    found = _judgements(nlp, press, "Les", OFFICIAL)
    assert [j for j in found if j and j[1].startswith("chiffre différent")], found


GRADES_OFFICIAL = (
    "Une cyberattaque a visé les serveurs qui hébergent des données d'identité de patients. "
    "Plusieurs régions françaises sont concernées par cette attaque, à des degrés divers."
)


def test_all_is_not_confirmed_by_several(nlp: Language) -> None:
    """ "toutes les régions" widens "plusieurs régions": the count fits, the claim is not
    stated. "Plusieurs régions" itself is confirmed."""
    wide = _verdict(
        nlp,
        "Toutes les régions de France sont désormais touchées par la cyberattaque.",
        "Toutes les régions",
        GRADES_OFFICIAL,
    )
    assert wide.verdict == "unsupported"
    assert wide.reason.startswith("généralisation : Toutes les régions / Plusieurs régions")
    assert wide.evidence  # the official sentence is shown
    same = _verdict(
        nlp,
        "Plusieurs régions françaises sont touchées par la cyberattaque.",
        "Plusieurs régions",
        GRADES_OFFICIAL,
    )
    assert same.verdict == "supported"
    # an official "all" states it
    whole = _verdict(
        nlp,
        "Toutes les régions de France sont désormais touchées par la cyberattaque.",
        "Toutes les régions",
        "Toutes les régions françaises sont concernées par cette attaque.",
    )
    assert whole.verdict == "supported"


def test_the_deciding_sentence_leads_the_evidence(nlp: Language) -> None:
    """A "Confirmé" shows the official sentence that confirms it first, and never a sentence
    the decision set aside (another count of other data)."""
    official = (
        "Pour une quarantaine de patients, des données de santé sont également concernées. "
        "Un courriel d'information a été adressé jeudi à l'ensemble des patients concernés, "
        "soit plus de 126 000 personnes."
    )
    v = _verdict(
        nlp,
        "Les pirates ont dérobé les données personnelles de plus de 126 000 patients.",
        "Les pirates",
        official,
    )
    assert v.verdict == "supported"
    assert v.evidence[0].text.startswith("Un courriel d'information")
    assert not [e for e in v.evidence if "quarantaine" in e.text]


def test_an_invitation_to_vigilance_in_other_words_is_confirmed(nlp: Language) -> None:
    """The issue's own example: "l'hôpital invite les patients à redoubler de vigilance face
    aux appels, SMS…" and "Nous invitons chacun à la plus grande vigilance face à tout
    message, courriel, SMS ou appel…" say the same (the present "invite" reads as
    "inviter")."""
    v = _verdict(
        nlp,
        "Dans son courriel, l’hôpital invite les patients à redoubler de vigilance face aux "
        "appels, SMS ou messages qui se réclameraient de lui.",
        "Dans son courriel",
        "Nous invitons chacun à la plus grande vigilance face à tout message, courriel, SMS ou "
        "appel se présentant comme émanant de l’HPL ou d’un professionnel de santé.",
    )
    assert v.verdict == "supported"
