"""Fact-checkers' reviews: a TOML file beside the data that overrides automatic verdicts.

```toml
[[review]]
claim = "3f2a9c0d1e2b4a5c"      # claim id
verdict = "contradicted"        # supported | contradicted | unsupported | no_official_source
note = "Le communiqué du 10/09 dément ce chiffre."
reviewer = "A. Martin"
date = 2025-09-12
```
Both verdicts stay visible in exports and on the site. A malformed file raises an error
naming the file and the line, and nothing of it is applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.errors import ConfigError
from core.store import Store
from core.tomlfile import read_tables
from core.verdicts import VERDICTS

FIELDS = {"claim", "verdict", "note", "reviewer", "date"}


@dataclass(frozen=True)
class Review:
    """A person's verdict on one claim."""

    claim_id: str
    verdict: str
    note: str
    reviewer: str
    date: str  # ISO


def load(path: Path) -> list[Review]:
    """Read and validate the reviews file; [] when it does not exist."""
    if not path.is_file():
        return []
    out, seen = [], set()
    for where, item in read_tables(path, "review"):
        review = _validate(item, where)
        if review.claim_id in seen:
            raise ConfigError(f"{where}: claim {review.claim_id} reviewed twice")
        seen.add(review.claim_id)
        out.append(review)
    return out


def _validate(item: object, where: str) -> Review:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: a review must be a table")
    unknown = set(item) - FIELDS
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for key in ("claim", "verdict", "reviewer"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise ConfigError(f"{where}: '{key}' is required (a non-empty string)")
    if item["verdict"] not in VERDICTS:
        raise ConfigError(f"{where}: verdict must be one of {', '.join(VERDICTS)}")
    when = item.get("date")
    if not isinstance(when, date):
        raise ConfigError(f"{where}: 'date' is required (YYYY-MM-DD, unquoted)")
    note = item.get("note", "")
    if not isinstance(note, str):
        raise ConfigError(f"{where}: 'note' must be a string")
    return Review(
        item["claim"].strip(), item["verdict"], note, item["reviewer"].strip(), when.isoformat()
    )


def store(db_store: Store, reviews: list[Review]) -> None:
    """Make the reviews table mirror the file, in one transaction."""
    with db_store.transaction() as db:
        db.execute("DELETE FROM reviews")
        db.executemany(
            "INSERT INTO reviews(claim_id, verdict, note, reviewer, date) VALUES (?, ?, ?, ?, ?)",
            [(r.claim_id, r.verdict, r.note, r.reviewer, r.date) for r in reviews],
        )
