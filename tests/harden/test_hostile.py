"""Hostile sources on loopback (issue 16): private networks, forged canonical links, poison
pills, bounded work. Every case runs a real `vigie collect` (or `ingest`, `check`) and checks
what must and must not reach the store.
"""

from __future__ import annotations

import socket
import sqlite3
from html import escape
from pathlib import Path

import pytest

from bench.storefix import fixture_store
from tests.harden.faultserver import Behaviour, FaultServer, answer
from tests.harden.harness import query
from tests.loopback import demo_file, rss, stored_demo_pages

GOOD = stored_demo_pages(kind="press")[0]
GOOD_BODY = demo_file(str(GOOD["url"])).read_bytes()
SECRET = "Dossier interne : mot de passe du serveur de sauvegarde"
PRIVATE = "private network address refused"


def page(body: bytes = GOOD_BODY, marker: str = "") -> Behaviour:
    """The good article (optionally with a marker sentence in its first paragraph)."""
    if marker:
        body = body.replace(b"<p>", f"<p>{marker}. ".encode(), 1)
    return answer(body, content_type="text/html; charset=utf-8")


def serve_feed(server: FaultServer, *links: str, path: str = "/feed.xml") -> str:
    """An RSS feed listing `links`."""
    return server.route(
        path,
        answer(
            rss([(f"item {n}", u) for n, u in enumerate(links)]), content_type="application/rss+xml"
        ),
    )


def store_text(db: object) -> str:
    """Every text column the store keeps about links, documents and fetches, joined."""
    rows = []
    for table in ("documents", "revisions", "links", "drops", "failures", "fetch_log"):
        cols = [r[1] for r in query(db, f"PRAGMA table_info({table})")]  # type: ignore[arg-type]
        rows += query(db, f"SELECT * FROM {table}")  # type: ignore[arg-type]
        assert cols
    return "\n".join(str(v) for row in rows for v in row)


# -- private networks ------------------------------------------------------------------------


def test_content_links_never_reach_another_private_origin(
    faults: FaultServer, other_faults: FaultServer, collect
) -> None:
    good = faults.route("/good.html", page())
    internal = other_faults.route("/admin.html", page(marker=SECRET))
    decimal = f"http://2130706433:{other_faults.port}/admin.html"
    mapped = f"http://[::ffff:127.0.0.1]:{other_faults.port}/admin.html"
    hop = faults.route("/hop.html", answer(b"", status=302, headers={"Location": internal}))
    closed = "http://127.0.0.1:1/admin.html"
    feed = serve_feed(faults, good, internal, decimal, mapped, hop, closed)
    run = collect(feed)
    assert run.code == 0, run.err
    assert run.documents() == [good]
    assert other_faults.requests == []  # not even robots.txt
    drops = dict(query(run.db, "SELECT url, reason FROM drops"))
    for bad in (internal, decimal, mapped, hop, closed):
        assert drops.get(bad) == "private_network", (drops, run.err, run.out)
    # a closed port and an open one give the same line: the run scans no network
    named = [line.strip() for line in run.err.splitlines() if "admin.html" in line]
    assert len(named) == 4 and {line.rsplit("admin.html ", 1)[1] for line in named} == {
        f"({PRIVATE} (not an origin named by the operator))"
    }, run.err
    assert SECRET not in store_text(run.db)


def test_lifting_the_guard_reaches_another_private_origin(
    faults: FaultServer, other_faults: FaultServer, collect, monkeypatch
) -> None:
    monkeypatch.setenv("VIGIE_ALLOW_PRIVATE_NETWORKS", "1")
    internal = other_faults.route("/admin.html", page())
    run = collect(serve_feed(faults, internal))
    assert run.code == 0 and run.documents() == [internal], run.err


def test_userinfo_is_never_sent_logged_or_stored(
    faults: FaultServer, collect, data_dir: Path
) -> None:
    faults.route("/good.html", page())
    link = f"http://admin:hunter2@127.0.0.1:{faults.port}/good.html"
    feed = serve_feed(faults, link)
    data_dir.mkdir(parents=True, exist_ok=True)  # the registry overlay names it too
    (data_dir / "sources.toml").write_text(
        '[[source]]\nname = "Intranet"\nkind = "press"\nfeeds = ["'
        + feed.replace("http://", "http://regis:regpass@")
        + '"]\n',
        encoding="utf-8",
    )
    run = collect(feed.replace("http://", "http://feeduser:feedpass@"))
    assert run.code == 0, run.err
    assert run.documents() == [faults.url("/good.html")]
    heads = b"\n".join(faults.heads).lower()
    assert b"authorization" not in heads and faults.hits("/good.html") == 1
    text = store_text(run.db) + "\n".join(
        str(v)
        for table in ("feed_state", "sources", "runs")
        for row in query(run.db, f"SELECT * FROM {table}")
        for v in row
    )
    for secret in ("hunter2", "admin:", "feedpass", "feeduser", "regpass"):
        assert secret not in text and secret not in run.err + run.out


