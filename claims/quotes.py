"""Quotes: a quote is supported only when its words appear in an official text and its speaker
is named in one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from claims.normalize import identity_text
from claims.records import Claim, Verdict
from core.text import drop_accents
from core.verdicts import Evidence

if TYPE_CHECKING:
    from claims.crosscheck import Official


def check_quote(claim: Claim, pool: Sequence[Official]) -> Verdict:
    """A quote is supported only when its words appear in an official text."""
    assert claim.quote is not None
    words = folded(claim.quote.text).strip(" «»\"'“”.,")
    for official in pool:
        if words and words in folded(official.sentence.text):
            if not speaker_named(claim.quote.speaker, pool):
                return Verdict(
                    claim.id,
                    "unsupported",
                    "locuteur absent des sources officielles",
                    (Evidence(official.doc_url, official.sentence.text, 1.0),),
                )
            return Verdict(
                claim.id,
                "supported",
                "citation retrouvée dans une source officielle",
                (Evidence(official.doc_url, official.sentence.text, 1.0),),
            )
    return Verdict(claim.id, "unsupported", "citation introuvable dans les sources officielles")


GENERIC_SPEAKER = re.compile(r"^(un|une|des|plusieurs|certains|certaines)\b")
DETERMINER = re.compile(r"^(le|la|les|l'|l’|du|de la|des)\s*", re.I)


@lru_cache(maxsize=1 << 16)
def folded(text: str) -> str:
    """Normalised text without accents, for verbatim comparisons (cached: every quote of an
    incident is compared with the same official sentences and bodies)."""
    return drop_accents(identity_text(text))


SPEAKERS = re.compile(r"\s+(?:et|ainsi que)\s+")  # "l'ARS et le GRADeS"
NAME = re.compile(r"\b[A-ZÀ-Ý]")  # a capital opens a name or an acronym ("Jean Martin", "ARS")


def speaker_named(speaker: str, pool: Sequence[Official]) -> bool:
    """True when each speaker of the quote is named in an official text (or cannot be
    checked).

    An indefinite speaker ("un responsable de la communication") or a role with no name ("les
    autorités sanitaires", "la direction") names nobody; a named one ("l'ARS Hauts-de-France",
    "Jean Martin, directeur") must appear in some official text, and so must each of two
    ("l'ARS et le GRADeS").
    """
    for part in SPEAKERS.split(speaker.split(",")[0].strip()):
        core = DETERMINER.sub("", folded(part)).strip()
        named = NAME.search(DETERMINER.sub("", part.strip(), count=1))
        if not core or GENERIC_SPEAKER.match(core) or not named:
            continue
        if not any(core in folded(o.sentence.text) or core in folded(o.body) for o in pool):
            return False
    return True
