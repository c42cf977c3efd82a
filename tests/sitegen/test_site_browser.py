"""The built site in a real browser (Debian chromium through Playwright, never a download).

Every test fails on a console error, a page error, a dialog, or a request that leaves the
local server (such requests are recorded and aborted). Pages are read at a desktop width
(1400 px) and a phone width (390 px). Screenshots go to test-artifacts/site/.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.storefix import ELIDED_WORD, SEARCH_WORD, XSS
from scraper.store import document_id
from sitegen.paths import article, outlet, outlet_slug
from tests.resources import require

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = (1400, 390)
INCIDENT_TITLE = (
    "GRADeS Normandie et Hauts-de-France (Normandie, Hauts-de-France)\u00a0:"
    " cyberattaque de septembre 2025"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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
def tab(browser, server: str, request) -> Iterator[tuple[object, Watch]]:  # type: ignore[no-untyped-def]
    """A fresh page (1400 px wide, or the test's `width` parameter); after the test, nothing
    may have left the server or gone wrong."""
    callspec = getattr(request.node, "callspec", None)
    width = callspec.params.get("width", 1400) if callspec else 1400
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
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


PAGES = {  # screenshot name → page
    "home": "index.html",
    "incident": "incidents/grades-2025.html",
    "outlet": outlet(outlet_slug("L'Actu normande"))[:-3] + ".html",
    "a-verifier": "a-verifier.html",
    "medias": "medias.html",
    "entites": "entites.html",
    "incidents": "incidents/index.html",
    "article": article(document_id("https://courrier-normand.example/sante/fuite-donnees"))[:-3]
    + ".html",
}


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen(tab, server: str, artifacts: Path, width: int) -> None:  # type: ignore[no-untyped-def]
    page, _ = tab
    for name, path in PAGES.items():
        page.goto(server + path)
        page.wait_for_load_state()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (path, width, overflow)
        page.wait_for_timeout(400)  # the menu tabs fade in: a readable screenshot
        page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=True)


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


@pytest.mark.parametrize("query", [ELIDED_WORD, "126 000"])
def test_search_finds_words_after_an_elision_and_spaced_numbers(  # type: ignore[no-untyped-def]
    tab, server: str, query: str
) -> None:
    page, _ = tab
    search(page, server, query)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert query.split()[0] in results.first.inner_text().lower()


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
    assert page.locator("[data-vs-count]").inner_text() == "1 affirmation sur 6"
    assert "media=" in page.url
    page.select_option("select[name=media]", value="")
    page.select_option("select[name=verdict]", value="contradicted")
    assert visible_cards(page) == 2
    page.select_option("select[name=incident]", label=INCIDENT_TITLE)
    assert visible_cards(page) == 1
    assert page.locator("[data-vs-group]:visible").count() == 1  # the other incident hides
    assert page.locator("[data-vs-count]").inner_text() == "1 affirmation sur 6"
    page.select_option("select[name=verdict]", value="flag:hedge_dropped")
    assert visible_cards(page) == 2
    page.screenshot(path=artifacts / "a-verifier.png", full_page=True)
    page.goto(page.url)  # the selection survives in the address
    assert visible_cards(page) == 2
    assert page.locator("select[name=verdict]").input_value() == "flag:hedge_dropped"


@pytest.mark.parametrize("width", WIDTHS)
def test_outlet_pages_are_reachable_from_the_media_table(tab, server: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page, _ = tab
    page.goto(server + "medias.html")
    page.locator(".vs-media-table tr", has_text="Ouest Info").locator("a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == "Ouest Info"
    assert page.locator(".vs-claim-line").count() >= 1
    assert "%" in page.locator("article.md-content__inner p").first.inner_text()


def test_hostile_page_shows_text_and_runs_nothing(tab, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page, watch = tab
    hostile = article(document_id("javascript:alert(1)"))[:-3] + ".html"
    page.goto(server + hostile)
    page.wait_for_timeout(300)
    assert page.locator("h1").first.inner_text() == XSS
    body = page.locator("article.md-content__inner").inner_text()
    for text in (
        "<img src=x onerror=alert(1)>",
        "{{ config }}",
        '--8<-- "/etc/passwd"',
        '!!! danger "x"',
        "[x](javascript:alert(1))",
        '{: onclick="alert(1)" }',
    ):
        assert text in body, text
    assert page.locator("article.md-content__inner img").count() == 0
    page.screenshot(path=artifacts / "hostile-article.png", full_page=True)
    page.locator("article.md-content__inner a", has_text=XSS).first.click()
    page.wait_for_load_state()
    assert XSS in page.locator("h1").first.inner_text()
    page.screenshot(path=artifacts / "hostile-incident.png", full_page=True)
    assert watch.dialogs == []


@pytest.mark.parametrize("width", WIDTHS)
def test_incident_page(tab, server: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page, _ = tab
    page.goto(server + "incidents/index.html")
    page.locator(".vs-incidents a", has_text="GRADeS Normandie").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == INCIDENT_TITLE
    sheet = page.locator("dl.vs-sheet")
    assert sheet.is_visible()
    assert "12 000 usagers" in sheet.inner_text()
    assert page.locator(".vs-timeline tbody tr").count() == 5
    copies = page.locator("details.vs-copies").first
    assert not copies.locator("a").first.is_visible()  # the copies on demand
    copies.locator("summary").click()
    assert copies.locator("a", has_text="Ouest Info").is_visible()
    page.locator(".vs-line-ev a", has_text="ARS Normandie").first.click()
    page.wait_for_load_state()
    assert "#e-" in page.url and page.locator("mark[id]").count() >= 1


def test_every_incident_has_a_fact_sheet(tab, server: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = tab
    page.goto(server + "incidents/index.html")
    links = page.locator(".vs-incidents tbody a")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(targets) == 3
    for href in targets:
        page.goto(server + "incidents/" + href)
        assert page.locator("dl.vs-sheet").is_visible(), href
