"""Sector entity ruler: health-sector bodies, attackers and media as spaCy entities.

Component ``vigie_sector_entities`` is an ``EntityRuler`` whose token patterns are generated
from ``claims/data/sector_entities.toml`` (the label scheme is documented there):

* AUTHORITY (ARS, CNIL, ANSSI, CERT-FR, CERT Santé, OFAC, C3N, parquet de Paris, ...),
* HEALTH_ORG (hospitals, clinics, hospital groups, GRADeS),
* ATTACKER (ransomware groups), MEDIA (agencies and outlets).

Place it before ``ner``: the statistical recognizer keeps the ruler's spans and still labels
everything else (PER, LOC, ORG, MISC). ``span.ent_id_`` carries an id such as ``ars/normandie``;
``Span._.sector_key`` turns template ids (``hospital/*``) into ``hospital/chu-de-rouen``.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from claims.normalize import load_data, phrase_patterns, slugify, token_variants

SECTOR_LABELS = ("AUTHORITY", "HEALTH_ORG", "ATTACKER", "MEDIA")
TEMPLATE_SUFFIX = "/*"
# A template match right after one of these is a common noun phrase, not a name.
_INDEFINITE = {"un", "une", "chaque", "plusieurs", "quelques", "certains", "certaines", "autre"}
_NOT_NAME_WORDS = [
    "le", "la", "les", "l'", "l’", "un", "une", "des", "du", "de", "et", "ou", "à", "au", "aux",
    "ce", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "selon", "dans", "pour", "par",
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

Pattern = dict[str, Any]


def _sector_key(span: Span) -> str | None:
    ent_id = span.ent_id_
    if not ent_id:
        return None
    if ent_id.endswith(TEMPLATE_SUFFIX):
        return ent_id[: -len(TEMPLATE_SUFFIX)] + "/" + slugify(span.text)
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


class SectorEntityRuler(EntityRuler):
    """EntityRuler that prefers named entries over templates and drops indefinite templates."""

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Return matches longest first; at equal length named entries beat templates."""
        matches = [m for m in super().match(doc) if self._keep(doc, *m)]

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
