"""Fetcher against a real loopback HTTP server (pytest-httpserver): no internet, no mocks."""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import socket
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request
from werkzeug import Response as WResponse

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
from scraper.fetch import Fetcher

FAST = FetchSettings(
    user_agent="vigie-test/9.9 (+https://example.org/bot)",
    connect_timeout=1.0,
    read_timeout=0.5,
    total_timeout=1.5,
    max_bytes=64 * 1024,
    max_redirects=3,
    retries=2,
    backoff_base=0.01,
    max_retry_after=5.0,
    host_interval=0.0,
)
JITTER = 0.1  # seconds of server-side arrival jitter tolerated in spacing checks (a loaded
# 2-core machine delays a handler thread by up to ~60 ms; unspaced requests arrive ~1 ms apart)


def settings(**changes: object) -> FetchSettings:
    """FAST with a few fields changed."""
    return dataclasses.replace(FAST, **changes)  # type: ignore[arg-type]


class SleepRecorder:
    """An injected `sleep` that records the waits and advances a fake clock instead."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self.now = 0.0

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        """The fake monotonic clock, moved only by sleeping."""
        return self.now


@pytest.fixture(scope="module")
def threaded_server() -> Iterator[HTTPServer]:
    """One threaded loopback server for the module (slow handlers don't block the others)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def server(threaded_server: HTTPServer) -> Iterator[HTTPServer]:
    """The module's server with handlers and log reset; tests declare their own robots.txt."""
    threaded_server.clear()
    yield threaded_server
    assert not threaded_server.handler_errors


def origin(server: HTTPServer) -> list[str]:
    """The server's origin, named by the operator: the only loopback origin a test's client
    may reach (scraper.netguard refuses other private addresses)."""
    return [server.url_for("/")]


def allow_robots(server: HTTPServer) -> None:
    """Serve robots.txt as 404: everything allowed (RFC 9309)."""
    server.expect_request("/robots.txt").respond_with_data("", status=404)


def paths(server: HTTPServer) -> list[str]:
    """Paths the server has received, in order."""
    return [request.path for request, _ in server.log]


# -- robots.txt ------------------------------------------------------------------------------


def test_robots_disallow_is_obeyed_and_page_never_requested(server: HTTPServer) -> None:
    server.expect_request("/robots.txt").respond_with_data(
        "User-agent: vigie-test\nDisallow: /private\n\nUser-agent: *\nDisallow:\n"
    )
    server.expect_request("/private/page").respond_with_data("secret")
    with Fetcher(FAST, named=origin(server)) as fetcher, pytest.raises(RobotsDisallowed) as info:
        fetcher.get(server.url_for("/private/page"))
    assert info.value.reason == "disallowed by robots.txt"
    assert paths(server) == ["/robots.txt"]


def test_robots_group_for_other_agent_does_not_apply(server: HTTPServer) -> None:
    # "example" appears in our User-Agent URL but is not our product token.
    server.expect_request("/robots.txt").respond_with_data("User-agent: example\nDisallow: /\n")
    server.expect_request("/page").respond_with_data("ok")
    with Fetcher(FAST, named=origin(server)) as fetcher:
        assert fetcher.get(server.url_for("/page")).body == b"ok"


def test_robots_404_allows_everything(server: HTTPServer) -> None:
    allow_robots(server)
    server.expect_request("/page").respond_with_data("hello")
    with Fetcher(FAST, named=origin(server)) as fetcher:
        response = fetcher.get(server.url_for("/page"))
    assert response.status == 200
    assert response.body == b"hello"


def test_robots_503_disallows_for_now(server: HTTPServer) -> None:
    server.expect_request("/robots.txt").respond_with_data("busy", status=503)
    server.expect_request("/page").respond_with_data("hello")
    with Fetcher(FAST, named=origin(server)) as fetcher, pytest.raises(RobotsDisallowed) as info:
        fetcher.get(server.url_for("/page"))
    assert info.value.reason == "robots.txt unavailable (HTTP 503)"
    assert paths(server) == ["/robots.txt"]


def test_robots_fetched_once_per_host_even_concurrently(server: HTTPServer) -> None:
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /no\n")
    server.expect_request("/page").respond_with_data("hello")
    with Fetcher(FAST, named=origin(server)) as fetcher, ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(fetcher.get, [server.url_for("/page")] * 8))
    assert all(r.body == b"hello" for r in results)
    assert paths(server).count("/robots.txt") == 1
    assert paths(server).count("/page") == 8


