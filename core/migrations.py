"""The store's migrations runner: every stage's migrations, applied in number order.

Each stage owns its tables: it declares its migrations as `{number: SQL script}` and registers
them under the `vigie.migrations` entry point group (`scraper.schema`, `claims.schema`); core
owns the few tables every stage may use (`state`). The numbers are the store's schema version
(PRAGMA user_version) and are shared by all stages: they were handed out in the order the
tables were added, so an existing store opens and migrates exactly as it did when one module
held every migration. Never edit a migration that has shipped: add the next number.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.metadata import entry_points

from core.errors import VigieError

GROUP = "vigie.migrations"

# Tables any stage may use.
CORE_MIGRATIONS: dict[int, str] = {
    # 4: small facts a stage keeps between runs (the check's grouping key: a check with
    # nothing new reuses the stored incidents instead of grouping every document again).
    4: """
    CREATE TABLE state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
}


def merge(owned: Mapping[str, Mapping[int, str]]) -> tuple[str, ...]:
    """The scripts of every owner in number order; VigieError when two owners claim a number
    or a number is missing (a stage not installed: migrating without it would skip tables)."""
    by_number: dict[int, tuple[str, str]] = {}
    for owner, scripts in sorted(owned.items()):
        for number, script in scripts.items():
            if number in by_number:
                raise VigieError(
                    f"migration {number} is declared by both {by_number[number][0]} and {owner}"
                )
            by_number[number] = (owner, script)
    missing = sorted(set(range(1, len(by_number) + 1)) - set(by_number))
    if missing:
        raise VigieError(
            f"store migrations {missing} are not registered (is every stage of"
            " vigie-sante installed?)"
        )
    return tuple(by_number[n][1] for n in range(1, len(by_number) + 1))


@cache
def migrations() -> tuple[str, ...]:
    """Every registered migration script, the first being version 1."""
    owned: dict[str, Mapping[int, str]] = {"core": CORE_MIGRATIONS}
    for ep in entry_points(group=GROUP):
        owned[ep.name] = ep.load()
    return merge(owned)
