"""Reading and writing check-stage records in the store (tables of `claims.schema`).

The store keeps what later stages read, once, compactly (`bench/results.md` gives each
table's cost per document):

- word vectors (300 float32, 1.2 KB) are stored as one tag byte and 300 int8 components
  scaled to the largest (`encode_vector`), and read back as unit float32 vectors
  (`decode_vector`): the cosine similarities move by about 1e-4, the verdicts do not;
- a press document keeps only the facets of its sentences that have a date and an attack
  topic (what the incident's start date reads): its claims carry their own text, lemmas and
  vector, and only official sentences are ever compared with claims;
- a claim's lemmas and vector are kept once in `claim_words`, by content (syndicated copies
  and repeated sentences share them; `claims.words` is its row id, `claims.lemmas` and
  `claims.vector` stay empty but in stores written before migration 9);
- facets leave out their empty lists, and a claim whose clause is its whole sentence stores
  an empty `sentence` (read back as the clause; `claims.export` and the site do the same).

A document never analysed has every revision analysed in order (`pending_documents`), so a
store rebuilt from a snapshot (`vigie snapshot load`) gets the claims that vanished from
edited articles, with their revision numbers, as a store checked after every collect has.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from claims.records import Claim, Facets, Quote, Sentence, Verdict, dumps
from core import evidence
from core.store import Store, iso
from core.vocabulary import topic_set

if TYPE_CHECKING:  # detect imports spaCy; a check with nothing to analyse needs none
    from claims.detect import Analysis


VECTOR_INT8 = b"\x01"  # tag of an int8 vector (a raw float32 vector has a length of 4n)


def encode_vector(vector: bytes) -> bytes | None:
    """A unit float32 vector as stored: a tag byte, then each component as int8 scaled so
    that the largest is ±127 (a quarter of the size). None for no vector."""
    import numpy as np  # here: a check with nothing to analyse never imports numpy

    values = np.frombuffer(vector, dtype=np.float32) if vector else np.zeros(0, np.float32)
    peak = float(np.abs(values).max()) if values.size else 0.0
    if not peak:
        return None
    return VECTOR_INT8 + np.rint(values * (127.0 / peak)).astype(np.int8).tobytes()


def decode_vector(blob: bytes | None) -> bytes:
    """A stored vector as unit float32 bytes (b"" for none); raw float32 passes through."""
    if not blob:
        return b""
    if len(blob) % 4 == 1 and blob[:1] == VECTOR_INT8:
        import numpy as np

        values = np.frombuffer(blob, dtype=np.int8, offset=1).astype(np.float32)
        norm = float(np.linalg.norm(values))
        return (values / norm).astype(np.float32).tobytes() if norm else b""
    return bytes(blob)


def compact_facets(facets: Facets) -> str:
    """Facets as stored: their JSON without the empty lists (`Facets.from_json` reads it)."""
    return dumps({k: v for k, v in asdict(facets).items() if v})


# Topics of a sentence that can date an attack (`claims.check.started`): a press sentence is
# stored only with one of them and a date, since nothing else reads press sentences.
ATTACK_DATING_TOPICS = topic_set("attack_dating")  # core/data/topic_sets.toml


def pending_documents(store: Store, pipeline: str) -> list[dict[str, object]]:
    """What to analyse, by document id then revision: the latest revision of documents whose
    analysis is stale (new text or pipeline), and every revision, in order, of documents never
    analysed (so their vanished claims are recorded as if each revision had been checked)."""
    rows = store.db.execute(
        "SELECT d.id, d.url, d.kind, d.published, r.revno, r.text, r.text_hash"
        " FROM documents d JOIN revisions r ON r.document_id = d.id"
        " LEFT JOIN analyses a ON a.document_id = d.id"
        " WHERE a.document_id IS NULL OR (r.revno = (SELECT MAX(revno) FROM revisions"
        " WHERE document_id = d.id) AND (a.text_hash != r.text_hash OR a.pipeline != ?))"
        " ORDER BY d.id, r.revno",
        (pipeline,),
    ).fetchall()
    return [dict(r) for r in rows]


def save_analysis(store: Store, analysis: Analysis, pipeline: str, now: datetime) -> None:
    """Replace a document's sentences and mentions, and reconcile its claims, atomically.

    Claims keep their id across revisions when their text is unchanged; a claim missing
    from the new revision is marked `vanished`, not deleted (silent edits stay visible).
    """
    doc = analysis.document_id
    with store.transaction() as db:
        kind = db.execute("SELECT kind FROM documents WHERE id = ?", (doc,)).fetchone()
        db.execute("DELETE FROM sentences WHERE document_id = ?", (doc,))
        db.execute("DELETE FROM mentions WHERE document_id = ?", (doc,))
        if kind is not None and kind[0] == "official":
            sentences = [
                (
                    doc,
                    s.position,
                    s.text,
                    dumps(s.lemmas),
                    int(s.negated),
                    dumps(s.hedges),
                    compact_facets(s.facets),
                    dumps(s.entities),
                    encode_vector(s.vector),
                )
                for s in analysis.sentences
            ]
        else:  # press: the facets only, of the sentences that date the attack
            sentences = [
                (
                    doc,
                    s.position,
                    "",
                    "[]",
                    int(s.negated),
                    "[]",
                    compact_facets(s.facets),
                    "[]",
                    None,
                )
                for s in analysis.sentences
                if s.facets.dates and ATTACK_DATING_TOPICS & set(s.facets.topics)
            ]
        db.executemany(
            "INSERT INTO sentences(document_id, position, text, lemmas, negated, hedges, facets,"
            " entities, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            sentences,
        )
        db.executemany(
            "INSERT INTO mentions(document_id, label, text, key, count) VALUES (?, ?, ?, ?, ?)",
            [(doc, *m) for m in analysis.mentions],
        )
        old = {r[0] for r in db.execute("SELECT id FROM claims WHERE document_id = ?", (doc,))}
        for c in analysis.claims:
            words = _save_words(db, dumps(c.lemmas), encode_vector(c.vector))
            db.execute(
                "INSERT INTO claims(id, document_id, position, kind, text, sentence, negated,"
                " hedges, facets, entities, lemmas, vector, words, quote, status, first_revno,"
                " last_revno) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', NULL, ?, ?, 'current',"
                " ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET position=excluded.position, kind=excluded.kind,"
                " sentence=excluded.sentence, negated=excluded.negated, hedges=excluded.hedges,"
                " facets=excluded.facets, entities=excluded.entities, lemmas=excluded.lemmas,"
                " vector=excluded.vector, words=excluded.words,"
                " quote=excluded.quote,"
                " status='current', last_revno=excluded.last_revno",
                (
                    c.id,
                    doc,
                    c.position,
                    c.kind,
                    c.text,
                    "" if c.sentence == c.text else c.sentence,
                    int(c.negated),
                    dumps(c.hedges),
                    compact_facets(c.facets),
                    dumps(c.entities),
                    words,
                    dumps(asdict(c.quote)) if c.quote else None,
                    analysis.revno,
                    analysis.revno,
                ),
            )
        gone = old - {c.id for c in analysis.claims}
        db.executemany(
            "UPDATE claims SET status = 'vanished' WHERE id = ?", [(i,) for i in sorted(gone)]
        )
        for claim in sorted(gone):  # the verdict it had, when a snapshot kept it
            db.execute(
                "INSERT OR REPLACE INTO verdicts SELECT * FROM kept_verdicts WHERE claim_id = ?",
                (claim,),
            )
            db.execute("DELETE FROM kept_verdicts WHERE claim_id = ?", (claim,))
        db.execute(
            "INSERT OR REPLACE INTO analyses(document_id, revno, text_hash, pipeline, analysed_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (doc, analysis.revno, analysis.text_hash, pipeline, iso(now)),
        )


def words_hash(lemmas: str, vector: bytes | None) -> int:
    """Content address of a claim's lemmas and vector (64 bits of SHA-256, a signed integer)."""
    digest = hashlib.sha256(lemmas.encode())
    digest.update(b"\0" + (vector or b""))
    return int.from_bytes(digest.digest()[:8], "big", signed=True)


