"""The "À vérifier" page: every claim to verify, grouped by incident, newest first, with local
filters.

The filters (incident, outlet, verdict) are a small script (`assets/vigie/vigie.js`) reading
the cards' data attributes; without JavaScript every claim stays visible. Option values are
keys computed by `Site`, never stored text.
"""

from __future__ import annotations

from collections import defaultdict

from sitegen import paths
from sitegen.cards import claim_line
from sitegen.data import ClaimRow
from sitegen.markup import block, count_fr, esc, html_page, link, rel
from sitegen.page import page, paragraph
from sitegen.site import (
    FLAG_LABELS,
    LABELS,
    TO_VERIFY_FLAGS,
    TO_VERIFY_VERDICTS,
    Site,
)


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{esc(value)}">{esc(text)}</option>' for value, text in options)
    return (
        f'<label>{label} <select name="{name}"><option value="">Tous</option>{items}'
        "</select></label>"
    )


def verify_page(site: Site) -> str:
    """The page listing claims to verify."""
    path = paths.VERIFY
    claims = site.flagged_once
    intro = paragraph(
        "Affirmations de presse contredites par une source officielle, non étayées par les "
        "sources officielles, aux valeurs divergentes d’un média à l’autre, ou ayant omis une "
        "précaution de langage des communiqués, par incident ; les plus récentes d’abord. "
        "Suivre les "
        "nouvelles : "
        f"{link(rel(path, paths.FEED_RSS), 'flux RSS')} ou "
        f"{link(rel(path, paths.FEED_JSON), 'flux JSON')}."
    )
    if not claims:
        return page(
            "À vérifier",
            intro,
            paragraph("Aucune affirmation à vérifier pour l’instant."),
            search=False,
        )
    docs = [site.doc(c) for c in claims]
    incidents = sorted(
        {d.incident for d in docs},
        key=lambda s: (
            site.incident_title(site.data.incidents[s]) if s in site.data.incidents else "~",
            s,
        ),
    )
    titles = {
        s: site.incident_title(site.data.incidents[s])
        if s in site.data.incidents
        else "Sans incident"
        for s in incidents
    }
    incident_options = [(site.incident_key(s), titles[s]) for s in incidents]
    docs += [
        site.doc(copy)
        for claim in claims
        for copy in getattr(site.copies_of.get(claim.id), "copies", ())
    ]
    outlets = sorted(
        {(site.outlet_name(d), site.outlet_key(d)) for d in docs},
        key=lambda o: (o[0].casefold(), o[1]),
    )
    verdict_options = [(v, LABELS[v]) for v in TO_VERIFY_VERDICTS]
    verdict_options += [(f"flag:{f}", FLAG_LABELS[f]) for f in TO_VERIFY_FLAGS]
    form = block(
        '<form class="vs-filters" data-vs-filters hidden>',
        _select("incident", "Incident", incident_options),
        _select("media", "Média", [(k, name) for name, k in outlets]),
        _select("verdict", "Verdict", verdict_options),
        "</form>",
        f'<p class="vs-filter-count" data-vs-count aria-live="polite">'
        f"{esc(count_fr(len(claims), 'affirmation'))}</p>",
    )
    by_incident: dict[str, list[ClaimRow]] = defaultdict(list)
    for claim in claims:
        by_incident[site.doc(claim).incident].append(claim)
    groups = []
    for slug in incidents:
        title = (
            link(rel(path, html_page(paths.incident(slug))), titles[slug])
            if slug in site.data.incidents
            else esc(titles[slug])
        )
        groups.append(
            block(
                '<section class="vs-group" data-vs-group>',
                f"<h2>{title} <small>({esc(count_fr(len(by_incident[slug]), 'affirmation'))})"
                "</small></h2>",
                '<ul class="vs-claim-lines" data-vs-list>',
                *(
                    claim_line(
                        site,
                        path,
                        c,
                        anchor=True,
                        reason=True,
                        source=True,
                        filters=True,
                        evidence=True,
                    )
                    for c in by_incident[slug]
                ),
                "</ul></section>",
            )
        )
    links = paragraph(
        "Par média : voir aussi la page " + link(rel(path, html_page(paths.MEDIA)), "Médias") + "."
    )
    return page(
        "À vérifier",
        intro,
        form,
        *groups,
        links,
        search=False,
        description="Affirmations de presse sur les fuites de données de santé"
        " contredites, non étayées ou signalées, par incident.",
    )
