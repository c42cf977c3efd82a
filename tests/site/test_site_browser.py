"""The built site in a real browser (Debian chromium through Playwright, never a download).

Every test fails on a console error, a page error, a dialog, or a request that leaves the
local server (such requests are recorded and aborted). Screenshots go to
test-artifacts/site/.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from resources import require
from storefix import SEARCH_WORD, XSS

from scraper.store import document_id
from sitegen.paths import article

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class Watch:
    """What a page did that it should not."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """One chromium for the session."""
    require(CHROMIUM.is_file(), f"Debian chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser, server: str) -> Iterator[tuple[object, Watch]]:  # type: ignore[no-untyped-def]
    """A fresh page; after the test, nothing may have left the server or gone wrong."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    watch = Watch()

    def route(r) -> None:  # type: ignore[no-untyped-def]
        if r.request.url.startswith(server):
            r.continue_()
        else:
            watch.foreign.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(str(e)))

    def dialog(d) -> None:  # type: ignore[no-untyped-def]
        watch.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    yield page, watch
    context.close()
    assert watch.foreign == [], "requests left the local server"
    assert watch.dialogs == [], "a dialog fired"
    assert watch.errors == [], "console errors"


def test_home_renders(tab, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page, _ = tab
    page.goto(server)
    assert page.locator("h1").first.inner_text() == "Vigie Santé"
    assert page.locator("figure.vs-chart svg rect").count() > 0
    assert page.locator(".vs-claim-line").count() == 6
    assert page.title() == "Accueil - Vigie Santé"
    page.screenshot(path=artifacts / "home.png", full_page=True)


def search(page, server: str, query: str) -> None:  # type: ignore[no-untyped-def]
    """Type a query once the search worker has loaded its index."""
    page.goto(server)
    page.locator(".md-search__input").click()
    ready = page.locator(".md-search-result__meta", has_text="Taper pour démarrer")
    ready.wait_for(state="attached", timeout=15000)
    page.locator(".md-search__input").press_sequentially(query, delay=30)


def test_search_finds_claim(tab, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page, _ = tab
    search(page, server, SEARCH_WORD)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert SEARCH_WORD in results.first.inner_text().lower()
    page.screenshot(path=artifacts / "search.png")
    results.first.locator("a").first.click()
    page.wait_for_load_state()
    assert SEARCH_WORD in page.locator("article.md-content__inner").inner_text().lower()


def test_search_shows_hostile_text_as_text(tab, server: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = tab
    search(page, server, "danger")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert '!!! danger "x" --8<-- "/etc/passwd"' in page.locator(".md-search-result").inner_text()
    page.wait_for_timeout(300)


def visible_cards(page) -> int:  # type: ignore[no-untyped-def]
    return page.locator("[data-vs-list] > li:visible").count()


def test_verify_filters(tab, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page, _ = tab
    page.goto(server + "a-verifier.html")
    form = page.locator("form[data-vs-filters]")
    assert form.is_visible()
    assert visible_cards(page) == 6
    page.select_option("select[name=media]", label="Ouest Info")
    assert visible_cards(page) == 1
    assert "1 affirmation(s) sur 6" in page.locator("[data-vs-count]").inner_text()
    assert "media=" in page.url
    page.select_option("select[name=media]", value="")
    page.select_option("select[name=verdict]", value="contradicted")
    assert visible_cards(page) == 2
    page.select_option("select[name=incident]", label="Cyberattaque contre les GRADeS de"
                       " Normandie et des Hauts-de-France")
    assert visible_cards(page) == 1
    page.select_option("select[name=verdict]", value="flag:hedge_dropped")
    assert visible_cards(page) == 2
    page.screenshot(path=artifacts / "a-verifier.png", full_page=True)
    page.goto(page.url)  # the selection survives in the address
    assert visible_cards(page) == 2
    assert page.locator("select[name=verdict]").input_value() == "flag:hedge_dropped"


def test_media_page_links_to_filtered_list(tab, server: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = tab
    page.goto(server + "medias.html")
    page.locator(".vs-media-table tr", has_text="Ouest Info").locator("a").click()
    page.wait_for_load_state()
    assert visible_cards(page) == 1


def test_hostile_page_shows_text_and_runs_nothing(tab, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page, watch = tab
    hostile = article(document_id("javascript:alert(1)"))[:-3] + ".html"
    page.goto(server + hostile)
    page.wait_for_timeout(300)
    assert page.locator("h1").first.inner_text() == XSS
    body = page.locator("article.md-content__inner").inner_text()
    for text in ("<img src=x onerror=alert(1)>", "{{ config }}", '--8<-- "/etc/passwd"',
                 '!!! danger "x"', "[x](javascript:alert(1))", '{: onclick="alert(1)" }'):
        assert text in body, text
    assert page.locator("article.md-content__inner img").count() == 0
    page.screenshot(path=artifacts / "hostile-article.png", full_page=True)
    page.locator("article.md-content__inner a", has_text=XSS).first.click()
    page.wait_for_load_state()
    assert XSS in page.locator("h1").first.inner_text()
    page.screenshot(path=artifacts / "hostile-incident.png", full_page=True)
    assert watch.dialogs == []


def test_incident_page(tab, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page, _ = tab
    page.goto(server + "incidents/grades-2025.html")
    assert page.locator(".vs-fact").count() >= 2
    assert page.locator(".vs-timeline tbody tr").count() == 5
    page.locator(".vs-fact-official a", has_text="ARS Normandie").first.click()
    page.wait_for_load_state()
    assert "#e-" in page.url and page.locator("mark[id]").count() >= 1
    page.goto(server + "incidents/grades-2025.html")
    page.screenshot(path=artifacts / "incident.png", full_page=True)
