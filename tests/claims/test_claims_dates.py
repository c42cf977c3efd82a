"""vigie_dates: date expressions found in French text and resolved against a reference date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claims.dates import find_date_mentions
from claims.nlp import make_doc, pipe_with_ref_dates

D = date

# (text, reference date, mention text, kind, start, end)
RESOLVED = [
    (
        "ont rapporté, jeudi 10 juillet, à l'AFP",
        D(2025, 7, 10),
        "jeudi 10 juillet",
        "date",
        D(2025, 7, 10),
        D(2025, 7, 10),
    ),
    # 10 July 2026 is closer but a Friday; 10 July 2025 is a Thursday: the weekday wins.
    ("jeudi 10 juillet", D(2026, 8, 1), "jeudi 10 juillet", "date", D(2025, 7, 10), D(2025, 7, 10)),
    (
        "vendredi 10 juillet",
        D(2026, 8, 1),
        "vendredi 10 juillet",
        "date",
        D(2026, 7, 10),
        D(2026, 7, 10),
    ),
    (
        "consultés lundi 8 septembre par ICI Nord",
        D(2025, 9, 8),
        "lundi 8 septembre",
        "date",
        D(2025, 9, 8),
        D(2025, 9, 8),
    ),
    ("le 1er septembre", D(2025, 9, 8), "1er septembre", "date", D(2025, 9, 1), D(2025, 9, 1)),
    (
        "dimanche 21 août 2022",
        D(2025, 9, 8),
        "dimanche 21 août 2022",
        "date",
        D(2022, 8, 21),
        D(2022, 8, 21),
    ),
    ("le 20 décembre", D(2025, 1, 5), "20 décembre", "date", D(2024, 12, 20), D(2024, 12, 20)),
    (
        "touchés en fin de semaine dernière, alertent",
        D(2025, 9, 8),
        "en fin de semaine dernière",
        "period",
        D(2025, 9, 5),
        D(2025, 9, 7),
    ),
    (
        "En fin de semaine dernière, le GRADeS",
        D(2025, 9, 8),
        "En fin de semaine dernière",
        "period",
        D(2025, 9, 5),
        D(2025, 9, 7),
    ),
    (
        "la semaine dernière",
        D(2025, 9, 10),
        "la semaine dernière",
        "period",
        D(2025, 9, 1),
        D(2025, 9, 7),
    ),
    ("cette semaine", D(2025, 9, 10), "cette semaine", "period", D(2025, 9, 8), D(2025, 9, 14)),
    (
        "en début de semaine prochaine",
        D(2025, 9, 10),
        "en début de semaine prochaine",
        "period",
        D(2025, 9, 15),
        D(2025, 9, 17),
    ),
    (
        "le week-end dernier",
        D(2025, 9, 8),
        "le week-end dernier",
        "period",
        D(2025, 9, 6),
        D(2025, 9, 7),
    ),
    (
        "menée du 26 juin au 1er juillet.",
        D(2025, 7, 10),
        "du 26 juin au 1er juillet",
        "range",
        D(2025, 6, 26),
        D(2025, 7, 1),
    ),
    (
        "menée du\u00a026 juin au\u00a01er\u00a0juillet.",
        D(2025, 7, 10),
        "du\u00a026 juin au\u00a01er\u00a0juillet",
        "range",
        D(2025, 6, 26),
        D(2025, 7, 1),
    ),
    (
        "du 28 décembre au 3 janvier",
        D(2026, 1, 10),
        "du 28 décembre au 3 janvier",
        "range",
        D(2025, 12, 28),
        D(2026, 1, 3),
    ),
    (
        "entre le 3 et le 5 mars",
        D(2025, 3, 20),
        "entre le 3 et le 5 mars",
        "range",
        D(2025, 3, 3),
        D(2025, 3, 5),
    ),
    (
        "du lundi 3 au mercredi 5 mars 2025",
        D(2025, 9, 1),
        "du lundi 3 au mercredi 5 mars 2025",
        "range",
        D(2025, 3, 3),
        D(2025, 3, 5),
    ),
    ("hier", D(2025, 9, 8), "hier", "date", D(2025, 9, 7), D(2025, 9, 7)),
    ("avant-hier", D(2025, 9, 8), "avant-hier", "date", D(2025, 9, 6), D(2025, 9, 6)),
    ("aujourd’hui", D(2025, 9, 8), "aujourd’hui", "date", D(2025, 9, 8), D(2025, 9, 8)),
    (
        "Un e-mail a été envoyé jeudi",
        D(2025, 7, 10),
        "jeudi",
        "date",
        D(2025, 7, 10),
        D(2025, 7, 10),
    ),
    (
        "lundi, l'hôpital a porté plainte",
        D(2025, 9, 10),
        "lundi",
        "date",
        D(2025, 9, 8),
        D(2025, 9, 8),
    ),
    ("mardi dernier", D(2025, 9, 8), "mardi dernier", "date", D(2025, 9, 2), D(2025, 9, 2)),
    ("mardi prochain", D(2025, 9, 8), "mardi prochain", "date", D(2025, 9, 9), D(2025, 9, 9)),
    ("début juillet", D(2025, 7, 20), "début juillet", "period", D(2025, 7, 1), D(2025, 7, 10)),
    ("mi-juillet", D(2025, 7, 20), "mi-juillet", "period", D(2025, 7, 11), D(2025, 7, 20)),
    ("fin juin 2024", D(2025, 7, 20), "fin juin 2024", "period", D(2024, 6, 21), D(2024, 6, 30)),
    ("en juin 2024", D(2025, 9, 8), "en juin 2024", "period", D(2024, 6, 1), D(2024, 6, 30)),
    ("en décembre", D(2025, 1, 15), "en décembre", "period", D(2024, 12, 1), D(2024, 12, 31)),
    (
        "le mois dernier",
        D(2025, 1, 15),
        "le mois dernier",
        "period",
        D(2024, 12, 1),
        D(2024, 12, 31),
    ),
    ("en 2023", D(2025, 9, 8), "en 2023", "period", D(2023, 1, 1), D(2023, 12, 31)),
    ("l'an dernier", D(2025, 9, 8), "l'an dernier", "period", D(2024, 1, 1), D(2024, 12, 31)),
    (
        "il y a trois jours",
        D(2025, 9, 8),
        "il y a trois jours",
        "date",
        D(2025, 9, 5),
        D(2025, 9, 5),
    ),
    ("publié le 10/07/2025", D(2025, 9, 8), "10/07/2025", "date", D(2025, 7, 10), D(2025, 7, 10)),
]

# Texts in which no date may be found.
NO_DATE = [
    "Les données de 126 000 patients ont été volées.",
    "/2023/07/07/64a7df4c5fe71_placeholder-36b69ec8.png)",
    "en recrudescence depuis quelques mois",
    "Chaque semaine, des hôpitaux sont visés.",
    "Appelez le 02 35 12 34 56.",
]


@pytest.mark.parametrize(
    ("text", "ref", "mention", "kind", "start", "end"), RESOLVED, ids=[r[2] for r in RESOLVED]
)
def test_date_resolved(
    text: str, ref: date, mention: str, kind: str, start: date, end: date
) -> None:
    resolved = [m.resolve(ref) for m in find_date_mentions(text)]
    assert [(m.text, m.kind, m.start, m.end) for m in resolved] == [(mention, kind, start, end)]
    assert text[resolved[0].start_char : resolved[0].end_char] == mention


@pytest.mark.parametrize("text", NO_DATE)
def test_no_date(text: str) -> None:
    assert find_date_mentions(text) == []


def test_impossible_day_is_not_a_date() -> None:
    kinds = [(m.text, m.kind) for m in find_date_mentions("le 31 février 2024")]
    assert kinds == [("février 2024", "period")]


def test_without_reference_only_absolute_dates_resolve() -> None:
    mentions = find_date_mentions("dimanche 21 août 2022, puis jeudi 10 juillet et hier")
    resolved = [m.resolve(None) for m in mentions]
    assert [(m.text, m.start) for m in resolved] == [
        ("dimanche 21 août 2022", D(2022, 8, 21)),
        ("jeudi 10 juillet", None),
        ("hier", None),
    ]


def test_component_alone_with_ref_date_set_before(alone: Callable[..., Doc]) -> None:
    doc = alone("vigie_dates", "L'attaque a eu lieu jeudi 10 juillet.", D(2025, 7, 12))
    assert [(d.text, d.start) for d in doc._.dates] == [("jeudi 10 juillet", D(2025, 7, 10))]


def test_ref_date_can_be_set_after_processing(nlp: Language) -> None:
    doc = nlp("Les serveurs ont été visés en fin de semaine dernière.")
    assert doc._.dates[0].start is None
    doc._.ref_date = "2025-09-08"
    assert (doc._.dates[0].start, doc._.dates[0].end) == (D(2025, 9, 5), D(2025, 9, 7))
    doc._.ref_date = datetime(2025, 9, 15, 8, 30)
    assert doc._.dates[0].start == D(2025, 9, 12)


def test_make_doc_sets_the_reference_before_the_pipeline(nlp: Language) -> None:
    doc = make_doc(nlp, "menée du 26 juin au 1er juillet", D(2025, 7, 10))
    assert [(d.kind, d.start, d.end) for d in doc._.dates] == [
        ("range", D(2025, 6, 26), D(2025, 7, 1))
    ]


def test_span_dates_are_those_of_the_sentence(nlp: Language) -> None:
    doc = make_doc(
        nlp, "Le GRADeS a été visé hier. L'ARS a communiqué lundi 8 septembre.", D(2025, 9, 8)
    )
    first, second = list(doc.sents)
    assert [d.text for d in first._.dates] == ["hier"]
    assert [d.start for d in second._.dates] == [D(2025, 9, 8)]


def test_batch_with_ref_dates_keeps_each_reference(nlp: Language) -> None:
    refs = [D(2025, 1, 1) + timedelta(days=i) for i in range(40)]
    docs = list(pipe_with_ref_dates(nlp, [("L'attaque a eu lieu hier.", r) for r in refs]))
    assert [d._.dates[0].start for d in docs] == [r - timedelta(days=1) for r in refs]


def test_as_tuples_context_then_set(nlp: Language) -> None:
    pairs = [("jeudi 10 juillet", {"ref": D(2025, 7, 11)}), ("hier", {"ref": D(2025, 3, 2)})]
    starts = []
    for doc, context in nlp.pipe(pairs, as_tuples=True, batch_size=32):
        doc._.ref_date = context["ref"]
        starts.append(doc._.dates[0].start)
    assert starts == [D(2025, 7, 10), D(2025, 3, 1)]


def test_dates_need_the_component(base: Callable[[str], Doc]) -> None:
    with pytest.raises(ValueError, match="vigie_dates"):
        _ = base("hier")._.dates


@pytest.mark.seeds
@pytest.mark.parametrize(
    ("seed", "ref", "expected"),
    [
        (
            "000",
            D(2025, 9, 8),
            [
                ("en fin de semaine dernière", D(2025, 9, 5), D(2025, 9, 7)),
                ("lundi 8 septembre", D(2025, 9, 8), D(2025, 9, 8)),
            ],
        ),
        ("001", D(2025, 9, 8), [("En fin de semaine dernière", D(2025, 9, 5), D(2025, 9, 7))]),
        (
            "004",
            D(2025, 7, 10),
            [
                ("jeudi 10\u00a0juillet", D(2025, 7, 10), D(2025, 7, 10)),
                ("jeudi", D(2025, 7, 10), D(2025, 7, 10)),
                ("du\u00a026 juin au\u00a01er\u00a0juillet", D(2025, 6, 26), D(2025, 7, 1)),
            ],
        ),
    ],
)
def test_seed_dates(
    nlp: Language,
    seed_text: Callable[[str], str],
    seed: str,
    ref: date,
    expected: list[tuple[str, date, date]],
) -> None:
    doc = make_doc(nlp, seed_text(seed), ref)
    found = [(d.text, d.start, d.end) for d in doc._.dates]
    for item in expected:
        assert item in found


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Les patients seront prévenus par SMS à partir de lundi.", date(2025, 3, 10)),
        ("Lundi, le CHU rouvrira ses urgences.", date(2025, 3, 10)),
        ("Les patients ont été prévenus lundi.", date(2025, 3, 3)),
        (
            "Un e-mail a été envoyé jeudi « et les autres seront contactés », a-t-il dit.",
            date(2025, 3, 6),
        ),
    ],
)
def test_a_weekday_dating_a_future_verb_is_the_next_one(
    nlp: Language, text: str, day: date
) -> None:
    doc = make_doc(nlp, text, "2025-03-06")
    assert [d.start for d in doc._.dates] == [day]
