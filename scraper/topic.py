"""Topic filter: keep documents about health-sector cyber incidents and data breaches.

A document is on topic when it speaks of both a health-sector subject and a cyber incident or
data breach. Terms are word stems matched on accent-folded, lower-cased text; the decision
counts distinct stems, so one passing mention of "santé" in a cyber column does not qualify.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.text import drop_accents

HEALTH_TERMS = (
    "hopita", "hospital", "clinique", "chu", "patient", "sante", "sanitaire", "medical",
    "medicaux", "medecin", "soignant", "soins", "infirmi", "ars", "grades", "e-sante",
    "ehpad", "pharmac", "laboratoire d'analyse", "mutuelle", "assurance maladie", "cpam",
    "tiers payant", "radiolog", "maternite", "urgences", "ap-hp", "ramsay", "elsan",
    "dossier medical", "dossiers medicaux", "centre hospitalier", "groupement hospitalier",
    "professionnels de sante", "carte vitale", "aphp", "hospices", "cancer", "oncolog",
    "chimiotherap",
)
CYBER_TERMS = (
    "cyberattaque", "cyber-attaque", "cyber attaque", "attaque informatique", "piratage",
    "pirate", "hacker", "rancongiciel", "ransomware", "rancon", "fuite de donnees",
    "violation de donnees", "vol de donnees", "donnees volees", "donnees derobees",
    "donnees personnelles", "intrusion", "hameconnage", "phishing", "cybercriminal",
    "cybersecurite", "logiciel malveillant", "exfiltr", "dark web", "darkweb",
    "incident de securite", "usurpation d'identite", "acces frauduleux", "acces illegitime",
    "compromis", "cnil", "anssi", "cert-fr", "cert sante", "lockbit",
    "attaque virale", "virus informatique", "cryptolocker",
)
MIN_TOTAL = 3  # distinct stems, health and cyber together
MIN_HEALTH = 2  # distinct health stems when neither the title nor an institution says health
# Health-sector institutions: one of them named is enough to make a cyber story a health one.
INSTITUTIONS = frozenset({
    "hopita", "hospital", "clinique", "chu", "ehpad", "mutuelle", "ap-hp", "aphp", "ramsay",
    "elsan", "centre hospitalier", "groupement hospitalier", "cpam", "assurance maladie",
    "maternite", "laboratoire d'analyse", "grades", "hospices", "radiolog", "pharmac",
})


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
        return (f"health terms: {', '.join(self.health) or 'none'};"
                f" cyber terms: {', '.join(self.cyber) or 'none'}")


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
    on_topic = bool(health) and bool(cyber) and (
        title_both or len(health) + len(cyber) >= MIN_TOTAL
    ) and (title_health or len(health) >= MIN_HEALTH or bool(INSTITUTIONS & set(health)))
    return TopicVerdict(on_topic, health, cyber)
