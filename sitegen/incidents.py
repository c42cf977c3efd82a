"""Incident pages: the record, a fact sheet per kind of fact, the coverage timeline, the claims.

The fact sheet sets what the official sources say (the evidence sentences of the verdicts)
beside what the press writes, outlet by outlet. The timeline shows who published first and
which documents are syndicated copies (same story cluster).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from claims.records import VERDICTS
from sitegen import paths
from sitegen.cards import DECIDED, badge, claim_line, evidence_anchor
from sitegen.data import ClaimRow, Doc, Incident
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
from sitegen.site import KIND_LABELS, UNCHECKED, Site, effective_verdict, to_verify

DATA_CLASSES_FR = {
    "Personal health data": "Données de santé", "Health insurance information":
    "Informations d’assurance maladie", "HIV statuses": "Statut VIH",
    "Appointments": "Rendez-vous", "Disabilities": "Handicaps",
    "Biometric data": "Données biométriques", "Names": "Noms",
    "Dates of birth": "Dates de naissance", "Ages": "Âges", "Genders": "Sexe",
    "Places of birth": "Lieux de naissance", "Email addresses": "Adresses e-mail",
    "Phone numbers": "Numéros de téléphone", "Physical addresses": "Adresses postales",
    "Social security numbers": "Numéros de sécurité sociale",
    "Government issued IDs": "Pièces d’identité", "Passport numbers": "Numéros de passeport",
    "Bank account numbers": "Coordonnées bancaires", "Occupations": "Professions",
    "Employers": "Employeurs", "Photos": "Photos", "Passwords": "Mots de passe",
    "Credit cards": "Cartes bancaires", "IP addresses": "Adresses IP",
}


def incident_pages(site: Site) -> Iterator[tuple[str, str]]:
    """(path, Markdown) of every incident page."""
    for incident in site.data.incidents.values():
        yield paths.incident(incident.slug), incident_page(site, incident)


def incident_page(site: Site, incident: Incident) -> str:
    """The page of one incident."""
    path = paths.incident(incident.slug)
    docs = site.data.docs_by_incident.get(incident.slug, [])
    claims = site.claims_by_incident.get(incident.slug, [])
    parts = [_record(site, path, incident, docs, claims)]
    if claims:
        parts += [section("Fiche par fait"), *_fact_sheets(site, path, claims)]
    else:
        parts.append(paragraph("Aucune affirmation relevée pour cet incident."))
    parts += [section("Chronologie de la couverture"), _timeline(site, path, docs)]
    return page(incident.title or incident.slug, *parts, search=False)


def _record(site: Site, path: str, incident: Incident, docs: list[Doc],
            claims: list[ClaimRow]) -> str:
    press = [d for d in docs if d.kind == "press"]
    official = [d for d in docs if d.kind == "official"]
    verdicts = Counter(effective_verdict(c) for c in claims)
    classes = sorted({c for claim in claims for c in claim.data_classes})
    officials = count_fr(len(official), "document officiel", "documents officiels")
    rows = [
        ("Victime", esc(incident.victim or "non précisée")),
        ("Région", esc(incident.region or "non précisée")),
        ("Début de l’incident", when(incident.started) if incident.started else "inconnu"),
        ("Premier article", when(incident.first_report) if incident.first_report else "—"),
        ("Dernier article", when(incident.last_report) if incident.last_report else "—"),
        ("Couverture", esc(f"{count_fr(len(press), 'article')} de presse dans "
                           f"{count_fr(len({d.outlet for d in press}), 'média')}, "
                           f"{officials}")),
        ("Affirmations", esc(count_fr(len(claims), "affirmation")) + (" : " if claims else "")
         + " ".join(badge(v, short=True, count=verdicts[v]) for v in (*VERDICTS, UNCHECKED)
                    if verdicts[v])),
        ("À vérifier", esc(str(sum(to_verify(c) for c in claims)))),
    ]
    if classes:
        rows.append(("Données citées", esc(", ".join(DATA_CLASSES_FR.get(c, c)
                                                      for c in classes))))
    lines = ['<dl class="vs-record">'] + [f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows]
    if incident.facts:
        lines.append(f"<dt>Relevé du recoupement</dt><dd>{_facts(incident.facts)}</dd>")
    lines.append("</dl>")
    if official:
        lines.append("<p><strong>Sources officielles :</strong></p><ul class=\"vs-sources\">")
        lines += [f"<li>{link(rel(path, html_page(paths.article(d.id))), d.title or d.outlet)}"
                  f" — {esc(site.outlet_name(d))}, {when(d.date)}"
                  f" ({link_out(d.url, 'original')})</li>" for d in official]
        lines.append("</ul>")
    return block(*lines)


def _facts(value: Any, depth: int = 0) -> str:
    """The stored facts object, whatever its shape, as escaped nested lists."""
    if isinstance(value, dict) and depth < 4:
        items = "".join(f"<li><strong>{esc(str(k))}</strong> : {_facts(v, depth + 1)}</li>"
                        for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
        return f'<ul class="vs-facts">{items}</ul>' if items else "—"
    if isinstance(value, list) and depth < 4:
        return ", ".join(_facts(v, depth + 1) for v in value) or "—"
    if isinstance(value, str):
        return esc(DATA_CLASSES_FR.get(value, value))
    return esc(str(value))


def _fact_sheets(site: Site, path: str, claims: list[ClaimRow]) -> list[str]:
    by_kind: dict[str, list[ClaimRow]] = defaultdict(list)
    for claim in claims:
        by_kind[claim.kind if claim.kind in KIND_LABELS else "other"].append(claim)
    parts = []
    for kind in (k for k in KIND_LABELS if k in by_kind):
        group = by_kind[kind]
        parts += [section(KIND_LABELS[kind], 3), block(
            '<div class="vs-fact">',
            '<div class="vs-fact-official"><p class="vs-fact-side">Sources officielles</p>',
            _official_side(site, path, group),
            '</div><div class="vs-fact-press"><p class="vs-fact-side">Presse</p>',
            _press_side(site, path, group),
            "</div></div>")]
    return parts


def _official_side(site: Site, path: str, claims: list[ClaimRow]) -> str:
    seen: dict[tuple[str, str], str] = {}
    for claim in claims:
        if effective_verdict(claim) not in DECIDED:
            continue  # an unsupported claim's nearest sentences say something else
        for ev in claim.evidence:
            if (ev.doc_url, ev.text) in seen:
                continue
            official = site.data.docs_by_url.get(ev.doc_url)
            if official is not None:
                target = f"{html_page(paths.article(official.id))}#{evidence_anchor(ev.text)}"
                source = link(rel(path, target), site.outlet_name(official))
            else:
                source = link_out(ev.doc_url, "source officielle")
            seen[(ev.doc_url, ev.text)] = f"<li><q>{esc(ev.text)}</q> — {source}</li>"
    if not seen:
        return "<p>Aucune source officielle ne s’exprime sur ce point dans nos relevés.</p>"
    return "<ul>" + "".join(seen[k] for k in sorted(seen)) + "</ul>"


def _press_side(site: Site, path: str, claims: list[ClaimRow]) -> str:
    by_outlet: dict[str, list[ClaimRow]] = defaultdict(list)
    for claim in claims:  # claims come in timeline order: first publisher first
        by_outlet[site.outlet_name(site.doc(claim))].append(claim)
    return "".join(
        f'<p class="vs-outlet">{esc(name)}</p><ul>'
        + "".join(claim_line(site, path, c, anchor=True, reason=True) for c in group)
        + "</ul>"
        for name, group in by_outlet.items())


def _timeline(site: Site, path: str, docs: list[Doc]) -> str:
    if not docs:
        return paragraph("Aucun document rattaché.")
    first = docs[0]
    lines = [f"<p>Premier à publier : <strong>{esc(site.outlet_name(first))}</strong>,"
             f" {when(first.date, True)}.</p>",
             '<div class="vs-timeline"><table><thead><tr><th>Date</th><th>Source</th>'
             "<th>Document</th><th>Note</th></tr></thead><tbody>"]
    for doc in docs:
        origin = site.clusters.get(doc.cluster, [doc])[0]
        note = ("Communiqué officiel" if doc.kind == "official" else
                f"Reprise du texte de {esc(site.outlet_name(origin))}" if origin.id != doc.id
                else "")
        title = doc.title or "(sans titre)"
        lines.append(f"<tr><td>{when(doc.date, True)}</td><td>{esc(site.outlet_name(doc))}"
                     f"</td><td>{link(rel(path, html_page(paths.article(doc.id))), title)}</td>"
                     f"<td>{note}</td></tr>")
    lines.append("</tbody></table></div>")
    return block(*lines)


def incidents_index(site: Site) -> str:
    """The Incidents page: every incident, then documents not linked to any."""
    path = paths.INCIDENTS
    parts = []
    if site.sorted_incidents:
        lines = ['<div class="vs-incidents"><table><thead><tr><th>Incident</th><th>Victime</th>'
                 "<th>Région</th><th>Couverture</th><th>Affirmations</th><th>À vérifier</th>"
                 "</tr></thead><tbody>"]
        for inc in site.sorted_incidents:
            claims = site.claims_by_incident.get(inc.slug, [])
            docs = site.data.docs_by_incident.get(inc.slug, [])
            period = (f"{when(inc.first_report)} – {when(inc.last_report)}"
                      if inc.first_report else "—")
            lines.append(
                f"<tr><td>{link(rel(path, html_page(paths.incident(inc.slug))), inc.title)}"
                f"</td><td>{esc(inc.victim)}</td><td>{esc(inc.region)}</td>"
                f"<td>{esc(count_fr(len(docs), 'document'))}<br>{period}</td>"
                f"<td>{len(claims)}</td><td>{sum(to_verify(c) for c in claims)}</td></tr>")
        lines.append("</tbody></table></div>")
        parts.append(block(*lines))
    else:
        parts.append(paragraph("Aucun incident n’a encore été constitué à partir des documents."))
    loose = sorted((d for d in site.data.docs.values() if d.incident not in site.data.incidents),
                   key=lambda d: d.order, reverse=True)
    if loose:
        parts.append(section("Documents non rattachés à un incident"))
        parts.append(block('<ul class="vs-doc-list">', *(
            f"<li>{when(d.date)} — {esc(site.outlet_name(d))} : "
            f"{link(rel(path, html_page(paths.article(d.id))), d.title or '(sans titre)')}</li>"
            for d in loose), "</ul>"))
    return page("Incidents", *parts)
