"""Records of the check stage, as stored (JSON columns of the tables of `claims.schema`).

The NLP step turns each document into `Sentence` records (every sentence, with its facets) and
each press document into `Claim` records (check-worthy clauses). The cross-check is a pure
function of stored records: claims and official sentences in, a `Verdict` out, so re-checking
after a new communiqué never needs the spaCy model.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from claims.normalize import identity_text
from core.verdicts import Evidence

FLAGS = ("hedge_dropped", "disputed", "superseded", "changed_after_publication")
# What a claim is about. A claim may have several; the first is its main kind.
KINDS = (
    "count",
    "data",
    "date",
    "method",
    "actor",
    "measure",
    "impact",
    "ransom",
    "quote",
    "scope",
    "other",
)


@dataclass(frozen=True)
class Quantity:
    """A normalised count or amount: 126000 patients, 10 000 000 USD."""

    value: float | None
    unit: str | None  # lemma of the counted noun ("patient", "région"), None when unknown
    relation: str = "eq"  # eq, gt, ge, lt, le, approx, vague, all ("toutes les")
    currency: str | None = None
    text: str = ""
    aside: bool = False  # in a relative clause or an apposition: it describes a participant
    # ("Ramsay Santé, qui compte 130 établissements, …"), it does not count the incident


@dataclass(frozen=True)
class DateSpan:
    """A resolved date or period (inclusive ISO days)."""

    start: str | None
    end: str | None
    kind: str = "date"  # date, period, range
    text: str = ""
    aside: bool = False  # in a relative clause or an apposition ("le GHT, qui a isolé mercredi
    # soir le système, …"): it dates a participant's act, not the statement


@dataclass(frozen=True)
class Facets:
    """Normalised content of a sentence or clause: what can be compared across documents."""

    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateSpan, ...] = ()
    data_classes: tuple[str, ...] = ()  # HIBP names, sorted
    topics: tuple[str, ...] = ()  # event keys: "complaint", "cnil", "accounts_neutralised"...
    actors: tuple[str, ...] = ()  # entity keys ("ars/normandie", "ofac")

    def to_json(self) -> str:
        """Stable JSON for the store."""
        return dumps(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> Facets:
        """Rebuild from the store."""
        data = json.loads(raw or "{}")
        return cls(
            quantities=tuple(Quantity(**q) for q in data.get("quantities", [])),
            dates=tuple(DateSpan(**d) for d in data.get("dates", [])),
            data_classes=tuple(data.get("data_classes", [])),
            topics=tuple(data.get("topics", [])),
            actors=tuple(data.get("actors", [])),
        )


@dataclass(frozen=True)
class Quote:
    """Words between « » (or quotes) and who said them, as the article attributes them."""

    text: str
    speaker: str = ""  # "Ramsay Santé", "un responsable de la communication"


@dataclass(frozen=True)
class Sentence:
    """One analysed sentence of any document (official sentences are the evidence pool)."""

    document_id: str
    position: int
    text: str
    lemmas: tuple[str, ...] = ()  # lower-cased content lemmas, for BM25
    negated: bool = False
    hedges: tuple[str, ...] = ()  # hedge cues found ("à ce stade", "conditionnel")
    facets: Facets = field(default_factory=Facets)
    entities: tuple[tuple[str, str], ...] = ()  # (text, label)
    vector: bytes = field(default=b"", compare=False, repr=False)  # unit float32 word vectors


@dataclass(frozen=True)
class Claim:
    """A check-worthy statement of a press document."""

    id: str
    document_id: str
    position: int  # the sentence's position in the document
    kind: str
    text: str  # the clause
    sentence: str  # the whole sentence
    negated: bool = False
    hedges: tuple[str, ...] = ()
    facets: Facets = field(default_factory=Facets)
    entities: tuple[tuple[str, str], ...] = ()
    quote: Quote | None = None
    lemmas: tuple[str, ...] = ()
    vector: bytes = field(default=b"", compare=False, repr=False)  # unit float32 word vectors


@dataclass(frozen=True)
class Verdict:
    """The cross-check's decision for one claim."""

    claim_id: str
    verdict: str
    reason: str  # one line, in French
    evidence: tuple[Evidence, ...] = ()
    flags: tuple[str, ...] = ()


def claim_id(doc_url: str, text: str) -> str:
    """Stable claim id: hash of the document URL and the normalised clause text."""
    digest = hashlib.sha256(f"{doc_url}\n{identity_text(text)}".encode()).hexdigest()
    return digest[:16]


def dumps(value: Any) -> str:
    """Deterministic compact JSON (sorted keys, UTF-8 kept)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
