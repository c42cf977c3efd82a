"""An httpx transport that serves the bundled demo corpus from local files, never the network.

URL to file mapping (``web/`` is ``scraper/demo/web/``):

* ``https://host/a/b.html`` -> ``web/host/a/b.html`` (scheme and port ignored, host lower-cased);
* a path ending in ``/`` (including the bare host) -> ``index.html`` in that directory;
* the query string is ignored when locating the file (``?utm_source=...`` serves the same page);
* percent-escapes in the path are decoded before the lookup;
* ``/robots.txt`` is served when the file exists, else 404 like any unknown path.

Redirects are declared in ``redirects.toml`` (``[[redirect]] from, to, status``). A request
matches a redirect when its URL without query string and fragment equals ``from`` (also
compared without its query), so a redirect wins over a file at the same path.

Responses carry a Content-Type derived from the extension, a Content-Length and an ETag; a GET
with a matching ``If-None-Match`` gets ``304 Not Modified``. Only GET and HEAD are served.
"""

from __future__ import annotations

import hashlib
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx

DEMO_DIR = Path(__file__).resolve().parent
WEB_DIR = DEMO_DIR / "web"
REDIRECTS_FILE = DEMO_DIR / "redirects.toml"

CONTENT_TYPES: dict[str, str] = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
DEFAULT_CONTENT_TYPE = "application/octet-stream"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

NOT_FOUND_BODY = (
    '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
    "<title>Page introuvable</title></head>\n<body><h1>404</h1>"
    "<p>La page demandée n’existe pas ou a été déplacée.</p></body></html>\n"
).encode()


@dataclass(frozen=True)
class Redirect:
    """One declared redirect of the demo web."""

    source: str  # URL without query string, as declared in ``from``
    target: str
    status: int = 302


@dataclass(frozen=True)
class Hit:
    """One request answered by the transport, for tests that check what was fetched."""

    method: str
    url: str
    status: int


def _strip_query(url: str) -> str:
    """The URL without query string and fragment, host lower-cased."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", "", ""))


def load_redirects(path: Path = REDIRECTS_FILE) -> dict[str, Redirect]:
    """Read ``redirects.toml``; a missing file means no redirect."""
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    table: dict[str, Redirect] = {}
    for item in data.get("redirect", []):
        status = int(item.get("status", 302))
        if status not in REDIRECT_STATUSES:
            raise ValueError(f"{path}: redirect status {status} is not a redirect")
        redirect = Redirect(str(item["from"]), str(item["to"]), status)
        table[_strip_query(redirect.source)] = redirect
    return table


def content_type_for(path: Path) -> str:
    """Content-Type header for a served file, from its extension."""
    return CONTENT_TYPES.get(path.suffix.lower(), DEFAULT_CONTENT_TYPE)


class DemoTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Serve ``scraper/demo/web`` as if it were the web; usable by Client and AsyncClient.

    ``hits`` records every request answered, in order (thread-safe).
    """

    def __init__(self, web_dir: Path | None = None, redirects: Path | None = None) -> None:
        self.web_dir = (web_dir or WEB_DIR).resolve()
        self.redirects = load_redirects(redirects or REDIRECTS_FILE)
        self.hits: list[Hit] = []
        self._lock = threading.Lock()

    def locate(self, url: httpx.URL | str) -> Path | None:
        """The file serving a URL, or None when there is none (or the path escapes the tree)."""
        parsed = httpx.URL(str(url))
        host = (parsed.host or "").lower()
        if not host or host.startswith("."):
            return None
        raw_path = unquote(parsed.raw_path.decode("ascii").split("?", 1)[0]) or "/"
        relative = PurePosixPath(raw_path.lstrip("/"))
        if any(part in ("..", ".") for part in relative.parts):
            return None
        if raw_path.endswith("/"):
            relative = relative / "index.html"
        candidate = (self.web_dir / host / relative).resolve()
        if not candidate.is_relative_to(self.web_dir / host) or not candidate.is_file():
            return None
        return candidate

    def respond(self, request: httpx.Request) -> httpx.Response:
        """Build the response for one request (shared by the sync and async entry points)."""
        if request.method not in ("GET", "HEAD"):
            return self._record(
                request, httpx.Response(405, headers={"allow": "GET, HEAD"}, request=request)
            )
        redirect = self.redirects.get(_strip_query(str(request.url)))
        if redirect is not None:
            return self._record(
                request,
                httpx.Response(
                    redirect.status,
                    headers={"location": redirect.target, "content-length": "0"},
                    request=request,
                ),
            )
        path = self.locate(request.url)
        if path is None:
            return self._record(
                request,
                httpx.Response(
                    404,
                    headers={"content-type": "text/html; charset=utf-8"},
                    content=b"" if request.method == "HEAD" else NOT_FOUND_BODY,
                    request=request,
                ),
            )
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {
            "content-type": content_type_for(path),
            "etag": etag,
            "cache-control": "max-age=300",
        }
        if etag in _etags(request.headers.get("if-none-match", "")):
            return self._record(
                request, httpx.Response(304, headers={"etag": etag}, request=request)
            )
        headers["content-length"] = str(len(body))
        content = b"" if request.method == "HEAD" else body
        return self._record(
            request, httpx.Response(200, headers=headers, content=content, request=request)
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Synchronous entry point (httpx.Client)."""
        return self.respond(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Asynchronous entry point (httpx.AsyncClient)."""
        return self.respond(request)

    def _record(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        with self._lock:
            self.hits.append(Hit(request.method, str(request.url), response.status_code))
        return response


def _etags(header: str) -> set[str]:
    """Entity tags listed in an If-None-Match header (weak prefixes dropped)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
