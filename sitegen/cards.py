"""HTML of one claim (verdict badge, reason, evidence, review, "Signaler") and its ClaimReview.

Every card carries the claim's anchor and the data attributes the "À vérifier" filters read;
attribute values are keys computed here, never stored text.
"""

from __future__ import annotations

from typing import Any

from sitegen import paths
from sitegen.data import ClaimRow, Evidence
from sitegen.diff import words_diff
from sitegen.markup import (
    day,
    esc,
    html_page,
    key,
    link,
    link_out,
    rel,
    shorten,
    web_url,
    when,
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

CHANGED = "changed_after_publication"
# ClaimReview ratings: 1 (worst) to 4 (best); "no official source" sits between.
RATINGS = {"contradicted": 1, "unsupported": 2, "no_official_source": 3, "supported": 4}


def badge(verdict: str, short: bool = False, count: int | None = None) -> str:
    """The verdict badge (verdict is a known name: it becomes a class)."""
    text = esc(SHORT_LABELS[verdict] if short else LABELS[verdict])
    text += f" · {count}" if count is not None else ""
    tip = f' title="{esc(LABELS[verdict])}"' if short else ""
    return f'<span class="vs-badge vs-v-{verdict}"{tip}>{text}</span>'


def shown_flags(site: Site, claim: ClaimRow) -> tuple[str, ...]:
    """The cross-check's flags, plus "changed_after_publication" for a claim a later revision
    of its article reworded or removed (or the rewording itself)."""
    if claim.id in site.correction_of and CHANGED not in claim.flags:
        return (*claim.flags, CHANGED)
    return claim.flags


def flag_badges(site: Site, claim: ClaimRow) -> str:
    """Small labels for the claim's flags (unknown flags are shown escaped)."""
    return "".join(f' <span class="vs-flag">{esc(FLAG_LABELS.get(f, f))}</span>'
                   for f in shown_flags(site, claim))


def correction_note(site: Site, page: str, claim: ClaimRow) -> list[str]:
    """What a later revision did to this claim: the old and the new wording, linked."""
    fix = site.correction_of.get(claim.id)
    if fix is None:
        return []
    seen = f"version {fix.revno}" + (f", relevée le {when(fix.seen, True)}" if fix.seen else "")
    old = f"« {esc(fix.old.text)} »"
    if fix.new is None:
        return [f'<p class="vs-correction">Modifié après publication : affirmation retirée de'
                f" l’article ({seen}). Texte publié : {old}</p>"]
    new = f"« {esc(fix.new.text)} »"
    other = fix.new if claim.id == fix.old.id else fix.old
    target = rel(page, site.claim_page(other))
    label = "nouvelle formulation" if claim.id == fix.old.id else "formulation initiale"
    return [f'<p class="vs-correction">Modifié après publication ({seen}) : avant {old},'
            f" après {new} ({link(target, label)}).</p>",
            f'<p class="vs-correction-diff">{words_diff(fix.old.text, fix.new.text)}</p>']


def evidence_anchor(text: str) -> str:
    """Anchor of an evidence sentence on its official document's page."""
    return key(" ".join(text.split()), "e-")


DECIDED = frozenset({"supported", "contradicted"})  # verdicts whose sentences are evidence


def _evidence(site: Site, page: str, ev: Evidence, css: str = "vs-evidence") -> str:
    official = site.data.docs_by_url.get(ev.doc_url)
    if official is not None:
        target = f"{html_page(paths.article(official.id))}#{evidence_anchor(ev.text)}"
        source = link(rel(page, target), official.outlet or official.title or "Document officiel")
    else:
        source = link_out(ev.doc_url, "source officielle")
    return f'<p class="{css}">« {esc(ev.text)} » — {source}</p>'


def claim_card(site: Site, page: str, claim: ClaimRow) -> str:
    """The full card of a claim, anchored by its id (few elements: pages are search-indexed,
    and the indexer's cost grows with the number of tags)."""
    verdict = effective_verdict(claim)
    anchor = paths.claim_anchor(claim.id)
    lines = [
        f'<article class="vs-claim vs-v-{verdict}" id="{anchor}">',
        f'<p class="vs-claim-head">{badge(verdict)}{flag_badges(site, claim)}'
        f' {esc(KIND_LABELS.get(claim.kind, claim.kind))}</p>',
        f'<blockquote class="vs-claim-text">{esc(claim.text)}</blockquote>',
    ]
    if claim.sentence and claim.sentence != claim.text:
        lines.append(f'<p class="vs-context">Dans la phrase : « {esc(claim.sentence)} »</p>')
    if claim.quote:
        speaker = f" attribués à {esc(claim.speaker)}" if claim.speaker else ""
        lines.append(f'<p class="vs-context">Propos{speaker} : « {esc(claim.quote)} »</p>')
    if claim.status == "vanished":
        lines.append('<p class="vs-note">Cette affirmation ne figure plus dans la dernière'
                     " version de l’article.</p>")
    lines += correction_note(site, page, claim)
    if claim.reason:
        lines.append(f'<p class="vs-reason">Motif : {esc(claim.reason)}</p>')
    if verdict in DECIDED or not claim.evidence:
        lines += [_evidence(site, page, ev) for ev in claim.evidence]
    else:  # the sentences that came closest: shown as such, never as evidence
        lines.append('<p class="vs-nearest-head">Phrases officielles les plus proches (elles ne'
                     " disent pas la même chose) :</p>")
        lines += [_evidence(site, page, ev, css="vs-nearest") for ev in claim.evidence]
    lines += _review(claim)
    lines.append(
        f'<p class="vs-claim-foot"><a class="vs-report" href="{esc(site.issue_url(claim))}"'
        f' rel="nofollow noopener">Signaler une erreur</a> · <a href="#{anchor}">Lien'
        f" permanent</a> · {esc(claim.id)}</p>")
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
        f'<p class="vs-review">Révision humaine ({esc(review.reviewer)},'
        f" {when(review.date)}) : {shown}{note}</p>",
        f'<p class="vs-review-auto">Verdict automatique : {badge(automatic)}</p>',
    ]


