"""Text normalization shared by the check-stage spaCy components.

French press text mixes typographic and ASCII apostrophes (``’`` / ``'``), non-breaking and
narrow non-breaking spaces inside numbers (``126\u00a0000``), accented and unaccented capitals
("A ce stade" for "À ce stade"). The helpers here give every component the same answers:

* :func:`fold` and :func:`search_text` produce comparison keys and regex-friendly copies of a text
  (the latter keeps character offsets, so regex matches map back onto the ``Doc``);
* :func:`token_variants` and :func:`phrase_patterns` turn a phrase written once in a data file into
  ``Matcher`` token patterns that accept casing, apostrophe and accent variants;
* :class:`PhraseIndex` matches such patterns with a token trie built once (every surface variant
  spelled out), far faster than the ``Matcher``, which tries every pattern at every token;
* :func:`parse_number` reads French numerals ("126 000", "1,5", "vingt-deux") into numbers;
* :func:`load_data` reads the TOML pattern files kept in ``claims/data/``.

The components themselves live in ``claims.entities``, ``claims.dates``, ``claims.quantities``,
``claims.data_classes`` and ``claims.polarity``; ``claims.nlp`` assembles them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.text import drop_accents
from core.vocabulary import load_toml

if TYPE_CHECKING:  # annotations only: the cross-check imports this without loading spaCy
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

DATA_DIR = Path(__file__).resolve().parent / "data"

# French month names and abbreviations (the date parser's and the cross-check's).
MONTHS = {
    "janvier": 1,
    "janv": 1,
    "février": 2,
    "fevrier": 2,
    "févr": 2,
    "fevr": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "décembre": 12,
    "decembre": 12,
    "déc": 12,
    "dec": 12,
}

APOSTROPHES = "'\u2019\u02bc"
_APOSTROPHE_TABLE = str.maketrans({"\u2019": "'", "\u02bc": "'"})
_APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}]")
# Same-length replacements only: search_text() must keep character offsets.
_SPACE_TABLE = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})

UNITS_WORDS: dict[str, int] = {
    "zéro": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
}
SCALE_WORDS: dict[str, int] = {"cent": 100, "cents": 100, "mille": 1000}
NUMBER_WORDS = tuple(UNITS_WORDS) + tuple(SCALE_WORDS)


def strip_accents(text: str) -> str:
    """Remove combining accents: "Île" -> "Ile", "à" -> "a"."""
    return unicodedata.normalize("NFC", drop_accents(text, compatibility=False))


def fold(text: str) -> str:
    """Return a comparison key: lower case, ASCII apostrophes, no accents, single spaces."""
    text = text.translate(_APOSTROPHE_TABLE).translate(_SPACE_TABLE)
    return " ".join(strip_accents(text).lower().split())


def identity_text(text: str) -> str:
    """Text as compared for identity: NFKC, unified apostrophes and spaces, lower case."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u00a0", " ")
    return " ".join(text.lower().split())


def search_text(text: str) -> str:
    """Return ``text`` with apostrophes and exotic spaces made ASCII, offsets unchanged."""
    folded = text.translate(_APOSTROPHE_TABLE).translate(_SPACE_TABLE)
    assert len(folded) == len(text)
    return folded


def token_variants(token_text: str, *, cased: bool = False, short: bool = False) -> list[str]:
    """List the surface forms a pattern token accepts (apostrophes, accents, case).

    Accents are dropped on short tokens only if ``short``: alone, "à" -> "a" or "où" -> "ou"
    would turn into other common words; inside a phrase ("A ce stade") the context is enough.
    """
    return list(_token_variants(token_text, cased, short))


@cache
def _token_variants(token_text: str, cased: bool, short: bool) -> tuple[str, ...]:
    # Cached: pattern generation asks for the same tokens tens of thousands of times.
    base = token_text if cased else token_text.lower()
    forms = {base}
    if len(base) > 2 or short:
        forms.add(strip_accents(base))
    with_apostrophes: set[str] = set()
    for form in forms:
        for mark in "'\u2019":
            with_apostrophes.add(re.sub(f"[{APOSTROPHES}]", mark, form))
    return tuple(sorted(with_apostrophes))


