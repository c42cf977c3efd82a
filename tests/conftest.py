"""Shared fixtures. Tests needing resources absent from a user's clone skip with a reason;
with VIGIE_REQUIRE_ALL=1 (set by .ci/run) those skips become failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from resources import REQUIRE_ALL, require

from core.cli import main

REPO = Path(__file__).resolve().parents[1]
__all__ = ["REPO", "REQUIRE_ALL", "require"]


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
