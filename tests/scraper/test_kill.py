"""SIGKILL during a collect, then a rerun: consistent store, nothing lost, no duplicates."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.loopback import Site, stored_demo_pages

VIGIE = [sys.executable, "-m", "core.cli"]


def count(db: Path, sql: str) -> int:
    """One integer from the store, read-only, tolerant of a store being created."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute(sql).fetchone()[0])
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_sigkill_mid_collect_then_rerun_completes_without_duplicates(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    site = Site(httpserver)
    pages = stored_demo_pages()
    urls = [site.page(p["url"], delay=0.25) for p in pages]
    feed = site.feed("/feed.xml", [(str(i), u) for i, u in enumerate(urls)], etag='"v1"')
    data = tmp_path / "data"
    db = data / "vigie.sqlite3"
    cmd = [*VIGIE, "--data-dir", str(data), "collect", "--feed", feed, "--host-interval", "0"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while count(db, "SELECT COUNT(*) FROM documents") < 2 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    stored_before = count(db, "SELECT COUNT(*) FROM documents")
    assert 2 <= stored_before < len(urls), "the kill must land mid-run"
    # The feed's validators are saved only once all its entries are handled.
    assert count(db, "SELECT COUNT(*) FROM feed_state WHERE etag IS NOT NULL") == 0

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(urls)
        assert con.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == len(urls)
        assert con.execute("SELECT COUNT(DISTINCT url) FROM documents").fetchone()[0] == len(urls)
        assert con.execute("SELECT etag FROM feed_state").fetchone()[0] == '"v1"'
    finally:
        con.close()
    for url in urls:  # pages stored before the kill were not fetched again
        path = "/" + url.split("/", 3)[3]
        assert site.requests_to(path) <= 2
    refetched = sum(site.requests_to("/" + u.split("/", 3)[3]) - 1 for u in urls)
    assert refetched <= len(urls) - stored_before
