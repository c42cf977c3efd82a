"""HTML of one claim (verdict badge, reason, evidence, review, "Signaler") and its ClaimReview.

Every card carries the claim's anchor and the data attributes the "À vérifier" filters read;
attribute values are keys computed here, never stored text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sitegen import paths
from sitegen.data import ClaimRow, Evidence
from sitegen.diff import words_diff
from sitegen.markup import (
    day,
    esc,
    esc_url,
    fr_date,
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
    claim_key,
    effective_verdict,
    reason_fr,
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
    return "".join(
        f' <span class="vs-flag">{esc(_flag_label(claim, f))}</span>'
        for f in shown_flags(site, claim)
    )


def _flag_label(claim: ClaimRow, flag: str) -> str:
    if flag == "disputed" and not claim.quantities and claim.dates:
        return "Dates divergentes entre médias"
    if flag == "disputed" and claim.quantities:
        return "Chiffres divergents entre médias"
    return FLAG_LABELS.get(flag, flag)


def _quoted(values: list[str]) -> str:
    return ", ".join(f"« {v} »" for v in values)


_GRAMMAR = {"conditionnel": "le conditionnel"}  # hedges that are a mood, not words


def _few(names: list[str], most: int = 2) -> str:
    """ "A, B et 3 autres"."""
    if len(names) <= most + 1:
        return ", ".join(names)
    return f"{', '.join(names[:most])} et {len(names) - most} autres"


def flag_details(site: Site, claim: ClaimRow) -> list[str]:
    """What each flag found, as escaped sentences: the official hedge the claim dropped, the
    values other outlets give."""
    out = []
    if "hedge_dropped" in claim.flags:
        own = {h.replace("'", "’") for h in claim.hedges}
        hedges = sorted(
            {
                h.replace("'", "’")
                for ev in claim.evidence
                for h in site.sentence_hedges.get(" ".join(ev.text.split()), ())
            }
            - own
        )
        if hedges:
            named = [f"« {h} »" for h in hedges if h not in _GRAMMAR]
            named += [_GRAMMAR[h] for h in hedges if h in _GRAMMAR]
            out.append(f"Précaution du communiqué omise : {esc(', '.join(named))}")
        else:
            out.append("Le communiqué nuance ce point ; l’article l’affirme sans réserve")
    if "disputed" in claim.flags:
        mine = claim.quantities or claim.dates
        others: dict[str, tuple[str, set[str]]] = {}
        for value, text, outlet in site.disputed_values.get(
            (site.doc(claim).incident, claim.kind), []
        ):
            if value not in {claim_key(v) for v in mine}:
                others.setdefault(value, (text, set()))[1].add(outlet)
        if others:
            listed = "; ".join(
                f"« {text} » ({_few(sorted(outlets))})"
                for _key, (text, outlets) in sorted(others.items())[:4]
            )
            out.append(
                esc(
                    f"Ici {_quoted(list(mine))} ; ailleurs {listed}"
                    if mine
                    else f"Ailleurs : {listed}"
                )
            )
    return out


def correction_note(site: Site, page: str, claim: ClaimRow) -> list[str]:
    """What a later revision did to this claim: the old and the new wording, linked."""
    fix = site.correction_of.get(claim.id)
    if fix is None:
        return []
    seen = f"version {fix.revno}" + (f", relevée le {when(fix.seen, True)}" if fix.seen else "")
    old = f"« {esc(fix.old.text)} »"
    if fix.new is None:
        return [
            f'<p class="vs-correction">Modifié après publication : affirmation retirée de'
            f" l’article ({seen}). Texte publié : {old}</p>"
        ]
    new = f"« {esc(fix.new.text)} »"
    other = fix.new if claim.id == fix.old.id else fix.old
    target = rel(page, site.claim_page(other))
    label = "nouvelle formulation" if claim.id == fix.old.id else "formulation initiale"
    return [
        f'<p class="vs-correction">Modifié après publication ({seen}) : avant {old},'
        f" après {new} ({link(target, label)}).</p>",
        f'<p class="vs-correction-diff">{words_diff(fix.old.text, fix.new.text)}</p>',
    ]


@lru_cache(maxsize=1 << 14)  # the same official sentences back many claims
def evidence_anchor(text: str) -> str:
    """Anchor of an evidence sentence on its official document's page."""
    return key(" ".join(text.split()), "e-")


