"""Topic filter: keep documents about health-sector cyber incidents and data breaches.

A document is on topic when it speaks of both a health-sector subject and a cyber incident or
data breach. Terms are word stems matched on accent-folded, lower-cased text; the decision
counts distinct stems, so one passing mention of "santé" in a cyber column does not qualify.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from core.text import drop_accents
from core.vocabulary import load_toml

# The terms, as word stems of lower-cased, accent-folded text: scraper/data/topic_terms.toml.
_TERMS = load_toml(Path(__file__).resolve().parent / "data" / "topic_terms.toml")["terms"]
HEALTH_TERMS: tuple[str, ...] = tuple(_TERMS["health"])
CYBER_TERMS: tuple[str, ...] = tuple(_TERMS["cyber"])
MIN_TOTAL = 3  # distinct stems, health and cyber together
MIN_HEALTH = 2  # distinct health stems when neither the title nor an institution says health
# Health-sector institutions: one of them named is enough to make a cyber story a health one.
INSTITUTIONS = frozenset(_TERMS["institutions"])


def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes."""
    return drop_accents(text.lower().replace("\u2019", "'"))


def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})")


_HEALTH = _pattern(HEALTH_TERMS)
_CYBER = _pattern(CYBER_TERMS)


@dataclass(frozen=True)
class TopicVerdict:
    """Whether a document is on topic, with the evidence counted."""

    on_topic: bool
    health: tuple[str, ...]
    cyber: tuple[str, ...]

    @property
    def detail(self) -> str:
        """One line for the drop record."""
        return (
            f"health terms: {', '.join(self.health) or 'none'};"
            f" cyber terms: {', '.join(self.cyber) or 'none'}"
        )


def classify(title: str, text: str) -> TopicVerdict:
    """Decide whether a title and text are about a health-sector cyber incident."""
    folded = fold(f"{title}\n{text}")
    health = tuple(sorted(set(_HEALTH.findall(folded))))
    cyber = tuple(sorted(set(_CYBER.findall(folded))))
    folded_title = fold(title)
    title_both = bool(_HEALTH.search(folded_title)) and bool(_CYBER.search(folded_title))
    # A cyber story that mentions health in passing ("données de santé" in the list of a job
    # agency's leaked fields) is not about the health sector: one health stem is enough only
    # when it names a health institution or the title itself speaks of health.
    title_health = bool(_HEALTH.search(folded_title))
    on_topic = (
        bool(health)
        and bool(cyber)
        and (title_both or len(health) + len(cyber) >= MIN_TOTAL)
        and (title_health or len(health) >= MIN_HEALTH or bool(INSTITUTIONS & set(health)))
    )
    return TopicVerdict(on_topic, health, cyber)
