"""`vigie snapshot save OUT` / `vigie snapshot load OUT`: the durable state as plain files.

The round trip runs the real pipeline on the demo corpus (real spaCy model, real SQLite): a
store collected, checked, then given a silent edit (a new revision of one article, checked
again, so some claims vanished) is saved; an empty data dir loads the snapshot and a `check`
gives the same claims (ids, revisions, statuses), verdicts, incidents and collection state.
The other tests need no model: deterministic and sharded files, atomic saves killed at every
file, gzip, hostile snapshots.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scraper import dedup, snapshot
from scraper.store import CollectionStore, text_hash

CLI = Callable[..., tuple[int, str, str]]
DEMO_NOW = "2026-03-01T06:17:00+00:00"

# What must survive a save and load, and what a check must compute again identically.
COMPARED = {
    "documents": "SELECT * FROM documents ORDER BY id",
    "revisions": "SELECT document_id, revno, title, text, text_hash, fetched_at FROM revisions"
    " ORDER BY document_id, revno",
    "links": "SELECT * FROM links ORDER BY url",
    "drops": "SELECT url, reason, source, detail, at FROM drops ORDER BY url, reason",
    "feed_state": "SELECT * FROM feed_state ORDER BY url",
    "robots": "SELECT * FROM robots ORDER BY origin",
    "failures": "SELECT * FROM failures ORDER BY url",
    "poison_versions": "SELECT * FROM poison_versions ORDER BY url",
    "poison_aliases": "SELECT * FROM poison_aliases ORDER BY link",
}
DERIVED = {
    # Claims with their lemmas and vector (`claims.words` is a row id, in order of insertion).
    "claims": "SELECT c.id, c.document_id, c.position, c.kind, c.text, c.sentence, c.negated,"
    " c.hedges, c.facets, c.entities, c.lemmas, c.vector, c.quote, c.status,"
    " c.first_revno, c.last_revno, w.hash, w.lemmas, w.vector FROM claims c"
    " LEFT JOIN claim_words w ON w.id = c.words ORDER BY c.id",
    "verdicts": "SELECT claim_id, verdict, reason, evidence, flags FROM verdicts ORDER BY claim_id",
    "evidence_texts": "SELECT * FROM evidence_texts ORDER BY id",
    "claim_words": "SELECT hash, lemmas, vector FROM claim_words ORDER BY hash",
    "incidents": "SELECT slug, title, victim, region, started, first_report, last_report, facts"
    " FROM incidents ORDER BY slug",
    "incident_documents": "SELECT * FROM incident_documents ORDER BY document_id",
    "sentences": "SELECT * FROM sentences ORDER BY document_id, position",
    "mentions": "SELECT * FROM mentions ORDER BY document_id, label, text",
}


def rows(db_path: Path, queries: dict[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    db = sqlite3.connect(db_path)
    try:
        return {name: [tuple(r) for r in db.execute(sql)] for name, sql in queries.items()}
    finally:
        db.close()


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def collected(cli: CLI, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo corpus collected (no check): its data dir."""
    monkeypatch.setenv("VIGIE_NOW", DEMO_NOW)
    code, _, err = cli("collect", "--demo")
    assert code == 0, err
    return data_dir


def revise(cli: CLI, data_dir: Path, tmp_path: Path) -> str:
    """A silent edit: the first press article with figures gets them changed, at its URL, a
    day later (a new revision of the same document). Returns its URL."""
    db = sqlite3.connect(data_dir / "vigie.sqlite3")
    url, text = db.execute(
        "SELECT d.url, r.text FROM documents d JOIN revisions r ON r.document_id = d.id"
        " WHERE d.kind = 'press' AND r.text GLOB '*[0-9][0-9]*' ORDER BY d.url"
    ).fetchone()
    db.close()
    edited = re.sub(r"\d", lambda m: str((int(m.group()) + 3) % 10), text)
    path = tmp_path / "edited.txt"
    path.write_text(edited, encoding="utf-8")
    code, _, err = cli("ingest", str(path), "--kind", "press", "--url", url)
    assert code == 0, err
    return str(url)


