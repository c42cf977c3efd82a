"""The store's connection (SQLite, WAL), shared by every stage.

`Store` opens the data dir's database, refuses one written by a newer Vigie Santé, and applies
the pending migrations of every stage (`core.migrations`). The collection stage's reads and
writes are in `scraper.store.CollectionStore`, a subclass; the check stage writes through
`Store.db` and `Store.transaction()`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Self

from core.errors import VigieError
from core.evidence import compact_json, evidence_id
from core.migrations import migrations
from core.settings import Settings

__all__ = ["Store", "check_schema", "iso", "open_store", "store_error"]


def iso(value: datetime | None) -> str | None:
    """ISO 8601 text for the store, or None."""
    return value.isoformat() if value else None


def check_schema(path: Path, version: int) -> None:
    """VigieError for a store written by a newer Vigie Santé (more migrations than known)."""
    known = len(migrations())
    if version > known:
        raise VigieError(
            f"{path}: store schema v{version} is newer than this vigie"
            f" (v{known}); upgrade vigie-sante, the store was not touched"
        )


def store_error(path: Path, exc: sqlite3.Error) -> VigieError:
    """One line for a store SQLite cannot use: not a database, damaged, unwritable, full."""
    reason = " ".join(str(exc).split()) or type(exc).__name__
    if "not a database" in reason or "malformed" in reason:
        return VigieError(f"{path}: not a usable Vigie Santé store ({reason})")
    return VigieError(f"{path}: {reason}")


class Store:
    """A connection to the store; use one per thread (the pipeline writes from one thread)."""

    def __init__(self, path: Path) -> None:
        if path.parent.exists() and not path.parent.is_dir():
            raise VigieError(f"{path.parent}: not a directory (--data-dir names a file)")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, timeout=30.0)
        try:
            self.db.row_factory = sqlite3.Row
            # For migration 9 (the evidence of existing verdicts moves to evidence_texts).
            self.db.create_function("vigie_evidence_id", 2, evidence_id, deterministic=True)
            self.db.create_function("vigie_compact_evidence", 1, compact_json, deterministic=True)
            check_schema(path, self.schema_version)  # before anything is written
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise store_error(path, exc) from None
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        """The migration level of the open database."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply pending migrations, each in its own transaction with its version bump."""
        for version, script in enumerate(migrations(), start=1):
            if self.schema_version >= version:
                continue
            with self.transaction() as db:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {version}")


def open_store(settings: Settings) -> Store:
    """Open (and migrate) the store under the data dir."""
    try:
        return Store(settings.db_path)
    except OSError as exc:
        raise VigieError(f"{settings.db_path}: cannot open the store ({exc})") from None
