"""vigie_negation and vigie_hedges: denied statements and softened statements."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claims.polarity import is_conditional

# (sentence, negated predicate lemma or None, negated target or None, cues)
NEGATED = [
    ("Le fonctionnement des hôpitaux n'est pas concerné.", "concerner", None, ("n'", "pas")),
    (
        "Cette attaque n’a pas d’impact sur le fonctionnement des hôpitaux.",
        "avoir",
        None,
        ("n’", "pas"),
    ),
    ("Aucun patient n'a été touché.", "toucher", "patient", ("Aucun", "n'")),
    ("Un établissement ne demandera jamais vos coordonnées.", "demander", None, ("ne", "jamais")),
    ("Les données ne sont plus accessibles.", "accessible", None, ("ne", "plus")),
    ("Ce n'est plus le cas.", None, None, ("n'", "plus")),
    ("L'attaque est restée sans impact sur les soins.", None, "impact", ("sans",)),
    (
        "Les identités ont été récupérées, mais pas le contenu de leur dossier médical.",
        None,
        "contenu",
        ("pas",),
    ),
    (
        "Il apparaît qu'aucune donnée contenue dans les dossiers médicaux ne serait concernée.",
        "concerner",
        "donnée",
        ("aucune", "ne"),
    ),
    (
        "Une clinique a été piratée, ce qui n’a cependant pas affecté son fonctionnement.",
        "affecter",
        None,
        ("n’", "pas"),
    ),
    (
        "« A aucun moment cet événement n’a eu d’incidence sur la prise en charge des patients "
        "ni, au sens large, sur l’activité de l’établissement »",
        "avoir",
        "moment",
        ("aucun", "n’", "ni"),
    ),
    (
        "Le groupe n’a pas souhaité dire s’il avait, ou non, reçu une demande de rançon.",
        "souhaiter",
        None,
        ("n’", "pas"),
    ),
    ("Une attaque jamais vue dans la région.", None, None, ("jamais",)),
]

NOT_NEGATED = [
    "Les données de plus de 126 000 patients ont été volées.",
    "L'attaque ne concerne que les données administratives.",
    "C'est sans doute une erreur de configuration.",
    "Les pirates ont volé des données personnelles.",
    "Non seulement les données ont été volées, mais elles ont été publiées.",
    "Les hôpitaux travaillent sans cesse à leur sécurité.",
]

# (sentence, surface texts of the cues, canonical cues = Span._.hedges, kinds)
HEDGED = [
    (
        "L'intrusion se limiterait aux données d'identité.",
        ["se limiterait"],
        ["conditionnel"],
        ["conditional"],
    ),
    (
        "À ce stade des investigations, il apparaît qu'aucune donnée ne serait concernée.",
        ["À ce stade", "il apparaît", "serait"],
        ["à ce stade", "il apparaît", "conditionnel"],
        ["provisional", "epistemic", "conditional"],
    ),
    (
        "A ce stade des investigations, il apparait qu'aucune donnée ne serait concernée.",
        ["A ce stade", "il apparait", "serait"],
        ["à ce stade", "il apparaît", "conditionnel"],
        ["provisional", "epistemic", "conditional"],
    ),
    (
        "Ce sont « presque exclusivement » des données administratives.",
        ["presque exclusivement"],
        ["presque exclusivement"],
        ["approximation"],
    ),
    ("Selon l'ARS, les serveurs ont été visés.", ["Selon"], ["selon"], ["attribution"]),
    ("D’après le parquet, l'enquête avance.", ["D’après"], ["d'après"], ["attribution"]),
    ("Il semble que les pirates aient agi seuls.", ["Il semble"], ["il semble"], ["epistemic"]),
    ("Les serveurs semblent avoir été visés.", ["semblent"], ["sembler"], ["epistemic"]),
    (
        "Les pirates pourraient revendre les données.",
        ["pourraient"],
        ["conditionnel"],
        ["conditional"],
    ),
    (
        "nom, prénom et éventuellement numéro de téléphone",
        ["éventuellement"],
        ["éventuellement"],
        ["epistemic"],
    ),
    ("Ce sont a priori des données administratives.", ["a priori"], ["a priori"], ["epistemic"]),
    ("Les données auraient été publiées.", ["auraient"], ["conditionnel"], ["conditional"]),
    (
        "L'étude des serveurs est toujours en cours.",
        ["toujours en cours"],
        ["toujours en cours"],
        ["provisional"],
    ),
]

NOT_HEDGED = [
    "Les données de 126 000 patients ont été volées.",
    "Le directeur déclarait hier que les soins continuaient.",
    "L'hôpital a déclaré l'incident à la CNIL.",
    "Les comptes compromis ont été neutralisés.",
]


@pytest.mark.parametrize(
    ("text", "lemma", "target", "cues"), NEGATED, ids=[n[0][:40] for n in NEGATED]
)
def test_negated(
    alone: Callable[..., Doc],
    text: str,
    lemma: str | None,
    target: str | None,
    cues: tuple[str, ...],
) -> None:
    doc = alone("vigie_negation", text)
    assert doc[:]._.negated
    (negation,) = doc._.negations
    assert negation.cues == cues
    assert negation.target == target
    if lemma is not None:
        assert negation.predicate_lemma == lemma


@pytest.mark.parametrize("text", NOT_NEGATED)
def test_not_negated(alone: Callable[..., Doc], text: str) -> None:
    doc = alone("vigie_negation", text)
    assert not doc[:]._.negated
    assert doc._.negations == []


def test_negation_scope_covers_the_negated_clause_only(nlp: Language) -> None:
    doc = nlp(
        "Les identités des patients ont été récupérées, mais aucune donnée contenue dans les "
        "dossiers médicaux ne serait concernée."
    )
    by_text = {t.text: t._.negated for t in doc}
    assert by_text["médicaux"] and by_text["donnée"] and by_text["concernée"]
    assert not by_text["identités"] and not by_text["récupérées"]
    (mention, medical) = doc._.data_classes
    assert (mention.group, medical.data_class) == ("identity", "Personal health data")
    identity_span = doc.char_span(mention.start_char, mention.end_char)
    medical_span = doc.char_span(medical.start_char, medical.end_char)
    assert identity_span is not None and medical_span is not None
    assert not identity_span[0]._.negated
    assert medical_span[0]._.negated


def test_negation_per_sentence(nlp: Language) -> None:
    doc = nlp("Les noms ont fuité. Les dossiers médicaux n'ont pas été consultés.")
    assert [s._.negated for s in doc.sents] == [False, True]


@pytest.mark.parametrize(
    ("text", "surface", "cues", "kinds"), HEDGED, ids=[h[0][:40] for h in HEDGED]
)
def test_hedged(
    alone: Callable[..., Doc], text: str, surface: list[str], cues: list[str], kinds: list[str]
) -> None:
    doc = alone("vigie_hedges", text)
    assert [c.text for c in doc[:]._.hedge_cues] == surface
    assert doc[:]._.hedges == cues
    assert [c.kind for c in doc[:]._.hedge_cues] == kinds


@pytest.mark.parametrize("text", NOT_HEDGED)
def test_not_hedged(alone: Callable[..., Doc], text: str) -> None:
    doc = alone("vigie_hedges", text)
    assert not doc[:]._.hedged
    assert doc[:]._.hedges == []


def test_canonical_cues_compare_across_spellings(nlp: Language) -> None:
    official = nlp("À ce stade, il apparaît que l'intrusion se limiterait aux noms.")
    press = nlp("A ce stade, il apparait que l’intrusion serait limitée aux noms.")
    assert (
        official[:]._.hedges == press[:]._.hedges == ["à ce stade", "il apparaît", "conditionnel"]
    )


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("L'intrusion se limiterait aux données.", "limiterait", True),
        ("Les données seraient publiées.", "seraient", True),
        ("Les pirates pourraient agir.", "pourraient", True),
        ("Il prendrait des mesures.", "prendrait", True),
        ("Le directeur déclarait que tout allait bien.", "déclarait", False),
        ("Il courait vite.", "courait", False),
        ("Les données ont été limitées.", "limitées", False),
    ],
)
def test_is_conditional(nlp: Language, text: str, word: str, expected: bool) -> None:
    token = next(t for t in nlp(text) if t.text == word)
    assert is_conditional(token) is expected


def test_polarity_needs_its_components(base: Callable[[str], Doc]) -> None:
    doc = base("Les données ne sont pas concernées.")
    with pytest.raises(ValueError, match="vigie_negation"):
        _ = doc[:]._.negated
    with pytest.raises(ValueError, match="vigie_hedges"):
        _ = doc[:]._.hedges


@pytest.mark.seeds
@pytest.mark.parametrize(
    ("seed", "sentence_start", "negated", "hedges"),
    [
        ("000", "Les identités des patients ont été récupérées", True, ["conditionnel"]),
        (
            "000",
            '"À ce stade des investigations',
            True,
            ["à ce stade", "il apparaît", "conditionnel"],
        ),
        ("000", "L'intrusion se limiterait", False, ["conditionnel", "éventuellement"]),
        ("000", "Les équipes régionales de santé", False, []),
        (
            "001",
            "Il apparait des premières investigations",
            False,
            ["il apparaît", "conditionnel", "le cas échéant"],
        ),
        (
            "001",
            "A ce stade des investigations",
            True,
            ["à ce stade", "il apparaît", "conditionnel"],
        ),
        ("001", "Des déclarations à la CNIL", False, []),
        ("004", "Le HPL a dit à l’AFP", False, ["presque exclusivement"]),
        ("004", "«\u00a0A aucun moment", True, []),
        ("004", "Le groupe français Ramsay n’a pas souhaité", True, []),
    ],
)
def test_seed_sentences(
    nlp: Language,
    seed_text: Callable[[str], str],
    seed: str,
    sentence_start: str,
    negated: bool,
    hedges: list[str],
) -> None:
    doc = nlp(seed_text(seed))
    sentence = next(s for s in doc.sents if s.text.strip().startswith(sentence_start))
    assert sentence._.negated is negated
    assert sentence._.hedges == hedges
