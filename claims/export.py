"""`vigie export claims`: every claim with its verdict, evidence and review, as JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from claims.records import Facets
from core import evidence
from core.settings import Settings
from core.store import open_store


def export_claims(settings: Settings) -> Iterator[dict[str, Any]]:
    """Claims in document URL then position order (current ones, then vanished)."""
    with open_store(settings) as store:
        rows = store.db.execute(
            "SELECT c.*, d.url AS doc_url, d.outlet AS outlet, i.incident AS incident,"
            " v.verdict AS verdict, v.reason AS reason, v.evidence AS evidence, v.flags AS flags,"
            " r.verdict AS r_verdict, r.note AS r_note, r.reviewer AS r_reviewer, r.date AS r_date"
            " FROM claims c JOIN documents d ON d.id = c.document_id"
            " LEFT JOIN incident_documents i ON i.document_id = c.document_id"
            " LEFT JOIN verdicts v ON v.claim_id = c.id"
            " LEFT JOIN reviews r ON r.claim_id = c.id"
            " ORDER BY d.url, c.status, c.position, c.id"
        ).fetchall()
        cited = evidence.texts(store.db)
        for r in rows:
            yield record(dict(r), cited)


def record(r: dict[str, Any], cited: Mapping[str, tuple[str, str]]) -> dict[str, Any]:
    """One export record from a joined row (`cited`: the store's evidence sentences)."""
    flags = json.loads(r["flags"]) if r["flags"] else []
    if r["status"] == "vanished":
        flags = sorted({*flags, "changed_after_publication"})
    review = None
    if r["r_verdict"]:
        review = {
            "verdict": r["r_verdict"],
            "note": r["r_note"],
            "reviewer": r["r_reviewer"],
            "date": r["r_date"],
        }
    return {
        "id": r["id"],
        "doc_url": r["doc_url"],
        "outlet": r["outlet"],
        "incident": r["incident"],
        "kind": r["kind"],
        "status": r["status"],
        "text": r["text"],
        "sentence": r["sentence"] or r["text"],  # stored empty when it is the clause
        "verdict": r["verdict"],
        "reason": r["reason"],
        "evidence": evidence.expand(r["evidence"], cited),
        "entities": [{"text": t, "label": label} for t, label in json.loads(r["entities"])],
        "facets": json.loads(Facets.from_json(r["facets"]).to_json()),  # stored compact
        "quote": json.loads(r["quote"]) if r["quote"] else None,
        "flags": flags,
        "review": review,
    }
