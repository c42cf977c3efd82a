"""The fact sheet of an incident: who, where, when, how many, which data, what status.

Everything comes from what the store holds: the incident record, the entity mentions of its
documents and the facets the analysis stored on each official sentence (dates, counts, data
classes, topics, negation, hedges). Advice to readers ("on ne vous demandera jamais vos
coordonnées bancaires") never makes a data class "leaked": a sentence counts only when it is
affirmative, about the attack or the theft, and not addressed to the reader.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from core.vocabulary import topic_set
from sitegen.data import DateSpan, Doc, IncidentRow, Quantity, Sentence
from sitegen.markup import MONTHS, fr_date, parse_date

LEAK_TOPICS = frozenset({"data_theft", "data_leak", "attack", "identity_theft"})
# The topics of the sentences whose dates a fact sheet considers: core/data/topic_sets.toml.
FACT_SHEET_DATE_TOPICS = topic_set("fact_sheet_dates")
# Units of a count of people or records (the official count of a breach).
PEOPLE_UNITS = frozenset(
    {
        "personne",
        "patient",
        "usager",
        "dossier",
        "assuré",
        "victime",
        "client",
        "résident",
        "salarié",
        "agent",
        "compte",
        "bénéficiaire",
        "professionnel",
        "donnée",
    }
)
ONGOING_HEDGES = frozenset(
    {"toujours en cours", "à ce stade", "en l'état", "en l’état", "selon les premiers éléments"}
)
_READER = re.compile(r"\b(?:vous|votre|vos)\b", re.IGNORECASE)
_DETECTION = re.compile(r"d[ée]tect|d[ée]couv|constat|rep[ée]r", re.IGNORECASE)
_MINOR = frozenset({"de", "du", "des", "la", "le", "les", "et", "d", "l", "à", "au", "aux", "en"})
_WORD = re.compile(r"[^\W\d_]+")


def counts_as_leak(text: str, negated: bool, topics: tuple[str, ...]) -> bool:
    """True when a sentence's data classes say what leaked (see the module docstring)."""
    return not negated and bool(LEAK_TOPICS.intersection(topics)) and not _READER.search(text)


def initials(name: str) -> str:
    """ "HPL" for "Hôpital privé de la Loire": first letters of the words that are not
    articles or prepositions, upper-cased."""
    return "".join(w[0] for w in _WORD.findall(name) if w.casefold() not in _MINOR).upper()


@dataclass(frozen=True)
class Sourced:
    """A value with the official document that states it."""

    text: str
    doc: Doc | None = None


@dataclass(frozen=True)
class FactSheet:
    """What a reader needs first about an incident."""

    victim: str  # full name, with the acronym the sources use ("" when unknown)
    place: str
    title: str
    attack: Sourced | None
    detection: Sourced | None
    disclosure: Doc | None  # first official document
    latest: Doc | None  # latest official document
    count: Sourced | None
    confirmed: tuple[str, ...]  # data classes stated by an official source
    press_only: tuple[str, ...]  # data classes only the press cites
    ongoing: bool  # the latest official document says investigations go on


def span_fr(span: DateSpan) -> str:
    """ "le 8 septembre 2025", "entre le 26 juin et le 1er juillet 2025"."""
    start, end = parse_date(span.start), parse_date(span.end or span.start)
    if start is None:
        return span.text
    if end is None or end.date() == start.date():
        return f"le {fr_date(span.start)}"
    first = fr_date(span.start)
    if start.year == end.year:
        first = first.rsplit(" ", 1)[0]
        if start.month == end.month:
            first = first.rsplit(" ", 1)[0]
    return f"entre le {first} et le {fr_date(span.end)}"


def month_fr(value: str) -> str:
    """ "juillet 2025" ("" when unparseable)."""
    parsed = parse_date(value)
    return f"{MONTHS[parsed.month - 1]} {parsed.year}" if parsed else ""


