"""Google News article links decoded to the publisher (scraper.gnews), against a loopback
stand-in that speaks Google's protocol: the article page's signature and timestamp, then a
batchexecute POST of `Fbv4je` envelopes answered with `garturlres` rows."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from core import USER_AGENT
from core.settings import FetchSettings, Settings
from scraper import runner
from scraper.gnews import (
    BATCH_PATH,
    GoogleNewsDecoder,
    article_id,
    batch_body,
    decode_offline,
    parse_batch,
)
from scraper.store import CollectionStore
from tests.loopback import Site, demo_file, stored_demo_pages

FAST = ("--host-interval", "0")
# Public examples of older-format ids (the URL in clear inside the protobuf): the first from
# the googlenewsdecoder README, the second from a public Google News feed mock.
BBC_ID = (
    "CBMiLmh0dHBzOi8vd3d3LmJiYy5jb20vbmV3cy9hcnRpY2xlcy9jampqbnhkdjE4OG_SATJodHRwczovL3d3"
    "dy5iYmMuY29tL25ld3MvYXJ0aWNsZXMvY2pqam54ZHYxODhvLmFtcA"
)
LA1ERE_ID = (
    "CBMidWh0dHBzOi8vbGExZXJlLmZyYW5jZXR2aW5mby5mci9tYXJ0aW5pcXVlL2ZvcnQtZnJhbmNlL2xlLXB"
    "hcnRpLXByb2dyZXNzaXN0ZS1tYXJ0aW5pcXVhaXMtZmV0ZS1zZXMtNjUtYW5zLTEzODAyMDIuaHRtbNIBAA"
)


def _varint(n: int) -> bytes:
    out = b""
    while True:
        byte, n = n & 0x7F, n >> 7
        out += bytes([byte | (0x80 if n else 0)])
        if not n:
            return out


def message_id(payload: str) -> str:
    """An article id as Google builds them: field 1 = 19, field 4 = payload, field 26."""
    raw = payload.encode()
    blob = b"\x08\x13\x22" + _varint(len(raw)) + raw + b"\xd2\x01\x00"
    return base64.urlsafe_b64encode(blob).decode().rstrip("=")


def opaque_id(token: str) -> str:
    """A newer-format id: an `AU_yqL…` token, no URL inside."""
    return message_id("AU_yqL" + token)


def test_older_ids_decode_offline() -> None:
    assert decode_offline(BBC_ID) == "https://www.bbc.com/news/articles/cjjjnxdv188o"
    assert decode_offline(LA1ERE_ID) == (
        "https://la1ere.francetvinfo.fr/martinique/fort-france/"
        "le-parti-progressiste-martiniquais-fete-ses-65-ans-1380202.html"
    )
    long_url = "https://www.example.fr/" + "a" * 300  # a two-byte length
    assert decode_offline(message_id(long_url)) == long_url


@pytest.mark.parametrize(
    "art_id",
    [
        opaque_id("x1y2z3w4v5"),
        "CBMi",
        "!!!notbase64",
        message_id("javascript:alert(1)"),
        "CBMi" + "A" * 40,
    ],
)
def test_ids_without_a_clear_url_need_the_network(art_id: str) -> None:
    assert decode_offline(art_id) is None


def test_article_links_are_recognised_on_the_configured_base_only() -> None:
    assert article_id(f"https://news.google.com/rss/articles/{BBC_ID}?oc=5") == BBC_ID
    assert article_id(f"https://news.google.com/read/{BBC_ID}") == BBC_ID
    assert article_id("https://news.google.com/rss/search?q=x") is None
    assert article_id(f"https://evil.example/rss/articles/{BBC_ID}") is None
    base = "http://127.0.0.1:8080"
    assert article_id(f"{base}/rss/articles/{BBC_ID}", base) == BBC_ID
    assert article_id(f"http://127.0.0.1:9090/rss/articles/{BBC_ID}", base) is None


def test_batch_answer_with_length_lines_and_noise() -> None:
    rows = [
        [
            "wrb.fr",
            "Fbv4je",
            json.dumps(["garturlres", "https://a.example/1", 1]),
            None,
            None,
            None,
            "1",
        ],
        [
            "wrb.fr",
            "Fbv4je",
            json.dumps(["garturlres", "https://a.example/0", 1]),
            None,
            None,
            None,
            "0",
        ],
        ["wrb.fr", "Other", json.dumps(["garturlres", "https://evil.example/", 1])],
    ]
    body = json.dumps(rows)
    text = f')]}}\'\n\n{len(body)}\n{body}\n25\n[["di",42],["af.httprm",41]]\n'
    assert sorted(parse_batch(text)) == [("0", "https://a.example/0"), ("1", "https://a.example/1")]
    assert parse_batch(")]}'\n\nnot json at all [") == []


class StandIn:
    """A loopback Google News: article pages with signatures, the batchexecute endpoint."""

    def __init__(self, server: HTTPServer, host: str = "localhost") -> None:
        self.site = Site(server, host=host)
        self.server = server
        self.targets: dict[str, str] = {}  # article id -> publisher URL
        self.refuse: set[str] = set()  # ids whose signature the endpoint rejects
        self.wall = False  # answer 403 to everything (Google's "unusual traffic" wall)
        self.down = False  # answer 503 to the batch endpoint
        self.consent = False  # send article pages to the EU consent interstitial
        server.expect_request("/consent/").respond_with_data(
            "<html><body><form>Avant d’accéder à Google…</form></body></html>",
            content_type="text/html",
        )
        self.posts: list[list[list[object]]] = []
        server.expect_request(re.compile(r"^/rss/articles/"), method="GET").respond_with_handler(
            self.page
        )
        server.expect_request(BATCH_PATH, method="POST").respond_with_handler(self.batch)

    def link(self, art_id: str) -> str:
        return self.site.url(f"/rss/articles/{art_id}?oc=5")

    def page(self, request: Request) -> Response:
        if self.wall:
            return Response("Our systems have detected unusual traffic", status=403)
        art_id = request.path.rsplit("/", 1)[-1]
        if self.consent:
            return Response(
                "", status=302, headers={"Location": self.site.url("/consent/?continue=x")}
            )
        assert request.args.get("hl") == "fr" and request.args.get("ceid") == "FR:fr"
        return Response(
            f'<html><body><c-wiz><div jscontroller="aLI87" data-n-a-id="{art_id}"'
            f' data-n-a-ts="1733300000" data-n-a-sg="SIG-{art_id[-8:]}"></div></c-wiz>'
            "<script>window.location = '…';</script></body></html>",
            content_type="text/html; charset=utf-8",
        )

    def batch(self, request: Request) -> Response:
        if self.wall:
            return Response("", status=403)
        if self.down:
            return Response("", status=503)
        assert request.headers["User-Agent"] == USER_AGENT
        assert request.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
        envelopes = json.loads(parse_qs(request.get_data(as_text=True))["f.req"][0])[0]
        self.posts.append(envelopes)
        rows = []
        for rpc, inner_text, _, req_id in envelopes:
            assert rpc == "Fbv4je"
            name, _context, art_id, ts, sig = json.loads(inner_text)
            assert name == "garturlreq" and ts == 1733300000
            if sig != f"SIG-{art_id[-8:]}" or art_id in self.refuse:
                rows.append(["er", None, None, None, None, 400, None, None, None, 3])
                continue
            payload = json.dumps(["garturlres", self.targets[art_id], 1])
            rows.append(["wrb.fr", "Fbv4je", payload, None, None, None, req_id])
        body = json.dumps(rows)
        tail = '[["di",17],["af.httprm",16,"-1",2]]'
        return Response(
            f")]}}'\n\n{len(body)}\n{body}\n{len(tail)}\n{tail}\n",
            content_type="application/json; charset=utf-8",
        )

    def page_requests(self) -> int:
        return sum(
            1
            for req, _ in self.server.log
            if req.path.startswith("/rss/articles/") and req.host.startswith("localhost")
        )


def gnews_feed(site: Site, items: list[tuple[str, str, str, str]]) -> str:
    """A Google News style feed: (title, link, publisher name, publisher URL) items."""
    body = "".join(
        f"<item><title>{title} - {name}</title><link>{link}</link>"
        f'<source url="{home}">{name}</source></item>'
        for title, link, name, home in items
    )
    xml = (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Google News</title><link>http://localhost/</link>{body}</channel></rss>"
    )
    site.server.expect_request("/rss/search").respond_with_data(
        xml, content_type="application/rss+xml"
    )
    return site.url("/rss/search")


@pytest.fixture
def google(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> StandIn:
    stand_in = StandIn(httpserver)
    monkeypatch.setenv("VIGIE_GOOGLE_NEWS_URL", stand_in.site.url(""))
    # localhost (Google) and 127.0.0.1 (publishers) stand for public hosts: a decoded address
    # crossing from one loopback origin to another needs the private-network guard lifted
    # (test_decoded_addresses_go_through_the_private_network_guard runs with it).
    monkeypatch.setenv("VIGIE_ALLOW_PRIVATE_NETWORKS", "1")
    return stand_in


def _rows(data_dir: Path, query: str) -> list[tuple[object, ...]]:
    with CollectionStore(data_dir / "vigie.sqlite3") as store:
        return [tuple(r) for r in store.db.execute(query).fetchall()]


def test_collect_decodes_links_in_one_batch_and_falls_back(
    cli, httpserver: HTTPServer, google: StandIn, data_dir: Path
) -> None:
    publisher = Site(httpserver, host="127.0.0.1")
    pages = stored_demo_pages(kind="press")[:2]
    first, second = (publisher.page(p["url"]) for p in pages)
    online, refused, clear = opaque_id("one11111"), opaque_id("two22222"), message_id(second)
    google.targets[online] = first
    google.refuse.add(refused)
    home = publisher.url("/")
    feed = gnews_feed(
        google.site,
        [
            ("Premier article", google.link(online), "Le Courrier", home),
            ("Article introuvable", google.link(refused), "Le Courrier", home),
            ("Second article", google.link(clear), "Le Courrier", home),
        ],
    )
    code, _, err = cli("collect", "--feed", feed, *FAST)
    assert code == 0, err
    assert "2 new" in err and "Google News links decoded to their publisher: 2" in err
    stored = {r[0] for r in _rows(data_dir, "SELECT url FROM documents")}
    assert stored == {first, second}
    assert not any("localhost" in url for url in stored)  # never under the aggregator
    assert len(google.posts) == 1 and len(google.posts[0]) == 2  # one batch, offline id apart
    assert google.page_requests() == 2  # the older id was decoded without a request
    links = dict(_rows(data_dir, "SELECT url, outcome FROM links"))
    assert links[google.link(online)] == "stored" and links[google.link(clear)] == "stored"
    drops = _rows(data_dir, "SELECT url, reason, detail FROM drops")
    assert [(url, reason) for url, reason, _ in drops] == [
        (google.link(refused), "unresolved_aggregator")
    ]
    assert "publisher: Le Courrier" in drops[0][2] and "Article introuvable" in drops[0][2]
    # A second run decodes nothing again: every link is known.
    code, _, err = cli("collect", "--feed", feed, *FAST)
    assert code == 0 and "3 links already known" in err
    assert len(google.posts) == 1 and google.page_requests() == 2


def test_decoded_addresses_go_through_the_private_network_guard(
    cli, httpserver: HTTPServer, google: StandIn, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the operator's origins may be private: the feed (`--feed`, on 127.0.0.1) and the
    Google News base (VIGIE_GOOGLE_NEWS_URL, on localhost) are reached; a publisher address
    decoded from a batch answer or from an older id is content, and one on another private
    origin is dropped as `private_network` without a request (issue 16)."""
    monkeypatch.delenv("VIGIE_ALLOW_PRIVATE_NETWORKS")
    publisher = Site(httpserver, host="127.0.0.1")
    target = publisher.page(stored_demo_pages(kind="press")[0]["url"])
    port = urlsplit(target).port
    httpserver.expect_request("/admin.html").respond_with_data("secret")
    decimal = f"http://2130706433:{port}/admin.html"
    mapped = f"http://[::ffff:127.0.0.1]:{port}/admin.html"
    online, internal, clear = opaque_id("pub11111"), opaque_id("int22222"), message_id(mapped)
    google.targets.update({online: target, internal: decimal})
    feed = gnews_feed(
        publisher,
        [
            ("Article", google.link(online), "Le Courrier", publisher.url("/")),
            ("Interne", google.link(internal), "Le Courrier", publisher.url("/")),
            ("En clair", google.link(clear), "Le Courrier", publisher.url("/")),
        ],
    )
    code, _, err = cli("collect", "--feed", feed, *FAST)
    assert code == 0, err
    assert "1 new" in err and "Google News links decoded to their publisher: 3" in err, err
    assert google.page_requests() == 2 and len(google.posts) == 1  # the base is named
    assert _rows(data_dir, "SELECT url FROM documents") == [(target,)]
    drops = dict(_rows(data_dir, "SELECT url, reason FROM drops"))
    assert drops == {decimal: "private_network", mapped: "private_network"}, err
    assert not any(req.path == "/admin.html" for req, _ in httpserver.log)
    links = dict(_rows(data_dir, "SELECT url, outcome FROM links"))
    assert links[google.link(internal)] == links[google.link(clear)] == "dropped"
    code, _, err = cli("collect", "--feed", feed, *FAST)  # nothing is decoded again
    assert code == 0 and "3 links already known" in err, err
    assert google.page_requests() == 2 and len(google.posts) == 1


