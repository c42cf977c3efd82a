"""The check stage's tables: analyses, sentences, mentions, incidents, claims, verdicts,
reviews, kept verdicts, evidence texts, claim words. Written by `claims`, read by the site.

Migrations are numbered across the whole store (PRAGMA user_version): each stage owns its own
and registers them (`vigie.migrations` entry point), `core.migrations` applies them all in
number order. Never edit a migration that has shipped: add the next number.
"""

from __future__ import annotations

MIGRATIONS: dict[int, str] = {
    # 2: the check stage. Written by `claims`, read by the site generator.
    2: """
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
    # 5 (issue 16): characters of the text actually analysed, when a long document was
    # analysed only in part (NULL: the whole text).
    5: """
    ALTER TABLE analyses ADD COLUMN analysed_chars INTEGER;
    """,
    # 7 (issue 12): verdicts of vanished claims read from a snapshot (`vigie snapshot load`). They
    # cannot be computed again (a vanished claim is never judged again), so they wait here until
    # `check` has rebuilt their claims and marked them vanished, then move to `verdicts`.
    7: """
    CREATE TABLE kept_verdicts (
        claim_id TEXT PRIMARY KEY,
        verdict TEXT NOT NULL,
        reason TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '[]',
        flags TEXT NOT NULL DEFAULT '[]',
        checked_at TEXT NOT NULL
    );
    """,
    # 9 (issue 12): verdict evidence keeps each cited official sentence once (`core.evidence`):
    # `evidence_texts` holds (doc_url, text) by content address, verdicts `[[id, score], ...]`.
    # Existing verdicts and kept verdicts are converted here, their texts copied first, so no
    # verdict loses its evidence (vigie_compact_evidence is `core.evidence.compact_json`).
    # Claims keep their lemmas and vector once by content too, in `claim_words` (`claims.words`
    # is its row id, `hash` its content address; rows appended in order pack their pages);
    # claims stored before keep theirs in place and are read as before.
    9: """
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
}
