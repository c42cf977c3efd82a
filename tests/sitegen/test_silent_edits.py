"""Silent edits, end to end on loopback: an article's figure is corrected at the same URL.

The synthetic corpus of `bench.synth` (one incident: a communiqué and press articles, each
outlet on its own 127.0.10.N address) is collected, checked and built; then one article's
count is changed on its server. A day later, the next collect fetches the young pages again
(their feed is unchanged) and keeps a new revision of that one, `check` re-analyses
that article only, and the site shows the change: the revision diff, the old claim and its
replacement flagged "Modifié après publication" with both wordings, and a correction item in
the RSS and JSON feeds. Unedited articles show none of it.
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from bench.synth import LoopbackWeb, corpus, write_sources
from claims.check import check_store
from core.settings import FetchSettings, Settings
from scraper import runner
from scraper.store import document_id
from sitegen.build import build_site
from sitegen.config import SiteConfig
from sitegen.markup import esc, typo

SITE_URL = "https://vigie.example.org/"
NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
REAL_GETADDRINFO = socket.getaddrinfo  # at import, before the autouse internet guard


@pytest.fixture
def loopback_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the client reach every 127.0.0.0/8 address (the loopback interface), still never
    a name or another address."""

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if not ipaddress.ip_address(name).is_loopback:
            raise socket.gaierror(f"test tried to leave the loopback: {name}")
        return REAL_GETADDRINFO(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


def stages(data: Path, site: Path, now: datetime) -> str:
    """collect, check (one process), build at `now`; returns the collect summary."""
    settings = Settings(
        data_dir=data,
        sources_file=data / "sources.toml",
        now_override=now,
        fetch=FetchSettings(host_interval=0.0, retries=0),
    )
    summary = runner.collect(settings)
    check_store(settings, workers=1)
    build_site(data / "vigie.sqlite3", site, SiteConfig(site_url=SITE_URL))
    return " ".join(summary.lines())


FIGURE = re.compile(r"\d{1,3}(?:[\u202f\xa0 ]\d{3})+|\d{4,}")


def count_claim(db_path: Path, doc: str) -> tuple[str, str]:
    """(claim text, the figure in it) of a current count claim of a document."""
    db = sqlite3.connect(db_path)
    try:
        rows = db.execute(
            "SELECT text FROM claims WHERE document_id = ? AND kind = 'count'"
            " AND status = 'current' ORDER BY position",
            (doc,),
        ).fetchall()
    finally:
        db.close()
    for (text,) in rows:
        found = FIGURE.search(text)
        if found:
            return text, found.group()
    raise AssertionError(f"no count claim with a figure in {doc}: {rows}")


@pytest.mark.model
def test_corrected_figure_is_kept_rechecked_shown_and_fed(
    tmp_path: Path, loopback_addresses: None
) -> None:
    web_corpus = corpus(5, hosts=14)  # 13 regional agencies, one outlet
    data, site = tmp_path / "data", tmp_path / "site"
    with LoopbackWeb(web_corpus) as web:
        write_sources(web_corpus, data)
        first = stages(data, site, NOW)
        assert "documents: 5 new" in first
        press = sorted(
            f"{h.origin}{path}"
            for h in web_corpus.hosts
            if h.kind == "press"
            for path in h.pages
            if path.endswith(".html")
        )
        edited, untouched = press[0], press[1]
        doc = document_id(edited)
        old_claim, figure = count_claim(data / "vigie.sqlite3", doc)
        digits = re.sub(r"\D", "", figure)
        new_figure = f"{int(digits) // 10 + 7}"
        # The page writes thousands with a narrow no-break space, as French typesetting does.
        web.edit(edited, f"{int(digits):,}".replace(",", "\u202f"), new_figure)
        second = stages(data, site, NOW + timedelta(days=1))  # young pages are fetched again
    assert "0 new, 1 updated, 4 unchanged" in second

    db = sqlite3.connect(data / "vigie.sqlite3")
    revisions = db.execute(
        "SELECT revno FROM revisions WHERE document_id = ? ORDER BY revno", (doc,)
    ).fetchall()
    statuses = dict(
        db.execute("SELECT text, status FROM claims WHERE document_id = ?", (doc,)).fetchall()
    )
    verdicts = db.execute(
        "SELECT COUNT(*) FROM claims c JOIN verdicts v ON v.claim_id = c.id"
        " WHERE c.document_id = ? AND c.status = 'current'",
        (doc,),
    ).fetchone()[0]
    current = db.execute(
        "SELECT COUNT(*) FROM claims WHERE document_id = ? AND status = 'current'", (doc,)
    ).fetchone()[0]
    db.close()
    assert revisions == [(1,), (2,)]  # the first text is kept
    new_claim = old_claim.replace(figure, new_figure)
    assert statuses[old_claim] == "vanished" and statuses[new_claim] == "current"
    assert verdicts == current  # the new revision's claims were checked

    page = (site / "articles" / f"{doc}.html").read_text(encoding="utf-8")
    assert "<del>" in page and f"<ins>{new_figure}" in page  # the revision diff
    assert page.count("Modifié après publication") >= 2  # old claim and its replacement
    assert "avant «\u00a0" in page and "après «\u00a0" in page
    assert typo(f"avant « {esc(old_claim)} », après « {esc(new_claim)} »") in page
    assert "nouvelle formulation" in page and "formulation initiale" in page
    other = (site / "articles" / f"{document_id(untouched)}.html").read_text(encoding="utf-8")
    assert "Modifié après publication" not in other and "<del>" not in other

    rss = ET.fromstring((site / "flux" / "a-verifier.xml").read_bytes())
    fixes = [
        i for i in rss.findall("./channel/item") if i.findtext("guid", "").startswith("correction-")
    ]
    change = f"avant : « {old_claim} » ; après : « {new_claim} »"
    fix = [i for i in fixes if change in i.findtext("description", "")]
    assert len(fix) == 1 and len(fixes) <= 2  # the figure may appear in two claims
    assert fix[0].findtext("link", "").startswith(f"{SITE_URL}articles/{doc}.html#c-")
    feed = json.loads((site / "flux" / "a-verifier.json").read_text(encoding="utf-8"))
    items = [i for i in feed["items"] if change in i["content_text"]]
    assert len(items) == 1 and "changed_after_publication" in items[0]["tags"]
    assert items[0]["id"].startswith("correction-")
