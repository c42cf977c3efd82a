"""The collection stage's side of the store: sources, feed state, fetch log, documents,
revisions, clusters, drops (the connection and migrations are `core.store`).

Every document lands in its own transaction (`Store.transaction()`), so a run killed at any
instant leaves a consistent store, and the next run completes the work without duplicates:
documents are keyed by their canonical URL, and a feed's HTTP validators (ETag, Last-Modified)
are saved only once all of that feed's entries have been handled.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from core.source import Source
from core.store import Store, iso
from scraper.fetched import Attempt, Extracted, PageVersion

__all__ = ["CollectionStore", "NewDocument", "document_id", "text_hash"]


def text_hash(text: str) -> str:
    """Content hash of a text, used to detect revisions."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id(url: str) -> str:
    """Stable document id: derived from the canonical URL only."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class NewDocument:
    """What the pipeline hands to the store for one accepted document."""

    url: str
    kind: str
    source: str
    outlet: str
    extracted: Extracted
    fetched_at: datetime
    minhash: bytes | None = None
    links: tuple[str, ...] = ()  # other addresses that led here (feed link, redirect source)


class CollectionStore(Store):
    """The store with the collection stage's reads and writes (sources, feeds, runs, links,
    drops, failures, poison pages, documents and revisions)."""

    # Sources and feeds -------------------------------------------------------------------

    def sync_sources(self, sources: list[Source]) -> None:
        """Record the registry in use (upsert by name)."""
        with self.transaction() as db:
            for s in sources:
                db.execute(
                    "INSERT INTO sources(name, kind, region, homepage, feeds, domains)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET"
                    " kind=excluded.kind, region=excluded.region, homepage=excluded.homepage,"
                    " feeds=excluded.feeds, domains=excluded.domains",
                    (
                        s.name,
                        s.kind,
                        s.region,
                        s.homepage,
                        json.dumps(list(s.feeds)),
                        json.dumps(list(s.domains)),
                    ),
                )

    def feed_validators(self, url: str) -> tuple[str | None, str | None]:
        """The stored ETag and Last-Modified of a feed (None when never fetched)."""
        row = self.db.execute(
            "SELECT etag, last_modified FROM feed_state WHERE url = ?", (url,)
        ).fetchone()
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def save_feed_state(
        self,
        url: str,
        source: str,
        *,
        status: int | None,
        polled: datetime,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str = "",
    ) -> None:
        """Record a poll. Validators are kept from the previous poll unless new ones are given."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO feed_state(url, source, etag, last_modified, last_status,"
                " last_polled, last_error, last_success) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(url) DO UPDATE SET source=excluded.source,"
                " etag=COALESCE(excluded.etag, feed_state.etag),"
                " last_modified=COALESCE(excluded.last_modified, feed_state.last_modified),"
                " last_status=excluded.last_status, last_polled=excluded.last_polled,"
                " last_error=excluded.last_error,"
                " last_success=COALESCE(excluded.last_success, feed_state.last_success)",
                (
                    url,
                    source,
                    etag,
                    last_modified,
                    status,
                    iso(polled),
                    error,
                    None if error else iso(polled),
                ),
            )

    # Runs and logs ------------------------------------------------------------------------

    def start_run(self, command: str, at: datetime) -> int:
        """Open a run record and return its id."""
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO runs(command, started_at) VALUES (?, ?)", (command, iso(at))
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, at: datetime, summary: dict[str, object]) -> None:
        """Close a run record with its summary."""
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
                (iso(at), json.dumps(summary, sort_keys=True, ensure_ascii=False), run_id),
            )

    def log_attempts(self, run_id: int, attempts: list[Attempt]) -> None:
        """Append HTTP exchanges to the fetch log."""
        if not attempts:
            return
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO fetch_log(run_id, url, status, elapsed_ms, size, error)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(run_id, a.url, a.status, a.elapsed_ms, a.size, a.error) for a in attempts],
            )

    # Links, drops, failures ------------------------------------------------------------------

    def link_known(self, url: str) -> bool:
        """True when this address was already stored or dropped: collect does not fetch it
        again (but for a poison page due to be asked again, see `poison_recheck`)."""
        return self.db.execute("SELECT 1 FROM links WHERE url = ?", (url,)).fetchone() is not None

    def record_drop(
        self,
        url: str,
        reason: str,
        *,
        source: str = "",
        detail: str = "",
        links: tuple[str, ...] = (),
        run_id: int | None = None,
        at: datetime,
        version: PageVersion | None = None,
    ) -> None:
        """Store an expected rejection, and remember its addresses so they are not refetched.
        With `version` (a poison or too complex page), the page's version is kept so that the
        page is asked again, conditionally, when its link comes back (`poison_recheck`)."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO drops(url, reason, source, detail, run_id, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (url, reason, source, detail, run_id, iso(at)),
            )
            for link in {url, *links}:
                db.execute(
                    "INSERT OR IGNORE INTO links(url, outcome, at) VALUES (?, 'dropped', ?)",
                    (link, iso(at)),
                )
                db.execute("DELETE FROM failures WHERE url = ?", (link,))
                db.execute("DELETE FROM poison_versions WHERE url = ?", (link,))
                db.execute("DELETE FROM poison_aliases WHERE link = ?", (link,))
                if version is None:  # not asked again: no link leads to it as poison
                    db.execute("DELETE FROM poison_aliases WHERE url = ?", (link,))
            if version is not None:
                db.execute(
                    "INSERT OR REPLACE INTO poison_versions(url, reason, etag, last_modified,"
                    " body_hash, checked_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        version.url,
                        reason,
                        version.etag,
                        version.last_modified,
                        version.body_hash,
                        iso(at),
                    ),
                )
                db.executemany(  # the other addresses (a Google News link) lead to the page
                    "INSERT OR REPLACE INTO poison_aliases(link, url) VALUES (?, ?)",
                    [(link, version.url) for link in sorted({url, *links} - {version.url})],
                )

    def poison_recheck(self, urls: tuple[str, ...], due: datetime) -> PageVersion | None:
        """The kept version of a poison or too complex page at one of `urls`, when it was last
        asked at or before `due` (else None: not yet worth a request)."""
        marks = ", ".join("?" for _ in urls)
        row = self.db.execute(
            f"SELECT * FROM poison_versions WHERE url IN ({marks}) AND checked_at <= ?"
            " ORDER BY url LIMIT 1",
            (*urls, iso(due)),
        ).fetchone()
        if row is None:
            return None
        return PageVersion(
            url=row["url"],
            body_hash=row["body_hash"],
            etag=row["etag"],
            last_modified=row["last_modified"],
        )

    def poison_alias(self, links: tuple[str, ...]) -> str | None:
        """The address of the poison or too complex page that one of `links` (a Google News
        link) led to, or None."""
        marks = ", ".join("?" for _ in links)
        row = self.db.execute(
            f"SELECT url FROM poison_aliases WHERE link IN ({marks}) ORDER BY link LIMIT 1",
            links,
        ).fetchone()
        return str(row["url"]) if row else None

    def touch_poison(
        self, url: str, *, at: datetime, etag: str | None = None, last_modified: str | None = None
    ) -> None:
        """Note that a poison page was asked again at `at` (and its newer validators, if any):
        the next request waits for another delay."""
        with self.transaction() as db:
            db.execute(
                "UPDATE poison_versions SET checked_at = ?, etag = COALESCE(?, etag),"
                " last_modified = COALESCE(?, last_modified) WHERE url = ?",
                (iso(at), etag, last_modified, url),
            )

    def add_alias(self, link: str, url: str, *, at: datetime) -> None:
        """Remember `link` (a Google News link) as another address of the stored or dropped
        `url`, so that later runs neither fetch nor decode it again."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT document_id, outcome FROM links WHERE url = ?", (url,)
            ).fetchone()
            doc = db.execute("SELECT id FROM documents WHERE url = ?", (url,)).fetchone()
            doc_id = doc["id"] if doc else (row["document_id"] if row else None)
            outcome = "stored" if doc_id else "dropped"
            db.execute(
                "INSERT OR IGNORE INTO links(url, document_id, outcome, at) VALUES (?, ?, ?, ?)",
                (link, doc_id, outcome, iso(at)),
            )
            db.execute("DELETE FROM failures WHERE url = ?", (link,))
            if not doc_id:  # a dropped poison page: the link leads to it when it comes back
                db.execute(
                    "INSERT OR IGNORE INTO poison_aliases(link, url)"
                    " SELECT ?, url FROM poison_versions WHERE url = ?",
                    (link, url),
                )

    def find_by_title(self, host: str, title: str) -> str | None:
        """The URL of a stored document with exactly this title on this host (www ignored)."""
        rows = self.db.execute(
            "SELECT url FROM documents WHERE title = ? ORDER BY url", (title,)
        ).fetchall()
        for row in rows:
            if (urlsplit(row["url"]).hostname or "").lower().removeprefix("www.") == host:
                return str(row["url"])
        return None

    def record_failure(
        self, url: str, *, source: str, kind: str, reason: str, at: datetime
    ) -> None:
        """Remember a failed URL so the next run retries it."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO failures(url, source, kind, reason, first_at, last_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
                " kind=excluded.kind, reason=excluded.reason,"
                " attempts=failures.attempts + 1, last_at=excluded.last_at",
                (url, source, kind, reason, iso(at), iso(at)),
            )

    def pending_failures(self, max_attempts: int, limit: int = -1) -> list[tuple[str, str]]:
        """(url, source) of failed URLs still worth retrying, oldest first (at most `limit`;
        -1: all)."""
        rows = self.db.execute(
            "SELECT url, source FROM failures WHERE attempts < ? ORDER BY first_at, url LIMIT ?",
            (max_attempts, limit),
        ).fetchall()
        return [(r["url"], r["source"]) for r in rows]

    # Documents --------------------------------------------------------------------------------

    def revisit_candidates(
        self, first_seen_since: datetime, fetched_before: datetime, limit: int
    ) -> list[tuple[str, str]]:
        """(url, source) of documents first seen since `first_seen_since` and last fetched
        before `fetched_before`, least recently fetched first: pages worth fetching again to
        catch silent edits."""
        rows = self.db.execute(
            "SELECT url, source FROM documents WHERE first_seen >= ? AND fetched_at <= ?"
            " AND (url LIKE 'http://%' OR url LIKE 'https://%') ORDER BY fetched_at, url"
            " LIMIT ?",
            (iso(first_seen_since), iso(fetched_before), limit),
        ).fetchall()
        return [(r["url"], r["source"]) for r in rows]

    def find_document(self, url: str) -> sqlite3.Row | None:
        """The document stored at a canonical URL, or None."""
        return self.db.execute("SELECT * FROM documents WHERE url = ?", (url,)).fetchone()

    def robots_since(self, since: datetime) -> dict[str, tuple[int, bytes]]:
        """origin → (status, body) of the robots.txt answers fetched at or after `since`."""
        rows = self.db.execute(
            "SELECT origin, status, body FROM robots WHERE fetched_at >= ? ORDER BY origin",
            (iso(since),),
        ).fetchall()
        return {r["origin"]: (int(r["status"]), bytes(r["body"])) for r in rows}

    def save_robots(self, answers: dict[str, tuple[int, bytes]], fetched: datetime) -> None:
        """Keep robots.txt answers fetched by this run (one transaction)."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO robots(origin, status, body, fetched_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(origin) DO UPDATE SET status=excluded.status, body=excluded.body,"
                " fetched_at=excluded.fetched_at",
                [(o, status, body, iso(fetched)) for o, (status, body) in sorted(answers.items())],
            )

    def minhashes(self, kind: str) -> list[tuple[str, bytes]]:
        """(document id, MinHash signature) of every document of one kind, in id order."""
        rows = self.db.execute(
            "SELECT id, minhash FROM documents WHERE kind = ? AND minhash IS NOT NULL ORDER BY id",
            (kind,),
        ).fetchall()
        return [(r["id"], r["minhash"]) for r in rows]

    def save_document(self, new: NewDocument, similar: list[str]) -> tuple[str, str]:
        """Insert or revise a document in one transaction. Returns (id, 'new'|'updated'|'same').

        `similar` lists ids of stored documents whose text is a near-duplicate: the document
        joins their story cluster, and clusters it bridges are merged (cluster id = smallest
        member id, so the result does not depend on arrival order).
        """
        doc_id = document_id(new.url)
        with self.transaction() as db:
            row = db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                self._insert_document(db, doc_id, new, similar)
                outcome = "new"
            else:
                outcome = self._revise_document(db, doc_id, new)
            for link in {new.url, *new.links}:
                db.execute(
                    "INSERT INTO links(url, document_id, outcome, at) VALUES (?, ?, 'stored', ?)"
                    " ON CONFLICT(url) DO UPDATE SET document_id=excluded.document_id,"
                    " outcome='stored'",
                    (link, doc_id, iso(new.fetched_at)),
                )
                db.execute("DELETE FROM failures WHERE url = ?", (link,))
                db.execute("DELETE FROM poison_versions WHERE url = ?", (link,))
                # the links that led to this page when it was poison now lead to its document
                db.execute(
                    "UPDATE links SET document_id = ?, outcome = 'stored' WHERE url IN"
                    " (SELECT link FROM poison_aliases WHERE url = ?)",
                    (doc_id, link),
                )
                db.execute("DELETE FROM poison_aliases WHERE link = ? OR url = ?", (link, link))
        return doc_id, outcome

    def _insert_document(
        self, db: sqlite3.Connection, doc_id: str, new: NewDocument, similar: list[str]
    ) -> None:
        ex = new.extracted
        clusters = sorted(
            {
                db.execute("SELECT cluster FROM documents WHERE id = ?", (other,)).fetchone()[0]
                for other in similar
            }
        )
        members = [doc_id]
        for cluster in clusters:
            members += [
                r["id"]
                for r in db.execute("SELECT id FROM documents WHERE cluster = ?", (cluster,))
            ]
        cluster_id = min(members)
        db.execute(
            "INSERT INTO documents(id, url, kind, source, outlet, title, author, site_name,"
            " published, language, cluster, minhash, first_seen, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                new.url,
                new.kind,
                new.source,
                new.outlet,
                ex.title,
                ex.author,
                ex.site_name,
                iso(ex.published),
                ex.language,
                cluster_id,
                new.minhash,
                iso(new.fetched_at),
                iso(new.fetched_at),
            ),
        )
        for cluster in clusters:
            db.execute("UPDATE documents SET cluster = ? WHERE cluster = ?", (cluster_id, cluster))
        self._add_revision(db, doc_id, 1, new)

    def _revise_document(self, db: sqlite3.Connection, doc_id: str, new: NewDocument) -> str:
        ex = new.extracted
        last = db.execute(
            "SELECT revno, text_hash FROM revisions WHERE document_id = ?"
            " ORDER BY revno DESC LIMIT 1",
            (doc_id,),
        ).fetchone()
        db.execute(
            "UPDATE documents SET fetched_at = ?, title = ?, author = ?, site_name = ?,"
            " published = COALESCE(?, published), language = ?,"
            " minhash = COALESCE(?, minhash) WHERE id = ?",
            (
                iso(new.fetched_at),
                ex.title,
                ex.author,
                ex.site_name,
                iso(ex.published),
                ex.language,
                new.minhash,
                doc_id,
            ),
        )
        if last is not None and last["text_hash"] == text_hash(ex.text):
            return "same"
        self._add_revision(db, doc_id, (last["revno"] if last else 0) + 1, new)
        return "updated"

    @staticmethod
    def _add_revision(db: sqlite3.Connection, doc_id: str, revno: int, new: NewDocument) -> None:
        ex = new.extracted
        db.execute(
            "INSERT INTO revisions(document_id, revno, title, text, text_hash, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (doc_id, revno, ex.title, ex.text, text_hash(ex.text), iso(new.fetched_at)),
        )

    # Reading ---------------------------------------------------------------------------------

    def iter_documents(self) -> Iterator[sqlite3.Row]:
        """Every document with its latest revision's text and revision count, by URL."""
        yield from self.db.execute(
            "SELECT d.*, r.text AS text, r.fetched_at AS revised_at,"
            " (SELECT COUNT(*) FROM revisions WHERE document_id = d.id) AS revisions"
            " FROM documents d JOIN revisions r ON r.document_id = d.id"
            " AND r.revno = (SELECT MAX(revno) FROM revisions WHERE document_id = d.id)"
            " ORDER BY d.url"
        )

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables, for `vigie info`."""
        tables = (
            "sources",
            "feed_state",
            "documents",
            "revisions",
            "drops",
            "failures",
            "fetch_log",
            "runs",
        )
        counts = {
            t: int(self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables
        }
        counts["clusters"] = int(
            self.db.execute("SELECT COUNT(DISTINCT cluster) FROM documents").fetchone()[0]
        )
        for kind in ("press", "official"):
            counts[f"documents_{kind}"] = int(
                self.db.execute(
                    "SELECT COUNT(*) FROM documents WHERE kind = ?", (kind,)
                ).fetchone()[0]
            )
        return counts
