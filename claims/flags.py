"""Flags that look across claims or across time: `disputed` and `superseded`.

`disputed`: outlets give incompatible counts of the same thing, or incompatible dates of the
same event. `superseded`: a claim is judged against the communiqués published before it, and
flagged when a later communiqué would change its verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from claims.compare import compatible, dates_overlap
from claims.crosscheck import (
    DATED_TOPICS,
    Index,
    Official,
    check_claim,
    check_claims,
    vector_similarity,
)
from claims.lexicon import unit_class
from claims.records import Claim, Quantity, Verdict
from core.verdicts import VERDICT_LABELS_FR


def flag_disputed(
    claims: Sequence[Claim], verdicts: Sequence[Verdict], outlets: dict[str, str]
) -> list[Verdict]:
    """Add `disputed` to claims whose outlets give incompatible counts of the same thing.

    Two claims state the same fact when they count the same unit class about the same data
    classes; a count no claim of another outlet can agree with marks the whole group.
    """
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[Claim, Quantity]]] = {}
    for claim in claims:
        for q in claim.facets.quantities:
            unit = unit_class(q.unit)
            if (
                unit is not None
                and (q.value is not None or q.relation == "all")
                and not (unit == "people" and q.relation == "all")
            ):
                groups.setdefault((unit, claim.facets.data_classes), []).append((claim, q))
    disputed: set[str] = _disputed_dates(claims, outlets)
    for members in groups.values():
        for claim, q in members:
            others = [(c, o) for c, o in members if outlets.get(c.id) != outlets.get(claim.id)]
            if any(not compatible(q, o) for _, o in others):
                disputed |= {claim.id} | {c.id for c, o in others if not compatible(q, o)}
    return [
        v
        if v.claim_id not in disputed or "disputed" in v.flags
        else Verdict(
            v.claim_id, v.verdict, v.reason, v.evidence, tuple(sorted((*v.flags, "disputed")))
        )
        for v in verdicts
    ]


def _disputed_dates(claims: Sequence[Claim], outlets: dict[str, str]) -> set[str]:
    """Claims dating the same kind of event (the attack, a complaint…) incompatibly across
    outlets: the dates of each pair from different outlets never overlap."""
    dated: dict[str, list[Claim]] = {}
    for claim in claims:
        if claim.facets.dates and all(d.start for d in claim.facets.dates):
            for topic in sorted(DATED_TOPICS & set(claim.facets.topics) - {"data_theft"}):
                dated.setdefault(topic, []).append(claim)
    out: set[str] = set()
    for members in dated.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if outlets.get(a.id) == outlets.get(b.id):
                    continue
                if not any(dates_overlap(x, y) for x in a.facets.dates for y in b.facets.dates):
                    out |= {a.id, b.id}
    return out


def check_as_of(
    claims: Sequence[Claim], pool: Sequence[Official], claim_dates: dict[str, str | None]
) -> list[Verdict]:
    """Judge each claim against every communiqué of its incident, except that a later one
    never makes a claim "contradicted".

    A fact a later communiqué confirms is confirmed: a fact-checker reads the whole official
    record. But an outlet that wrote what was official, or unknown, at its date did not err:
    when only communiqués published after the claim contradict it, the claim keeps the
    verdict of its own date and gets the `superseded` flag, with the later verdict in the
    reason. Claims older than every communiqué are judged against all of them.
    """
    now = check_claims(claims, pool, Index(pool) if pool else None)
    indexes: dict[tuple[str, ...], tuple[list[Official], Index]] = {}
    out = []
    for claim, current in zip(claims, now, strict=True):
        if current.verdict != "contradicted":
            out.append(current)
            continue
        day = _moment(claim_dates.get(claim.id))
        earlier = [
            o
            for o in pool
            if day is not None and (m := _moment(o.published)) is not None and m <= day
        ]
        if not earlier or len(earlier) == len(pool):
            out.append(current)
            continue
        key = tuple(sorted({o.doc_url for o in earlier}))
        if key not in indexes:
            indexes[key] = (earlier, Index(earlier))
        subset, index = indexes[key]
        then = check_claim(claim, subset, vector_similarity, index=index)
        if then.verdict == current.verdict:
            out.append(current)
            continue
        later = VERDICT_LABELS_FR[current.verdict]
        reason = f"{then.reason} ; depuis, communiqué ultérieur : {later}"
        out.append(
            Verdict(
                claim.id,
                then.verdict,
                reason,
                then.evidence + current.evidence[:1],
                tuple(sorted({*then.flags, "superseded"})),
            )
        )
    return out


def _moment(value: str | None) -> datetime | None:
    """A comparable UTC moment from an ISO date or date-time (dates are taken as midnight UTC)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
