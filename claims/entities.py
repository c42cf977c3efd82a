"""Sector entity ruler: health-sector bodies, attackers and media as spaCy entities.

Component ``vigie_sector_entities`` is an ``EntityRuler`` whose token patterns are generated
from ``claims/data/sector_entities.toml`` (the label scheme is documented there):

* AUTHORITY (ARS, CNIL, ANSSI, CERT-FR, CERT Santé, OFAC, C3N, parquet de Paris, ...),
* HEALTH_ORG (hospitals, clinics, hospital groups, GRADeS),
* ATTACKER (ransomware groups), MEDIA (agencies and outlets).

Matching does not use the token ``Matcher`` (which tried every pattern at every token, 2.4 s on
the 15 demo documents): names and template heads go to a :class:`~claims.normalize.PhraseIndex`
and template tails are scanned by hand, with the same results (see ``SectorEntityRuler``).

Place it before ``ner``: the statistical recognizer keeps the ruler's spans and still labels
everything else (PER, LOC, ORG, MISC). ``span.ent_id_`` carries an id such as ``ars/normandie``;
``Span._.sector_key`` turns template ids (``hospital/*``) into ``hospital/chu-de-rouen``.
"""

from __future__ import annotations

import re
from typing import Any, cast

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token

from claims.normalize import PhraseIndex, load_data, phrase_patterns, token_variants
from core.text import slugify

SECTOR_LABELS = ("AUTHORITY", "HEALTH_ORG", "ATTACKER", "MEDIA")
TEMPLATE_SUFFIX = "/*"
# A template match right after one of these is a common noun phrase, not a name.
_INDEFINITE = {"un", "une", "chaque", "plusieurs", "quelques", "certains", "certaines", "autre"}
_NOT_NAME_WORDS = [
    "le",
    "la",
    "les",
    "l'",
    "l’",
    "un",
    "une",
    "des",
    "du",
    "de",
    "et",
    "ou",
    "à",
    "au",
    "aux",
    "ce",
    "cette",
    "ces",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
    "selon",
    "dans",
    "pour",
    "par",
]
_TEMPLATE_TAIL: list[dict[str, Any]] = [
    {"LOWER": {"IN": ["de", "d'", "d’", "du", "des"]}, "OP": "?"},
    {"LOWER": {"IN": ["la", "l'", "l’"]}, "OP": "?"},
    {"IS_TITLE": True, "LOWER": {"NOT_IN": _NOT_NAME_WORDS}},
    # Hyphenated names are split by the tokenizer ("Simone", "-", "Veil").
    {
        "TEXT": {"REGEX": r"^(?:-|[A-ZÀ-Þ][\w’']*)$"},
        "LOWER": {"NOT_IN": _NOT_NAME_WORDS},
        "OP": "{0,4}",
    },
]

# The tail above, for the hand-written scan of SectorEntityRuler (same predicates).
_TAIL_CONNECTORS = frozenset(_TEMPLATE_TAIL[0]["LOWER"]["IN"])
_TAIL_ARTICLES = frozenset(_TEMPLATE_TAIL[1]["LOWER"]["IN"])
_NOT_NAME_SET = frozenset(_NOT_NAME_WORDS)
_NAME_PART = re.compile(_TEMPLATE_TAIL[3]["TEXT"]["REGEX"])
_TAIL_MAX_PARTS = 4  # the "{0,4}" of the last tail token

Pattern = dict[str, Any]


def _sector_key(span: Span) -> str | None:
    ent_id = span.ent_id_
    if not ent_id:
        return None
    if ent_id.endswith(TEMPLATE_SUFFIX):
        return ent_id[: -len(TEMPLATE_SUFFIX)] + "/" + slugify(span.text, ascii_fold=False)
    return ent_id


Span.set_extension("sector_key", getter=_sector_key, force=True)


