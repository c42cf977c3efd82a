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
DETERMINER = re.compile(r"^(le|la|les|l'|l’|du|de la|des)\s*")


@lru_cache(maxsize=1 << 16)
def folded(text: str) -> str:
    """Normalised text without accents, for verbatim comparisons (cached: every quote of an
    incident is compared with the same official sentences and bodies)."""
    return drop_accents(identity_text(text))


def speaker_named(speaker: str, pool: Sequence[Official]) -> bool:
    """True when the quote's speaker is named in an official text (or cannot be checked).

    An indefinite speaker ("un responsable de la communication") names nobody; a named one
    ("l'ARS Hauts-de-France", "Jean Martin, directeur") must appear in some official text.
    """
    core = DETERMINER.sub("", folded(speaker).split(",")[0]).strip()
    if not core or GENERIC_SPEAKER.match(core):
        return True
    return any(core in folded(o.sentence.text) or core in folded(o.body) for o in pool)
