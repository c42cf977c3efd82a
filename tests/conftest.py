"""Shared fixtures. Tests needing resources absent from a user's clone skip with a reason;
with VIGIE_REQUIRE_ALL=1 (set by .ci/run) those skips become failures.

A test that loads the spaCy model carries the `model` marker (`pytest -m "not model"` runs
the rest in a fraction of the time); an unmarked test that loads it in-process fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from tests.resources import REQUIRE_ALL, require

REPO = Path(__file__).resolve().parents[1]
__all__ = ["REPO", "REQUIRE_ALL", "require"]


MODEL_FIXTURES = {"nlp", "base", "alone"}  # tests/claims/conftest.py: the loaded pipeline


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test using the loaded pipeline through a fixture is a `model` test."""
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


_RUNNING: list[pytest.Item] = []  # the test being set up, run or torn down


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    _RUNNING[:] = [item]
    yield
    _RUNNING.clear()


def pytest_configure(config: pytest.Config) -> None:
    """Loading the spaCy model (`claims.nlp.load_nlp`) fails in a test without the `model`
    marker, fixtures included (a session fixture is set up by the first test that needs it).
    A model loaded by an earlier marked test stays cached in `claims.check`, so the check is
    complete under `-m "not model"`, where nothing loads it."""
    import claims.nlp

    load = claims.nlp.load_nlp

    def guarded(*args: Any, **kwargs: Any) -> Any:
        for item in _RUNNING:
            if item.get_closest_marker("model") is None:
                raise AssertionError(
                    f"{item.nodeid} loads the spaCy model: mark it @pytest.mark.model"
                )
        return load(*args, **kwargs)

    claims.nlp.load_nlp = guarded  # type: ignore[assignment]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh data dir for one test."""
    return tmp_path / "data"


@pytest.fixture
def cli(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    """Run `vigie --data-dir <tmp> ...` in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(["--data-dir", str(data_dir), *args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def loopback_spelling(name: str) -> bool:
    """True for a numeric spelling of a loopback address (`2130706433`, `::ffff:127.0.0.1`):
    resolving it needs no network, and hostile-link tests use them."""
    import ipaddress
    import socket

    try:
        return socket.inet_aton(name)[0] == 127
    except OSError:
        pass
    try:
        ip = ipaddress.IPv6Address(name.split("%", 1)[0])
    except ValueError:
        return False
    return ip.is_loopback or (ip.ipv4_mapped is not None and ip.ipv4_mapped.is_loopback)


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the internet: name resolution outside loopback fails loudly."""
    import socket

    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in LOOPBACK and not loopback_spelling(name):
            raise socket.gaierror(f"test tried to reach the internet: {name}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