def build_patterns(tokenizer: Tokenizer, data: dict[str, Any]) -> list[Pattern]:
    """Build the ruler's token patterns from the sector entities data file."""
    patterns: list[Pattern] = []
    patterns += _regional_patterns(tokenizer, data["regional"], data["region"])
    for entity in data["entity"]:
        for cased, key in ((False, "names"), (True, "cased")):
            for name in entity.get(key, []):
                for tokens in phrase_patterns(tokenizer, name, cased=cased):
                    patterns.append(
                        {"label": entity["label"], "id": entity["id"], "pattern": tokens}
                    )
    for template in data["template"]:
        patterns += _template_patterns(tokenizer, template)
    return patterns


def _regional_patterns(
    tokenizer: Tokenizer, regional: dict[str, Any], regions: list[dict[str, Any]]
) -> list[Pattern]:
    patterns: list[Pattern] = []
    for kind in regional["kind"]:
        prefixes = list(kind["prefixes"])
        acronym = kind.get("acronym")
        if acronym:
            prefixes += [f"{p} ({acronym})" for p in kind["prefixes"] if p != acronym]
        for prefix in prefixes:
            for connector in regional["connectors"]:
                for region in regions:
                    for name in region["names"]:
                        phrase = " ".join(part for part in (prefix, connector, name) if part)
                        phrase = phrase.replace("' ", "'")  # "d' Île" -> "d'Île"
                        for tokens in phrase_patterns(tokenizer, phrase):
                            patterns.append(
                                {
                                    "label": kind["label"],
                                    "id": f"{kind['kind']}/{region['slug']}",
                                    "pattern": tokens,
                                }
                            )
    return patterns


def _template_patterns(tokenizer: Tokenizer, template: dict[str, Any]) -> list[Pattern]:
    patterns: list[Pattern] = []
    heads: list[list[Pattern]] = []
    for head in template.get("heads", []):
        heads += phrase_patterns(tokenizer, head)
    for head in template.get("cased_heads", []):
        heads.append(
            [{"ORTH": {"IN": token_variants(t.text, cased=True)}} for t in tokenizer(head)]
        )
    for head_tokens in heads:
        patterns.append(
            {
                "label": template["label"],
                "id": template["id"],
                "pattern": head_tokens + [dict(t) for t in _TEMPLATE_TAIL],
            }
        )
    return patterns


def add_tokenizer_exceptions(nlp: Language, data_file: str = "sector_entities.toml") -> list[str]:
    """Split a final period off names the tokenizer keeps glued ("C3N." at a sentence end).

    Returns the names that needed it. This changes the shared tokenizer, so ``load_nlp`` calls
    it once rather than the ruler factory.
    """
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    data = load_data(data_file)
    names = {n for e in data["entity"] for n in e.get("names", []) + e.get("cased", [])}
    fixed = []
    for name in sorted(names):
        if len(tokenizer(name)) == 1 and len(tokenizer(f"{name}.")) == 1:
            tokenizer.add_special_case(f"{name}.", [{ORTH: name}, {ORTH: "."}])
            fixed.append(name)
    return fixed


def _template_tail_ends(doc: Doc, start: int) -> list[int]:
    """Ends of every match of ``_TEMPLATE_TAIL`` from token ``start`` (as the Matcher finds)."""
    ends: list[int] = []
    n_tokens = len(doc)
    firsts = [start]
    if start < n_tokens and doc[start].lower_ in _TAIL_CONNECTORS:
        firsts.append(start + 1)
    for first in firsts:
        names = [first]
        if first < n_tokens and doc[first].lower_ in _TAIL_ARTICLES:
            names.append(first + 1)
        for name in names:
            if name >= n_tokens or not _is_name_start(doc[name]):
                continue
            end = name + 1
            ends.append(end)
            while end < n_tokens and end - name <= _TAIL_MAX_PARTS and _is_name_part(doc[end]):
                end += 1
                ends.append(end)
    return ends


def _is_name_start(token: Token) -> bool:
    return token.is_title and token.lower_ not in _NOT_NAME_SET


def _is_name_part(token: Token) -> bool:
    return _NAME_PART.search(token.text) is not None and token.lower_ not in _NOT_NAME_SET


