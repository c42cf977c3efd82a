"""Helpers of the hardening tests (a plain module: importing from a conftest is ambiguous)."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from core.settings import FetchSettings

# The client's real code with shorter bounds, so that a fault costs seconds, not minutes. A
# URL costs at most (retries + 1) * (connect + total + read) + backoffs.
FAST = FetchSettings(
    connect_timeout=1.0,
    read_timeout=1.0,
    total_timeout=2.0,
    retries=2,
    backoff_base=0.05,
    max_retry_after=2.0,
    host_interval=0.0,
)
URL_BOUND = (FAST.retries + 1) * (
    FAST.connect_timeout + FAST.total_timeout + FAST.read_timeout
) + 1.0


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one in-process `vigie collect` did."""

    code: int
    out: str
    err: str
    seconds: float
    db: Path

    def lines_naming(self, url: str) -> list[str]:
        """Standard-error lines that mention `url`."""
        return [line.strip() for line in self.err.splitlines() if url in line]

    def documents(self) -> list[str]:
        """Stored document URLs."""
        return [r[0] for r in query(self.db, "SELECT url FROM documents ORDER BY url")]


def query(db: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    """Rows of a read-only query on a store."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in con.execute(sql, args)]
    finally:
        con.close()