def phrase_patterns(
    tokenizer: Tokenizer, phrase: str, *, cased: bool = False
) -> list[list[dict[str, Any]]]:
    """Turn a phrase into ``Matcher`` token patterns tolerant to apostrophes, accents, case.

    Both apostrophe spellings are tokenized, in case the tokenizer splits them differently; the
    result is deduplicated.
    """
    attr = "ORTH" if cased else "LOWER"
    patterns: list[list[dict[str, Any]]] = []
    seen: set[tuple[tuple[str, ...], ...]] = set()
    # Without an apostrophe both spellings are the same text: tokenize it once.
    marks = "'\u2019" if _APOSTROPHE_RE.search(phrase) else "'"
    for mark in marks:
        tokens = [t.text for t in tokenizer(_APOSTROPHE_RE.sub(mark, phrase)) if not t.is_space]
        short = len(tokens) > 1
        variants = tuple(_token_variants(t, cased, short) for t in tokens)
        if variants and variants not in seen:
            seen.add(variants)
            patterns.append([{attr: {"IN": list(v)}} for v in variants])
    return patterns


class _Node:
    """A trie node: one per distinct sequence of accepted-string sets (a pattern prefix).

    ``edges`` maps an accepted set to the child that extends the prefix with it; ``children``
    maps each accepted string to those children, for matching.
    """

    __slots__ = ("children", "edges", "keys")

    def __init__(self) -> None:
        self.edges: dict[frozenset[str], _Node] = {}
        self.children: dict[str, list[_Node]] = {}
        self.keys: list[Hashable] = []

    def child(self, accepted: frozenset[str]) -> _Node:
        node = self.edges.get(accepted)
        if node is None:
            node = self.edges[accepted] = _Node()
            for text in accepted:
                self.children.setdefault(text, []).append(node)
        return node


class PhraseIndex:
    """Exact, fast matching of phrase-shaped token patterns.

    A pattern is phrase-shaped when each of its tokens is a single ``{"LOWER": ...}`` or
    ``{"ORTH": ...}`` predicate (a string or ``{"IN": [...]}``), all with the same attribute:
    what :func:`phrase_patterns` builds. :meth:`add` puts the pattern in a trie whose edges are
    the sets of strings each token accepts (one trie for ``LOWER``, one for ``ORTH``), and
    :meth:`find` walks it from each token, looking each word up in a dict. It finds exactly what
    a ``Matcher`` holding the same patterns finds (every match, overlapping ones included), in
    time proportional to the number of tokens rather than tokens x patterns.
    """

    ATTRS = ("LOWER", "ORTH")

    def __init__(self) -> None:
        self._roots: dict[str, _Node] = {attr: _Node() for attr in self.ATTRS}
        self._rank: dict[Hashable, int] = {}  # keys in order of addition, to break ties

    def __bool__(self) -> bool:
        return any(root.edges for root in self._roots.values())

    @classmethod
    def compile(cls, pattern: Sequence[dict[str, Any]]) -> tuple[str, list[frozenset[str]]] | None:
        """Return ``(attribute, accepted strings per token)``, ``None`` if not phrase-shaped."""
        if not pattern:
            return None
        attrs: set[str] = set()
        alternatives: list[frozenset[str]] = []
        for token in pattern:
            if len(token) != 1:
                return None
            ((attr, value),) = token.items()
            attr = attr.upper()
            if attr not in cls.ATTRS:
                return None
            if isinstance(value, str):
                alternatives.append(frozenset([value]))
            elif isinstance(value, dict) and list(value) == ["IN"] and value["IN"]:
                if not all(isinstance(v, str) for v in value["IN"]):
                    return None
                alternatives.append(frozenset(value["IN"]))
            else:
                return None
            attrs.add(attr)
        if len(attrs) != 1:
            return None
        return attrs.pop(), alternatives

    def add(self, key: Hashable, pattern: Sequence[dict[str, Any]]) -> bool:
        """Index ``pattern`` under ``key``; ``False`` (nothing added) if not phrase-shaped."""
        compiled = self.compile(pattern)
        if compiled is None:
            return False
        attr, alternatives = compiled
        node = self._roots[attr]
        for accepted in alternatives:
            node = node.child(accepted)
        if key not in node.keys:
            node.keys.append(key)
        self._rank.setdefault(key, len(self._rank))
        return True

    def find(self, doc: Doc) -> list[tuple[Hashable, int, int]]:
        """Every distinct ``(key, start, end)`` match in ``doc``.

        Sorted by start, end, then order in which the keys were first added.
        """
        matches: set[tuple[Hashable, int, int]] = set()
        n_tokens = len(doc)
        for attr, root in self._roots.items():
            if not root.edges:
                continue
            words = doc_words(doc, attr)
            first = root.children
            for start, word in enumerate(words):
                nodes = first.get(word)
                end = start + 1
                while nodes:
                    for node in nodes:
                        for key in node.keys:
                            matches.add((key, start, end))
                    if end == n_tokens:
                        break
                    word = words[end]
                    if len(nodes) == 1:
                        nodes = nodes[0].children.get(word)
                    else:
                        nodes = [c for node in nodes for c in node.children.get(word, ())]
                    end += 1
        rank = self._rank
        return sorted(matches, key=lambda m: (m[1], m[2], rank[m[0]]))


