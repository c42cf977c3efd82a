"""Verdict evidence in the store: each cited official sentence kept once.

A verdict cites up to three official sentences, `{doc_url, text, score}`. The same sentence
backs many claims (every article on an incident cites the same communiqué), so the store keeps
each (doc_url, text) once in `evidence_texts`, keyed by a hash of both, and a verdict's
`evidence` column holds `[[id, score], ...]`. The table is content-addressed and independent of
`sentences`: verdicts of vanished claims are history and keep their evidence after the official
document is analysed again or changes; `prune` drops only the rows no verdict refers to.

Readers see the full form, `[{doc_url, score, text}]`, through `expand` (`vigie export claims`,
the site, snapshots); writers go through `compact`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["compact", "compact_json", "evidence_id", "expand", "expand_json", "prune", "texts"]


def evidence_id(doc_url: str, text: str) -> str:
    """Content address of one cited sentence (64 bits of SHA-256 of its document and text)."""
    return hashlib.sha256(f"{doc_url}\0{text}".encode()).hexdigest()[:16]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def compact(db: sqlite3.Connection, items: Iterable[Mapping[str, Any]]) -> str:
    """Store the texts of these evidence items (once each) and return the verdict's column."""
    out = []
    for item in items:
        doc_url, text = str(item["doc_url"]), str(item["text"])
        key = evidence_id(doc_url, text)
        db.execute(
            "INSERT INTO evidence_texts(id, doc_url, text) VALUES (?, ?, ?)"
            " ON CONFLICT(id) DO NOTHING",
            (key, doc_url, text),
        )
        stored = db.execute(
            "SELECT doc_url, text FROM evidence_texts WHERE id = ?", (key,)
        ).fetchone()
        if tuple(stored) != (doc_url, text):  # two sentences, one hash: never silently merged
            raise ValueError(f"evidence id collision: {key}")
        out.append([key, item["score"]])
    return _dumps(out)


def compact_json(raw: str) -> str:
    """The compact column for a full evidence JSON (the migration's SQL function; the texts
    are inserted by the migration itself)."""
    items = json.loads(raw) if raw else []
    return _dumps([[evidence_id(str(i["doc_url"]), str(i["text"])), i["score"]] for i in items])


def texts(db: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """Every stored evidence sentence: id -> (doc_url, text); none in a store older than
    migration 9, opened read-only by the site (its verdicts still hold the full form)."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'evidence_texts'").fetchone():
        return {}
    return {
        str(r[0]): (str(r[1]), str(r[2]))
        for r in db.execute("SELECT id, doc_url, text FROM evidence_texts")
    }


def expand(raw: str | None, known: Mapping[str, tuple[str, str]]) -> list[dict[str, Any]]:
    """The full evidence of a verdict's column: `[{doc_url, score, text}]`, in order (an item
    already in the full form, from a store not migrated yet, is kept as it is)."""
    try:
        entries = json.loads(raw) if raw else []
    except ValueError:
        return []
    out = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            out.append(entry)
        elif (
            isinstance(entry, list)
            and len(entry) == 2
            and isinstance(entry[0], str)
            and entry[0] in known
        ):
            doc_url, text = known[entry[0]]
            out.append({"doc_url": doc_url, "score": entry[1], "text": text})
    return out


def expand_json(raw: str | None, known: Mapping[str, tuple[str, str]]) -> str:
    """`expand` as the JSON text verdicts held before the texts moved out (snapshots)."""
    return _dumps(expand(raw, known))


def prune(db: sqlite3.Connection) -> int:
    """Drop the sentences no verdict cites any more (kept verdicts included); rows removed."""
    return db.execute(
        "DELETE FROM evidence_texts WHERE id NOT IN ("
        " SELECT json_extract(e.value, '$[0]') FROM verdicts v, json_each(v.evidence) e"
        " UNION SELECT json_extract(e.value, '$[0]') FROM kept_verdicts k,"
        " json_each(k.evidence) e)"
    ).rowcount
