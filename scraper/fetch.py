"""Polite HTTP client: robots.txt, per-host rate limit, retries, manual redirects, size cap.

`Fetcher.get` is the only way the collection stage touches the network. It is thread-safe:
callers run it from a thread pool, one host per worker at a time.

Clocks: the injected `sleep`/`clock` drive the per-host rate limit and the retry waits, so tests
can observe them without slow sleeps. The whole-request deadline (`total_timeout`) always uses
the real monotonic clock: it is a safety bound, not a politeness one. It is checked between
body chunks, so it can be overrun by at most one `read_timeout` of silence.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import TracebackType

import httpx

from core.settings import FetchSettings
from scraper.errors import (
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    NetworkError,
    OfflineError,
    PrivateNetworkRefused,
    RedirectError,
    RobotsDisallowed,
    TooLarge,
)
from scraper.fetched import Attempt, Response
from scraper.netguard import Guard, PrivateAddress, env_allows_private, guarded_transport
from scraper.robots import (
    HostLimiter,
    RobotsCache,
    RobotsRules,
    check_http_url,
    host_of,
    loop_key,
    origin_of,
    parse_retry_after,
    product_token,
    resolve_redirect,
    rules_from_status,
    unavailable,
)
from scraper.urls import strip_userinfo

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT_ENCODING = "gzip, deflate"  # the encodings _Decoder can inflate with a bound
# httpx parses Location itself even with follow_redirects=False, and raises on hostile values
# ("javascript:..."). A response hook moves it aside; we resolve redirects by hand.
_PARKED_LOCATION = "x-vigie-location"
PRIVATE_REFUSED = "private network address refused (not an origin named by the operator)"
PERMANENT_NETWORK_REASONS = frozenset({"DNS lookup failed", "TLS error"})
_NETWORK_REASONS = {  # one-line reason: substrings of the lower-cased exception text
    "connection refused": ("refused",),
    "connection reset": ("reset",),
    "DNS lookup failed": ("name or service", "nodename", "name resolution", "no address"),
    "TLS error": ("ssl", "certificate"),
    "network unreachable": ("unreachable",),
    "connection closed mid-body": ("complete message body",),
    "server disconnected": ("disconnected",),
}


@dataclass(frozen=True)
class _Answer:
    """One HTTP exchange's outcome, body read only for 2xx."""

    status: int
    headers: dict[str, str]
    body: bytes
    charset: str | None

    @property
    def location(self) -> str | None:
        """The Location of a redirect answer, None for anything else."""
        return self.headers.get("location") if self.status in REDIRECT_STATUSES else None


class _Decoder:
    """Incremental identity/gzip/deflate decoder that never inflates more than it is asked."""

    def __init__(self, encoding: str, url: str) -> None:
        self._url = url
        self._raw_deflate_tried = False
        self._inflater: zlib._Decompress | None = None
        encoding = encoding.strip().lower()
        if encoding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif encoding == "deflate":
            self._inflater = zlib.decompressobj()
        elif encoding not in ("", "identity"):
            raise FetchError(url, f"unsupported Content-Encoding '{encoding}'")
        self._encoding = encoding

    def feed(self, data: bytes, limit: int) -> bytes:
        """Decode `data`, returning at most `limit` bytes (more would exceed the cap anyway)."""
        if self._inflater is None:
            return data
        try:
            return self._inflater.decompress(data, limit)
        except zlib.error:
            if self._encoding != "deflate" or self._raw_deflate_tried:
                raise FetchError(self._url, f"corrupt {self._encoding} body") from None
            # Some servers send raw deflate without the zlib header.
            self._raw_deflate_tried = True
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.feed(data, limit)


