"""Counted quantities with their unit: "plus de 126 000 patients", "33 millions de personnes".

Component ``vigie_quantities`` fills ``Doc._.quantities`` with :class:`Quantity` records;
``Span._.quantities`` lists those starting inside a span (a sentence, a claim).

* numbers in digits ("126 000" with any space kind, "1,5", "2.500") or words ("deux",
  "vingt-deux"), scaled by "millions", "milliards", "milliers", "mille", "M€";
* a qualifier before the number gives the relation to the value: "plus de" -> ``gt``,
  "au moins" -> ``ge``, "moins de" -> ``lt``, "jusqu'à" -> ``le``, "près de" / "environ" /
  "une centaine" -> ``approx``, "une seule" -> ``eq`` (value 1); "plusieurs", "quelques",
  "des milliers de" -> ``vague`` (value ``None``); "toutes les" -> ``all`` (value ``None``);
* the unit is the noun that follows ("patients", "hôpitaux"; "de"/"d'" and adjectives skipped);
  "40 d'entre eux" takes the unit of the preceding quantity of the sentence, else of the
  nearest plural noun of matching gender; money units get an ISO currency code.

Numbers inside date expressions (``vigie_dates``) and entities ("France 3", "C3N") are skipped,
as are bare years and numbers with a leading zero (phone numbers, clock times).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claims.dates import find_date_mentions
from claims.incidents import REGIONS
from claims.normalize import NUMBER_WORDS, alternation, as_number, parse_number, search_text

QUALIFIERS: dict[str, str] = {
    "plus de": "gt",
    "un peu plus de": "gt",
    "au-delà de": "gt",
    "davantage que": "gt",
    "au moins": "ge",
    "pas moins de": "ge",
    "au minimum": "ge",
    "minimum": "ge",
    "moins de": "lt",
    "un peu moins de": "lt",
    "jusqu'à": "le",
    "au plus": "le",
    "au maximum": "le",
    "pas plus de": "le",
    "maximum": "le",
    "près de": "approx",
    "environ": "approx",
    "quelque": "approx",
    "autour de": "approx",
    "approximativement": "approx",
    "presque": "approx",
    "quasiment": "approx",
    "pratiquement": "approx",
    "de l'ordre de": "approx",
    "à peu près": "approx",
    "exactement": "eq",
    "seulement": "eq",
    "uniquement": "eq",
    "précisément": "eq",
}
VAGUE = (
    "plusieurs",
    "quelques",
    "de nombreux",
    "de nombreuses",
    "nombreux",
    "nombreuses",
    "des dizaines de",
    "des centaines de",
    "des milliers de",
    "des millions de",
    "des dizaines de milliers de",
    "des centaines de milliers de",
    "plusieurs dizaines de",
    "plusieurs centaines de",
    "plusieurs milliers de",
    "plusieurs millions de",
    "plusieurs dizaines de milliers de",
)
MULTIPLIERS: dict[str, int] = {
    "mille": 1000,
    "millier": 1000,
    "milliers": 1000,
    "million": 10**6,
    "millions": 10**6,
    "milliard": 10**9,
    "milliards": 10**9,
    "centaine": 100,
    "centaines": 100,
    "dizaine": 10,
    "dizaines": 10,
    "m€": 10**6,
    "k€": 1000,
    "md€": 10**9,
    "m$": 10**6,
}
APPROX_MULTIPLIERS = {"millier", "milliers", "centaine", "centaines", "dizaine", "dizaines"}
CURRENCIES: dict[str, str] = {
    "euro": "EUR",
    "euros": "EUR",
    "€": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "$": "USD",
    "bitcoin": "BTC",
    "bitcoins": "BTC",
    "livre": "GBP",
    "livres": "GBP",
}
UNIT_SYMBOLS = {"%", "€", "$", "go", "to", "mo", "ko"}
_PARTITIVE = {"ses", "leurs", "nos", "vos", "ces"}
_SKIPPABLE_ADJ = {"autres", "nouveaux", "nouvelles", "anciens", "anciennes", "premiers", "derniers"}

# Digits: no leading zero (phone numbers), not glued to letters, slashes or other digits.
# A point before one or two digits is a decimal point, as some outlets write it ("1.3 million
# de dollars", "28.7 gigaoctets"); before three, a thousands separator ("1.500 patients").
_DIGITS = (
    r"(?<![\w/.,-])(?!0\d)(?:\d{1,3}(?:[ .]\d{3})+(?:,\d+)?(?![\w/])"
    r"|\d{1,3}\.\d{1,2}(?![\w/.,])"
    r"|\d+(?:,\d+)?(?![\w/]|[.,]\d))"
)
_WORD = alternation(NUMBER_WORDS)
# "un"/"une" alone are articles; they count only in "vingt et un" or before "seul"/"million".
_FIRST_WORD = alternation(w for w in NUMBER_WORDS if w not in ("un", "une"))
_WORDS = rf"\b(?:{_FIRST_WORD})(?:[- ](?:et[- ])?(?:{_WORD}))*\b"
_PHONE_RE = re.compile(r"(?<!\d)(?:\+33 ?|0)\d(?:[ .]?\d{2}){4}(?!\d)")
_MULT = rf"(?:{alternation(MULTIPLIERS)})(?!\w)"
_NUMBER_RE = re.compile(
    rf"(?:\b(?P<qual>{alternation(QUALIFIERS)})\s+)?"
    rf"(?P<num>{_DIGITS}|\bune?(?=\s+{_MULT})|{_WORDS})(?:\s+(?P<mult>{_MULT}))?",
    re.IGNORECASE,
)
_ONLY_REGION_RE = re.compile(
    r"\b(?:seule?s?\s+(?:la\s+|le\s+|l'\s*)|(?:seulement|uniquement)\s+(?:la\s+|le\s+|l'\s*|en\s+)?)"
    rf"(?:{alternation(REGIONS)})(?![\w-])",
    re.IGNORECASE,
)
_SINGLE_RE = re.compile(r"\b(?P<num>une?)\s+(?P<qual>seule?s?)\b", re.IGNORECASE)
_VAGUE_RE = re.compile(rf"\b(?P<qual>{alternation(VAGUE)})(?!\w)", re.IGNORECASE)
# "toutes les opérations", "tous ses établissements": the whole set (relation "all").
_ALL_RE = re.compile(
    r"\b(?P<qual>tou(?:te)?s\s+(?:les|ses|leurs|nos|vos|ces))(?!\w)", re.IGNORECASE
)


@dataclass(frozen=True)
class Quantity:
    """A count or amount found in the text."""

    text: str
    start_char: int
    end_char: int
    value: int | float | None
    unit: str | None  # the noun as written, lower case ("patients")
    unit_lemma: str | None  # "patient"
    qualifier: str | None  # the cue as written, lower case ("plus de", "seule", "plusieurs")
    relation: str  # "eq", "gt", "ge", "lt", "le", "approx", "vague" or "all"
    currency: str | None = None  # ISO 4217 code for money
    anaphoric: bool = False  # unit taken from an antecedent ("40 d'entre eux")


def _get_span_quantities(span: Span) -> list[Quantity]:
    quantities = span.doc._.quantities
    if quantities is None:
        raise ValueError("Span._.quantities needs the 'vigie_quantities' component to have run")
    return [q for q in quantities if span.start_char <= q.start_char < span.end_char]


Doc.set_extension("quantities", default=None, force=True)
Span.set_extension("quantities", getter=_get_span_quantities, force=True)


@Language.component("vigie_quantities", assigns=["doc._.quantities"])
def quantities_component(doc: Doc) -> Doc:
    """Store the quantities of ``doc`` in ``Doc._.quantities``."""
    doc._.quantities = find_quantities(doc)
    return doc


def find_quantities(doc: Doc) -> list[Quantity]:
    """Find quantities in ``doc``, skipping numbers that belong to dates or entities."""
    text = doc.text  # joined from the tokens at each access: once per document
    mentions = doc._.date_mentions
    if mentions is None:
        mentions = find_date_mentions(text)
    blocked = [(m.start_char, m.end_char) for m in mentions]
    blocked += [(e.start_char, e.end_char) for e in doc.ents]
    haystack = search_text(text)
    blocked += [m.span() for m in _PHONE_RE.finditer(haystack)]
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for regex in (_SINGLE_RE, _VAGUE_RE, _ALL_RE, _NUMBER_RE):
        for match in regex.finditer(haystack):
            start, end = match.span("num") if "num" in match.groupdict() else match.span()
            if _overlaps(start, end, blocked + taken):
                continue
            quantity = _build(doc, text, match, found)
            if quantity is not None:
                found.append(quantity)
                taken.append((match.start(), match.end()))
    for match in _ONLY_REGION_RE.finditer(haystack):  # "seule la Bretagne": one region
        if not _overlaps(match.start(), match.end(), taken):
            found.append(
                Quantity(
                    text[match.start() : match.end()],
                    match.start(),
                    match.end(),
                    1,
                    "région",
                    "région",
                    "seule",
                    "eq",
                )
            )
    return sorted(found, key=lambda q: q.start_char)


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start < r_end and end > r_start for r_start, r_end in ranges)


def _build(doc: Doc, text: str, match: re.Match[str], previous: list[Quantity]) -> Quantity | None:
    groups = match.groupdict()
    qualifier = (groups.get("qual") or "").lower() or None
    mult = (groups.get("mult") or "").lower()
    num = groups.get("num")
    value: int | float | None
    if num is None:  # "plusieurs", "des milliers de"; "toutes les"
        value, relation = None, "all" if qualifier and qualifier.startswith("tou") else "vague"
    elif qualifier and qualifier.startswith("seul"):
        value, relation = 1, "eq"
    else:
        parsed = parse_number(num)
        if parsed is None:
            return None
        value = as_number(parsed * MULTIPLIERS.get(mult, 1))
        relation = QUALIFIERS.get(qualifier or "", "approx" if mult in APPROX_MULTIPLIERS else "eq")
    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    if span is None:
        return None
    unit_token, end_token, anaphoric = _find_unit(doc, span.end, bool(mult) or num is None)
    unit = unit_lemma = currency = None
    if unit_token is not None:
        unit = unit_token.lower_
        unit_lemma = (unit_token.lemma_ or unit_token.text).lower()
        currency = CURRENCIES.get(unit)
    elif anaphoric:
        unit, unit_lemma = _antecedent(doc, span, end_token, previous)
    if mult in ("m€", "k€", "md€", "m$"):
        currency, unit, unit_lemma = CURRENCIES[mult[-1]], mult[-1], mult[-1]
    if num is None and unit is None:
        return None  # "plusieurs" used as a pronoun
    if unit is None and not mult and num and re.fullmatch(r"\d{1,3}\.\d{1,2}", num):
        return None  # a version ("LockBit 3.0 a revendiqué"), not a count
    if unit is None and not qualifier and isinstance(value, int) and 1900 <= value <= 2100:
        return None  # a bare year
    end_char = match.end()
    if unit_token is not None or anaphoric:
        end_char = max(end_char, doc[end_token - 1].idx + len(doc[end_token - 1]))
    return Quantity(
        text[match.start() : end_char],
        match.start(),
        end_char,
        value,
        unit,
        unit_lemma,
        qualifier,
        relation,
        currency,
        anaphoric,
    )


def _find_unit(doc: Doc, i: int, after_multiplier: bool) -> tuple[Token | None, int, bool]:
    """Return (unit token, end token index, anaphoric) for the words after a number at ``i``."""
    start = i
    while i < len(doc) and doc[i].is_space:
        i += 1
    if i < len(doc) and doc[i].lower_ in ("de", "d'", "d’"):
        if (
            i + 2 < len(doc)
            and doc[i + 1].lower_ == "entre"
            and doc[i + 2].lower_ in ("eux", "elles", "nous", "vous")
        ):
            return None, i + 3, True
        if i + 2 < len(doc) and doc[i + 1].lower_ in _PARTITIVE and _is_unit(doc[i + 2]):
            return doc[i + 2], i + 3, False  # "trois de ses établissements"
        if not after_multiplier and doc[i + 1 : i + 2].text.lower() not in CURRENCIES:
            return None, start, False
        i += 1
    skipped = 0
    while (
        i < len(doc)
        and skipped < 2
        and (doc[i].pos_ == "ADJ" or doc[i].lower_ in _SKIPPABLE_ADJ)
        and doc[i].lower_ not in UNIT_SYMBOLS
    ):
        i += 1
        skipped += 1
    if i < len(doc) and _is_unit(doc[i]):
        return doc[i], i + 1, False
    last = doc[i - 1] if skipped else None
    if (
        last is not None
        and last.is_alpha
        and last.lower_ not in _SKIPPABLE_ADJ
        and (i == len(doc) or doc[i].is_punct or doc[i].pos_ in ("AUX", "VERB", "ADP"))
    ):
        return last, i, False  # "une seule clinique, …": a noun the tagger took for an adjective
    return None, start, False


def _is_unit(token: Token) -> bool:
    if token.lower_ in UNIT_SYMBOLS or token.lower_ in CURRENCIES:
        return True
    if token.pos_:
        return token.pos_ in ("NOUN", "PROPN") and token.is_alpha
    return token.is_alpha and not token.is_stop  # no tagger in the pipeline


def _antecedent(
    doc: Doc, span: Span, end: int, previous: list[Quantity]
) -> tuple[str | None, str | None]:
    """Resolve the unit of "N d'entre eux/elles" to an earlier quantity or plural noun."""
    window = doc[:]
    if doc.has_annotation("SENT_START"):  # this sentence and the one before
        first = span.sent.start
        window = doc[doc[first - 1].sent.start if first > 0 else 0 : span.end]
    earlier = [
        q for q in previous if q.unit and window.start_char <= q.start_char < span.start_char
    ]
    if earlier:
        closest = max(earlier, key=lambda q: q.start_char)
        return closest.unit, closest.unit_lemma
    gender = "Fem" if doc[end - 1].lower_ == "elles" else "Masc"
    for token in reversed(doc[window.start : span.start]):
        if token.pos_ == "NOUN" and "Plur" in token.morph.get("Number", []):
            if gender in token.morph.get("Gender", []) or not token.morph.get("Gender", []):
                return token.lower_, token.lemma_.lower()
    return None, None
