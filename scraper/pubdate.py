"""Publication time to the minute, from page metadata, when it agrees with the dated day.

htmldate (inside trafilatura) finds the publication *day*; the timeline of coverage (who
published first) needs the time. Pages give it in `article:published_time`, JSON-LD
`datePublished` or `<time datetime>`; it is used only when it falls on the day htmldate chose
and not after `now`, so a wrong or hostile timestamp cannot move a document in time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from lxml.html import HtmlElement

META_NAMES = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "publication_date",
)
_JSON_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')


def _parse(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo and (moment.hour or moment.minute) else None


def candidates(tree: HtmlElement) -> list[datetime]:
    """Timestamps with a time and an offset that the page declares as its publication."""
    found = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in META_NAMES:
            found.append(meta.get("content") or "")
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            found += _JSON_DATE.findall(script.text)
    for time in tree.iter("time"):
        if time.get("itemprop") == "datePublished" or time.get("pubdate") is not None:
            found.append(time.get("datetime") or "")
    return [m for m in map(_parse, found) if m is not None]


def refine(day: datetime | None, tree: HtmlElement, now: datetime) -> datetime | None:
    """The page's own publication time on `day`, else `day` unchanged."""
    if day is None:
        return None
    for moment in candidates(tree):
        if moment.date() == day.date() and moment.astimezone(UTC) <= now.astimezone(UTC):
            return moment
    return day
