"""The Sources page (issue 14): every source the store knows with its feeds' health, failing
feeds first, stored text escaped, and rebuilt when the health changes."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from bench.storefix import XSS, fixture_store
from sitegen.build import build_site
from tests.sitegen.builds import site_config
from tests.sitegen.htmlcheck import scan

FAILING = "https://muré.example/rss.xml"
WORKING = "https://bon.example/rss.xml"


def add_health(db_path: Path, error: str) -> None:
    db = sqlite3.connect(db_path)
    with db:
        db.execute("DELETE FROM feed_state")
        db.execute("DELETE FROM sources")
        db.executemany(
            "INSERT INTO sources(name, kind, region, homepage, feeds, domains)"
            " VALUES (?, ?, ?, ?, ?, '[]')",
            [
                (XSS, "press", "Normandie", "javascript:alert(1)", json.dumps([FAILING])),
                ("Bon journal", "official", "", "https://bon.example/", json.dumps([WORKING])),
            ],
        )
        db.executemany(
            "INSERT INTO feed_state(url, source, last_status, last_polled, last_error,"
            " last_success) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    FAILING,
                    XSS,
                    403,
                    "2025-09-12T06:00:00+00:00",
                    error,
                    "2025-09-01T06:00:00+00:00",
                ),
                (
                    WORKING,
                    "Bon journal",
                    200,
                    "2025-09-12T06:00:00+00:00",
                    "",
                    "2025-09-12T06:00:00+00:00",
                ),
            ],
        )
        db.executemany(
            "INSERT OR REPLACE INTO drops(url, reason, source, detail, at)"
            " VALUES (?, 'blocked', ?, 'x', '2025-09-12T06:00:00+00:00')",
            [(f"https://muré.example/{i}", XSS) for i in range(2)],
        )
    db.close()


def test_sources_page(tmp_path: Path) -> None:
    db = fixture_store(tmp_path / "data" / "vigie.sqlite3")
    add_health(db, f"blocked: HTTP 403 {XSS}")
    site = tmp_path / "site"
    build_site(db, site, site_config())
    html = (site / "sources.html").read_text(encoding="utf-8")
    found = scan(html)
    assert found.problems == [] and found.external == []
    text = " ".join(" ".join(found.text).split())
    assert f"blocked: HTTP 403 {XSS}" in text and XSS in text  # shown as text
    assert "javascript:alert" not in " ".join(href for href, _ in found.out_links)
    *_, failing_part, all_part = text.split("Toutes les sources")  # after the contents list
    assert "Flux en échec" in failing_part and FAILING in failing_part
    assert WORKING not in failing_part and "Bon journal" in all_part
    assert "1er septembre 2025" in failing_part  # the failing feed's last success
    assert "2 bloqués" in all_part and "Officiel" in all_part
    assert "en échec" in all_part
    nav = re.findall(r"md-tabs__link[^>]*>\s*([^<]+?)\s*<", html)
    assert "À propos" in nav  # the page is reached from "À propos", out of the main menu
    # A change of health only (the error) rebuilds the page.
    add_health(db, "HTTP 500")
    report = build_site(db, site, site_config())
    assert not report.unchanged
    text = " ".join(scan((site / "sources.html").read_text(encoding="utf-8")).text)
    assert "HTTP 500" in text and "HTTP 403" not in text
