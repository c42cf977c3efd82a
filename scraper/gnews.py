"""Google News article links decoded to the publisher's address.

Since 2024 the items of Google News feeds link to `news.google.com/rss/articles/CBMi…`
addresses that no longer redirect over HTTP: the page answers with a script. The id is a
base64 protobuf message:

* older ids hold the publisher's URL in clear (a length-delimited field): decoded here,
  without any request;
* newer ids hold an opaque token (`AU_yqL…`). The article page carries a signature
  (`data-n-a-sg`) and a timestamp (`data-n-a-ts`); a POST of `garturlreq` envelopes (rpc
  `Fbv4je`) to `/_/DotsSplashUi/data/batchexecute` answers `garturlres` rows with the URLs,
  several articles in one POST.

This is the protocol the `googlenewsdecoder` / `gnews-decoder` packages implement (neither is
available offline here); this module is a small rewrite of it that goes through the project's
polite client (`Fetcher`: robots.txt, user agent, per-host interval, back-off, caps), so every
request to Google is paced like any other host. The base address is configurable
(`Settings.google_news_url`, env `VIGIE_GOOGLE_NEWS_URL`) so that tests use a loopback stand-in.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, urlsplit

from scraper.errors import FetchError, HTTPStatusError, RobotsDisallowed
from scraper.fetch import Fetcher
from scraper.urls import is_consent_page, is_web_url, strip_userinfo

DEFAULT_BASE = "https://news.google.com"
BATCH_PATH = "/_/DotsSplashUi/data/batchexecute"
RPC = "Fbv4je"
BATCH_SIZE = 10  # articles per batchexecute POST
WALL_STATUSES = frozenset({401, 403, 451})  # Google's "unusual traffic" wall, mostly 403
_ARTICLE = re.compile(r"^/(?:rss/)?(?:articles|read)/([A-Za-z0-9_-]{8,})/?$")
_SIGNATURE = re.compile(r"""data-n-a-sg\s*=\s*["']([^"']+)["']""")
_TIMESTAMP = re.compile(r"""data-n-a-ts\s*=\s*["']([^"']+)["']""")
# The request context of a `garturlreq` envelope, as the web client sends it (only the
# locale varies).
_CONTEXT = [
    ["X", "X", ["X", "X"], None, None, 1, 1, "FR:fr", None, 1, None, None, None, None, None, 0, 1],
    "X",
    "X",
    1,
    [1, 1, 1],
    1,
    1,
    None,
    0,
    0,
    None,
    0,
]


def article_id(url: str, base: str = DEFAULT_BASE) -> str | None:
    """The article id of a Google News article link on `base`, else None."""
    parts, home = urlsplit(url), urlsplit(base)
    if (parts.scheme, parts.hostname, parts.port) != (home.scheme, home.hostname, home.port):
        return None
    match = _ARTICLE.match(parts.path)
    return match.group(1) if match else None


def decode_offline(art_id: str) -> str | None:
    """The publisher URL held in clear by an older-format id, else None (no network)."""
    try:
        raw = base64.urlsafe_b64decode(art_id + "=" * (-len(art_id) % 4))
    except (binascii.Error, ValueError):
        return None
    for value in _length_fields(raw):
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if is_web_url(text) and text.isprintable() and " " not in text:
            return text
    return None


def _varint(raw: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while pos < len(raw) and shift < 64:
        byte = raw[pos]
        value |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return value, pos
        shift += 7
    raise ValueError("truncated varint")


def _length_fields(raw: bytes) -> Iterator[bytes]:
    """The length-delimited fields of a protobuf message, in order; stops at the first
    malformed byte (an id is untrusted input)."""
    pos = 0
    try:
        while pos < len(raw):
            key, pos = _varint(raw, pos)
            wire = key & 7
            if wire == 0:
                _, pos = _varint(raw, pos)
            elif wire == 1:
                pos += 8
            elif wire == 5:
                pos += 4
            elif wire == 2:
                size, pos = _varint(raw, pos)
                if pos + size > len(raw):
                    return
                yield raw[pos : pos + size]
                pos += size
            else:
                return
    except ValueError:
        return


def parse_signature(html: str) -> tuple[str, str] | None:
    """(signature, timestamp) from an article page, or None when the page has neither."""
    sig, ts = _SIGNATURE.search(html), _TIMESTAMP.search(html)
    return (sig.group(1), ts.group(1)) if sig and ts else None


def batch_body(items: list[tuple[str, str, str, str]], locale: str = "FR:fr") -> bytes:
    """The form body of one batchexecute POST for (request id, article id, timestamp,
    signature) items."""
    context = json.loads(json.dumps(_CONTEXT))
    context[0][7] = locale
    envelopes = []
    for req_id, art_id, ts, sig in items:
        inner = ["garturlreq", context, art_id, int(ts) if ts.isdigit() else ts, sig]
        envelopes.append([RPC, json.dumps(inner, separators=(",", ":")), None, req_id])
    payload = json.dumps([envelopes], separators=(",", ":"))
    return f"f.req={quote(payload, safe='')}".encode("ascii")


def parse_batch(text: str) -> list[tuple[str | None, str]]:
    """(request id or None, URL) pairs of the `garturlres` rows of a batchexecute answer.

    The answer starts with `)]}'`, then JSON arrays, each possibly preceded by its length on
    a line of its own; rows are `["wrb.fr", "Fbv4je", "<json payload>", …, "<request id>"]`.
    """
    decoder = json.JSONDecoder()
    body = text.removeprefix(")]}'")
    pairs: list[tuple[str | None, str]] = []
    pos = 0
    while pos < len(body):
        start = body.find("[", pos)
        if start < 0:
            break
        try:
            chunk, pos = decoder.raw_decode(body, start)
        except ValueError:
            pos = start + 1
            continue
        pairs += _rows(chunk)
    return pairs


def _rows(chunk: object) -> list[tuple[str | None, str]]:
    found: list[tuple[str | None, str]] = []
    rows = chunk if isinstance(chunk, list) else []
    for row in rows:
        if not (
            isinstance(row, list)
            and len(row) >= 3
            and row[0] == "wrb.fr"
            and row[1] == RPC
            and isinstance(row[2], str)
        ):
            continue
        try:
            payload = json.loads(row[2])
        except ValueError:
            continue
        if (
            isinstance(payload, list)
            and len(payload) > 1
            and payload[0] == "garturlres"
            and isinstance(payload[1], str)
        ):
            req_id = next((str(c) for c in reversed(row[3:]) if c is not None), None)
            found.append((req_id, payload[1]))
    return found


@dataclass
class Decoded:
    """The outcome of decoding a batch: publisher URLs and one-line failure reasons."""

    urls: dict[str, str] = field(default_factory=dict)  # article link -> publisher URL
    failures: dict[str, str] = field(default_factory=dict)  # article link -> reason
    blocked: set[str] = field(default_factory=set)  # links not decoded because of a wall
    transient: set[str] = field(default_factory=set)  # "not now" failures: try a later run


class GoogleNewsDecoder:
    """Decodes article links through the polite client; never raises for one bad link."""

    def __init__(self, fetcher: Fetcher, base: str = DEFAULT_BASE) -> None:
        self.fetcher = fetcher
        self.base = base.rstrip("/")
        self.wall = ""  # set by a 403 or the consent page: no further request to Google

    def is_article(self, url: str) -> bool:
        """True for a Google News article link (on the configured base)."""
        return article_id(url, self.base) is not None

    def decode(self, links: Iterable[str]) -> Decoded:
        """Decode article links: older ids offline, the others with one page request each
        and one batchexecute POST per BATCH_SIZE links."""
        result = Decoded()
        pending: list[tuple[str, str, str, str]] = []  # (link, id, timestamp, signature)
        for link in links:
            art_id = article_id(link, self.base)
            if art_id is None:
                result.failures[link] = "not a Google News article link"
                continue
            clear = decode_offline(art_id)
            if clear is not None:
                self._accept(result, link, clear)
                continue
            if self.wall:
                result.failures[link] = self.wall
                result.blocked.add(link)
                continue
            try:
                page = self.fetcher.get(self._page_url(art_id, link))
            except FetchError as exc:
                result.failures[link] = f"article page: {exc.reason}"
                if _walled(exc):
                    self.wall = result.failures[link]
                    result.blocked.add(link)
                elif _transient(exc):
                    result.transient.add(link)
                continue
            if is_consent_page(page.final_url):  # Google's EU consent interstitial: a wall
                self.wall = f"article page: consent page at {urlsplit(page.final_url).hostname}"
                result.failures[link] = self.wall
                result.blocked.add(link)
                continue
            signed = parse_signature(page.body.decode("utf-8", "replace"))
            if signed is None:
                result.failures[link] = "article page without signature (data-n-a-sg)"
                continue
            pending.append((link, art_id, signed[1], signed[0]))
        for start in range(0, len(pending), BATCH_SIZE):
            self._batch(pending[start : start + BATCH_SIZE], result)
        return result

    def _page_url(self, art_id: str, link: str) -> str:
        query = parse_qs(urlsplit(link).query)
        hl, gl, ceid = (
            query.get(k, [d])[0] for k, d in (("hl", "fr"), ("gl", "FR"), ("ceid", "FR:fr"))
        )
        return (
            f"{self.base}/rss/articles/{art_id}?hl={quote(hl, safe='')}"
            f"&gl={quote(gl, safe='')}&ceid={quote(ceid, safe='')}"
        )

    def _batch(self, items: list[tuple[str, str, str, str]], result: Decoded) -> None:
        body = batch_body(
            [(str(i), art_id, ts, sig) for i, (_, art_id, ts, sig) in enumerate(items)]
        )
        try:
            answer = self.fetcher.post(
                self.base + BATCH_PATH, body, "application/x-www-form-urlencoded;charset=UTF-8"
            )
        except FetchError as exc:
            if _walled(exc):
                self.wall = f"batchexecute: {exc.reason}"
            for link, *_ in items:
                result.failures[link] = f"batchexecute: {exc.reason}"
                if _walled(exc):
                    result.blocked.add(link)
                elif _transient(exc):
                    result.transient.add(link)
            return
        pairs = parse_batch(answer.body.decode("utf-8", "replace"))
        by_id = {req_id: url for req_id, url in pairs if req_id is not None}
        ids = {str(i) for i in range(len(items))}
        in_order = [url for _, url in pairs] if not ids & set(by_id) else []
        for i, (link, *_) in enumerate(items):
            url = (
                by_id.get(str(i)) if not in_order else (in_order[i] if i < len(in_order) else None)
            )
            if url is None:
                result.failures[link] = "batchexecute: no URL in the answer"
            else:
                self._accept(result, link, url)

    def _accept(self, result: Decoded, link: str, url: str) -> None:
        """Keep a decoded URL only when it is a web address off Google News (without
        `user:password@`, never sent, logged or stored)."""
        url = strip_userinfo(url)
        host = (urlsplit(url).hostname or "").lower()
        if not is_web_url(url) or host == urlsplit(self.base).hostname:
            result.failures[link] = f"decoded to an unusable address: {url[:200]}"
        else:
            result.urls[link] = url


def _walled(exc: FetchError) -> bool:
    """True for an answer that says "not you" (a wall), not "not now"."""
    return isinstance(exc, HTTPStatusError) and exc.status in WALL_STATUSES


def _transient(exc: FetchError) -> bool:
    """True for a failure that says "not now" (network, time-out, 429/5xx after the client's
    retries, robots.txt unreachable): the link is decoded again by a later run."""
    if isinstance(exc, HTTPStatusError):
        return exc.status == 429 or exc.status >= 500
    if isinstance(exc, RobotsDisallowed):
        return not exc.reason.startswith("disallowed")
    return exc.kind in ("timeout", "network")