def test_robots_checked_on_every_redirect_hop(server: HTTPServer) -> None:
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private\n")
    server.expect_request("/go").respond_with_data("", status=302, headers={"Location": "/private"})
    server.expect_request("/private").respond_with_data("secret")
    with Fetcher(FAST, named=origin(server)) as fetcher, pytest.raises(RobotsDisallowed):
        fetcher.get(server.url_for("/go"))
    assert "/private" not in paths(server)


def test_crawl_delay_raises_host_interval(server: HTTPServer) -> None:
    robots = record_times(server, "/robots.txt", "User-agent: *\nCrawl-delay: 0.4\n")
    pages = record_times(server, "/page")
    with Fetcher(FAST, named=origin(server)) as fetcher:
        fetcher.get(server.url_for("/page"))
        fetcher.get(server.url_for("/page"))
    assert pages[0] - robots[0] >= 0.4 - JITTER
    assert pages[1] - pages[0] >= 0.4 - JITTER


def test_crawl_delay_capped_at_30_s() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nCrawl-delay: 3600\n")
        return httpx.Response(200, text="ok")

    sleep = SleepRecorder()
    transport = httpx.MockTransport(handler)
    with Fetcher(FAST, transport=transport, sleep=sleep, clock=sleep.clock) as fetcher:
        fetcher.get("https://slow.test/a")
        fetcher.get("https://slow.test/b")
    assert sleep.waits == [30.0, 30.0]  # before each page, not an hour


# -- retries ---------------------------------------------------------------------------------


def test_503_with_retry_after_is_retried_after_the_wait(server: HTTPServer) -> None:
    allow_robots(server)
    server.expect_oneshot_request("/page").respond_with_data(
        "busy", status=503, headers={"Retry-After": "3"}
    )
    server.expect_request("/page").respond_with_data("ok")
    sleep = SleepRecorder()
    with Fetcher(FAST, named=origin(server), sleep=sleep) as fetcher:
        response = fetcher.get(server.url_for("/page"))
    assert response.body == b"ok"
    assert paths(server) == ["/robots.txt", "/page", "/page"]
    assert max(sleep.waits) == pytest.approx(3.0)  # Retry-After beat the 0.01 s backoff


def test_retry_after_over_cap_gives_up_at_once(server: HTTPServer) -> None:
    allow_robots(server)
    server.expect_request("/page").respond_with_data(
        "busy", status=503, headers={"Retry-After": "120"}
    )
    sleep = SleepRecorder()
    with Fetcher(settings(max_retry_after=60.0), named=origin(server), sleep=sleep) as fetcher:
        with pytest.raises(HTTPStatusError) as info:
            fetcher.get(server.url_for("/page"))
    assert info.value.status == 503
    assert "Retry-After 120 s exceeds 60 s" in info.value.reason
    assert paths(server).count("/page") == 1
    assert sleep.waits == []


def test_retry_after_http_date_over_cap_gives_up(server: HTTPServer) -> None:
    allow_robots(server)
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=600), usegmt=True)
    server.expect_request("/page").respond_with_data(
        "busy", status=429, headers={"Retry-After": later}
    )
    with Fetcher(
        settings(max_retry_after=60.0), named=origin(server), sleep=SleepRecorder()
    ) as fetcher:
        with pytest.raises(HTTPStatusError, match="exceeds 60 s"):
            fetcher.get(server.url_for("/page"))
    assert paths(server).count("/page") == 1


