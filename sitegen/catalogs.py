"""The Entités page (organisations, places, people named in the documents) and the Médias page
(outlets with their counts and their share of unsupported claims)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sitegen import paths
from sitegen.articles import LABEL_NAMES
from sitegen.markup import block, esc, html_page, link, rel, shorten
from sitegen.page import page, paragraph, section
from sitegen.site import Site, outlet_key

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
        label = m.label if m.label in LABEL_NAMES else ""
        ident = m.key or " ".join(m.text.casefold().split())
        entity = groups[label].setdefault(f"{m.label}\n{ident}", Entity(m.label))
        entity.forms[m.text] += m.count
        entity.documents.add(m.document_id)
        entity.mentions += m.count
    if not groups:
        return page("Entités", paragraph(
            "Aucune entité relevée pour l’instant : elles apparaissent une fois les documents"
            " analysés par l’étape de vérification."))
    parts = [paragraph("Organisations, lieux et personnes cités dans les documents, du plus"
                       " au moins cité.")]
    for label in [*(label for label in LABEL_NAMES if label in groups), ""]:
        if label in groups:
            parts += [section(LABEL_NAMES.get(label, "Autres entités")),
                      _entity_table(site, path, groups[label].values(), show_label=not label)]
    return page("Entités", *parts, search=False)


def _entity_table(site: Site, path: str, entities: Iterable[Entity], show_label: bool) -> str:
    rows = ['<div class="vs-entity-table"><table><thead><tr><th>Entité</th><th>Documents</th>'
            "<th>Mentions</th><th>Exemples</th></tr></thead><tbody>"]
    for entity in sorted(entities, key=lambda e: (-len(e.documents), -e.mentions, e.name)):
        docs = sorted((site.data.docs[d] for d in entity.documents),
                      key=lambda d: d.order, reverse=True)[:EXAMPLES]
        examples = ", ".join(
            link(rel(path, html_page(paths.article(d.id))), shorten(d.title or d.outlet, 60))
            for d in docs)
        label = f" ({esc(entity.label)})" if show_label else ""
        rows.append(f"<tr><td>{esc(entity.name)}{label}</td><td>{len(entity.documents)}</td>"
                    f"<td>{entity.mentions}</td><td>{examples}</td></tr>")
    rows.append("</tbody></table></div>")
    return block(*rows)


def media_page(site: Site) -> str:
    """The Médias page."""
    path = paths.MEDIA
    verify = html_page(paths.VERIFY)
    rows = ['<div class="vs-media-table"><table><thead><tr><th>Source</th><th>Type</th>'
            "<th>Documents</th><th>Affirmations vérifiées</th><th>Confirmées</th>"
            "<th>Contredites</th><th>Non étayées</th><th>Part non étayée</th><th></th></tr>"
            "</thead><tbody>"]
    for outlet in site.outlets:
        v = outlet.verdicts
        checked = outlet.claims - v["unchecked"]
        share = f"{100 * v['unsupported'] / checked:.0f} %" if checked else "—"
        flagged = v["contradicted"] + v["unsupported"]
        target = f"{rel(path, verify)}?media={outlet_key(outlet.name)}"
        rows.append(
            f"<tr><td>{esc(outlet.name)}</td>"
            f"<td>{'officielle' if outlet.official else 'presse'}</td>"
            f"<td>{outlet.documents}</td><td>{checked}</td><td>{v['supported']}</td>"
            f"<td>{v['contradicted']}</td><td>{v['unsupported']}</td><td>{share}</td>"
            f"<td>{link(target, 'à vérifier') if flagged else ''}</td></tr>")
    rows.append("</tbody></table></div>")
    if not site.outlets:
        return page("Médias", paragraph("Aucune source pour l’instant."))
    intro = paragraph(
        "Chaque source avec le nombre de documents relevés et le sort de ses affirmations. "
        "« Part non étayée » : affirmations qu’aucune source officielle n’appuie, parmi les "
        "affirmations vérifiées. Un taux élevé signale une couverture à lire avec prudence, "
        "pas une faute : voir la méthodologie.")
    return page("Médias", intro, block(*rows))
