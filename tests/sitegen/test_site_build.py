"""The built site: escaping invariant on every page, ClaimReview JSON-LD, determinism, builds
from stores without claims, failed builds, feeds, open data, the CLI."""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shutil
import sqlite3
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rich.console import Console

from bench.storefix import HOSTILE_LINES, XSS, fixture_store
from core.settings import Settings
from core.verdicts import VERDICT_LABELS_FR
from scraper.store import document_id
from sitegen.build import BuildError, build_site
from sitegen.commands import run_build, run_serve
from sitegen.config import SiteConfig
from sitegen.paths import article
from tests.sitegen.builds import REPO_URL, SITE_URL, Built, site_config
from tests.sitegen.htmlcheck import scan


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site."""
    return sorted(site.rglob("*.html"))


def hostile_page(built: Built) -> str:
    return built.page(article(document_id("javascript:alert(1)"))[:-3] + ".html")


def test_site_has_every_section(built: Built) -> None:
    for page in (
        "index.html",
        "incidents/index.html",
        "a-verifier.html",
        "entites.html",
        "medias.html",
        "methodologie.html",
        "passage-a-l-echelle.html",
        "robustesse.html",
        "donnees.html",
        "incidents/grades-2025.html",
        "flux/a-verifier.xml",
        "flux/a-verifier.json",
        "donnees/claims.jsonl",
        "donnees/claims.csv",
        "donnees/documents.jsonl",
        "donnees/documents.csv",
        "sitemap.xml",
        "search/search_index.json",
        "mentions-legales.html",
        "flux/incidents/grades-2025.xml",
    ):
        assert (built.site / page).is_file(), page
    home = built.page("index.html")
    nav = re.findall(r"md-tabs__link[^>]*>\s*([^<]+?)\s*<", home)
    assert nav == [
        "Accueil",
        "Incidents",
        "À vérifier",
        "Médias",
        "Entités",
        "Méthodologie",
        "Données",
        "À propos",
    ]
    # the developer pages are reached from "À propos", not from the main menu
    assert "Robustesse" not in home
    about = built.page("a-propos.html")
    assert 'href="robustesse.html"' in about and 'href="passage-a-l-echelle.html"' in about
    assert 'href="sources.html"' in about  # source health, for readers (issue 14)
    assert (built.site / "sources.html").is_file()


@pytest.mark.parametrize("part", ["html", "links"])
def test_no_page_carries_live_markup_from_input(built: Built, part: str) -> None:
    pages = html_pages(built.site)
    assert len(pages) > 15
    for path in pages:
        source = path.read_text(encoding="utf-8")
        found = scan(source)
        if part == "html":
            assert found.problems == [], path
            assert found.external == [], f"{path}: loads from another host"
            assert "{{" not in source and "{:" not in source, path
        else:
            for href, rel in found.out_links:
                if not href.startswith(SITE_URL):
                    assert {"nofollow", "noopener"} <= set(rel.split()), (path, href)


def test_hostile_text_shows_as_text(built: Built) -> None:
    found = scan(hostile_page(built))
    text = " ".join(" ".join(found.text).split())
    for line in HOSTILE_LINES[:7]:
        assert line in text, line
    assert "javascript:alert(1)" in text  # the stored address, shown as code, not linked
    assert found.title.startswith("‹script›alert(1)‹/script›")


def test_hostile_incident_slug_cannot_choose_a_path(built: Built) -> None:
    names = [p.name for p in (built.site / "incidents").iterdir()]
    assert all(re.fullmatch(r"[a-z0-9-]+\.html", n) for n in names), names
    assert not (built.site.parent / "x.html").exists()


def test_claim_review_jsonld(built: Built) -> None:
    db = sqlite3.connect(built.db)
    checked = db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
    reviews = []
    for path in sorted((built.site / "articles").glob("*.html")):
        found = scan(path.read_text(encoding="utf-8"))
        for raw in found.jsonld:
            for item in json.loads(raw):
                reviews.append(item)
                assert item["@context"] == "https://schema.org"
                assert item["@type"] == "ClaimReview"
                assert 0 < len(item["claimReviewed"]) <= 75
                page, _, anchor = item["url"].partition("#")
                assert page == SITE_URL + path.relative_to(built.site).as_posix()
                assert anchor in found.ids
                rating = item["reviewRating"]
                assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
                assert rating["alternateName"] in VERDICT_LABELS_FR.values()
                assert item["author"] == {
                    "@type": "Organization",
                    "name": "Vigie Santé",
                    "url": SITE_URL,
                }
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["datePublished"])
                claim = item["itemReviewed"]
                assert claim["@type"] == "Claim" and claim["author"]["name"]
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", claim["datePublished"])
                if "appearance" in claim:
                    assert claim["appearance"]["url"].startswith("https://")
    assert len(reviews) == checked
    labels = {r["claimReviewed"][:20]: r["reviewRating"]["alternateName"] for r in reviews}
    # the reviewed claim carries the reviewer's verdict, the hostile review's is ignored
    assert labels["La fuite se limite a"] == VERDICT_LABELS_FR["supported"]


def test_reviews_show_beside_the_automatic_verdict(built: Built) -> None:
    page = built.page(
        article(document_id("https://courrier-normand.example/sante/fuite-donnees"))[:-3] + ".html"
    )
    assert "Révision humaine" in page and "Relecteur Vigie" in page
    assert 'Verdict automatique\u00a0: <span class="vs-badge vs-v-unsupported">' in page
    assert "<del>" in page and "<ins>" in page  # the revision diff
    assert "ne figure plus dans la dernière version" in page  # the vanished claim


def test_an_unsupported_claims_nearest_sentences_are_not_shown_as_evidence(built: Built) -> None:
    """The official sentence that came closest to an unsupported claim says something else:
    it is shown under "les plus proches", never as the evidence a verdict rests on."""
    page = built.page(
        article(document_id("https://quotidien-national.example/afp/cyberattaque-e-sante"))[:-3]
        + ".html"
    )
    cards = [
        part.split("</article>")[0]
        for part in page.split("<article ")[1:]
        if part.startswith('class="vs-claim')
    ]
    card = next(c for c in cards if "Un rançongiciel aurait chiffré les serveurs." in c)
    assert "Phrases officielles les plus proches" in card and 'class="vs-nearest"' in card
    assert "vs-evidence" not in card
    supported = next(c for c in cards if "vs-v-supported" in c.split(">", 1)[0])
    assert 'class="vs-evidence"' in supported and "les plus proches" not in supported


def test_every_claim_has_anchor_and_report_link(built: Built) -> None:
    db = sqlite3.connect(built.db)
    ids = [r[0] for r in db.execute("SELECT id FROM claims")]
    verify = built.page("a-verifier.html")
    incident = built.page("incidents/grades-2025.html")
    for cid in ids:
        pages = [p.read_text(encoding="utf-8") for p in (built.site / "articles").glob("*.html")]
        holder = [p for p in pages if f'id="c-{cid}"' in p]
        assert len(holder) == 1, cid
        report = re.search(
            rf'href="({re.escape(REPO_URL)}/issues/new\?[^"]*{cid}[^"]*)"', holder[0]
        )
        assert report, cid
    assert verify.count('class="vs-claim-line" id="c-') == 6
    assert "Reprise du texte de Le Quotidien national" in incident
    assert "Premier à publier\u00a0: <strong>ARS Normandie</strong>" in incident


def test_two_builds_are_byte_identical(built: Built, tmp_path: Path) -> None:
    again = tmp_path / "other-name"
    build_site(built.db, again, built.config)
    first = {
        p.relative_to(built.site): p.read_bytes() for p in built.site.rglob("*") if p.is_file()
    }
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [p for p in first if first[p] != second[p]] == []
    assert b"<lastmod>2025-09-13</lastmod>" in first[Path("sitemap.xml")]


def test_build_without_claims(tmp_path: Path) -> None:
    db = fixture_store(tmp_path / "vigie.sqlite3", claims=False)
    report = build_site(db, tmp_path / "site", site_config())
    assert report.claims == 0 and report.documents == 8
    verify = (tmp_path / "site" / "a-verifier.html").read_text(encoding="utf-8")
    assert "Aucune affirmation à vérifier" in verify
    for path in html_pages(tmp_path / "site"):
        found = scan(path.read_text(encoding="utf-8"))
        assert found.problems == [] and found.jsonld == [], path


def test_build_from_demo_collect(cli, data_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("collect", "--demo")[0] == 0
    code, _, err = cli("build", "--site-dir", str(tmp_path / "site"))
    assert code == 0, err
    assert "15 documents, 0 claims" in err
    pages = html_pages(tmp_path / "site")
    assert len([p for p in pages if p.parent.name == "articles"]) == 15
    index = (tmp_path / "site" / "incidents" / "index.html").read_text(encoding="utf-8")
    assert "Documents non rattachés à un incident" in index


def test_failed_build_leaves_previous_site(built: Built, tmp_path: Path) -> None:
    target = tmp_path / "site"
    shutil.copytree(built.site, target)
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    broken = tmp_path / "cfg" / "mkdocs.yml"  # no docs/ beside it: methodologie.md is missing
    broken.parent.mkdir()
    shutil.copy(site_config().mkdocs_config, broken)
    (broken.parent / "overrides").mkdir()
    with pytest.raises(BuildError, match="mkdocs build failed"):
        build_site(built.db, target, SiteConfig(SITE_URL, REPO_URL, mkdocs_config=broken))
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "cfg", "site"]


def test_refuses_to_replace_a_directory_that_is_not_a_site(built: Built, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(BuildError, match="not a built site"):
        build_site(built.db, tmp_path, built.config)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_run_build_defaults_when_called_by_vigie_run(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(built.db, data / "vigie.sqlite3")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VIGIE_SITE_URL", "https://ailleurs.example/vigie")
    console = Console(file=io.StringIO())
    assert run_build(argparse.Namespace(), Settings(data_dir=data), console) == 0
    assert (tmp_path / "site" / "index.html").is_file()
    feed = (tmp_path / "site" / "flux" / "a-verifier.json").read_text(encoding="utf-8")
    assert "https://ailleurs.example/vigie/a-verifier.html" in feed


def test_feeds(built: Built) -> None:
    rss = ET.fromstring((built.site / "flux" / "a-verifier.xml").read_bytes())
    items = rss.findall("./channel/item")
    assert len(items) == 7  # six flagged claims, one removed after publication
    assert all(i.findtext("link", "").startswith(SITE_URL) for i in items)
    assert XSS in "".join(i.findtext("title", "") for i in items)  # as text, XML-escaped
    feed = json.loads((built.site / "flux" / "a-verifier.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    guids = [i.findtext("guid", "") for i in items]
    assert [i["id"] for i in feed["items"]] == [
        g if g.startswith("correction-") else g.rsplit("-", 1)[1] for g in guids
    ]


def test_open_data(built: Built) -> None:
    folder = built.site / "donnees"
    claims = [
        json.loads(line)
        for line in (folder / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(claims) == 11 and claims == sorted(claims, key=lambda c: c["id"])
    rows = list(csv.DictReader(io.StringIO((folder / "claims.csv").read_text("utf-8"))))
    assert [r["id"] for r in rows] == [c["id"] for c in claims]
    docs = (folder / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(docs) == 8 and all("text" not in json.loads(d) for d in docs)


def test_csv_neutralises_formulas() -> None:
    from sitegen.opendata import csv_lines

    out = "".join(csv_lines([{"a": '=HYPERLINK("x")', "b": ["@x"], "c": "-1"}], ("a", "b", "c")))
    assert list(csv.reader(io.StringIO(out)))[1] == ['\'=HYPERLINK("x")', '["@x"]', "'-1"]


def test_serve_serves_the_built_site(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    import http.server

    served = {}

    def stop(self: http.server.ThreadingHTTPServer) -> None:
        served["address"] = self.server_address
        raise KeyboardInterrupt

    monkeypatch.setattr(http.server.ThreadingHTTPServer, "serve_forever", stop)
    out = io.StringIO()
    args = argparse.Namespace(site_dir=built.site, no_build=True, port=0, bind="127.0.0.1")
    assert run_serve(args, Settings(data_dir=built.db.parent), Console(file=out)) == 0
    assert served["address"][0] == "127.0.0.1"
    assert "serving" in out.getvalue() and "stopped" in out.getvalue()
