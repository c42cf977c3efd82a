"""The collection stage's tables: sources, feeds, runs, documents, revisions, links, drops,
failures, robots.txt answers, poison pages.

Migrations are numbered across the whole store (PRAGMA user_version): each stage owns its own
and registers them (`vigie.migrations` entry point), `core.migrations` applies them all in
number order. Never edit a migration that has shipped: add the next number.
"""

from __future__ import annotations

MIGRATIONS: dict[int, str] = {
    # 1: the collection stage.
    1: """
    CREATE TABLE sources (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('press', 'official')),
        region TEXT NOT NULL DEFAULT '',
        homepage TEXT NOT NULL DEFAULT '',
        feeds TEXT NOT NULL DEFAULT '[]',
        domains TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE feed_state (
        url TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        last_status INTEGER,
        last_polled TEXT,
        last_error TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        command TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        summary TEXT
    );
    CREATE TABLE fetch_log (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs(id),
        url TEXT NOT NULL,
        status INTEGER,
        elapsed_ms INTEGER NOT NULL,
        size INTEGER NOT NULL,
        error TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('press', 'official')),
        source TEXT NOT NULL DEFAULT '',
        outlet TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        site_name TEXT NOT NULL DEFAULT '',
        published TEXT,
        language TEXT NOT NULL DEFAULT '',
        cluster TEXT NOT NULL,
        minhash BLOB,
        first_seen TEXT NOT NULL,
        fetched_at TEXT NOT NULL
    );
    CREATE INDEX documents_cluster ON documents(cluster);
    CREATE TABLE revisions (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id),
        revno INTEGER NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        UNIQUE (document_id, revno)
    );
    CREATE TABLE links (
        url TEXT PRIMARY KEY,
        document_id TEXT REFERENCES documents(id),
        outcome TEXT NOT NULL CHECK (outcome IN ('stored', 'dropped')),
        at TEXT NOT NULL
    );
    CREATE TABLE drops (
        url TEXT NOT NULL,
        reason TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '',
        run_id INTEGER,
        at TEXT NOT NULL,
        PRIMARY KEY (url, reason)
    );
    CREATE TABLE failures (
        url TEXT PRIMARY KEY,
        source TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        reason TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL
    );
    """,
    # 3: robots.txt answers kept between runs (RFC 9309 allows a cache of up to 24 hours).
    3: """
    CREATE TABLE robots (
        origin TEXT PRIMARY KEY,
        status INTEGER NOT NULL,
        body BLOB NOT NULL,
        fetched_at TEXT NOT NULL
    );
    """,
    # 6 (issue 14): when each feed last answered without error, for `vigie sources`.
    6: """
    ALTER TABLE feed_state ADD COLUMN last_success TEXT;
    UPDATE feed_state SET last_success = last_polled WHERE last_error = '';
    """,
    # 8 (issue 16): the version of a page dropped as `poison` or `too_complex` (its ETag,
    # Last-Modified and body hash), so that when its link comes back it is asked again only
    # after a delay, conditionally, and processed again only once it has changed.
    8: """
    CREATE TABLE poison_versions (
        url TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT NOT NULL,
        checked_at TEXT NOT NULL
    );
    """,
    # 10 (issue 16): the publisher page a Google News link led to, when that page was dropped
    # as `poison` or `too_complex`: the link is known (never decoded again), so when it comes
    # back the page is found here and asked again like a direct poison link.
    10: """
    CREATE TABLE poison_aliases (
        link TEXT PRIMARY KEY,
        url TEXT NOT NULL
    );
    """,
}
