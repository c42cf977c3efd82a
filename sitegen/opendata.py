"""Open data: claims and documents as JSON Lines and CSV, and the page describing them.

Files are sorted and written with sorted keys so that two builds give the same bytes. CSV
cells that a spreadsheet would read as a formula (=, +, -, @) are prefixed with a quote.
Press texts are not included: they belong to their publishers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from sitegen import paths
from sitegen.data import ClaimRow, Doc
from sitegen.markup import block, count_fr, esc, link, rel
from sitegen.page import page, paragraph, section
from sitegen.site import LABELS, Site, effective_verdict

CLAIM_FIELDS = (
    "id",
    "page",
    "document_url",
    "outlet",
    "incident",
    "published",
    "kind",
    "text",
    "sentence",
    "status",
    "verdict",
    "verdict_label",
    "automatic_verdict",
    "reason",
    "flags",
    "evidence",
    "checked_at",
    "review_verdict",
    "review_note",
    "reviewer",
    "review_date",
)
DOCUMENT_FIELDS = (
    "id",
    "page",
    "url",
    "kind",
    "outlet",
    "title",
    "published",
    "first_seen",
    "incident",
    "cluster",
    "revisions",
    "claims",
)
FIELD_HELP = {
    "verdict": "verdict retenu (révision humaine si elle existe, sinon verdict automatique) :"
    " supported, contradicted, unsupported, no_official_source, unchecked",
    "automatic_verdict": "verdict du recoupement automatique",
    "flags": "signaux : hedge_dropped, disputed, superseded, changed_after_publication",
    "evidence": "phrases officielles retenues : doc_url, text, score",
    "cluster": "identifiant de la grappe de textes quasi identiques (reprises de dépêche)",
}


def claim_record(site: Site, claim: ClaimRow) -> dict[str, Any]:
    """One claim as published in the open data."""
    doc = site.doc(claim)
    review = claim.review
    return {
        "id": claim.id,
        "page": site.config.site_url + site.claim_page(claim),
        "document_url": doc.url,
        "outlet": doc.outlet,
        "incident": doc.incident,
        "published": doc.published,
        "kind": claim.kind,
        "text": claim.text,
        "sentence": claim.sentence,
        "status": claim.status,
        "verdict": effective_verdict(claim),
        "verdict_label": LABELS[effective_verdict(claim)],
        "automatic_verdict": claim.verdict,
        "reason": claim.reason,
        "flags": list(claim.flags),
        "evidence": [
            {"doc_url": e.doc_url, "text": e.text, "score": e.score} for e in claim.evidence
        ],
        "checked_at": claim.checked_at,
        "review_verdict": review.verdict if review else "",
        "review_note": review.note if review else "",
        "reviewer": review.reviewer if review else "",
        "review_date": review.date if review else "",
    }


def document_record(site: Site, doc: Doc) -> dict[str, Any]:
    """One document's metadata as published in the open data."""
    return {
        "id": doc.id,
        "page": site.absolute(paths.article(doc.id)),
        "url": doc.url,
        "kind": doc.kind,
        "outlet": doc.outlet,
        "title": doc.title,
        "published": doc.published,
        "first_seen": doc.first_seen,
        "incident": doc.incident,
        "cluster": doc.cluster,
        "revisions": doc.revision_count,
        "claims": len(site.data.claims_by_doc.get(doc.id, [])),
    }


# What json.dumps(value, ensure_ascii=False[, sort_keys=True]) builds on every call, built once.
_LINE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_CELL = json.JSONEncoder(ensure_ascii=False).encode


def jsonl_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """JSON Lines with sorted keys, UTF-8 kept, one line at a time."""
    for r in records:
        yield _LINE(r) + "\n"


_FORMULA = frozenset("=+-@\t")  # first characters a spreadsheet reads as a formula


def _cell(value: Any) -> str:
    if isinstance(value, str):
        text = value
    elif isinstance(value, list | dict):
        text = _CELL(value)
    else:
        text = str(value)
    return "'" + text if text and text[0] in _FORMULA else text


