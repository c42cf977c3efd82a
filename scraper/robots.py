"""Politeness and URL policy: robots.txt (RFC 9309, via Protego), pacing, Retry-After, schemes.

Rules are cached per origin for a fetcher's life. The cache does no I/O itself: it is given a
loader (the HTTP client's robots fetch), so robots.txt goes through the same rate limit,
timeouts and size cap as every other request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx
from protego import Protego

from scraper.errors import FetchError, RedirectError

HTTP_SCHEMES = ("http", "https")
MAX_CRAWL_DELAY = 30.0  # seconds; a larger Crawl-delay is capped, not obeyed verbatim


@dataclass(frozen=True)
class RobotsRules:
    """What one origin's robots.txt says, or why it could not be read.

    `parser` None with an empty `unavailable` means "allow everything" (no robots.txt);
    a non-empty `unavailable` means "disallow everything for now" (server error, timeout).
    """

    parser: Protego | None = None
    unavailable: str = ""  # one-line reason, e.g. "robots.txt unavailable (HTTP 503)"

    def allows(self, url: str, agent: str) -> bool:
        """True if `agent` (a product token) may fetch `url`."""
        if self.unavailable:
            return False
        if self.parser is None:
            return True
        return self.parser.can_fetch(url, agent)

    def crawl_delay(self, agent: str) -> float | None:
        """The Crawl-delay for `agent`, capped at MAX_CRAWL_DELAY, or None if absent."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return None if delay is None else min(float(delay), MAX_CRAWL_DELAY)


ALLOW_ALL = RobotsRules()


def rules_from_status(status: int, body: bytes) -> RobotsRules:
    """Map a robots.txt answer to rules: 2xx parse, 4xx allow all, anything else disallow.

    429 is treated like a server error (disallow for now), as major crawlers do: it says
    "come back later", not "there is no robots.txt".
    """
    if 200 <= status < 300:
        return RobotsRules(parser=Protego.parse(body.decode("utf-8", errors="replace")))
    if 400 <= status < 500 and status != 429:
        return ALLOW_ALL
    return unavailable(f"HTTP {status}")


def unavailable(detail: str) -> RobotsRules:
    """Rules that disallow everything because robots.txt could not be read."""
    return RobotsRules(unavailable=f"robots.txt unavailable ({detail})")


def origin_of(url: str) -> str:
    """The scheme://host[:port] of `url`, lower-cased: the key of the robots cache."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def robots_url(url: str) -> str:
    """The robots.txt URL governing `url`."""
    return origin_of(url) + "/robots.txt"


def product_token(user_agent: str) -> str:
    """The product token robots.txt groups match: "vigie-sante" of "vigie-sante/0.1 (+...)".

    Matching the whole header would let a group for e.g. "github" apply to us because our
    header contains a github.com URL.
    """
    token = user_agent.strip().split("/", 1)[0].split(" ", 1)[0]
    return token or user_agent


class RobotsCache:
    """Thread-safe, load-once cache of RobotsRules per origin.

    Two threads asking for the same origin wait for a single load; different origins load in
    parallel. Unavailable results are cached too, so a failing host is not hammered.
    """

    def __init__(self, loader: Callable[[str], RobotsRules]) -> None:
        self._loader = loader
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def rules_for(self, url: str) -> RobotsRules:
        """Rules for the origin of `url`, loading its robots.txt on first use."""
        key = origin_of(url)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            rules = self._rules.get(key)
            if rules is None:
                rules = self._loader(robots_url(url))
                self._rules[key] = rules
        return rules


class HostLimiter:
    """Per-host minimum spacing between request starts; hosts never wait on each other."""

    def __init__(
        self, interval: float, sleep: Callable[[float], None], clock: Callable[[], float]
    ) -> None:
        self._interval = interval
        self._sleep = sleep
        self._clock = clock
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}
        self._intervals: dict[str, float] = {}

    def raise_interval(self, host: str, seconds: float) -> None:
        """Make `host`'s spacing at least `seconds` (a robots.txt Crawl-delay), from now on.

        The start already booked is pushed back too, so the request right after robots.txt
        waits the new interval.
        """
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
            old = self._intervals.get(host, self._interval)
            self._intervals[host] = max(old, seconds)
        with lock:
            if host in self._next:
                self._next[host] += self._intervals[host] - old

    def wait(self, host: str) -> None:
        """Block until a request to `host` may start, and book that start."""
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
            interval = self._intervals.get(host, self._interval)
        with lock:
            now = self._clock()
            due = self._next.get(host, now)
            if due > now:
                self._sleep(due - now)
            self._next[host] = max(now, due) + interval


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date); None if invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def check_http_url(url: str) -> None:
    """Raise FetchError unless `url` is an absolute http(s) URL with a host."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        raise FetchError(url, "invalid URL") from None
    if parsed.scheme not in HTTP_SCHEMES:
        raise FetchError(url, f"not an http(s) URL (scheme '{parsed.scheme}')")
    if not parsed.host:
        raise FetchError(url, "URL has no host")


def resolve_redirect(url: str, hop: str, location: str) -> str:
    """Absolute target of a redirect from `hop`; RedirectError if it is not http(s)."""
    try:
        target = httpx.URL(hop).join(location.strip())
    except httpx.InvalidURL:
        raise RedirectError(url, "invalid redirect Location") from None
    if target.scheme not in HTTP_SCHEMES or not target.host:
        raise RedirectError(url, f"redirect to non-HTTP URL (scheme '{target.scheme}')")
    return str(target)


def loop_key(url: str) -> str:
    """The URL without its fragment, for redirect-loop detection."""
    return url.split("#", 1)[0]


def host_of(url: str) -> str:
    """Lower-cased host name of `url` (the rate-limit key; ports share one host)."""
    return httpx.URL(url).host.lower()