class SectorEntityRuler(EntityRuler):
    """EntityRuler that prefers named entries over templates and drops indefinite templates.

    Speed: the base ruler's token ``Matcher`` tries each of the ~3,300 generated patterns at
    every token. Here phrase-shaped patterns (all names and regional names) go to a
    :class:`~claims.normalize.PhraseIndex`, and template patterns (a phrase-shaped head followed
    by ``_TEMPLATE_TAIL``) index their head, the tail being scanned by hand from each head
    match. Both find exactly what the ``Matcher`` would. Any other token or phrase pattern still
    goes to the base ruler's matchers.
    """

    def __init__(self, nlp: Language, name: str = "entity_ruler", **kwargs: Any) -> None:
        self._index = PhraseIndex()  # keys: (match id, is a template head)
        super().__init__(nlp, name, **kwargs)

    def clear(self) -> None:
        """Reset all patterns."""
        super().clear()
        self._index = PhraseIndex()

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:  # type: ignore[override]
        """Add patterns; phrase-shaped and template patterns go to the fast index."""
        others = [entry for entry in patterns if not self._add_indexed(entry)]
        if others:
            super().add_patterns(others)

    def _add_indexed(self, entry: dict[str, Any]) -> bool:
        pattern = entry["pattern"]
        if not isinstance(pattern, list):
            return False
        tail = len(_TEMPLATE_TAIL)
        is_template = len(pattern) > tail and pattern[-tail:] == _TEMPLATE_TAIL
        label = entry["label"]
        if "id" in entry:
            label = self._create_label(label, entry["id"])
        key = self.matcher._normalize_key(label)
        if not self._index.add((key, is_template), pattern[:-tail] if is_template else pattern):
            return False
        if "id" in entry:
            self._ent_ids[key] = (entry["label"], entry["id"])
        self.token_patterns[label].append(pattern)
        return True

    def remove(self, ent_id: str) -> None:
        """Remove the patterns of ``ent_id`` (``ValueError`` if there are none)."""
        patterns = self.patterns
        if not any(p.get("id") == ent_id for p in patterns):
            super().remove(ent_id)  # raises the base ruler's error
        self.clear()
        self.add_patterns([p for p in patterns if p.get("id") != ent_id])

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Return matches longest first; at equal length named entries beat templates."""
        found: set[tuple[int, int, int]] = set()
        for entry, start, end in self._index.find(doc):
            key, is_template = cast(tuple[int, bool], entry)
            if is_template:
                found.update((key, start, tail_end) for tail_end in _template_tail_ends(doc, end))
            else:
                found.add((key, start, end))
        if len(self.matcher) or len(self.phrase_matcher):
            found.update(super().match(doc))
        else:
            self._require_patterns()
        by_length = sorted(
            (m for m in found if m[1] != m[2]), key=lambda m: (m[2] - m[1], -m[1]), reverse=True
        )
        matches = [m for m in by_length if self._keep(doc, *m)]

        def priority(match: tuple[int, int, int]) -> tuple[int, int, int]:
            match_id, start, end = match
            return (end - start, 0 if self._is_template(match_id) else 1, -start)

        return sorted(matches, key=priority, reverse=True)

    def _is_template(self, match_id: int) -> bool:
        _, ent_id = self._ent_ids.get(match_id, ("", ""))
        return bool(ent_id) and ent_id.endswith(TEMPLATE_SUFFIX)

    def _keep(self, doc: Doc, match_id: int, start: int, end: int) -> bool:
        if not self._is_template(match_id):
            return True
        if doc[end - 1].text == "-":  # the shorter match without the dash is kept
            return False
        return start == 0 or doc[start - 1].lower_ not in _INDEFINITE


@Language.factory(
    "vigie_sector_entities",
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    default_config={
        "data_file": "sector_entities.toml",
        "overwrite_ents": True,
        "validate": False,
    },
)
def make_sector_entities(
    nlp: Language, name: str, data_file: str, overwrite_ents: bool, validate: bool
) -> SectorEntityRuler:
    """Create the sector ruler loaded with the patterns of ``claims/data/<data_file>``."""
    ruler = SectorEntityRuler(nlp, name, overwrite_ents=overwrite_ents, validate=validate)
    ruler.add_patterns(build_patterns(nlp.tokenizer, load_data(data_file)))
    return ruler