def test_google_news_links_take_their_share_of_the_page_budget(
    cli, httpserver: HTTPServer, google: StandIn, data_dir: Path
) -> None:
    """`--max-pages` bounds decoding too: a Google News link takes its page's budget when it is
    queued for decoding; the rest is deferred (not decoded) and read again by the next run."""
    publisher = Site(httpserver, host="127.0.0.1")
    targets = [publisher.page(p["url"]) for p in stored_demo_pages(kind="press")[:3]]
    ids = [opaque_id(f"budget{i:02d}") for i in range(3)]
    google.targets.update(zip(ids, targets, strict=True))
    feed = gnews_feed(
        google.site, [(f"t{i}", google.link(a), "X", publisher.url("/")) for i, a in enumerate(ids)]
    )
    code, _, err = cli("collect", "--feed", feed, "--max-pages", "2", *FAST)
    assert code == 0, err
    assert "2 new" in err and "deferred: 1 pages past the per-run cap" in err, err
    assert google.page_requests() == 2 and sum(len(p) for p in google.posts) == 2
    code, _, err = cli("collect", "--feed", feed, "--max-pages", "2", *FAST)
    assert code == 0 and "1 new" in err and "deferred" not in err, err
    assert google.page_requests() == 3
    assert {r[0] for r in _rows(data_dir, "SELECT url FROM documents")} == set(targets)


