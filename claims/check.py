"""The check run: analyse what changed, group incidents, cross-check claims, store verdicts.

Incremental by content hash: a document is analysed again only when its latest revision's
text (or the pipeline version) changed, and a `check` with nothing new never loads the spaCy
model. The model is loaded once, then worker processes forked from this one (sharing its
memory) each run the whole chain (`nlp.pipe` in batches, then claim detection) — on two
cores, two such workers beat spaCy's own `n_process`. Verdicts are recomputed only for
incidents whose inputs changed.
"""

from __future__ import annotations

import gc
import hashlib
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claims import crosscheck, flags, incidents, reviews
from claims.records import Claim, DateSpan, Facets, Verdict, dumps
from claims.storage import (
    ATTACK_DATING_TOPICS,
    load_claims,
    load_sentences,
    pending_documents,
    prune_words,
    save_analysis,
    save_verdicts,
)
from claims.versions import analysis_version, decision_version
from core import evidence
from core.settings import Settings
from core.store import Store, open_store

if TYPE_CHECKING:  # detect imports spaCy: only the analysis (in workers) needs it
    from claims.detect import Analysis

BATCH_SIZE = 32
# Longest text given to spaCy (its max_length is 1 000 000, and the parser needs about 1 GB
# per 100 000 characters): a longer document is analysed up to a paragraph break before this
# bound, the fact recorded (analyses.analysed_chars, the summary), so it never stops a check.
MAX_ANALYSED_CHARS = 100_000
TASK_SIZE = 16  # documents per worker task: small enough that a kill loses little work
MIN_TASK = 4  # the last tasks shrink down to this size (see tasks_of)


@dataclass
class CheckSummary:
    """What a check did."""

    analysed: int = 0
    truncated: list[str] = field(default_factory=list)  # URLs analysed only in part
    claims: int = 0
    incidents: int = 0
    rechecked_incidents: int = 0
    model_loaded: bool = False
    seconds: dict[str, float] = field(default_factory=dict)  # stage → wall time
    verdicts: dict[str, Counter[str]] = field(default_factory=dict)  # incident → counts

    def lines(self) -> list[str]:
        """Human summary lines."""
        out = [
            f"documents analysed: {self.analysed}"
            + ("" if self.model_loaded else " (model not loaded)"),
            f"incidents: {self.incidents} ({self.rechecked_incidents} re-checked),"
            f" current claims: {self.claims}",
        ]
        out += [
            f"analysed in part (over {MAX_ANALYSED_CHARS} characters): {url}"
            for url in sorted(self.truncated)
        ]
        for slug, counts in sorted(self.verdicts.items()):
            parts = ", ".join(f"{v} {n}" for v, n in sorted(counts.items()))
            out.append(f"{slug}: {parts or 'no claims'}")
        return out


# Analysis in worker processes -------------------------------------------------------------

_NLP: Any = None


def _load_model() -> None:
    """Load the pipeline into this process (once); forked workers inherit it."""
    global _NLP
    if _NLP is None:
        from claims.nlp import load_nlp

        _NLP = load_nlp()


def _init_pool_worker(parent: int) -> None:
    from core.lock import exit_with_parent

    exit_with_parent(parent)  # a killed `check` must not leave its workers behind


def _analyse_batch(rows: list[dict[str, Any]]) -> list[Analysis]:
    """Run the whole chain on a batch of documents (in a worker, model already loaded)."""
    from claims.detect import analyse
    from claims.nlp import pipe_with_ref_dates

    _load_model()
    pairs = [(analysed_text(str(r["text"])), _day(r["published"])) for r in rows]
    out = []
    for row, doc in zip(rows, pipe_with_ref_dates(_NLP, pairs, batch_size=BATCH_SIZE), strict=True):
        out.append(
            analyse(
                doc,
                document_id=row["id"],
                doc_url=row["url"],
                kind=row["kind"],
                revno=row["revno"],
                text_hash=row["text_hash"],
            )
        )
    return out


