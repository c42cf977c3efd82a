"""The site's store digest (`sitegen/stamp.py`) must change whenever what the pages show
changes, or a build with "nothing new" would leave a stale site.

Every column of every table the site reads (`sitegen/data.py`, `sitegen/sources.py`,
`core/source_health.py`) is changed in turn on a copy of the fixture store; the digest must move,
unless the column is listed below with the shown column that always changes with it (a text
and its hash, what an analysis wrote and the analysis row) or as never shown. A new column, or
a new table read by the site, fails this test until it is added to `SHOWN` or listed here.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from bench.storefix import fixture_store
from sitegen.config import SiteConfig
from sitegen.stamp import store_digest

REPO = Path(__file__).resolve().parents[2]
READERS = ("sitegen/data.py", "sitegen/sources.py", "core/source_health.py")
THROUGH_HELPERS = ("evidence_texts",)  # read by sitegen/data.py through core.evidence.texts

# Columns whose change always comes with a change of a column the digest holds.
FOLLOWS = {
    # Written by an analysis: a new analysis rewrites `analyses` (text_hash, pipeline,
    # analysed_at), which the digest holds.
    **{
        ("claims", c): "analyses"
        for c in ("text", "sentence", "negated", "hedges", "facets", "entities", "quote")
    },
    **{("sentences", c): "analyses" for c in ("text", "negated", "hedges", "facets", "entities")},
    **{("mentions", c): "analyses" for c in ("label", "text", "key", "count")},
    ("revisions", "text"): "revisions.text_hash",
    ("verdicts", "evidence"): "verdicts.checked_at (a verdict written again is dated again)",
    ("incidents", "facts"): "incidents.input_hash",
    ("documents", "minhash"): "documents.cluster (the only use of the signature)",
    # Cited official sentences are stored by content address: another text is another id,
    # cited by verdicts written again.
    **{("evidence_texts", c): "verdicts.checked_at" for c in ("id", "doc_url", "text")},
    # The Sources page shows days: the digest holds the day of the last error-free poll, so a
    # poll changes the site at most once a day; a failing feed's last success cannot move.
    ("feed_state", "last_polled"): "feed_state: its day when the poll succeeded",
    ("feed_state", "last_success"): "feed_state: the day of the last error-free poll",
}
# Columns no page shows.
NOT_SHOWN = {
    ("claims", "lemmas"),
    ("claims", "vector"),
    ("claims", "words"),
    ("sentences", "lemmas"),
    ("sentences", "vector"),
    ("sentences", "document_id"),
    ("sentences", "position"),
    ("mentions", "document_id"),
    ("revisions", "id"),
    ("drops", "run_id"),
    ("drops", "url"),
    ("drops", "detail"),
    ("drops", "at"),
    ("feed_state", "etag"),
    ("feed_state", "last_modified"),
    ("feed_state", "last_status"),
    ("sources", "domains"),
    ("documents", "author"),
    ("documents", "site_name"),
    ("documents", "language"),
}
# Values that satisfy the schema's CHECK constraints when a column is an enumeration.
ALTERNATES = ("vanished", "current", "official", "press", "supported", "unsupported")


def read_tables() -> list[str]:
    source = "".join((REPO / name).read_text(encoding="utf-8") for name in READERS)
    found = set(re.findall(r"\b(?:FROM|JOIN)\s+([a-z_]+)", source)) - {"pragma_table_info"}
    return sorted(found | set(THROUGH_HELPERS))


def columns(db_path: Path, table: str) -> list[tuple[str, str]]:
    db = sqlite3.connect(db_path)
    try:
        return [(r[1], r[2]) for r in db.execute(f"PRAGMA table_info({table})")]
    finally:
        db.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_store(tmp_path_factory.mktemp("stamp") / "vigie.sqlite3")


CONFIG = SiteConfig(site_url="https://example.org/", repo_url="https://example.org/repo")


def _changed(path: Path, table: str, column: str, cols: list[tuple[str, str]]) -> bool:
    """Change one row's `column`; True when the store digest moved."""
    db = sqlite3.connect(path)
    try:
        if not db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]:
            db.execute(
                f"INSERT INTO {table}({', '.join(c for c, _ in cols)})"
                f" VALUES ({', '.join('?' for _ in cols)})",
                [
                    1 if "INT" in kind.upper() else "press" if name == "kind" else "a"
                    for name, kind in cols
                ],
            )
            db.commit()
        before = store_digest(path, CONFIG)
        rowid, value = db.execute(f"SELECT rowid, {column} FROM {table} LIMIT 1").fetchone()
        for new in ((value + 1) if isinstance(value, int) else f"{value or ''}~", *ALTERNATES):
            if new == value:
                continue
            try:
                db.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (new, rowid))
                db.commit()
                break
            except sqlite3.IntegrityError:
                db.rollback()
        else:
            raise AssertionError(f"{table}.{column}: no value passes the schema's checks")
    finally:
        db.close()
    return store_digest(path, CONFIG) != before


def test_the_site_reads_the_tables_this_test_knows(base: Path) -> None:
    tables = read_tables()
    assert {"documents", "claims", "verdicts", "incidents", "sentences", "feed_state"} <= set(
        tables
    ), tables


@pytest.mark.parametrize("table", read_tables())
def test_every_shown_column_moves_the_store_digest(base: Path, tmp_path: Path, table: str) -> None:
    cols = columns(base, table)
    assert cols, f"{table}: not in the store"
    silent = []
    for column, _ in cols:
        if (table, column) in FOLLOWS or (table, column) in NOT_SHOWN:
            continue
        copy = tmp_path / f"{column}.sqlite3"
        shutil.copy(base, copy)
        if not _changed(copy, table, column, cols):
            silent.append(column)
    assert silent == [], (
        f"{table}: a change of {silent} leaves the site's store digest"
        " (sitegen/stamp.py SHOWN) unchanged: the site would go stale"
    )


# Core modules the site uses that make no difference to its pages.
NOT_SHOWN_CORE = {"core", "core.errors", "core.settings", "core.cli", "core.lock", "core.store"}


def test_the_digest_covers_the_core_modules_the_site_uses() -> None:
    """A change to a core module the pages depend on (verdict labels, evidence format, source
    health, the vocabulary) changes the store digest, like a change to sitegen itself."""
    import ast

    from sitegen.stamp import CORE_MODULES

    used: set[str] = set()
    for path in sorted((REPO / "sitegen").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("core"):
                used |= (
                    {
                        f"core.{a.name}" if (REPO / "core" / f"{a.name}.py").is_file() else "core"
                        for a in node.names
                    }
                    if node.module == "core"
                    else {node.module or ""}
                )
    covered = {f"core.{n.removesuffix('.py')}" for n in CORE_MODULES}
    assert used - NOT_SHOWN_CORE <= covered, used - NOT_SHOWN_CORE - covered