def csv_lines(
    records: Iterable[dict[str, Any]], fields: tuple[str, ...], batch: int = 256
) -> Iterator[str]:
    """CSV with a header row, lists as JSON, formula-looking cells neutralised; `batch` rows
    at a time (one writer call and one piece per batch, not per row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    rows: list[list[str]] = []
    for record in records:
        # Plain text that does not start like a formula is the cell as is (most cells).
        rows.append(
            [
                v if type(v) is str and not (v and v[0] in _FORMULA) else _cell(v)
                for v in map(record.__getitem__, fields)
            ]
        )
        if len(rows) == batch:
            writer.writerows(rows)
            rows.clear()
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    writer.writerows(rows)
    yield out.getvalue()


def data_streams(site: Site) -> Iterator[tuple[str, Iterator[str]]]:
    """(path, its content piece by piece) of the open data files: a record is built when its
    line is written, so the files are never whole in memory (bench/results.md, "Figures behind
    design choices")."""
    claims = sorted(site.data.claims, key=lambda c: c.id)
    docs = sorted(site.data.docs.values(), key=lambda d: d.url)

    def claim_records() -> Iterator[dict[str, Any]]:
        return (claim_record(site, c) for c in claims)

    def doc_records() -> Iterator[dict[str, Any]]:
        return (document_record(site, d) for d in docs)

    yield f"{paths.DATA_DIR}/claims.jsonl", jsonl_lines(claim_records())
    yield f"{paths.DATA_DIR}/claims.csv", csv_lines(claim_records(), CLAIM_FIELDS)
    yield f"{paths.DATA_DIR}/documents.jsonl", jsonl_lines(doc_records())
    yield f"{paths.DATA_DIR}/documents.csv", csv_lines(doc_records(), DOCUMENT_FIELDS)


def open_data_page(site: Site, sizes: dict[str, int]) -> str:
    """The Données ouvertes page, with file sizes."""
    path = paths.OPEN_DATA
    n_claims, n_docs = len(site.data.claims), len(site.data.docs)

    def item(name: str, what: str) -> str:
        target = f"{paths.DATA_DIR}/{name}"
        size = f"{sizes.get(target, 0):,}".replace(",", "\u202f")
        return f"<li>{link(rel(path, target), name)} — {esc(what)} ({size} octets)</li>"

    files = block(
        "<ul>",
        item("claims.jsonl", count_fr(n_claims, "affirmation") + ", une par ligne, JSON"),
        item("claims.csv", count_fr(n_claims, "affirmation") + ", CSV"),
        item("documents.jsonl", count_fr(n_docs, "document") + ", une ligne chacun, JSON"),
        item("documents.csv", count_fr(n_docs, "document") + ", CSV"),
        "</ul>",
    )
    helps = block(
        "<dl>",
        *(f"<dt><code>{k}</code></dt><dd>{esc(v)}</dd>" for k, v in FIELD_HELP.items()),
        "</dl>",
    )
    feeds = paragraph(
        "Nouvelles affirmations à vérifier : "
        f"{link(rel(path, paths.FEED_RSS), 'flux RSS')} et "
        f"{link(rel(path, paths.FEED_JSON), 'flux JSON Feed')}."
    )
    intro = paragraph(
        "Les affirmations relevées et leur verdict, et la liste des documents suivis, sont "
        "publiés à chaque mise à jour du site. Les textes intégraux des articles de presse ne "
        "sont pas republiés : ils appartiennent à leurs éditeurs ; chaque document renvoie à "
        "son adresse d’origine. Les fichiers sont encodés en UTF-8 et triés par identifiant "
        "(affirmations) ou par adresse (documents)."
    )
    return page(
        "Données ouvertes",
        intro,
        section("Fichiers"),
        files,
        section("Champs"),
        paragraph("Affirmations : " + ", ".join(f"<code>{f}</code>" for f in CLAIM_FIELDS) + "."),
        paragraph("Documents : " + ", ".join(f"<code>{f}</code>" for f in DOCUMENT_FIELDS) + "."),
        helps,
        section("Flux"),
        feeds,
    )
