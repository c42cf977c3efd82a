"""Vocabulary kept as data (`core/data`, `scraper/data`) names what the other stages use."""

from __future__ import annotations

import tomllib
from pathlib import Path

from core.vocabulary import CORE_DATA, core_data, topic_set

REPO = Path(__file__).resolve().parents[2]


def test_topic_sets_name_topics_of_the_check() -> None:
    defined = set(
        tomllib.loads((REPO / "claims" / "data" / "topics.toml").read_text(encoding="utf-8"))[
            "topics"
        ]
    )
    sets = core_data("topic_sets.toml")
    assert sets, "no topic set"
    for name in sets:
        assert topic_set(name) and topic_set(name) <= defined, name


def test_topic_filter_terms_are_written_folded() -> None:
    from core.text import drop_accents

    terms = tomllib.loads(
        (REPO / "scraper" / "data" / "topic_terms.toml").read_text(encoding="utf-8")
    )["terms"]
    for group, words in terms.items():
        for word in words:
            assert word == drop_accents(word.lower().replace("\u2019", "'")), (group, word)
    assert set(terms["institutions"]) <= set(terms["health"])


def test_every_core_data_file_is_package_data() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "data/*" in pyproject["tool"]["setuptools"]["package-data"]["core"]
    assert sorted(p.suffix for p in CORE_DATA.iterdir()) == [".toml"] * len(
        list(CORE_DATA.iterdir())
    )
