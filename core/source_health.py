"""Source health: per source, its feeds' last answers, documents kept and drops by reason.

Read-only queries over an open store connection (the `vigie sources` command and the site's
"Sources" page use the same rows), merged with a list of declared sources: the registry with
its overlay for the command, the store's own `sources` table for the site. Every source the
store knows (a feed polled under its name, a document or a drop attributed to it, the demo's
included) gets a row, declared or not.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.source import Source
from core.store import check_schema


@dataclass(frozen=True)
class FeedHealth:
    """The last poll of one feed (all empty when never polled)."""

    url: str
    last_polled: str | None = None
    last_success: str | None = None
    last_status: int | None = None
    last_error: str = ""

    @property
    def failing(self) -> bool:
        """True when the feed's last poll failed."""
        return bool(self.last_error)

    def record(self) -> dict[str, object]:
        """Plain data for JSON."""
        return {
            "url": self.url,
            "last_polled": self.last_polled,
            "last_success": self.last_success,
            "last_status": self.last_status,
            "last_error": self.last_error,
        }


@dataclass(frozen=True)
class SourceHealth:
    """One row of `vigie sources`."""

    name: str
    kind: str
    region: str = ""
    homepage: str = ""
    feeds: tuple[FeedHealth, ...] = ()
    documents: int = 0
    drops: dict[str, int] = field(default_factory=dict)
    declared: bool = True  # in the registry given (False: known from the store only)

    @property
    def last_success(self) -> str | None:
        """The latest successful poll of any of its feeds."""
        return max((f.last_success for f in self.feeds if f.last_success), default=None)

    @property
    def last_error(self) -> str:
        """The error of its most recently failed feed, prefixed with the feed's address."""
        failing = sorted(
            (f for f in self.feeds if f.failing), key=lambda f: (f.last_polled or "", f.url)
        )
        return f"{failing[-1].url}: {failing[-1].last_error}" if failing else ""

    def record(self) -> dict[str, object]:
        """Plain data: one JSON Lines row."""
        return {
            "name": self.name,
            "kind": self.kind,
            "region": self.region,
            "homepage": self.homepage,
            "feeds": [f.record() for f in self.feeds],
            "documents": self.documents,
            "last_success": self.last_success,
            "last_error": self.last_error,
            "drops": dict(sorted(self.drops.items())),
            "declared": self.declared,
        }


def open_read_only(path: Path) -> sqlite3.Connection | None:
    """The store read-only, or None when there is none yet (nothing is created); a store
    newer than this code is refused (VigieError), like every other command does."""
    if not path.is_file():
        return None
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        check_schema(path, version)
    except BaseException:
        db.close()
        raise
    if version < 1:  # not migrated yet: empty
        db.close()
        return None
    return db


def stored_sources(db: sqlite3.Connection) -> list[Source]:
    """The sources recorded by the collects of this store (the registry each one used)."""
    rows = db.execute(
        "SELECT name, kind, region, homepage, feeds, domains FROM sources ORDER BY name"
    ).fetchall()
    return [
        Source(
            name=r["name"],
            kind=r["kind"],
            region=r["region"],
            homepage=r["homepage"],
            feeds=tuple(_strings(r["feeds"])),
            domains=tuple(_strings(r["domains"])),
        )
        for r in rows
    ]


def _strings(raw: object) -> list[str]:
    try:
        value = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def source_health(db: sqlite3.Connection | None, declared: Iterable[Source]) -> list[SourceHealth]:
    """One row per declared source and per source the store knows, sorted by name."""
    sources = {s.name: s for s in declared}
    if db is None:
        return [
            SourceHealth(
                s.name, s.kind, s.region, s.homepage, tuple(FeedHealth(u) for u in s.feeds)
            )
            for _, s in sorted(sources.items())
        ]
    known = {s.name: s for s in stored_sources(db)}
    feeds = _feeds(db)
    documents = _documents(db)
    drops = _drops(db)
    kinds = _document_kinds(db)
    names = set(sources) | set(known) | set(documents) | set(drops) | {owner for owner, _ in feeds}
    rows = []
    for name in sorted(n for n in names if n):
        source = sources.get(name) or known.get(name)
        urls = list(source.feeds) if source else []
        urls += sorted(url for owner, url in feeds if owner == name and url not in urls)
        kind = source.kind if source else kinds.get(name, "press")
        rows.append(
            SourceHealth(
                name=name,
                kind=kind,
                region=source.region if source else "",
                homepage=source.homepage if source else "",
                feeds=tuple(feeds.get((name, u)) or _polled_elsewhere(feeds, u) for u in urls),
                documents=documents.get(name, 0),
                drops=drops.get(name, {}),
                declared=name in sources,
            )
        )
    return rows


