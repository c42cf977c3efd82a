"""The store's schema: one SQL script per migration, applied in order (PRAGMA user_version).

Never edit a migration that has shipped: add the next one.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: the collection stage.
    """
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
    # 2: the check stage. Written by `claims`, read by the site generator.
    """
    CREATE TABLE analyses (
        document_id TEXT PRIMARY KEY REFERENCES documents(id),
        revno INTEGER NOT NULL,
        text_hash TEXT NOT NULL,
        pipeline TEXT NOT NULL,
        analysed_at TEXT NOT NULL
    );
    CREATE TABLE sentences (
        document_id TEXT NOT NULL REFERENCES documents(id),
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        lemmas TEXT NOT NULL DEFAULT '[]',
        negated INTEGER NOT NULL DEFAULT 0,
        hedges TEXT NOT NULL DEFAULT '[]',
        facets TEXT NOT NULL DEFAULT '{}',
        entities TEXT NOT NULL DEFAULT '[]',
        vector BLOB,
        PRIMARY KEY (document_id, position)
    );
    CREATE TABLE mentions (
        document_id TEXT NOT NULL REFERENCES documents(id),
        label TEXT NOT NULL,
        text TEXT NOT NULL,
        key TEXT NOT NULL DEFAULT '',
        count INTEGER NOT NULL,
        PRIMARY KEY (document_id, label, text)
    );
    CREATE TABLE incidents (
        slug TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        victim TEXT NOT NULL DEFAULT '',
        region TEXT NOT NULL DEFAULT '',
        started TEXT,
        first_report TEXT,
        last_report TEXT,
        facts TEXT NOT NULL DEFAULT '{}',
        input_hash TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE incident_documents (
        document_id TEXT PRIMARY KEY REFERENCES documents(id),
        incident TEXT NOT NULL REFERENCES incidents(slug)
    );
    CREATE INDEX incident_documents_incident ON incident_documents(incident);
    CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id),
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        sentence TEXT NOT NULL,
        negated INTEGER NOT NULL DEFAULT 0,
        hedges TEXT NOT NULL DEFAULT '[]',
        facets TEXT NOT NULL DEFAULT '{}',
        entities TEXT NOT NULL DEFAULT '[]',
        lemmas TEXT NOT NULL DEFAULT '[]',
        vector BLOB,
        quote TEXT,
        status TEXT NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'vanished')),
        first_revno INTEGER NOT NULL,
        last_revno INTEGER NOT NULL
    );
    CREATE INDEX claims_document ON claims(document_id);
    CREATE TABLE verdicts (
        claim_id TEXT PRIMARY KEY REFERENCES claims(id),
        verdict TEXT NOT NULL CHECK (verdict IN
            ('supported', 'contradicted', 'unsupported', 'no_official_source')),
        reason TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '[]',
        flags TEXT NOT NULL DEFAULT '[]',
        checked_at TEXT NOT NULL
    );
    CREATE TABLE reviews (
        claim_id TEXT PRIMARY KEY,
        verdict TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL,
        date TEXT NOT NULL
    );
    """,
    # 3: robots.txt answers kept between runs (RFC 9309 allows a cache of up to 24 hours).
    """
    CREATE TABLE robots (
        origin TEXT PRIMARY KEY,
        status INTEGER NOT NULL,
        body BLOB NOT NULL,
        fetched_at TEXT NOT NULL
    );
    """,
    # 4: small facts a stage keeps between runs (the check's grouping key: a check with
    # nothing new reuses the stored incidents instead of grouping every document again).
    """
    CREATE TABLE state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 5 (issue 16): characters of the text actually analysed, when a long document was
    # analysed only in part (NULL: the whole text).
    """
    ALTER TABLE analyses ADD COLUMN analysed_chars INTEGER;
    """,
    # 6 (issue 14): when each feed last answered without error, for `vigie sources`.
    """
    ALTER TABLE feed_state ADD COLUMN last_success TEXT;
    UPDATE feed_state SET last_success = last_polled WHERE last_error = '';
    """,
    # 7 (issue 12): verdicts of vanished claims read from a snapshot (`vigie snapshot load`). They
    # cannot be computed again (a vanished claim is never judged again), so they wait here until
    # `check` has rebuilt their claims and marked them vanished, then move to `verdicts`.
    """
    CREATE TABLE kept_verdicts (
        claim_id TEXT PRIMARY KEY,
        verdict TEXT NOT NULL,
        reason TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '[]',
        flags TEXT NOT NULL DEFAULT '[]',
        checked_at TEXT NOT NULL
    );
    """,
    # 8 (issue 16): the version of a page dropped as `poison` or `too_complex` (its ETag,
    # Last-Modified and body hash), so that when its link comes back it is asked again only
    # after a delay, conditionally, and processed again only once it has changed.
    """
    CREATE TABLE poison_versions (
        url TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT NOT NULL,
        checked_at TEXT NOT NULL
    );
    """,
    # 9 (issue 12): verdict evidence keeps each cited official sentence once (`scraper.evidence`):
    # `evidence_texts` holds (doc_url, text) by content address, verdicts `[[id, score], ...]`.
    # Existing verdicts and kept verdicts are converted here, their texts copied first, so no
    # verdict loses its evidence (vigie_compact_evidence is `scraper.evidence.compact_json`).
    # Claims keep their lemmas and vector once by content too, in `claim_words` (`claims.words`
    # is its row id, `hash` its content address; rows appended in order pack their pages);
    # claims stored before keep theirs in place and are read as before.
    """
    CREATE TABLE evidence_texts (
        id TEXT PRIMARY KEY,
        doc_url TEXT NOT NULL,
        text TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO evidence_texts(id, doc_url, text)
        SELECT vigie_evidence_id(json_extract(e.value, '$.doc_url'),
                                 json_extract(e.value, '$.text')),
               json_extract(e.value, '$.doc_url'), json_extract(e.value, '$.text')
        FROM (SELECT evidence FROM verdicts UNION ALL SELECT evidence FROM kept_verdicts) v,
             json_each(v.evidence) e;
    UPDATE verdicts SET evidence = vigie_compact_evidence(evidence);
    UPDATE kept_verdicts SET evidence = vigie_compact_evidence(evidence);
    CREATE TABLE claim_words (
        id INTEGER PRIMARY KEY,
        hash INTEGER NOT NULL UNIQUE,
        lemmas TEXT NOT NULL,
        vector BLOB
    );
    ALTER TABLE claims ADD COLUMN words INTEGER;
    """,
    # 10 (issue 16): the publisher page a Google News link led to, when that page was dropped
    # as `poison` or `too_complex`: the link is known (never decoded again), so when it comes
    # back the page is found here and asked again like a direct poison link.
    """
    CREATE TABLE poison_aliases (
        link TEXT PRIMARY KEY,
        url TEXT NOT NULL
    );
    """,
)
