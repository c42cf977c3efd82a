"""The Entités page (organisations, places, people named in the documents), the Médias page
(outlets with their counts and verdict rates) and one page per outlet (its claims by verdict).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from core.verdicts import VERDICTS
from sitegen import paths
from sitegen.articles import LABEL_NAMES
from sitegen.cards import claim_line
from sitegen.markup import block, count_fr, esc, html_page, link, rel, shorten, when
from sitegen.page import page, paragraph, section
from sitegen.site import LABELS, UNCHECKED, OutletStats, Site, effective_verdict, is_name

EXAMPLES = 5  # documents listed per entity


@dataclass
class Entity:
    """An entity across documents: its most frequent spelling, documents and mentions."""

    label: str
    forms: Counter[str] = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)
    mentions: int = 0

    @property
    def name(self) -> str:
        """The most frequent spelling (ties: alphabetical)."""
        return min(self.forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def entities_page(site: Site) -> str:
    """The Entités page."""
    path = paths.ENTITIES
    groups: dict[str, dict[str, Entity]] = defaultdict(dict)
    for m in site.data.mentions:
        if not is_name(m.label, m.text, m.key, site.data.leading_words):
            continue  # headings, imperatives, fragments, single-word persons
        label = m.label if m.label in LABEL_NAMES else ""
        ident = m.key or " ".join(m.text.casefold().split())
        entity = groups[label].setdefault(f"{m.label}\n{ident}", Entity(m.label))
        entity.forms[m.text] += m.count
        entity.documents.add(m.document_id)
        entity.mentions += m.count
    if not groups:
        return page(
            "Entités",
            paragraph(
                "Aucune entité relevée pour l’instant : elles apparaissent une fois les documents"
                " analysés par l’étape de vérification."
            ),
        )
    parts = [
        paragraph(
            "Organisations, lieux et personnes cités dans les documents, du plus au moins cité."
        )
    ]
    for label in [*(label for label in LABEL_NAMES if label in groups), ""]:
        if label in groups:
            parts += [
                section(LABEL_NAMES.get(label, "Autres entités")),
                _entity_table(site, path, groups[label].values(), show_label=not label),
            ]
    return page("Entités", *parts, search=False, wide=True)


def _entity_table(site: Site, path: str, entities: Iterable[Entity], show_label: bool) -> str:
    rows = [
        '<div class="vs-entity-table"><table><thead><tr><th>Entité</th><th>Documents</th>'
        "<th>Incidents</th><th>Exemples</th></tr></thead><tbody>"
    ]
    for entity in sorted(entities, key=lambda e: (-len(e.documents), -e.mentions, e.name)):
        docs = sorted(
            (site.data.docs[d] for d in entity.documents), key=lambda d: d.order, reverse=True
        )[:EXAMPLES]
        examples = ", ".join(
            link(rel(path, html_page(paths.article(d.id))), shorten(d.title or d.outlet, 60))
            for d in docs
        )
        label = f" ({esc(entity.label)})" if show_label else ""
        slugs = sorted(
            {site.data.docs[d].incident for d in entity.documents} & set(site.data.incidents)
        )
        incidents = (
            ", ".join(
                link(
                    rel(path, html_page(paths.incident(slug))),
                    shorten(site.incident_title(site.data.incidents[slug]), 60),
                )
                for slug in slugs
            )
            or "—"
        )
        rows.append(
            f"<tr><td>{esc(entity.name)}{label}</td><td>{len(entity.documents)}</td>"
            f"<td>{incidents}</td><td>{examples}</td></tr>"
        )
    rows.append("</tbody></table></div>")
    return block(*rows)


def _percent(n: int, total: int) -> str:
    return f"{round(100 * n / total)}\u00a0%" if total else "—"


def _rates(outlet: OutletStats) -> tuple[int, str]:
    """Checked claims and the verdict rates (percentages) of an outlet, as escaped HTML."""
    v = outlet.verdicts
    checked = outlet.claims - v[UNCHECKED]
    return checked, " · ".join(
        f"{esc(LABELS[verdict])} {_percent(v[verdict], checked)}"
        for verdict in VERDICTS
        if v[verdict]
    )


def media_page(site: Site) -> str:
    """The Médias page: every source with its counts and verdict rates, linked to its page."""
    path = paths.MEDIA
    if not site.outlets:
        return page("Médias", paragraph("Aucune source pour l’instant."))
    rows = [
        '<div class="vs-media-table"><table><thead><tr><th>Source</th>'
        "<th>Documents</th><th>Vérifiées</th><th>Confirmées</th>"
        "<th>Contredites</th><th>Non étayées</th><th>À vérifier</th></tr>"
        "</thead><tbody>"
    ]
    backing = _backing(site)
    for outlet in site.outlets:
        name = link(rel(path, html_page(paths.outlet(paths.outlet_slug(outlet.name)))), outlet.name)
        v = outlet.verdicts
        checked = outlet.claims - v[UNCHECKED]
        if outlet.official and not outlet.claims:
            rows.append(
                f'<tr class="vs-official"><td data-label="Source">{name} <small>(source'
                f' officielle)</small></td><td data-label="Documents">{outlet.documents}</td>'
                f'<td colspan="5" data-label="Rôle">Appuie ou contredit '
                f"{esc(count_fr(backing[outlet.name], 'affirmation'))} de presse</td></tr>"
            )
            continue
        flagged = v["contradicted"] + v["unsupported"]
        rows.append(
            f'<tr><td data-label="Source">{name}</td>'
            f'<td data-label="Documents">{outlet.documents}</td>'
            f'<td data-label="Vérifiées">{checked}</td>'
            f'<td data-label="Confirmées">{_percent(v["supported"], checked)}</td>'
            f'<td data-label="Contredites">{_percent(v["contradicted"], checked)}</td>'
            f'<td data-label="Non étayées">{_percent(v["unsupported"], checked)}</td>'
            f'<td data-label="À vérifier">{flagged}</td></tr>'
        )
    rows.append("</tbody></table></div>")
    intro = paragraph(
        "Chaque source avec le nombre de documents relevés et le sort de ses affirmations, en"
        " part des affirmations vérifiées. « Non étayées » : affirmations qu’aucune source"
        " officielle n’appuie. Un taux élevé signale une couverture à lire avec prudence, pas"
        " une faute : voir la méthodologie. Le nom d’une source mène à sa page."
    )
    return page(
        "Médias",
        intro,
        block(*rows),
        wide=True,
        description="Les médias et sources officielles suivis par Vigie Santé, avec"
        " le sort de leurs affirmations.",
    )


def _backing(site: Site) -> Counter[str]:
    """Per official source, the press claims its sentences back or contradict."""
    out: Counter[str] = Counter()
    for claim in site.data.claims:
        if effective_verdict(claim) in ("supported", "contradicted"):
            for url in {ev.doc_url for ev in claim.evidence}:
                doc = site.data.docs_by_url.get(url)
                if doc is not None:
                    out[site.outlet_name(doc)] += 1
    return out


def outlet_pages(site: Site) -> Iterator[tuple[str, str]]:
    """(path, Markdown) of every outlet page."""
    docs_of: dict[str, list[str]] = defaultdict(list)
    for doc in sorted(site.data.docs.values(), key=lambda d: d.order, reverse=True):
        docs_of[site.outlet_name(doc)].append(doc.id)
    for outlet in site.outlets:
        path = paths.outlet(paths.outlet_slug(outlet.name))
        yield path, _outlet_page(site, path, outlet, docs_of[outlet.name])


def _outlet_page(site: Site, path: str, outlet: OutletStats, doc_ids: list[str]) -> str:
    checked, rates = _rates(outlet)
    kind = "Source officielle" if outlet.official else "Média"
    parts = [
        paragraph(
            f"{kind} · {esc(count_fr(outlet.documents, 'document'))} relevé"
            f"{'s' if outlet.documents > 1 else ''} · "
            f"{esc(count_fr(checked, 'affirmation vérifiée', 'affirmations vérifiées'))}"
            + (f" : {rates}" if rates else "")
            + "."
        )
    ]
    by_verdict: dict[str, list[str]] = defaultdict(list)
    for doc_id in doc_ids:
        for claim in site.data.claims_by_doc.get(doc_id, []):
            by_verdict[effective_verdict(claim)].append(
                claim_line(site, path, claim, reason=True, source=True, evidence=True)
            )
    for verdict in (
        v
        for v in ("contradicted", "unsupported", "supported", "no_official_source", UNCHECKED)
        if by_verdict[v]
    ):
        parts += [
            section(_VERDICT_SECTIONS[verdict]),
            block('<ul class="vs-claim-lines">', *by_verdict[verdict], "</ul>"),
        ]
    parts += [
        section("Documents"),
        block(
            '<ul class="vs-doc-list">',
            *(
                f"<li>{when(site.data.docs[d].date)} — "
                + link(
                    rel(path, html_page(paths.article(d))),
                    site.data.docs[d].title or "(sans titre)",
                )
                + "</li>"
                for d in doc_ids
            ),
            "</ul>",
        ),
    ]
    return page(
        outlet.name,
        *parts,
        search=False,
        description=f"{outlet.name} : affirmations relevées par Vigie Santé et leur"
        " vérification auprès des sources officielles.",
    )


_VERDICT_SECTIONS = {
    "contradicted": "Affirmations contredites",
    "unsupported": "Affirmations non étayées",
    "supported": "Affirmations confirmées",
    "no_official_source": "Sans source officielle",
    UNCHECKED: "Pas encore vérifiées",
}