def victim_name(victim: str, forms: Counter[tuple[str, str]]) -> str:
    """The victim's full name when the record holds an acronym: the most frequent spelling
    with the same entity key whose initials make the acronym, then the acronym."""
    keys = {k for (text, k) in forms if text == victim and k}
    if not victim or not victim.isupper() or " " in victim or not keys:
        return victim
    candidates = [
        (n, text)
        for (text, k), n in forms.items()
        if k in keys and text != victim and initials(text) == victim.upper()
    ]
    if not candidates:
        return victim
    full = min(candidates, key=lambda c: (-c[0], c[1]))[1]
    return f"{full} ({victim})"


def _earliest(
    sentences: list[Sentence], docs: dict[str, Doc], keep: re.Pattern[str] | None = None
) -> Sourced | None:
    found = []
    for s in sentences:
        if s.negated or not FACT_SHEET_DATE_TOPICS.intersection(s.topics) and keep is None:
            continue
        if keep is not None and not keep.search(s.text):
            continue
        for span in s.dates:
            published = docs[s.document_id].published[:10]
            if span.start and not (span.kind == "date" and span.start == published):
                found.append((span.start, span.end, s.document_id, span))
    if not found:
        return None
    # The narrowest span ("à la fin de la semaine dernière" beats "septembre 2025"), then
    # the earliest.
    _start, _end, doc_id, span = min(found, key=lambda f: (_days(f[0], f[1]), f[0], f[2]))
    return Sourced(span_fr(span), docs[doc_id])


def _days(start: str, end: str) -> int:
    first, last = parse_date(start), parse_date(end or start)
    return (last - first).days if first and last else 1 << 20


def _official_count(sentences: list[Sentence], docs: dict[str, Doc]) -> Sourced | None:
    best: tuple[float, str, Quantity] | None = None
    for s in sentences:
        if s.negated:
            continue
        for q in s.quantities:
            if q.value is not None and q.unit in PEOPLE_UNITS and q.relation != "vague":
                if best is None or (q.value, s.document_id) > (best[0], best[1]):
                    best = (q.value, s.document_id, q)
    return Sourced(best[2].text, docs[best[1]]) if best else None


def fact_sheet(
    incident: IncidentRow,
    docs: list[Doc],
    sentences: list[Sentence],
    forms: Counter[tuple[str, str]],
    places: Counter[str],
    press_classes: set[str],
    attack_words: bool,
) -> FactSheet:
    """The fact sheet of one incident from its documents (timeline order), the facets of its
    official sentences, entity spellings (text, key) and places (by number of documents),
    the data classes of its press claims that count as leaked, and whether anything speaks
    of an attack (else it is a data leak)."""
    by_id = {d.id: d for d in docs}
    official = [d for d in docs if d.kind == "official"]
    official_classes = {
        c for s in sentences if counts_as_leak(s.text, s.negated, s.topics) for c in s.data_classes
    }
    victim = victim_name(incident.victim, forms)
    place = incident.region or next(
        (p for p, _ in sorted(places.items(), key=lambda kv: (-kv[1], kv[0])) if p != "France"), ""
    )
    attack = _earliest(sentences, by_id)
    latest = official[-1] if official else None
    latest_sentences = [s for s in sentences if latest and s.document_id == latest.id]
    ongoing = any(
        ONGOING_HEDGES.intersection(s.hedges) or "investigation" in s.topics
        for s in latest_sentences
    )
    when = month_fr(official[0].date if official else incident.first_report or incident.started)
    name = victim.split(" (")[0] if victim else ""
    event = "cyberattaque" if attack_words else "fuite de données"
    if name:
        title = f"{name}{f' ({place})' if place else ''} : {event}"
        title += f" de {when}" if when else ""
    else:
        title = incident.title or incident.slug
    return FactSheet(
        victim=victim,
        place=place,
        title=title,
        attack=attack,
        detection=_earliest(sentences, by_id, keep=_DETECTION),
        disclosure=official[0] if official else None,
        latest=latest,
        count=_official_count(sentences, by_id),
        confirmed=tuple(sorted(official_classes)),
        press_only=tuple(sorted(press_classes - official_classes)),
        ongoing=ongoing,
    )