def test_a_decoding_failure_is_a_poison_drop_of_each_link(
    cli, httpserver: HTTPServer, google: StandIn, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever decoding makes the code raise, the batch's links are `poison` drops (never
    decoded again) and the feed's other items are still collected (issue 16)."""
    publisher = Site(httpserver, host="127.0.0.1")
    own = publisher.page(stored_demo_pages(kind="press")[0]["url"])

    def broken(*_: object) -> None:
        raise ValueError("unforeseen answer")

    monkeypatch.setattr(GoogleNewsDecoder, "decode", broken)
    ids = [opaque_id(f"poison{i:02d}") for i in range(2)]
    feed = gnews_feed(
        google.site,
        [
            ("own", own, "X", ""),
            *((f"t{i}", google.link(a), "X", publisher.url("/")) for i, a in enumerate(ids)),
        ],
    )
    code, _, err = cli("collect", "--feed", feed, *FAST)
    assert code == 0 and "1 new" in err, err
    drops = _rows(data_dir, "SELECT url, reason, detail FROM drops ORDER BY url")
    assert [(u, r) for u, r, _ in drops] == [(google.link(a), "poison") for a in sorted(ids)]
    assert all("ValueError: unforeseen answer" in detail for _, _, detail in drops)
    assert "3 links already known" in cli("collect", "--feed", feed, *FAST)[2]


