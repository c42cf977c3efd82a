"""Network faults during a real `vigie collect` against loopback servers.

Every case runs a whole collect whose feed lists one good page and one hostile URL, and checks
the promise of the README: the run finishes within the client's own bounds, exactly one line
of standard error names the hostile URL with its reason, the good page is stored in the same
run, and no traceback reaches the user.
"""

from __future__ import annotations

import random
import socket
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.harden.faultserver import (
    Behaviour,
    FaultServer,
    answer,
    big_page,
    cut,
    gzip_bomb,
    silence,
    stream,
)
from tests.harden.harness import URL_BOUND, Outcome, query
from tests.loopback import demo_file, rss, stored_demo_pages

GOOD = stored_demo_pages(kind="press")[0]
GOOD_BODY = demo_file(str(GOOD["url"])).read_bytes()
MB = 1024 * 1024
BOMB = gzip_bomb(60 * MB)  # ~60 KB on the wire


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_good(server: FaultServer) -> str:
    """The good page of every case."""
    return server.route("/good.html", answer(GOOD_BODY, content_type="text/html; charset=utf-8"))


def serve_feed(server: FaultServer, *links: str, path: str = "/feed.xml") -> str:
    """An RSS feed listing `links`."""
    return server.route(
        path,
        answer(
            rss([(f"item {n}", u) for n, u in enumerate(links)]), content_type="application/rss+xml"
        ),
    )


def assert_fault(run: Outcome, bad: str, reason: str, good: str, urls: int = 3) -> None:
    """The promise of every fault case (see the module docstring)."""
    assert run.code == 0, run.err
    assert "Traceback" not in run.err + run.out and "internal error" not in run.err, run.err
    assert run.seconds < urls * URL_BOUND, f"{run.seconds:.1f} s"  # feed, good page, bad URL
    named = run.lines_naming(bad)
    assert len(named) == 1, run.err
    assert reason in named[0], named[0]
    assert good in run.documents(), run.err


# -- one hostile page beside a good one ------------------------------------------------------


def redirect(to: str) -> Behaviour:
    return answer(b"", status=302, headers={"Location": to})


@dataclass(frozen=True)
class Case:
    """A hostile page: how to serve it at /bad, and the reason the run must give."""

    reason: str
    serve: Callable[[FaultServer], Behaviour]


PAGE_CASES = {
    "never_answers": Case("read timed out after 1 s", lambda s: silence()),
    "slow_drip": Case(
        "timed out after 2 s",
        lambda s: stream(lambda: iter([b"<p>x</p>"] * 100), {"Content-Type": "text/html"}, gap=0.5),
    ),
    "stops_mid_body": Case("connection closed mid-body", lambda s: cut(GOOD_BODY, 300)),
    "60_mb_declared": Case(
        "body exceeds 5 MB",
        lambda s: stream(
            big_page(60 * MB), {"Content-Type": "text/html", "Content-Length": str(60 * MB)}
        ),
    ),
    "60_mb_streamed": Case(
        "body exceeds 5 MB", lambda s: stream(big_page(60 * MB), {"Content-Type": "text/html"})
    ),
    "gzip_bomb": Case(
        "body exceeds 5 MB", lambda s: answer(BOMB, headers={"Content-Encoding": "gzip"})
    ),
    "corrupt_gzip": Case(
        "corrupt gzip body",
        lambda s: answer(b"\x1f\x8b\x08\x00garbage" * 50, headers={"Content-Encoding": "gzip"}),
    ),
    "unknown_encoding": Case(
        "unsupported Content-Encoding 'br'",
        lambda s: answer(GOOD_BODY, headers={"Content-Encoding": "br"}),
    ),
    "binary_junk_as_html": Case(
        "unreadable",
        lambda s: answer(
            random.Random(6).randbytes(20000), content_type="text/html; charset=utf-8"
        ),
    ),
    "junk_as_pdf": Case(
        "unreadable",
        lambda s: answer(
            b"%PDF-1.7\n" + random.Random(7).randbytes(5000), content_type="application/pdf"
        ),
    ),
    "empty_page": Case("empty", lambda s: answer(b"", content_type="text/html")),
    "redirect_loop": Case(
        "redirect loop", lambda s: (s.route("/loop", redirect("/bad")), redirect("/loop"))[1]
    ),
    "too_many_redirects": Case(
        "too many redirects (>5)",
        lambda s: ([s.route(f"/r{n}", redirect(f"/r{n + 1}")) for n in range(8)], redirect("/r0"))[
            1
        ],
    ),
    "storm_429": Case("HTTP 429", lambda s: answer(b"slow down", status=429)),
    "storm_503_retry_after": Case(
        "HTTP 503", lambda s: answer(b"busy", status=503, headers={"Retry-After": "1"})
    ),
    "retry_after_too_long": Case(
        "Retry-After 3600 s exceeds 2 s",
        lambda s: answer(b"busy", status=503, headers={"Retry-After": "3600"}),
    ),
    "storm_500": Case("HTTP 500", lambda s: answer(b"oops", status=500)),
}


@pytest.mark.parametrize("name", sorted(PAGE_CASES))
def test_hostile_page_beside_a_good_one(name: str, faults: FaultServer, collect) -> None:
    case = PAGE_CASES[name]
    good = serve_good(faults)
    bad = faults.route("/bad", case.serve(faults))
    run = collect(serve_feed(faults, good, bad))
    assert_fault(run, bad, case.reason, good)
    if name.startswith("storm"):
        assert faults.hits("/bad") == 3  # retried twice, then given up
    failures = query(run.db, "SELECT url FROM failures")
    drops = query(run.db, "SELECT url FROM drops")
    assert [(bad,)] == (failures or drops)  # retried by the next run, or dropped for good


