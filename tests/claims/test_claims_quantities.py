"""vigie_quantities: value, unit, qualifier and relation of counts and amounts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claims.normalize import parse_number
from claims.quantities import Quantity

# (sentence, quantity text, value, unit, qualifier, relation, currency)
FOUND = [
    (
        "Les données de plus de 126\u00a0000 patients ont été volées.",
        "plus de 126\u00a0000 patients",
        126000,
        "patients",
        "plus de",
        "gt",
        None,
    ),
    (
        "Les données de 126\u202f000 patients ont été volées.",
        "126\u202f000 patients",
        126000,
        "patients",
        None,
        "eq",
        None,
    ),
    (
        "Les données de 126 000 patients ont été volées.",
        "126 000 patients",
        126000,
        "patients",
        None,
        "eq",
        None,
    ),
    (
        "Les données de 33 millions de personnes ont fuité.",
        "33 millions de personnes",
        33_000_000,
        "personnes",
        None,
        "eq",
        None,
    ),
    (
        "Ils réclament 10 millions de dollars.",
        "10 millions de dollars",
        10_000_000,
        "dollars",
        None,
        "eq",
        "USD",
    ),
    (
        "Ils réclament 10 millions d’euros.",
        "10 millions d’euros",
        10_000_000,
        "euros",
        None,
        "eq",
        "EUR",
    ),
    ("Le préjudice atteint 5 M€.", "5 M€", 5_000_000, "€", None, "eq", "EUR"),
    ("Une rançon de 50 000 euros a été exigée.", "50 000 euros", 50000, "euros", None, "eq", "EUR"),
    ("Une seule région est touchée.", "Une seule région", 1, "région", "seule", "eq", None),
    (
        "Plusieurs régions de France sont concernées.",
        "Plusieurs régions",
        None,
        "régions",
        "plusieurs",
        "vague",
        None,
    ),
    ("Deux hôpitaux ont été visés.", "Deux hôpitaux", 2, "hôpitaux", None, "eq", None),
    (
        "Vingt-deux cliniques ont été visées.",
        "Vingt-deux cliniques",
        22,
        "cliniques",
        None,
        "eq",
        None,
    ),
    (
        "Près de 1,5 million d'assurés sont concernés.",
        "Près de 1,5 million d'assurés",
        1_500_000,
        "assurés",
        "près de",
        "approx",
        None,
    ),
    (
        "Au moins 750 000 dossiers ont fuité.",
        "Au moins 750 000 dossiers",
        750000,
        "dossiers",
        "au moins",
        "ge",
        None,
    ),
    (
        "Moins de 300 comptes ont été compromis.",
        "Moins de 300 comptes",
        300,
        "comptes",
        "moins de",
        "lt",
        None,
    ),
    (
        "jusqu’à 3 000 patients pourraient être touchés",
        "jusqu’à 3 000 patients",
        3000,
        "patients",
        "jusqu'à",
        "le",
        None,
    ),
    (
        "Environ 500 salariés sont concernés.",
        "Environ 500 salariés",
        500,
        "salariés",
        "environ",
        "approx",
        None,
    ),
    (
        "Des milliers de patients sont concernés.",
        "Des milliers de patients",
        None,
        "patients",
        "des milliers de",
        "vague",
        None,
    ),
    (
        "Une centaine de patients sont concernés.",
        "Une centaine de patients",
        100,
        "patients",
        None,
        "approx",
        None,
    ),
    ("30 % des patients sont concernés.", "30 %", 30, "%", None, "eq", None),
    (
        "Il y avait 7 500 anciens patients.",
        "7 500 anciens patients",
        7500,
        "patients",
        None,
        "eq",
        None,
    ),
    (
        "Trois de ses établissements sont concernés.",
        "Trois de ses établissements",
        3,
        "établissements",
        None,
        "eq",
        None,
    ),
    (
        "Une seule clinique, celle des Acacias, a été visée.",
        "Une seule clinique",
        1,
        "clinique",
        "seule",
        "eq",
        None,
    ),
    (
        "Toutes les opérations chirurgicales ont été annulées.",
        "Toutes les opérations",
        None,
        "opérations",
        "toutes les",
        "all",
        None,
    ),
    ("Seule la Bretagne est concernée.", "Seule la Bretagne", 1, "région", "seule", "eq", None),
    (
        "Il fallait débourser 1.3 million de dollars.",
        "1.3 million de dollars",
        1_300_000,
        "dollars",
        None,
        "eq",
        "USD",
    ),
    (
        "Les pirates ont copié 28.7 gigaoctets de données.",
        "28.7 gigaoctets",
        28.7,
        "gigaoctets",
        None,
        "eq",
        None,
    ),
    (
        "Les données de 1.500 patients ont fuité.",
        "1.500 patients",
        1500,
        "patients",
        None,
        "eq",
        None,
    ),
]

NONE_FOUND = [
    "Il vit seul en Normandie.",
    "Une cyberattaque a visé un hôpital.",
    "L'attaque a été menée du 26 juin au 1er juillet 2025.",
    "Jeudi 10 juillet, le parquet a communiqué.",
    "Publié le 10/07/2025.",
    "L'attaque date de 2024.",
    "Appelez le 02 35 12 34 56 avant 14h30.",
    "France 3 a diffusé un reportage.",
    "Le C3N enquête sur LockBit 3.0.",
    "Le groupe LockBit 3.0 a revendiqué l'attaque.",
    "Plusieurs ont été prévenus.",
]


def _row(q: Quantity) -> tuple[object, ...]:
    return (q.text, q.value, q.unit, q.qualifier, q.relation, q.currency)


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "qualifier", "relation", "currency"),
    FOUND,
    ids=[f[1] for f in FOUND],
)
def test_quantity_found(
    nlp: Language,
    text: str,
    span: str,
    value: float | None,
    unit: str | None,
    qualifier: str | None,
    relation: str,
    currency: str | None,
) -> None:
    doc = nlp(text)
    assert [_row(q) for q in doc._.quantities] == [
        (span, value, unit, qualifier, relation, currency)
    ]
    quantity = doc._.quantities[0]
    assert doc.text[quantity.start_char : quantity.end_char] == span


@pytest.mark.parametrize("text", NONE_FOUND)
def test_no_quantity(nlp: Language, text: str) -> None:
    assert nlp(text)._.quantities == []


def test_unit_lemma_is_the_singular(nlp: Language) -> None:
    (quantity,) = nlp("Deux hôpitaux ont été visés.")._.quantities
    assert quantity.unit_lemma == "hôpital"


def test_anaphora_takes_the_unit_of_the_previous_quantity(nlp: Language) -> None:
    doc = nlp(
        "Un e-mail a été envoyé « à plus de 126 000 patients concernés par le piratage, et les "
        "40 d’entre eux qui sont concernés par le vol de données médicales seront contactés »."
    )
    rows = [(q.text, q.value, q.unit, q.anaphoric) for q in doc._.quantities]
    assert rows == [
        ("plus de 126 000 patients", 126000, "patients", False),
        ("40 d’entre eux", 40, "patients", True),
    ]


def test_anaphora_falls_back_to_a_plural_noun_of_the_same_gender(nlp: Language) -> None:
    doc = nlp("Les infirmières ont été prévenues et 12 d'entre elles ont porté plainte.")
    assert [(q.value, q.unit, q.anaphoric) for q in doc._.quantities] == [(12, "infirmières", True)]


def test_anaphora_without_antecedent_has_no_unit(nlp: Language) -> None:
    doc = nlp("Seuls 5 d'entre eux ont répondu.")
    assert [(q.value, q.unit, q.anaphoric) for q in doc._.quantities] == [(5, None, True)]


def test_component_alone_skips_dates_by_itself(alone: Callable[..., Doc]) -> None:
    doc = alone("vigie_quantities", "Jeudi 10 juillet, 126 000 patients ont été prévenus.")
    assert [(q.value, q.unit) for q in doc._.quantities] == [(126000, "patients")]


def test_span_quantities_follow_sentences(nlp: Language) -> None:
    doc = nlp("Deux hôpitaux sont visés. Au total, 3 000 patients sont concernés.")
    first, second = list(doc.sents)
    assert [q.value for q in first._.quantities] == [2]
    assert [q.value for q in second._.quantities] == [3000]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("126 000", 126000),
        ("126\u00a0000", 126000),
        ("1,5", 1.5),
        ("2.500", 2500),
        ("vingt-deux", 22),
        ("quatre-vingt-dix", 90),
        ("deux cents", 200),
        ("trois mille", 3000),
        ("soixante et onze", 71),
        ("patients", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.seeds
def test_seed_counts(nlp: Language, seed_text: Callable[[str], str]) -> None:
    doc = nlp(seed_text("004"))
    rows = {(q.value, q.unit, q.relation) for q in doc._.quantities}
    assert {(126000, "patients", "eq"), (126000, "patients", "gt"), (40, "patients", "eq")} <= rows
    assert not any(q.value in (26, 1, 10) for q in doc._.quantities)  # dates are not counts


@pytest.mark.seeds
def test_seed_plural_regions(nlp: Language, seed_text: Callable[[str], str]) -> None:
    doc = nlp(seed_text("001"))
    assert ("Plusieurs régions", None, "vague") in {
        (q.text, q.value, q.relation) for q in doc._.quantities
    }