def test_undecodable_link_takes_the_stored_article_with_its_title(
    cli, httpserver: HTTPServer, google: StandIn, data_dir: Path
) -> None:
    publisher = Site(httpserver, host="127.0.0.1")
    page = stored_demo_pages(kind="press")[0]
    url = publisher.page(page["url"])
    own_feed = publisher.feed("/own.xml", [(page["title"], url)])
    assert cli("collect", "--feed", own_feed, *FAST)[0] == 0
    title = _rows(data_dir, "SELECT title FROM documents")[0][0]
    refused = opaque_id("three333")
    google.refuse.add(refused)
    feed = gnews_feed(
        google.site, [(str(title), google.link(refused), "Le Courrier", publisher.url("/"))]
    )
    code, _, err = cli("collect", "--feed", feed, *FAST)
    assert code == 0 and "1 links already known" in err, err
    assert _rows(data_dir, "SELECT COUNT(*) FROM drops") == [(0,)]
    assert dict(_rows(data_dir, "SELECT url, outcome FROM links"))[google.link(refused)] == "stored"


def test_a_wall_at_google_is_blocked_not_hammered(
    cli, httpserver: HTTPServer, google: StandIn, data_dir: Path
) -> None:
    google.wall = True
    ids = [opaque_id(f"wall{i:04d}") for i in range(14)]  # two batches
    feed = gnews_feed(
        google.site,
        [(f"t{i}", google.link(a), "X", "http://127.0.0.1/") for i, a in enumerate(ids)],
    )
    code, _, err = cli("collect", "--feed", feed, *FAST)
    assert code == 0, err
    assert google.page_requests() == 1  # the first 403 stops every batch of the run
    reasons = _rows(data_dir, "SELECT reason, detail FROM drops ORDER BY url")
    assert [r for r, _ in reasons] == ["blocked"] * 14
    assert all("localhost" in detail and "403" in detail for _, detail in reasons)


