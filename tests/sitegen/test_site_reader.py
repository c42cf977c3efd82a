"""What a journalist or a fact-checker reads: the incident fact sheet, one line per claim,
evidence beside every verdict, outlet pages, French typography, entities, social tags, feeds.

All on the fixture store (bench/storefix.py), whose ARS communiqué carries analysed
sentences: a dated detection, confirmed data classes, an official count, and advice to readers
naming bank details and passwords that did not leak.
"""

from __future__ import annotations

import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from bench.storefix import ARS_COMPLAINT, ARS_NO_MEDICAL, fixture_store
from scraper.store import document_id
from sitegen.build import build_site
from sitegen.config import SiteConfig, SiteConfigError
from sitegen.paths import article, outlet, outlet_slug
from tests.sitegen.builds import SITE_URL, Built

INCIDENT = "incidents/grades-2025.html"
ENGLISH_CLASSES = (
    "Personal health data",
    "Dates of birth",
    "Bank account numbers",
    "Social security numbers",
    "Email addresses",
    "Phone numbers",
)


class _Text(HTMLParser):
    """Visible text of the page's article (no script, style or attribute)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <article>
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def visible(html: str, flat: bool = False) -> str:
    """The visible text of a page's content, whitespace collapsed (no-break spaces too when
    `flat`)."""
    parser = _Text()
    parser.feed(html)
    text = "".join(parser.parts)
    return re.sub(r"\s+" if flat else r"[ \t\n\r]+", " ", text)


def sheet(html: str) -> dict[str, str]:
    """The fact sheet of an incident page, label → visible value."""
    body = html[html.index('<dl class="vs-record vs-sheet">') :]
    body = body[: body.index("</dl>")]
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", body, re.S)
    return {
        visible(f"<article>{k}</article>").strip(): visible(f"<article>{v}</article>")
        for k, v in pairs
    }


def generated_pages(built: Built) -> list[Path]:
    """Pages the generator writes (the hand-written docs/ pages excepted)."""
    hand = {p.stem for p in (Path(__file__).resolve().parents[2] / "docs").glob("*.md")}
    return [
        p
        for p in sorted(built.site.rglob("*.html"))
        if not (p.parent == built.site and p.stem in hand) and p.name != "404.html"
    ]


def test_every_incident_page_opens_with_a_fact_sheet(built: Built) -> None:
    for path in (built.site / "incidents").glob("*.html"):
        if path.name != "index.html":
            assert '<dl class="vs-record vs-sheet">' in path.read_text(encoding="utf-8"), path


def test_fact_sheet_says_what_happened_from_the_official_sentences(built: Built) -> None:
    page = built.page(INCIDENT)
    facts = sheet(page)
    assert facts["Victime"] == "GRADeS Normandie et Hauts-de-France"
    assert facts["Lieu"] == "Normandie, Hauts-de-France"
    assert facts["Attaque"].startswith("le 5 septembre 2025")
    assert facts["Détection"].startswith("le 5 septembre 2025")  # "a détecté … le 5 septembre"
    assert facts["Révélation publique"].startswith("8 septembre 2025")
    assert facts["Nombre officiel de personnes touchées"].startswith("12 000 usagers")
    assert "ARS Normandie" in facts["Nombre officiel de personnes touchées"]  # its source
    assert facts["Données confirmées par une source officielle"] == "Dates de naissance, Noms"
    # denied by the communiqué ("ne serait concernée"), asserted by a press claim
    assert facts["Données citées par la presse seulement"] == "Données de santé"
    assert facts["Statut"].startswith("investigations en cours")
    assert "8 septembre 2025" in facts["Dernière mise à jour officielle"]
    text = " ".join(facts.values())
    # advice to readers ("ne vous demandera jamais vos coordonnées bancaires") never leaked
    assert "Coordonnées bancaires" not in text and "Mots de passe" not in text
    # the title names the incident, not the communiqué's headline
    h1 = visible(f"<article>{re.search(r'<h1>(.*?)</h1>', page).group(1)}</article>")
    assert h1.startswith("GRADeS Normandie et Hauts-de-France (Normandie, Hauts-de-France)")
    assert h1.endswith("cyberattaque de septembre 2025")


def test_fact_sheet_without_official_source_says_so(built: Built) -> None:
    facts = sheet(built.page("incidents/hpl-2025.html"))
    assert (
        facts["Nombre officiel de personnes touchées"]
        == "non communiqué par les sources officielles"
    )
    assert facts["Statut"] == "aucune communication officielle relevée à ce jour"
    assert facts["Attaque"] == "non précisée par les sources officielles"


def test_a_syndicated_claim_is_one_line_with_its_copies_on_demand(built: Built) -> None:
    assert built.page(INCIDENT).count(f">{ARS_COMPLAINT}</a>") == 1  # one claim line
    details = re.search(
        r'<details class="vs-copies"><summary>Repris par 1 média</summary>'
        r"(.*?)</details>",
        built.page(INCIDENT),
        re.S,
    )
    assert details and "Ouest Info" in details.group(1)
    assert "Le Quotidien national" not in details.group(1)  # the first outlet carries it
    # 8 claims, the copy of the complaint is not counted twice
    assert sheet(built.page(INCIDENT))["Verdicts"].startswith("7 affirmations distinctes")


def test_evidence_is_in_view_beside_every_verdict(built: Built) -> None:
    for page in (INCIDENT, "a-verifier.html"):
        html = built.page(page)
        text = visible(html, flat=True)
        # the contradicted claim shows the official sentence and links to it
        assert f"Source officielle : « {ARS_NO_MEDICAL} »" in text
        assert re.search(
            r'<a href="(\.\./)?articles/[0-9a-f]+\.html#e-[0-9a-f]+">ARS Normandie'
            r"</a>",
            html,
        )
    # the unsupported claim's closest sentence is labelled as such, never as evidence
    text = visible(built.page(INCIDENT), flat=True)
    assert (
        f"Phrase officielle la plus proche (elle ne dit pas la même chose) : « {ARS_COMPLAINT} »"
    ) in text
    # the dropped hedge is named
    assert "Précaution du communiqué omise : « à ce stade », le conditionnel" in text


def test_verify_lists_only_claims_to_verify_grouped_by_incident(built: Built) -> None:
    html = built.page("a-verifier.html")
    groups = re.findall(r'<section class="vs-group" data-vs-group>\s*<h2>(.*?)</h2>', html, re.S)
    assert len(groups) == 2
    assert any("grades-2025.html" in g and "(5 affirmations)" in g for g in groups)
    verdicts = re.findall(r'data-verdict="(\w+)" data-flags="([\w ]*)"', html)
    assert verdicts and all(
        v in ("contradicted", "unsupported") or {"disputed", "hedge_dropped"} & set(f.split())
        for v, f in verdicts
    )
    assert "affirmation(s)" not in html


def test_outlet_pages_list_claims_by_verdict_with_rates(built: Built) -> None:
    media = built.page("medias.html")
    for name in ("L’Actu normande", "Le Quotidien national", "Ouest Info"):
        target = outlet(outlet_slug(name.replace("’", "'")))[:-3] + ".html"
        assert f'href="{target}"' in media, name
        page = built.page(target)
        assert visible(page).startswith(f" {name}") or f"<h1>{name}</h1>" in page
    page = visible(built.page(outlet(outlet_slug("L'Actu normande"))[:-3] + ".html"), True)
    assert "Affirmations contredites" in page and "Affirmations confirmées" in page
    assert "Contredit par une source officielle 50 %" in page
    # an official source shows what it backs, not a row of zeros
    row = re.search(r'<tr class="vs-official">(.*?)</tr>', media, re.S)
    assert row and "Appuie ou contredit" in row.group(1)


def test_entities_are_names_linked_to_the_incidents_that_mention_them(built: Built) -> None:
    text = visible(built.page("entites.html"))
    assert "Jean Dupont" in text and "ARS Normandie" in text
    for junk in ("Vitale", "de France", "Méfiez-vous"):
        assert junk not in text, junk
    row = re.search(r"<tr><td>ARS Normandie</td>(.*?)</tr>", built.page("entites.html"), re.S)
    assert row and 'href="incidents/grades-2025.html"' in row.group(1)


def test_visible_text_is_french(built: Built) -> None:
    db = sqlite3.connect(built.db)
    ids = [r[0] for r in db.execute("SELECT id FROM claims")]
    for path in generated_pages(built):
        text = visible(path.read_text(encoding="utf-8"))
        for english in ENGLISH_CLASSES:
            assert english not in text, (path, english)
        assert " à 0 h 00" not in text, path
        words = re.sub(r"https?://\S+", "", text)  # the "Citer" address names the claim
        assert not any(claim_id in words for claim_id in ids), path  # no raw ids
        # typography: ’ between letters, no-break spaces before : ; ? ! » and after «
        assert not re.search(r"[^\W\d_]'[^\W\d_]", text), path
        assert not re.search(r" [:;?!»]|« ", text), (
            path,
            re.search(r".{30} [:;?!»]|« .{30}", text),
        )
    not_found = built.page("404.html")
    assert "Page introuvable" in not_found and "Not found" not in not_found


def test_hand_written_pages_get_french_spacing(built: Built) -> None:
    """docs/ pages are written with plain spaces; the build adds the no-break ones (code
    spans and blocks left alone)."""
    for name in ("methodologie", "robustesse", "passage-a-l-echelle", "mentions-legales"):
        html = re.sub(r"<code>.*?</code>|<pre.*?</pre>", "", built.page(f"{name}.html"), flags=re.S)
        text = visible(html)
        assert " : " not in text and "\u00a0:" in text, name
        assert not re.search(r" [;?!»]|« |[^\W\d_]'[^\W\d_]", text), name


def test_every_page_has_social_tags_and_the_footer(built: Built) -> None:
    for path in sorted(built.site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for tag in ("og:title", "og:description", "og:url"):
            assert f'<meta property="{tag}" content="' in html, (path, tag)
        assert "mailto:signalement@vigie-sante.example" in html, path
        assert "mentions-legales.html" in html, path
    incident = built.page(INCIDENT)
    assert f'<meta property="og:url" content="{SITE_URL}{INCIDENT}">' in incident
    assert '<meta property="og:description" content="GRADeS Normandie' in incident


def test_claims_can_be_cited_and_reported_by_email(built: Built) -> None:
    page = built.page(
        article(document_id("https://actu-normande.example/2025/09/08/cyberattaque-grades"))[:-3]
        + ".html"
    )
    cite = re.search(r'<details class="vs-cite"><summary>Citer</summary><p>(.*?)</p>', page)
    assert cite and "Les données médicales des patients ont été dérobées." in cite.group(1)
    assert "L’Actu normande" in cite.group(1) and SITE_URL + "articles/" in cite.group(1)
    assert "Contredit par une source officielle" in cite.group(1)
    assert page.count('href="mailto:signalement@vigie-sante.example?subject=') == 2


def test_each_incident_has_its_own_feed(built: Built) -> None:
    channel = ET.parse(built.site / "flux" / "incidents" / "grades-2025.xml").getroot()[0]
    items = channel.findall("item")
    assert items and channel.findtext("link") == SITE_URL + INCIDENT
    others = ET.parse(built.site / "flux" / "incidents" / "hpl-2025.xml").getroot()[0]
    assert not {i.findtext("guid") for i in items} & {
        i.findtext("guid") for i in others.findall("item")
    }
    assert 'href="../flux/incidents/grades-2025.xml"' in built.page(INCIDENT)


def test_no_page_is_heavy(built: Built) -> None:
    for path in built.site.rglob("*.html"):
        assert path.stat().st_size < 300_000, path


def test_contact_address_comes_from_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGIE_CONTACT_EMAIL", "redaction@journal.example")
    config = SiteConfig.from_env()
    assert config.contact_email == "redaction@journal.example"
    with pytest.raises(SiteConfigError, match="contact_email"):
        SiteConfig(contact_email="pas une adresse")
    db = fixture_store(tmp_path / "vigie.sqlite3")
    build_site(db, tmp_path / "site", config)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "mailto:redaction@journal.example" in home
