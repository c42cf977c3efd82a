"""The labelled claims set (tests/claims/labelled/) and the `claims.eval` harness.

Format and balance checks run everywhere; the full evaluation needs the check stage, the
spaCy model and ../shared/seeds, and asserts the pinned accuracy floor.
"""

from __future__ import annotations

import tomllib
from collections import Counter

import pytest

from claims import eval as ev
from claims.normalize import identity_text
from claims.records import FLAGS
from core.verdicts import VERDICTS
from tests.resources import require

CASES = ev.load_cases()
ITEMS = [(case, doc, item) for case in CASES for doc in case.press for item in doc.items]
SEEDS = ev.SEEDS_DIR
MIN_CASES, MIN_ITEMS, MIN_PER_VERDICT = 16, 160, 25
EXPECTED_FLAGS = ("hedge_dropped", "disputed")


def _ids(values):  # type: ignore[no-untyped-def]
    return [c.name for c in values]


def test_set_size_and_balance() -> None:
    per_verdict = Counter(item.verdict for _, _, item in ITEMS)
    assert len(CASES) >= MIN_CASES
    assert len(ITEMS) >= MIN_ITEMS
    for verdict in VERDICTS:
        assert per_verdict[verdict] >= MIN_PER_VERDICT, (verdict, per_verdict)


def test_seed_cases_present() -> None:
    seeds = {s for case in CASES for s in case.seeds}
    assert {"000", "001", "004"} <= seeds
    no_official = [c for c in CASES if "004" in c.seeds and not c.official]
    with_official = [c for c in CASES if "004" in c.seeds and c.official]
    assert no_official and with_official


def test_flags_present_in_the_set() -> None:
    flags = Counter(f for _, _, item in ITEMS for f in item.flags)
    for flag in EXPECTED_FLAGS:
        assert flags[flag] >= 5, flags


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_case_format(case: ev.Case) -> None:
    raw = tomllib.loads(case.path.read_text(encoding="utf-8"))
    assert set(raw) <= {"title", "official", "press"}, set(raw)
    assert case.title and case.press
    urls = [d.url for d in case.docs]
    assert len(urls) == len(set(urls)), "document URLs must be unique in a case"
    for doc in case.docs:
        assert doc.url.startswith("https://"), doc.url
        assert bool(doc.text) != bool(doc.seed), f"{doc.url}: exactly one of text and seed"
        assert doc.published is not None, f"{doc.url}: published is required"
        if doc.kind == "official":
            assert not doc.items, f"{doc.url}: claims are labelled on press documents only"
    for doc in case.press:
        assert doc.items, f"{doc.url}: a press document without labelled claims"
        for item in doc.items:
            assert item.verdict in VERDICTS, item
            assert set(item.flags) <= set(FLAGS), item
            assert item.sentence.strip(), item
            assert item.why.strip(), f"{item.sentence}: 'why' is required"


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_verdicts_follow_official_presence(case: ev.Case) -> None:
    """no_official_source exactly when the case has no official document."""
    verdicts = {item.verdict for doc in case.press for item in doc.items}
    if case.official:
        assert "no_official_source" not in verdicts
    else:
        assert verdicts == {"no_official_source"}


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_sentences_are_in_their_press_text(case: ev.Case) -> None:
    if case.seeds:
        require(SEEDS.is_dir(), f"../shared/seeds not found (looked in {SEEDS})")
    for doc in case.press:
        text = identity_text(ev.doc_text(doc))
        for item in doc.items:
            assert identity_text(item.sentence) in text, item.sentence
            assert identity_text(item.clause) in text, item.clause
        keys = [(identity_text(i.sentence), identity_text(i.clause)) for i in doc.items]
        assert len(keys) == len(set(keys)), f"{doc.url}: the same item is labelled twice"


def test_pick_prefers_the_clause_holding_the_words() -> None:
    sentence = "Les comptes ont été neutralisés et une plainte a été déposée."
    claims = [
        ev.Detected("a", "u", 3, sentence, "Les comptes ont été neutralisés", "supported", "", ()),
        ev.Detected("b", "u", 3, sentence, "une plainte a été déposée", "contradicted", "", ()),
    ]
    assert ev.pick(ev.Item("une plainte a été déposée", "x"), claims).id == "b"
    assert ev.pick(ev.Item("Les comptes", "x", clause="plainte"), claims).id == "b"
    assert ev.pick(ev.Item("Les comptes ont\u00a0été", "x"), claims).id == "a"
    assert ev.pick(ev.Item("absent", "x"), claims) is None


def test_score_counts_missing_as_wrong() -> None:
    def outcome(expected: str, got: str) -> ev.Outcome:
        return ev.Outcome("c", "u", ev.Item("s", expected), got, "")

    report = ev.score(
        [
            outcome("supported", "supported"),
            outcome("supported", ev.MISSING),
            outcome("unsupported", "supported"),
            outcome("contradicted", "contradicted"),
        ]
    )
    assert report.total == 4 and report.correct == 2
    assert report.accuracy == 0.5
    assert report.precision["supported"] == 0.5
    assert report.recall["supported"] == 0.5
    assert report.recall["unsupported"] == 0.0
    assert report.precision["no_official_source"] is None
    assert report.confusion["supported"][ev.MISSING] == 1


def test_floor_file() -> None:
    floor = ev.read_floor()
    assert 0.0 <= floor <= 1.0
    assert "only rise" in ev.FLOOR_FILE.read_text(encoding="utf-8")


@pytest.mark.model
@pytest.mark.slow
def test_accuracy_meets_the_pinned_floor() -> None:
    pytest.importorskip("claims.check")
    require(SEEDS.is_dir(), f"../shared/seeds not found (looked in {SEEDS})")
    report, results = ev.evaluate(CASES)
    problems = [p for r in results for p in r.problems]
    assert not problems, problems
    floor = ev.read_floor()
    assert report.accuracy >= floor, (
        f"accuracy {report.accuracy:.4f} below the floor {floor:.4f}\n"
        + ev.format_report(report, results)
    )
