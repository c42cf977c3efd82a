"""Feed parsing: bytes fetched by our own client are handed to feedparser (no network here)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from scraper.fetched import FeedEntry
from scraper.textsafe import fix_char_refs, scrub
from scraper.urls import is_web_url, strip_userinfo


@dataclass(frozen=True)
class ParsedFeed:
    """Readable entries of a feed, and whether the feed was malformed ("bozo")."""

    entries: tuple[FeedEntry, ...]
    bozo: str = ""  # one-line description of the malformation, empty when well-formed
    title: str = ""


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse RSS/Atom bytes; keep every readable entry even when the feed is malformed."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    import feedparser  # imported when a feed body is parsed (a 304 needs none)

    parsed = feedparser.parse(fix_char_refs(body), response_headers=headers, sanitize_html=True)
    entries = []
    seen: set[str] = set()
    for raw in parsed.entries:
        entry = _entry(raw, url)
        if entry is not None and entry.link not in seen:
            seen.add(entry.link)
            entries.append(entry)
    bozo = ""
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        bozo = " ".join(str(exc).split()) or type(exc).__name__
    elif not parsed.get("version") and not entries:
        bozo = "not an RSS or Atom feed" if body.strip() else "empty body"
    title = str(parsed.feed.get("title", "")) if parsed.get("feed") else ""
    return ParsedFeed(tuple(entries), bozo, title)


def _entry(raw: Any, feed_url: str) -> FeedEntry | None:
    """One entry, or None when it has no usable http(s) link."""
    link = str(raw.get("link", "") or "").strip()
    if not link:
        for alt in raw.get("links", []) or []:
            if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                link = str(alt["href"]).strip()
                break
    link = strip_userinfo(urljoin(feed_url, link)) if link else ""
    if not is_web_url(link):
        return None
    source = raw.get("source") or {}
    publisher = scrub(" ".join(str(source.get("title", "") or "").split()))
    publisher_url = strip_userinfo(str(source.get("href", "") or "").strip())
    title = scrub(" ".join(str(raw.get("title", "") or "").split()))
    if publisher and title.endswith(" - " + publisher):  # Google News: "Title - Publisher"
        title = title.removesuffix(" - " + publisher).strip()
    return FeedEntry(
        link=link,
        title=title,
        published=_entry_date(raw),
        summary=scrub(str(raw.get("summary", "") or "")[:2000]),
        publisher_url=publisher_url if is_web_url(publisher_url) else "",
        publisher=publisher,
    )


def _entry_date(raw: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        value = raw.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None
