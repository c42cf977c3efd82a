"""Reading and writing check-stage records in the store (schema v2 of `scraper.store`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from claims.records import Claim, Facets, Quote, Sentence, Verdict, dumps
from scraper.store import Store, iso

if TYPE_CHECKING:  # detect imports spaCy; a check with nothing to analyse needs none
    from claims.detect import Analysis


def pending_documents(store: Store, pipeline: str) -> list[dict[str, object]]:
    """Documents whose latest revision has not been analysed by this pipeline, by id."""
    rows = store.db.execute(
        "SELECT d.id, d.url, d.kind, d.published, r.revno, r.text, r.text_hash"
        " FROM documents d JOIN revisions r ON r.document_id = d.id"
        " AND r.revno = (SELECT MAX(revno) FROM revisions WHERE document_id = d.id)"
        " LEFT JOIN analyses a ON a.document_id = d.id"
        " WHERE a.document_id IS NULL OR a.text_hash != r.text_hash OR a.pipeline != ?"
        " ORDER BY d.id", (pipeline,),
    ).fetchall()
    return [dict(r) for r in rows]


def save_analysis(store: Store, analysis: Analysis, pipeline: str, now: datetime) -> None:
    """Replace a document's sentences and mentions, and reconcile its claims, atomically.

    Claims keep their id across revisions when their text is unchanged; a claim missing
    from the new revision is marked `vanished`, not deleted (silent edits stay visible).
    """
    doc = analysis.document_id
    with store.transaction() as db:
        db.execute("DELETE FROM sentences WHERE document_id = ?", (doc,))
        db.execute("DELETE FROM mentions WHERE document_id = ?", (doc,))
        db.executemany(
            "INSERT INTO sentences(document_id, position, text, lemmas, negated, hedges, facets,"
            " entities, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc, s.position, s.text, dumps(s.lemmas), int(s.negated), dumps(s.hedges),
              s.facets.to_json(), dumps(s.entities), s.vector or None)
             for s in analysis.sentences],
        )
        db.executemany(
            "INSERT INTO mentions(document_id, label, text, key, count) VALUES (?, ?, ?, ?, ?)",
            [(doc, *m) for m in analysis.mentions],
        )
        old = {r[0] for r in db.execute("SELECT id FROM claims WHERE document_id = ?", (doc,))}
        for c in analysis.claims:
            db.execute(
                "INSERT INTO claims(id, document_id, position, kind, text, sentence, negated,"
                " hedges, facets, entities, lemmas, vector, quote, status, first_revno,"
                " last_revno) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'current', ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET position=excluded.position, kind=excluded.kind,"
                " sentence=excluded.sentence, negated=excluded.negated, hedges=excluded.hedges,"
                " facets=excluded.facets, entities=excluded.entities, lemmas=excluded.lemmas,"
                " vector=excluded.vector,"
                " quote=excluded.quote,"
                " status='current', last_revno=excluded.last_revno",
                (c.id, doc, c.position, c.kind, c.text, c.sentence, int(c.negated),
                 dumps(c.hedges), c.facets.to_json(), dumps(c.entities), dumps(c.lemmas),
                 c.vector or None,
                 dumps(asdict(c.quote)) if c.quote else None, analysis.revno, analysis.revno),
            )
        gone = old - {c.id for c in analysis.claims}
        db.executemany("UPDATE claims SET status = 'vanished' WHERE id = ?",
                       [(i,) for i in sorted(gone)])
        db.execute(
            "INSERT OR REPLACE INTO analyses(document_id, revno, text_hash, pipeline, analysed_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (doc, analysis.revno, analysis.text_hash, pipeline, iso(now)),
        )


def _sentence(row: dict[str, Any]) -> Sentence:
    return Sentence(
        document_id=str(row["document_id"]), position=int(row["position"]),
        text=str(row["text"]), lemmas=tuple(json.loads(str(row["lemmas"]))),
        negated=bool(row["negated"]), hedges=tuple(json.loads(str(row["hedges"]))),
        facets=Facets.from_json(str(row["facets"])),
        entities=tuple(tuple(e) for e in json.loads(str(row["entities"]))),  # type: ignore[misc]
        vector=row["vector"] or b"",
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
            "SELECT * FROM claims WHERE document_id = ? AND status = 'current'"
            " ORDER BY position, id",
            (doc,),
        ).fetchall()
        for r in rows:
            quote = json.loads(r["quote"]) if r["quote"] else None
            claims.append(Claim(
                id=r["id"], document_id=r["document_id"], position=r["position"],
                kind=r["kind"], text=r["text"], sentence=r["sentence"],
                negated=bool(r["negated"]), hedges=tuple(json.loads(r["hedges"])),
                facets=Facets.from_json(r["facets"]),
                entities=tuple(tuple(e) for e in json.loads(r["entities"])),
                quote=Quote(**quote) if quote else None,
                lemmas=tuple(json.loads(r["lemmas"])), vector=r["vector"] or b"",
            ))
    return claims


def save_verdicts(store: Store, verdicts: Iterable[Verdict], now: datetime) -> None:
    """Replace the verdicts of these claims in one transaction."""
    with store.transaction() as db:
        db.executemany(
            "INSERT OR REPLACE INTO verdicts(claim_id, verdict, reason, evidence, flags,"
            " checked_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(v.claim_id, v.verdict, v.reason, dumps([vars(e) for e in v.evidence]),
              dumps(sorted(v.flags)), iso(now)) for v in verdicts],
        )
