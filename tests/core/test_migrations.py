"""The store's migrations, gathered from the stages that own them, are the ones that shipped:
same scripts, same numbers, so every existing store migrates exactly as before."""

from __future__ import annotations

import hashlib

import pytest

from core.errors import VigieError
from core.migrations import CORE_MIGRATIONS, merge, migrations

# SHA-256 of the ten scripts as they shipped (one tuple in scraper/schema.py until issue 15),
# joined by NUL. A new migration changes it: add the next number and update the digest; a
# change to a shipped script must never be made.
SHIPPED = {10: "73f4c6e5274ebfd2b2368d227d4e28c3622c791e46b3d8837d86438a144bf462"}


def test_shipped_migrations_are_unchanged_and_in_order() -> None:
    for count, digest in SHIPPED.items():
        assert hashlib.sha256("\0".join(migrations()[:count]).encode()).hexdigest() == digest


def test_each_stage_owns_its_numbers() -> None:
    from claims.schema import MIGRATIONS as CHECK
    from scraper.schema import MIGRATIONS as COLLECTION

    assert sorted(COLLECTION) == [1, 3, 6, 8, 10]
    assert sorted(CHECK) == [2, 5, 7, 9]
    assert sorted(CORE_MIGRATIONS) == [4]
    assert "CREATE TABLE claims" in CHECK[2] and "CREATE TABLE documents" in COLLECTION[1]


def test_a_number_declared_twice_or_missing_is_refused() -> None:
    with pytest.raises(VigieError, match="migration 2 is declared by both a and b"):
        merge({"a": {1: "x", 2: "y"}, "b": {2: "z"}})
    with pytest.raises(VigieError, match=r"migrations \[2\] are not registered"):
        merge({"a": {1: "x", 3: "y"}})
    assert merge({"b": {2: "y"}, "a": {1: "x"}}) == ("x", "y")
