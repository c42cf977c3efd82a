"""Breached data categories mapped to breach data classes (Have I Been Pwned names).

Component ``vigie_data_classes`` matches the French wordings of ``claims/data/data_classes.toml``
("nom, prénom, âge", "numéro de sécurité sociale", "carte Vitale", "dossiers médicaux",
"mutuelle", "cartes d'identité"...) and fills ``Doc._.data_classes`` with
:class:`DataClassMention` records; ``Span._.data_classes`` lists those inside a span.

Umbrella wordings are groups, documented in the data file: ``identity`` ("données d'identité"),
``administrative`` ("données administratives"), ``contact`` ("coordonnées") and ``personal``
("données personnelles", no specific class). A group mention carries ``data_class=None`` and
the group's usual member classes in ``classes``.

Matching is lexical: whether the data were stolen, spared ("aucune donnée médicale") or only
mentioned in advice is for ``vigie_negation`` / the claim detector to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claims.normalize import PhraseIndex, load_data, phrase_patterns

_EXCLUDE = "exclude"


@dataclass(frozen=True)
class DataClassMention:
    """A wording that names a category of personal data."""

    text: str
    start_char: int
    end_char: int
    data_class: str | None  # HIBP name ("Names"); None for a group mention
    group: str | None  # "identity", "administrative", "contact", "personal" or None
    classes: tuple[str, ...]  # (data_class,) or the group's member classes


def _get_span_data_classes(span: Span) -> list[DataClassMention]:
    mentions = span.doc._.data_classes
    if mentions is None:
        raise ValueError("Span._.data_classes needs the 'vigie_data_classes' component to have run")
    return [m for m in mentions if span.start_char <= m.start_char < span.end_char]


Doc.set_extension("data_classes", default=None, force=True)
Span.set_extension("data_classes", getter=_get_span_data_classes, force=True)


def number_variants(term: str) -> tuple[str, ...]:
    """A wording with its other grammatical number: "données bancaires" also as "donnée
    bancaire", "numéro de mutuelle" also as "numéros de mutuelle" (a variant that is not a
    French word simply never matches)."""
    words = term.split(" ")
    singular = [_singular(w) for w in words]
    plural = [
        words[0] if words[0][-1:] in ("s", "x") or len(words[0]) < 3 else words[0] + "s",
        *words[1:],
    ]
    return tuple(dict.fromkeys((term, " ".join(singular), " ".join(plural))))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"  # médicaux → médical
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and "'" not in word:
        return word[:-1]
    return word


class DataClassMatcher:
    """Find data-class wordings; excluded phrases and shorter overlaps are dropped."""

    def __init__(self, nlp: Language, data: dict[str, Any]) -> None:
        # Every wording is a phrase: a token trie finds what a Matcher would, much faster.
        self.index = PhraseIndex()
        self.targets: dict[str, tuple[str | None, str | None, tuple[str, ...]]] = {}
        for name, entry in data["class"].items():
            self._add(nlp, f"class:{name}", entry, (name, None, (name,)))
        for key, entry in data["group"].items():
            self._add(nlp, f"group:{key}", entry, (None, key, tuple(entry["members"])))
        self._add(nlp, _EXCLUDE, data["exclude"], None)

    def _add(
        self,
        nlp: Language,
        key: str,
        entry: dict[str, Any],
        target: tuple[str | None, str | None, tuple[str, ...]] | None,
    ) -> None:
        for cased, field in ((False, "terms"), (True, "cased")):
            terms = entry.get(field, [])
            for term in (
                sorted({v for t in terms for v in number_variants(t)}) if not cased else terms
            ):
                for pattern in phrase_patterns(nlp.tokenizer, term, cased=cased):
                    if not self.index.add(key, pattern):
                        raise ValueError(f"not a phrase pattern: {pattern!r}")
        if target is not None:
            self.targets[key] = target

    def __call__(self, doc: Doc) -> Doc:
        """Store the data-class mentions of ``doc`` in ``Doc._.data_classes``."""
        spans = [Span(doc, start, end, label=str(key)) for key, start, end in self.index.find(doc)]
        excluded = [s for s in spans if s.label_ == _EXCLUDE]
        kept = [
            s
            for s in spans
            if s.label_ != _EXCLUDE
            and not any(s.start < x.end and x.start < s.end for x in excluded)
        ]
        mentions = []
        for span in sorted(filter_spans(kept), key=lambda s: s.start):
            data_class, group, classes = self.targets[span.label_]
            mentions.append(
                DataClassMention(
                    span.text, span.start_char, span.end_char, data_class, group, classes
                )
            )
        doc._.data_classes = mentions
        return doc


@Language.factory(
    "vigie_data_classes",
    assigns=["doc._.data_classes"],
    default_config={"data_file": "data_classes.toml"},
)
def make_data_classes(nlp: Language, name: str, data_file: str) -> DataClassMatcher:
    """Create the data-class matcher from ``claims/data/<data_file>``."""
    return DataClassMatcher(nlp, load_data(data_file))
