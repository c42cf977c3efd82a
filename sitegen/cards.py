"""HTML of one claim (verdict badge, reason, evidence, review, "Signaler") and its ClaimReview.

Every card carries the claim's anchor and the data attributes the "À vérifier" filters read;
attribute values are keys computed here, never stored text.
"""

from __future__ import annotations

from typing import Any

from sitegen import paths
from sitegen.data import ClaimRow, Evidence
from sitegen.markup import (
    day,
    esc,
    html_page,
    key,
    link,
    link_out,
    rel,
    shorten,
    time_tag,
    web_url,
)
from sitegen.site import (
    FLAG_LABELS,
    KIND_LABELS,
    LABELS,
    SHORT_LABELS,
    UNCHECKED,
    Site,
    effective_verdict,
)

# ClaimReview ratings: 1 (worst) to 4 (best); "no official source" sits between.
RATINGS = {"contradicted": 1, "unsupported": 2, "no_official_source": 3, "supported": 4}


def badge(verdict: str, short: bool = False, count: int | None = None) -> str:
    """The verdict badge (verdict is a known name: it becomes a class)."""
    text = esc(SHORT_LABELS[verdict] if short else LABELS[verdict])
    text += f" · {count}" if count is not None else ""
    tip = f' title="{esc(LABELS[verdict])}"' if short else ""
    return f'<span class="vs-badge vs-v-{verdict}"{tip}>{text}</span>'


def flag_badges(claim: ClaimRow) -> str:
    """Small labels for the cross-check's flags (unknown flags are shown escaped)."""
    return "".join(f'<span class="vs-flag">{esc(FLAG_LABELS.get(f, f))}</span>'
                   for f in claim.flags)


def evidence_anchor(text: str) -> str:
    """Anchor of an evidence sentence on its official document's page."""
    return key(" ".join(text.split()), "e-")


def _evidence(site: Site, page: str, ev: Evidence) -> str:
    official = site.data.docs_by_url.get(ev.doc_url)
    if official is not None:
        target = f"{html_page(paths.article(official.id))}#{evidence_anchor(ev.text)}"
        name = official.outlet or official.title or "Document officiel"
        source = (link(rel(page, target), name) + " ("
                  + link_out(official.url, "original") + ")")
    else:
        source = link_out(ev.doc_url, "source officielle")
    return f'<li><q>{esc(ev.text)}</q> — {source}</li>'


def claim_card(site: Site, page: str, claim: ClaimRow, *, show_source: bool = True) -> str:
    """The full card of a claim, anchored by its id."""
    doc = site.doc(claim)
    verdict = effective_verdict(claim)
    anchor = paths.claim_anchor(claim.id)
    lines = [
        f'<article class="vs-claim vs-v-{verdict}" id="{anchor}"'
        f' data-incident="{site.incident_key(doc.incident)}"'
        f' data-outlet="{site.outlet_key(doc)}" data-verdict="{verdict}"'
        f' data-flags="{" ".join(f for f in claim.flags if f in FLAG_LABELS)}">',
        f'<p class="vs-claim-head">{badge(verdict)}{flag_badges(claim)}'
        f'<span class="vs-kind">{esc(KIND_LABELS.get(claim.kind, claim.kind))}</span></p>',
        f'<blockquote class="vs-claim-text"><p>{esc(claim.text)}</p></blockquote>',
    ]
    if claim.sentence and claim.sentence != claim.text:
        lines.append(f'<p class="vs-context">Dans la phrase : « {esc(claim.sentence)} »</p>')
    if claim.quote:
        speaker = f" attribués à {esc(claim.speaker)}" if claim.speaker else ""
        lines.append(f'<p class="vs-context">Propos{speaker} : « {esc(claim.quote)} »</p>')
    if show_source:
        article = rel(page, f"{html_page(paths.article(doc.id))}#{anchor}")
        lines.append(
            f'<p class="vs-claim-meta">{esc(site.outlet_name(doc))}, {time_tag(doc.date)}'
            f' · {link(article, "Voir dans l’article")}'
            f' · {link_out(doc.url, "Article original")}</p>')
    if claim.status == "vanished":
        lines.append('<p class="vs-note">Cette affirmation ne figure plus dans la dernière'
                     ' version de l’article.</p>')
    if claim.reason:
        lines.append(f'<p class="vs-reason"><strong>Motif :</strong> {esc(claim.reason)}</p>')
    if claim.evidence:
        lines.append('<ul class="vs-evidence">'
                     + "".join(_evidence(site, page, ev) for ev in claim.evidence) + "</ul>")
    lines += _review(claim)
    lines.append(
        f'<p class="vs-claim-foot"><a class="vs-report" href="{esc(site.issue_url(claim))}"'
        f' rel="nofollow noopener">Signaler une erreur</a> · <a href="#{anchor}">Lien permanent</a>'
        f' · <code>{esc(claim.id)}</code></p>')
    lines.append("</article>")
    return "\n".join(lines)


def _review(claim: ClaimRow) -> list[str]:
    review = claim.review
    if review is None:
        return []
    automatic = claim.verdict if claim.verdict in LABELS else UNCHECKED
    shown = esc(LABELS.get(review.verdict, review.verdict))
    note = f" — {esc(review.note)}" if review.note else ""
    return [
        f'<p class="vs-review"><strong>Révision humaine</strong> ({esc(review.reviewer)},'
        f" {time_tag(review.date)}) : {shown}{note}</p>",
        f'<p class="vs-review-auto">Verdict automatique : {badge(automatic)}</p>',
    ]


def claim_line(site: Site, page: str, claim: ClaimRow) -> str:
    """A one-line summary linking to the claim's card on its article page."""
    verdict = effective_verdict(claim)
    target = rel(page, site.claim_page(claim))
    gone = ('<span class="vs-flag">Retirée de l’article</span>'
            if claim.status == "vanished" else "")
    return (f'<li class="vs-claim-line">{badge(verdict, short=True)}{flag_badges(claim)}{gone} '
            f'{link(target, shorten(claim.text, 200))}</li>')


def claim_review(site: Site, claim: ClaimRow) -> dict[str, Any] | None:
    """schema.org ClaimReview of a checked claim (None when it has no verdict yet)."""
    verdict = effective_verdict(claim)
    if verdict == UNCHECKED:
        return None
    doc = site.doc(claim)
    reviewed = claim.review.date if claim.review and verdict == claim.review.verdict else ""
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": site.outlet_name(doc)},
    }
    if web_url(doc.url):
        item["appearance"] = {"@type": "CreativeWork", "url": doc.url}
    if day(doc.date):
        item["datePublished"] = day(doc.date)
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": site.config.site_url + site.claim_page(claim),
        "claimReviewed": shorten(claim.text, 75),
        "author": {"@type": "Organization", "name": site.config.site_name,
                   "url": site.config.site_url},
        "reviewRating": {"@type": "Rating", "ratingValue": RATINGS[verdict], "bestRating": 4,
                         "worstRating": 1, "alternateName": LABELS[verdict]},
        "itemReviewed": item,
    }
    published = day(reviewed or claim.checked_at)
    if published:
        review["datePublished"] = published
    return review
