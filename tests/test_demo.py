"""`vigie collect --demo`: the bundled corpus collected offline gives the expected store."""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

from scraper.demo import demo_expected_path
from scraper.store import CollectionStore

EXPECTED = tomllib.loads(demo_expected_path().read_text(encoding="utf-8"))
DOCS = EXPECTED["document"]
NOW = EXPECTED["summary"]["now"].isoformat()


@pytest.fixture
def demo(cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """A data dir after one demo collect; yields (exit code, stderr, exported records)."""
    monkeypatch.setenv("VIGIE_NOW", NOW)
    code, _, err = cli("collect", "--demo")
    _, out, _ = cli("export", "documents")
    return code, err, {r["url"]: r for r in map(json.loads, out.splitlines())}


def test_demo_stores_exactly_the_expected_documents(demo) -> None:
    code, err, records = demo
    assert code == 0, err
    stored = {d["url"]: d for d in DOCS if d["outcome"] == "stored"}
    assert set(records) == set(stored)
    for url, want in stored.items():
        got = records[url]
        assert got["kind"] == want["kind"], url
        assert got["outlet"] == want["source"], url
        assert got["language"] == "fr"
        assert got["title"] == want["title"], url
        if url.endswith(".html"):  # pages give their time; the PDF only its day
            assert got["published"] == want["published"].isoformat(), url
        else:
            assert got["published"][:10] == want["published"].date().isoformat(), url
        assert got["revisions"] == 1
        assert "news.example" not in got["url"]


def test_demo_clusters_group_syndicated_copies_only(demo) -> None:
    _, _, records = demo
    by_label: dict[str, set[str]] = defaultdict(set)
    for d in DOCS:
        if d["outcome"] == "stored":
            by_label[d["cluster"]].add(records[d["url"]]["cluster"])
    assert all(len(ids) == 1 for ids in by_label.values()), by_label
    assert len({next(iter(ids)) for ids in by_label.values()}) == len(by_label)
    assert len(by_label) == EXPECTED["summary"]["clusters"]


def test_demo_drops_are_counted_by_reason(demo, data_dir: Path) -> None:
    _, err, _ = demo
    summary = EXPECTED["summary"]
    assert f"not_french {summary['not_french']}" in err
    assert f"off_topic {summary['off_topic']}" in err
    assert "malformed feed (entries still used): https://cyberveille.example/feed.xml" in err
    with CollectionStore(data_dir / "vigie.sqlite3") as store:
        drops = dict(store.db.execute("SELECT url, reason FROM drops").fetchall())
    for d in DOCS:
        if d["outcome"] == "dropped":
            assert drops.get(d["url"]) == d["reason"], d["url"]


def test_second_demo_run_is_all_304_and_stores_nothing(demo, cli) -> None:
    code, _, err = cli("collect", "--demo")
    assert code == 0
    feeds = EXPECTED["summary"]["feeds"]
    assert f"feeds polled: {feeds} (unchanged/304: {feeds})" in err
    assert "documents: 0 new, 0 updated, 0 unchanged" in err


def test_demo_is_deterministic(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.cli import main

    monkeypatch.setenv("VIGIE_NOW", NOW)
    exports = []
    for name in ("a", "b"):
        out = tmp_path / f"{name}.jsonl"
        assert main(["--data-dir", str(tmp_path / name), "collect", "--demo"]) == 0
        assert (
            main(["--data-dir", str(tmp_path / name), "export", "documents", "-o", str(out)]) == 0
        )
        exports.append(out.read_bytes())
    assert exports[0] == exports[1]
