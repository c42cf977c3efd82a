"""Accepting an extracted document: address, kind, filters, clustering, one transaction."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from scraper import dedup
from scraper.errors import Drop
from scraper.records import Extracted, FeedEntry
from scraper.sources import Registry
from scraper.store import NewDocument, Store
from scraper.summary import RunSummary
from scraper.topic import classify
from scraper.urls import canonical_url, host_of, is_web_url, same_site

EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Candidate:
    """A fetched or ingested document waiting for acceptance."""

    final_url: str  # where the bytes came from, after redirects
    extracted: Extracted
    source: str  # registry source that led here (feed owner, or ingest)
    kind: str | None  # forced kind (ingest --kind); None: from the registry
    links: tuple[str, ...] = ()  # raw addresses that led here
    entry: FeedEntry | None = None
    outlet: str = ""  # forced outlet (ingest --outlet)
    published: datetime | None = None  # forced date (ingest --published)


def document_url(final_url: str, extracted: Extracted) -> str:
    """The address a document is stored under: the page's own canonical URL when same-site."""
    canonical = extracted.canonical_url
    if canonical and is_web_url(canonical) and same_site(canonical, final_url):
        return canonical_url(canonical)
    if final_url.startswith("file:"):
        return final_url
    return canonical_url(final_url)


class Acceptor:
    """Applies the language and topic filters and writes documents, updating the summary."""

    def __init__(self, store: Store, registry: Registry, summary: RunSummary, run_id: int,
                 now: datetime) -> None:
        self.store = store
        self.registry = registry
        self.summary = summary
        self.run_id = run_id
        self.now = now
        self._clusters: dedup.Clusterer | None = None

    @property
    def clusters(self) -> dedup.Clusterer:
        """The stored documents' signatures, indexed when the first new text needs them (a run
        that stores nothing never reads them)."""
        if self._clusters is None:
            self._clusters = dedup.Clusterer()
            for kind in ("press", "official"):
                for doc_id, blob in self.store.minhashes(kind):
                    self._clusters.add(kind, doc_id, dedup.from_bytes(blob))
        return self._clusters

    def accept(self, cand: Candidate) -> str:
        """Store or drop one candidate; returns 'new', 'updated', 'same' or the drop reason."""
        url = document_url(cand.final_url, cand.extracted)
        links = tuple(sorted({*cand.links, cand.final_url} - {url}))
        try:
            if self.registry.is_aggregator(url):
                raise Drop("unresolved_aggregator", f"{url} did not lead to a publisher page")
            extracted = self._checked(cand)
        except Drop as drop:
            self.drop(url, drop, source=cand.source, links=links)
            return drop.reason
        owner = self.registry.for_url(url)
        kind = cand.kind or (owner.kind if owner else None) or self._source_kind(cand.source)
        outlet = cand.outlet or (owner.name if owner else "") or self._fallback_outlet(cand, url)
        signature = dedup.signature(extracted.text)
        new = NewDocument(
            url=url, kind=kind, source=cand.source, outlet=outlet, extracted=extracted,
            fetched_at=self.now, minhash=dedup.to_bytes(signature), links=links,
        )
        similar = self.clusters.similar(kind, signature, exclude=url)
        doc_id, outcome = self.store.save_document(new, similar)
        self.clusters.add(kind, doc_id, signature)
        if outcome == "new":
            self.summary.new += 1
        elif outcome == "updated":
            self.summary.updated += 1
        else:
            self.summary.unchanged += 1
        return outcome

    def drop(self, url: str, drop: Drop, *, source: str, links: tuple[str, ...] = ()) -> None:
        """Record an expected rejection and count it."""
        self.store.record_drop(url, drop.reason, source=source, detail=drop.detail,
                               links=links, run_id=self.run_id, at=self.now)
        self.summary.drops[drop.reason] += 1
        self.summary.dropped.append((url, drop.reason, drop.detail))

    def _checked(self, cand: Candidate) -> Extracted:
        """Language and topic filters; fills the publication date from the feed or --published."""
        ex = cand.extracted
        if ex.language != "fr":
            raise Drop("not_french", f"language detected: {ex.language or 'unknown'}")
        verdict = classify(ex.title, ex.text)
        if not verdict.on_topic and cand.kind != "official":
            # a document ingested as official is an editor's decision: no topic filter
            raise Drop("off_topic", verdict.detail)
        published = cand.published or ex.published
        if published is None and cand.entry is not None:
            published = cand.entry.published
        if published is not None and published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        if published is not None and not (EARLIEST <= published <= self.now):
            published = None
        title = ex.title or (cand.entry.title if cand.entry else "")
        return replace(ex, published=published, title=title)

    def _source_kind(self, name: str) -> str:
        source = self.registry.by_name.get(name)
        return source.kind if source else "press"

    def _fallback_outlet(self, cand: Candidate, url: str) -> str:
        source = self.registry.by_name.get(cand.source)
        if source is not None and not source.aggregator:
            return source.name
        return cand.extracted.site_name or host_of(url)
