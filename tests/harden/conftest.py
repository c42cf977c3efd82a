"""Fixtures of the hardening tests: hostile loopback servers and a `collect` with short bounds.

The helpers are modules of the `tests` package (`tests.harden.faultserver`, `tests.harden.harness`);
the store builders are `bench.storefix`, the escaping scan `tests.sitegen.htmlcheck`.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import core.cli
from tests.harden.faultserver import FaultServer
from tests.harden.harness import FAST, Outcome


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


@pytest.fixture
def fast_fetch(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Make in-process `vigie` runs use FAST (or FAST with changes) as their fetch settings."""
    real = core.cli.settings_from_args

    def use(**changes: object) -> None:
        fetch = dataclasses.replace(FAST, **changes)  # type: ignore[arg-type]
        monkeypatch.setattr(
            core.cli,
            "settings_from_args",
            lambda args: dataclasses.replace(real(args), fetch=fetch),
        )

    use()
    return use


@pytest.fixture
def collect(
    data_dir: Path, capsys: pytest.CaptureFixture[str], fast_fetch: Callable[..., None]
) -> Callable[..., Outcome]:
    """Run `vigie --data-dir <tmp> collect --feed URL... [options]` in-process, timed."""

    def run(*feeds: str, options: tuple[str, ...] = ()) -> Outcome:
        argv = ["--data-dir", str(data_dir), "collect", "--host-interval", "0", *options]
        for feed in feeds:
            argv += ["--feed", feed]
        capsys.readouterr()
        started = time.monotonic()
        try:
            code = core.cli.main(argv)
        except SystemExit as exc:
            code = int(exc.code or 0)
        seconds = time.monotonic() - started
        out, err = capsys.readouterr()
        return Outcome(code, out, err, seconds, data_dir / "vigie.sqlite3")

    return run
