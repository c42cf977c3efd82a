"""One page per document: outlet, date, original link, copies, claims, revisions, entities.

Press texts are not republished (they belong to their publishers): a press page shows the
claims quoted from it and what changed between revisions. Official communiqués are shown in
full, with the sentences cited as evidence marked and anchored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sitegen import paths
from sitegen.cards import claim_card, claim_review, evidence_anchor
from sitegen.data import Doc
from sitegen.diff import text_diff, title_diff
from sitegen.markup import block, esc, html_page, link, link_out, rel, web_url, when
from sitegen.page import heading, page, paragraph
from sitegen.site import Site

LABEL_NAMES = {  # mention labels of the check stage, in the order the Entités page uses
    "HEALTH_ORG": "Établissements et organismes de santé",
    "AUTHORITY": "Autorités",
    "ORG": "Organisations",
    "PER": "Personnes",
    "LOC": "Lieux",
    "MEDIA": "Médias",
    "MISC": "Divers",
}


def article_pages(site: Site) -> Iterator[tuple[str, str]]:
    """(path, Markdown) of every document page."""
    for doc in site.data.docs.values():
        yield paths.article(doc.id), article_page(site, doc)


def article_page(site: Site, doc: Doc) -> str:
    """The page of one document."""
    path = paths.article(doc.id)
    claims = site.data.claims_by_doc.get(doc.id, [])
    parts = [_header(site, path, doc)]
    if doc.kind == "press":
        parts.append(heading("Affirmations", "affirmations"))
        if claims:
            parts.append(block(*(claim_card(site, path, c) for c in claims)))
        else:
            parts.append(paragraph("Aucune affirmation relevée dans cet article pour l’instant."))
    else:
        parts += [heading("Texte du communiqué", "texte"), _official_text(site, doc)]
    parts += _revisions(doc)
    parts += _entities(site, doc)
    reviews = [r for r in (claim_review(site, c) for c in claims) if r is not None]
    title = doc.title or (doc.revisions[-1].title if doc.revisions else "") or doc.outlet
    # Indexed through sitegen.searchindex: Material's indexer would parse the whole page.
    return page(title or "Document sans titre", *parts, jsonld=reviews or None, search=False)


def _header(site: Site, path: str, doc: Doc) -> str:
    kind = "Communiqué officiel" if doc.kind == "official" else "Article de presse"
    lines = [
        f'<p class="vs-doc-meta">{kind} · {esc(site.outlet_name(doc))} · publié le'
        f" {when(doc.date, True)} · {link_out(doc.url, 'Lire l’original')}</p>",
    ]
    if web_url(doc.url) is None:
        lines.append(f'<p class="vs-note">Adresse d’origine (non cliquable) : {esc(doc.url)}</p>')
    incident = site.incident_of(doc)
    if incident is not None:
        target = rel(path, html_page(paths.incident(incident.slug)))
        lines.append(f"<p>Incident : {link(target, site.incident_title(incident))}</p>")
    copies = [d for d in site.clusters.get(doc.cluster, []) if d.id != doc.id]
    if copies:
        items = ", ".join(
            f"{link(rel(path, html_page(paths.article(d.id))), site.outlet_name(d))}"
            f" ({when(d.date)})"
            for d in copies
        )
        lines.append(f'<p class="vs-copies">Même texte (reprise) chez : {items}.</p>')
    if doc.revision_count > 1:
        lines.append(f"<p>{doc.revision_count} versions de ce texte ont été relevées.</p>")
    return block(*lines)


def _official_text(site: Site, doc: Doc) -> str:
    text = doc.revisions[-1].text if doc.revisions else ""
    if not text:
        return paragraph("Texte non disponible.")
    quoted = sorted(site.evidence_by_url.get(doc.url, ()), key=len, reverse=True)
    done: set[str] = set()
    lines = ['<div class="vs-official-text">']
    for para in text.split("\n\n"):
        para = " ".join(para.split())
        if para:
            lines.append(f"<p>{_mark(para, quoted, done)}</p>")
    lines.append("</div>")
    return block(*lines)


def _mark(para: str, quoted: list[str], done: set[str]) -> str:
    """The paragraph escaped, with each evidence sentence's first occurrence marked."""
    spans: list[tuple[int, int, str]] = []
    for sentence in quoted:
        needle = " ".join(sentence.split())
        start = para.find(needle) if needle and needle not in done else -1
        if start < 0 or any(s < start + len(needle) and start < e for s, e, _ in spans):
            continue
        spans.append((start, start + len(needle), needle))
        done.add(needle)
    out, pos = [], 0
    for start, end, needle in sorted(spans):
        out += [
            esc(para[pos:start]),
            f'<mark id="{evidence_anchor(needle)}">{esc(para[start:end])}</mark>',
        ]
        pos = end
    out.append(esc(para[pos:]))
    return " ".join(x for x in out if x)


def _revisions(doc: Doc) -> list[str]:
    revs = doc.revisions
    if len(revs) < 2:
        return []
    parts = [heading("Révisions", "revisions")]
    for old, new in zip(revs, revs[1:], strict=False):
        lines = [
            f'<section class="vs-revision"><p class="vs-revision-head">Version {new.revno}'
            f" (relevée le {when(new.fetched_at, True)}) par rapport à la version"
            f" {old.revno} (relevée le {when(old.fetched_at, True)}) :</p>",
            title_diff(old.title, new.title),
        ]
        changes = text_diff(old.text, new.text)
        lines += changes or ["<p>Texte inchangé.</p>"]
        lines.append("</section>")
        parts.append(block(*lines))
    return parts


def _entities(site: Site, doc: Doc) -> list[str]:
    mentions = site.mentions_by_doc.get(doc.id, [])
    if not mentions:
        return []
    groups: dict[str, list[str]] = defaultdict(list)
    for m in sorted(mentions, key=lambda m: (-m.count, m.text)):
        groups[m.label].append(esc(m.text) + (f" ({m.count})" if m.count > 1 else ""))
    known = [label for label in LABEL_NAMES if label in groups]
    lines = [
        f'<p class="vs-entities">{esc(LABEL_NAMES.get(label, label))} :'
        f" {', '.join(groups[label])}</p>"
        for label in known + sorted(set(groups) - set(known))
    ]
    return [heading("Entités citées", "entites"), block(*lines)]
