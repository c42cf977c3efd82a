"""The compact live store (issue 12): each cited official sentence's text kept once, each
claim's lemmas and vector once by content, press sentences only where they date the attack.

Real SQLite, no model: verdicts are written with `claims.storage.save_verdicts`, as `check`
writes them, and read back through `vigie export claims`, which must give the full evidence
`[{doc_url, score, text}]` as before. A store written before migration 9 is converted with its
verdicts' evidence intact.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from claims.check import attack_facets
from claims.records import Claim, DateSpan, Facets, Sentence, Verdict
from claims.storage import (
    decode_vector,
    encode_vector,
    load_claims,
    prune_words,
    save_analysis,
    save_verdicts,
)
from core import evidence
from core.migrations import migrations
from core.verdicts import Evidence
from scraper.store import CollectionStore

CLI = Callable[..., tuple[int, str, str]]
NOW = datetime(2026, 3, 1, 6, 17, tzinfo=UTC)
OFFICIAL = "https://ars.example/communique"
SENTENCE = (
    "L'ARS informe que le centre hospitalier de Rouen a détecté le 15 novembre 2019 une"
    " intrusion dans son système d'information ; 126 100 patients sont concernés. " * 2
)
OTHER = "Le centre hospitalier a déposé plainte « sans délai » <script>x</script>."


def _documents_and_claims(db: sqlite3.Connection, claims: int) -> None:
    db.execute(
        "INSERT INTO documents(id, url, kind, cluster, first_seen, fetched_at)"
        " VALUES ('d1', 'https://presse.example/a', 'press', 'd1', 'x', 'x')"
    )
    for i in range(claims):
        db.execute(
            "INSERT INTO claims(id, document_id, position, kind, text, sentence,"
            " first_revno, last_revno) VALUES (?, 'd1', ?, 'figure', ?, '', 1, 1)",
            (f"c{i:03}", i, f"affirmation {i}"),
        )


def test_a_sentence_cited_by_many_verdicts_is_stored_once_and_read_back_whole(
    cli: CLI, data_dir: Path
) -> None:
    claims = 40
    with CollectionStore(data_dir / "vigie.sqlite3") as store:
        with store.transaction() as db:
            _documents_and_claims(db, claims)
        save_verdicts(
            store,
            [
                Verdict(
                    f"c{i:03}",
                    "supported",
                    "même fait",
                    (Evidence(OFFICIAL, SENTENCE, 0.5 + i / 1000), Evidence(OFFICIAL, OTHER, 1.0)),
                )
                for i in range(claims)
            ],
            NOW,
        )
        db = store.db
        assert db.execute("SELECT COUNT(*) FROM evidence_texts").fetchone()[0] == 2
        # The bytes: the sentence once in the store, a short reference in each verdict.
        stored = db.execute("SELECT SUM(LENGTH(CAST(evidence AS BLOB))) FROM verdicts").fetchone()[
            0
        ]
        assert stored / claims < 60 < len(OTHER.encode()) < len(SENTENCE.encode())
        texts = db.execute("SELECT SUM(LENGTH(CAST(text AS BLOB))) FROM evidence_texts").fetchone()[
            0
        ]
        assert texts == len(SENTENCE.encode()) + len(OTHER.encode())
    code, out, err = cli("export", "claims")
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == claims
    assert records[7]["evidence"] == [
        {"doc_url": OFFICIAL, "score": 0.507, "text": SENTENCE},
        {"doc_url": OFFICIAL, "score": 1.0, "text": OTHER},
    ]
    assert '"score": 1.0,' in out  # a float stays a float in the export


def test_sentences_no_verdict_cites_are_pruned_and_kept_verdicts_keep_theirs(
    data_dir: Path,
) -> None:
    with CollectionStore(data_dir / "vigie.sqlite3") as store:
        with store.transaction() as db:
            _documents_and_claims(db, 2)
            kept = evidence.compact(db, [{"doc_url": OFFICIAL, "score": 0.25, "text": OTHER}])
            db.execute(
                "INSERT INTO kept_verdicts(claim_id, verdict, reason, evidence,"
                " checked_at) VALUES ('gone', 'supported', 'r', ?, 'x')",
                (kept,),
            )
        save_verdicts(
            store,
            [Verdict("c000", "supported", "r", (Evidence(OFFICIAL, "ancienne phrase", 0.5),))],
            NOW,
        )
        save_verdicts(
            store, [Verdict("c000", "supported", "r", (Evidence(OFFICIAL, SENTENCE, 0.5),))], NOW
        )
        with store.transaction() as db:
            assert evidence.prune(db) == 1  # "ancienne phrase": cited by no verdict now
        known = evidence.texts(store.db)
        assert sorted(text for _, text in known.values()) == sorted([OTHER, SENTENCE])
        assert evidence.expand(kept, known) == [{"doc_url": OFFICIAL, "score": 0.25, "text": OTHER}]


def test_a_store_from_before_migration_8_keeps_its_verdicts_evidence(
    cli: CLI, data_dir: Path
) -> None:
    path = data_dir / "vigie.sqlite3"
    data_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    mine = next(i for i, script in enumerate(migrations()) if "evidence_texts" in script)
    for version, script in enumerate(migrations()[:mine], start=1):  # the store before it
        for statement in script.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {version}")
    _documents_and_claims(db, 2)
    full = [
        {"doc_url": OFFICIAL, "score": 0.875, "text": SENTENCE},
        {"doc_url": OFFICIAL, "score": 1.0, "text": OTHER},
    ]
    raw = json.dumps(full, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for table, claim in (("verdicts", "c000"), ("verdicts", "c001"), ("kept_verdicts", "gone")):
        db.execute(
            f"INSERT INTO {table}(claim_id, verdict, reason, evidence, checked_at)"
            " VALUES (?, 'supported', 'r', ?, 'x')",
            (claim, raw),
        )
    db.close()

    with CollectionStore(path) as store:
        assert store.schema_version == len(migrations()) > mine
        known = evidence.texts(store.db)
        assert len(known) == 2
        for (column,) in store.db.execute(
            "SELECT evidence FROM verdicts UNION ALL SELECT evidence FROM kept_verdicts"
        ):
            assert SENTENCE not in column
            assert evidence.expand(column, known) == full
            assert evidence.expand_json(column, known) == raw  # as snapshots write it
    code, out, err = cli("export", "claims")
    assert code == 0, err
    assert [json.loads(line)["evidence"] for line in out.splitlines()] == [full, full]


def _analysis(
    doc: str, claims: tuple[Claim, ...], sentences: tuple[Sentence, ...] = ()
) -> SimpleNamespace:
    return SimpleNamespace(
        document_id=doc, revno=1, text_hash="h", sentences=sentences, claims=claims, mentions=()
    )


def test_repeated_claims_share_their_lemmas_and_vector_and_read_back_whole(data_dir: Path) -> None:
    vector = np.linspace(-1, 1, 300, dtype=np.float32)
    vector = (vector / np.linalg.norm(vector)).tobytes()
    lemmas = ("hôpital", "cyberattaque", "126", "100", "patient")
    with CollectionStore(data_dir / "vigie.sqlite3") as store:
        with store.transaction() as db:
            for doc in ("d1", "d2", "d3"):  # a dispatch syndicated by three outlets
                db.execute(
                    "INSERT INTO documents(id, url, kind, cluster, first_seen,"
                    " fetched_at) VALUES (?, ?, 'press', ?, 'x', 'x')",
                    (doc, f"https://presse.example/{doc}", doc),
                )
        for doc in ("d1", "d2", "d3"):
            claim = Claim(
                f"{doc}-c",
                doc,
                0,
                "figure",
                "126 100 patients touchés",
                "126 100 patients touchés",
                lemmas=lemmas,
                vector=vector,
            )
            save_analysis(store, _analysis(doc, (claim,)), "p", NOW)  # type: ignore[arg-type]
        db = store.db
        assert db.execute("SELECT COUNT(*) FROM claim_words").fetchone()[0] == 1
        # 301 bytes of vector and the lemmas once; each claim holds the row's id.
        assert db.execute("SELECT SUM(LENGTH(vector)) FROM claim_words").fetchone()[0] == 301
        assert (
            db.execute(
                "SELECT MAX(LENGTH(CAST(lemmas AS BLOB)) + IFNULL(LENGTH(vector), 0)) FROM claims"
            ).fetchone()[0]
            == 2
        )  # "[]", NULL: a row id instead
        assert {r[0] for r in db.execute("SELECT typeof(words) FROM claims")} == {"integer"}
        loaded = load_claims(store, ["d1", "d2", "d3"])
        assert [c.lemmas for c in loaded] == [lemmas] * 3
        assert [decode_vector(encode_vector(vector))] * 3 == [c.vector for c in loaded]
        assert np.allclose(
            np.frombuffer(loaded[0].vector, np.float32),
            np.frombuffer(vector, np.float32),
            atol=0.01,
        )
        # A claim stored before migration 9 keeps its own lemmas and vector, read as before.
        with store.transaction() as db:
            db.execute(
                "INSERT INTO claims(id, document_id, position, kind, text, sentence,"
                " lemmas, vector, first_revno, last_revno) VALUES ('old', 'd1', 1,"
                " 'figure', 't', '', '[\"ancien\"]', ?, 1, 1)",
                (encode_vector(vector),),
            )
            assert prune_words(db) == 0
        old = next(c for c in load_claims(store, ["d1"]) if c.id == "old")
        assert old.lemmas == ("ancien",) and old.vector == loaded[0].vector
        save_analysis(store, _analysis("d1", ()), "p", NOW)  # type: ignore[arg-type]
        save_analysis(store, _analysis("d2", ()), "p", NOW)  # type: ignore[arg-type]
        with store.transaction() as db:  # d3's claim still refers to them
            assert prune_words(db) == 0


def test_press_documents_keep_only_the_sentences_that_date_the_attack(data_dir: Path) -> None:
    dated = Facets(
        dates=(DateSpan("2025-07-02", "2025-07-02", text="2 juillet"),), topics=("attack",)
    )
    with CollectionStore(data_dir / "vigie.sqlite3") as store:
        with store.transaction() as db:
            db.execute(
                "INSERT INTO documents(id, url, kind, cluster, first_seen, fetched_at)"
                " VALUES ('d1', 'https://presse.example/a', 'press', 'd1', 'x', 'x')"
            )
        sentences = (
            Sentence("d1", 0, "Le 2 juillet, une cyberattaque a frappé l'hôpital.", facets=dated),
            Sentence("d1", 1, "Une plainte a été déposée.", facets=Facets(topics=("complaint",))),
            Sentence("d1", 2, "L'attaque est grave.", facets=Facets(topics=("attack",))),
            Sentence("d1", 3, "Rien à signaler."),
        )
        save_analysis(store, _analysis("d1", (), sentences), "p", NOW)  # type: ignore[arg-type]
        assert [r[0] for r in store.db.execute("SELECT position FROM sentences")] == [0]
        assert attack_facets(store, ["d1"]) == {"d1": [dated]}
