"""RSS 2.0 and JSON Feed 1.1 of newly flagged claims (the latest "À vérifier" entries).

Items are ordered by when the claim was flagged (review date, else verdict date), newest
first; every date comes from the store, so two builds give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from xml.etree import ElementTree as ET

from sitegen import paths
from sitegen.data import ClaimRow
from sitegen.markup import parse_date, shorten
from sitegen.site import FLAG_LABELS, LABELS, Site, effective_verdict

LIMIT = 100
TITLE = "Vigie Santé — affirmations à vérifier"
DESCRIPTION = ("Affirmations de presse sur les fuites de données de santé contredites, non "
               "étayées ou contestées par les sources officielles.")


def _flagged_at(claim: ClaimRow) -> datetime:
    value = parse_date(claim.review.date if claim.review else "") or parse_date(claim.checked_at)
    value = value or datetime(1970, 1, 1, tzinfo=UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def newest(site: Site) -> list[ClaimRow]:
    """The claims the feeds carry, newest flag first."""
    return sorted(site.flagged, key=lambda c: (_flagged_at(c), c.id), reverse=True)[:LIMIT]


def _summary(site: Site, claim: ClaimRow) -> str:
    doc = site.doc(claim)
    flags = ", ".join(FLAG_LABELS.get(f, f) for f in claim.flags)
    return (f"{LABELS[effective_verdict(claim)]}{' (' + flags + ')' if flags else ''}. "
            f"{site.outlet_name(doc)} : « {claim.text} » {claim.reason}").strip()


def rss(site: Site) -> str:
    """The RSS 2.0 document."""
    root = ET.Element("rss", version="2.0")
    channel = ET.SubElement(root, "channel")
    for tag, text in (("title", TITLE), ("link", site.absolute(paths.VERIFY)),
                      ("description", DESCRIPTION), ("language", "fr")):
        ET.SubElement(channel, tag).text = text
    if site.data.build_date and (built := parse_date(site.data.build_date)):
        built = built if built.tzinfo else built.replace(tzinfo=UTC)
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(built)
    for claim in newest(site):
        item = ET.SubElement(channel, "item")
        url = site.config.site_url + site.claim_page(claim)
        ET.SubElement(item, "title").text = shorten(claim.text, 120)
        ET.SubElement(item, "link").text = url
        ET.SubElement(item, "guid", isPermaLink="true").text = url
        ET.SubElement(item, "description").text = _summary(site, claim)
        ET.SubElement(item, "pubDate").text = format_datetime(_flagged_at(claim))
        ET.SubElement(item, "category").text = effective_verdict(claim)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def json_feed(site: Site) -> str:
    """The JSON Feed 1.1 document."""
    items: list[dict[str, Any]] = []
    for claim in newest(site):
        url = site.config.site_url + site.claim_page(claim)
        items.append({
            "id": claim.id, "url": url, "title": shorten(claim.text, 120),
            "content_text": _summary(site, claim),
            "date_published": _flagged_at(claim).isoformat(),
            "tags": [effective_verdict(claim), *claim.flags],
        })
    feed = {
        "version": "https://jsonfeed.org/version/1.1", "title": TITLE,
        "home_page_url": site.absolute(paths.VERIFY),
        "feed_url": site.config.site_url + paths.FEED_JSON, "description": DESCRIPTION,
        "language": "fr", "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def feed_files(site: Site) -> Iterator[tuple[str, str]]:
    """(path, content) of both feeds."""
    yield paths.FEED_RSS, rss(site)
    yield paths.FEED_JSON, json_feed(site)