@pytest.mark.parametrize("spelling", ["127.0.0.1", "localhost"])
def test_a_named_private_feed_still_works(spelling: str, faults: FaultServer, collect) -> None:
    good = faults.url("/good.html").replace("127.0.0.1", spelling)
    faults.route("/good.html", page())
    feed = serve_feed(faults, good).replace("127.0.0.1", spelling)
    run = collect(feed)
    assert run.code == 0 and run.documents() == [good], run.err


def test_a_name_rebound_to_loopback_is_refused_at_connect(faults: FaultServer, monkeypatch) -> None:
    """DNS rebinding: the pre-flight check sees a public address, the connection a private
    one; the connection-time check (the same rule, on the addresses connected to) refuses."""
    from scraper.errors import PrivateNetworkRefused
    from scraper.fetch import Fetcher
    from tests.harden.harness import FAST

    faults.route("/good.html", page())
    real = socket.getaddrinfo
    answers = iter(["93.184.216.34"])

    def rebinding(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host == "rebind.test":
            address = next(answers, "127.0.0.1")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with Fetcher(FAST) as fetcher, pytest.raises(PrivateNetworkRefused):
        fetcher.get(f"http://rebind.test:{faults.port}/good.html")
    assert faults.requests == []


# -- forged canonical links ------------------------------------------------------------------

INGEST = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
ARS = "https://www.normandie.ars.sante.fr/communique-cyberattaque"
FORGED = "Les dossiers médicaux de 500 000 patients ont été dérobés et mis en vente"


def forged_page(tmp_path: Path, canonical: str, name: str = "forged.html") -> Path:
    """The communiqué's text with a forged sentence, its canonical link naming `canonical`."""
    lines = (INGEST / "communique_grades.txt").read_text(encoding="utf-8").splitlines()
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines[1:] if line.strip())
    html = (
        f'<html lang="fr"><head><title>{escape(lines[0])}</title>'
        f'<link rel="canonical" href="{canonical}"></head><body><article>'
        f"<h1>{escape(lines[0])}</h1><p>{FORGED}.</p>{paragraphs}</article></body></html>"
    )
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def official_first(cli, url: str = ARS) -> None:
    code, _, err = cli(
        "ingest",
        str(INGEST / "communique_grades.txt"),
        "--kind",
        "official",
        "--url",
        url,
        "--published",
        "2025-09-08",
    )
    assert code == 0 and "1 new" in err, err


def stored(data_dir: Path) -> dict[str, tuple[object, ...]]:
    """url -> (kind, source, revisions, latest text) of every stored document."""
    rows = query(
        data_dir / "vigie.sqlite3",
        "SELECT d.url, d.kind, d.source,"
        " (SELECT COUNT(*) FROM revisions r WHERE r.document_id = d.id),"
        " (SELECT text FROM revisions r WHERE r.document_id = d.id"
        "  ORDER BY revno DESC LIMIT 1) FROM documents d",
    )
    return {str(r[0]): r[1:] for r in rows}


@pytest.mark.parametrize(
    "address",
    [
        "https://blog-perso.sante.fr/billet",  # same registrable domain, another source
        "https://www.fake-ars.gouv.fr/cp",  # gouv.fr is a public suffix: another site
    ],
)
def test_ingest_canonical_never_revises_an_official_communique(
    address: str, cli, data_dir: Path, tmp_path: Path
) -> None:
    official_first(cli)
    code, _, err = cli(
        "ingest", str(forged_page(tmp_path, ARS)), "--kind", "press", "--url", address
    )
    assert code == 0, err
    docs = stored(data_dir)
    assert docs[ARS][:3] == ("official", "ARS Normandie", 1)
    assert FORGED not in str(docs[ARS][3])
    assert docs[address][0] == "press" and FORGED in str(docs[address][3])


def test_canonical_within_one_source_still_moves_the_document(
    cli, data_dir: Path, tmp_path: Path
) -> None:
    page = forged_page(tmp_path, ARS)
    code, _, err = cli("ingest", str(page), "--kind", "official", "--url", ARS + "?print=1")
    assert code == 0, err
    assert list(stored(data_dir)) == [ARS]


