"""From an analysed spaCy `Doc` to stored records: sentences, claims and entity mentions.

Every sentence of every document becomes a `Sentence` (the evidence pool for official
documents). In press documents, sentences are split into clauses at clause-level
coordination ("…, mais …", "; ", "…, et <subject> <verb>") and each check-worthy clause
becomes a `Claim`: it must assert something about the incident (an event topic, a data class,
a count, a dated attack, a quote) and must not be a question, advice to the reader or a
generality without any anchor. A relative clause that adds a check-worthy fact of its own
("L'AP-HP, qui regroupe 39 hôpitaux, a été victime…", see `asides`) is a claim of its own,
and the main statement is judged without it ("L'AP-HP […] a été victime…").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
from spacy.tokens import Doc, Span, Token

from claims.dates import DAY_PATTERN
from claims.lexicon import OF, PEOPLE_UNITS, STAFF_UNITS, topics_of
from claims.normalize import load_data
from claims.records import Claim, DateSpan, Facets, Quantity, Quote, Sentence, claim_id

SPLIT_WORDS = {"mais", "tandis", "cependant", "toutefois"}
IF = ("si", "s'", "s’")  # "même si", "même s'il": a concession
REPORTING = {
    "assurer",
    "expliquer",
    "déclarer",
    "affirmer",
    "préciser",
    "indiquer",
    "souligner",
    "ajouter",
    "confier",
    "annoncer",
    "avancer",
    "estimer",
    "dire",
    "rapporter",
    "confirmer",
    "reconnaître",
    "alerter",
    "signaler",
    "détailler",
    "insister",
    "répondre",
    "écrire",
    "prévenir",
    "rappeler",
    "conclure",
    "commenter",
    "témoigner",
    "marteler",
    "poursuivre",
    "regretter",
    "déplorer",
    "lancer",
    "raconter",
    "résumer",
    "glisser",
}
MEASURES = (
    "complaint",
    "cnil",
    "accounts_neutralised",
    "security_measures",
    "people_informed",
    "professionals_informed",
    "investigation",
    "support_line",
    "authorities_informed",
)
KIND_ORDER = (
    ("count", ()),
    ("data", ()),
    ("measure", MEASURES),
    ("impact", ("impact_care",)),
    ("ransom", ("ransom",)),
    ("method", ("method", "identity_theft")),
    ("actor", ("claim_of_responsibility",)),
    ("data", ("data_theft", "data_leak")),
    ("date", ("date_event",)),
    ("scope", ("scope",)),
    ("other", ("attack",)),
)
# Topics that background generalities share with incident reports ("les données piratées
# peuvent comporter…"); a modal sentence with only these is not about this incident.
BACKGROUND_TOPICS = frozenset({"attack", "data_theft", "data_leak"})
_QUOTE = re.compile(r"«\s*(.+?)\s*»|“(.+?)”|\"(.+?)\"", re.S)
QUOTE_SHARE = 0.5  # a quote covering this share of a clause makes it a quote claim


@dataclass(frozen=True)
class Analysis:
    """What the NLP step stores for one document revision."""

    document_id: str
    revno: int
    text_hash: str
    sentences: tuple[Sentence, ...]
    claims: tuple[Claim, ...]
    mentions: tuple[tuple[str, str, str, int], ...]  # (label, text, key, count)


def analyse(
    doc: Doc, *, document_id: str, doc_url: str, kind: str, revno: int, text_hash: str
) -> Analysis:
    """Sentences, claims (press only) and entity mentions of one processed document."""
    sentences, claims, seen = [], [], set()
    for position, sent in enumerate(sentence_units(doc)):
        sentences.append(sentence_record(sent, document_id, position))
        if kind != "press":
            continue
        for clause in clauses(sent):
            for claim in clause_claims(clause, sent, document_id, doc_url, position):
                if claim.id not in seen:
                    seen.add(claim.id)
                    claims.append(claim)
    return Analysis(document_id, revno, text_hash, tuple(sentences), tuple(claims), mentions(doc))


def sentence_units(doc: Doc) -> list[Span]:
    """The doc's non-blank sentences, with a quotation the parser cut off its attribution
    joined back on the same line ("« … »" + ", a affirmé X." is one sentence), and a web
    page's dateline cut off the sentence it was glued to ("Publié le 20 octobre 2025 à
    15h21 - Mis à jour le … Le centre hospitalier a annoncé…")."""
    units: list[Span] = []
    for sent in map(_without_dateline, doc.sents):
        text = sent.text.strip()
        if not text:
            continue
        if units and (text[0] in ",»" or units[-1].text.strip() in ("«", '"')):
            last = units[-1]
            gap = _doc_text(doc)[last.start_char + len(last.text.rstrip()) : sent.start_char]
            if "\n" not in gap:
                units[-1] = doc[last.start : sent.end]
                continue
        units.append(sent)
    return units


DATELINE = re.compile(
    rf"(?:\s*(?:publi[ée]|mis\s+à\s+jour|modifi[ée]|actualis[ée])\s+le\s+{DAY_PATTERN}"
    rf"(?:\s+à\s+\d{{1,2}}\s*[h:]\s*\d{{0,2}})?\s*[-–—|,•]?)+\s*"
    # a wire dateline: "Lyon, 10 juillet 2025 (AFP) –", "(AFP) -": the day the wire ran
    rf"|\s*(?:[^\W\d][\w'’ -]{{0,40}},\s*)?(?:{DAY_PATTERN}\s*)?"
    r"\((?:AFP|Reuters|AP|Belga|ATS|ANSA)\)\s*[-–—]\s*",
    re.IGNORECASE,
)


def _without_dateline(sent: Span) -> Span:
    """The sentence after a leading "Publié le … - Mis à jour le … à 15h21"."""
    found = DATELINE.match(sent.text)
    if found is None or found.end() >= len(sent.text.rstrip()):
        return sent
    cut = sent.doc.char_span(sent.start_char + found.end(), sent.end_char, alignment_mode="expand")
    return cut if cut is not None and len(cut) else sent


def lemmas_of(span: Span) -> tuple[str, ...]:
    """Lower-cased lemmas of the words of a span (read from arrays cached on the doc)."""
    lemmas, words = _lemma_table(span.doc)
    return tuple(lemmas[i] for i in range(span.start, span.end) if words[i])


def _lemma_table(doc: Doc) -> tuple[list[str], list[bool]]:
    """Per token: lower-cased lemma, and whether it is a word (not punctuation or space)."""
    table = doc.user_data.get("vigie_lemmas")
    if table is None:
        rows: list[list[int]] = (
            doc.to_array(["LEMMA", "IS_PUNCT", "IS_SPACE"]).tolist() if len(doc) else []
        )
        strings = doc.vocab.strings
        table = (
            [strings[row[0]].lower() for row in rows],
            [not (row[1] or row[2]) for row in rows],
        )
        doc.user_data["vigie_lemmas"] = table
    return table


def facets_of(span: Span, *, sizes: bool = True) -> Facets:
    """Normalised facets of a span (quantities, dates, data classes, topics, actors).
    `sizes=False` leaves out the size of a participant given in a relative clause ("Horizon
    Sourire, qui gère neuf centres, …"): in a sentence read as evidence it is background, no
    count of what the incident touched."""
    lemmas = lemmas_of(span)
    located = [
        (q, span.doc.char_span(q.start_char, q.end_char, alignment_mode="expand"))
        for q in span._.quantities
    ]
    quantities = tuple(
        Quantity(
            value=q.value,
            unit=q.unit_lemma,
            relation=q.relation,
            currency=q.currency,
            text=q.text,
            aside=_aside(words, span),
        )
        for q, words in located
        if sizes or words is None or not _size_aside(words, span)
    ) + approximate_counts(span)
    dates = tuple(
        DateSpan(
            start=d.start.isoformat() if d.start else None,
            end=d.end.isoformat() if d.end else None,
            kind=d.kind,
            text=d.text,
            aside=_aside(
                span.doc.char_span(d.start_char, d.end_char, alignment_mode="expand"), span
            ),
        )
        for d in span._.dates
    )
    excluded = _excluded_from(span)
    classes = sorted({c for m in span._.data_classes if m.start_char < excluded for c in m.classes})
    actors = sorted({key for e in span.ents if (key := entity_key(e))})
    return Facets(quantities, dates, tuple(classes), topics_of(lemmas), tuple(actors))