def test_the_consent_interstitial_is_a_wall(
    cli, httpserver: HTTPServer, google: StandIn, data_dir: Path
) -> None:
    google.consent = True
    ids = [opaque_id(f"cons{i:04d}") for i in range(3)]
    feed = gnews_feed(
        google.site,
        [(f"t{i}", google.link(a), "X", "http://127.0.0.1/") for i, a in enumerate(ids)],
    )
    assert cli("collect", "--feed", feed, *FAST)[0] == 0
    assert google.page_requests() == 1 and google.posts == []
    reasons = _rows(data_dir, "SELECT reason, detail FROM drops ORDER BY url")
    assert [r for r, _ in reasons] == ["blocked"] * 3
    assert all("consent page at localhost" in detail for _, detail in reasons)


def test_batch_body_is_the_web_clients_form() -> None:
    body = batch_body([("0", "CBMiXYZ", "1733300000", "SIG")]).decode()
    assert body.startswith("f.req=")
    envelopes = json.loads(parse_qs(body)["f.req"][0])[0]
    rpc, inner, _, req_id = envelopes[0]
    name, context, art_id, ts, sig = json.loads(inner)
    assert (rpc, req_id, name, art_id, ts, sig) == (
        "Fbv4je",
        "0",
        "garturlreq",
        "CBMiXYZ",
        1733300000,
        "SIG",
    )
    assert context[0][7] == "FR:fr"


def down_link(httpserver: HTTPServer, google: StandIn, token: str) -> tuple[Site, str, str]:
    """A publisher page behind an opaque id, with the batch endpoint down (503): the
    publisher site, the page's address, the id."""
    publisher = Site(httpserver, host="127.0.0.1")
    target = publisher.page(stored_demo_pages(kind="press")[0]["url"])
    art_id = opaque_id(token)
    google.targets[art_id] = target
    google.down = True
    return publisher, target, art_id


