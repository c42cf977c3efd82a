"""Fixtures of the hardening tests: hostile loopback servers and a `collect` with short bounds.

`tests/` is on sys.path through tests/conftest.py (rootdir-relative imports, no packages), and
pytest puts this folder there too, so `from faultserver import ...` works from the tests here.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from faultserver import FaultServer

import scraper.cli
from scraper.settings import FetchSettings

# The client's real code with shorter bounds, so that a fault costs seconds, not minutes. A
# URL costs at most (retries + 1) * (connect + total + read) + backoffs.
FAST = FetchSettings(connect_timeout=1.0, read_timeout=1.0, total_timeout=2.0, retries=2,
                     backoff_base=0.05, max_retry_after=2.0, host_interval=0.0)
URL_BOUND = (FAST.retries + 1) * (FAST.connect_timeout + FAST.total_timeout
                                  + FAST.read_timeout) + 1.0


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    """A hostile loopback server, stopped (silent handlers released) after the test."""
    server = FaultServer()
    yield server
    server.close()


@pytest.fixture
def other_faults() -> Iterator[FaultServer]:
    """A second server: another origin (its own robots.txt) on the same host."""
    server = FaultServer()
    yield server
    server.close()


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one in-process `vigie collect` did."""

    code: int
    out: str
    err: str
    seconds: float
    db: Path

    def lines_naming(self, url: str) -> list[str]:
        """Standard-error lines that mention `url`."""
        return [line.strip() for line in self.err.splitlines() if url in line]

    def documents(self) -> list[str]:
        """Stored document URLs."""
        return [r[0] for r in query(self.db, "SELECT url FROM documents ORDER BY url")]


def query(db: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    """Rows of a read-only query on a store."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in con.execute(sql, args)]
    finally:
        con.close()


@pytest.fixture
def fast_fetch(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Make in-process `vigie` runs use FAST (or FAST with changes) as their fetch settings."""
    real = scraper.cli.settings_from_args

    def use(**changes: object) -> None:
        fetch = dataclasses.replace(FAST, **changes)  # type: ignore[arg-type]
        monkeypatch.setattr(scraper.cli, "settings_from_args",
                            lambda args: dataclasses.replace(real(args), fetch=fetch))

    use()
    return use


@pytest.fixture
def collect(data_dir: Path, capsys: pytest.CaptureFixture[str],
            fast_fetch: Callable[..., None]) -> Callable[..., Outcome]:
    """Run `vigie --data-dir <tmp> collect --feed URL... [options]` in-process, timed."""

    def run(*feeds: str, options: tuple[str, ...] = ()) -> Outcome:
        argv = ["--data-dir", str(data_dir), "collect", "--host-interval", "0", *options]
        for feed in feeds:
            argv += ["--feed", feed]
        capsys.readouterr()
        started = time.monotonic()
        try:
            code = scraper.cli.main(argv)
        except SystemExit as exc:
            code = int(exc.code or 0)
        seconds = time.monotonic() - started
        out, err = capsys.readouterr()
        return Outcome(code, out, err, seconds, data_dir / "vigie.sqlite3")

    return run
