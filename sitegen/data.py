"""Read the store (read-only) into plain records for the page writers.

Every text read here is hostile input: it is cleaned of control characters (which neither
YAML, XML nor Python-Markdown's placeholders tolerate) but never trusted; escaping happens
where HTML is written (`sitegen.markup`). JSON columns are read defensively: a malformed value
becomes an empty one rather than stopping the build.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from sys import intern
from typing import Any

from core import evidence
from core.errors import VigieError
from core.source_health import SourceHealth, source_health  # read-only queries
from core.store import check_schema, store_error
from core.verdicts import Evidence

# C0 controls except tab and newline, DEL, C1, lone surrogates, BOM and non-characters.
_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")


def clean(value: object) -> str:
    """Text safe to carry through YAML, XML and Markdown: no control characters, CRLF → LF."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _BAD_CHARS.sub("", text) if _BAD_CHARS.search(text) else text


@lru_cache(maxsize=1 << 14)  # documents are sorted by date on several pages
def utc_key(value: str) -> str:
    """An ISO date or date-time as a sortable UTC string (unparseable values sort as given)."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat()


def _json(raw: object, default: Any) -> Any:
    if raw in ("[]", "{}", "", None):  # most rows: skip the parser
        return default
    try:
        value = json.loads(raw) if isinstance(raw, str) and raw else default
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


@dataclass(frozen=True)
class Revision:
    """One stored text of a document."""

    revno: int
    title: str
    text: str
    fetched_at: str


@dataclass(frozen=True)
class Doc:
    """A document with what the pages show of it."""

    id: str
    url: str
    kind: str  # press | official
    outlet: str
    title: str
    published: str  # ISO 8601 or ""
    first_seen: str
    fetched_at: str
    cluster: str
    incident: str = ""  # incident slug, "" when unassigned
    revisions: tuple[Revision, ...] = ()  # loaded for official documents and revised ones
    revision_count: int = 1

    @property
    def date(self) -> str:
        """Publication date, else the first time it was seen."""
        return self.published or self.first_seen

    @property
    def order(self) -> tuple[str, str]:
        """Timeline sort key: the date in UTC (offsets differ between sources), then the id."""
        return utc_key(self.date), self.id


@dataclass(frozen=True)
class Review:
    """A human review overriding the automatic verdict."""

    verdict: str
    note: str
    reviewer: str
    date: str


@dataclass(frozen=True)
class ClaimRow:
    """A claim with its automatic verdict and its review, as the site shows it."""

    id: str
    document_id: str
    position: int
    kind: str
    text: str
    sentence: str
    status: str
    hedges: tuple[str, ...] = ()
    data_classes: tuple[str, ...] = ()
    quote: str = ""
    speaker: str = ""
    verdict: str = ""  # "" when not checked yet
    reason: str = ""
    evidence: tuple[Evidence, ...] = ()
    flags: tuple[str, ...] = ()
    checked_at: str = ""
    review: Review | None = None
    first_revno: int = 1  # the revision of its document where it first appeared
    last_revno: int = 1  # the last revision that still has it
    negated: bool = False
    topics: tuple[str, ...] = ()
    quantities: tuple[str, ...] = ()  # the counts as written ("plus de 126 000 patients")
    dates: tuple[str, ...] = ()  # the dates as written


@dataclass(frozen=True)
class Quantity:
    """A count found in a sentence, as the analysis stored it."""

    text: str
    value: float | None
    unit: str
    relation: str


@dataclass(frozen=True)
class DateSpan:
    """A date, period or range found in a sentence (ISO bounds)."""

    text: str
    start: str
    end: str
    kind: str


@dataclass(frozen=True)
class Sentence:
    """A sentence of an official document with its stored facets (the fact sheet reads them)."""

    document_id: str
    position: int
    text: str
    negated: bool
    hedges: tuple[str, ...]
    topics: tuple[str, ...]
    data_classes: tuple[str, ...]
    quantities: tuple[Quantity, ...]
    dates: tuple[DateSpan, ...]
    entities: tuple[tuple[str, str], ...]  # (text, label)


@dataclass(frozen=True)
class Mention:
    """How often a document names an entity."""

    document_id: str
    label: str
    text: str
    key: str
    count: int


@dataclass(frozen=True)
class IncidentRow:
    """An incident record as the check stage stored it."""

    slug: str
    title: str
    victim: str
    region: str
    started: str
    first_report: str
    last_report: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class SiteData:
    """Everything the pages need, with indexes by document and incident."""

    docs: dict[str, Doc]
    incidents: dict[str, IncidentRow]
    claims: list[ClaimRow]
    mentions: list[Mention]
    build_date: str  # latest date in the store: the site's only notion of "now"
    sources: list[SourceHealth] = field(default_factory=list)  # issue 14: the Sources page
    official_sentences: list[Sentence] = field(default_factory=list)
    # (label, text) of entities the analysis found only as a sentence's first word followed
    # by a lower-case word or nothing ("Conseils pratiques", "Restez vigilants"): headings and
    # imperatives, not names.
    leading_words: frozenset[tuple[str, str]] = frozenset()
    claims_by_doc: dict[str, list[ClaimRow]] = field(default_factory=dict)
    docs_by_incident: dict[str, list[Doc]] = field(default_factory=dict)
    docs_by_url: dict[str, Doc] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_doc: dict[str, list[ClaimRow]] = defaultdict(list)
        for claim in self.claims:
            by_doc[claim.document_id].append(claim)
        self.claims_by_doc = dict(by_doc)
        by_incident: dict[str, list[Doc]] = defaultdict(list)
        for doc in sorted(self.docs.values(), key=lambda d: d.order):
            if doc.incident:
                by_incident[doc.incident].append(doc)
        self.docs_by_incident = dict(by_incident)
        self.docs_by_url = {d.url: d for d in self.docs.values()}


def connect(path: Path) -> sqlite3.Connection:
    """Open the store read-only; a missing store or one without schema v2 is an error."""
    if not path.is_file():
        raise VigieError(f"{path}: no store here; run `vigie collect` first")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not os.access(path.parent, os.W_OK):
        # a read-only data dir: SQLite cannot create the WAL index beside the store, and
        # nobody can write the store there either, so it is read as an immutable file
        uri += "&immutable=1"
    db = sqlite3.connect(uri, uri=True)
    db.row_factory = sqlite3.Row
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        check_schema(path, version)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise store_error(path, exc) from None
    except VigieError:
        db.close()
        raise
    if version < 2:
        db.close()
        raise VigieError(
            f"{path}: store schema v{version}; open it once with a current `vigie` to migrate it"
        )
    return db


def load(path: Path) -> SiteData:
    """Read every table the site shows, sorted, so that two builds see the same order."""
    db = connect(path)
    try:
        docs = _documents(db)
        data = SiteData(
            docs=docs,
            incidents=_incidents(db),
            claims=_claims(db, docs),
            mentions=_mentions(db, docs),
            build_date=_build_date(db),
            sources=source_health(db, []),
            official_sentences=_official_sentences(db, docs),
            leading_words=_leading_words(db),
        )
    finally:
        db.close()
    return data


def _documents(db: sqlite3.Connection) -> dict[str, Doc]:
    incident_of = {
        r[0]: clean(r[1])
        for r in db.execute("SELECT document_id, incident FROM incident_documents")
    }
    counts = dict(db.execute("SELECT document_id, COUNT(*) FROM revisions GROUP BY document_id"))
    wanted = {r[0] for r in db.execute("SELECT id FROM documents WHERE kind = 'official'")}
    wanted |= {doc_id for doc_id, n in counts.items() if n > 1}
    revisions: dict[str, list[Revision]] = defaultdict(list)
    for r in db.execute(
        "SELECT document_id, revno, title, text, fetched_at FROM revisions"
        " ORDER BY document_id, revno"
    ):
        if r["document_id"] in wanted:
            revisions[r["document_id"]].append(
                Revision(
                    int(r["revno"]), clean(r["title"]), clean(r["text"]), clean(r["fetched_at"])
                )
            )
    docs: dict[str, Doc] = {}
    for r in db.execute("SELECT * FROM documents ORDER BY id"):
        doc_id = r["id"]
        docs[doc_id] = Doc(
            id=doc_id,
            url=clean(r["url"]),
            kind=r["kind"],
            outlet=clean(r["outlet"]),
            title=clean(r["title"]),
            published=clean(r["published"]),
            first_seen=clean(r["first_seen"]),
            fetched_at=clean(r["fetched_at"]),
            cluster=clean(r["cluster"]),
            incident=incident_of.get(doc_id, ""),
            revisions=tuple(revisions.get(doc_id, ())),
            revision_count=int(counts.get(doc_id, 1)),
        )
    return docs


def _incidents(db: sqlite3.Connection) -> dict[str, IncidentRow]:
    return {
        clean(r["slug"]): IncidentRow(
            slug=clean(r["slug"]),
            title=clean(r["title"]),
            victim=clean(r["victim"]),
            region=clean(r["region"]),
            started=clean(r["started"]),
            first_report=clean(r["first_report"]),
            last_report=clean(r["last_report"]),
            facts=_json(r["facts"], {}),
        )
        for r in db.execute("SELECT * FROM incidents ORDER BY slug")
    }


def _claims(db: sqlite3.Connection, docs: dict[str, Doc]) -> list[ClaimRow]:
    reviews = {
        r["claim_id"]: Review(
            clean(r["verdict"]), clean(r["note"]), clean(r["reviewer"]), clean(r["date"])
        )
        for r in db.execute("SELECT * FROM reviews")
    }
    cited = evidence.texts(db)  # each official sentence cited as evidence, once
    rows = db.execute(
        "SELECT c.*, v.verdict AS verdict, v.reason AS reason, v.evidence AS evidence,"
        " v.flags AS flags, v.checked_at AS checked_at"
        " FROM claims c LEFT JOIN verdicts v ON v.claim_id = c.id"
        " ORDER BY c.document_id, c.position, c.id"
    )
    claims = []
    for r in rows:
        if r["document_id"] not in docs:
            continue
        quote = _json(r["quote"], {})
        # Facets are parsed only where a page uses them (data classes, the dates of a date
        # claim, the values behind a "disputed" flag): most claims have none of these.
        facets = (
            {}
            if '"data_classes":[]' in (r["facets"] or "")
            and r["kind"] != "date"
            and "disputed" not in (r["flags"] or "")
            else _json(r["facets"], {})
        )
        claims.append(
            ClaimRow(
                id=clean(r["id"]),
                document_id=r["document_id"],
                position=int(r["position"]),
                kind=clean(r["kind"]),
                text=clean(r["text"]),
                sentence=clean(r["sentence"] or r["text"]),  # stored empty when it is the clause
                status=r["status"],
                hedges=_strings(_json(r["hedges"], [])),
                data_classes=_strings(facets.get("data_classes")),
                quote=clean(quote.get("text", "")),
                speaker=clean(quote.get("speaker", "")),
                verdict=intern(clean(r["verdict"])),
                reason=intern(clean(r["reason"])),
                evidence=tuple(_evidence(evidence.expand(r["evidence"], cited))),
                flags=tuple(intern(f) for f in _strings(_json(r["flags"], []))),
                checked_at=clean(r["checked_at"]),
                review=reviews.get(r["id"]),
                first_revno=int(r["first_revno"]),
                last_revno=int(r["last_revno"]),
                negated=bool(r["negated"]),
                topics=_strings(facets.get("topics")),
                quantities=tuple(q.text for q in _quantities(facets.get("quantities")) if q.text),
                dates=tuple(d.text for d in _dates(facets.get("dates")) if d.text),
            )
        )
    return claims


def _quantities(items: object) -> tuple[Quantity, ...]:
    out = []
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict):
            continue
        value = item.get("value")
        out.append(
            Quantity(
                clean(item.get("text", "")),
                float(value) if isinstance(value, int | float) else None,
                clean(item.get("unit", "")),
                clean(item.get("relation", "")),
            )
        )
    return tuple(out)


def _dates(items: object) -> tuple[DateSpan, ...]:
    return tuple(
        DateSpan(
            clean(i.get("text", "")),
            clean(i.get("start", "")),
            clean(i.get("end", "")),
            clean(i.get("kind", "")),
        )
        for i in (items if isinstance(items, list) else ())
        if isinstance(i, dict)
    )


def _entities(items: object) -> tuple[tuple[str, str], ...]:
    return tuple(
        (clean(i[0]), clean(i[1]))
        for i in (items if isinstance(items, list) else ())
        if isinstance(i, list) and len(i) == 2 and isinstance(i[0], str) and isinstance(i[1], str)
    )


def _official_sentences(db: sqlite3.Connection, docs: dict[str, Doc]) -> list[Sentence]:
    out = []
    for r in db.execute(
        "SELECT s.* FROM sentences s JOIN documents d ON d.id = s.document_id"
        " WHERE d.kind = 'official' ORDER BY s.document_id, s.position"
    ):
        if r["document_id"] not in docs:
            continue
        facets = _json(r["facets"], {})
        out.append(
            Sentence(
                r["document_id"],
                int(r["position"]),
                clean(r["text"]),
                bool(r["negated"]),
                _strings(_json(r["hedges"], [])),
                _strings(facets.get("topics")),
                _strings(facets.get("data_classes")),
                _quantities(facets.get("quantities")),
                _dates(facets.get("dates")),
                _entities(_json(r["entities"], [])),
            )
        )
    return out


def _leading_words(db: sqlite3.Connection) -> frozenset[tuple[str, str]]:
    """Entities seen only as a sentence's first word, followed by a lower-case word or by
    nothing (see SiteData.leading_words)."""
    leading: set[tuple[str, str]] = set()
    elsewhere: set[tuple[str, str]] = set()
    for text, raw in db.execute("SELECT text, entities FROM sentences WHERE entities != '[]'"):
        text = clean(text).strip()
        for name, label in _entities(_json(raw, [])):
            rest = text[len(name) :] if text.startswith(name) else None
            if (
                " " not in name
                and rest is not None
                and (not rest.strip() or (rest[:1] == " " and rest[1:2].islower()))
            ):
                leading.add((label, name))
            else:
                elsewhere.add((label, name))
    return frozenset(leading - elsewhere)


def _strings(value: object) -> tuple[str, ...]:
    return tuple(clean(v) for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _evidence(items: list[Any]) -> list[Evidence]:
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        try:
            score = float(item.get("score", 0.0))
        except (TypeError, ValueError):
            score = 0.0
        # The same official sentences back many claims: one copy of each in memory.
        out.append(
            Evidence(
                intern(clean(item.get("doc_url", ""))), intern(clean(item.get("text", ""))), score
            )
        )
    return out


def _mentions(db: sqlite3.Connection, docs: dict[str, Doc]) -> list[Mention]:
    return [
        Mention(
            r["document_id"], clean(r["label"]), clean(r["text"]), clean(r["key"]), int(r["count"])
        )
        for r in db.execute("SELECT * FROM mentions ORDER BY document_id, label, text")
        if r["document_id"] in docs
    ]


def _build_date(db: sqlite3.Connection) -> str:
    """The latest timestamp in the store (ISO), or "" for an empty store."""
    latest = db.execute(
        "SELECT MAX(d) FROM (SELECT MAX(fetched_at) AS d FROM documents"
        " UNION ALL SELECT MAX(checked_at) FROM verdicts UNION ALL SELECT MAX(date) FROM reviews)"
    ).fetchone()[0]
    return clean(latest)