def test_an_endpoint_down_is_tried_again_next_run(
    httpserver: HTTPServer, google: StandIn, tmp_path: Path
) -> None:
    publisher, target, art_id = down_link(httpserver, google, "down5555")
    feed = gnews_feed(google.site, [("Titre", google.link(art_id), "X", publisher.url("/"))])
    settings = Settings(
        data_dir=tmp_path / "data",
        fetch=FetchSettings(host_interval=0, backoff_base=0.01, retries=1),
    )
    first = runner.collect(settings, feed_urls=[feed])
    assert first.new == 0 and not first.drops
    assert [url for url, _ in first.failures] == [google.link(art_id)]
    assert "HTTP 503" in first.failures[0][1]
    google.down = False
    second = runner.collect(settings, feed_urls=[feed])
    assert second.new == 1 and second.decoded == 1
    assert _rows(tmp_path / "data", "SELECT url FROM documents") == [(target,)]
    assert _rows(tmp_path / "data", "SELECT COUNT(*) FROM failures") == [(0,)]


def test_a_link_left_by_a_failure_is_decoded_even_when_its_feed_answers_304(
    httpserver: HTTPServer, google: StandIn, tmp_path: Path
) -> None:
    _, _, art_id = down_link(httpserver, google, "etag6666")
    item = ("Titre", google.link(art_id))
    feed = Site(httpserver, host="localhost").feed("/etag.xml", [item], etag='"v1"')
    settings = Settings(
        data_dir=tmp_path / "data",
        fetch=FetchSettings(host_interval=0, backoff_base=0.01, retries=0),
    )
    assert runner.collect(settings, feed_urls=[feed]).failures
    google.down = False
    second = runner.collect(settings, feed_urls=[feed])
    assert second.feeds_unchanged == 1  # the feed said 304: the link came from the failures
    assert second.new == 1 and second.decoded == 1


@examples(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=300))
def test_hostile_ids_never_raise_and_give_only_web_addresses(art_id: str) -> None:
    url = decode_offline(art_id)
    assert url is None or (url.startswith(("http://", "https://")) and " " not in url)


@examples(max_examples=200, deadline=None, derandomize=True)
@given(st.binary(max_size=200))
def test_hostile_protobuf_bytes_never_raise(blob: bytes) -> None:
    art_id = base64.urlsafe_b64encode(blob).decode().rstrip("=")
    url = decode_offline(art_id)
    assert url is None or url.startswith(("http://", "https://"))


@examples(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=400))
def test_hostile_batch_answers_never_raise(text: str) -> None:
    for req_id, url in parse_batch(")]}'\n" + text):
        assert isinstance(url, str) and (req_id is None or isinstance(req_id, str))


def test_two_links_decoding_to_one_page_both_lead_to_its_document(
    cli, httpserver: HTTPServer, google: StandIn, data_dir: Path
) -> None:
    """Two Google News links of one run decode to the same publisher page, queued once: the
    second link is not saved as a drop without a document but linked to the document stored
    a moment later (and a later run decodes neither again)."""
    publisher = Site(httpserver, host="127.0.0.1")
    url = publisher.page(stored_demo_pages(kind="press")[0]["url"])
    online = opaque_id("same1111")
    google.targets[online] = url
    home = publisher.url("/")
    feed = gnews_feed(
        google.site,
        [
            ("Article", google.link(online), "Le Courrier", home),
            ("Article bis", google.link(message_id(url)), "Le Courrier", home),
        ],
    )
    code, _, err = cli("collect", "--feed", feed, *FAST)
    assert code == 0 and "1 new" in err, err
    ((doc_id,),) = _rows(data_dir, "SELECT id FROM documents")
    links = {
        u: (d, o) for u, d, o in _rows(data_dir, "SELECT url, document_id, outcome FROM links")
    }
    assert links[google.link(online)] == (doc_id, "stored")
    assert links[google.link(message_id(url))] == (doc_id, "stored")
    assert _rows(data_dir, "SELECT COUNT(*) FROM drops") == [(0,)]
    code, _, err = cli("collect", "--feed", feed, *FAST)
    assert code == 0 and "2 links already known" in err, err