class Fetcher:
    """The HTTP client: polite, bounded, thread-safe. See the module docstring for clocks.

    Offline runs (`settings.offline`) refuse every URL with OfflineError, unless a transport
    was injected: an injected transport is local (tests, fixtures), so it is allowed.
    """

    def __init__(
        self,
        settings: FetchSettings,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        robots: Mapping[str, tuple[int, bytes]] | None = None,
        named: Iterable[str] = (),
    ) -> None:
        """`robots`: origin → (status, body) of robots.txt answers still fresh (kept by an
        earlier run), used instead of fetching them again. `named`: URLs whose origins the
        operator named (registry feeds and homepages, `--feed`), the only ones that may
        resolve to private addresses (scraper.netguard); an injected transport is unguarded."""
        self._settings = settings
        self._known_robots = dict(robots or {})
        self._robots_answers: dict[str, tuple[int, bytes]] = {}
        self._offline = settings.offline and transport is None
        self._guard: Guard | None = None
        if transport is None:
            self._guard = Guard(
                (strip_userinfo(u) for u in named), allow_private=env_allows_private()
            )
            transport = guarded_transport(self._guard)
        self._sleep = sleep
        self._agent = product_token(settings.user_agent)
        self._limiter = HostLimiter(settings.host_interval, sleep, clock)
        self._robots = RobotsCache(self._load_robots)
        self._attempts: list[Attempt] = []
        self._attempts_lock = threading.Lock()
        self._client = httpx.Client(
            transport=transport,
            follow_redirects=False,
            event_hooks={"response": [_park_location]},
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(  # no single wait may outlast the whole-request deadline
                connect=min(settings.connect_timeout, settings.total_timeout),
                read=min(settings.read_timeout, settings.total_timeout),
                write=min(settings.read_timeout, settings.total_timeout),
                pool=settings.total_timeout,
            ),
        )

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Response:
        """Fetch `url`: a 2xx Response with its body, or a 304 with b""; FetchError otherwise."""
        if self._offline:
            raise OfflineError(url, "offline run")
        url = strip_userinfo(url)  # never sent as Basic auth, logged or stored
        check_http_url(url)
        headers = _conditional_headers(etag, last_modified)
        answer, chain = self._follow(
            url,
            fetch_one=lambda hop: self._with_retries(hop, url, headers),
            check=lambda hop: self._check_robots(hop, url),
        )
        if answer.status != 304 and not 200 <= answer.status < 300:
            raise HTTPStatusError(url, answer.status)
        return Response(
            url=url,
            final_url=chain[-1],
            status=answer.status,
            headers=answer.headers,
            body=answer.body if answer.status != 304 else b"",
            charset=answer.charset,
            redirects=tuple(chain[1:-1]),
        )

    def post(self, url: str, content: bytes, content_type: str) -> Response:
        """POST `content` to `url` with the same politeness and guard as `get` (private
        networks, robots.txt, per-host interval, retries on 429/5xx, caps); redirects are not
        followed (a 3xx is an error)."""
        if self._offline:
            raise OfflineError(url, "offline run")
        url = strip_userinfo(url)  # never sent as Basic auth, logged or stored
        check_http_url(url)
        self._check_private(url, url)
        self._check_robots(url, url)
        headers = {"Content-Type": content_type}
        answer = self._with_retries(url, url, headers, content)
        if not 200 <= answer.status < 300:
            raise HTTPStatusError(url, answer.status)
        return Response(
            url=url,
            final_url=url,
            status=answer.status,
            headers=answer.headers,
            body=answer.body,
            charset=answer.charset,
        )

    @property
    def settings(self) -> FetchSettings:
        """The bounds this client runs with."""
        return self._settings

    def drain_attempts(self) -> list[Attempt]:
        """Return and clear the log of HTTP exchanges so far (thread-safe)."""
        with self._attempts_lock:
            drained, self._attempts = self._attempts, []
        return drained

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        """Use as a context manager that closes the pool on exit."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the pool."""
        self.close()

    # -- redirects ---------------------------------------------------------------------------

    def _follow(
        self,
        url: str,
        fetch_one: Callable[[str], _Answer],
        check: Callable[[str], None] | None = None,
    ) -> tuple[_Answer, list[str]]:
        """Follow redirects by hand from `url`; return the last answer and the URL chain."""
        chain = [url]
        seen = {loop_key(url)}
        while True:
            self._check_private(chain[-1], url)
            if check is not None:
                check(chain[-1])
            answer = fetch_one(chain[-1])
            if answer.location is None:
                return answer, chain
            target = strip_userinfo(resolve_redirect(url, chain[-1], answer.location))
            if loop_key(target) in seen:
                raise RedirectError(url, "redirect loop")
            if len(chain) > self._settings.max_redirects:
                raise RedirectError(url, f"too many redirects (>{self._settings.max_redirects})")
            seen.add(loop_key(target))
            chain.append(target)

    def _check_private(self, hop: str, url: str) -> None:
        """PrivateNetworkRefused when `hop` would reach a private address it may not."""
        if self._guard is None:
            return
        try:
            self._guard.check_url(hop)
        except PrivateAddress:
            raise PrivateNetworkRefused(url, PRIVATE_REFUSED) from None

    # -- robots.txt --------------------------------------------------------------------------

    def robots_answers(self) -> dict[str, tuple[int, bytes]]:
        """origin → (status, body) of the robots.txt answers this fetcher downloaded (not the
        ones it was given, nor the unavailable ones), for the store to keep."""
        with self._attempts_lock:
            return dict(self._robots_answers)

    def _check_robots(self, hop: str, url: str) -> None:
        """Raise RobotsDisallowed unless robots.txt lets us fetch `hop` (a hop of `url`)."""
        try:
            rules = self._robots.rules_for(hop)
        except PrivateNetworkRefused:
            raise PrivateNetworkRefused(url, PRIVATE_REFUSED) from None
        if rules.unavailable:
            raise RobotsDisallowed(url, rules.unavailable)
        if not rules.allows(hop, self._agent):
            raise RobotsDisallowed(url, "disallowed by robots.txt")

    def _load_robots(self, robots_url: str) -> RobotsRules:
        """Fetch and parse one robots.txt (no retries), applying its Crawl-delay."""
        origin = origin_of(robots_url)
        known = self._known_robots.get(origin)
        if known is not None:
            status, body = known
        else:
            fetch_one = lambda hop: self._exchange(hop, robots_url, {}, truncate=True)  # noqa: E731
            try:
                answer, _ = self._follow(robots_url, fetch_one)
            except PrivateNetworkRefused:
                raise  # about the address, not robots.txt: nothing to cache
            except FetchError as exc:
                return unavailable(exc.reason)
            status, body = answer.status, answer.body
        rules = rules_from_status(status, body)
        if known is None and not rules.unavailable:  # a server error is asked again next run
            with self._attempts_lock:
                self._robots_answers[origin] = (status, body)
        delay = rules.crawl_delay(self._agent)
        if delay is not None:
            self._limiter.raise_interval(host_of(robots_url), delay)
        return rules

    def _with_retries(
        self, hop: str, url: str, headers: dict[str, str], content: bytes | None = None
    ) -> _Answer:
        """Fetch `hop` (GET, or POST of `content`), retrying 429/5xx and transient network
        errors with backoff."""
        attempt = 0
        while True:
            try:
                answer = self._exchange(hop, url, headers, content=content)
            except (FetchTimeout, NetworkError) as exc:
                if attempt >= self._settings.retries or exc.reason in PERMANENT_NETWORK_REASONS:
                    raise
                wait = self._retry_wait(url, None, attempt)
            else:
                if answer.status not in RETRY_STATUSES:
                    return answer
                wait = self._retry_wait(url, answer, attempt)
                if attempt >= self._settings.retries:
                    raise HTTPStatusError(url, answer.status)
            self._sleep(wait)
            attempt += 1

    def _retry_wait(self, url: str, answer: _Answer | None, attempt: int) -> float:
        """Seconds before retry `attempt` + 1: backoff, or Retry-After when larger; may give up."""
        backoff = self._settings.backoff_base * 2**attempt
        after = parse_retry_after(answer.headers.get("retry-after")) if answer else None
        if answer is None or after is None:
            return backoff
        cap = self._settings.max_retry_after
        if after > cap:
            reason = f"HTTP {answer.status}, Retry-After {after:.0f} s exceeds {cap:g} s"
            raise HTTPStatusError(url, answer.status, reason)
        return max(backoff, after)

    def _exchange(
        self,
        hop: str,
        url: str,
        headers: dict[str, str],
        *,
        truncate: bool = False,
        content: bytes | None = None,
    ) -> _Answer:
        """One rate-limited GET of `hop` (POST when `content` is given), logged as an Attempt.
        Errors name `url`."""
        self._limiter.wait(host_of(hop))
        started = time.monotonic()
        status: int | None = None
        size, error = 0, ""
        method = "GET" if content is None else "POST"
        try:
            with self._client.stream(method, hop, headers=headers, content=content) as resp:
                status = resp.status_code
                body = self._read_body(resp, url, started, truncate) if resp.is_success else b""
                size = len(body)
                return _Answer(status, _lower_headers(resp.headers), body, resp.charset_encoding)
        except httpx.TransportError as exc:
            failure = _transport_error(url, exc, self._settings)
            error = failure.reason
            raise failure from exc
        except PrivateAddress:  # the connection-time check (the name resolved anew)
            error = PRIVATE_REFUSED
            raise PrivateNetworkRefused(url, PRIVATE_REFUSED) from None
        except FetchError as exc:
            error = exc.reason
            raise
        finally:
            elapsed_ms = int((time.monotonic() - started) * 1000)
            self._record(Attempt(hop, status, elapsed_ms, size, error))

    def _read_body(self, resp: httpx.Response, url: str, started: float, truncate: bool) -> bytes:
        """Read the decoded body under the size cap and the whole-request deadline.

        With `truncate` (robots.txt), a body over the cap is cut instead of rejected.
        """
        cap, total = self._settings.max_bytes, self._settings.total_timeout
        too_large = f"body exceeds {_human_size(cap)}"  # not an exception: no frame cycle
        if not truncate and _declared_length(resp) > cap:
            raise TooLarge(url, too_large)
        stream, decoder = _open_body(resp, url)
        chunks: list[bytes] = []
        size = 0
        for raw in stream:
            if time.monotonic() - started > total:
                raise FetchTimeout(url, f"timed out after {total:g} s")
            data = decoder.feed(raw, cap - size + 1)
            chunks.append(data)
            size += len(data)
            if size > cap:
                if truncate:
                    return b"".join(chunks)[:cap]
                raise TooLarge(url, too_large)
        return b"".join(chunks)

    def _record(self, attempt: Attempt) -> None:
        """Append one exchange to the attempts log."""
        with self._attempts_lock:
            self._attempts.append(attempt)


