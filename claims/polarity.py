"""Negation and hedging: is a statement denied, and how firmly is it made?

Two components, both reading the parse of ``fr_core_news_md``:

``vigie_negation`` groups negation cues by the word they negate and fills ``Doc._.negations``
with :class:`Negation` records. Cues: "ne"/"n'" with pas, plus, jamais, rien, guère, point,
personne; aucun(e); jamais; "pas" alone ("mais pas le contenu"); sans; ni; non. The negated
predicate is the verb (or predicative adjective) the cue depends on; "aucune donnée ... ne
serait concernée" negates "concernée", "mais pas le contenu de leur dossier" negates the noun
phrase only (``predicate=None``, ``target="contenu"``). Restrictive "ne ... que", "plus de"
(a comparison), "sans doute", "sans cesse", "ou non" and "non seulement" are not negations.
The scope is the predicate's subtree (or the target's), as a token range.

``vigie_hedges`` fills ``Doc._.hedge_cues`` with :class:`HedgeCue` records: phrases and lemmas
of ``claims/data/hedges.toml`` plus the conditional mood. The model tags the conditional as
``Mood=Cnd`` on most forms but misses some ("limiterait" comes out as an imperfect), so a verb
whose ending is a conditional ending on the future stem of its lemma counts too.

Readers: ``Span._.negated`` / ``Span._.negations`` (cues inside the span: use sentences or
claim spans), ``Token._.negated`` (inside a negation scope), ``Span._.hedges`` (canonical
cues, comparable across documents: "A ce stade" and "À ce stade" both give ``"à ce stade"``,
"se limiterait" and "serait" both ``"conditionnel"``), ``Span._.hedge_cues`` (records with the
surface text and the kind) and ``Span._.hedged``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from claims.normalize import PhraseIndex, doc_words, load_data, phrase_patterns

NE = {"ne", "n'"}
PARTNERS = {
    "pas",
    "plus",
    "jamais",
    "rien",
    "guère",
    "point",
    "personne",
    "nullement",
    "aucunement",
}
STANDALONE = {"pas", "jamais", "nullement", "aucunement", "rien", "sans", "ni", "non"}
AUCUN = {"aucun", "aucune", "aucuns", "aucunes"}
_NEEDS_NE = {"plus", "point", "personne"}  # without "ne" these are not negations
_NOT_AFTER_SANS = {"doute", "cesse", "compter", "oublier", "parler"}
_NOMINAL = {"NOUN", "PROPN", "PRON", "NUM"}
_CONDITIONAL_ENDINGS = ("aient", "ais", "ait", "ions", "iez")
_IRREGULAR_FUTURE = {
    "être": "ser",
    "avoir": "aur",
    "pouvoir": "pourr",
    "devoir": "devr",
    "faire": "fer",
    "aller": "ir",
    "vouloir": "voudr",
    "savoir": "saur",
    "falloir": "faudr",
    "voir": "verr",
    "venir": "viendr",
    "tenir": "tiendr",
    "envoyer": "enverr",
    "valoir": "vaudr",
    "recevoir": "recevr",
    "courir": "courr",
    "mourir": "mourr",
    "obtenir": "obtiendr",
    "devenir": "deviendr",
    "intervenir": "interviendr",
    "parvenir": "parviendr",
}


@dataclass(frozen=True)
class Negation:
    """Negation cues that deny one predicate (or one noun phrase)."""

    cues: tuple[str, ...]  # surface forms, in text order ("n'", "pas")
    cue_tokens: tuple[int, ...]
    predicate: str | None  # the negated verb/adjective as written ("concernée")
    predicate_lemma: str | None
    target: str | None  # the negated noun when the cue sits on a noun ("aucune donnée")
    scope_start: int  # token range of the negated clause or phrase
    scope_end: int


@dataclass(frozen=True)
class HedgeCue:
    """A word or phrase that softens a statement."""

    text: str  # as written ("se limiterait", "A ce stade")
    cue: str  # canonical form: the data-file phrase or lemma, or "conditionnel"
    kind: str  # "conditional", "provisional", "epistemic", "approximation", "attribution"
    start: int  # token range
    end: int


def _required(doc: Doc, name: str, component: str) -> list[Any]:
    value = getattr(doc._, name)
    if value is None:
        raise ValueError(f"Doc._.{name} needs the '{component}' component to have run")
    return value


def _span_negations(span: Span) -> list[Negation]:
    negations = _required(span.doc, "negations", "vigie_negation")
    return [n for n in negations if any(span.start <= i < span.end for i in n.cue_tokens)]


def _token_negated(token: Token) -> bool:
    negations = _required(token.doc, "negations", "vigie_negation")
    return any(n.scope_start <= token.i < n.scope_end for n in negations)


def _span_hedge_cues(span: Span) -> list[HedgeCue]:
    cues = _required(span.doc, "hedge_cues", "vigie_hedges")
    return [c for c in cues if span.start <= c.start < span.end]


Doc.set_extension("negations", default=None, force=True)
Doc.set_extension("hedge_cues", default=None, force=True)
Span.set_extension("negations", getter=_span_negations, force=True)
Span.set_extension("negated", getter=lambda span: bool(_span_negations(span)), force=True)
Token.set_extension("negated", getter=_token_negated, force=True)
Span.set_extension("hedge_cues", getter=_span_hedge_cues, force=True)
Span.set_extension(
    "hedges", getter=lambda span: [c.cue for c in _span_hedge_cues(span)], force=True
)
Span.set_extension("hedged", getter=lambda span: bool(_span_hedge_cues(span)), force=True)


# ---------------------------------------------------------------- negation


def _norm(token: Token) -> str:
    return token.lower_.replace("’", "'")


def _is_cue(token: Token) -> bool:
    word = _norm(token)
    if word in NE or word in AUCUN:
        return True
    if word == "sans":
        following = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return following is None or following.lower_ not in _NOT_AFTER_SANS
    if word == "non":
        before = token.doc[token.i - 1].lower_ if token.i > 0 else ""
        after = token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""
        return before not in ("ou", "si") and after not in ("seulement", "loin")
    if word in ("pas", "point", "personne") and token.pos_ == "NOUN":
        return False
    return word in PARTNERS or word in STANDALONE


def _anchor(cue: Token) -> tuple[Token | None, Token | None]:
    """Return (predicate, target) negated by ``cue``."""
    head = cue.head
    if (_norm(cue) in AUCUN and cue.pos_ == "DET") or _norm(cue) in ("sans", "ni"):
        target = head
        if target.pos_ in ("VERB", "AUX"):
            return target, None
        if _norm(cue) in AUCUN and target.head is not target and target.dep_ != "conj":
            return target.head, target  # "aucune donnée ... ne serait concernée"
        # (a noun the parse coordinated with the previous verb, "touchée … mais aucune
        # donnée n'aurait été copiée", is not that verb's argument: its own "ne" negates)
        return None, target
    if head is cue or head.pos_ in ("VERB", "AUX", "ADJ") or head.dep_ == "ROOT":
        return head, None
    return None, head  # "mais pas le contenu"


def find_negations(doc: Doc) -> list[Negation]:
    """Group the negation cues of ``doc`` by the predicate or phrase they negate."""
    groups: dict[int, list[Token]] = {}
    anchors: dict[int, tuple[Token | None, Token | None]] = {}
    for token in doc:
        if not _is_cue(token):
            continue
        predicate, target = _anchor(token)
        key = (predicate or target or token).i
        groups.setdefault(key, []).append(token)
        anchors.setdefault(key, (predicate, target))
    negations = []
    for key, cues in groups.items():
        predicate, target = anchors[key]
        words = {_norm(c) for c in cues}
        if not words & NE and words <= _NEEDS_NE:
            continue  # "plus de 126 000 patients"
        if words <= NE and _restrictive(doc, cues[0], predicate or cues[0].head):
            continue  # "ne concerne que"
        negations.append(_negation(cues, predicate, target))
    return _merge_ni(sorted(negations, key=lambda n: n.cue_tokens[0]))


def _restrictive(doc: Doc, ne: Token, predicate: Token) -> bool:
    end = predicate.right_edge.i + 1
    return any(_norm(t) in ("que", "qu'") for t in doc[ne.i + 1 : end])


def _negation(cues: list[Token], predicate: Token | None, target: Token | None) -> Negation:
    root = predicate or target or cues[0]
    start = min([root.left_edge.i] + [c.i for c in cues])
    right = root.right_edge.i
    # A coordinated clause with its own subject is a statement of its own: "l'incident n'a eu
    # aucune conséquence…, et que ses équipes ont fait cesser l'intrusion" denies only the
    # first.
    own = [
        c.left_edge.i
        for c in root.children
        if c.dep_ == "conj" and c.i > root.i and any(g.dep_.startswith("nsubj") for g in c.children)
    ]
    if own:
        right = min(right, min(own) - 1)
    end = max([right] + [c.i for c in cues]) + 1
    return Negation(
        cues=tuple(c.text for c in cues),
        cue_tokens=tuple(c.i for c in cues),
        predicate=predicate.text if predicate is not None else None,
        predicate_lemma=predicate.lemma_ if predicate is not None else None,
        target=target.text if target is not None else None,
        scope_start=start,
        scope_end=end,
    )


def _merge_ni(negations: list[Negation]) -> list[Negation]:
    """Fold a "ni" into the negation whose scope holds it ("n'a eu ... ni ...")."""
    kept: list[Negation] = []
    for negation in negations:
        host = next(
            (
                k
                for k in kept
                if negation.cues == ("ni",)
                and k.scope_start <= negation.cue_tokens[0] < k.scope_end
            ),
            None,
        )
        if host is None:
            kept.append(negation)
            continue
        kept[kept.index(host)] = Negation(
            host.cues + negation.cues,
            host.cue_tokens + negation.cue_tokens,
            host.predicate,
            host.predicate_lemma,
            host.target,
            host.scope_start,
            host.scope_end,
        )
    return kept


@Language.component("vigie_negation", assigns=["doc._.negations"])
def negation_component(doc: Doc) -> Doc:
    """Store the negations of ``doc`` in ``Doc._.negations`` (needs the parser)."""
    doc._.negations = find_negations(doc)
    return doc


# ---------------------------------------------------------------- hedges


def is_conditional(token: Token) -> bool:
    """Tell whether a verb is in the conditional mood (morphology, else its ending)."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if "Cnd" in token.morph.get("Mood", []):
        return True
    if "Part" in token.morph.get("VerbForm", []) or "Inf" in token.morph.get("VerbForm", []):
        return False
    word, lemma = token.lower_, token.lemma_.lower()
    if lemma in _IRREGULAR_FUTURE:
        stem = _IRREGULAR_FUTURE[lemma]
    elif lemma.endswith("re"):
        stem = lemma[:-1]
    else:
        stem = lemma
    return any(word == stem + ending for ending in _CONDITIONAL_ENDINGS)


