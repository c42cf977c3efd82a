"""Session fixtures of the site tests: one fixture store, one built site, one local server.

`require` is the root conftest's helper. Several folders have a conftest.py, and pytest
imports each as the module `conftest`, so `from conftest import require` reaches whichever was
imported last; this module re-exports the root one so that the import works in tests/site.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.build import BuildReport, build_site
from sitegen.config import SiteConfig

sys.path.insert(0, str(Path(__file__).resolve().parent))
from storefix import fixture_store  # noqa: E402

ROOT_CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "site"
SITE_URL = "https://vigie.example/site/"
REPO_URL = "https://forge.example/vigie/vigie-sante"


def _load_root_require():  # type: ignore[no-untyped-def]
    name = "vigie_tests_root_conftest"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, ROOT_CONFTEST)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module.require


require = _load_root_require()


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