LE_MONDE = "https://www.lemonde.fr/pixels/article/2025/09/08/cyberattaque-grades.html"


@pytest.mark.parametrize(
    ("host", "target", "kind"),
    [
        ("blog-perso.sante.fr", ARS, "official"),  # same registrable domain, another source
        ("blog.lemonde.fr", LE_MONDE, "press"),  # Le Monde's domain, reached via an aggregator
    ],
)
def test_collect_canonical_never_revises_another_sources_document(
    host: str,
    target: str,
    kind: str,
    faults: FaultServer,
    collect,
    cli,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch,
) -> None:
    """Through collect, from an aggregator's feed: a page on `host` (resolved to loopback
    for the test) names a stored document of another source as canonical; that document
    keeps its one revision, the page is stored at its own address."""
    code, _, err = cli(
        "ingest",
        str(INGEST / "communique_grades.txt"),
        "--kind",
        kind,
        "--url",
        target,
        "--published",
        "2025-09-08",
    )
    assert code == 0, err
    owner = stored(data_dir)[target][:3]
    real = socket.getaddrinfo

    def resolve(name, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        return real("127.0.0.1" if name == host else name, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    # the aggregator's feed and `host` stand for two public hosts: the guard is lifted
    monkeypatch.setenv("VIGIE_ALLOW_PRIVATE_NETWORKS", "1")
    faults.route(
        "/billet.html",
        answer(forged_page(tmp_path, target).read_bytes(), content_type="text/html; charset=utf-8"),
    )
    page_url = f"http://{host}:{faults.port}/billet.html"
    feed = serve_feed(faults, page_url)
    (data_dir / "sources.toml").write_text(
        f'[[source]]\nname = "Agrégateur"\nkind = "press"\nfeeds = ["{feed}"]\naggregator = true\n',
        encoding="utf-8",
    )
    run = collect(feed)
    assert run.code == 0, run.err
    docs = stored(data_dir)
    assert docs[target][:3] == owner and owner[2] == 1
    assert FORGED not in str(docs[target][3])
    assert FORGED in str(docs[page_url][3])


# -- poison pills: one item or page never stops the run ----------------------------------------


def raw_feed(server: FaultServer, items: list[tuple[str, str]]) -> str:
    """An RSS feed whose titles and links are written raw (character references kept)."""
    body = "".join(f"<item><title>{t}</title><link>{u}</link></item>" for t, u in items)
    return server.route(
        "/feed.xml",
        answer(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            f"<link>http://localhost/</link>{body}</channel></rss>",
            content_type="application/rss+xml",
        ),
    )


def untitled(body: bytes) -> bytes:
    """The good page without its <title> (the feed item's title is then used)."""
    start, end = body.find(b"<title>"), body.find(b"</title>")
    return body[:start] + body[end + len(b"</title>") :]


POISON_TITLES = {
    "surrogate_pair": "Fuite &#xD83D;&#xDE31; au CHU",
    "lone_surrogate": "Fuite &#xD800; au CHU",
    "huge_reference": "Fuite &#99999999999999; au CHU",
}


@pytest.mark.parametrize("name", sorted(POISON_TITLES))
def test_poison_feed_title_never_stops_the_run(name: str, faults: FaultServer, collect) -> None:
    good = faults.route("/good.html", page())
    poison = faults.route(
        "/poison.html",
        answer(
            untitled(GOOD_BODY.replace(b"<p>", b"<p>Suite de notre enqu\xc3\xaate. ", 1)),
            content_type="text/html",
        ),
    )
    run = collect(raw_feed(faults, [("Bon", good), (POISON_TITLES[name], poison)]))
    assert run.code == 0, run.err
    assert "internal error" not in run.err and "Traceback" not in run.err
    assert good in run.documents()
    titles = [str(r[0]) for r in query(run.db, "SELECT title FROM documents")]
    for title in titles:  # stored text is valid UTF-8: no surrogate reached the store
        title.encode("utf-8")


@pytest.mark.parametrize("port", ["99999", "abc"])
def test_bad_port_in_a_link_or_canonical_never_stops_the_run(
    port: str, faults: FaultServer, collect
) -> None:
    good = faults.route("/good.html", page())
    canonical = faults.route(
        "/canon.html",
        answer(
            GOOD_BODY.replace(
                b"<head>",
                f'<head><link rel="canonical" href="http://127.0.0.1:{port}/x">'.encode(),
                1,
            ).replace(b"<p>", b"<p>Suite de notre enqu\xc3\xaate. ", 1),
            content_type="text/html",
        ),
    )
    bad = f"http://127.0.0.1:{port}/page.html"
    run = collect(raw_feed(faults, [("Bon", good), ("Port", bad), ("Canon", canonical)]))
    assert run.code == 0, run.err
    assert "internal error" not in run.err
    assert good in run.documents() and canonical in run.documents()


@pytest.mark.parametrize("charset", ["base64", "hex", "rot13", "zlib", "bz2", "uu"])
def test_non_text_charset_never_stops_the_run(charset: str, faults: FaultServer, collect) -> None:
    good = faults.route("/good.html", page())
    bad = faults.route(
        "/bad.html",
        answer(
            GOOD_BODY.replace(b"<p>", b"<p>Suite. ", 1),
            content_type=f"text/html; charset={charset}",
        ),
    )
    meta = faults.route(
        "/meta.html",
        answer(
            GOOD_BODY.replace(b"<head>", f'<head><meta charset="{charset}">'.encode(), 1).replace(
                b"<p>", b"<p>Encore. ", 1
            ),
            content_type="text/html",
        ),
    )
    run = collect(raw_feed(faults, [("Bon", good), ("Bad", bad), ("Meta", meta)]))
    assert run.code == 0, run.err
    assert "internal error" not in run.err
    assert good in run.documents()


def fail_on(monkeypatch: pytest.MonkeyPatch, module: object, suffix: str) -> None:
    """Make `module.extract_bytes` raise an unforeseen error for URLs ending in `suffix`."""
    real = module.extract_bytes  # type: ignore[attr-defined]

    def extract(body: bytes, url: str, **kwargs: object):  # type: ignore[no-untyped-def]
        if url.endswith(suffix):
            raise RuntimeError("a bug met an input nobody foresaw")
        return real(body, url, **kwargs)

    monkeypatch.setattr(module, "extract_bytes", extract)


def test_any_page_failure_is_a_named_poison_drop_never_fetched_again(
    faults: FaultServer, collect, monkeypatch
) -> None:
    """Whatever a page makes the code raise is caught at that page: the run goes on, the
    good documents are saved, the page is a `poison` drop and the next run skips it."""
    import scraper.collect

    good = faults.route("/good.html", page())
    bad = faults.route("/bad.html", page(marker="Suite"))
    fail_on(monkeypatch, scraper.collect, "/bad.html")
    feed = serve_feed(faults, good, bad)
    run = collect(feed)
    assert run.code == 0 and run.documents() == [good], run.err
    assert query(run.db, "SELECT reason, detail FROM drops WHERE url = ?", bad) == [
        ("poison", "RuntimeError: a bug met an input nobody foresaw")
    ]
    assert [line.strip() for line in run.err.splitlines() if bad in line] == [
        f"dropped poison: {bad} (RuntimeError: a bug met an input nobody foresaw)"
    ]
    again = collect(feed)
    assert again.code == 0 and faults.hits("/bad.html") == 1, again.err


# -- bounded work ------------------------------------------------------------------------------


def many_pages(server: FaultServer, count: int) -> list[str]:
    return [server.route(f"/p{n}.html", page(marker=f"Article {n}")) for n in range(count)]


def test_entries_per_feed_are_capped(faults: FaultServer, collect) -> None:
    links = many_pages(faults, 5)
    run = collect(serve_feed(faults, *links), options=("--max-feed-items", "3"))
    assert run.code == 0, run.err
    assert sum(faults.hits(f"/p{n}.html") for n in range(5)) == 3
    assert "capped: 2 feed entries" in run.err


def test_pages_per_run_are_capped_and_the_rest_left_to_the_next_run(
    faults: FaultServer, collect
) -> None:
    links = many_pages(faults, 4)
    feed = serve_feed(faults, *links)
    first = collect(feed, options=("--max-pages", "2"))
    assert first.code == 0 and "deferred: 2 pages" in first.err, first.err
    assert sum(faults.hits(f"/p{n}.html") for n in range(4)) == 2
    second = collect(feed, options=("--max-pages", "2"))
    assert second.code == 0, second.err
    assert [faults.hits(f"/p{n}.html") for n in range(4)] == [1, 1, 1, 1]


def test_terminal_escapes_never_reach_the_summary(faults: FaultServer, collect) -> None:
    good = faults.route("/good.html", page())
    evil = faults.url("/\x1b]0;pwned\x07\x1b[2J.html")
    run = collect(raw_feed(faults, [("Bon", good), ("Evil", escape(evil))]))
    assert run.code == 0, run.err
    assert "pwned" in run.err  # the link is named (it failed), its escapes neutralised
    assert "\x1b" not in run.err + run.out and "\x07" not in run.err + run.out


@pytest.mark.model
def test_check_analyses_a_text_over_spacy_max_length_in_part(
    cli, data_dir: Path, tmp_path: Path
) -> None:
    """A stored text over spaCy's max_length (1 000 000 characters) is analysed up to
    MAX_ANALYSED_CHARS, the fact recorded; the next check does not try it again."""
    from claims.check import MAX_ANALYSED_CHARS

    para = (
        "Le centre hospitalier de Cherbourg a subi une cyberattaque par rançongiciel ; "
        "les données de 12 000 patients auraient été dérobées, selon l’ARS Normandie. "
    )
    body = ["Cyberattaque au centre hospitalier de Cherbourg\n"]
    while sum(map(len, body)) <= 1_000_000:
        body.append(f"Paragraphe {len(body)}. {para * 3}\n\n")
    long_file = tmp_path / "long.txt"
    long_file.write_text("".join(body), encoding="utf-8")
    url = "https://www.ouest-france.fr/tres-long"
    assert cli("ingest", str(long_file), "--kind", "press", "--url", url)[0] == 0
    code, _, err = cli("check")
    assert code == 0, err
    assert f"analysed in part (over {MAX_ANALYSED_CHARS} characters): {url}" in err
    ((chars,),) = query(data_dir / "vigie.sqlite3", "SELECT analysed_chars FROM analyses")
    assert MAX_ANALYSED_CHARS // 2 < int(chars) <= MAX_ANALYSED_CHARS  # type: ignore[call-overload]
    assert query(data_dir / "vigie.sqlite3", "SELECT COUNT(*) FROM claims") != [(0,)]
    code, _, err = cli("check")
    assert code == 0 and "documents analysed: 0" in err, err


@pytest.mark.parametrize("flood", ["<p>a</p>", "<br>"])
def test_element_floods_are_dropped_before_parsing(
    flood: str, faults: FaultServer, collect
) -> None:
    """1 MB of <p>a</p> (125 000 elements) took 40 s to extract, a <br> flood 1.25 GB: a page
    over MAX_HTML_ELEMENTS is a `too_complex` drop, never fetched again; the good page and
    a page just under the cap are stored."""
    from scraper.extract import MAX_HTML_ELEMENTS

    good = faults.route("/good.html", page())
    body = GOOD_BODY.replace(b"</body>", flood.encode() * ((1 << 20) // len(flood)) + b"</body>")
    flooded = faults.route("/flood.html", answer(body, content_type="text/html"))
    below = GOOD_BODY.replace(b"<p>", b"<p>Suite. ", 1).replace(
        b"</body>", b"<span></span>" * (MAX_HTML_ELEMENTS - 400) + b"</body>"
    )
    near = faults.route("/near.html", answer(below, content_type="text/html"))
    feed = serve_feed(faults, good, flooded, near)
    run = collect(feed)
    assert run.code == 0, run.err
    assert set(run.documents()) == {good, near}
    assert query(run.db, "SELECT reason FROM drops WHERE url = ?", flooded) == [("too_complex",)]
    collect(feed)
    assert faults.hits("/flood.html") == 1


def test_an_aggregated_page_never_names_its_own_outlet(
    faults: FaultServer, collect, data_dir: Path
) -> None:
    """Through an aggregator, a page whose og:site_name says "Le Monde" is filed under its
    host, not under Le Monde (the registry's outlet for lemonde.fr)."""
    body = GOOD_BODY.replace("Le Courrier de la Loire (démo)".encode(), b"Le Monde")
    impostor = faults.route("/impostor.html", answer(body, content_type="text/html"))
    feed = serve_feed(faults, impostor)
    data_dir.mkdir(parents=True, exist_ok=True)  # DATA_DIR/sources.toml: the user overlay
    (data_dir / "sources.toml").write_text(
        f'[[source]]\nname = "Agrégateur"\nkind = "press"\nfeeds = ["{feed}"]\naggregator = true\n',
        encoding="utf-8",
    )
    run = collect(feed)  # the aggregator is the feed's source
    assert run.code == 0, run.err
    sources = [str(r[0]) for r in query(run.db, "SELECT outlet FROM documents")]
    assert sources and "Le Monde" not in sources


# -- store, path and disk faults: one line, exit 1 ---------------------------------------------


def one_error_line(code: int, err: str, *needles: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 1 and len(lines) == 1 and lines[0].startswith("error: "), err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(
    "command", [["info"], ["collect", "--offline"], ["check"], ["build"], ["export", "documents"]]
)
def test_a_file_that_is_not_a_store_is_one_line(command: list[str], cli, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "vigie.sqlite3").write_bytes(b"not a database, just text\n" * 200)
    code, _, err = cli(*command)
    one_error_line(code, err, "vigie.sqlite3")


def test_a_truncated_store_is_one_line(cli, data_dir: Path) -> None:
    db = fixture_store(data_dir / "vigie.sqlite3")
    with db.open("r+b") as handle:
        handle.truncate(db.stat().st_size // 3)
    for command in (["info"], ["check"], ["export", "documents"], ["build"]):
        code, _, err = cli(*command)
        one_error_line(code, err, "vigie.sqlite3")


def test_data_dir_naming_a_file_is_one_line(cli, data_dir: Path) -> None:
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("a file", encoding="utf-8")
    for command in (["collect", "--offline"], ["info"], ["check"], ["build"]):
        code, _, err = cli(*command)
        one_error_line(code, err, str(data_dir))
    assert data_dir.read_text(encoding="utf-8") == "a file"


def test_a_newer_store_is_refused_before_anything_is_written(cli, data_dir: Path) -> None:
    db = fixture_store(data_dir / "vigie.sqlite3")
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 999")
    con.close()
    before = db.read_bytes()
    for command in (
        ["collect", "--offline"],
        ["check"],
        ["info"],
        ["build"],
        ["sources"],
        ["sources", "--json"],
        ["sources", "--summary"],
    ):
        code, _, err = cli(*command)
        one_error_line(code, err, "v999", "newer")
    assert db.read_bytes() == before
    wal = data_dir / "vigie.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # not a page written


@pytest.mark.parametrize("target", ["missing/dir/out.jsonl", "existing-dir"])
def test_export_to_a_bad_path_is_one_line_and_leaves_nothing(
    target: str, cli, data_dir: Path, tmp_path: Path
) -> None:
    fixture_store(data_dir / "vigie.sqlite3")
    (tmp_path / "existing-dir").mkdir()
    out = tmp_path / target
    code, _, err = cli("export", "documents", "-o", str(out))
    one_error_line(code, err)
    assert not list(tmp_path.rglob("*.part"))


def test_work_dir_refuses_a_folder_it_did_not_create(cli, data_dir: Path, tmp_path: Path) -> None:
    fixture_store(data_dir / "vigie.sqlite3")
    work = tmp_path / "mes-documents"
    work.mkdir()
    (work / "thesis.md").write_text("irreplaceable", encoding="utf-8")
    code, _, err = cli("build", "--site-dir", str(tmp_path / "site"), "--work-dir", str(work))
    one_error_line(code, err, str(work), "refusing")
    assert [p.name for p in work.iterdir()] == ["thesis.md"]
    assert (work / "thesis.md").read_text(encoding="utf-8") == "irreplaceable"


# -- decoding, titles, paths -------------------------------------------------------------------


def test_one_invalid_byte_does_not_turn_a_utf8_page_into_cp1252() -> None:
    from scraper.extract import decode_html

    body = GOOD_BODY.replace(b"<p>", b"<p>\xff ", 1)
    text = decode_html(body, "utf-8")
    assert "Ã©" not in text and "é" in text
    assert decode_html(body, None) == text


def test_a_whitespace_only_title_is_no_title(faults: FaultServer, collect) -> None:
    start, end = GOOD_BODY.find(b"<title>"), GOOD_BODY.find(b"</title>")
    body = GOOD_BODY[:start] + "<title>\u00a0 \u202f</title>".encode() + GOOD_BODY[end + 8 :]
    body = body.replace(b'property="og:title"', b'property="og:ignored"')
    link = faults.route("/blank.html", answer(body, content_type="text/html; charset=utf-8"))
    run = collect(raw_feed(faults, [("Titre du flux", link)]))
    assert run.code == 0 and run.documents() == [link], run.err
    ((title,),) = query(run.db, "SELECT title FROM documents")
    assert str(title).strip() == str(title) and str(title)


def test_a_read_only_data_dir_builds_and_refuses_writes_in_one_line(
    cli, data_dir: Path, tmp_path: Path
) -> None:
    """A data dir nobody can write (immutable here, as the tests run as root): `build` only
    reads, so it builds; a writing command says so in one line."""
    import shutil
    import subprocess

    fixture_store(data_dir / "vigie.sqlite3")
    chattr = shutil.which("chattr")
    if (
        chattr is None
        or subprocess.run([chattr, "+i", str(data_dir)], capture_output=True).returncode != 0
    ):
        pytest.skip("cannot make a directory read-only here (needs chattr and root)")
    try:
        code, _, err = cli(
            "build", "--site-dir", str(tmp_path / "site"), "--work-dir", str(tmp_path / "work")
        )
        assert code == 0 and (tmp_path / "site" / "index.html").is_file(), err
        for command in (["collect", "--offline"], ["check"], ["info"]):
            code, _, err = cli(*command)
            one_error_line(code, err, str(data_dir))
    finally:
        subprocess.run([chattr, "-i", str(data_dir)], check=True)


def test_one_poison_file_never_stops_an_ingest(
    cli, data_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    import scraper.runner

    good = tmp_path / "bon.txt"
    good.write_bytes((INGEST / "communique_grades.txt").read_bytes())
    bad = tmp_path / "piege.txt"
    bad.write_bytes((INGEST / "communique_grades_v2.txt").read_bytes())
    fail_on(monkeypatch, scraper.runner, "piege.txt")
    code, _, err = cli("ingest", str(bad), str(good), "--kind", "official")
    assert code == 0 and "1 new" in err, err
    assert f"dropped poison: {bad.as_uri()} (RuntimeError:" in err
    assert list(stored(data_dir)) == [good.as_uri()]


def test_a_full_disk_is_one_line_and_leaves_the_store_consistent(
    cli, data_dir: Path, tmp_path: Path
) -> None:
    """The disk fills up (simulated by a file-size limit on the process: writes past it
    fail, as they would on a full disk) during an ingest and during an export."""
    import resource
    import signal
    import subprocess
    import sys

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (250_000, 250_000))

    def vigie(*args: str, limited: bool) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "core.cli", "--data-dir", str(data_dir), *args],
            capture_output=True,
            text=True,
            preexec_fn=full_disk if limited else None,
            timeout=300,
        )

    official_first(cli)
    before = stored(data_dir)
    big = tmp_path / "long.txt"
    big.write_text(
        "Cyberattaque au centre hospitalier\n\n"
        + "\n\n".join(
            f"Paragraphe {n} : le centre hospitalier numéro {n * 7919 % 100003} a subi une"
            f" cyberattaque et les données de {n * 13} patients ont été volées."
            for n in range(6000)
        ),
        encoding="utf-8",
    )
    url = "https://www.ouest-france.fr/long"
    failed = vigie("ingest", str(big), "--kind", "press", "--url", url, limited=True)
    one_error_line(failed.returncode, failed.stderr, "vigie.sqlite3")
    assert query(data_dir / "vigie.sqlite3", "PRAGMA integrity_check") == [("ok",)]
    assert stored(data_dir) == before
    assert vigie("ingest", str(big), "--kind", "press", "--url", url, limited=False).returncode == 0
    out = tmp_path / "documents.jsonl"
    failed = vigie("export", "documents", "-o", str(out), limited=True)
    one_error_line(failed.returncode, failed.stderr)
    assert not out.exists() and not list(tmp_path.glob("*.part"))


# -- poison pages asked again only once changed --------------------------------------------------


class Versioned:
    """A page whose body the test changes between runs, honouring If-None-Match or not."""

    def __init__(self, server: FaultServer, body: bytes, etag: str) -> None:
        self.server, self.body, self.etag, self.conditional = server, body, etag, True

    def __call__(self, conn: socket.socket, stop: object) -> None:
        request = self.server.heads[-1].lower()  # one job per host at a time: this request
        if self.conditional and f'if-none-match: "{self.etag}"'.encode() in request:
            conn.sendall(b"HTTP/1.0 304 Not Modified\r\nContent-Length: 0\r\n\r\n")
            return
        answer(self.body, content_type="text/html", headers={"ETag": f'"{self.etag}"'})(conn, stop)  # type: ignore[arg-type]


def count_extractions(monkeypatch: pytest.MonkeyPatch, suffix: str) -> list[str]:
    """Count the bodies of URLs ending in `suffix` that reach extraction."""
    import scraper.collect

    real, seen = scraper.collect.extract_bytes, []

    def extract(body: bytes, url: str, **kwargs: object):  # type: ignore[no-untyped-def]
        if url.endswith(suffix):
            seen.append(url)
        return real(body, url, **kwargs)

    monkeypatch.setattr(scraper.collect, "extract_bytes", extract)
    return seen


def test_a_too_complex_page_is_processed_again_only_once_it_changed(
    faults: FaultServer, collect, monkeypatch
) -> None:
    """The dropped version (ETag, body hash) is kept: when the link comes back, the page is
    asked again at most once per --poison-recheck-days, conditionally; a 304 or the same body
    is skipped unprocessed, a changed page is processed (and stored)."""
    flood = GOOD_BODY.replace(b"</body>", b"<p>a</p>" * 30_000 + b"</body>")
    page_ = Versioned(faults, flood, "v1")
    url = faults.route("/flood.html", page_)
    feed = serve_feed(faults, url)
    extracted = count_extractions(monkeypatch, "/flood.html")
    drop_row = "SELECT reason, run_id FROM drops WHERE url = ?"

    def at(day: int, hour: int = 6) -> None:
        monkeypatch.setenv("VIGIE_NOW", f"2026-03-{day:02d}T{hour:02d}:00:00+00:00")

    at(1)
    first = collect(feed)
    assert first.code == 0 and query(first.db, drop_row, url) == [("too_complex", 1)], first.err
    assert (faults.hits("/flood.html"), len(extracted)) == (1, 1)
    at(1, 18)  # the feed repeats the link the same day: no request
    assert collect(feed).code == 0 and faults.hits("/flood.html") == 1
    at(9)  # a week later: asked conditionally, 304, not processed
    third = collect(feed)
    assert third.code == 0 and faults.hits("/flood.html") == 2, third.err
    assert b'if-none-match: "v1"' in faults.heads[-1].lower()
    assert "poison pages asked again: 1 (1 unchanged, not processed)" in third.err
    assert len(extracted) == 1 and query(third.db, drop_row, url) == [("too_complex", 1)]
    page_.conditional = False  # a server ignoring validators: the same body is skipped too
    at(17)
    assert collect(feed).code == 0 and faults.hits("/flood.html") == 3
    assert len(extracted) == 1 and query(third.db, drop_row, url) == [("too_complex", 1)]
    page_.body, page_.etag = GOOD_BODY, "v2"  # the page changed: processed and stored
    at(25)
    fourth = collect(feed)
    assert fourth.code == 0 and faults.hits("/flood.html") == 4, fourth.err
    assert len(extracted) == 2 and fourth.documents() == [url]
    assert query(fourth.db, "SELECT COUNT(*) FROM poison_versions") == [(0,)]
    at(25, 12)  # stored now: not asked again as poison, even with no delay
    assert collect(feed, options=("--poison-recheck-days", "0")).code == 0
    assert faults.hits("/flood.html") == 4


def test_a_poison_page_keeps_its_version_and_the_delay_is_a_setting(
    faults: FaultServer, collect, monkeypatch
) -> None:
    """A page that made the code fail is dropped with its version; with
    --poison-recheck-days 1 it is asked again the next day, conditionally (304: skipped), and
    a 5xx answer to that request is not a failure retried by every run."""
    import scraper.collect

    page_ = Versioned(faults, GOOD_BODY, "p1")
    bad = faults.route("/bad.html", page_)
    fail_on(monkeypatch, scraper.collect, "/bad.html")
    feed = serve_feed(faults, bad)
    days = ("--poison-recheck-days", "1")
    monkeypatch.setenv("VIGIE_NOW", "2026-03-01T06:00:00+00:00")
    assert collect(feed, options=days).code == 0
    assert query(
        db := collect(feed, options=days).db,
        "SELECT reason, etag FROM poison_versions WHERE url = ?",
        bad,
    ) == [("poison", '"p1"')]
    assert faults.hits("/bad.html") == 1
    monkeypatch.setenv("VIGIE_NOW", "2026-03-02T07:00:00+00:00")
    run = collect(feed, options=days)
    assert run.code == 0 and faults.hits("/bad.html") == 2, run.err
    assert "1 unchanged" in run.err
    faults.route("/bad.html", answer(b"", status=503, content_type="text/plain"))
    monkeypatch.setenv("VIGIE_NOW", "2026-03-03T08:00:00+00:00")
    run = collect(feed, options=days)
    assert run.code == 0 and query(db, "SELECT COUNT(*) FROM failures") == [(0,)]
    assert query(db, "SELECT checked_at FROM poison_versions") == [("2026-03-03T08:00:00+00:00",)]