def test_429_storm_exhausts_retries_with_exponential_backoff(server: HTTPServer) -> None:
    allow_robots(server)
    server.expect_request("/page").respond_with_data("slow down", status=429)
    sleep = SleepRecorder()
    with Fetcher(
        settings(retries=3, backoff_base=0.5), named=origin(server), sleep=sleep
    ) as fetcher:
        with pytest.raises(HTTPStatusError) as info:
            fetcher.get(server.url_for("/page"))
    assert info.value.status == 429
    assert info.value.reason == "HTTP 429"
    assert paths(server).count("/page") == 4
    assert sleep.waits == [0.5, 1.0, 2.0]


def test_404_is_not_retried(server: HTTPServer) -> None:
    allow_robots(server)
    server.expect_request("/gone").respond_with_data("no", status=404)
    with Fetcher(FAST, named=origin(server)) as fetcher, pytest.raises(HTTPStatusError) as info:
        fetcher.get(server.url_for("/gone"))
    assert info.value.reason == "HTTP 404"
    assert paths(server).count("/gone") == 1


# -- conditional GET, headers, charset ---------------------------------------------------------


def test_conditional_get_sends_validators_and_handles_304(server: HTTPServer) -> None:
    allow_robots(server)
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
    server.expect_request(
        "/page", headers={"If-None-Match": '"v1"', "If-Modified-Since": stamp}
    ).respond_with_data("", status=304, headers={"ETag": '"v1"'})
    with Fetcher(FAST, named=origin(server)) as fetcher:
        response = fetcher.get(server.url_for("/page"), etag='"v1"', last_modified=stamp)
    assert response.status == 304
    assert response.not_modified
    assert response.body == b""
    assert response.headers["etag"] == '"v1"'


def test_user_agent_sent_on_every_request_robots_included(server: HTTPServer) -> None:
    allow_robots(server)
    server.expect_request("/page").respond_with_data("ok")
    with Fetcher(FAST, named=origin(server)) as fetcher:
        fetcher.get(server.url_for("/page"))
    agents = [request.headers.get("User-Agent") for request, _ in server.log]
    assert agents == [FAST.user_agent, FAST.user_agent]


def test_post_is_guarded_like_get(server: HTTPServer) -> None:
    """POST (the Google News batch endpoint) goes through the private-network guard, robots.txt
    and userinfo stripping like GET: refused before any request until its origin is named."""
    allow_robots(server)
    server.expect_request("/batch", method="POST").respond_with_data("ok")
    url, form = server.url_for("/batch"), "application/x-www-form-urlencoded"
    with Fetcher(FAST) as fetcher, pytest.raises(PrivateNetworkRefused):
        fetcher.post(url, b"f.req=1", form)
    assert paths(server) == []
    with Fetcher(FAST, named=origin(server)) as fetcher:
        answer = fetcher.post(url.replace("http://", "http://user:secret@"), b"f.req=1", form)
    assert answer.body == b"ok" and answer.url == url
    assert paths(server) == ["/robots.txt", "/batch"]
    assert all("Authorization" not in request.headers for request, _ in server.log)


def test_latin1_page_keeps_bytes_and_reports_charset(server: HTTPServer) -> None:
    allow_robots(server)
    body = "<p>Fuite de données à l'hôpital</p>".encode("latin-1")
    server.expect_request("/latin").respond_with_data(
        body, content_type="text/html; charset=iso-8859-1", headers={"X-Trace": "a"}
    )
    with Fetcher(FAST, named=origin(server)) as fetcher:
        response = fetcher.get(server.url_for("/latin"))
    assert response.body == body
    assert response.charset == "iso-8859-1"
    assert response.headers["x-trace"] == "a"
    assert all(name == name.lower() for name in response.headers)


