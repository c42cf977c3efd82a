"""The one loader of vocabulary files: word lists, labels and topic sets kept as TOML data
(`core/data/`, `scraper/data/`, `claims/data/`) rather than in Python.

Each file is read once per process; treat what it returns as read-only. The check's versions
(`claims/versions.py`) hash `claims/data/*.toml` and `core/data/*.toml`, and the site's
fingerprint (`sitegen/stamp.py`) hashes `core/data/`, so a vocabulary change re-judges or
rebuilds what it must.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

CORE_DATA = Path(__file__).resolve().parent / "data"


@cache
def load_toml(path: Path) -> dict[str, Any]:
    """A TOML data file, parsed (cached)."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def core_data(name: str) -> dict[str, Any]:
    """A vocabulary file of `core/data/` shared by several stages."""
    return load_toml(CORE_DATA / name)


def topic_set(name: str) -> frozenset[str]:
    """A named set of event topics (`core/data/topic_sets.toml`)."""
    return frozenset(core_data("topic_sets.toml")[name]["topics"])
