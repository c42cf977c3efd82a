"""Accepting an extracted document: address, kind, filters, clustering, one transaction."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from scraper import dedup
from scraper.errors import Drop
from scraper.fetched import Extracted, FeedEntry, PageVersion
from scraper.sources import Registry
from scraper.store import CollectionStore, NewDocument
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
    version: PageVersion | None = None  # the fetched page's version (a poison drop keeps it)


def fetched_url(final_url: str) -> str:
    """The address of the bytes themselves (canonicalised; a local file kept as is)."""
    return final_url if final_url.startswith("file:") else canonical_url(final_url)


class Acceptor:
    """Applies the language and topic filters and writes documents, updating the summary."""

    def __init__(
        self,
        store: CollectionStore,
        registry: Registry,
        summary: RunSummary,
        run_id: int,
        now: datetime,
    ) -> None:
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

    def document_url(self, cand: Candidate) -> str:
        """The address a document is stored under: where its bytes came from, or the page's
        own canonical link when that cannot forge another source's document.

        A canonical link is followed only within one host or one registrable domain (Public
        Suffix List), onto an address the registry gives to the same source as the page's
        own, never onto a stored document of another kind, nor of another source when it
        leaves the host: an official communiqué changes only through its own source.
        """
        own = fetched_url(cand.final_url)
        canonical = cand.extracted.canonical_url
        if not canonical or not is_web_url(canonical) or own.startswith("file:"):
            return own
        target = canonical_url(canonical)
        if target == own:
            return own
        if not same_site(target, own):
            return own
        if self.registry.for_url(target) != self.registry.for_url(own):
            return own
        stored = self.store.find_document(target)
        if stored is None:
            return target
        if stored["kind"] != self._kind(cand, target):
            return own
        moves_host = host_of(target) != host_of(own)
        if (moves_host or stored["kind"] == "official") and stored["source"] != cand.source:
            return own
        return target

    def accept(self, cand: Candidate) -> str:
        """Store or drop one candidate; returns 'new', 'updated', 'same' or the drop reason."""
        url = self.document_url(cand)
        links = tuple(sorted({*cand.links, cand.final_url} - {url}))
        try:
            if self.registry.is_aggregator(url):
                raise Drop("unresolved_aggregator", f"{url} did not lead to a publisher page")
            extracted = self._checked(cand)
        except Drop as drop:
            self.drop(url, drop, source=cand.source, links=links)
            return drop.reason
        owner = self.registry.for_url(url)
        kind = self._kind(cand, url)
        outlet = cand.outlet or (owner.name if owner else "") or self._fallback_outlet(cand, url)
        signature = dedup.signature(extracted.text)
        new = NewDocument(
            url=url,
            kind=kind,
            source=cand.source,
            outlet=outlet,
            extracted=extracted,
            fetched_at=self.now,
            minhash=dedup.to_bytes(signature),
            links=links,
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

    def drop(
        self,
        url: str,
        drop: Drop,
        *,
        source: str,
        links: tuple[str, ...] = (),
        version: PageVersion | None = None,
    ) -> None:
        """Record an expected rejection and count it (with the page's `version` for a poison
        or too complex page: asked again only once it has changed)."""
        self.store.record_drop(
            url,
            drop.reason,
            source=source,
            detail=drop.detail,
            links=links,
            run_id=self.run_id,
            at=self.now,
            version=version,
        )
        self.summary.drops[drop.reason] += 1
        self.summary.dropped.append((url, drop.reason, drop.detail))

    def _checked(self, cand: Candidate) -> Extracted:
        """Language and topic filters; fills the publication date from the feed or --published."""
        ex = cand.extracted
        if ex.language != "fr":
            raise Drop("not_french", f"language detected: {ex.language or 'unknown'}")
        verdict = classify(ex.title, ex.text)
        if not verdict.on_topic and (
            cand.kind != "official" or not verdict.health and verdict.cyber
        ):
            # A document ingested as official is an editor's decision, unless it is plainly
            # another sector's breach (breach vocabulary, not one health-sector term: a job
            # centre's notice to its users). A legal text that names neither stays.
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

    def _kind(self, cand: Candidate, url: str) -> str:
        """Forced kind, else the kind of the source owning `url`, else the feed's source's."""
        if cand.kind:
            return cand.kind
        owner = self.registry.for_url(url)
        if owner is not None:
            return owner.kind
        source = self.registry.by_name.get(cand.source)
        return source.kind if source else "press"

    def _fallback_outlet(self, cand: Candidate, url: str) -> str:
        """The outlet of a page no registry domain owns: the feed's source, or for a page
        reached through an aggregator its host name. Never the page's own og:site_name: a page
        calling itself "Le Monde" must not join Le Monde's statistics."""
        source = self.registry.by_name.get(cand.source)
        if source is not None and not source.aggregator:
            return source.name
        return host_of(url)
