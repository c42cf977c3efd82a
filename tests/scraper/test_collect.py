"""Collect against a real loopback HTTP server: feeds, pages, filters, dedup, resumption."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pytest_httpserver import HTTPServer

from core.settings import FetchSettings, Settings
from scraper import runner
from scraper.store import CollectionStore
from tests.loopback import Site, dropped_demo_page, stored_demo_pages

FAST = ("--host-interval", "0")


def exported(cli) -> dict[str, dict]:
    return {r["url"]: r for r in map(json.loads, cli("export", "documents")[1].splitlines())}


def test_conditional_get_second_run_refetches_nothing(cli, httpserver: HTTPServer) -> None:
    site = Site(httpserver)
    pages = stored_demo_pages(kind="press")[:3]
    urls = [site.page(p["url"]) for p in pages]
    feed = site.feed(
        "/feed.xml", [(p["title"], u) for p, u in zip(pages, urls, strict=True)], etag='"v1"'
    )
    code, _, err = cli("collect", "--feed", feed, *FAST)
    assert code == 0, err
    assert "3 new" in err
    code, _, err = cli("collect", "--feed", feed, *FAST)
    assert code == 0 and "(unchanged/304: 1)" in err and "0 new" in err
    conditional = [req for req, _ in httpserver.log if req.path == "/feed.xml"]
    assert conditional[-1].headers.get("If-None-Match") == '"v1"'
    for url in urls:
        assert site.requests_to(urlsplit(url).path) == 1  # never refetched


def test_tracking_parameter_copy_is_stored_once(cli, httpserver: HTTPServer) -> None:
    site = Site(httpserver)
    page = stored_demo_pages(kind="press")[0]
    url = site.page(page["url"])
    feed = site.feed("/feed.xml", [("a", url), ("b", url + "?utm_source=rss&xtor=RSS-1&fbclid=x")])
    code, _, err = cli("collect", "--feed", feed, *FAST)
    assert code == 0 and "1 new" in err and "duplicate_url 1" in err
    assert list(exported(cli)) == [url]


def test_syndicated_copies_share_a_cluster(cli, httpserver: HTTPServer) -> None:
    site = Site(httpserver)
    wire = [site.page(p["url"]) for p in stored_demo_pages(cluster="afp-hpl-wire")]
    other = site.page(
        next(p for p in stored_demo_pages(kind="press") if p["cluster"] != "afp-hpl-wire")["url"]
    )
    feed = site.feed("/feed.xml", [(str(i), u) for i, u in enumerate([*wire, other])])
    assert cli("collect", "--feed", feed, *FAST)[0] == 0
    records = exported(cli)
    assert len(wire) >= 3 and set(records) == {*wire, other}
    assert len({records[u]["cluster"] for u in wire}) == 1
    assert records[other]["cluster"] != records[wire[0]]["cluster"]


def test_off_topic_and_non_french_are_dropped(cli, httpserver: HTTPServer, data_dir: Path) -> None:
    site = Site(httpserver)
    english = site.page(dropped_demo_page("not_french")["url"])
    sport = site.page(dropped_demo_page("off_topic")["url"])
    feed = site.feed("/feed.xml", [("en", english), ("sport", sport)])
    code, _, err = cli("collect", "--feed", feed, *FAST)
    assert code == 0 and "not_french 1" in err and "off_topic 1" in err
    assert exported(cli) == {}
    with CollectionStore(data_dir / "vigie.sqlite3") as store:
        reasons = dict(store.db.execute("SELECT url, reason FROM drops").fetchall())
    assert reasons == {english: "not_french", sport: "off_topic"}
    code, _, err = cli("collect", "--feed", feed, *FAST)  # known drops are not refetched
    assert "2 links already known" in err
    assert site.requests_to(urlsplit(english).path) == 1


def test_aggregator_links_resolve_to_the_publisher(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # localhost and 127.0.0.1 stand for two public hosts (aggregator, publisher): crossing
    # from one loopback origin to another needs the private-network guard lifted.
    monkeypatch.setenv("VIGIE_ALLOW_PRIVATE_NETWORKS", "1")
    publisher = Site(httpserver, host="127.0.0.1")
    aggregator = Site(httpserver, host="localhost")
    page = stored_demo_pages(kind="press")[0]
    target = publisher.page(page["url"])
    httpserver.expect_request("/rss/articles/CBMiOK").respond_with_data(
        "", status=302, headers={"Location": target}
    )
    httpserver.expect_request("/rss/articles/CBMiJS").respond_with_data(
        "<html><body><p>Redirection en cours, activez JavaScript.</p></body></html>",
        content_type="text/html",
    )
    feed = aggregator.feed(
        "/rss/search",
        [
            ("ok", aggregator.url("/rss/articles/CBMiOK")),
            ("js", aggregator.url("/rss/articles/CBMiJS")),
        ],
    )
    overlay = tmp_path / "sources.toml"
    overlay.write_text(
        f'[[source]]\nname = "Agrégateur"\nkind = "press"\nfeeds = ["{feed}"]\n'
        'domains = ["localhost"]\naggregator = true\n'
    )
    from core.cli import main

    code = main(
        [
            "--sources",
            str(overlay),
            "--data-dir",
            str(tmp_path / "d"),
            "collect",
            "--feed",
            feed,
            *FAST,
        ]
    )
    assert code == 0
    with CollectionStore(tmp_path / "d" / "vigie.sqlite3") as store:
        urls = [r[0] for r in store.db.execute("SELECT url FROM documents")]
        drops = store.db.execute("SELECT url, reason FROM drops").fetchall()
    assert urls == [target]  # the publisher's address, never the aggregator's
    assert [tuple(d) for d in drops] == [
        (aggregator.url("/rss/articles/CBMiJS"), "unresolved_aggregator")
    ]


def test_one_bad_feed_does_not_stop_the_run(cli, httpserver: HTTPServer) -> None:
    site = Site(httpserver)
    page = stored_demo_pages(kind="press")[0]
    good = site.feed("/good.xml", [("a", site.page(page["url"]))])
    httpserver.expect_request("/gone.xml").respond_with_data("", status=404)
    httpserver.expect_request("/junk.xml").respond_with_data(
        b"\x00\x01junk", content_type="text/html"
    )
    code, _, err = cli(
        "collect",
        "--feed",
        site.url("/gone.xml"),
        "--feed",
        site.url("/junk.xml"),
        "--feed",
        good,
        *FAST,
    )
    assert code == 0
    assert "1 new" in err
    assert f"failed: {site.url('/gone.xml')}: HTTP 404" in err
    assert f"failed: {site.url('/junk.xml')}: unreadable feed" in err
    assert "Traceback" not in err


def test_nothing_could_run_exits_1(cli, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/gone.xml").respond_with_data("", status=404)
    code, _, err = cli("collect", "--feed", httpserver.url_for("/gone.xml"), *FAST)
    assert code == 1 and "HTTP 404" in err


def test_offline_touches_no_network(cli, httpserver: HTTPServer) -> None:
    code, _, err = cli("collect", "--offline", "--feed", httpserver.url_for("/feed.xml"))
    assert code == 0 and "offline: 1 feeds not polled" in err
    assert len(httpserver.log) == 0


def test_failed_page_is_retried_by_the_next_run(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = Site(httpserver)
    page = stored_demo_pages(kind="press")[0]
    path = "/flaky.html"
    httpserver.expect_oneshot_request(path).respond_with_data("", status=500)
    feed = site.feed("/feed.xml", [("a", site.url(path))], etag='"v1"')
    settings = Settings(
        data_dir=tmp_path / "d",
        fetch=replace(FetchSettings(), host_interval=0.0, retries=0, backoff_base=0.0),
    )
    first = runner.collect(settings, feed_urls=[feed])
    assert first.failures == [(site.url(path), "HTTP 500")] and first.new == 0
    httpserver.clear_assertions()
    site.page(page["url"], path=path)
    second = runner.collect(settings, feed_urls=[feed])
    assert second.feeds_unchanged == 1  # the feed says nothing new: the retry comes from the store
    assert second.new == 1 and second.failures == []


@pytest.mark.parametrize("reason", ["robots"])
def test_robots_disallowed_page_is_a_named_drop(cli, httpserver: HTTPServer, reason: str) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /prive/\n", content_type="text/plain"
    )
    feed_xml = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>x</title><link>{httpserver.url_for('/prive/a.html')}</link></item>"
        f"</channel></rss>"
    )
    httpserver.expect_request("/feed.xml").respond_with_data(
        feed_xml, content_type="application/rss+xml"
    )
    code, _, err = cli("collect", "--feed", httpserver.url_for("/feed.xml"), *FAST)
    assert code == 0 and f"{reason} 1" in err
    assert all(req.path != "/prive/a.html" for req, _ in httpserver.log)


def test_robots_answer_is_kept_for_24_hours(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scheduled run every few hours asks robots.txt once a day (RFC 9309, 2.4), and still
    obeys what it said; a robots.txt that could not be read is asked again at the next run."""
    site = Site(httpserver, robots="User-agent: *\nDisallow: /prive/\n")
    page = stored_demo_pages(kind="press")[0]
    feed = site.feed(
        "/feed.xml", [("a", site.page(page["url"])), ("b", site.url("/prive/b.html"))], etag='"v1"'
    )
    settings = Settings(data_dir=tmp_path / "d", fetch=replace(FetchSettings(), host_interval=0.0))
    day = "2026-03-01T{}:00:00+00:00"
    for hour, robots_requests in (("06", 1), ("12", 1), ("18", 1)):
        monkeypatch.setenv("VIGIE_NOW", day.format(hour))
        summary = runner.collect(settings, feed_urls=[feed])
        assert site.requests_to("/robots.txt") == robots_requests
    assert summary.feeds_unchanged == 1 and site.requests_to("/prive/b.html") == 0
    monkeypatch.setenv("VIGIE_NOW", "2026-03-02T07:00:00+00:00")  # 25 hours after the answer
    runner.collect(settings, feed_urls=[feed])
    assert site.requests_to("/robots.txt") == 2
    assert site.requests_to("/prive/b.html") == 0  # the cached rules were obeyed throughout

    httpserver.clear()
    httpserver.expect_request("/robots.txt").respond_with_data("", status=503)
    other = Settings(
        data_dir=tmp_path / "e", fetch=replace(FetchSettings(), host_interval=0.0, retries=0)
    )
    for _ in range(2):
        failed = runner.collect(other, feed_urls=[feed])
        assert failed.failures and "robots.txt unavailable" in failed.failures[0][1]
    assert site.requests_to("/robots.txt") == 2  # not kept: asked at each run
