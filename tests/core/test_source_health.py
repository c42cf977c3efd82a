"""`vigie sources`: the registry and every source the store knows, with their health; blocked
answers (403 walls, consent pages); dates from the page when the feed has none."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pytest_httpserver import HTTPServer

from scraper.sources import load_registry
from scraper.store import CollectionStore
from tests.loopback import Site, stored_demo_pages

FAST = ("--host-interval", "0")


def rows(cli, *args: str) -> dict[str, dict]:
    code, out, err = cli("sources", "--json", *args)
    assert code == 0, err
    return {r["name"]: r for r in map(json.loads, out.splitlines())}


def test_new_data_dir_lists_the_registry_with_empty_health(cli, data_dir: Path) -> None:
    listed = rows(cli)
    assert set(listed) == {s.name for s in load_registry()}
    assert all(
        r["documents"] == 0 and r["last_success"] is None and r["drops"] == {} and r["declared"]
        for r in listed.values()
    )
    ara = listed["France 3 Auvergne-Rhône-Alpes"]
    assert ara["feeds"] == [
        {
            "url": "https://france3-regions.franceinfo.fr/auvergne-rhone-alpes/rss",
            "last_polled": None,
            "last_success": None,
            "last_status": None,
            "last_error": "",
        }
    ]
    assert not data_dir.exists()  # listing creates nothing
    code, out, _ = cli("sources")
    assert code == 0 and len(out.splitlines()) == len(listed)


def test_overlay_changes_the_rows(cli, data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "sources.toml").write_text(
        '[[source]]\nname = "Mon journal"\nkind = "press"\nfeeds = ["https://mj.example/rss"]\n'
        'domains = ["mj.example"]\n\n[[source]]\nname = "ZATAZ"\nenabled = false\n',
        encoding="utf-8",
    )
    listed = rows(cli)
    assert "Mon journal" in listed and "ZATAZ" not in listed


def test_health_after_a_collect_blocked_pages_and_failing_feeds(
    cli, httpserver: HTTPServer, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 127.0.0.1 and localhost stand for two public hosts: crossing from one loopback origin
    # to another needs the private-network guard lifted (issue 16).
    monkeypatch.setenv("VIGIE_ALLOW_PRIVATE_NETWORKS", "1")
    site = Site(httpserver)
    pages = stored_demo_pages(kind="press")[:2]
    good = site.page(pages[0]["url"])
    other = Site(httpserver, host="localhost")  # another host, behind a wall
    walled = [other.url(f"/walled/{i}.html") for i in range(3)]
    for url in walled:
        httpserver.expect_request(urlsplit(url).path).respond_with_data(
            "Attention Required! | Cloudflare", status=403
        )
    consent = site.url("/article-consent.html")
    httpserver.expect_request("/article-consent.html").respond_with_data(
        "", status=302, headers={"Location": other.url("/consent/?continue=x")}
    )
    httpserver.expect_request("/consent/").respond_with_data(
        "<html><body>Avant d'accéder au site, acceptez les cookies.</body></html>",
        content_type="text/html",
    )
    ok_feed = site.feed("/ok.xml", [("a", good), ("c", consent)])
    walled_feed = site.feed("/walled.xml", [(str(i), u) for i, u in enumerate(walled)])
    httpserver.expect_request("/closed.xml").respond_with_data("no", status=403)
    closed_feed = site.url("/closed.xml")
    data_dir.mkdir()
    (data_dir / "sources.toml").write_text(
        f'[[source]]\nname = "Bon journal"\nkind = "press"\nfeeds = ["{ok_feed}"]\n\n'
        f'[[source]]\nname = "Journal muré"\nkind = "press"\nfeeds = ["{walled_feed}",'
        f' "{closed_feed}"]\n',
        encoding="utf-8",
    )
    code, _, err = cli(
        "collect", "--feed", ok_feed, "--feed", walled_feed, "--feed", closed_feed, *FAST
    )
    assert code == 0, err
    # one 403 per host and run: the other walled pages are not requested
    assert sum(site.requests_to(urlsplit(u).path) for u in walled) == 1
    listed = rows(cli)
    bon, mure = listed["Bon journal"], listed["Journal muré"]
    assert bon["documents"] == 1 and bon["last_success"] and bon["last_error"] == ""
    assert bon["drops"] == {"blocked": 1}  # the consent page
    assert mure["drops"] == {"blocked": 3} and mure["documents"] == 0
    assert mure["last_error"].startswith(closed_feed + ": blocked:")
    assert mure["last_success"] is not None  # its other feed answered
    assert [f["last_status"] for f in mure["feeds"]] == [200, 403]
    with CollectionStore(data_dir / "vigie.sqlite3") as store:
        details = [
            r[0]
            for r in store.db.execute(
                "SELECT detail FROM drops WHERE reason = 'blocked' ORDER BY url"
            )
        ]
    assert any("consent page" in d for d in details)
    assert sum(d.startswith("localhost: ") for d in details) == 4  # names the wall's host
    assert sum(d.startswith("localhost: HTTP 403") for d in details) == 1
    # A blocked page is not retried by the next run.
    code, _, err = cli("collect", "--feed", walled_feed, *FAST)
    assert code == 0 and "3 links already known" in err
    assert sum(site.requests_to(urlsplit(u).path) for u in walled) == 1
    # The job summary: failing feeds first, the working one absent from that table.
    code, out, _ = cli("sources", "--summary")
    assert code == 0 and out.startswith("## Sources\n")
    failing = out.split("### Failing feeds", 1)[1]
    assert closed_feed in failing and ok_feed not in failing and "HTTP 403" in failing


def test_store_only_and_demo_sources_are_listed(cli, httpserver: HTTPServer) -> None:
    assert cli("collect", "--demo")[0] == 0
    listed = rows(cli)
    demo = {name: r for name, r in listed.items() if name.endswith("(démo)")}
    assert demo and sum(r["documents"] for r in demo.values()) >= 10
    assert all(not r["declared"] for r in demo.values())
    assert {s.name for s in load_registry()} <= set(listed)
    site = Site(httpserver)
    feed = site.feed("/adhoc.xml", [])
    assert cli("collect", "--feed", feed, *FAST)[0] == 0
    adhoc = rows(cli)["127.0.0.1"]  # an unknown --feed is a source named after its host
    assert adhoc["feeds"][0]["url"] == feed and adhoc["last_success"]


def test_the_page_date_is_used_when_the_feed_has_none(cli, httpserver: HTTPServer) -> None:
    """Le Parisien's feed has no dates: the stored date is the page's own."""
    site = Site(httpserver)
    page = next(p for p in stored_demo_pages(kind="press") if p.get("published"))
    url = site.page(page["url"])
    feed = site.feed("/undated.xml", [("sans date", url)])  # items without pubDate
    assert cli("collect", "--feed", feed, *FAST)[0] == 0
    record = json.loads(cli("export", "documents")[1].splitlines()[0])
    expected = page["published"]
    assert isinstance(expected, datetime)
    assert datetime.fromisoformat(record["published"]) == expected


@pytest.mark.parametrize("version", [4, 5])
def test_a_store_not_yet_migrated_is_read_as_it_is(tmp_path: Path, version: int) -> None:
    """`vigie sources` never writes: a store of schema 4 or 5 (no last_success, added by
    migration 6) is read as is."""
    import sqlite3

    from core.migrations import migrations
    from core.source_health import open_read_only, source_health

    path = tmp_path / "vigie.sqlite3"
    db = sqlite3.connect(path)
    for script in migrations()[:version]:
        db.executescript(script)
    db.execute(f"PRAGMA user_version = {version}")
    db.executemany(
        "INSERT INTO feed_state(url, source, last_status, last_polled, last_error)"
        " VALUES (?, 'S', ?, '2026-01-02T00:00:00+00:00', ?)",
        [("https://s.example/ok", 200, ""), ("https://s.example/ko", 404, "HTTP 404")],
    )
    db.commit()
    db.close()
    store = open_read_only(path)
    assert store is not None
    (row,) = source_health(store, [])
    store.close()
    assert row.name == "S" and row.last_success == "2026-01-02T00:00:00+00:00"
    assert row.last_error == "https://s.example/ko: HTTP 404"
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == version  # not migrated
