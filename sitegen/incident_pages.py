"""Incident pages: the fact sheet, the claims by kind, the coverage timeline.

The fact sheet (`sitegen.factsheet`) says what happened as the official sources state it. The
claims are listed once each (syndicated copies folded under the first outlet), each with the
official sentence behind its verdict. The timeline shows who published first and which
documents are syndicated copies (same story cluster).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from core.verdicts import VERDICTS
from sitegen import paths
from sitegen.cards import badge, claim_line
from sitegen.data import Doc, IncidentRow
from sitegen.markup import (
    block,
    count_fr,
    esc,
    html_page,
    link,
    link_out,
    rel,
    when,
)
from sitegen.page import page, paragraph, section
from sitegen.site import (
    KIND_LABELS,
    UNCHECKED,
    ClaimGroup,
    Site,
    class_fr,
    effective_verdict,
    to_verify,
)


def incident_pages(site: Site) -> Iterator[tuple[str, str]]:
    """(path, Markdown) of every incident page."""
    for incident in site.data.incidents.values():
        yield paths.incident(incident.slug), incident_page(site, incident)


def incident_page(site: Site, incident: IncidentRow) -> str:
    """The page of one incident: fact sheet, claims by kind (copies folded), timeline."""
    path = paths.incident(incident.slug)
    docs = site.data.docs_by_incident.get(incident.slug, [])
    groups = site.claim_groups.get(incident.slug, [])
    parts = [_record(site, path, incident, docs, groups)]
    if groups:
        parts += [
            section("Affirmations de la presse"),
            paragraph(
                "Chaque affirmation n’apparaît qu’une fois, sous la forme du premier média qui l’a"
                " publiée ; les reprises sont indiquées en dessous. Le verdict est suivi de la"
                " phrase officielle qui le fonde."
            ),
            *_by_kind(site, path, groups),
        ]
    else:
        parts.append(paragraph("Aucune affirmation relevée pour cet incident."))
    parts += [section("Chronologie de la couverture"), _timeline(site, path, docs)]
    feed = paths.incident_feed(incident.slug)
    parts.append(paragraph(f"Suivre cet incident : {link(rel(path, feed), 'flux RSS')}."))
    return page(
        site.incident_title(incident),
        *parts,
        search=False,
        description=_description(site, incident),
    )


def _description(site: Site, incident: IncidentRow) -> str:
    sheet = site.fact_sheets[incident.slug]
    parts = [sheet.victim or incident.victim]
    if sheet.count:
        parts.append(f"{sheet.count.text} selon les sources officielles")
    if sheet.confirmed:
        parts.append("données confirmées : " + ", ".join(class_fr(c) for c in sheet.confirmed))
    return " — ".join(p for p in parts if p) + "."


def _doc_link(site: Site, path: str, doc: Doc, text: str = "") -> str:
    return (
        f"{link(rel(path, html_page(paths.article(doc.id))), text or doc.title or doc.outlet)}"
        f" ({esc(site.outlet_name(doc))})"
    )


def _source(site: Site, path: str, doc: Doc) -> str:
    target = rel(path, html_page(paths.article(doc.id)))
    return f'<span class="vs-src">(selon {link(target, site.outlet_name(doc))})</span>'


def _classes(names: tuple[str, ...]) -> str:
    return ", ".join(esc(class_fr(c)) for c in names) if names else "aucune"


def _record(
    site: Site, path: str, incident: IncidentRow, docs: list[Doc], groups: list[ClaimGroup]
) -> str:
    sheet = site.fact_sheets[incident.slug]
    press = [d for d in docs if d.kind == "press"]
    official = [d for d in docs if d.kind == "official"]
    verdicts = Counter(effective_verdict(g.first) for g in groups)
    unknown = "non précisée par les sources officielles"
    sourced = {
        "Attaque": sheet.attack,
        "Détection": sheet.detection,
    }
    rows = [
        ("Victime", esc(sheet.victim or "non précisée")),
        ("Lieu", esc(sheet.place or "non précisé")),
    ]
    for label, value in sourced.items():
        rows.append(
            (
                label,
                f"{esc(value.text)} {_source(site, path, value.doc)}"
                if value and value.doc
                else esc(unknown),
            )
        )
    rows.append(
        (
            "Révélation publique",
            (
                f"{when(sheet.disclosure.date)} — {_doc_link(site, path, sheet.disclosure)}"
                if sheet.disclosure
                else "aucune communication officielle relevée"
                + (
                    f" ; premier article le {when(incident.first_report)}"
                    if incident.first_report
                    else ""
                )
            ),
        )
    )
    rows.append(
        (
            "Nombre officiel de personnes touchées",
            (
                f"<strong>{esc(sheet.count.text)}</strong> {_source(site, path, sheet.count.doc)}"
                if sheet.count and sheet.count.doc
                else "non communiqué par les sources officielles"
            ),
        )
    )
    rows.append(("Données confirmées par une source officielle", _classes(sheet.confirmed)))
    rows.append(("Données citées par la presse seulement", _classes(sheet.press_only)))
    if sheet.latest:
        status = (
            "investigations en cours selon la dernière communication officielle"
            if sheet.ongoing
            else "communication officielle publiée"
        )
        rows.append(("Statut", esc(status)))
        rows.append(
            (
                "Dernière mise à jour officielle",
                f"{when(sheet.latest.date)} — {_doc_link(site, path, sheet.latest)}",
            )
        )
    else:
        rows.append(("Statut", "aucune communication officielle relevée à ce jour"))
    outlets = len({d.outlet for d in press})
    rows.append(
        (
            "Couverture",
            esc(
                f"{count_fr(len(press), 'article')} de presse dans {count_fr(outlets, 'média')}, "
                f"{count_fr(len(official), 'document officiel', 'documents officiels')}"
            ),
        )
    )
    summary = " ".join(
        badge(v, short=True, count=verdicts[v]) for v in (*VERDICTS, UNCHECKED) if verdicts[v]
    )
    flagged = sum(to_verify(g.first) for g in groups)
    distinct = count_fr(len(groups), "affirmation distincte", "affirmations distinctes")
    rows.append(
        (
            "Verdicts",
            esc(distinct)
            + (f" : {summary}" if summary else "")
            + (
                f" — {link(rel(path, html_page(paths.VERIFY)), f'{flagged} à vérifier')}"
                if flagged
                else ""
            ),
        )
    )
    lines = ['<dl class="vs-record vs-sheet">'] + [f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows]
    lines.append("</dl>")
    if official:
        lines.append('<p><strong>Sources officielles :</strong></p><ul class="vs-sources">')
        lines += [
            f"<li>{link(rel(path, html_page(paths.article(d.id))), d.title or d.outlet)}"
            f" — {esc(site.outlet_name(d))}, {when(d.date)}"
            f" ({link_out(d.url, 'original')})</li>"
            for d in official
        ]
        lines.append("</ul>")
    return block(*lines)


def _kind(group: ClaimGroup) -> str:
    """The section of a claim: a "date" claim that holds no date goes with the others."""
    claim = group.first
    if claim.kind == "date" and not claim.dates and not claim.data_classes:
        return "other"
    return claim.kind if claim.kind in KIND_LABELS else "other"


def _by_kind(site: Site, path: str, groups: list[ClaimGroup]) -> list[str]:
    by_kind: dict[str, list[ClaimGroup]] = defaultdict(list)
    for group in groups:
        by_kind[_kind(group)].append(group)
    parts = []
    for kind in (k for k in KIND_LABELS if k in by_kind):
        items = [
            claim_line(site, path, g.first, anchor=True, reason=True, source=True, evidence=True)
            for g in by_kind[kind]
        ]
        parts += [
            section(KIND_LABELS[kind], 3),
            block('<ul class="vs-claim-lines">', *items, "</ul>"),
        ]
    return parts


def _timeline(site: Site, path: str, docs: list[Doc]) -> str:
    if not docs:
        return paragraph("Aucun document rattaché.")
    first = docs[0]
    lines = [
        f"<p>Premier à publier : <strong>{esc(site.outlet_name(first))}</strong>,"
        f" {when(first.date, True)}.</p>",
        '<div class="vs-timeline"><table><thead><tr><th>Date</th><th>Source</th>'
        "<th>Document</th><th>Note</th></tr></thead><tbody>",
    ]
    for doc in docs:
        origin = site.clusters.get(doc.cluster, [doc])[0]
        note = (
            "Communiqué officiel"
            if doc.kind == "official"
            else f"Reprise du texte de {esc(site.outlet_name(origin))}"
            if origin.id != doc.id
            else ""
        )
        title = doc.title or "(sans titre)"
        lines.append(
            f"<tr><td>{when(doc.date, True)}</td><td>{esc(site.outlet_name(doc))}"
            f"</td><td>{link(rel(path, html_page(paths.article(doc.id))), title)}</td>"
            f"<td>{note}</td></tr>"
        )
    lines.append("</tbody></table></div>")
    return block(*lines)


def incidents_index(site: Site) -> str:
    """The Incidents page: every incident, then documents not linked to any."""
    path = paths.INCIDENTS
    parts = []
    if site.sorted_incidents:
        lines = [
            '<div class="vs-incidents"><table><thead><tr><th>Incident</th><th>Victime</th>'
            "<th>Lieu</th><th>Couverture</th><th>Affirmations</th><th>À vérifier</th>"
            "</tr></thead><tbody>"
        ]
        for inc in site.sorted_incidents:
            claims = site.claims_by_incident.get(inc.slug, [])
            docs = site.data.docs_by_incident.get(inc.slug, [])
            period = (
                f"{when(inc.first_report)} – {when(inc.last_report)}" if inc.first_report else "—"
            )
            sheet = site.fact_sheets[inc.slug]
            target = rel(path, html_page(paths.incident(inc.slug)))
            lines.append(
                f"<tr><td>{link(target, site.incident_title(inc))}"
                f"</td><td>{esc(sheet.victim)}</td><td>{esc(sheet.place)}</td>"
                f"<td>{esc(count_fr(len(docs), 'document'))}<br>{period}</td>"
                f"<td>{len(claims)}</td><td>{sum(to_verify(c) for c in claims)}</td></tr>"
            )
        lines.append("</tbody></table></div>")
        parts.append(block(*lines))
    else:
        parts.append(paragraph("Aucun incident n’a encore été constitué à partir des documents."))
    loose = sorted(
        (d for d in site.data.docs.values() if d.incident not in site.data.incidents),
        key=lambda d: d.order,
        reverse=True,
    )
    if loose:
        parts.append(section("Documents non rattachés à un incident"))
        parts.append(
            block(
                '<ul class="vs-doc-list">',
                *(
                    f"<li>{when(d.date)} — {esc(site.outlet_name(d))} : "
                    + link(rel(path, html_page(paths.article(d.id))), d.title or "(sans titre)")
                    + "</li>"
                    for d in loose
                ),
                "</ul>",
            )
        )
    return page("Incidents", *parts)
