"""The collect run: poll feeds, fetch new pages, extract, accept — politely and resumably.

Network work runs in a thread pool with at most one job in flight per host (the fetcher also
spaces requests per host), so hosts are fetched concurrently without ever hammering one.
Only the main thread writes to the store. A feed's validators (ETag, Last-Modified) are saved
after all of its entries have been handled, so a killed run never hides entries behind a 304.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial

from core.source import Source
from scraper.accept import Acceptor, Candidate
from scraper.errors import (
    Drop,
    FetchError,
    HTTPStatusError,
    OfflineError,
    PrivateNetworkRefused,
    RobotsDisallowed,
)
from scraper.extract import extract_bytes
from scraper.feeds import ParsedFeed, parse_feed
from scraper.fetch import Fetcher
from scraper.fetched import FeedEntry, PageVersion, Response
from scraper.gnews import BATCH_SIZE, Decoded, GoogleNewsDecoder
from scraper.sources import Registry
from scraper.store import CollectionStore
from scraper.summary import RunSummary
from scraper.urls import canonical_url, host_of, is_consent_page, strip_userinfo

MAX_FAILURE_ATTEMPTS = 5  # a failed page is retried by this many later runs, then left alone
# Silent edits: a stored page is fetched again while it is young, at most about once a day,
# a bounded number per run (least recently fetched first); changed text becomes a revision.
REVISIT_DAYS = 7
REVISIT_AFTER = timedelta(hours=20)
REVISIT_LIMIT = 200
# Drops of a page's own bytes (the failure boundary, the element cap): the page's version is
# kept, and the page is processed again only once it has changed.
RECHECKED_DROPS = frozenset({"poison", "too_complex"})


@dataclass(frozen=True)
class FeedJob:
    """Poll one feed."""

    url: str
    source: str

    @property
    def host(self) -> str:
        return host_of(self.url)


@dataclass(frozen=True)
class PageJob:
    """Fetch and extract one page found in a feed (or retried from an earlier failure)."""

    url: str
    source: str
    feed: str = ""
    entry: FeedEntry | None = None
    aliases: tuple[str, ...] = ()
    recheck: PageVersion | None = None  # a poison page asked again: its dropped version

    @property
    def host(self) -> str:
        return host_of(self.url)


@dataclass(frozen=True)
class Rejected:
    """A worker's drop of a page's own bytes (RECHECKED_DROPS), with the page's version."""

    drop: Drop
    version: PageVersion


@dataclass(frozen=True)
class Unchanged:
    """A poison page asked again that has not changed (304, or the same body): skipped."""

    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class DecodeJob:
    """Decode a batch of one feed's Google News article links to publisher addresses."""

    host: str
    source: str
    feed: str
    entries: tuple[FeedEntry, ...]

    @property
    def url(self) -> str:
        return self.entries[0].link


Job = FeedJob | PageJob | DecodeJob
BLOCKED_STATUSES = frozenset({401, 403, 451})  # anti-bot walls, login walls, legal blocks


@dataclass
class FeedProgress:
    """Entries of one feed still in flight, and the validators to save once they are done."""

    source: str
    response: Response
    pending: int = 0
    deferred: bool = False  # entries left to the next run: validators not saved


@dataclass
class Scheduler:
    """Per-host queues; at most one job per host in the pool at a time."""

    queues: dict[str, deque[Job]] = field(default_factory=dict)
    busy: set[str] = field(default_factory=set)
    size: int = 0

    def push(self, job: Job) -> None:
        self.queues.setdefault(job.host, deque()).append(job)
        self.size += 1

    def ready(self) -> list[Job]:
        """Pop one job from every idle host with work, in host order."""
        jobs = []
        for host in sorted(self.queues):
            if host not in self.busy and self.queues[host]:
                jobs.append(self.queues[host].popleft())
                self.busy.add(host)
                self.size -= 1
        return jobs