def _save_words(db: sqlite3.Connection, lemmas: str, vector: bytes | None) -> int:
    """The row id of these lemmas and vector in `claim_words`, added when new."""
    key = words_hash(lemmas, vector)
    db.execute(
        "INSERT INTO claim_words(hash, lemmas, vector) VALUES (?, ?, ?)"
        " ON CONFLICT(hash) DO NOTHING",
        (key, lemmas, vector),
    )
    row, stored_lemmas, stored_vector = db.execute(
        "SELECT id, lemmas, vector FROM claim_words WHERE hash = ?", (key,)
    ).fetchone()
    if stored_lemmas != lemmas or stored_vector != vector:  # one hash, two contents
        raise ValueError(f"claim words hash collision: {key}")
    return int(row)


def prune_words(db: sqlite3.Connection) -> int:
    """Drop the lemmas and vectors no claim refers to any more; rows removed."""
    return db.execute(
        "DELETE FROM claim_words WHERE id NOT IN (SELECT words FROM claims WHERE words IS NOT NULL)"
    ).rowcount


def _sentence(row: dict[str, Any]) -> Sentence:
    return Sentence(
        document_id=str(row["document_id"]),
        position=int(row["position"]),
        text=str(row["text"]),
        lemmas=tuple(json.loads(str(row["lemmas"]))),
        negated=bool(row["negated"]),
        hedges=tuple(json.loads(str(row["hedges"]))),
        facets=Facets.from_json(str(row["facets"])),
        entities=tuple(tuple(e) for e in json.loads(str(row["entities"]))),  # type: ignore[misc]
        vector=decode_vector(row["vector"]),
    )


