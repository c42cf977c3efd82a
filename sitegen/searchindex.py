"""Search entries for document pages, in Material's index format, built from the records.

One entry per document (title, outlet, date, entities; the official text for communiqués),
then one per claim, located at its anchor, so that a search lands on the claim itself. Titles
and texts are HTML-escaped: Material's client renders them as HTML.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

from sitegen import paths
from sitegen.data import Doc
from sitegen.markup import fr_date, html_page
from sitegen.site import LABELS, Site, effective_verdict

_ENTRY = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # built once


def _h(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=False)


def _document(site: Site, doc: Doc) -> list[dict[str, Any]]:
    page = html_page(paths.article(doc.id))
    kind = "Communiqué officiel" if doc.kind == "official" else "Article de presse"
    names = sorted({m.text for m in site.mentions_by_doc.get(doc.id, [])})
    text = f"{kind} · {site.outlet_name(doc)} · {fr_date(doc.date)}"
    if names:
        text += " · " + ", ".join(names)
    if doc.kind == "official" and doc.revisions:
        text += " · " + doc.revisions[-1].text
    entries = [
        {"location": page, "title": _h(doc.title or site.outlet_name(doc)), "text": _h(text)}
    ]
    for claim in site.data.claims_by_doc.get(doc.id, []):
        verdict = effective_verdict(claim)
        parts = [LABELS[verdict] + ".", claim.reason, *(e.text for e in claim.evidence)]
        if claim.sentence != claim.text:
            parts.append(claim.sentence)
        entries.append(
            {
                "location": f"{page}#{paths.claim_anchor(claim.id)}",
                "title": _h(claim.text),
                "text": _h(" ".join(parts)),
            }
        )
    return entries


def search_pieces(site: Site) -> Iterator[str]:
    """The JSON list of entries for every document page, in document id order, one document
    at a time (the list is never whole in memory)."""
    yield "["
    first = True
    for doc_id in sorted(site.data.docs):
        for entry in _document(site, site.data.docs[doc_id]):
            yield ("" if first else ",") + _ENTRY(entry)
            first = False
    yield "]"