@pytest.mark.model
def test_load_then_check_gives_the_same_claims_and_verdicts(
    cli: CLI, collected: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("check")[0] == 0
    monkeypatch.setenv("VIGIE_NOW", "2026-03-02T06:17:00+00:00")
    url = revise(cli, collected, tmp_path)
    assert cli("check")[0] == 0
    original = collected / "vigie.sqlite3"
    db = sqlite3.connect(original)
    vanished = db.execute(
        "SELECT COUNT(*) FROM claims c JOIN documents d ON d.id = c.document_id"
        " WHERE c.status = 'vanished' AND d.url = ?",
        (url,),
    ).fetchone()[0]
    assert (
        db.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]
        > (db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    )
    db.close()
    assert vanished > 0, "the edit must make claims vanish for the test to mean something"
    (collected / "reviews.toml").write_text("# reviews\n", encoding="utf-8")

    out = tmp_path / "snapshot"
    code, _, err = cli("snapshot", "save", str(out))
    assert code == 0, err
    assert "files written" in err
    manifest = json.loads((out / "snapshot.json").read_text())
    assert manifest["documents"] == 15 and manifest["revisions"] == 16
    assert (out / "reviews.toml").read_text() == "# reviews\n"
    # No derived table in the snapshot but the verdicts of the vanished claims (history).
    kept = files(out)["state/vanished-verdicts.jsonl"].decode().splitlines()
    assert len(kept) == vanished and all('"claim_id"' in line for line in kept)
    # Their evidence in full, as before (the store keeps each cited sentence once).
    assert any(json.loads(json.loads(line)["evidence"]) for line in kept)
    assert all(
        isinstance(e, dict) and set(e) == {"doc_url", "score", "text"}
        for line in kept
        for e in json.loads(json.loads(line)["evidence"])
    )
    everything = b"".join(v for k, v in files(out).items() if "vanished" not in k).decode()
    assert '"claim' not in everything and '"verdict' not in everything
    assert '"lemmas"' not in everything and '"facets"' not in everything
    # Well under 15 KB per document saved, diffable text, one shard per month of first fetch.
    assert sum(map(len, files(out).values())) / 15 < 15_000
    assert sorted(p for p in files(out) if p.startswith("documents/")) == [
        "documents/2026-03.jsonl"
    ]

    rebuilt = tmp_path / "rebuilt"
    code, _, err = cli("--data-dir", str(rebuilt), "snapshot", "load", str(out))
    assert code == 0, err
    assert (rebuilt / "reviews.toml").read_text() == "# reviews\n"
    assert rows(rebuilt / "vigie.sqlite3", COMPARED) == rows(original, COMPARED)
    code, _, err = cli("--data-dir", str(rebuilt), "check")
    assert code == 0, err
    assert rows(rebuilt / "vigie.sqlite3", DERIVED) == rows(original, DERIVED)

    # Saved again from the rebuilt store: the same files, byte for byte.
    again = tmp_path / "again"
    assert cli("--data-dir", str(rebuilt), "snapshot", "save", str(again))[0] == 0
    assert files(again) == files(out)


def test_saves_are_deterministic_and_a_new_month_rewrites_one_shard(
    cli: CLI, collected: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "snapshot"
    assert cli("snapshot", "save", str(out))[0] == 0
    before = files(out)
    code, _, err = cli("snapshot", "save", str(out))
    assert code == 0 and "files written 0" in err, err
    assert files(out) == before

    lines = before["documents/2026-03.jsonl"].decode().splitlines()
    assert lines == sorted(
        lines, key=lambda line: (json.loads(line)["url"], json.loads(line).get("revno", 0))
    )
    for line in lines:  # stable keys: sorted
        record = json.loads(line)
        assert list(record) == sorted(record)

    monkeypatch.setenv("VIGIE_NOW", "2026-04-02T06:17:00+00:00")
    revise(cli, collected, tmp_path)  # a new revision of a March document
    doc = tmp_path / "nouveau.txt"
    doc.write_text(
        "Le centre hospitalier de Dieppe a subi une cyberattaque par rançongiciel."
        " Les données de 2 000 patients ont été dérobées selon l'établissement.\n",
        encoding="utf-8",
    )
    assert (
        cli("ingest", str(doc), "--kind", "official", "--url", "https://ch-dieppe.example/cp")[0]
        == 0
    )
    assert cli("snapshot", "save", str(out))[0] == 0
    after = files(out)
    changed = sorted(k for k in after if before.get(k) != after[k])
    assert changed == ["documents/2026-03.jsonl", "documents/2026-04.jsonl", "snapshot.json"]
    april = after["documents/2026-04.jsonl"].decode()
    assert "ch-dieppe.example" in april and april.count("\n") == 2  # document + revision


def test_large_months_are_split_and_load_back(
    collected: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot, "SHARD_BYTES", 8_000)
    out = tmp_path / "snapshot"
    with CollectionStore(collected / "vigie.sqlite3") as store:
        snapshot.save(store, collected, out)
    shards = [p for p in files(out) if p.startswith("documents/")]
    assert len(shards) > 1 and all(
        re.fullmatch(r"documents/2026-03-[0-9a-f]+\.jsonl", p) for p in shards
    )
    assert all(len(files(out)[p]) < 8_000 * 16 for p in shards)
    rebuilt = tmp_path / "rebuilt"
    with CollectionStore(rebuilt / "vigie.sqlite3") as store:
        assert snapshot.load(store, rebuilt, out) == (15, 15)
    assert rows(rebuilt / "vigie.sqlite3", COMPARED) == rows(collected / "vigie.sqlite3", COMPARED)


def test_hostile_text_survives_the_round_trip(collected: Path, tmp_path: Path) -> None:
    """Line and paragraph separators, NEL, NUL-free control characters, quotes, markup and
    an invalid robots.txt body: saved and loaded as they were, one line per record."""
    hostile = 'Fuite\u2028de\u2029données\x85 «\x0b\x0c\x1c» "</script>{{ x }}\\\r\nfin'
    db = sqlite3.connect(collected / "vigie.sqlite3")
    doc = db.execute("SELECT document_id FROM revisions WHERE rowid = 1").fetchone()[0]
    db.execute(
        "UPDATE revisions SET text = ?, text_hash = ? WHERE rowid = 1",
        (hostile, text_hash(hostile)),
    )
    db.execute(
        "UPDATE documents SET minhash = ? WHERE id = ?",
        (dedup.to_bytes(dedup.signature(hostile)), doc),
    )
    db.execute(
        "UPDATE robots SET body = ? WHERE rowid = (SELECT MIN(rowid) FROM robots)",
        (b"\xff\xfeUser-agent: *\n",),
    )
    db.commit()
    db.close()
    out = tmp_path / "snapshot"
    with CollectionStore(collected / "vigie.sqlite3") as store:
        snapshot.save(store, collected, out)
    shard = (out / "documents" / "2026-03.jsonl").read_bytes()
    assert shard.count(b"\n") == 30  # 15 documents, 15 revisions
    rebuilt = tmp_path / "rebuilt"
    with CollectionStore(rebuilt / "vigie.sqlite3") as store:
        snapshot.load(store, rebuilt, out)
    assert rows(rebuilt / "vigie.sqlite3", COMPARED) == rows(collected / "vigie.sqlite3", COMPARED)


def test_gzip_snapshots_are_deterministic_and_load(
    cli: CLI, collected: Path, tmp_path: Path
) -> None:
    out = tmp_path / "snapshot"
    assert cli("snapshot", "save", "--gzip", str(out))[0] == 0
    first = files(out)
    assert "documents/2026-03.jsonl.gz" in first
    assert gzip.decompress(first["documents/2026-03.jsonl.gz"]).startswith(b'{"author"')
    time.sleep(1.1)  # a gzip header with a time in it would differ now
    assert cli("snapshot", "save", "--gzip", str(out))[0] == 0
    assert files(out) == first
    assert cli("snapshot", "save", str(out))[0] == 0  # back to plain: no gzip file left
    assert not [p for p in files(out) if p.endswith(".gz")]
    rebuilt = tmp_path / "rebuilt"
    assert cli("--data-dir", str(rebuilt), "snapshot", "load", str(out))[0] == 0
    assert rows(rebuilt / "vigie.sqlite3", COMPARED) == rows(collected / "vigie.sqlite3", COMPARED)


def test_a_save_killed_at_any_file_leaves_a_loadable_consistent_snapshot(
    collected: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The previous snapshot, then a save of a store with one more month and newer
    validators killed after each of its renames: every state loads, and never holds feed
    validators newer than the documents (those would make the next collect skip them)."""
    out = tmp_path / "snapshot"
    with CollectionStore(collected / "vigie.sqlite3") as store:
        snapshot.save(store, collected, out)
        old_docs = store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        with store.transaction() as db:
            db.execute(
                "UPDATE documents SET first_seen = '2026-04-01T00:00:00+00:00'"
                " WHERE id = (SELECT MIN(id) FROM documents)"
            )
            db.execute("UPDATE feed_state SET etag = 'new', last_polled = '2026-04-01'")
    previous = files(out)
    real_replace = os.replace
    renames = 0
    while True:
        for name, data in previous.items():  # back to the previous snapshot
            (out / name).write_bytes(data)
        for path in out.rglob("*"):
            if path.is_file() and path.relative_to(out).as_posix() not in previous:
                path.unlink()
        calls = 0

        def dying(src: Any, dst: Any, limit: int = renames) -> None:
            nonlocal calls
            if calls == limit:
                raise KeyboardInterrupt("killed")
            calls += 1
            real_replace(src, dst)

        monkeypatch.setattr(os, "replace", dying)
        finished = True
        with CollectionStore(collected / "vigie.sqlite3") as store:
            try:
                snapshot.save(store, collected, out)
            except KeyboardInterrupt:
                finished = False
        monkeypatch.setattr(os, "replace", real_replace)
        assert not [p for p in out.rglob("*.tmp")], "temporary files left behind"
        target = tmp_path / f"load-{renames}"
        with CollectionStore(target / "vigie.sqlite3") as store:
            docs, _ = snapshot.load(store, target, out)
            etags = {r[0] for r in store.db.execute("SELECT etag FROM feed_state")}
            april = store.db.execute(
                "SELECT COUNT(*) FROM documents WHERE first_seen LIKE '2026-04%'"
            ).fetchone()[0]
        assert docs in (old_docs - 1, old_docs) or docs == old_docs
        if "new" in etags:
            assert april == 1 and docs == old_docs, "validators saved before the documents"
        if finished:
            break
        renames += 1
    assert renames >= 3  # killed before, between and after the document shards


def test_a_real_kill_mid_save_leaves_the_previous_snapshot_usable(
    collected: Path, tmp_path: Path
) -> None:
    out = tmp_path / "snapshot"
    vigie = [sys.executable, "-m", "core.cli", "--data-dir", str(collected)]
    subprocess.run([*vigie, "snapshot", "save", str(out)], check=True, capture_output=True)
    previous = files(out)
    for delay in (0.05, 0.2, 0.4, 0.6):
        proc = subprocess.Popen(
            [*vigie, "snapshot", "save", "--gzip", str(out)], stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        target = tmp_path / f"after-{delay}"
        with CollectionStore(target / "vigie.sqlite3") as store:
            assert snapshot.load(store, target, out) == (15, 15)
        subprocess.run([*vigie, "snapshot", "save", str(out)], check=True, capture_output=True)
        assert files(out) == previous  # a later save cleans up whatever the kill left


def test_bad_snapshots_and_non_empty_stores_fail_with_one_line(
    cli: CLI, collected: Path, tmp_path: Path
) -> None:
    out = tmp_path / "snapshot"
    assert cli("snapshot", "save", str(out))[0] == 0
    code, _, err = cli("snapshot", "load", str(out))  # the data dir already has documents
    assert code == 1 and "already holds documents" in err and err.count("\n") == 1

    code, _, err = cli(
        "--data-dir", str(tmp_path / "a"), "snapshot", "load", str(tmp_path / "nowhere")
    )
    assert code == 1 and "manifest missing" in err

    shard = out / "documents" / "2026-03.jsonl"
    lines = shard.read_text(encoding="utf-8").splitlines()
    shard.write_text("\n".join([*lines[:3], "{not json", *lines[3:]]) + "\n", encoding="utf-8")
    code, _, err = cli("--data-dir", str(tmp_path / "b"), "snapshot", "load", str(out))
    assert code == 1 and f"{shard}:4: not JSON" in err and err.count("\n") == 1
    assert (
        not (tmp_path / "b" / "vigie.sqlite3").exists()
        or not sqlite3.connect(tmp_path / "b" / "vigie.sqlite3")
        .execute("SELECT COUNT(*) FROM documents")
        .fetchone()[0]
    )

    code, _, err = cli("snapshot", "frob", str(out))
    assert code == 2


def test_poison_page_versions_survive_the_round_trip(
    cli: CLI, data_dir: Path, tmp_path: Path
) -> None:
    """A store rebuilt from a snapshot still asks a poison page again only once it changed."""
    from datetime import UTC, datetime

    from scraper.fetched import PageVersion

    url = "https://www.example.fr/flood.html"
    version = PageVersion(url=url, body_hash="ab" * 32, etag='"v1"', last_modified=None)
    with CollectionStore(data_dir / "vigie.sqlite3") as store:
        store.record_drop(url, "too_complex", at=datetime(2026, 3, 1, tzinfo=UTC), version=version)
    out = tmp_path / "snapshot"
    assert cli("snapshot", "save", str(out))[0] == 0
    assert '"body_hash"' in files(out)["state/poison-pages.jsonl"].decode()
    rebuilt = tmp_path / "rebuilt"
    code, _, err = cli("--data-dir", str(rebuilt), "snapshot", "load", str(out))
    assert code == 0, err
    with CollectionStore(rebuilt / "vigie.sqlite3") as store:
        assert store.poison_recheck((url,), datetime(2026, 3, 9, tzinfo=UTC)) == version
        assert store.link_known(url)