class Collector:
    """Runs one collect over a set of feeds, writing to the store as results arrive."""

    def __init__(
        self,
        store: CollectionStore,
        registry: Registry,
        fetcher: Fetcher,
        acceptor: Acceptor,
        *,
        concurrency: int,
        on_progress: Callable[[int, int], None] | None = None,
        decoder: GoogleNewsDecoder | None = None,
    ) -> None:
        self.store = store
        self.registry = registry
        self.fetcher = fetcher
        self.acceptor = acceptor
        self.summary = acceptor.summary
        self.now: datetime = acceptor.now
        self.concurrency = max(1, concurrency)
        self.on_progress = on_progress
        self.feeds: dict[str, FeedProgress] = {}
        # Read up front by run(): worker threads never touch the store.
        self.store_validators: dict[str, tuple[str | None, str | None]] = {}
        self.queued: set[str] = set()  # canonical links scheduled in this run
        self.decoder = decoder
        # Hosts that answered with a wall (403, consent page) in this run: their other pages
        # are dropped as `blocked` without a request, never retried in a loop.
        self.blocked: set[str] = set()
        settings = fetcher.settings
        self.max_feed_items = max(0, settings.max_feed_items)
        self.page_budget = max(0, settings.max_pages)  # pages this run may still schedule
        self.recheck_after = timedelta(days=max(0.0, settings.poison_recheck_days))
        # canonical link → the kept version of a poison page due to be asked again (_admit)
        self.rechecks: dict[str, PageVersion] = {}
        # canonical link of a page queued in this run → (Google News link, decoded address,
        # source) of the other links that decoded to it: they follow the page's outcome
        self.pending_aliases: dict[str, list[tuple[str, str, str]]] = {}
        self.done = 0
        self.total = 0

    def run(
        self, feeds: list[FeedJob], retries: list[PageJob], revisits: list[PageJob] | None = None
    ) -> RunSummary:
        """Poll the feeds, fetch what is new, fetch `revisits` (stored pages) again; returns
        the run's summary."""
        self.store_validators = {f.url: self.store.feed_validators(f.url) for f in feeds}
        sched = Scheduler()
        for job in sorted(feeds, key=lambda j: j.url):
            sched.push(job)
        undecoded: dict[str, list[FeedEntry]] = {}  # Google News links left by a "not now"
        for page in retries:
            if self.decoder is not None and self.decoder.is_article(page.url):
                if self._admit(page.url) > 0:
                    undecoded.setdefault(page.source, []).append(FeedEntry(page.url))
            else:
                self._queue_page(sched, page)
        for source, entries in sorted(undecoded.items()):
            self._queue_decoding(sched, entries, source, feed="")
        for page in revisits or []:
            canonical = canonical_url(page.url)
            if canonical not in self.queued:
                self.queued.add(canonical)
                sched.push(page)
        self.total = sched.size
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            running: dict[Future[object], Job] = {}
            while sched.size or running:
                for ready in sched.ready():
                    running[pool.submit(self._work, ready)] = ready
                finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in sorted(finished, key=lambda f: running[f].url):
                    done = running.pop(future)
                    sched.busy.discard(done.host)
                    self._handle(sched, done, future.result())
                    self._log()
        for key in sorted(self.pending_aliases):  # pages handled before their alias came
            self._settle_aliases(key)
        return self.summary

    # Worker side (threads): network and extraction only, no store access. --------------

    def _work(self, job: Job) -> object:
        try:
            if isinstance(job, FeedJob):
                return self._poll(job)
            if isinstance(job, DecodeJob):
                assert self.decoder is not None
                return self.decoder.decode(entry.link for entry in job.entries)
            if job.host in self.blocked:
                raise Drop("blocked", f"{job.host}: blocked earlier in this run")
            return self._fetch_page(job)
        except (FetchError, Drop) as exc:
            return exc
        except Exception as exc:  # noqa: BLE001 - a poison feed or page never stops the run
            return poison(exc)

    def _poll(self, job: FeedJob) -> tuple[Response, ParsedFeed | None]:
        etag, modified = self.store_validators.get(job.url, (None, None))
        response = self.fetcher.get(job.url, etag=etag, last_modified=modified)
        if response.not_modified:
            return response, None
        return response, parse_feed(
            response.body, response.final_url, response.headers.get("content-type")
        )

    def _fetch_page(self, job: PageJob) -> Candidate | Rejected | Unchanged:
        old = job.recheck  # a poison page: asked conditionally, skipped if unchanged
        response = self.fetcher.get(
            job.url,
            etag=old.etag if old else None,
            last_modified=old.last_modified if old else None,
        )
        if is_consent_page(response.final_url):
            raise Drop(
                "blocked", f"{host_of(response.final_url)}: consent page {response.final_url[:200]}"
            )
        version = PageVersion.of(response)
        if old is not None and (response.not_modified or version.body_hash == old.body_hash):
            return Unchanged(version.etag, version.last_modified)
        try:
            extracted = extract_bytes(
                response.body,
                response.final_url,
                content_type=response.headers.get("content-type"),
                charset=response.charset,
                now=self.now,
            )
        except Drop as drop:
            if drop.reason in RECHECKED_DROPS:
                return Rejected(drop, version)
            raise
        except Exception as exc:  # noqa: BLE001 - a poison page: dropped with its version
            return Rejected(poison(exc), version)
        return Candidate(
            final_url=response.final_url,
            extracted=extracted,
            source=job.source,
            kind=None,
            links=(job.url, *job.aliases, *response.redirects),
            entry=job.entry,
            version=version,
        )

    # Main thread: bookkeeping and store writes. -----------------------------------------------

    def _handle(self, sched: Scheduler, job: Job, result: object) -> None:
        self.done += 1
        if isinstance(job, FeedJob):
            self._handle_feed(sched, job, result)
        elif isinstance(job, DecodeJob):
            for entry in job.entries:
                self._bounded(
                    entry.link, job.source, partial(self._handle_decoded, sched, job, entry, result)
                )
            self._feed_entry_done(job.feed)
        else:
            self._bounded(
                job.url,
                job.source,
                partial(self._handle_page, job, result),
                version=result.version if isinstance(result, Candidate) else None,
            )
            self._settle_aliases(canonical_url(job.url))
            self._feed_entry_done(job.feed)
        if self.on_progress:
            self.on_progress(self.done, self.total)

    def _bounded(
        self, url: str, source: str, handle: Callable[[], None], version: PageVersion | None = None
    ) -> None:
        """Run the bookkeeping of one page or link inside its own failure boundary: whatever
        it raises, a store failure aside, is a `poison` drop of `url` (with the fetched
        page's `version`: processed again only once it has changed)."""
        try:
            handle()
        except (sqlite3.Error, OSError):
            raise  # the store itself failed: the run stops with its one-line error
        except Exception as exc:  # noqa: BLE001 - one poison page never stops the run
            self.acceptor.drop(url, poison(exc), source=source, version=version)

    def _handle_feed(self, sched: Scheduler, job: FeedJob, result: object) -> None:
        if isinstance(result, OfflineError):
            self.summary.feeds_offline += 1
            return
        if isinstance(result, Drop):  # a poison feed: unreadable, retried next run
            result = FetchError(job.url, f"unreadable feed: {result.detail}")
        if isinstance(result, FetchError):
            status = getattr(result, "status", None)
            reason = (
                f"blocked: {job.host} answered HTTP {status} (anti-bot or login wall)"
                if status in BLOCKED_STATUSES
                else result.reason
            )
            self.summary.failures.append((job.url, reason))
            self.store.save_feed_state(
                job.url, job.source, status=status, polled=self.now, error=reason
            )
            return
        assert isinstance(result, tuple)
        response, parsed = result
        self.summary.feeds_polled += 1
        progress = FeedProgress(job.source, response)
        self.feeds[job.url] = progress
        if parsed is None:
            self.summary.feeds_unchanged += 1
        else:
            if parsed.bozo and parsed.entries:
                self.summary.malformed_feeds.append((job.url, parsed.bozo))
            elif parsed.bozo:
                self.summary.failures.append((job.url, f"unreadable feed: {parsed.bozo}"))
            entries = parsed.entries[: self.max_feed_items]
            self.summary.entries_capped += len(parsed.entries) - len(entries)
            to_decode: list[FeedEntry] = []
            for entry in entries:
                self.summary.entries_seen += 1
                gnews = self.decoder is not None and self.decoder.is_article(entry.link)
                target = self._poison_target(entry.link) if gnews else None
                if gnews and target is None:
                    admitted = self._admit(entry.link)  # the budget of the page it decodes to
                    if admitted > 0:
                        to_decode.append(entry)
                else:  # a publisher's link, or the due poison page a Google News link led to
                    page = PageJob(
                        target or entry.link,
                        job.source,
                        job.url,
                        entry,
                        aliases=(entry.link,) if target else (),
                    )
                    admitted = self._queue_page(sched, page)
                    progress.pending += max(admitted, 0)
                progress.deferred |= admitted < 0
            progress.pending += self._queue_decoding(sched, to_decode, job.source, job.url)
        self._feed_entry_done(job.url, finished=False)

    def _queue_decoding(
        self, sched: Scheduler, entries: list[FeedEntry], source: str, feed: str
    ) -> int:
        """Schedule Google News links for decoding, BATCH_SIZE a job; returns the jobs."""
        jobs = 0
        for start in range(0, len(entries), BATCH_SIZE):
            batch = tuple(entries[start : start + BATCH_SIZE])
            sched.push(DecodeJob(host_of(batch[0].link), source, feed, batch))
            self.total += 1
            jobs += 1
        return jobs

    def _poison_target(self, link: str) -> str | None:
        """The poison or too complex page a known Google News `link` led to, when that page
        is due to be asked again (else None: the link is handled as any other)."""
        target = self.store.poison_alias(tuple(dict.fromkeys((link, canonical_url(link)))))
        if (
            target is None
            or self.store.poison_recheck(
                (target, canonical_url(target)), self.now - self.recheck_after
            )
            is None
        ):
            return None
        return target

    def _admit(self, url: str, *, budget: bool = True) -> int:
        """1 if `url` is neither known nor already queued (it is then marked as queued and,
        with `budget`, takes one page of the run's budget), -1 if it is new but left to the
        next run (the page budget is spent), else 0."""
        canonical = canonical_url(url)
        if canonical in self.queued:
            self.summary.drops["duplicate_url"] += 1
            return 0
        recheck = None
        if self.store.link_known(url) or self.store.link_known(canonical):
            # a known link is fetched again only for a poison page due to be asked again
            recheck = self.store.poison_recheck((url, canonical), self.now - self.recheck_after)
            if recheck is None:
                self.summary.entries_known += 1
                return 0
        if budget:
            if self.page_budget <= 0:
                self.summary.pages_deferred += 1
                return -1
            self.page_budget -= 1
        self.queued.add(canonical)
        if recheck is not None:
            self.rechecks[canonical] = recheck
        return 1

    def _queue_page(self, sched: Scheduler, page: PageJob, *, budget: bool = True) -> int:
        """Schedule a page unless it is known or already queued; returns 1 if scheduled,
        -1 if left to the next run (the run's page budget is spent), else 0. `budget=False`
        for a page whose budget was taken earlier (a decoded Google News link)."""
        admitted = self._admit(page.url, budget=budget)
        if admitted <= 0:
            return admitted
        recheck = self.rechecks.pop(canonical_url(page.url), None)
        if recheck is not None:  # asked at the address of the dropped version
            page = replace(page, url=recheck.url, recheck=recheck)
        sched.push(page)
        self.total += 1
        return 1

    def _handle_decoded(
        self, sched: Scheduler, job: DecodeJob, entry: FeedEntry, result: object
    ) -> None:
        """Queue the publisher page of a decoded link; else fall back on the item's
        publisher and title: an already stored article of that publisher with that title
        takes the link, otherwise the link is dropped, naming publisher and title."""
        if isinstance(result, BaseException):  # decoding made the code fail (poison)
            drop = result if isinstance(result, Drop) else poison(result)
            self.acceptor.drop(entry.link, drop, source=job.source)
            return
        assert isinstance(result, Decoded)
        url = result.urls.get(entry.link)
        if url is not None:
            self.summary.decoded += 1
            page = PageJob(url, job.source, job.feed, entry, aliases=(entry.link,))
            if self._queue_page(sched, page, budget=False) > 0:  # budget taken when queued
                if job.feed in self.feeds:
                    self.feeds[job.feed].pending += 1
            elif self._known_address(url) is None:  # queued in this run, not handled yet
                self.pending_aliases.setdefault(canonical_url(url), []).append(
                    (entry.link, url, job.source)
                )
            else:
                self._settle_alias(entry.link, url, job.source)
            return
        stored = (
            self.store.find_by_title(host_of(entry.publisher_url), entry.title)
            if entry.publisher_url and entry.title
            else None
        )
        if stored is not None:
            self.summary.entries_known += 1
            self.store.add_alias(entry.link, stored, at=self.now)
            return
        reason = result.failures.get(entry.link, "not decoded")
        if entry.link in result.transient:  # a later run decodes it again
            self.summary.failures.append((entry.link, f"Google News link not decoded: {reason}"))
            self.store.record_failure(
                entry.link, source=job.source, kind="gnews", reason=reason, at=self.now
            )
            return
        publisher = entry.publisher or host_of(entry.publisher_url) or "unknown publisher"
        detail = f"{reason}; publisher: {publisher}; title: {entry.title[:200]}"
        if entry.link in result.blocked:
            self.acceptor.drop(
                entry.link, Drop("blocked", f"{job.host}: {detail}"), source=job.source
            )
        else:
            self.acceptor.drop(entry.link, Drop("unresolved_aggregator", detail), source=job.source)

    def _known_address(self, url: str) -> str | None:
        """`url` or its canonical form, whichever the store knows as a link (else None)."""
        for address in dict.fromkeys((url, canonical_url(url))):
            if self.store.link_known(address):
                return address
        return None

    def _settle_alias(self, link: str, url: str, source: str) -> None:
        """Give the Google News `link` the outcome of the page it decoded to: stored (with its
        document) or dropped; a page that failed leaves the link to be decoded again later."""
        known = self._known_address(url)
        if known is not None:
            self.store.add_alias(link, known, at=self.now)
        else:
            self.store.record_failure(
                link,
                source=source,
                kind="gnews",
                reason=f"its page failed: {url[:200]}",
                at=self.now,
            )

    def _settle_aliases(self, key: str) -> None:
        for link, url, source in self.pending_aliases.pop(key, []):
            self._settle_alias(link, url, source)

    def _handle_page(self, job: PageJob, result: object) -> None:
        # a drop also records the page's aliases: a Google News link is not decoded again
        drop = partial(self.acceptor.drop, job.url, source=job.source, links=job.aliases)
        if job.recheck is not None:  # asked again now: the next request waits another delay
            self.summary.poison_rechecked += 1
            fresh = result if isinstance(result, Unchanged) else Unchanged(None, None)
            self.store.touch_poison(
                job.recheck.url, at=self.now, etag=fresh.etag, last_modified=fresh.last_modified
            )
        if isinstance(result, Unchanged):
            self.summary.poison_unchanged += 1
        elif isinstance(result, Rejected):
            drop(result.drop, version=result.version)
        elif isinstance(result, RobotsDisallowed) and result.reason.startswith("disallowed"):
            drop(Drop("robots", result.reason))
        elif isinstance(result, PrivateNetworkRefused):
            drop(Drop(result.kind, result.reason))
        elif isinstance(result, OfflineError):
            self.summary.failures.append((job.url, result.reason))
        elif isinstance(result, HTTPStatusError) and result.status in BLOCKED_STATUSES:
            self.blocked.add(job.host)
            drop(Drop("blocked", f"{job.host}: HTTP {result.status} (anti-bot or login wall)"))
        elif isinstance(result, FetchError):
            self.summary.failures.append((job.url, result.reason))
            if job.recheck is None:  # a poison page is asked again when its link comes back
                self.store.record_failure(
                    job.url, source=job.source, kind=result.kind, reason=result.reason, at=self.now
                )
        elif isinstance(result, Drop):
            if result.reason == "blocked":
                self.blocked.add(job.host)
            drop(result)
        else:
            assert isinstance(result, Candidate)
            self.acceptor.accept(result)

    def _feed_entry_done(self, feed_url: str, finished: bool = True) -> None:
        """Count one entry of a feed as handled; save the feed's validators at zero."""
        progress = self.feeds.get(feed_url)
        if progress is None:
            return
        if finished:
            progress.pending -= 1
        if progress.pending > 0:
            return
        headers = progress.response.headers
        if progress.deferred:  # no 304 next run: the entries left over are read again
            headers = {}
        self.store.save_feed_state(
            feed_url,
            progress.source,
            status=progress.response.status,
            polled=self.now,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
        )
        del self.feeds[feed_url]

    def _log(self) -> None:
        self.store.log_attempts(self.acceptor.run_id, self.fetcher.drain_attempts())