def doc_words(doc: Doc, attr: str) -> list[str]:
    """The doc's words as LOWER or ORTH strings, computed once per doc and shared by every
    component (iterating tokens builds a Python object per token; an array lookup does not)."""
    cache = doc.user_data.setdefault("vigie_words", {})
    if attr not in cache:
        strings = doc.vocab.strings
        cache[attr] = [strings[h] for h in doc.to_array(attr).tolist()] if len(doc) else []
    return cache[attr]


MAX_DIGITS = 15  # larger "numbers" are not counts, and would not fit a float


def parse_number(text: str) -> int | float | None:
    """Parse a French numeral written in digits or words; ``None`` when it is not one.

    "126 000" (any space kind) -> 126000, "1,5" -> 1.5, "1.500" -> 1500, "1.3" -> 1.3 (a
    point before one or two digits is a decimal point), "vingt-deux" -> 22,
    "quatre-vingt-dix" -> 90, "deux cents" -> 200, "trois mille" -> 3000.
    """
    cleaned = text.strip().translate(_SPACE_TABLE)
    if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?", cleaned):
        integer, _, decimals = cleaned.replace(" ", "").replace(".", "").partition(",")
        if len(integer.lstrip("0")) > MAX_DIGITS:
            return None  # not a count: an identifier, a phone number, junk
        if decimals:
            return float(f"{integer}.{decimals}")
        return int(integer)
    if re.fullmatch(r"\d{1,3}\.\d{1,2}", cleaned):
        return float(cleaned)
    return _parse_number_words(cleaned.lower())


def _parse_number_words(text: str) -> int | None:
    words = [w for w in re.split(r"[\s-]+", text) if w and w != "et"]
    if not words or any(w not in UNITS_WORDS and w not in SCALE_WORDS for w in words):
        return None
    total, current = 0, 0
    for index, word in enumerate(words):
        if word in ("vingt", "vingts") and index > 0 and words[index - 1] == "quatre":
            current = current - 4 + 80  # "quatre-vingt(s)"
        elif word in ("cent", "cents"):
            current = max(current, 1) * 100
        elif word == "mille":
            total += max(current, 1) * 1000
            current = 0
        else:
            current += UNITS_WORDS[word]
    return total + current


def as_number(value: float) -> int | float:
    """Return ``value`` as an ``int`` when it is integral (1.5e6 -> 1500000)."""
    return int(value) if float(value).is_integer() else value


@cache
def load_data(name: str) -> dict[str, Any]:
    """Load a TOML file from ``claims/data/`` (cached; treat the result as read-only)."""
    return load_toml(DATA_DIR / name)


def alternation(words: Iterable[str]) -> str:
    """Build a regex alternation, longest words first, apostrophes tolerant."""
    escaped = sorted({re.escape(w) for w in words}, key=len, reverse=True)
    return "|".join(e.replace("'", f"[{APOSTROPHES}]") for e in escaped)
