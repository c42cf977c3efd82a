"""What a verdict is, as the check stage stores it and the site shows it: the four verdicts,
their French labels, and the record of an official sentence cited as evidence."""

from __future__ import annotations

from dataclasses import dataclass

VERDICTS = ("supported", "contradicted", "unsupported", "no_official_source")
VERDICT_LABELS_FR = {
    "supported": "Confirmé par une source officielle",
    "contradicted": "Contredit par une source officielle",
    "unsupported": "Non étayé par les sources officielles",
    "no_official_source": "Aucune source officielle à ce jour",
}


@dataclass(frozen=True)
class Evidence:
    """An official sentence that bears on a claim."""

    doc_url: str
    text: str
    score: float