def test_charset_none_when_not_declared(server: HTTPServer) -> None:
    allow_robots(server)
    server.expect_request("/plain").respond_with_data(b"x", content_type="text/html")
    with Fetcher(FAST, named=origin(server)) as fetcher:
        assert fetcher.get(server.url_for("/plain")).charset is None


# -- timeouts and size caps --------------------------------------------------------------------


def test_read_timeout(server: HTTPServer) -> None:
    allow_robots(server)

    def slow(request: Request) -> WResponse:
        time.sleep(1.0)
        return WResponse("late")

    server.expect_request("/slow").respond_with_handler(slow)
    with Fetcher(settings(retries=0, read_timeout=0.3), named=origin(server)) as fetcher:
        with pytest.raises(FetchTimeout) as info:
            fetcher.get(server.url_for("/slow"))
    assert info.value.reason == "read timed out after 0.3 s"


def test_slow_drip_is_cut_at_the_total_deadline(server: HTTPServer) -> None:
    allow_robots(server)

    def drip() -> Iterator[bytes]:
        for _ in range(40):  # 8 s if nobody hangs up
            yield b"x"
            time.sleep(0.2)

    server.expect_request("/drip").respond_with_response(WResponse(drip()))
    started = time.monotonic()
    with Fetcher(
        settings(retries=0, total_timeout=1.0, read_timeout=0.5), named=origin(server)
    ) as fetcher:
        with pytest.raises(FetchTimeout) as info:
            fetcher.get(server.url_for("/drip"))
    assert info.value.reason == "timed out after 1 s"
    assert time.monotonic() - started < 2.5


def test_too_large_by_content_length(server: HTTPServer) -> None:
    allow_robots(server)
    server.expect_request("/big").respond_with_data(b"x" * (FAST.max_bytes + 1))
    with Fetcher(FAST, named=origin(server)) as fetcher, pytest.raises(TooLarge) as info:
        fetcher.get(server.url_for("/big"))
    assert info.value.reason == "body exceeds 64 KB"


def test_too_large_while_streaming_without_content_length(server: HTTPServer) -> None:
    allow_robots(server)

    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"y" * 4096

    server.expect_request("/stream").respond_with_response(WResponse(chunks()))
    with Fetcher(FAST, named=origin(server)) as fetcher, pytest.raises(TooLarge):
        fetcher.get(server.url_for("/stream"))
    assert "content-length" not in server.log[-1][1].headers


def test_body_at_the_cap_is_accepted(server: HTTPServer) -> None:
    allow_robots(server)
    server.expect_request("/exact").respond_with_data(b"z" * FAST.max_bytes)
    with Fetcher(FAST, named=origin(server)) as fetcher:
        assert len(fetcher.get(server.url_for("/exact")).body) == FAST.max_bytes


def test_gzip_body_is_decoded(server: HTTPServer) -> None:
    allow_robots(server)
    server.expect_request("/gz").respond_with_data(
        gzip.compress(b"bonjour"), headers={"Content-Encoding": "gzip"}
    )
    with Fetcher(FAST, named=origin(server)) as fetcher:
        assert fetcher.get(server.url_for("/gz")).body == b"bonjour"
    assert server.log[-1][0].headers["Accept-Encoding"] == "gzip, deflate"


