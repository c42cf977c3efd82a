"""Serve demo pages and hand-made feeds from a loopback pytest-httpserver."""

from __future__ import annotations

import tomllib
from html import escape
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scraper.demo import WEB_DIR, demo_expected_path

EXPECTED = tomllib.loads(demo_expected_path().read_text(encoding="utf-8"))


def demo_file(url: str) -> Path:
    """The demo corpus file behind a demo URL."""
    host, _, path = url.split("://", 1)[1].partition("/")
    return WEB_DIR / host / path


def stored_demo_pages(kind: str = "", cluster: str = "") -> list[dict[str, object]]:
    """Expected records of demo HTML pages that a collect stores, filtered."""
    return [
        d
        for d in EXPECTED["document"]
        if d["outcome"] == "stored"
        and d["url"].endswith(".html")
        and (not kind or d["kind"] == kind)
        and (not cluster or d["cluster"] == cluster)
    ]


def dropped_demo_page(reason: str) -> dict[str, object]:
    """The first demo page expected to be dropped for this reason."""
    return next(d for d in EXPECTED["document"] if d.get("reason") == reason)


def rss(items: list[tuple[str, str]]) -> str:
    """A small RSS 2.0 feed of (title, link) items."""
    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link></item>" for t, u in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>test</title><link>http://localhost/</link>{body}</channel></rss>"
    )


class Site:
    """A loopback site: robots.txt allowing all, pages copied from the demo corpus."""

    def __init__(
        self, server: HTTPServer, host: str = "127.0.0.1", robots: str = "User-agent: *\nAllow: /\n"
    ) -> None:
        self.server = server
        self.host = host
        server.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")

    def url(self, path: str) -> str:
        """Absolute URL of a path on this site (the host name as chosen)."""
        return f"http://{self.host}:{self.server.port}{path}"

    def page(self, demo_url: str, path: str | None = None, delay: float = 0.0) -> str:
        """Serve a demo page at `path` (default: its demo path); returns the loopback URL."""
        path = path or "/" + demo_url.split("://", 1)[1].partition("/")[2]
        body = demo_file(demo_url).read_bytes()
        if delay:
            import time

            def slow(_: Request) -> Response:
                time.sleep(delay)
                return Response(body, content_type="text/html; charset=utf-8")

            self.server.expect_request(path).respond_with_handler(slow)
        else:
            self.server.expect_request(path).respond_with_data(
                body, content_type="text/html; charset=utf-8"
            )
        return self.url(path)

    def feed(self, path: str, items: list[tuple[str, str]], etag: str = "") -> str:
        """Serve an RSS feed; with an ETag, answer 304 to a matching If-None-Match."""
        xml = rss(items)

        def handler(request: Request) -> Response:
            if etag and request.headers.get("If-None-Match") == etag:
                return Response(status=304, headers={"ETag": etag})
            headers = {"ETag": etag} if etag else {}
            return Response(xml, content_type="application/rss+xml", headers=headers)

        self.server.expect_request(path).respond_with_handler(handler)
        return self.url(path)

    def requests_to(self, path: str) -> int:
        """How many requests the server received for a path."""
        return sum(1 for req, _ in self.server.log if req.path == path)