# -- helpers -------------------------------------------------------------------------------


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since headers for a conditional GET."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _park_location(response: httpx.Response) -> None:
    """Response hook: hide Location from httpx's own redirect handling (see _PARKED_LOCATION)."""
    if "location" in response.headers:
        response.headers[_PARKED_LOCATION] = response.headers.pop("location")


def _lower_headers(headers: httpx.Headers) -> dict[str, str]:
    """Headers as a plain dict with lower-cased names (repeated headers comma-joined)."""
    lowered = {name.lower(): value for name, value in headers.items()}
    if _PARKED_LOCATION in lowered:
        lowered["location"] = lowered.pop(_PARKED_LOCATION)
    return lowered


def _open_body(resp: httpx.Response, url: str) -> tuple[Iterator[bytes], _Decoder]:
    """The body's raw chunks and their bounded decoder.

    An injected transport may return an already-read body (decoded by httpx): it is then
    iterated as is.
    """
    if resp.is_stream_consumed:
        return resp.iter_bytes(), _Decoder("", url)
    return resp.iter_raw(), _Decoder(resp.headers.get("content-encoding", ""), url)


def _declared_length(resp: httpx.Response) -> int:
    """The Content-Length header as an int, or -1 when absent or malformed."""
    value = resp.headers.get("content-length", "")
    return int(value) if value.strip().isdigit() else -1


def _human_size(size: int) -> str:
    """5242880 -> "5 MB", 2048 -> "2 KB", 1000 -> "1000 bytes"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


def _transport_error(url: str, exc: httpx.TransportError, settings: FetchSettings) -> FetchError:
    """Map an httpx transport error to FetchTimeout or NetworkError with a one-line reason."""
    if isinstance(exc, httpx.ConnectTimeout):
        wait = min(settings.connect_timeout, settings.total_timeout)
        return FetchTimeout(url, f"connect timed out after {wait:g} s")
    if isinstance(exc, httpx.ReadTimeout):
        wait = min(settings.read_timeout, settings.total_timeout)
        return FetchTimeout(url, f"read timed out after {wait:g} s")
    if isinstance(exc, httpx.TimeoutException):
        return FetchTimeout(url, "timed out")
    return NetworkError(url, _network_reason(exc))


def _network_reason(exc: Exception) -> str:
    """A short reason for a network failure, from the exception text."""
    text = str(exc).lower()
    for reason, needles in _NETWORK_REASONS.items():
        if any(needle in text for needle in needles):
            return reason
    return f"network error ({type(exc).__name__})"