class HedgeMatcher:
    """Find hedge cues: lexicon phrases and lemmas, and conditional verbs."""

    def __init__(self, nlp: Language, data: dict[str, Any]) -> None:
        # Phrases go to a PhraseIndex (a trie walked once per doc); anything not
        # phrase-shaped stays with spaCy's Matcher. Lemmas are a dict lookup.
        self.index = PhraseIndex()
        self.matcher = Matcher(nlp.vocab)
        self.lemmas: dict[str, str] = {}
        for kind, entry in data.items():
            for phrase in entry.get("phrases", []):
                key = f"{kind}|{phrase}"
                for pattern in phrase_patterns(nlp.tokenizer, phrase):
                    if not self.index.add(key, pattern):
                        self.matcher.add(key, [pattern])
            for lemma in entry.get("lemmas", []):
                self.lemmas.setdefault(lemma, f"{kind}|{lemma}")

    def _spans(self, doc: Doc) -> list[Span]:
        spans = [Span(doc, start, end, label=str(key)) for key, start, end in self.index.find(doc)]
        if len(self.matcher):
            spans += self.matcher(doc, as_spans=True)
        for i, lemma in enumerate(doc_words(doc, "LEMMA")):
            key = self.lemmas.get(lemma)
            if key is not None:
                spans.append(Span(doc, i, i + 1, label=key))
        return spans

    def __call__(self, doc: Doc) -> Doc:
        """Store the hedge cues of ``doc`` in ``Doc._.hedge_cues``."""
        spans = filter_spans(self._spans(doc))
        cues = [
            HedgeCue(s.text, s.label_.split("|", 1)[1], s.label_.split("|", 1)[0], s.start, s.end)
            for s in spans
        ]
        covered = {i for s in spans for i in range(s.start, s.end)}
        for token in doc:
            if token.i not in covered and is_conditional(token):
                start = token.i
                if start > 0 and _norm(doc[start - 1]) in ("se", "s'"):
                    start -= 1  # "se limiterait"
                cues.append(
                    HedgeCue(
                        doc[start : token.i + 1].text,
                        "conditionnel",
                        "conditional",
                        start,
                        token.i + 1,
                    )
                )
        doc._.hedge_cues = sorted(cues, key=lambda c: c.start)
        return doc


@Language.factory(
    "vigie_hedges", assigns=["doc._.hedge_cues"], default_config={"data_file": "hedges.toml"}
)
def make_hedges(nlp: Language, name: str, data_file: str) -> HedgeMatcher:
    """Create the hedge matcher from ``claims/data/<data_file>``."""
    return HedgeMatcher(nlp, load_data(data_file))
