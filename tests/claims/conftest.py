"""Fixtures for the check-stage NLP tests: one pipeline per session, components run alone.

Seeds live in ``../shared/seeds`` (next to the repository, `tests.seeds`); tests needing them
skip with a reason, or fail when ``VIGIE_REQUIRE_ALL=1``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import claims.nlp
from tests.seeds import seeds_dir


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full pipeline, loaded once for the whole session."""
    return claims.nlp.load_nlp()  # through the module: tests/conftest.py guards it


@pytest.fixture(scope="session")
def base(nlp: Language) -> Callable[[str], Doc]:
    """Process a text with the model's components only (no Vigie component)."""
    vigie = [name for name in nlp.pipe_names if name.startswith("vigie_")]

    def run(text: str) -> Doc:
        with nlp.select_pipes(disable=vigie):
            return nlp(text)

    return run


@pytest.fixture(scope="session")
def alone(nlp: Language, base: Callable[[str], Doc]) -> Callable[..., Doc]:
    """Run one Vigie component, by name, on a doc carrying only the model's annotations."""

    def run(component: str, text: str, ref_date: date | None = None) -> Doc:
        doc = base(text)
        doc._.ref_date = ref_date
        return nlp.get_pipe(component)(doc)

    return run


def _seed_text(prefix: str) -> str:
    matches = sorted(seeds_dir().glob(f"{prefix}*.txt"))  # skips (or fails) when absent
    if not matches:
        pytest.fail(f"no seed {prefix}*.txt in {seeds_dir()}")
    return matches[0].read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_text() -> Callable[[str], str]:
    """Return a function reading a seed by file-name prefix ("004"); skips when seeds are absent."""
    return _seed_text