def test_connection_refused(faults: FaultServer, collect, monkeypatch) -> None:
    # The closed port stands for a public host: another loopback origin needs the guard lifted.
    monkeypatch.setenv("VIGIE_ALLOW_PRIVATE_NETWORKS", "1")
    good = serve_good(faults)
    bad = f"http://127.0.0.1:{closed_port()}/page.html"
    run = collect(serve_feed(faults, good, bad))
    assert_fault(run, bad, "connection refused", good)


# -- robots.txt that cannot be read: "not now", retried by a later run --------------------------


ROBOTS_CASES = {
    "robots_times_out": ("robots.txt unavailable (read timed out after 1 s)", silence()),
    "robots_503": ("robots.txt unavailable (HTTP 503)", answer(b"busy", status=503)),
    "robots_429": ("robots.txt unavailable (HTTP 429)", answer(b"later", status=429)),
}


@pytest.mark.parametrize("name", sorted(ROBOTS_CASES))
def test_unreadable_robots_means_not_now_then_retry(
    name: str, faults: FaultServer, other_faults: FaultServer, collect, monkeypatch
) -> None:
    # other_faults stands for another public host: a second loopback origin needs the guard
    # lifted (scraper.netguard).
    monkeypatch.setenv("VIGIE_ALLOW_PRIVATE_NETWORKS", "1")
    reason, robots = ROBOTS_CASES[name]
    good = serve_good(faults)
    other_faults.route("/robots.txt", robots)
    bad = other_faults.route(
        "/article.html", answer(GOOD_BODY.replace(b"<title>", b"<title>Suite : "))
    )
    feed = serve_feed(faults, good, bad)
    run = collect(feed)
    assert_fault(run, bad, reason, good)
    assert other_faults.hits("/article.html") == 0  # disallowed for now: never requested
    other_faults.route(
        "/robots.txt", answer("User-agent: *\nAllow: /\n", content_type="text/plain")
    )
    again = collect(feed)
    assert again.code == 0 and bad in again.documents(), again.err
    assert query(again.db, "SELECT COUNT(*) FROM failures") == [(0,)]


# -- feeds ----------------------------------------------------------------------------------------


def test_truncated_feed_keeps_its_readable_entries(faults: FaultServer, collect) -> None:
    good = serve_good(faults)
    xml = rss([("a", good), ("b", faults.url("/never-listed.html"))]).encode()
    feed = faults.route(
        "/feed.xml", answer(xml[: xml.index(b"never-listed")], content_type="application/rss+xml")
    )
    run = collect(feed)
    assert_fault(run, feed, "malformed feed (entries still used)", good, urls=2)
    assert faults.hits("/never-listed.html") == 0


@pytest.mark.parametrize(
    "name,body,reason",
    [
        ("invalid_feed", b"\x00\x01\x02 not a feed", "unreadable feed"),
        (
            "html_instead_of_feed",
            b"<html><body><p>Maintenance</p></body></html>",
            "unreadable feed",
        ),
        ("empty_feed_body", b"", "unreadable feed"),
    ],
)
def test_unreadable_feed_beside_a_good_one(
    name: str, body: bytes, reason: str, faults: FaultServer, collect
) -> None:
    good = serve_good(faults)
    bad = faults.route("/bad.xml", answer(body, content_type="application/rss+xml"))
    run = collect(bad, serve_feed(faults, good))
    assert_fault(run, bad, reason, good)


def test_silent_feed_beside_a_good_one(faults: FaultServer, collect) -> None:
    good = serve_good(faults)
    bad = faults.route("/silent.xml", silence())
    run = collect(bad, serve_feed(faults, good))
    assert_fault(run, bad, "read timed out after 1 s", good)


# -- charsets: a missing or wrong label must not garble a good page ----------------------------


@pytest.mark.parametrize("label", ["", "; charset=utf-8"], ids=["missing", "wrong_utf8"])
def test_latin1_page_without_or_with_a_wrong_charset(
    label: str, faults: FaultServer, collect
) -> None:
    text = GOOD_BODY.decode("utf-8")
    latin = text.replace('<meta charset="utf-8">', "").encode("cp1252", "replace")
    assert b"charset" not in latin.lower()[:2000]
    page = faults.route("/latin.html", answer(latin, content_type="text/html" + label))
    reference = serve_good(faults)
    run = collect(serve_feed(faults, page, reference))
    assert run.code == 0 and "Traceback" not in run.err, run.err
    texts = dict(
        query(
            run.db, "SELECT d.url, r.text FROM documents d JOIN revisions r ON r.document_id = d.id"
        )
    )
    assert page in texts and "Ã" not in texts[page]
    assert "é" in texts[page]


# -- the --timeout option bounds a request whose server stays silent ---------------------------


def test_timeout_option_caps_every_wait(faults: FaultServer, collect, fast_fetch) -> None:
    fast_fetch(read_timeout=10.0, connect_timeout=5.0, retries=1)
    good = serve_good(faults)
    bad = faults.route("/bad", silence())
    run = collect(serve_feed(faults, good, bad), options=("--timeout", "1"))
    assert run.code == 0 and good in run.documents()
    waits = query(run.db, "SELECT elapsed_ms FROM fetch_log WHERE url = ?", bad)
    assert len(waits) == 2 and all(int(str(ms)) < 5000 for (ms,) in waits), waits
