"""Session fixtures of the site tests: one fixture store, one built site, one local server.

The built site's record and settings are in `tests.sitegen.builds`; `require` comes from
`tests.resources` (skip, or fail under VIGIE_REQUIRE_ALL=1).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.storefix import fixture_store
from sitegen.build import build_site
from tests.sitegen.builds import REPO, Built, site_config

ARTIFACTS = REPO / "test-artifacts" / "site"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture store (hostile documents included) and its site, built once."""
    base = tmp_path_factory.mktemp("site")
    db = fixture_store(base / "data" / "vigie.sqlite3")
    config = site_config()
    report = build_site(db, base / "site", config)
    return Built(db, base / "site", config, report)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def server(built: Built) -> Iterator[str]:
    """The built site on a loopback HTTP server; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (test-artifacts/site/, ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