def _polled_elsewhere(feeds: dict[tuple[str, str], FeedHealth], url: str) -> FeedHealth:
    """A feed's state recorded under another source name (renamed source), else empty."""
    return next((f for (_, u), f in sorted(feeds.items()) if u == url), FeedHealth(url))


def _feeds(db: sqlite3.Connection) -> dict[tuple[str, str], FeedHealth]:
    """Feed states; a store before migration 6 (schema 4 or 5, no `last_success`) is read as
    it is, the last success derived from the last poll when it had no error."""
    columns = {r[1] for r in db.execute("PRAGMA table_info(feed_state)")}
    success = (
        "last_success"
        if "last_success" in columns
        else ("CASE WHEN last_error = '' THEN last_polled END")
    )
    rows = db.execute(
        f"SELECT source, url, last_polled, {success} AS last_success,"
        " last_status, last_error FROM feed_state ORDER BY source, url"
    )
    return {
        (r["source"], r["url"]): FeedHealth(
            r["url"], r["last_polled"], r["last_success"], r["last_status"], r["last_error"] or ""
        )
        for r in rows
    }


def _documents(db: sqlite3.Connection) -> dict[str, int]:
    """Documents per source: the feed's source that led to it, or the outlet it belongs to."""
    rows = db.execute(
        "SELECT name, COUNT(DISTINCT id) FROM (SELECT source AS name, id"
        " FROM documents UNION SELECT outlet, id FROM documents)"
        " GROUP BY name"
    )
    return {str(name): int(count) for name, count in rows}


def _document_kinds(db: sqlite3.Connection) -> dict[str, str]:
    rows = db.execute("SELECT source, MIN(kind) FROM documents GROUP BY source")
    return {str(name): str(kind) for name, kind in rows}


def _drops(db: sqlite3.Connection) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for source, reason, count in db.execute(
        "SELECT source, reason, COUNT(*) FROM drops GROUP BY source, reason"
    ):
        counts[str(source)][str(reason)] = int(count)
    return dict(counts)


def summary_markdown(rows: list[SourceHealth]) -> str:
    """A short Markdown health summary (for a CI job summary): failing feeds first."""
    feeds = [(row, feed) for row in rows for feed in row.feeds]
    failing = sorted(
        ((r, f) for r, f in feeds if f.failing),
        key=lambda rf: (rf[1].last_success or "", rf[0].name, rf[1].url),
    )
    polled = sum(1 for _, f in feeds if f.last_polled)
    drops: dict[str, int] = defaultdict(int)
    for row in rows:
        for reason, count in row.drops.items():
            drops[reason] += count
    lines = [
        "## Sources",
        "",
        f"{len(rows)} sources, {len(feeds)} feeds: {polled - len(failing)} answered,"
        f" {len(failing)} failing, {len(feeds) - polled} never polled;"
        f" {sum(r.documents for r in rows)} documents.",
    ]
    if drops:
        lines.append("Drops: " + ", ".join(f"{k} {v}" for k, v in sorted(drops.items())) + ".")
    if failing:
        lines += [
            "",
            "### Failing feeds",
            "",
            "| source | feed | error | last success |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {_cell(r.name)} | {_cell(f.url)} | {_cell(f.last_error)} |"
            f" {f.last_success or 'never'} |"
            for r, f in failing
        ]
    silent = [r for r in rows if r.last_success and not r.documents]
    if silent:
        lines += ["", f"Sources answering but with no document kept yet: {len(silent)}."]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell."""
    return " ".join(text.replace("|", "\\|").split())[:200]