DECIDED = frozenset({"supported", "contradicted"})  # verdicts whose sentences are evidence


def evidence_source(site: Site, page: str, ev: Evidence) -> str:
    """A link to the official sentence on its document's page (or the original address)."""
    official = site.data.docs_by_url.get(ev.doc_url)
    if official is not None:
        target = f"{html_page(paths.article(official.id))}#{evidence_anchor(ev.text)}"
        return link(rel(page, target), official.outlet or official.title or "Document officiel")
    return link_out(ev.doc_url, "source officielle")


def _evidence(site: Site, page: str, ev: Evidence, css: str = "vs-evidence") -> str:
    return f'<p class="{css}">« {esc(ev.text)} » — {evidence_source(site, page, ev)}</p>'


def claim_card(site: Site, page: str, claim: ClaimRow) -> str:
    """The full card of a claim, anchored by its id (few elements: pages are search-indexed,
    and the indexer's cost grows with the number of tags)."""
    verdict = effective_verdict(claim)
    anchor = paths.claim_anchor(claim.id)
    lines = [
        f'<article class="vs-claim vs-v-{verdict}" id="{anchor}">',
        f'<p class="vs-claim-head">{badge(verdict)}{flag_badges(site, claim)}'
        f" {esc(KIND_LABELS.get(claim.kind, claim.kind))}</p>",
        f'<blockquote class="vs-claim-text">{esc(claim.text)}</blockquote>',
    ]
    if claim.sentence and claim.sentence != claim.text:
        lines.append(f'<p class="vs-context">Dans la phrase : « {esc(claim.sentence)} »</p>')
    if claim.quote:
        speaker = f" attribués à {esc(claim.speaker)}" if claim.speaker else ""
        lines.append(f'<p class="vs-context">Propos{speaker} : « {esc(claim.quote)} »</p>')
    if claim.status == "vanished":
        lines.append(
            '<p class="vs-note">Cette affirmation ne figure plus dans la dernière'
            " version de l’article.</p>"
        )
    lines += correction_note(site, page, claim)
    if claim.reason:
        lines.append(f'<p class="vs-reason">Motif : {esc(reason_fr(claim.reason))}</p>')
    lines += [f'<p class="vs-flag-detail">{d}</p>' for d in flag_details(site, claim)]
    if verdict in DECIDED or not claim.evidence:
        lines += [_evidence(site, page, ev) for ev in claim.evidence]
    else:  # the sentences that came closest: shown as such, never as evidence
        lines.append(
            '<p class="vs-nearest-head">Phrases officielles les plus proches (elles ne'
            " disent pas la même chose) :</p>"
        )
        lines += [_evidence(site, page, ev, css="vs-nearest") for ev in claim.evidence]
    lines += _review(claim)
    lines.append(_cite(site, claim, verdict))
    issue, mail = site.report_urls(claim)
    lines.append(
        f'<p class="vs-claim-foot">Signaler une erreur : <a class="vs-report"'
        f' href="{esc_url(issue)}" rel="nofollow noopener">sur la forge</a>'
        f' ou <a class="vs-report-mail" href="{esc_url(mail)}">par courriel</a>'
        f' · <a href="#{anchor}">Lien permanent</a></p>'
    )
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
        '<details class="vs-history"><summary>Historique du verdict</summary>'
        f'<p class="vs-review-auto">Verdict automatique : {badge(automatic)}</p></details>',
    ]


def cite_text(site: Site, claim: ClaimRow, verdict: str) -> str:
    """How to cite a claim and its verdict (plain text)."""
    doc = site.doc(claim)
    checked = (
        claim.review.date if claim.review and verdict == claim.review.verdict else claim.checked_at
    )
    on = f", vérification du {fr_date(checked)}" if checked else ""
    return (
        f"« {shorten(claim.text, 300)} » ({site.outlet_name(doc)}, {fr_date(doc.date)}). "
        f"Verdict de {site.config.site_name} : {LABELS[verdict]}{on}. "
        f"{site.config.site_url}{site.claim_page(claim)}"
    )


def _cite(site: Site, claim: ClaimRow, verdict: str) -> str:
    return (
        f'<details class="vs-cite"><summary>Citer</summary><p>'
        f"{esc(cite_text(site, claim, verdict))}</p></details>"
    )


