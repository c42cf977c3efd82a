"""Resources a test may need that a user's clone may lack (../shared/seeds, Debian chromium).

`require` skips with a clear reason when one is missing; with VIGIE_REQUIRE_ALL=1 (set by
.ci/run) it fails instead, so CI never passes by skipping. A plain module, not a conftest:
pytest imports every conftest.py as `conftest`, so importing from one is ambiguous.
"""

from __future__ import annotations

import os

import pytest

REQUIRE_ALL = os.environ.get("VIGIE_REQUIRE_ALL") == "1"


def require(condition: bool, reason: str) -> None:
    """Skip (or fail under VIGIE_REQUIRE_ALL=1) when a needed resource is missing."""
    if condition:
        return
    if os.environ.get("VIGIE_REQUIRE_ALL") == "1":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)
