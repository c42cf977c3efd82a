"""The home page: counts, coverage chart, latest incidents, latest claims to verify."""

from __future__ import annotations

from sitegen import paths
from sitegen.cards import claim_line
from sitegen.chart import coverage_svg
from sitegen.markup import block, count_fr, esc, fr_date, html_page, link, rel, when
from sitegen.page import page, paragraph, section
from sitegen.site import Site

LATEST = 10


def home_page(site: Site) -> str:
    """The Accueil page."""
    path = paths.HOME
    data = site.data
    press = sum(d.kind == "press" for d in data.docs.values())
    official = len(data.docs) - press
    updated = (
        f"Données à jour au {esc(fr_date(data.build_date))}."
        if data.build_date
        else "Aucune donnée collectée pour l’instant."
    )
    intro = paragraph(
        "Vigie Santé suit la couverture médiatique française des fuites de données et "
        "cyberattaques visant le secteur de la santé, et compare chaque affirmation de presse "
        "aux communiqués officiels (ARS, établissements, CNIL, ANSSI…). " + updated
    )
    counts = block(
        '<ul class="vs-counts">',
        f"<li><strong>{esc(count_fr(press, 'article'))}</strong> de presse</li>",
        f"<li><strong>{esc(count_fr(official, 'document officiel', 'documents officiels'))}"
        "</strong></li>",
        f"<li><strong>{esc(count_fr(len({d.outlet for d in data.docs.values()}), 'source'))}"
        "</strong></li>",
        f"<li><strong>{esc(count_fr(len(data.incidents), 'incident'))}</strong></li>",
        f"<li><strong>{esc(count_fr(len(data.claims), 'affirmation'))}</strong> relevées</li>",
        f"<li><strong>{len(site.flagged_once)}</strong> "
        f"{link(rel(path, html_page(paths.VERIFY)), 'à vérifier')}</li>",
        "</ul>",
    )
    chart = coverage_svg([(d.date, d.kind) for d in data.docs.values()])
    parts = [intro, counts]
    if chart:
        parts += [section("Couverture dans le temps"), block(chart)]
    parts += [section("Derniers incidents"), _incidents(site, path)]
    parts += [section("Dernières affirmations à vérifier"), _claims(site, path)]
    parts += [section("Derniers documents"), _documents(site, path)]
    return page(
        "Vigie Santé",
        *parts,
        short_title="Accueil",
        description="Couverture de presse des fuites de données de santé, recoupée"
        " avec les sources officielles.",
    )


def _incidents(site: Site, path: str) -> str:
    latest = site.sorted_incidents[:LATEST]
    if not latest:
        return paragraph("Aucun incident pour l’instant.")
    return block(
        '<ul class="vs-incident-list">',
        *(
            f"<li>{link(rel(path, html_page(paths.incident(i.slug))), site.incident_title(i))}"
            + (f", dernier article le {when(i.last_report)}" if i.last_report else "")
            + "</li>"
            for i in latest
        ),
        "</ul>",
        f"<p>{link(rel(path, html_page(paths.INCIDENTS)), 'Tous les incidents')}</p>",
    )


def _claims(site: Site, path: str) -> str:
    latest = site.flagged_once[:LATEST]
    if not latest:
        return paragraph("Aucune affirmation à vérifier pour l’instant.")
    more = link(rel(path, html_page(paths.VERIFY)), "Toutes les affirmations à vérifier")
    return block(
        '<ul class="vs-claim-lines">',
        *(claim_line(site, path, c) for c in latest),
        "</ul>",
        f"<p>{more}</p>",
    )


def _documents(site: Site, path: str) -> str:
    latest = sorted(site.data.docs.values(), key=lambda d: d.order, reverse=True)[:LATEST]
    if not latest:
        return paragraph("Aucun document pour l’instant : lancez <code>vigie collect</code>.")
    return block(
        '<ul class="vs-doc-list">',
        *(
            f"<li>{when(d.date)} — {esc(site.outlet_name(d))} : "
            f"{link(rel(path, html_page(paths.article(d.id))), d.title or '(sans titre)')}</li>"
            for d in latest
        ),
        "</ul>",
    )