@contextmanager
def canned_server(answers: dict[str, bytes]) -> Iterator[str]:
    """A bare HTTP/1.0 server thread replying canned bytes per path; yields its base URL.

    Used where the client's memory is measured: werkzeug's server thread allocates a 10 MB
    read buffer when draining a connection, which tracemalloc would count against us.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                path = conn.recv(65536).split(b" ", 2)[1].decode()
                with contextlib.suppress(OSError):
                    conn.sendall(answers.get(path, b"HTTP/1.0 404 Not Found\r\n\r\n"))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()


def test_gzip_bomb_is_capped_without_inflating_it() -> None:
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024))  # ~50 KB on the wire, 50 MB inflated
    head = f"HTTP/1.0 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {len(bomb)}\r\n\r\n"
    cap = 1024 * 1024
    with canned_server({"/bomb": head.encode() + bomb}) as base:
        with Fetcher(settings(max_bytes=cap), named=[base]) as fetcher:
            tracemalloc.start()
            try:
                error = raised(lambda: fetcher.get(base + "/bomb"))
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
    assert isinstance(error, TooLarge)
    assert error.reason == "body exceeds 1 MB"
    assert peak < 4 * cap  # never held the 50 MB (inflating one 50 KB chunk at once would)


# -- redirects ---------------------------------------------------------------------------------


def raised(call: Callable[[], object]) -> FetchError | None:
    """The FetchError `call` raised, or None."""
    try:
        call()
    except FetchError as exc:
        return exc
    return None


def redirect(server: HTTPServer, path: str, location: str) -> None:
    """Serve `path` as a 302 to `location`."""
    server.expect_request(path).respond_with_data("", status=302, headers={"Location": location})


def test_redirect_loop(server: HTTPServer) -> None:
    allow_robots(server)
    redirect(server, "/a", "/b")
    redirect(server, "/b", "/a")
    with Fetcher(FAST, named=origin(server)) as fetcher, pytest.raises(RedirectError) as info:
        fetcher.get(server.url_for("/a"))
    assert info.value.reason == "redirect loop"


def test_too_many_redirects(server: HTTPServer) -> None:
    allow_robots(server)
    for n in range(6):
        redirect(server, f"/r{n}", f"/r{n + 1}")
    with (
        Fetcher(settings(max_redirects=3), named=origin(server)) as fetcher,
        pytest.raises(RedirectError) as info,
    ):
        fetcher.get(server.url_for("/r0"))
    assert info.value.reason == "too many redirects (>3)"
    assert paths(server).count("/r3") == 1
    assert "/r4" not in paths(server)


@pytest.mark.parametrize("location", ["javascript:alert(1)", "ftp://example.org/file"])
def test_redirect_to_non_http_scheme_refused(server: HTTPServer, location: str) -> None:
    allow_robots(server)
    redirect(server, "/evil", location)
    with (
        Fetcher(FAST, named=origin(server)) as fetcher,
        pytest.raises(RedirectError, match="non-HTTP"),
    ):
        fetcher.get(server.url_for("/evil"))


def test_relative_redirects_followed_and_chain_reported(server: HTTPServer) -> None:
    allow_robots(server)
    redirect(server, "/news/old", "new")
    redirect(server, "/news/new", "../final?x=1")
    server.expect_request("/final").respond_with_data("landed")
    with Fetcher(FAST, named=origin(server)) as fetcher:
        response = fetcher.get(server.url_for("/news/old"))
    assert response.body == b"landed"
    assert response.url == server.url_for("/news/old")
    assert response.final_url == server.url_for("/final?x=1")
    assert response.redirects == (server.url_for("/news/new"),)


# -- network, offline, URL checks --------------------------------------------------------------


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_closed_port_makes_robots_unavailable() -> None:
    url = f"http://127.0.0.1:{closed_port()}/page"
    with Fetcher(FAST, named=[url]) as fetcher, pytest.raises(RobotsDisallowed) as info:
        fetcher.get(url)
    assert info.value.reason == "robots.txt unavailable (connection refused)"


def test_connection_refused_after_robots_is_network_error() -> None:
    server = HTTPServer(host="127.0.0.1", port=0)  # not threaded: no keep-alive
    server.start()
    allow_robots(server)
    server.expect_request("/page").respond_with_data("ok")
    url = server.url_for("/page")
    with Fetcher(settings(retries=1), named=[url]) as fetcher:
        fetcher.get(url)
        server.stop()
        with pytest.raises(NetworkError) as info:
            fetcher.get(url)
        attempts = fetcher.drain_attempts()
    assert info.value.reason == "connection refused"
    assert [a.error for a in attempts[-2:]] == ["connection refused"] * 2  # retried once


def test_offline_refuses_without_any_request(server: HTTPServer) -> None:
    allow_robots(server)
    with (
        Fetcher(settings(offline=True), named=origin(server)) as fetcher,
        pytest.raises(OfflineError) as info,
    ):
        fetcher.get(server.url_for("/page"))
    assert info.value.reason == "offline run"
    assert server.log == []


def test_offline_allows_an_injected_local_transport() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, content=b"local")

    transport = httpx.MockTransport(handler)
    with Fetcher(settings(offline=True), transport=transport) as fetcher:
        assert fetcher.get("https://fixture.test/page").body == b"local"


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "/relative"])
def test_non_http_urls_rejected(url: str) -> None:
    with Fetcher(FAST) as fetcher:
        with pytest.raises(FetchError, match="not an http"):
            fetcher.get(url)
        assert fetcher.drain_attempts() == []


# -- politeness: per-host spacing, attempts log ------------------------------------------------


def record_times(server: HTTPServer, path: str, body: str = "ok") -> list[float]:
    """Serve `path` with 200 and return the list its arrival times will be appended to."""
    stamps: list[float] = []

    def handler(request: Request) -> WResponse:
        stamps.append(time.monotonic())
        return WResponse(body)

    server.expect_request(path).respond_with_handler(handler)
    return stamps


def test_requests_to_one_host_are_spaced(server: HTTPServer) -> None:
    robots_times = record_times(server, "/robots.txt")
    page_times = record_times(server, "/page")
    with Fetcher(settings(host_interval=0.3), named=origin(server)) as fetcher:
        fetcher.get(server.url_for("/page"))
        fetcher.get(server.url_for("/page"))
    stamps = sorted(robots_times + page_times)
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    assert len(stamps) == 3
    assert min(gaps) >= 0.3 - JITTER


def test_different_hosts_do_not_wait_on_each_other(server: HTTPServer) -> None:
    robots_times = record_times(server, "/robots.txt")
    record_times(server, "/page")
    other_host = server.url_for("/page").replace("127.0.0.1", "localhost")
    with Fetcher(settings(host_interval=1.0), named=[*origin(server), other_host]) as fetcher:
        fetcher.get(server.url_for("/page"))  # robots, then page 1 s later
        started = time.monotonic()
        fetcher.get(other_host)  # another host: its robots.txt goes at once
    assert robots_times[1] - started < 0.5


def test_attempts_log_records_every_exchange(server: HTTPServer) -> None:
    allow_robots(server)
    server.expect_oneshot_request("/page").respond_with_data("busy", status=503)
    server.expect_request("/page").respond_with_data("hello")
    with Fetcher(FAST, named=origin(server), sleep=SleepRecorder()) as fetcher:
        fetcher.get(server.url_for("/page"))
        attempts = fetcher.drain_attempts()
        assert fetcher.drain_attempts() == []
    assert [(a.url, a.status) for a in attempts] == [
        (server.url_for("/robots.txt"), 404),
        (server.url_for("/page"), 503),
        (server.url_for("/page"), 200),
    ]
    assert attempts[-1].size == 5
    assert all(a.error == "" and a.elapsed_ms >= 0 for a in attempts)


def test_failed_exchange_logged_with_error(server: HTTPServer) -> None:
    allow_robots(server)
    server.expect_request("/big").respond_with_data(b"x" * (FAST.max_bytes + 1))
    with Fetcher(FAST, named=origin(server)) as fetcher:
        with pytest.raises(TooLarge):
            fetcher.get(server.url_for("/big"))
        last = fetcher.drain_attempts()[-1]
    assert (last.status, last.error) == (200, "body exceeds 64 KB")
