"""The bundled offline demo corpus: fictional outlets restating two real incidents.

``sources.toml`` is the demo registry, ``web/`` the files served for each URL by
:class:`DemoTransport`, ``redirects.toml`` the declared redirects, ``expected.toml`` the expected
outcome of every feed item (see ``MANIFEST.md``).
"""

from __future__ import annotations

from pathlib import Path

from scraper.demo.transport import DEMO_DIR, WEB_DIR, DemoTransport

__all__ = [
    "DEMO_DIR",
    "WEB_DIR",
    "DemoTransport",
    "demo_expected_path",
    "demo_sources_path",
]


def demo_sources_path() -> Path:
    """Path of the demo registry (same format as ``scraper/sources.toml``)."""
    return DEMO_DIR / "sources.toml"


def demo_expected_path() -> Path:
    """Path of the machine-readable expected outcomes of a demo collection."""
    return DEMO_DIR / "expected.toml"