EXCEPT = frozenset({"sauf", "hormis", "excepté"})


def _excluded_from(span: Span) -> int:
    """Where the data a statement sets aside start ("L'identité de patients a été dérobée,
    mais pas le contenu de leur dossier médical", "…, sauf les données bancaires"): the
    character offset of "mais pas", "et non", "sauf", "hormis", "excepté" or "à l'exception
    de" when no verb follows it (an ellipsis), else the end of the span. Those classes are
    denied, not stated as taken."""
    words = [t for t in span if not t.is_punct]
    for k, t in enumerate(words[1:], start=1):
        nxt = words[k + 1].lower_ if k + 1 < len(words) else ""
        cue = (
            (t.lower_ in ("mais", "et") and nxt in ("pas", "non"))
            or t.lower_ in EXCEPT
            or (t.lower_ == "exception" and words[k - 1].lower_ in ("l'", "l’"))
        )
        if cue and not any(_finite(w) for w in span.doc[t.i : span.end]):
            return words[k - 1].idx if t.lower_ == "exception" else t.idx
    return span.end_char


APPROX_NOUNS = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "millier": 1000,
}


def approximate_counts(span: Span) -> tuple[Quantity, ...]:
    """'une quarantaine de patients' → about 40 patients; 'des milliers' → vague."""
    out = []
    for token in span:
        value = APPROX_NOUNS.get(token.lemma_.lower())
        if value is None:
            continue
        det = span.doc[token.i - 1].lower_ if token.i > 0 else ""
        unit = None
        after = span.doc[token.i + 1 : token.i + 4]
        if len(after) >= 2 and after[0].lower_ in ("de", "d'", "d’"):
            unit = after[1].lemma_.lower()
        elif token.head.pos_ == "NOUN" and token.head.i < token.i:
            unit = token.head.lemma_.lower()  # "pour un nombre de patients, une quarantaine"
        aside = _aside(span.doc[token.i : token.i + 1], span)
        if det in ("une", "la", "un"):
            out.append(Quantity(value, unit, "approx", None, f"{det} {token.text}", aside))
        elif det in ("des", "plusieurs", "quelques"):
            out.append(Quantity(value, unit, "ge", None, f"{det} {token.text}", aside))
    return tuple(out)


ASIDE_DEPS = frozenset({"acl:relcl", "appos"})


def _aside(words: Span | None, span: Span) -> bool:
    """Is the count inside a relative clause or an apposition of `span` ("le groupe, qui
    compte 130 établissements, …")? Such a count describes a participant, not the incident.
    (An apposition the parser does not label as one, "Ramsay Santé, 36 000 salariés, …",
    stays a count of the statement.)"""
    return _aside_head(words, span) is not None


def _aside_head(words: Span | None, span: Span) -> Token | None:
    """The head of the relative clause or apposition of `span` the words are in, or None."""
    if words is None or not len(words):
        return None
    token = words.root
    seen = 0
    while token.head.i != token.i and span.start <= token.head.i < span.end and seen < 50:
        # (the span's own head is no aside of it: a relative clause judged on its own)
        if token.dep_ in ASIDE_DEPS or _relative(token):
            return token
        token, seen = token.head, seen + 1
    return None


# Verbs that give the size of a participant in a relative clause ("qui compte 130
# établissements", "qui gère neuf centres"), not a count of the incident
SIZE_VERBS = frozenset(
    {"compter", "regrouper", "gérer", "comprendre", "rassembler", "employer", "réunir"}
    | {"fédérer", "totaliser", "exploiter", "posséder"}
)


def _size_aside(words: Span, span: Span) -> bool:
    """Is the count the object of a size verb heading a relative clause of `span`?"""
    head = _aside_head(words, span)
    return head is not None and head.lemma_ in SIZE_VERBS


RELATIVE = {"qui", "que", "qu'", "qu’", "dont", "lequel", "laquelle", "lesquels", "lesquelles"}


def _relative(token) -> bool:  # type: ignore[no-untyped-def]
    """A verb whose subject is a relative pronoun heads a relative clause (parsers often
    attach "…, qui n'a pas…" as a conjunct)."""
    return any(c.dep_.startswith("nsubj") and c.lower_ in RELATIVE for c in token.children)


ELLIPTIC_NEGATIONS = frozenset({"pas", "non", "ni"})


def main_negated(span: Span) -> bool:
    """Is the main predicate denied? A negation inside a relative or subordinate clause
    ("…, qui n'a pas affecté son fonctionnement") does not deny the statement itself."""
    first = next((t for t in span if not (t.is_punct or t.lower_ in ("mais", "et"))), None)
    if first is not None and first.lower_ in ELLIPTIC_NEGATIONS:
        return True  # "…, mais pas le contenu de leur dossier médical"
    root = clause_root(span)
    heads = [root] + [
        t
        for t in root.children
        if t.dep_ in ("conj", "xcomp", "ccomp")
        and t.pos_ in ("VERB", "AUX", "ADJ")
        and not _relative(t)
        and span.start <= t.i < span.end
    ]  # a clause split off is its own
    negations = span._.negations  # cues inside the clause: a denial in a clause split off
    # ("…, mais ne contiennent aucune autre donnée médicale") does not deny this one
    if any(n.scope_start <= t.i < n.scope_end for t in heads for n in negations):
        return True
    return any(
        neg.predicate is None and neg.target and root.i in range(neg.scope_start, neg.scope_end)
        for neg in negations
    )


def clause_root(span: Span) -> Token:
    """The head word of a clause: spaCy's span root, unless that is the final full stop the
    parser attached to the main verb outside the clause ("…, et que le contenu des dossiers
    médicaux ne serait pas touché."): then the first word whose head lies outside."""
    root = span.root
    if not (root.is_punct or root.is_space):
        return root
    return next((t for t in span if not (t.is_punct or t.is_space) and _top(t, span)), root)


def _top(token: Token, span: Span) -> bool:
    """Does the token head the span: its own head, or a head outside the span?"""
    return token.head.i == token.i or not span.start <= token.head.i < span.end


def unit_vector(span: Span) -> bytes:
    """The span's mean word vector scaled to length 1 (float32 bytes), b"" without vectors."""
    vector = np.asarray(span.vector, dtype=np.float32)
    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32).tobytes() if norm else b""


def sentence_record(sent: Span, document_id: str, position: int) -> Sentence:
    """The stored form of one sentence."""
    return Sentence(
        document_id=document_id,
        position=position,
        text=sent.text.strip(),
        lemmas=lemmas_of(sent),
        negated=main_negated(sent),
        hedges=tuple(sorted(set(sent._.hedges))),
        facets=facets_of(sent, sizes=False),
        entities=tuple((e.text, e.label_) for e in sent.ents),
        vector=unit_vector(sent),
    )