def poison(exc: BaseException) -> Drop:
    """A drop for an input that made the code fail: named, counted, and (a fetched page)
    processed again only once it has changed."""
    message = " ".join(str(exc).split())[:300]
    return Drop("poison", f"{type(exc).__name__}: {message}" if message else type(exc).__name__)


def feed_jobs(registry: Registry, feed_urls: list[str] | None) -> list[FeedJob]:
    """Feeds to poll: the explicit `--feed` URLs, or every feed of the registry."""
    if feed_urls:
        jobs = []
        for url in map(strip_userinfo, feed_urls):
            owner = registry.by_feed.get(url) or registry.for_url(url)
            jobs.append(FeedJob(url, owner.name if owner else host_of(url)))
        return jobs
    return [FeedJob(feed, s.name) for s in registry.sources for feed in s.feeds]


def named_urls(registry: Registry, jobs: list[FeedJob], google_news_url: str = "") -> list[str]:
    """URLs the operator named (registry feeds and homepages, the run's feeds, the configured
    Google News base where article links are decoded): the origins allowed to resolve to
    private addresses (scraper.netguard). Decoded publisher addresses come from content and
    are never among them."""
    return [
        *(j.url for j in jobs),
        *(f for s in registry.sources for f in s.feeds),
        *(s.homepage for s in registry.sources if s.homepage),
        *([google_news_url] if google_news_url else []),
    ]


def retry_jobs(store: CollectionStore, limit: int = -1) -> list[PageJob]:
    """Pages that failed in earlier runs and deserve another try (at most `limit`)."""
    return [
        PageJob(url, source) for url, source in store.pending_failures(MAX_FAILURE_ATTEMPTS, limit)
    ]


def revisit_jobs(store: CollectionStore, now: datetime) -> list[PageJob]:
    """Stored pages to fetch again for silent edits (see REVISIT_DAYS)."""
    return [
        PageJob(url, source)
        for url, source in store.revisit_candidates(
            now - timedelta(days=REVISIT_DAYS), now - REVISIT_AFTER, REVISIT_LIMIT
        )
    ]


def adhoc_sources(registry: Registry, jobs: list[FeedJob]) -> list[Source]:
    """Press sources for `--feed` URLs the registry does not know (named after their host)."""
    return [
        Source(name=j.source, kind="press", feeds=(j.url,), domains=(j.source,))
        for j in jobs
        if j.source not in registry.by_name
    ]