def analysed_text(text: str) -> str:
    """`text` cut to MAX_ANALYSED_CHARS, at the last paragraph break before it when there is
    one in the second half (the claims' offsets stay those of the stored text)."""
    if len(text) <= MAX_ANALYSED_CHARS:
        return text
    cut = text.rfind("\n", MAX_ANALYSED_CHARS // 2, MAX_ANALYSED_CHARS)
    return text[: cut if cut > 0 else MAX_ANALYSED_CHARS]


def _day(value: object) -> date | None:
    return datetime.fromisoformat(str(value)).date() if value else None


def default_workers() -> int:
    """Two workers on two cores or more; one on a single core."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def tasks_of(rows: list[dict[str, Any]], workers: int) -> list[list[dict[str, Any]]]:
    """Split rows, in order, into tasks of TASK_SIZE documents that shrink towards the end
    (down to MIN_TASK), so that the workers finish together instead of one waiting for
    the other's last full task."""
    tasks, i = [], 0
    while i < len(rows):
        size = max(MIN_TASK, min(TASK_SIZE, -(-(len(rows) - i) // (2 * workers))))
        tasks.append(rows[i : i + size])
        i += size
    return tasks


def analyse_rows(rows: list[dict[str, Any]], workers: int) -> Iterator[Analysis]:
    """Analyses of the given documents, in input order, in-process or in worker processes.

    The model is loaded once, here, before the workers are forked: they share its memory
    (copy-on-write) instead of each loading a copy. ``gc.freeze()`` keeps the cyclic
    garbage collector from scanning the model's objects again and again, in this process
    and in the workers (where scanning them would also copy their memory pages).
    """
    _load_model()
    gc.freeze()
    try:
        if workers <= 1 or len(rows) <= TASK_SIZE:
            for i in range(0, len(rows), TASK_SIZE):
                yield from _analyse_batch(rows[i : i + TASK_SIZE])
            return
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=get_context("fork"),
            initializer=_init_pool_worker,
            initargs=(os.getpid(),),
        ) as pool:
            for result in pool.map(_analyse_batch, tasks_of(rows, workers)):
                yield from result
    finally:
        gc.unfreeze()


# The run --------------------------------------------------------------------------------------


def check_store(settings: Settings, *, workers: int | None = None) -> CheckSummary:
    """Analyse new or changed documents, regroup incidents, cross-check what changed."""
    summary = CheckSummary()
    now = settings.now()
    curated = incidents.load_curated(settings.data_dir / "incidents.toml")
    review_entries = reviews.load(settings.data_dir / "reviews.toml")
    with open_store(settings) as store:
        clock = time.perf_counter()
        rows = pending_documents(store, analysis_version())
        if rows:
            summary.model_loaded = True
            lengths = {str(r["id"]): len(str(r["text"])) for r in rows}
            for analysis in analyse_rows(rows, workers or default_workers()):
                save_analysis(store, analysis, analysis_version(), now)
                summary.analysed += 1
                if lengths[analysis.document_id] > MAX_ANALYSED_CHARS:
                    summary.truncated.append(_mark_truncated(store, analysis.document_id))
        summary.seconds["analysis"] = time.perf_counter() - clock
        clock = time.perf_counter()
        key = _grouping_key(store, settings.data_dir / "incidents.toml")
        stored = _stored_grouping(store, key)
        groups = stored if stored is not None else incidents.group(_doc_infos(store), curated)
        summary.incidents = len(groups)
        summary.seconds["incidents"] = time.perf_counter() - clock
        clock = time.perf_counter()
        for incident in groups:
            _check_incident(store, incident, now, summary)
        summary.seconds["crosscheck"] = time.perf_counter() - clock
        _drop_stale_incidents(store, {i.slug for i in groups})
        with store.transaction() as db:  # what no verdict or claim refers to any more
            evidence.prune(db)
            prune_words(db)
        if stored is None:
            with store.transaction() as db:
                db.execute(
                    "INSERT INTO state(key, value) VALUES ('grouping', ?) ON CONFLICT(key)"
                    " DO UPDATE SET value = excluded.value",
                    (key,),
                )
        reviews.store(store, review_entries)
        summary.claims = int(
            store.db.execute("SELECT COUNT(*) FROM claims WHERE status = 'current'").fetchone()[0]
        )
    return summary


def _mark_truncated(store: Store, doc_id: str) -> str:
    """Record that a document was analysed only up to its first MAX_ANALYSED_CHARS (about);
    returns its URL."""
    text = store.db.execute(
        "SELECT r.text FROM revisions r WHERE r.document_id = ? ORDER BY r.revno DESC LIMIT 1",
        (doc_id,),
    ).fetchone()[0]
    with store.transaction() as db:
        db.execute(
            "UPDATE analyses SET analysed_chars = ? WHERE document_id = ?",
            (len(analysed_text(text)), doc_id),
        )
    return str(store.db.execute("SELECT url FROM documents WHERE id = ?", (doc_id,)).fetchone()[0])


def _grouping_key(store: Store, curated: Path) -> str:
    """Hash of everything the grouping reads: the decision version, the curated file and each
    document's id, title, date, cluster and analysed text."""
    h = hashlib.sha256(decision_version().encode())
    h.update(curated.read_bytes() if curated.is_file() else b"")
    for row in store.db.execute(
        "SELECT d.id, d.title, d.published, d.cluster, a.text_hash FROM documents d"
        " LEFT JOIN analyses a ON a.document_id = d.id ORDER BY d.id"
    ):
        h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def _stored_grouping(store: Store, key: str) -> list[incidents.Incident] | None:
    """The stored incidents when they were grouped from the same inputs, else None."""
    row = store.db.execute("SELECT value FROM state WHERE key = 'grouping'").fetchone()
    if row is None or row[0] != key:
        return None
    members: dict[str, list[str]] = {}
    for doc, slug in store.db.execute(
        "SELECT document_id, incident FROM incident_documents ORDER BY document_id"
    ):
        members.setdefault(slug, []).append(doc)
    return [
        incidents.Incident(
            slug=r["slug"],
            title=r["title"],
            victim=r["victim"],
            region=r["region"],
            documents=tuple(members.get(r["slug"], ())),
            first_report=date.fromisoformat(r["first_report"]) if r["first_report"] else None,
            last_report=date.fromisoformat(r["last_report"]) if r["last_report"] else None,
        )
        for r in store.db.execute("SELECT * FROM incidents ORDER BY slug")
    ]


def _doc_infos(store: Store) -> list[incidents.DocInfo]:
    mentions: dict[str, list[tuple[str, str, str, int]]] = {}
    for r in store.db.execute("SELECT * FROM mentions ORDER BY document_id, label, text"):
        mentions.setdefault(r["document_id"], []).append(
            (r["label"], r["text"], r["key"], r["count"])
        )
    return [
        incidents.DocInfo(
            id=r["id"],
            url=r["url"],
            kind=r["kind"],
            title=r["title"],
            published=_day(r["published"]),
            cluster=r["cluster"],
            mentions=mentions.get(r["id"], []),
            text=r["text"] or "",
        )
        for r in store.db.execute(
            "SELECT d.id, d.url, d.kind, d.title, d.published, d.cluster, r.text"
            " FROM documents d LEFT JOIN revisions r ON r.document_id = d.id"
            " AND r.revno = (SELECT MAX(revno) FROM revisions WHERE document_id = d.id)"
            " ORDER BY d.id"
        )
    ]


def _claim_ids(store: Store, doc_ids: Iterable[str]) -> list[str]:
    """Ids of the current claims of some documents (what `load_claims` would load)."""
    return [
        row[0]
        for doc in sorted(set(doc_ids))
        for row in store.db.execute(
            "SELECT id FROM claims WHERE document_id = ? AND status = 'current'", (doc,)
        )
    ]


def _input_hash(store: Store, incident: incidents.Incident, claim_ids: list[str]) -> str:
    """Hash of everything a verdict depends on: member texts, claims and the pipeline."""
    h = hashlib.sha256(decision_version().encode())
    h.update(",".join(sorted(claim_ids)).encode())
    for doc in incident.documents:
        row = store.db.execute(
            "SELECT a.text_hash, d.kind, d.published FROM analyses a JOIN documents d"
            " ON d.id = a.document_id WHERE a.document_id = ?",
            (doc,),
        ).fetchone()
        h.update(f"{doc}:{tuple(row) if row else None}".encode())
    return h.hexdigest()


def _check_incident(
    store: Store, incident: incidents.Incident, now: datetime, summary: CheckSummary
) -> None:
    """Judge the incident's claims again if its inputs changed, and save the incident if it
    changed; an incident with nothing new costs a few reads (no claim is decoded)."""
    digest = _input_hash(store, incident, _claim_ids(store, incident.documents))
    old = store.db.execute("SELECT * FROM incidents WHERE slug = ?", (incident.slug,)).fetchone()
    if old is None or old["input_hash"] != digest:
        claims = load_claims(store, incident.documents)
        verdicts = judge_incident(store, incident, claims)
        save_verdicts(store, verdicts, now)
        summary.rechecked_incidents += 1
    if old is None or not _saved_as(store, old, incident, digest):
        _save_incident(store, incident, digest)
    counts: Counter[str] = Counter()
    for doc in sorted(set(incident.documents)):
        for verdict, n in store.db.execute(
            "SELECT v.verdict, COUNT(*) FROM claims c JOIN verdicts v ON v.claim_id = c.id"
            " WHERE c.document_id = ? AND c.status = 'current' GROUP BY v.verdict",
            (doc,),
        ):
            counts[verdict] += n
    summary.verdicts[incident.slug] = counts


def _saved_as(store: Store, row: Any, incident: incidents.Incident, digest: str) -> bool:
    """Is the stored incident (`row`, its documents) what `_save_incident` would write?"""
    members = [
        r[0]
        for r in store.db.execute(
            "SELECT document_id FROM incident_documents WHERE incident = ? ORDER BY document_id",
            (incident.slug,),
        )
    ]
    return (
        row["input_hash"],
        row["title"],
        row["victim"],
        row["region"],
        row["first_report"],
        row["last_report"],
        members,
    ) == (
        digest,
        incident.title,
        incident.victim,
        incident.region,
        iso_day(incident.first_report),
        iso_day(incident.last_report),
        sorted(set(incident.documents)),
    )


def judge_incident(
    store: Store, incident: incidents.Incident, claims: list[Claim]
) -> list[Verdict]:
    """Verdicts of an incident's claims against its official sentences, with flags."""
    docs = {}
    for doc_id in incident.documents:
        row = store.db.execute(
            "SELECT id, url, kind, published, outlet FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        docs[doc_id] = dict(row)
    official_ids = sorted(d for d, r in docs.items() if r["kind"] == "official")
    sentences = load_sentences(store, official_ids)
    pool = [
        crosscheck.Official(s, docs[d]["url"], docs[d]["published"], docs[d]["outlet"])
        for d in official_ids
        for s in sentences[d]
    ]
    pool = crosscheck.distinct(crosscheck.join_lists(pool))
    dates = {c.id: docs[c.document_id]["published"] for c in claims}
    verdicts = flags.check_as_of(claims, pool, dates)
    return flags.flag_disputed(
        claims, verdicts, {c.id: docs[c.document_id]["outlet"] for c in claims}
    )


def started(store: Store, incident: incidents.Incident) -> str | None:
    """When the attack began: the earliest date official sentences give it (else the press's),
    never after the first report."""
    kinds = {
        doc: store.db.execute("SELECT kind FROM documents WHERE id = ?", (doc,)).fetchone()[0]
        for doc in incident.documents
    }
    facets = attack_facets(store, incident.documents)
    limit = iso_day(incident.first_report) or "9999-12-31"
    for wanted in ("official", "press"):
        days = sorted(
            d.start
            for doc, items in facets.items()
            if kinds.get(doc) == wanted
            for f in items
            for d in f.dates
            if d.start and d.start <= limit and _precise(d)
        )
        if days:
            return days[0]
    return None


_ATTACK_JSON = tuple(dumps(topic) for topic in sorted(ATTACK_DATING_TOPICS))


def attack_facets(store: Store, doc_ids: Iterable[str]) -> dict[str, list[Facets]]:
    """Facets of the sentences that name an attack topic, by document: only their facets
    column is read, and only those naming one of the topics' strings are decoded."""
    out: dict[str, list[Facets]] = {}
    for doc in sorted(set(doc_ids)):
        out[doc] = [
            facets
            for (raw,) in store.db.execute(
                "SELECT facets FROM sentences WHERE document_id = ? ORDER BY position", (doc,)
            )
            if raw
            and any(topic in raw for topic in _ATTACK_JSON)
            and ATTACK_DATING_TOPICS & set((facets := Facets.from_json(raw)).topics)
        ]
    return out


def _precise(span: DateSpan) -> bool:
    """A day, a range or a week: 'septembre 2025' is too coarse to date an attack."""
    if not span.start or not span.end:
        return bool(span.start)
    return (date.fromisoformat(span.end) - date.fromisoformat(span.start)).days <= 14


def _save_incident(store: Store, incident: incidents.Incident, digest: str) -> None:
    """The incident, its start and its members, in one transaction (a check killed half-way
    leaves the old row, whose input hash makes the next check do it again)."""
    first = started(store, incident)
    with store.transaction() as db:
        db.execute(
            "INSERT INTO incidents(slug, title, victim, region, first_report, last_report,"
            " facts, input_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(slug) DO UPDATE SET"
            " title=excluded.title, victim=excluded.victim, region=excluded.region,"
            " first_report=excluded.first_report, last_report=excluded.last_report,"
            " input_hash=excluded.input_hash",
            (
                incident.slug,
                incident.title,
                incident.victim,
                incident.region,
                iso_day(incident.first_report),
                iso_day(incident.last_report),
                dumps({}),
                digest,
            ),
        )
        db.execute("UPDATE incidents SET started = ? WHERE slug = ?", (first, incident.slug))
        db.executemany(
            "INSERT INTO incident_documents(document_id, incident) VALUES (?, ?)"
            " ON CONFLICT(document_id) DO UPDATE SET incident=excluded.incident",
            [(d, incident.slug) for d in incident.documents],
        )


def _drop_stale_incidents(store: Store, slugs: set[str]) -> None:
    """Forget incidents that no document belongs to any more (after a merge or split)."""
    with store.transaction() as db:
        for (slug,) in db.execute("SELECT slug FROM incidents ORDER BY slug").fetchall():
            if slug not in slugs:
                db.execute("DELETE FROM incidents WHERE slug = ?", (slug,))


def iso_day(value: date | None) -> str | None:
    """ISO date or None."""
    return value.isoformat() if value else None