def load_sentences(store: Store, doc_ids: Iterable[str]) -> dict[str, list[Sentence]]:
    """Sentences of some documents, in order, keyed by document id."""
    out: dict[str, list[Sentence]] = {}
    for doc in sorted(set(doc_ids)):
        rows = store.db.execute(
            "SELECT * FROM sentences WHERE document_id = ? ORDER BY position", (doc,)
        ).fetchall()
        out[doc] = [_sentence(dict(r)) for r in rows]
    return out


def load_claims(store: Store, doc_ids: Iterable[str]) -> list[Claim]:
    """Current claims of some documents, in document and position order."""
    claims = []
    for doc in sorted(set(doc_ids)):
        rows = store.db.execute(
            "SELECT c.*, COALESCE(w.lemmas, c.lemmas) AS words_lemmas,"
            " COALESCE(w.vector, c.vector) AS words_vector FROM claims c"
            " LEFT JOIN claim_words w ON w.id = c.words"
            " WHERE c.document_id = ? AND c.status = 'current' ORDER BY c.position, c.id",
            (doc,),
        ).fetchall()
        for r in rows:
            quote = json.loads(r["quote"]) if r["quote"] else None
            claims.append(
                Claim(
                    id=r["id"],
                    document_id=r["document_id"],
                    position=r["position"],
                    kind=r["kind"],
                    text=r["text"],
                    sentence=r["sentence"] or r["text"],
                    negated=bool(r["negated"]),
                    hedges=tuple(json.loads(r["hedges"])),
                    facets=Facets.from_json(r["facets"]),
                    entities=tuple(tuple(e) for e in json.loads(r["entities"])),
                    quote=Quote(**quote) if quote else None,
                    lemmas=tuple(json.loads(r["words_lemmas"])),
                    vector=decode_vector(r["words_vector"]),
                )
            )
    return claims


def save_verdicts(store: Store, verdicts: Iterable[Verdict], now: datetime) -> None:
    """Replace the verdicts of these claims in one transaction."""
    with store.transaction() as db:
        db.executemany(
            "INSERT OR REPLACE INTO verdicts(claim_id, verdict, reason, evidence, flags,"
            " checked_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    v.claim_id,
                    v.verdict,
                    v.reason,
                    evidence.compact(db, map(vars, v.evidence)),
                    dumps(sorted(v.flags)),
                    iso(now),
                )
                for v in verdicts
            ],
        )
