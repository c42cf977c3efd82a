"""Settings for collection: one place, defaults with help text, passed in explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from core import USER_AGENT

DATA_DIR_ENV = "VIGIE_DATA_DIR"
NOW_ENV = "VIGIE_NOW"
GOOGLE_NEWS_ENV = "VIGIE_GOOGLE_NEWS_URL"


@dataclass(frozen=True)
class FetchSettings:
    """How the HTTP client behaves. Every field is a politeness or safety bound."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 5.0  # seconds to open a connection
    read_timeout: float = 10.0  # seconds of silence tolerated while reading
    total_timeout: float = 20.0  # seconds for a whole request, body included
    max_bytes: int = 5 * 1024 * 1024  # decompressed body cap
    max_redirects: int = 5
    retries: int = 3  # extra attempts on 429/5xx and transient network errors
    backoff_base: float = 1.0  # first backoff in seconds, doubled each retry
    max_retry_after: float = 60.0  # a longer Retry-After gives up instead of waiting
    host_interval: float = 1.0  # minimum seconds between two requests to one host
    concurrency: int = 8  # hosts fetched in parallel
    max_feed_items: int = 300  # entries read from one feed; the rest are ignored (counted)
    max_pages: int = 3000  # pages fetched by one run (new links and retries); the rest wait
    # A page dropped as poison or too complex is asked again (conditionally: 304 or the same
    # body means skipped) when its link comes back, at most once in this many days.
    poison_recheck_days: float = 7.0
    offline: bool = False  # never touch the network


@dataclass(frozen=True)
class Settings:
    """Run-wide settings: where the store lives, the clock, fetch bounds."""

    data_dir: Path = field(default_factory=lambda: Path(os.environ.get(DATA_DIR_ENV, "data")))
    fetch: FetchSettings = field(default_factory=FetchSettings)
    verbose: bool = False
    sources_file: Path | None = None  # user overlay of the source registry
    now_override: datetime | None = None
    # Where Google News article links are decoded (scraper.gnews); tests point it at loopback.
    google_news_url: str = field(
        default_factory=lambda: os.environ.get(GOOGLE_NEWS_ENV, "https://news.google.com")
    )

    def now(self) -> datetime:
        """Current UTC time, frozen by VIGIE_NOW (ISO 8601) for reproducible runs."""
        if self.now_override is not None:
            return self.now_override
        return now_from_env() or datetime.now(UTC)

    @property
    def db_path(self) -> Path:
        """Path of the SQLite store inside the data dir."""
        return self.data_dir / "vigie.sqlite3"


def now_from_env() -> datetime | None:
    """Parse VIGIE_NOW if set; naive values are taken as UTC."""
    raw = os.environ.get(NOW_ENV)
    if not raw:
        return None
    value = datetime.fromisoformat(raw)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
