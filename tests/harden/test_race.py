"""Several real `vigie` processes on one data dir at once: writers after the first refuse with
one clear line, a build (a reader) goes ahead, and the store stays whole.

tests/core/test_lock.py checks the refusal against a lock held in-process.
"""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.harden.kills import ENV, VIGIE, store_problems
from tests.loopback import Site, demo_file, stored_demo_pages


@pytest.mark.slow
def test_second_writer_refuses_while_a_reader_builds(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    site = Site(httpserver)
    urls = [site.page(str(p["url"])) for p in stored_demo_pages()[:7]]
    gate = threading.Event()  # the last page answers once the other processes are done
    body = demo_file(str(stored_demo_pages()[7]["url"])).read_bytes()

    def held(request: Request) -> Response:
        gate.wait(60)
        return Response(body, content_type="text/html; charset=utf-8")

    httpserver.expect_request("/held.html").respond_with_handler(held)
    feed = site.feed(
        "/feed.xml", [(str(i), u) for i, u in enumerate([*urls, site.url("/held.html")])]
    )
    data = tmp_path / "data"
    base = [*VIGIE, "--data-dir", str(data)]

    def start(*args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*base, *args], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )

    first = start("collect", "--feed", feed, "--host-interval", "0")
    deadline = time.monotonic() + 60
    lock = data / ".lock"
    while not (lock.is_file() and lock.read_text() == str(first.pid)):
        assert first.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    while not (data / "vigie.sqlite3").exists():
        time.sleep(0.02)
    others = {
        "collect": start("collect", "--feed", feed, "--host-interval", "0"),
        "check": start("check"),
        "ingest": start("ingest", str(tmp_path / "x.txt"), "--kind", "press"),
        "build": start("build", "--site-dir", str(tmp_path / "site")),
    }
    results = {
        name: (p.wait(timeout=120), p.stderr.read() if p.stderr else "")
        for name, p in others.items()
    }
    assert first.poll() is None  # it held the data dir all along
    gate.set()
    assert first.wait(timeout=120) == 0
    assert first.stderr and "8 new" in first.stderr.read()
    for name in ("collect", "check", "ingest"):
        code, err = results[name]
        assert code == 1, (name, err)
        assert err.strip() == (
            f"error: {data}: another vigie process (pid {first.pid}) is"
            " using this data dir; try again when it has finished"
        ), err
    code, err = results["build"]
    assert code == 0 and "build finished" in err, err  # a reader, beside the writer
    assert store_problems(data / "vigie.sqlite3") == []
    assert (tmp_path / "site" / "index.html").is_file()