def test_a_link_to_a_page_that_failed_in_the_same_run_is_decoded_again_later(
    cli, httpserver: HTTPServer, google: StandIn, data_dir: Path
) -> None:
    """When the shared page fails, both links are left to a later run (not dropped)."""
    publisher = Site(httpserver, host="127.0.0.1")
    url = publisher.url("/gone.html")
    httpserver.expect_request("/gone.html").respond_with_data("", status=404)
    online = opaque_id("gone1111")
    google.targets[online] = url
    feed = gnews_feed(
        google.site,
        [
            ("A", google.link(online), "X", publisher.url("/")),
            ("B", google.link(message_id(url)), "X", publisher.url("/")),
        ],
    )
    assert cli("collect", "--feed", feed, *FAST)[0] == 0
    failed = {r[0] for r in _rows(data_dir, "SELECT url FROM failures")}
    assert google.link(message_id(url)) in failed and url in failed
    assert not {google.link(online), google.link(message_id(url))} & {
        r[0] for r in _rows(data_dir, "SELECT url FROM links")
    }


def test_a_too_complex_page_reached_through_google_news_is_asked_again_once_changed(
    cli, httpserver: HTTPServer, google: StandIn, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Google News links of a too complex page stay known (never decoded again), but they
    lead to the page: when they come back after --poison-recheck-days, the page is asked
    again once, conditionally (304: not processed); once changed it is stored, and both links
    then lead to its document (issue 16)."""
    publisher = Site(httpserver, host="127.0.0.1")
    demo = stored_demo_pages(kind="press")[0]["url"]
    good = demo_file(demo).read_bytes()
    page = {"body": good.replace(b"</body>", b"<p>a</p>" * 30_000 + b"</body>"), "etag": "v1"}

    def versioned(request: Request) -> Response:
        etag = f'"{page["etag"]}"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(
            page["body"], content_type="text/html; charset=utf-8", headers={"ETag": etag}
        )

    httpserver.expect_request("/flood.html").respond_with_handler(versioned)
    url = publisher.url("/flood.html")
    online, other = opaque_id("flood111"), opaque_id("flood222")
    google.targets.update({online: url, other: url})
    link, second = google.link(online), google.link(other)  # the second: an alias of a drop
    feed = gnews_feed(
        google.site,
        [
            ("Article", link, "Le Courrier", publisher.url("/")),
            ("Article bis", second, "Le Courrier", publisher.url("/")),
        ],
    )

    def run(day: int, hour: int = 6) -> str:
        monkeypatch.setenv("VIGIE_NOW", f"2026-03-{day:02d}T{hour:02d}:00:00+00:00")
        code, _, err = cli("collect", "--feed", feed, *FAST)
        assert code == 0, err
        return err

    def asked() -> list[str | None]:
        return [
            req.headers.get("If-None-Match")
            for req, _ in httpserver.log
            if req.path == "/flood.html"
        ]

    run(1)
    assert _rows(data_dir, "SELECT url, reason FROM drops") == [(url, "too_complex")]
    assert (asked(), len(google.posts), google.page_requests()) == ([None], 1, 2)
    assert _rows(data_dir, "SELECT link, url FROM poison_aliases ORDER BY link") == sorted(
        [(link, url), (second, url)]
    )
    run(1, 18)  # the link comes back within the delay: no request to the publisher
    assert asked() == [None]
    err = run(9)  # after the delay, unchanged: one conditional request, nothing processed
    assert asked() == [None, '"v1"'] and "1 unchanged" in err, err
    assert _rows(data_dir, "SELECT COUNT(*) FROM documents") == [(0,)]
    page["body"], page["etag"] = good, "v2"  # the page changed: processed and stored
    err = run(17)
    assert asked() == [None, '"v1"', '"v1"'] and "1 new" in err, err
    ((doc_id,),) = _rows(data_dir, "SELECT id FROM documents")
    links = {
        u: (d, o) for u, d, o in _rows(data_dir, "SELECT url, document_id, outcome FROM links")
    }
    assert links[link] == links[second] == links[url] == (doc_id, "stored")
    assert len(google.posts) == 1 and google.page_requests() == 2  # never decoded again
    assert _rows(data_dir, "SELECT COUNT(*) FROM poison_aliases") == [(0,)]
