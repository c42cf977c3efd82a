"""Session fixtures of the site tests: one fixture store, one built site, one local server.

`require` comes from tests/resources.py (skip, or fail under VIGIE_REQUIRE_ALL=1).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.build import BuildReport, build_site
from sitegen.config import SiteConfig

sys.path.insert(0, str(Path(__file__).resolve().parent))
from resources import require  # noqa: E402,F401  (re-exported for the site tests)
from storefix import fixture_store  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "site"
SITE_URL = "https://vigie.example/site/"
REPO_URL = "https://forge.example/vigie/vigie-sante"




@dataclass(frozen=True)
class Built:
    """A store and the site built from it."""

    db: Path
    site: Path
    config: SiteConfig
    report: BuildReport

    def page(self, rel: str) -> str:
        """The HTML of a built page."""
        return (self.site / rel).read_text(encoding="utf-8")


def site_config() -> SiteConfig:
    """The settings every site test builds with."""
    return SiteConfig(site_url=SITE_URL, repo_url=REPO_URL)


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
