"""The Sources page: every source the store knows, with the health of its feeds (issue 14).

The rows are `core.source_health` rows read by `sitegen.data` (read-only queries, no processing
code): name, kind, region, feeds, documents kept, last successful poll (the day: the page
changes at most once a day when nothing else does), last error, documents set aside by reason.
Feeds in failure come first. Every stored value is escaped; only http(s) homepages are links.
"""

from __future__ import annotations

from core.source_health import FeedHealth, SourceHealth
from sitegen.data import clean
from sitegen.markup import block, count_fr, fr_date, link_out
from sitegen.markup import esc as _esc
from sitegen.page import page, paragraph, section
from sitegen.site import Site

PATH = "sources.md"
NNBSP = "\u202f"  # before « : ; ! ? » and inside guillemets
KINDS = {"press": "Presse", "official": "Officiel"}
REASONS = {
    "blocked": "bloqués (mur anti-robots ou page de consentement)",
    "duplicate_url": "doublons",
    "empty": "vides",
    "not_french": "pas en français",
    "off_topic": "hors sujet",
    "robots": "interdits par robots.txt",
    "unreadable": "illisibles",
    "unresolved_aggregator": "liens Google News non résolus",
}


def sources_page(site: Site) -> str:
    """The Sources page."""
    rows = site.data.sources
    if not rows:
        return page(
            "Sources",
            paragraph(
                f"Aucune source enregistrée pour l’instant{NNBSP}: la liste apparaît après une"
                " première collecte."
            ),
            search=False,
        )
    feeds = [(row, feed) for row in rows for feed in row.feeds]
    failing = sorted(
        ((r, f) for r, f in feeds if f.failing),
        key=lambda rf: (rf[1].last_success or "", rf[0].name, rf[1].url),
    )
    parts = [
        paragraph(
            "Les médias et organismes officiels suivis, avec l’état de leurs flux lors des"
            " collectes\u00a0: documents retenus, dernier relevé réussi, dernière erreur et"
            f" documents écartés par motif. {esc(count_fr(len(rows), 'source'))},"
            f" {esc(count_fr(len(feeds), 'flux', 'flux'))} dont"
            f" {len(failing)} en échec."
        ),
    ]
    if failing:
        parts += [section("Flux en échec"), _failing_table(failing)]
    parts += [section("Toutes les sources"), _table(rows)]
    return page("Sources", *parts, search=False)


def _failing_table(failing: list[tuple[SourceHealth, FeedHealth]]) -> str:
    lines = [
        '<div class="vs-sources"><table><thead><tr><th>Source</th><th>Flux</th>'
        "<th>Erreur</th><th>Dernier succès</th></tr></thead><tbody>"
    ]
    for row, feed in failing:
        lines.append(
            f"<tr><td>{esc(row.name)}</td><td>{link_out(feed.url, clean(feed.url))}</td>"
            f"<td>{esc(feed.last_error)}</td><td>{_day(feed.last_success)}</td></tr>"
        )
    lines.append("</tbody></table></div>")
    return block(*lines)


def _table(rows: list[SourceHealth]) -> str:
    lines = [
        '<div class="vs-sources"><table><thead><tr><th>Source</th><th>Type</th>'
        "<th>Région</th><th>Flux</th><th>Documents</th><th>Dernier succès</th>"
        "<th>Dernière erreur</th><th>Écartés</th></tr></thead><tbody>"
    ]
    for row in rows:
        failing = sum(1 for f in row.feeds if f.failing)
        feeds = str(len(row.feeds)) + (f" (dont {failing} en échec)" if failing else "")
        name = link_out(row.homepage, clean(row.name)) if row.homepage else esc(row.name)
        lines.append(
            f"<tr><td>{name}</td><td>{esc(KINDS.get(row.kind, row.kind))}</td>"
            f"<td>{esc(row.region) or 'national'}</td><td>{esc(feeds)}</td>"
            f"<td>{row.documents}</td><td>{_day(row.last_success)}</td>"
            f"<td>{esc(row.last_error)}</td><td>{_drops(row.drops)}</td></tr>"
        )
    lines.append("</tbody></table></div>")
    return block(*lines)


def esc(value: object) -> str:
    """Stored text, cleaned of control characters, then HTML-escaped."""
    return _esc(clean(value))


def _day(value: str | None) -> str:
    return esc(fr_date(value[:10])) if value else "jamais"


def _drops(drops: dict[str, int]) -> str:
    return esc(
        ", ".join(
            f"{count} {REASONS.get(reason, reason)}" for reason, count in sorted(drops.items())
        )
    )