def _filter_attrs(site: Site, claim: ClaimRow, verdict: str) -> str:
    """Data attributes the "À vérifier" filters read: computed keys, never stored text. The
    outlets are those of the claim and of its syndicated copies."""
    doc = site.doc(claim)
    flags = " ".join(f for f in claim.flags if f in FLAG_LABELS)
    group = site.copies_of.get(claim.id)
    members = (group.first, *group.copies) if group else (claim,)
    outlets = " ".join(sorted({site.outlet_key(site.doc(c)) for c in members}))
    return (
        f' data-incident="{site.incident_key(doc.incident)}"'
        f' data-outlet="{outlets}" data-verdict="{verdict}"'
        f' data-flags="{flags}"'
    )


def _line_evidence(site: Site, page: str, claim: ClaimRow, verdict: str) -> str:
    """The first official sentence behind the verdict, or the closest one, labelled."""
    if not claim.evidence:
        return ""
    ev = claim.evidence[0]
    if verdict not in DECIDED:  # a heading ("Publié le") is no closest sentence
        ev = next((e for e in claim.evidence if len(e.text.split()) >= 5), ev)
        if len(ev.text.split()) < 5:
            return ""
    source = evidence_source(site, page, ev)
    if verdict in DECIDED:
        return (
            f'<span class="vs-line-ev">Source officielle : « {esc(shorten(ev.text, 280))} »'
            f" — {source}</span>"
        )
    return (
        f'<span class="vs-nearest">Phrase officielle la plus proche (elle ne dit pas la'
        f" même chose) : « {esc(shorten(ev.text, 200))} » — {source}</span>"
    )


def _copies(site: Site, page: str, claim: ClaimRow) -> str:
    """ "Repris par N médias" with the copies on demand."""
    group = site.copies_of.get(claim.id)
    if group is None or not group.copies:
        return ""
    outlets = {site.outlet_name(site.doc(c)) for c in group.copies}
    outlets.discard(site.outlet_name(site.doc(group.first)))
    n = len(outlets) or len(group.copies)
    items = "".join(
        f"<li>{link(rel(page, site.claim_page(c)), site.outlet_name(site.doc(c)))}"
        f", {when(site.doc(c).date)}</li>"
        for c in group.copies
    )
    return (
        f'<details class="vs-copies"><summary>Repris par {n} média{"s" if n > 1 else ""}'
        f"</summary><ul>{items}</ul></details>"
    )


def claim_line(
    site: Site,
    page: str,
    claim: ClaimRow,
    *,
    anchor: bool = False,
    reason: bool = False,
    source: bool = False,
    filters: bool = False,
    evidence: bool = False,
) -> str:
    """A compact list item: short badge, flags, the claim linked to its card, and optionally
    its anchor, its source, its reason, what its flags found, the official sentence behind
    its verdict with its syndicated copies, and the filters' data attributes."""
    verdict = effective_verdict(claim)
    target = rel(page, site.claim_page(claim))
    ident = f' id="{paths.claim_anchor(claim.id)}"' if anchor else ""
    attrs = _filter_attrs(site, claim, verdict) if filters else ""
    gone = (
        ' <span class="vs-flag">Retirée de l’article</span>' if claim.status == "vanished" else ""
    )
    details = []
    if source:
        doc = site.doc(claim)
        details.append(f"{esc(site.outlet_name(doc))}, {when(doc.date)}")
    shown = evidence and verdict in DECIDED and claim.evidence  # the sentence says it all
    if reason and claim.reason and not shown:
        details.append(f"Motif : {esc(reason_fr(claim.reason))}")
    meta = f'<span class="vs-meta">{" · ".join(details)}</span>' if details else ""
    if reason:
        meta += "".join(
            f'<span class="vs-flag-detail">{d}</span>' for d in flag_details(site, claim)
        )
    if evidence:
        meta += _line_evidence(site, page, claim, verdict) + _copies(site, page, claim)
    return (
        f'<li class="vs-claim-line"{ident}{attrs}>{badge(verdict, short=True)}'
        f"{flag_badges(site, claim)}{gone} {link(target, shorten(claim.text, 200))}{meta}"
        "</li>"
    )


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
        "author": {
            "@type": "Organization",
            "name": site.config.site_name,
            "url": site.config.site_url,
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATINGS[verdict],
            "bestRating": 4,
            "worstRating": 1,
            "alternateName": LABELS[verdict],
        },
        "itemReviewed": item,
    }
    published = day(reviewed or claim.checked_at)
    if published:
        review["datePublished"] = published
    return review
