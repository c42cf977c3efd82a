"""RSS 2.0 and JSON Feed 1.1 of newly flagged claims and of silent corrections.

The items are the latest "À vérifier" claims, dated by when the claim was flagged (review
date, else verdict date), and the claims an outlet changed or removed after publication
(`sitegen.corrections`), dated by when the revised article was fetched, with the old and the
new wording. Newest first; every date comes from the store, so two builds give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from xml.etree import ElementTree as ET

from sitegen import paths
from sitegen.corrections import Correction
from sitegen.data import ClaimRow
from sitegen.markup import fr_datetime, parse_date, shorten
from sitegen.site import FLAG_LABELS, LABELS, Site, effective_verdict

LIMIT = 100
TITLE = "Vigie Santé — affirmations à vérifier"
DESCRIPTION = (
    "Affirmations de presse sur les fuites de données de santé contredites, non "
    "étayées ou contestées par les sources officielles, et affirmations modifiées "
    "ou retirées après publication."
)
CHANGED = "changed_after_publication"
CORRECTION = "correction-"  # id prefix of correction items (flagged items: the claim id)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Item:
    """One entry of both feeds."""

    id: str
    url: str
    title: str
    summary: str
    date: datetime
    tags: tuple[str, ...]


def _utc(value: str) -> datetime | None:
    parsed = parse_date(value)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _flagged_at(claim: ClaimRow) -> datetime:
    return _utc(claim.review.date if claim.review else "") or _utc(claim.checked_at) or EPOCH


def _summary(site: Site, claim: ClaimRow) -> str:
    doc = site.doc(claim)
    flags = ", ".join(FLAG_LABELS.get(f, f) for f in claim.flags)
    return (
        f"{LABELS[effective_verdict(claim)]}{' (' + flags + ')' if flags else ''}. "
        f"{site.outlet_name(doc)} : « {claim.text} » {claim.reason}"
    ).strip()


def _flagged_item(site: Site, claim: ClaimRow) -> Item:
    return Item(
        claim.id,
        site.config.site_url + site.claim_page(claim),
        shorten(claim.text, 120),
        _summary(site, claim),
        _flagged_at(claim),
        (effective_verdict(claim), *claim.flags),
    )


def _correction_item(site: Site, fix: Correction) -> Item:
    shown = fix.new or fix.old
    outlet = site.outlet_name(site.doc(fix.old))
    when = f"version {fix.revno} de l’article" + (
        f", relevée le {fr_datetime(fix.seen)}" if fix.seen else ""
    )
    if fix.new is None:
        change = f"affirmation retirée ; texte publié : « {fix.old.text} »"
    else:
        change = f"avant : « {fix.old.text} » ; après : « {fix.new.text} »"
    return Item(
        f"{CORRECTION}{fix.old.id}",
        site.config.site_url + site.claim_page(shown),
        shorten(f"Correction : {shown.text}", 120),
        f"{FLAG_LABELS[CHANGED]} ({when}). {outlet} : {change}.",
        _utc(fix.seen) or EPOCH,
        (CHANGED, fix.kind),
    )


def items(site: Site) -> list[tuple[str, Item]]:
    """Every item of the feeds with its incident's slug, newest first (computed once for
    the global feeds and every incident's)."""
    found = [(site.doc(c).incident, _flagged_item(site, c)) for c in site.flagged]
    found += [(site.doc(fix.old).incident, _correction_item(site, fix)) for fix in site.corrections]
    return sorted(found, key=lambda pair: (pair[1].date, pair[1].id), reverse=True)


def newest(
    site: Site, incident: str | None = None, every: list[tuple[str, Item]] | None = None
) -> list[Item]:
    """What the feeds carry: flagged claims and corrections (of one incident, or of all),
    newest first; `every` is `items(site)` when the caller already has it."""
    every = items(site) if every is None else every
    return [item for slug, item in every if incident is None or slug == incident][:LIMIT]


def rss(
    site: Site, incident: str | None = None, every: list[tuple[str, Item]] | None = None
) -> str:
    """The RSS 2.0 document (of one incident when a slug is given)."""
    root = ET.Element("rss", version="2.0")
    channel = ET.SubElement(root, "channel")
    title, home = TITLE, site.absolute(paths.VERIFY)
    if incident is not None:
        title = f"Vigie Santé — {site.incident_title(site.data.incidents[incident])}"
        home = site.absolute(paths.incident(incident))
    for tag, text in (
        ("title", title),
        ("link", home),
        ("description", DESCRIPTION),
        ("language", "fr"),
    ):
        ET.SubElement(channel, tag).text = text
    if site.data.build_date and (built := parse_date(site.data.build_date)):
        built = built if built.tzinfo else built.replace(tzinfo=UTC)
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(built)
    for entry in newest(site, incident, every):
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = entry.title
        ET.SubElement(item, "link").text = entry.url
        permalink = not entry.id.startswith(CORRECTION)
        ET.SubElement(item, "guid", isPermaLink="true" if permalink else "false").text = (
            entry.url if permalink else entry.id
        )
        ET.SubElement(item, "description").text = entry.summary
        ET.SubElement(item, "pubDate").text = format_datetime(entry.date)
        ET.SubElement(item, "category").text = entry.tags[0]
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def json_feed(site: Site, every: list[tuple[str, Item]] | None = None) -> str:
    """The JSON Feed 1.1 document."""
    items: list[dict[str, Any]] = []
    for entry in newest(site, None, every):
        items.append(
            {
                "id": entry.id,
                "url": entry.url,
                "title": entry.title,
                "content_text": entry.summary,
                "date_published": entry.date.isoformat(),
                "tags": list(entry.tags),
            }
        )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": TITLE,
        "home_page_url": site.absolute(paths.VERIFY),
        "feed_url": site.config.site_url + paths.FEED_JSON,
        "description": DESCRIPTION,
        "language": "fr",
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def feed_files(site: Site) -> Iterator[tuple[str, str]]:
    """(path, content) of both feeds, then the RSS feed of each incident."""
    every = items(site)
    yield paths.FEED_RSS, rss(site, None, every)
    yield paths.FEED_JSON, json_feed(site, every)
    for slug in site.data.incidents:
        yield paths.incident_feed(slug), rss(site, slug, every)