def _filter_attrs(site: Site, claim: ClaimRow, verdict: str) -> str:
    """Data attributes the "À vérifier" filters read: computed keys, never stored text."""
    doc = site.doc(claim)
    flags = " ".join(f for f in claim.flags if f in FLAG_LABELS)
    return (f' data-incident="{site.incident_key(doc.incident)}"'
            f' data-outlet="{site.outlet_key(doc)}" data-verdict="{verdict}"'
            f' data-flags="{flags}"')


def claim_line(site: Site, page: str, claim: ClaimRow, *, anchor: bool = False,
               reason: bool = False, source: bool = False, filters: bool = False) -> str:
    """A compact list item: short badge, flags, the claim linked to its card, and optionally
    its anchor, its source, its reason and the filters' data attributes."""
    verdict = effective_verdict(claim)
    target = rel(page, site.claim_page(claim))
    ident = f' id="{paths.claim_anchor(claim.id)}"' if anchor else ""
    attrs = _filter_attrs(site, claim, verdict) if filters else ""
    gone = (' <span class="vs-flag">Retirée de l’article</span>'
            if claim.status == "vanished" else "")
    details = []
    if source:
        doc = site.doc(claim)
        details.append(f"{esc(site.outlet_name(doc))}, {when(doc.date)}")
    if reason and claim.reason:
        details.append(f"Motif : {esc(claim.reason)}")
    meta = f'<br><span class="vs-meta">{" · ".join(details)}</span>' if details else ""
    return (f'<li class="vs-claim-line"{ident}{attrs}>{badge(verdict, short=True)}'
            f"{flag_badges(site, claim)}{gone} {link(target, shorten(claim.text, 200))}{meta}</li>")


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