def clauses(sent: Span) -> list[Span]:
    """Split a sentence at clause-level coordination; each part keeps a verb."""
    cuts = [t.i for t in sent if _is_split(t, sent)]
    bounds = [sent.start, *cuts, sent.end]
    trimmed = [_trim(sent.doc[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    parts = [p for p in trimmed if p is not None]
    if len(parts) > 1 and all(_has_verb(p) for p in parts):
        return parts
    return [sent]


def _is_split(token, sent: Span) -> bool:  # type: ignore[no-untyped-def]
    if token.i == sent.start or token.i >= sent.end - 2:
        return False
    prev = sent.doc[token.i - 1]
    if token.text == ";":
        return True
    if token.lower_ in SPLIT_WORDS and prev.text == ",":
        return True
    if token.lower_ == "même" and prev.text == "," and token.nbor(1).lower_ in IF:
        return True  # "…, même si, à ce stade, elle n'a connaissance d'aucune réutilisation":
        # a concession states a fact of its own
    if token.lower_ == "et" and prev.text == ",":
        rest = sent.doc[token.i + 1 : sent.end]
        return any(t.dep_.startswith("nsubj") and t.head.i >= token.i for t in rest)
    if token.lower_ == "et":
        return _new_subject_after(token, sent)
    if token.lower_ == "mais":
        # "… touché par les pirates mais aucune donnée n'aurait été subtilisée": a clause with
        # its own subject (a noun phrase before its verb; the parse does not always say nsubj)
        rest = sent.doc[token.i + 1 : sent.end]
        verb = next((t for t in rest if t.pos_ in ("VERB", "AUX")), None)
        return verb is not None and any(
            t.pos_ in ("NOUN", "PROPN", "PRON") for t in sent.doc[token.i + 1 : verb.i]
        )
    return False


def _finite(t: Token) -> bool:
    return t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm", [])


def _new_subject_after(token: Token, sent: Span) -> bool:
    """Does "et" join a clause with its own subject ("L'AP-HP avait porté plainte et la Cnil
    avait ouvert une enquête")? A noun phrase after it, then a finite verb whose subject is not
    before it ("les données et les dossiers ont été volés" share one), after a finite verb."""
    verb = next((t for t in sent.doc[token.i + 1 : sent.end] if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.i == token.i + 1 or not _finite(verb):
        return False
    head = verb.head if verb.dep_.startswith(("aux", "cop")) else verb
    between = sent.doc[token.i + 1 : verb.i]
    first = between[0]
    return (
        first.pos_ in ("DET", "PROPN", "NOUN", "PRON")
        and not (first.pos_ == "PRON" and not first.dep_.startswith("nsubj"))  # "et s'en prend"
        and not any(t.text in ",;:" or t.pos_ == "SCONJ" for t in between)
        and not any(c.dep_.startswith("nsubj") and c.i < token.i for c in head.children)
        and any(_finite(t) for t in sent.doc[sent.start : token.i])
    )


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and (
        span.doc[start].is_punct
        or span.doc[start].lower_ in SPLIT_WORDS
        or span.doc[start].lower_ in {"et", ";"}
    ):
        start += 1
    if start + 1 < end and span.doc[start].lower_ == "même" and span.doc[start + 1].lower_ in IF:
        start += 2  # "même si, à ce stade, elle n'a connaissance…": the concession's own words
        while start < end and span.doc[start].is_punct:
            start += 1
    while end > start and (
        span.doc[end - 1].is_space
        or span.doc[end - 1].is_punct
        and span.doc[end - 1].text not in '»”"'
    ):
        end -= 1
    return span.doc[start:end] if end > start else None


def _has_verb(span: Span) -> bool:
    """A verb, or a root with a subject and no copula: a verb the tagger took for an
    adjective ("L'intrusion remonte au 29 janvier")."""
    return any(
        t.pos_ in ("VERB", "AUX")
        or (
            t.dep_ == "ROOT"
            and t.pos_ == "ADJ"
            and any(c.dep_.startswith("nsubj") for c in t.children)
            and not any(c.dep_ == "cop" for c in t.children)
        )
        or _verb_taken_for_noun(t)
        for t in span
    )


def _verb_taken_for_noun(t: Token) -> bool:
    """A present-tense verb the tagger read as a noun: its form is also a noun ("excuse",
    "paralyse", "demande"), but it has a subject or a reflexive clitic ("Martin Hirsch s'en
    excuse auprès des victimes"), or it follows a noun phrase with no preposition and is
    followed by the determiner of its object ("Un logiciel de rançon paralyse les
    systèmes…"), which a noun complement never is."""
    if t.pos_ != "NOUN":
        return False
    if t.dep_ == "ROOT" and any(
        c.dep_.startswith("nsubj") or c.dep_.startswith("expl") for c in t.children
    ):
        return True
    nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
    return (
        t.dep_ in ("amod", "nmod")
        and t.head.i < t.i
        and not any(c.dep_ == "case" for c in t.children)
        and nxt is not None
        and nxt.pos_ == "DET"
        and nxt.head.head.i in (t.head.i, t.i)
    )


RELATIVE_OPENERS = RELATIVE | {
    "duquel",
    "desquels",
    "desquelles",
    "auquel",
    "auxquels",
    "auxquelles",
    "où",
}
ELLIPSIS = "[…]"
CLEFT = frozenset({"ce", "c'", "c’"})
# "le piratage au cours duquel ont été dérobées les données": a relative clause opened by a
# preposition and "lequel" tells what happened then, a fact of its own, comma or not
LEQUEL = frozenset(
    {"lequel", "laquelle", "lesquels", "lesquelles", "duquel", "desquels", "desquelles"}
    | {"auquel", "auxquels", "auxquelles"}
)
# The words of a prepositional phrase before "lequel" ("au cours de", "lors de", "à la suite de")
LOCUTION = frozenset(
    {"au", "aux", "à", "cours", "lors", "suite", "issue", "la", "l'", "l’", "de", "du", "pendant"}
    | {"durant", "après", "avant", "par", "pour", "dans", "sur", "sous", "avec", "moment"}
)
APPOSITIVE = frozenset({",", "(", "–", "—"})  # what opens an appositive relative clause


def asides(clause: Span) -> list[Span]:
    """The relative clauses of a clause that are statements of their own: appositive ones,
    between commas (or a dash, a parenthesis), "L'AP-HP, qui regroupe 39 hôpitaux, a été
    victime…", "le GHT, qui a isolé … le système informatique", and those opened by a
    preposition and "lequel", "le piratage au cours duquel ont été dérobées les données". The
    press joins background facts to a reported one this way; a fact-checker judges each
    apart. A restrictive relative clause ("les personnes qui ont effectué un test") says
    which: it stays in the statement, like the relative clause of a cleft ("ce sont des
    données administratives qui ont été volées")."""
    root = clause_root(clause)
    found: list[Span] = []
    for t in clause:
        if t.i == root.i or not (t.dep_ == "acl:relcl" or _relative(t)):
            continue
        if _clefted(t.head, clause):
            continue  # "ce sont des données administratives qui ont été volées": one statement
        start, end = max(t.left_edge.i, clause.start), min(t.right_edge.i + 1, clause.end)
        while end > start and clause.doc[end - 1].is_punct:
            end -= 1
        span = clause.doc[start:end]
        if (
            len(span) < 3
            or span.start <= root.i < span.end
            or not any(w.lower_ in RELATIVE_OPENERS for w in span[:3])
            or span.start == clause.start
            or (
                clause.doc[span.start - 1].text not in APPOSITIVE
                and not any(w.lower_ in LEQUEL for w in span[:3])
                and not _on_an_event(t, span)
            )
            or (span.end < clause.end and not clause.doc[span.end].is_punct)  # cut short
            or not _has_verb(span)
            or any(a.start <= t.i < a.end for a in found)
        ):
            continue
        found.append(span)
    return found


# Nouns naming the incident itself: "une cyberattaque qui a paralysé…", "un piratage qui aurait
# permis de dérober…"
EVENT_NOUNS = frozenset(
    {"attaque", "cyberattaque", "cyber-attaque", "piratage", "intrusion", "incident", "fuite"}
    | {"vol", "violation", "rançongiciel", "ransomware", "hacking"}
)
INDEFINITE = frozenset({"un", "une"})


def _on_an_event(verb: Token, span: Span) -> bool:
    """Is the relative clause, comma or not, about an incident the press introduces with an
    indefinite article ("victime d'une attaque informatique qui a porté sur un service de
    partage de fichiers")? Such a clause cannot say which attack (there is one); it adds what
    the attack did, a fact of its own."""
    head = verb.head if verb.dep_ == "acl:relcl" else span.doc[span.start - 1]
    return (
        head.i < span.start
        and head.dep_ != "ROOT"  # "Une attaque en plusieurs étapes qui…": the statement itself
        and head.lower_ in EVENT_NOUNS
        and any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in head.children)
    )


def _clefted(focus: Token, clause: Span) -> bool:
    """Is the word the focus of a cleft ("c'est …", "ce sont …" before it, no verb between)?"""
    for k in range(focus.i - 1, clause.start, -1):
        t = clause.doc[k]
        if t.lemma_ == "être" and clause.doc[k - 1].lower_ in CLEFT:
            return True
        if t.pos_ in ("VERB", "AUX"):
            return False
    return False


def clause_claims(
    clause: Span, sent: Span, document_id: str, doc_url: str, position: int
) -> list[Claim]:
    """The claims of one clause: the clause itself, or, when relative clauses of it are
    check-worthy on their own and what remains still is, the main statement (the relative
    clauses replaced by "[…]") and each of them."""
    whole = claim_record(clause, sent, document_id, doc_url, position)
    if whole is None:
        return []
    if whole.quote is not None:
        return _by_owner(clause, sent, document_id, doc_url, position) or [whole]
    parts = []
    for aside in asides(clause):
        cut = _with_locution(aside, clause)
        lead = _antecedent(aside, cut, clause)
        claim = claim_record(aside, sent, document_id, doc_url, position, lead=lead)
        if claim is not None and claim.quote is None:
            parts.append((cut, claim))
    if not parts:
        return _by_owner(clause, sent, document_id, doc_url, position) or [whole]
    main = claim_record(
        clause, sent, document_id, doc_url, position, without=tuple(a for a, _ in parts)
    )
    if main is None:
        return [whole]
    return [main, *(c for _, c in parts)]


NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
# Owners of personal data in a list ("… des personnes testées, l'identité et les coordonnées
# des professionnels de santé…"), and the words a list item opens with: the cross-check's
# words of personal data (claims/data/crosscheck.toml, which `crosscheck.staff_owned` reads
# the same way) and what a test or a file holds.
OWNERS = (PEOPLE_UNITS | STAFF_UNITS) - {"dossier", "français"}
DATA_ITEMS = frozenset(load_data("crosscheck.toml")["words"]["personal_data"]) | {
    "caractéristique",
    "résultat",
    "dossier",
    "date",
}
LIST_SEPARATORS = frozenset({",", ";", "et", "ainsi"})


def _by_owner(
    clause: Span, sent: Span, document_id: str, doc_url: str, position: int
) -> list[Claim]:
    """A list of personal data that names whose data each part is ("l'identité et les
    coordonnées des personnes testées, l'identité et les coordonnées des professionnels de
    santé les prenant en charge, les caractéristiques et le résultat du test"), one claim per
    owner's part, the other parts shown as "[…]": the press joins the patients' data, the
    staff's and the test's in one list, and a fact-checker judges each apart. [] when the
    clause holds no such list: fewer than two parts, one owner throughout, or no staff's
    data (the patients' under two names are one fact)."""
    groups = _owner_groups(clause)
    if len(groups) < 2:
        return []
    claims = []
    for k, (start, end) in enumerate(groups):
        without = []
        if k > 0:  # the list's first parts, up to this part's own words
            while start < end and _separator(clause.doc[start]):
                start += 1
            without.append(clause.doc[groups[0][0] : start])
        if end < groups[-1][1]:
            without.append(clause.doc[end : groups[-1][1]])
        claim = claim_record(clause, sent, document_id, doc_url, position, without=tuple(without))
        if claim is None:
            return []
        claims.append(claim)
    return claims


def _owner_groups(clause: Span) -> list[tuple[int, int]]:
    """(start, end) token offsets of the parts of a list of personal data, each ending with
    its owner ("des personnes testées") or, for the last, at the list's end."""
    doc = clause.doc
    owners = [
        t
        for t in clause
        if t.lemma_.lower() in OWNERS
        and t.i - 2 >= clause.start
        and doc[t.i - 1].lower_ in OF
        and any(w.lemma_.lower() in DATA_ITEMS for w in doc[max(clause.start, t.i - 4) : t.i])
    ]
    if not owners:
        return []
    start = owners[0].i - 1
    while start - 1 >= clause.start and _in_list(doc[start - 1]):
        start -= 1
    while start < owners[0].i and (doc[start].is_punct or doc[start].pos_ == "CCONJ"):
        start += 1
    groups, begin, names = [], start, []
    owner_at = {o.i for o in owners}
    for tok in doc[owners[0].i : clause.end]:
        if tok.i in owner_at:
            names.append((tok.lemma_.lower(), tok.i))
        elif names and names[-1][1] >= begin and _opens_part(tok, clause):
            groups.append((begin, tok.i))  # this part has its owner: a separator ends it
            begin = tok.i
    end = clause.end
    while end > begin and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    groups.append((begin, end))
    if len(groups) < 2 or any(_finite(t) for t in doc[groups[0][0] : end]):
        return []  # one part, or no list: "…des patients, elle a aussi…"
    tail = doc[groups[-1][0] : end]
    possessive = any("Poss=Yes" in str(t.morph) for t in tail[:3])
    owned = {o for o, _ in names}
    if len(owned) < 2 and (names[-1][1] >= groups[-1][0] or possessive):
        return []  # one owner throughout: "l'identité du patient testé, son numéro…"
    if not owned & STAFF_UNITS:
        return []  # patients' data under two names ("des patients", "des personnes
        # testées") are one fact; the staff's data are another (`crosscheck.staff_owned`)
    return groups


def _separator(t: Token) -> bool:
    """Is the word one that joins the parts of a list ("," "et" "ainsi que")?"""
    return t.is_punct or t.lower_ in LIST_SEPARATORS or t.lower_ == "que"


def _in_list(t: Token) -> bool:
    """Can the word belong to a list of data nouns (walking back to where the list starts)?"""
    return t.pos_ in ("NOUN", "ADJ", "DET", "CCONJ") or t.text == "," or t.lower_ in OF


def _opens_part(t: Token, clause: Span) -> bool:
    """Does a list separator ("," "et" "ainsi que") open a new part of personal data here?"""
    if t.lower_ not in LIST_SEPARATORS and t.text not in (",", ";"):
        return False
    after = [w for w in clause.doc[t.i + 1 : min(t.i + 5, clause.end)] if w.lower_ != "que"]
    after = [w for w in after if not (w.is_punct or w.pos_ in ("DET", "CCONJ"))]
    return bool(after) and after[0].lemma_.lower() in DATA_ITEMS


def _with_locution(aside: Span, clause: Span) -> Span:
    """The relative clause with the prepositional phrase that opens it before "lequel" ("au
    cours de laquelle", "à la suite duquel"): what the main statement leaves out."""
    start = aside.start
    if any(w.lower_ in LEQUEL for w in aside[:3]):
        while start - 1 > clause.start and clause.doc[start - 1].lower_ in LOCUTION:
            start -= 1
    return clause.doc[start : aside.end]


def _antecedent(aside: Span, cut: Span, clause: Span) -> Span | None:
    """The noun phrase a relative clause describes ("le GHT" in "le GHT, qui a isolé…"):
    what the relative clause says is said of it."""
    head = aside.root.head
    if not (clause.start <= head.i < cut.start) or head.pos_ not in NOMINAL:
        # "une cyberattaque au cours de laquelle" (the parser hangs the clause on "cours"),
        # "a précisé un responsable de l'établissement, qui…" (on the verb): the noun right
        # before says what it describes
        before = [t for t in clause.doc[clause.start : cut.start] if not t.is_punct]
        if not before or before[-1].pos_ not in NOMINAL:
            return None
        head = before[-1]
    start = max(head.left_edge.i, clause.start)
    det = max((c.i for c in head.children if c.dep_ == "det" and c.i < head.i), default=None)
    if det is not None and any(t.pos_ not in ("DET", "ADJ") for t in clause.doc[start:det]):
        start = det  # "cet été d'un piratage" (a parse hanging a date on the noun): "un piratage"
    while start < head.i and (clause.doc[start].pos_ == "ADP" or clause.doc[start].is_punct):
        start += 1  # "d'une clinique" → "une clinique"
    return clause.doc[start : cut.start]


def _outside(clause: Span, without: tuple[Span, ...]) -> list[Span]:
    """The contiguous pieces of a clause outside the given spans (with words in them)."""
    pieces, start = [], clause.start
    for aside in sorted(without, key=lambda a: a.start):
        pieces.append(clause.doc[start : aside.start])
        start = aside.end
    pieces.append(clause.doc[start : clause.end])
    return [p for p in pieces if any(not (t.is_punct or t.is_space) for t in p)]


def _elided_text(clause: Span, without: tuple[Span, ...]) -> str:
    """The clause's words with each of the spans replaced by "[…]"."""
    doc, out, start = clause.doc, "", clause.start_char
    for aside in sorted(without, key=lambda a: a.start):
        out = (out + _doc_text(doc)[start : aside.start_char]).rstrip(" ,") + f" {ELLIPSIS} "
        start = aside.end_char
    rest = _doc_text(doc)[start : clause.end_char].lstrip(" ,")
    return re.sub(r" +([.,;:!?])$", r"\1", re.sub(" {2,}", " ", out + rest).strip())


def _facets_of_pieces(pieces: list[Span]) -> Facets:
    """The facets of a clause's pieces taken together."""
    if len(pieces) == 1:
        return facets_of(pieces[0])
    each = [facets_of(p) for p in pieces]
    return Facets(
        quantities=tuple(q for f in each for q in f.quantities),
        dates=tuple(d for f in each for d in f.dates),
        data_classes=tuple(sorted({c for f in each for c in f.data_classes})),
        topics=topics_of(tuple(lemma for p in pieces for lemma in lemmas_of(p))),
        actors=tuple(sorted({a for f in each for a in f.actors})),
    )


def _pieces_vector(pieces: list[Span]) -> bytes:
    """The unit mean word vector of a clause's pieces."""
    if len(pieces) == 1:
        return unit_vector(pieces[0])
    total = np.sum([np.asarray(p.vector, dtype=np.float32) * len(p) for p in pieces], axis=0)
    norm = float(np.linalg.norm(total))
    return (total / norm).astype(np.float32).tobytes() if norm else b""


def claim_record(
    clause: Span,
    sent: Span,
    document_id: str,
    doc_url: str,
    position: int,
    without: tuple[Span, ...] = (),
    lead: Span | None = None,
) -> Claim | None:
    """A claim for a check-worthy clause, else None. `without`: relative clauses judged
    apart, left out of the statement; `lead`: the noun phrase a relative clause describes,
    shown with it and read for its names and topics, not for its counts or dates."""
    pieces = _outside(clause, without) if without else [clause]
    if not pieces or (without and not any(_has_verb(p) for p in pieces)):
        return None  # the relative clause held the predicate: no statement is left
    facets = _facets_of_pieces(pieces)
    if lead is not None:
        pieces = [lead, clause]
        facets = replace(
            facets,
            topics=topics_of(lemmas_of(lead) + lemmas_of(clause)),
            actors=tuple(sorted(set(facets.actors) | set(facets_of(lead).actors))),
        )
    if not _assertive(clause, sent, nominal=_nominal_fact(clause, facets)):
        return None
    if _heading(sent) and not facets.quantities:
        return None  # "Une plainte déposée", "La prise en charge pourrait être plus longue";
        # a heading's count stays checked: that is where figures get inflated
    quote = quote_of(clause, sent)
    anchored = bool(facets.topics or facets.data_classes or facets.quantities)
    if not anchored and _reports_an_event(clause, facets):
        anchored = True  # "Le ministère a mis en demeure Cegedim", "L'alerte a été donnée
        # vers 1h45 ce dimanche": a named actor or a date, and a finite verb in the past
    if not anchored and _takes_up_the_incident(clause, facets):
        anchored = True  # "Des résultats d'examen y étaient stockés": "y" is the service hit
    if not anchored and _points_at_the_data(clause):
        anchored = True  # "nous n'avons connaissance d'aucune réutilisation de ces données"
    if _is_generality(clause, facets) or not (anchored or quote) or _no_answer(clause):
        return None
    if not quote and _assessment(clause, facets):
        return None
    if not quote and (_profile(clause) or _states_the_law(clause) or TREND.search(clause.text)):
        return None
    text = _elided_text(clause, without) if without else clause.text.strip()
    if lead is not None:
        text = _doc_text(clause.doc)[lead.start_char : clause.end_char].strip()
    return Claim(
        id=claim_id(doc_url, text),
        document_id=document_id,
        position=position,
        kind="quote" if quote else kind_of(facets),
        text=text,
        sentence=sent.text.strip(),
        negated=main_negated(clause),
        hedges=tuple(sorted({h for p in pieces[lead is not None :] for h in p._.hedges})),
        facets=facets,
        entities=tuple((e.text, e.label_) for p in pieces for e in p.ents),
        quote=quote,
        lemmas=tuple(lemma for p in pieces for lemma in lemmas_of(p)),
        vector=_pieces_vector(pieces),
    )


DATA_NOUNS = frozenset({"donnée", "base", "fichier", "dossier", "information"})
ACTOR_LABELS = frozenset({"ORG", "PER", "HEALTH_ORG", "AUTHORITY", "ATTACKER", "LOC"})
CONTACT_VERBS = frozenset({"joindre", "contacter", "solliciter", "interroger", "interpeller"})
SILENT_VERBS = frozenset(
    {
        "souhaiter",
        "préciser",
        "répondre",
        "vouloir",
        "donner",
        "communiquer",
        "indiquer",
        "confirmer",
        "commenter",
        "détailler",
    }
)


# Whom an outlet asks for comment: the organisation, not the people it informs ("le CHU a
# contacté les patients concernés" is a fact)
ASKED = frozenset({"société", "direction", "entreprise", "groupe", "établissement", "hôpital"})
NON_ANSWERS = frozenset(
    {
        "précision",
        "détail",
        "commentaire",
        "réponse",
        "indication",
        "chiffre",
        "bilan",
        "nombre",
        "estimation",
    }
)
# Verbs of telling whose denied passive is a non-answer too: "Aucun chiffre n'a été avancé",
# "Le nombre de patients concernés n'a pas été communiqué".
TELLING = SILENT_VERBS | {"avancer", "divulguer", "révéler", "fournir", "publier"}
# the object of a denied verb that makes it a non-answer: "Le ministère n'a pas apporté de
# précisions", "n'a pas donné de détails"


def _reports_an_event(clause: Span, facets: Facets) -> bool:
    """A finite verb in a past tense (passé composé, imparfait, passé simple), the
    conditional, or the present with a date, whose clause names an actor or a date or whose
    own subject is definite: a reported event even when the lexicon has no topic for it."""
    named = (
        bool(facets.dates)
        or any(e.label_ in ACTOR_LABELS for e in clause.ents)
        or _quoted_speaker(clause)
    )
    for t in clause:
        if t.pos_ not in ("VERB", "AUX") or not _past_or_dated(t, facets):
            continue
        verb = t.head if t.pos_ == "AUX" else t
        if named or (
            not _present_passive(verb) and any(_definite_subject(c) for c in verb.children)
        ):
            return True
    return False


FOUNDING = frozenset({"créer", "fonder", "apparaître", "naître", "lancer"})


def _parse_root(clause: Span) -> Token:
    """The sentence's ROOT when the clause holds it, else the span's root."""
    return next((t for t in clause if t.dep_ == "ROOT"), None) or clause.root


def _has_number(facets: Facets) -> bool:
    """A count with a value ("Quelques groupes", "tous les services" have none)."""
    return any(q.value is not None for q in facets.quantities)


def _simple_present_root(clause: Span) -> Token | None:
    """The clause's root when its verb (or copula) is a simple present, else None."""
    root = _parse_root(clause)
    verb = next((c for c in root.children if c.dep_ == "cop"), root)
    if "Pres" not in verb.morph.get("Tense", []) or any(
        c.dep_.startswith("aux") for c in root.children
    ):
        return None
    return root


def _profile(clause: Span) -> bool:
    """Background on a participant: a present-tense clause that ranks it ("est l'un des
    principaux acteurs de…") or gives a founding participle and its year ("Créée en 2018, la
    Maison des Lanceurs d'Alerte défend…", "Vice Society est un groupe de ransomware né en
    juin 2021", "Apparu en 2013, Cryptolocker est…")."""
    if RANK.search(clause.text):
        return True  # "Ramsay Santé … est l'un des principaux acteurs de l'hospitalisation
        # privée", "est le premier opérateur de cliniques": who the participant is (the
        # present copula is in the pattern: the parser may hang it anywhere)
    if _simple_present_root(clause) is None:
        return False
    return any(
        t.lemma_ in FOUNDING
        and "Part" in t.morph.get("VerbForm", [])
        and t.dep_ in ("acl", "advcl", "amod")
        and any(w.text.isdigit() and len(w.text) == 4 for w in t.subtree)
        for t in clause
    )


RANK = re.compile(
    r"\b(?:est|sont|reste|restent|demeure|demeurent)\s+(?:l['’]une?|une?|le|la|les)\s+"
    r"(?:des\s+)?(?:principa(?:l|le|ux|les)|premi(?:er|ère|ers|ères)|plus\s+grand(?:e|s|es)?"
    r"|leaders?|numéro\s+(?:un|1))(?:\s+[\w-]+)?\s+(?:acteurs?|groupes?|opérateurs?"
    r"|éditeurs?|fournisseurs?|employeurs?|réseaux|réseau|hébergeurs?|prestataires?"
    r"|mutuelles?|spécialistes?)\b",
    re.IGNORECASE,
)
# A trend of the sector, not a fact of the incident: "Les cyberattaques touchent de plus en
# plus les centres hospitaliers", "Ces dernières années, les hôpitaux sont devenus une cible".
TREND = re.compile(
    r"\b(?:de plus en plus|ces dernières années|ces derniers mois|recrudescence|se multiplient"
    r"|les une?s après les autres)\b",
    re.IGNORECASE,
)
LEGAL_TEXTS = frozenset({"article", "règlement", "rgpd", "loi", "décret", "code", "directive"})


def _states_the_law(clause: Span) -> bool:
    """A rule, not an event: a present-tense clause whose subject is a legal text ("L'article
    33 du RGPD impose une telle information", "La loi oblige les hôpitaux à…")."""
    root = _simple_present_root(clause)
    if root is None:
        return False
    return any(
        c.dep_.startswith("nsubj")
        and c.lemma_.lower() in LEGAL_TEXTS
        and (c.lemma_.lower() != "article" or any(w.text.isdigit() for w in c.children))
        for c in root.children
    )  # "un article de presse révélait…" is a newspaper's article, "l'article 33" the law's


def _takes_up_the_incident(clause: Span, facets: Facets) -> bool:
    """A past event whose verb takes up what the sentence before named with the clitic "y"
    ("Des résultats d'examen y étaient stockés"): it says something of that place."""
    return any(
        t.pos_ in ("VERB", "AUX")
        and _past_or_dated(t, facets)
        and any(c.lower_ == "y" and c.pos_ == "PRON" and c.dep_ != "expl:comp" for c in t.children)
        for t in clause
    )


def _points_at_the_data(clause: Span) -> bool:
    """A finite clause that points at the incident's data with a demonstrative ("ces
    données", "cette base de données", "ces fichiers"): it says something of this incident's
    data, in any tense ("des personnalités sont également présentes dans cette base")."""
    return any(
        t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm", []) for t in clause
    ) and any(
        t.lemma_.lower() in DATA_NOUNS
        and any(c.dep_ == "det" and "Dem" in c.morph.get("PronType", []) for c in t.children)
        for t in clause
    )


def _quoted_speaker(clause: Span) -> bool:
    """Quoted words in the first person ("« Nous avons réussi à circonscrire les dégâts"):
    the speaker the article names reports what they did."""
    opened = clause.text.lstrip()[:1] in ("«", '"', "“")
    return opened and any(
        t.dep_.startswith("nsubj") and t.lower_ in ("nous", "je", "j'", "j’", "on") for t in clause
    )


def _present_passive(verb: Token) -> bool:
    """'Les autorités sont mobilisées': a state in the present, not a past event."""
    auxes = [c for c in verb.children if c.dep_.startswith("aux")]
    return any(
        c.dep_ == "aux:pass" and "Pres" in c.morph.get("Tense", []) for c in auxes
    ) and not any(c.dep_ == "aux:tense" for c in auxes)


def _past_or_dated(t: Token, facets: Facets) -> bool:
    """A verb in a past tense or the conditional, or any finite verb of a dated clause."""
    tense, mood = t.morph.get("Tense", []), t.morph.get("Mood", [])
    if "Past" in tense or "Imp" in tense or "Cnd" in mood:
        return True
    if "Fin" in t.morph.get("VerbForm", []) and any(
        c.dep_.startswith("nsubj") and any(w.ent_type_ in ACTOR_LABELS for w in c.subtree)
        for c in t.children
    ):
        return True  # a named actor doing something now: "Des ingénieurs du CHR de Lille
        # travaillent à un retour à la normale"
    if "Fin" in t.morph.get("VerbForm", []) and any(
        c.lower_ in NOW_ADVERBS for c in (*t.children, *t.head.children)
    ):
        return True  # the incident's present: "les soignants ne peuvent toujours pas accéder"
    if facets.dates and "Fin" in t.morph.get("VerbForm", []):
        return True  # a dated fact in the present: "les dates de prélèvement s'étalent de
        # 2015 à octobre 2020", "le logiciel paralyse les systèmes depuis lundi 28 mars"
    return (
        t.pos_ == "AUX"
        and "Pres" in tense
        and any(c.pos_ == "VERB" and "Part" in c.morph.get("VerbForm", []) for c in t.head.children)
    ) or (
        t.pos_ == "VERB"
        and "Part" in t.morph.get("VerbForm", [])
        and any(c.pos_ == "AUX" for c in t.children)
    )  # passé composé: "a mis", "ont été volées"


NOW_ADVERBS = frozenset({"toujours", "encore", "désormais", "actuellement", "maintenant"})
NOBODY = frozenset({"personne", "aucun", "aucune", "rien", "nul"})


def _definite_subject(t: Token) -> bool:
    """A subject that names who or what acted ("la direction de l'hôpital a refusé…",
    "Personne n'a acheté les données"): a noun with a definite or possessive determiner, a
    proper noun, a negative pronoun, or the "y" of an existential "il y a eu"; not a
    personal pronoun or an indefinite noun."""
    if t.lower_ == "y" and any(c.dep_ == "expl:subj" for c in t.head.children):
        return True  # existential "il y a eu", "il y aurait": what it says there was
    if not t.dep_.startswith("nsubj"):
        return False
    if t.pos_ == "PROPN" or t.lower_ in NOBODY:
        return True
    return t.pos_ == "NOUN" and any(
        c.dep_ == "det"
        and ("Def" in c.morph.get("Definite", []) or "Prs" in c.morph.get("PronType", []))
        for c in t.children
    )


REQUESTS = frozenset({"question", "sollicitation", "demande", "relance", "appel", "message"})
OUR = frozenset({"nos", "notre"})


def _no_answer(clause: Span) -> bool:
    """The outlet's own reporting, not a fact: a request for comment ("Nous avons sollicité
    l'hôpital", "nous avons tenté de joindre…") or a non-answer ("Contactée, la direction n'a
    pas souhaité répondre", "Il n'a pas précisé si…"). Only the clause's own predicate (or
    the verb it governs) counts: a refusal inside a subordinate clause ("une rançon, à
    laquelle le directeur assure qu'il n'y répondra pas") is part of the reported fact."""
    for t in clause:
        if not _predicate(t, clause):
            continue
        if any(
            c.dep_.startswith("nsubj")
            and c.lemma_ in REQUESTS
            and any(d.lower_ in OUR for d in c.children)
            for c in t.children
        ):
            return True  # "Nos questions sont restées sans réponse", "Notre demande n'a pas
            # abouti": the outlet's requests
        if t.lemma_ in CONTACT_VERBS and any(
            c.dep_.startswith("nsubj") and c.lower_ in ("nous", "on")
            for c in (*t.children, *t.head.children)
        ):
            return True
        if t.lemma_ in CONTACT_VERBS and any(
            c.dep_ == "obj" and c.lemma_ in ASKED for c in t.children
        ):
            return True  # "France 2 a contacté la société", "Le Parisien a sollicité la direction"
        if not _denied(t) or any(
            c.dep_.startswith("nsubj") and c.lower_ == "rien" for c in t.children
        ):
            continue  # "rien n'indique que des données ont été volées" states what is known
        objects = [c for c in t.children if c.dep_ == "obj" and c.pos_ in ("NOUN", "PROPN")]
        told = [c for c in t.children if c.dep_ == "nsubj:pass"] if t.lemma_ in TELLING else []
        if any(c.lemma_ in NON_ANSWERS for c in objects + told) or (
            t.lemma_ in SILENT_VERBS and not objects
        ):
            return True
    return False


def _denied(t: Token) -> bool:
    """Is the verb negated: "n'a pas répondu", "n'a pas encore répondu", "n'a toujours pas…"."""
    return any(
        c.lower_ in ("pas", "ni", "jamais")
        or "Neg" in c.morph.get("Polarity", [])
        or c.pos_ == "ADV"
        and any(g.lower_ in ("pas", "jamais") for g in c.children)
        for c in t.children
    )


def _predicate(t: Token, clause: Span) -> bool:
    """Is the token the clause's root, or a verb the root governs directly?"""
    return _top(t, clause) or (_top(t.head, clause) and t.dep_ in ("xcomp", "ccomp", "conj"))


def kind_of(facets: Facets) -> str:
    """The main kind of a claim from its facets."""
    topics = set(facets.topics)
    for kind, wanted in KIND_ORDER:
        if kind == "count" and facets.quantities:
            return kind
        if kind == "data" and facets.data_classes:
            return kind
        if topics & set(wanted):
            return kind
    return "other"


def _nominal_fact(clause: Span, facets: Facets) -> bool:
    """A verbless sentence that still states a fact: the press lists what was taken or gives
    a count without a verb ("Email, numéro de téléphone, numéro de sécurité sociale, résultat
    du test.", "25 Giga-octets de données aspirées.", "Dans le lot, quelque 1,4 million de
    personnes")."""
    return bool(facets.data_classes or _has_number(facets)) and not clause.text.rstrip().endswith(
        ":"
    )


def _assertive(clause: Span, sent: Span, *, nominal: bool = False) -> bool:
    """A statement, not a question, advice to the reader or a verbless fragment (unless it
    is a `nominal` fact)."""
    text = sent.text.strip()
    if text.endswith("?") or len(clause) < 4 or not (nominal or _has_verb(clause)):
        return False
    if DATELINE.fullmatch(clause.text):
        return False  # "Publié le dimanche 11 février 2024": the page's dateline
    if any(
        "Imp" in t.morph.get("Mood", [])
        and not any(c.dep_.startswith("nsubj") or c.dep_ == "expl:subj" for c in t.children)
        for t in clause
        if t.pos_ in ("VERB", "AUX")
    ):
        return False  # an imperative has no subject: "le logiciel paralyse les services"
        # is a present indicative whatever mood the tagger gave its ambiguous form
    if any(
        t.dep_.startswith("nsubj") and t.lower_ in ("vous", "tu") and t.head.dep_ != "acl:relcl"
        for t in clause
    ):
        return False  # advice to the reader ("si vous avez besoin…"), but not "… concerne
        # vos données … que vous avez effectué": a relative clause only says which data
    if IMPERSONAL_ADVICE.search(clause.text):
        return False  # "Il suffit de télécharger le document", "il est recommandé de…"
    return not _is_imperative(clause)


# A heading, a teaser or page furniture is a short line with no closing punctuation. Fitted
# on the development labels: every labelled claim on such a line has 14 words or more (an
# excerpt cut short), while 31 labelled non-claims (sub-headings, related headlines, bylines)
# have 12 or fewer.
HEADING_MAX_WORDS = 12
CLOSING = tuple('.!?»"”…:;)]')


def _doc_text(doc: Doc) -> str:
    """The document's text, joined once (spaCy joins it from the tokens at each access)."""
    text = doc.user_data.get("vigie_text")
    if text is None:
        text = doc.user_data["vigie_text"] = doc.text
    return str(text)


def _heading(sent: Span) -> bool:
    """Does the sentence end a line of at most HEADING_MAX_WORDS words with no closing
    punctuation (a sub-heading, a related headline, a byline)?"""
    own = sent.text.strip()
    text = _doc_text(sent.doc)
    begin = text.find(own, sent.start_char)
    if begin < 0:
        return False
    end = begin + len(own)
    stop = text.find("\n", end)
    if text[end : stop if stop >= 0 else len(text)].strip():
        return False  # the line goes on after it
    line = text[text.rfind("\n", 0, begin) + 1 : end].strip()
    return len(line.split()) <= HEADING_MAX_WORDS and not line.endswith(CLOSING)


# Advice in the impersonal: "il suffit de", "il est recommandé de"…, in the present (a past
# "il a fallu transférer les patients" reports what happened). Not "il faut que" nor "il est
# important de": "« Il faut qu'ils comprennent qu'on ne paiera pas »" and "Il est important
# de souligner que c'est la première fois…" carry a fact.
IMPERSONAL_ADVICE = re.compile(
    r"\bil (?:suffit|convient|est (?:(?:donc|vivement|fortement|aussi|également) )?"
    r"(?:recommandé|conseillé|préférable))\s+(?:de|d'|d’)",
    re.IGNORECASE,
)


def _is_imperative(clause: Span) -> bool:
    """Advice to the reader: the clause opens with a verb and has no subject. A verb in the
    third person opens no advice: its subject comes after it ("Sont concernées par ce vol
    1,4 million de personnes"), whatever the parser made of it."""
    words = [t for t in clause if not t.is_punct and t.lower_ not in ("ne", "n'", "-", "•")]
    root = clause_root(clause)
    if (
        root.pos_ in ("VERB", "AUX")
        and root.lower_.endswith("ez")
        and not any(c.lower_ == "vous" for c in root.children)
    ):
        return True  # "Tous les jours, recevez l'actualité…": a form in "-ez" is the second
        # person plural, whatever the tagger said (or took for its subject); with no "vous",
        # an imperative
    if words and _opening_verb_taken_for_name(words[0]):
        return True  # "Rappelons que les établissements subissent…", tagged a proper noun
    if words and _infinitive_taken_for_noun(words[0]):
        return True  # "- généraliser l'authentification multifacteur…": a recommendation
    if not words or words[0].pos_ not in ("VERB", "AUX"):
        return False
    form, person = words[0].morph.get("VerbForm", []), words[0].morph.get("Person", [])
    if "Fin" in form and person and not {"1", "2"} & set(person):
        return False
    if "Part" in form:
        return False  # a participle opens no advice: "Publié le 20 octobre - Mis à jour…
        # Le centre hospitalier a annoncé…", "Contactée, la direction…"
    if "Fin" in form and {"1", "2"} & set(person):
        # A French finite verb in the first or second person always has its subject pronoun,
        # except in the imperative: "Rappelons que les hôpitaux subissent…", "Sachez que…"
        # (the subject after "que" belongs to what is recalled, whatever mood was tagged)
        return not any(c.dep_.startswith("nsubj") for c in words[0].children)
    return not any(t.dep_.startswith("nsubj") or t.dep_ == "expl:subj" for t in clause)


THAT = frozenset({"que", "qu'", "qu’"})
INFINITIVE = re.compile(r"[^\W\d]{3,}(?:er|ir|re)$")


def _infinitive_taken_for_noun(t: Token) -> bool:
    """An opening lower-case infinitive the tagger read as a noun, with its object after it
    ("généraliser l'authentification…", "changer ses mots de passe"): a recommendation
    list's item."""
    nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
    return (
        t.is_lower
        and t.pos_ in ("NOUN", "PROPN", "VERB")
        and "Fin" not in t.morph.get("VerbForm", [])
        and INFINITIVE.fullmatch(t.text) is not None
        and nxt is not None
        and nxt.pos_ == "DET"
        and nxt.head.head == t
    )


def _opening_verb_taken_for_name(t: Token) -> bool:
    """An opening first- or second-person plural verb the tagger read as a name or a noun
    ("Rappelons que…", "Notez que…"): it governs a "que" clause, which no name does."""
    after = [w.lower_ for w in t.doc[t.i + 1 : t.i + 3]]
    return (
        t.pos_ in ("PROPN", "NOUN")
        and t.lower_.endswith(("ons", "ez"))
        and (
            any(c.dep_ == "ccomp" for c in t.children)
            or bool(set(after[:1] if after[:1] != [","] else after[1:]) & THAT)
        )  # "Rappelons, qu'en France, les établissements…"
    )


def _is_generality(clause: Span, facets: Facets) -> bool:
    """'Les données piratées peuvent comporter…': a modal present with no actor, count or date
    (nor "toujours", "encore"…: "ne peuvent toujours pas accéder" is the incident's present);
    or what usually happens (`_habitual`), with no actor, number or date."""
    root = _parse_root(clause)
    modal = (
        root.lemma_ in ("pouvoir", "devoir")
        and "Pres" in root.morph.get("Tense", [])
        and "Cnd" not in root.morph.get("Mood", [])  # "il pourrait s'agir d'un bluff" is a
        # hedged statement about this incident, not a generality
        and not any(c.lower_ in NOW_ADVERBS for c in root.children)
    )
    about_incident = set(facets.topics) - BACKGROUND_TOPICS
    if modal and not (facets.actors or facets.quantities or facets.dates or about_incident):
        return True
    return _habitual(clause) and not (facets.actors or _states_figures(facets))


def _states_figures(facets: Facets) -> bool:
    """A number or a resolved date ("Quelques groupes", "de l'année" are neither)."""
    return _has_number(facets) or any(d.start is not None for d in facets.dates)


# What usually happens, not what happened: "servent souvent à…", "ont pour habitude de…",
# "lors de ce type d'attaque".
HABITUAL = frozenset({"souvent", "généralement", "habituellement", "fréquemment", "ordinairement"})
KIND_OF = re.compile(r"\b(?:ce|ces) (?:type|genre|sorte)s? d(?:e|'|’)|\ben général\b", re.I)


def _habitual(clause: Span) -> bool:
    """A clause in the simple present that says what usually happens ("Les données volées
    lors de ce type d'attaque servent souvent à…", "Quelques groupes ont pour habitude
    de…"); not "Le système habituellement utilisé n'a pas été concerné"."""
    root = _simple_present_root(clause)
    if root is None:
        return False
    return bool(
        any(t.lower_ in HABITUAL and t.head == root for t in clause)
        or any(t.lemma_ == "habitude" and t.i and t.doc[t.i - 1].lower_ == "pour" for t in clause)
        or KIND_OF.search(clause.text)
    )


# The writer's assessment: "C'est l'une des pires fuites de l'année", "C'est une attaque
# d'une ampleur inédite".
EVALUATIVE = frozenset(
    {
        "pire",
        "inédit",
        "précédent",
        "historique",
        "exceptionnel",
        "colossal",
        "gigantesque",
        "spectaculaire",
        "énorme",
        "inouï",
    }
)


def _assessment(clause: Span, facets: Facets) -> bool:
    """ "C'est" + a judgement (a superlative or an evaluative word), with no number or
    relative clause stating a fact ("C'est une cyberattaque de grande ampleur dont a été
    victime le GHT" names who was hit); a time ("de l'année") is part of the judgement."""
    root = _parse_root(clause)
    if (
        not (
            any(c.dep_ == "cop" for c in root.children)
            and any(
                c.dep_.startswith("nsubj") and c.lower_ in ("c'", "c’", "ce", "cela", "ça")
                for c in root.children
            )
        )
        or _has_number(facets)
        or any(t.dep_ == "acl:relcl" for t in clause)
    ):
        return False
    words = [t.lower_ for t in clause]
    superlative = any(
        w == "plus" and i and words[i - 1] in ("le", "la", "les", "des")
        for i, w in enumerate(words)
    )
    return superlative or any(
        t.lemma_.lower() in EVALUATIVE or t.lower_ in EVALUATIVE for t in clause
    )


def quote_of(clause: Span, sent: Span) -> Quote | None:
    """The quote dominating a clause, with its speaker, or None."""
    for match in _QUOTE.finditer(clause.text):
        words = next(g for g in match.groups() if g)
        opening = match.start() == len(clause.text) - len(clause.text.lstrip())
        if len(words.split()) >= 4 and (
            opening or len(words) >= QUOTE_SHARE * len(clause.text.strip())
        ):
            return Quote(text=words.strip(), speaker=speaker_of(sent))
    return None


def speaker_of(sent: Span) -> str:
    """The subject of the reporting verb of a sentence, outside the quote."""
    quoted = [
        (sent.start_char + m.start(), sent.start_char + m.end()) for m in _QUOTE.finditer(sent.text)
    ]
    for token in sent:
        if any(a <= token.idx < b for a, b in quoted):
            continue  # "pour assurer la continuité" inside the quote reports nothing
        if token.lemma_ in REPORTING and token.pos_ == "VERB":
            for child in token.children:
                if child.dep_.startswith("nsubj") and child.lower_ not in ("qui", "il", "elle"):
                    return _phrase(child)
            # "…, a affirmé de son côté la ministre": the subject after the verb, misparsed
            for after in sent.doc[token.i + 1 : sent.end]:
                if after.pos_ in ("NOUN", "PROPN") and after.lower_ not in NOT_SPEAKERS:
                    return _phrase(after)
    selon = re.search(r"\b(?:selon|d'après)\s+([^,.;]+)", sent.text, re.I)
    return selon.group(1).strip() if selon else ""


NOT_SPEAKERS = frozenset({"côté", "part", "avis", "communiqué", "message", "courriel"})


def _phrase(head: Token) -> str:
    """The words a head token governs, as written ("Hélène Marchetti, directrice du CHU")."""
    doc = head.doc
    return doc[head.left_edge.i : head.right_edge.i + 1].text.strip(" ,.;:")


def entity_key(ent: Span) -> str:
    """The sector id of an entity ("hospital/chu-de-rouen"), '' for model entities."""
    return str(ent._.sector_key or ent.ent_id_ or "") if ent.ent_id_ else ""


def mentions(doc: Doc) -> tuple[tuple[str, str, str, int], ...]:
    """Entity mentions counted per (label, text, key), sorted."""
    counts: Counter[tuple[str, str, str]] = Counter(
        (e.label_, " ".join(e.text.split()), entity_key(e))
        for e in doc.ents
        if len(e.text.strip()) > 1
    )
    return tuple(sorted((label, text, key, n) for (label, text, key), n in counts.items()))
