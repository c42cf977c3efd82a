"""The cross-check: a press claim against the official sentences of its incident.

A pure function of stored records (no spaCy here). For each claim:

1. retrieve candidate official sentences: BM25 over canonical lemmas (synonyms folded),
   plus word-vector similarity when vectors are given, plus shared facets;
2. align: a candidate speaks of the same fact when it shares an event topic, a data class or
   a counted unit with the claim and covers enough of the claim's weighted lemmas;
3. compare aligned candidates: opposite polarity on the same object, incompatible counts of
   the same unit class, disjoint dates of the same event, or a data class outside an
   official exhaustive list contradict; a candidate with none of these supports;
4. decide: the most specific aligned candidate wins (shared data classes, then units, then
   score); none aligned means `unsupported`; no official sentence at all means
   `no_official_source`. Quotes are looked up verbatim (normalised) in every official text
   (`claims.quotes`); the comparisons of step 3 live in `claims.compare`.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from claims.compare import (
    DAYS,
    count_relation,
    date_conflict,
    duration,
    duration_conflict,
    effect,
    list_conflict,
    stated_period,
    unknown,
)
from claims.lexicon import OF, STAFF_UNITS, content_lemmas, is_restrictive, unit_class
from claims.normalize import MONTHS, identity_text, load_data
from claims.quotes import check_quote, folded
from claims.records import Claim, Facets, Quantity, Sentence, Verdict
from core.verdicts import Evidence

K1, B = 1.5, 0.75  # BM25 parameters


@dataclass(frozen=True)
class Thresholds:
    """How much of a claim an official sentence must hold to speak of the same fact, and how
    a contradiction weighs against a support (fitted on the real development incidents and
    the own cases by `python -m claims.corpus --fit-thresholds`, kept in
    `claims/data/thresholds.toml`)."""

    min_coverage: float = 0.3  # share of the claim's IDF weight an aligned sentence holds
    min_coverage_topic: float = 0.18  # lower when the sentence shares an event topic
    min_coverage_count: float = 0.1  # lower still when both count the same thing
    min_coverage_same: float = 0.5  # above this share of the claim's words, it restates it
    min_coverage_generic: float = 0.6  # a sentence sharing no specific topic, class or count
    contra_weight: float = 0.8  # a contradiction wins at this share of the support's score
    # retrieval: what a shared facet, and the vectors' cosine, add to the BM25 score
    topic_weight: float = 2.0  # per shared specific event topic
    class_weight: float = 1.5  # per shared data class
    unit_weight: float = 1.5  # per shared counted unit
    similarity_weight: float = 3.0  # times the cosine of the word vectors


THRESHOLDS_FILE = Path(__file__).resolve().parent / "data" / "thresholds.toml"


_THRESHOLDS: list[Thresholds] = []
Fitted = TypeVar("Fitted")


def _read_fitted(path: Path, table: str, kind: Callable[..., Fitted]) -> Fitted:
    """Fitted values (a dataclass of floats) from one table of a data file."""
    raw = tomllib.loads(path.read_text(encoding="utf-8")).get(table, {})
    return kind(**{k: float(v) for k, v in raw.items()})


def thresholds() -> Thresholds:
    """The fitted thresholds (read once); `set_thresholds` replaces them (the fitting does)."""
    if not _THRESHOLDS:
        _THRESHOLDS.append(_read_fitted(THRESHOLDS_FILE, "thresholds", Thresholds))
    return _THRESHOLDS[0]


def set_thresholds(value: Thresholds) -> None:
    """Use these thresholds in this process (forked workers inherit them)."""
    _THRESHOLDS[:] = [value]


GENERIC_TOPICS = frozenset({"attack"})  # too broad to align two statements alone
# Topics of the incident's own events: two dated statements about them compare their dates.
EVENT_TOPICS = frozenset(
    {
        "attack",
        "method",
        "data_theft",
        "date_event",
        "identity_theft",
        "claim_of_responsibility",
        "data_leak",
    }
)
# One-off events whose date is a fact to check (not measures announced for later).
DATED_TOPICS = EVENT_TOPICS | {"complaint", "cnil"}
TOP_K = 8
EVIDENCE_K = 3
WORDS = load_data("crosscheck.toml")["words"]  # vocabulary: claims/data/crosscheck.toml
GENERAL_CARE = frozenset(WORDS["general_care"])
DATA_VERBS = frozenset(WORDS["data_verbs"])
SCOPE_UNITS = frozenset(WORDS["scope_units"])
DEGRADED = frozenset(WORDS["degraded"])
CARE = frozenset(WORDS["care"])
NON_HEDGES = frozenset(WORDS["non_hedges"])
VICTIM = frozenset(WORDS["victim"])
COMPLAINANTS = frozenset(WORDS["complainants"])
FILING = frozenset({"déposer", "porter"})  # "déposer plainte", "porter plainte"
# Events that are facts of their own, in French for the verdict's reason: a claim stating one
# is confirmed only by an official sentence stating it.
EVENT_NAMES = {
    "cnil": "le rôle de la CNIL",
    "complaint": "la plainte",
    "ransom": "la rançon",
    "claim_of_responsibility": "la revendication",
    "staff_data": "les données des professionnels",
}
STAFF_DATA = "staff_data"  # a claim's data classes belong to staff (not a lexicon topic)
PERSONAL_DATA = frozenset(WORDS["personal_data"])
SEPARATE_EVENTS = frozenset(EVENT_NAMES) - {STAFF_DATA}
SELF_NAMED_EVENTS = frozenset({"complaint", "ransom", "claim_of_responsibility"})
VICTIM_TOPICS = frozenset({"attack", "scope"})  # what a claim of who was attacked may carry
NAME_WORD = re.compile(r"[^\W\d_][\w-]*")  # a word, split at apostrophes (l'APHP → APHP)
_ADVICE = load_data("crosscheck.toml")["advice"]
_OPENINGS = [*_ADVICE["openings"], *_ADVICE["rules"]]
ADVICE = re.compile("(?:" + "|".join(map(re.escape, _OPENINGS)) + r")\b")

# The digits of a count: counts are compared as counts (a date's digits stay words).
NUMBER = re.compile(r"[\d.,\u202f\u00a0 ]+")

Similarity = Callable[[Claim, Sentence], float]
POLARITY = "négation opposée"  # the reason of a polarity conflict


@dataclass(frozen=True)
class Official:
    """An official sentence with the document it comes from."""

    sentence: Sentence
    doc_url: str
    published: str | None = None  # ISO date of the communiqué
    body: str = ""  # the official body that published it (registry name or --outlet)


@dataclass(frozen=True)
class Candidate:
    """A retrieved official sentence and how well it matches a claim."""

    official: Official
    score: float
    coverage: float
    topics: frozenset[str]
    data_classes: frozenset[str]
    units: frozenset[str]


class Index:
    """BM25 over the canonical lemmas of an incident's official sentences."""

    def __init__(self, pool: Sequence[Official]) -> None:
        self.pool = list(pool)
        self.docs = [content_lemmas(o.sentence.lemmas) for o in self.pool]
        self.avgdl = sum(map(len, self.docs)) / max(1, len(self.docs))
        df: Counter[str] = Counter()
        for doc in self.docs:
            df.update(set(doc))
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        # A word no official sentence uses weighs as much as the rarest one that is used.
        self.default_idf = max(self.idf.values(), default=math.log(1 + (n + 0.5) / 0.5))
        self.counts = [Counter(doc) for doc in self.docs]
        # Facet sets of each sentence, computed once rather than per claim.
        self.topics = [frozenset(o.sentence.facets.topics) for o in self.pool]
        self.classes = [frozenset(o.sentence.facets.data_classes) for o in self.pool]
        self.units = [_units(o.sentence.facets.quantities) for o in self.pool]
        self.quantities = [q for o in self.pool for q in o.sentence.facets.quantities]
        self.counted = frozenset().union(*self.units)  # every unit class an official counts
        self.actors = frozenset(a for o in self.pool for a in o.sentence.facets.actors)
        # the days the official texts give, as spans; as (day, month) when they give no year
        # and came out undated ("Découvert mardi 19 avril"); the days communiqués came out
        dates = [d for o in self.pool for d in o.sentence.facets.dates]
        self.days = [
            (first, _day(d.end) or first) for d in dates if (first := _day(d.start or d.end))
        ]  # "depuis le 17 septembre": the day it started is given
        self.day_months = {
            (int(m["d"]), MONTHS[m["m"].lower()])
            for d in dates
            if not d.start
            for m in DAY_MONTH.finditer(d.text)
        }
        self.published = [day for o in self.pool if (day := _day(o.published))]
        # BM25's length normalisation of each sentence, computed once rather than per claim.
        self.norms = [K1 * (1 - B + B * len(doc) / max(self.avgdl, 1e-9)) for doc in self.docs]
        self._matrix: Any = None  # the sentences' unit vectors, one row each (numpy)

    def vector_similarities(self, claim: Claim) -> list[float]:
        """`vector_similarity` of the claim with every sentence, in one matrix product."""
        import numpy as np

        if self._matrix is None:
            width = max((len(o.sentence.vector) for o in self.pool), default=0) // 4
            self._matrix = np.zeros((len(self.pool), width), dtype=np.float32)
            for i, o in enumerate(self.pool):
                if len(o.sentence.vector) == 4 * width:
                    self._matrix[i] = np.frombuffer(o.sentence.vector, dtype=np.float32)
        if not claim.vector or len(claim.vector) != 4 * self._matrix.shape[1]:
            return [vector_similarity(claim, o.sentence) for o in self.pool]
        products = self._matrix @ np.frombuffer(claim.vector, dtype=np.float32)
        return [max(0.0, float(p)) for p in products.tolist()]

    def weight(self, term: str) -> float:
        """IDF of a term (unseen terms weigh most)."""
        return self.idf.get(term, self.default_idf)

    def bm25(self, weights: dict[str, float], i: int) -> float:
        """BM25 score of official sentence i for a query's distinct terms (term → weight)."""
        counts, norm = self.counts[i], self.norms[i]
        score = 0.0
        for term, weight in weights.items():
            tf = counts.get(term, 0)
            if tf:
                score += weight * tf * (K1 + 1) / (tf + norm)
        return score

    def coverage(self, weights: dict[str, float], i: int, total: float) -> float:
        """IDF-weighted share of the query's terms (term → weight, weights summing to `total`)
        present in sentence i."""
        if not total:
            return 0.0
        counts = self.counts[i]
        return sum(w for t, w in weights.items() if t in counts) / total


def retrieve(claim: Claim, index: Index, similarity: Similarity | None = None) -> list[Candidate]:
    """Official sentences ranked for a claim, best first."""
    counted = {w for q in claim.facets.quantities for w in q.text.lower().split()}
    query = [t for t in content_lemmas(claim.lemmas) if not (NUMBER.fullmatch(t) and t in counted)]
    claim_topics = frozenset(claim.facets.topics)
    claim_classes = frozenset(claim.facets.data_classes)
    claim_units = _units(claim.facets.quantities)
    weights = {t: index.weight(t) for t in sorted(set(query))}  # sorted: the float sums of
    # BM25 and coverage must not depend on the order of a set (the process's hash seed)
    total = sum(weights.values())
    sims = index.vector_similarities(claim) if similarity is vector_similarity else None
    t = thresholds()
    out = []
    for i, official in enumerate(index.pool):
        topics = claim_topics & index.topics[i]
        classes = claim_classes & index.classes[i]
        units = claim_units & index.units[i]
        score = (
            index.bm25(weights, i)
            + t.topic_weight * len(topics - GENERIC_TOPICS)
            + t.class_weight * len(classes)
            + t.unit_weight * len(units)
        )
        if sims is not None:
            score += t.similarity_weight * sims[i]
        elif similarity is not None:
            score += t.similarity_weight * similarity(claim, official.sentence)
        out.append(
            Candidate(official, score, index.coverage(weights, i, total), topics, classes, units)
        )
    out.sort(key=lambda c: (-c.score, c.official.doc_url, c.official.sentence.position))
    return out[:TOP_K]


def _units(quantities: Sequence[Quantity]) -> frozenset[str]:
    return frozenset(u for q in quantities if (u := unit_class(q.unit)) is not None)


def aligned(claim: Claim, cand: Candidate) -> bool:
    """Does the candidate speak of the same fact as the claim?"""
    t = thresholds()
    specific = cand.topics - GENERIC_TOPICS
    s = cand.official.sentence
    if (
        cand.units
        and count_relation(claim, s) is not None
        and (
            cand.coverage >= t.min_coverage_count
            or cand.units & SCOPE_UNITS
            or _about_data(claim)
            and _about_data(s)
        )
    ):
        return True  # two counts of the same thing (people whose data were taken, regions or
        # establishments hit: always)
    if (
        claim.facets.dates
        and s.facets.dates
        and cand.coverage >= t.min_coverage_count
        and EVENT_TOPICS & set(claim.facets.topics)
        and EVENT_TOPICS & set(s.facets.topics)
    ):
        return True  # two datings of the incident's events: the dates decide
    if (
        duration(claim)
        and stated_period(s)
        and EVENT_TOPICS & set(claim.facets.topics)
        and EVENT_TOPICS & set(s.facets.topics)
    ):
        return True  # how long the attack lasted, against the period the official text gives
    if "impact_care" in cand.topics:
        said, official_said = effect(claim.lemmas, claim.negated), effect(s.lemmas, s.negated)
        if cand.coverage >= t.min_coverage_count and said is not None and official_said is not None:
            return True  # both say whether care goes on: the effects decide
        if (
            specific == {"impact_care"}
            and not (cand.data_classes or cand.units)
            and cand.coverage < t.min_coverage_same
            and said is not None
            and official_said is None
        ):
            return False  # care named without saying whether it goes on ("missions de soins")
    if (
        claim.facets.data_classes
        and s.facets.data_classes
        and cand.coverage >= t.min_coverage_count
        and (
            (specific and is_restrictive(claim.lemmas))
            or (is_restrictive(s.lemmas) and not claim.negated)
        )
    ):
        return True  # an exhaustive list on either side bears on every list of the other
    if (
        cand.data_classes
        and DATA_VERBS & set(content_lemmas(claim.lemmas))
        and DATA_VERBS & set(content_lemmas(s.lemmas))
    ):
        return True  # what became of the same data ("les RIB récupérés" / "non concernés")
    if cand.coverage < t.min_coverage_count and _general_care(claim, s):
        return True  # "la prise en charge est assurée dans l'ensemble des services"
    if _same_victim(claim, s):
        return True  # "L'APHP a été victime d'une cyberattaque": who was attacked decides
    if _same_complaint(claim, s):
        return True  # "avoir porté plainte auprès du procureur" / "L'AP-HP a déposé plainte"
    if not (specific or cand.data_classes or cand.units):
        if set(claim.facets.topics) - GENERIC_TOPICS:
            return False  # the claim's event ("prévenu l'Assurance maladie") is not there
        return cand.coverage >= t.min_coverage_generic
    floor = t.min_coverage_topic if specific or cand.data_classes else t.min_coverage
    return cand.coverage >= floor


def _general_care(claim: Claim, s: Sentence) -> bool:
    """Does an official statement on care as a whole bear on the claim's care impact?

    "L'activité n'a pas été perturbée" answers "les urgences ont fermé" (and "les opérations
    sont maintenues"); "l'activité est perturbée" answers only a claim that care goes on.
    """
    if (
        "impact_care" not in claim.facets.topics
        or "impact_care" not in s.facets.topics
        or not GENERAL_CARE & set(content_lemmas(s.lemmas))
        or not CARE & set(content_lemmas(claim.lemmas))
    ):
        return False
    a, b = effect(claim.lemmas, claim.negated), effect(s.lemmas, s.negated)
    return a is not None and b is not None and (b is False or a is False)


def _same_victim(claim: Claim, s: Sentence) -> bool:
    """Does the claim only say who was attacked, and the official sentence name them attacked?

    "L'hôpital de Saint-Dizier a également été touché par les pirates" and "un piratage a
    réussi à infiltrer le système d'information des CH de Vitry-le-François et Saint-Dizier"
    state the same fact in no shared word but the name: every name of the claim must be in
    the official sentence. A claim with more to say (a count, a date, data, care, "seul")
    is judged on that; computer systems hit ("touchant l'une de ses plateformes") are part
    of the attack.
    """
    f = claim.facets
    if (
        ("attack" not in f.topics and not TAKES_UP_THE_ATTACK.search(claim.text))
        or "attack" not in s.facets.topics
        or set(f.topics) - VICTIM_TOPICS - _it_systems_only(claim)
        or f.quantities
        or f.dates
        or f.data_classes
        or claim.negated
        or s.negated
        or not VICTIM & set(claim.lemmas)
        or is_restrictive(claim.lemmas)
    ):
        return False
    text = LOCATED.sub(" ", claim.text)
    for name, label in claim.entities:
        if label == "MEDIA":  # "…, explique France Bleu": who reports it was not attacked
            text = text.replace(name, " ")
    names = proper_names(text)
    official = _squeezed(s.text)
    return bool(names) and all(n in official for n in names)


# Where the press locates a place for its readers: "(Marne)", ", dans la Marne,". The
# official text of a local body does not: such names are not part of who was attacked.
LOCATED = re.compile(r"\([^()]*\)|,\s*dans (?:la|le|les|l'|l’)\s*[^,]+,")
# "L'hôpital de Vitry-le-François en a été la cible", "la clinique en a été victime": the
# clitic "en" takes up the attack the sentence before named.
TAKES_UP_THE_ATTACK = re.compile(
    r"\ben (?:a|ont|avait|avaient|aurait|auraient) (?:\w+ )?été (?:la |les |l'|l’)?"
    r"(?:cible|victime)s?\b",
    re.IGNORECASE,
)


def _same_complaint(claim: Claim, s: Sentence) -> bool:
    """Does the claim only say that a complaint was filed, and the official sentence too?

    "Les Hôpitaux de Paris ont annoncé avoir porté plainte auprès du procureur de la
    République de Paris" and "L'AP-HP a déposé plainte" are the same fact in two words: the
    press adds to whom and when, the victim's communiqué says it did. Not when the claim's
    complainants are people (patients, families, an association: another complaint), nor
    with a count, data or a denial.
    """
    f = claim.facets
    return (
        set(f.topics) - GENERIC_TOPICS == {"complaint"}
        and "complaint" in s.facets.topics
        and not (f.quantities or f.data_classes or claim.negated or s.negated)
        and not COMPLAINANTS & set(claim.lemmas)
        and bool(FILING & set(claim.lemmas))
        and bool(FILING & set(s.lemmas))
    )


def _it_systems_only(claim: Claim) -> set[str]:
    """{"impact_care"} when the claim's care topic names only computer systems ("une
    cyberattaque touchant l'une de ses plateformes"), no care: it describes the attack."""
    return set() if CARE & set(claim.lemmas) else {"impact_care"}


def proper_names(text: str) -> list[str]:
    """The proper names of a clause, folded and squeezed ("L'APHP" → "aphp",
    "Saint-Dizier" → "saintdizier"): capitalised words after the first, and acronyms."""
    words = [w for w in NAME_WORD.findall(text) if w]
    out = []
    for i, w in enumerate(words):
        if w[:1].isupper() and (i or (len(w) > 1 and w.isupper())):
            out.append(_squeezed(w))
    return [n for n in out if len(n) > 1]


def _squeezed(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", folded(text))


def _about_data(s: Sentence | Claim) -> bool:
    """Does the statement speak of stolen or exposed data?"""
    return bool(s.facets.data_classes) or "data_theft" in s.facets.topics


# Comparisons ---------------------------------------------------------------------------


ANOTHER_OBJECT = "autre objet"  # a denial and a statement about different named things


# Data words written in capitals ("RIB", "IBAN", "NIR"): no name of another thing
DATA_ACRONYMS = frozenset(
    _squeezed(term)
    for entry in load_data("data_classes.toml")["class"].values()
    for term in entry["terms"]
    if " " not in term
)


def _named(claim: Claim) -> list[str]:
    """The names of a claim (folded and squeezed), without the data it names."""
    return [n for n in proper_names(claim.text) if n not in DATA_ACRONYMS]


def _polarity_conflict(claim: Claim, cand: Candidate) -> str | None:
    """Opposite polarity on the same object (same data class, else same specific topic).

    For care impact, polarity is the effect stated: "les opérations sont annulées" and "les
    opérations sont maintenues" are opposite although neither is negated. A denial and a
    statement of which one names what the other does not give `ANOTHER_OBJECT`: not the
    same fact.
    """
    s = cand.official.sentence
    if unknown(claim.lemmas, claim.negated) and unknown(s.lemmas, s.negated):
        return None  # "n'est pas encore connu" says what "est en cours d'évaluation" says
    topics = cand.topics - GENERIC_TOPICS
    if "impact_care" in cand.topics:
        a, b = effect(claim.lemmas, claim.negated), effect(s.lemmas, s.negated)
        if DEGRADED & set(claim.lemmas) and DEGRADED & set(s.lemmas):
            a = b  # both in degraded mode: care goes on, disrupted, as both say
        if a is not None and b is not None:
            return "impact opposé sur la prise en charge" if a != b else None
        topics -= {"impact_care"}  # care named without an effect on it ("missions de soins")
    if claim.negated == s.negated:
        return None
    if not all(n in _squeezed(s.text) for n in _named(claim)):
        return ANOTHER_OBJECT  # "Les données confiées à MGEN ne sont pas concernées" is
        # not denied by "des données ont été volées" that does not name MGEN
    claim_classes, official_classes = set(claim.facets.data_classes), set(s.facets.data_classes)
    if claim_classes and official_classes:
        return POLARITY if cand.data_classes else None
    if claim_classes and not s.negated:
        return None  # "aucune donnée de santé" is not denied by "des identifiants ont été volés"
    return POLARITY if topics else None


def judge(claim: Claim, cand: Candidate) -> tuple[str, str] | None:
    """'contradicted' or 'supported' with a reason, or None when not about the same fact."""
    if not aligned(claim, cand):
        return None
    s = cand.official.sentence
    counts = count_relation(claim, s)
    same_event = bool(DATED_TOPICS & cand.topics) or bool(
        EVENT_TOPICS & set(claim.facets.topics) and EVENT_TOPICS & set(s.facets.topics)
    )
    polarity = _polarity_conflict(claim, cand)
    if polarity == ANOTHER_OBJECT:
        return None
    dates = date_conflict(claim, s)
    if dates and not same_event:
        return None  # another occurrence: a mail sent on the 15th is not next week's mail
    lasted = duration_conflict(claim, s) if same_event else None
    for check in (
        polarity,
        counts[1] if counts else None,
        dates,
        lasted,
        list_conflict(claim, s),
    ):
        if check:
            return "contradicted", check
    extra_classes = set(claim.facets.data_classes) - set(s.facets.data_classes)
    if extra_classes and not cand.data_classes and not (counts and counts[0] == "match"):
        return None  # the official sentence speaks of other data (same count: same data)
    return "supported", "même fait dans une source officielle"


# Decision ----------------------------------------------------------------------------------


def check_claim(
    claim: Claim,
    pool: Sequence[Official],
    similarity: Similarity | None = None,
    index: Index | None = None,
) -> Verdict:
    """The verdict of one claim against the official sentences of its incident."""
    if not pool:
        return Verdict(
            claim.id, "no_official_source", "aucune source officielle pour cet incident à ce jour"
        )
    if claim.quote is not None:
        found = check_quote(claim, pool)
        if found.evidence:
            return found  # the words are in an official text: the quote decides
        # Reported speech is paraphrase as often as verbatim: words found nowhere are judged
        # as the statement they make, like any other claim.
    index = index or Index(pool)
    unnamed = _unnamed_attacker(claim, index)
    if unnamed:
        return Verdict(
            claim.id, "unsupported", f"attaquant absent des sources officielles : {unnamed}"
        )
    judged = []
    candidates = retrieve(claim, index, similarity)
    for cand in candidates:
        outcome = judge(claim, cand)
        if outcome is not None:
            judged.append((cand, outcome))
    if not judged:
        return Verdict(
            claim.id,
            "unsupported",
            "aucune source officielle ne l'affirme",
            _evidence(candidates[:1]),
        )
    best, (verdict, reason) = _decide(claim, judged)
    supports = [j for j in judged if j[1][0] == "supported"]
    if (
        reason == POLARITY
        and supports
        and max(c.coverage for c, _ in supports) >= best.coverage
        and not gate().keeps(
            verdict,
            best.coverage,
            vector_similarity(claim, best.official.sentence) if similarity else 0.0,
        )
    ):
        # A denial read in one sentence and not the other, in a sentence not close enough to
        # be the same fact, while an official sentence that states the fact covers the claim
        # as well: the statement decides. (Counts, dates and lists are facts of their own:
        # their conflicts are never set aside.)
        judged = supports
        best, (verdict, reason) = _decide(claim, judged)
    shown = _shown(best, verdict, judged)
    more = _says_more(claim, index, judged, candidates) if verdict == "supported" else None
    if more:
        return Verdict(claim.id, "unsupported", more, _evidence(shown))
    sim = vector_similarity(claim, best.official.sentence) if similarity else 0.0
    if TRACE is not None:
        TRACE[claim.id] = (verdict, reason, best.coverage, sim)
    if not gate().keeps(verdict, best.coverage, sim):
        # Not close enough to be sure it is the same fact: say so, and show the nearest
        # official sentences as such (never as evidence).
        return Verdict(claim.id, "unsupported", NEAREST_REASON, _evidence(candidates))
    flags = ("hedge_dropped",) if _hedge_dropped(claim, best) else ()
    return Verdict(claim.id, verdict, reason, _evidence(shown), flags)


def _untold_events(
    claim: Claim,
    judged: Sequence[tuple[Candidate, tuple[str, str]]],
    candidates: Sequence[Candidate],
) -> list[str]:
    """The claim's separate events (a complaint, a notification to the CNIL, a ransom) that
    no supporting official sentence speaks of: "L'AP-HP a porté plainte et notifié la Cnil"
    is half confirmed by "L'AP-HP a déposé plainte"; the other half is no official fact.
    A complaint, a ransom or a claim of responsibility is told by any official sentence that
    names it; the CNIL, named in many roles ("la CNIL déconseille…"), only by a sentence that
    supports the claim."""
    told: set[str] = set()
    for cand, (verdict, _) in judged:
        if verdict == "supported":
            told |= set(cand.official.sentence.facets.topics)
    for cand in candidates:
        if not cand.official.sentence.negated:
            told |= cand.topics & SELF_NAMED_EVENTS  # "a déposé plainte" tells the complaint
    events = set(SEPARATE_EVENTS & set(claim.facets.topics))
    if claim.facets.data_classes and staff_owned(claim.lemmas):
        events.add(STAFF_DATA)
        if any(staff_owned(c.official.sentence.lemmas) for c in candidates):
            told.add(STAFF_DATA)
    return [EVENT_NAMES[t] for t in sorted(events - told)]


def staff_owned(lemmas: Sequence[str]) -> bool:
    """Does the statement speak of staff's own data ("l'identité et les coordonnées des
    professionnels de santé", "les mails des agents")? A word of personal data, "de", then a
    staff noun; "les dossiers des patients de 1 500 médecins" are the patients' data."""
    low = [lemma.lower() for lemma in lemmas]
    for i, lemma in enumerate(low):
        if lemma not in STAFF_UNITS:
            continue
        before = [w for w in low[max(0, i - 3) : i] if w not in ("le", "les", "l'", "l’")]
        if len(before) >= 2 and before[-1] in OF and before[-2] in PERSONAL_DATA:
            return True
    return False


NEAREST_REASON = (
    "aucune source officielle ne l'affirme clairement ; phrases officielles les plus proches"
)
# claim id → (verdict before the gate, reason, coverage, vector similarity) of the deciding
# candidate, filled when set to a dict (the eval reads it to fit the gate).
TRACE: dict[str, tuple[str, str, float, float]] | None = None


@dataclass(frozen=True)
class Gate:
    """How close the deciding official sentence must be for a verdict to stand (fitted on the
    real development incidents by `python -m claims.corpus --fit-gate`, kept in
    `claims/data/decision.toml`). A contradiction needs both a covered and a similar
    sentence; a support either."""

    contradict_min_coverage: float = 0.0
    contradict_min_similarity: float = 0.0
    support_min_coverage: float = 0.0
    support_min_similarity: float = 0.0

    def keeps(self, verdict: str, coverage: float, similarity: float) -> bool:
        """Does a verdict decided on a sentence this close stand?"""
        if verdict == "contradicted":
            return (
                coverage >= self.contradict_min_coverage
                and similarity >= self.contradict_min_similarity
            )
        if verdict == "supported":
            return (
                coverage >= self.support_min_coverage or similarity >= self.support_min_similarity
            )
        return True


GATE_FILE = Path(__file__).resolve().parent / "data" / "decision.toml"
_GATE: list[Gate] = []


def gate() -> Gate:
    """The fitted gate (read once); `set_gate` replaces it (the fitting does)."""
    if not _GATE:
        _GATE.append(_read_fitted(GATE_FILE, "gate", Gate))
    return _GATE[0]


def set_gate(value: Gate) -> None:
    """Use another gate in this process."""
    _GATE[:] = [value]


def _unnamed_attacker(claim: Claim, index: Index) -> str | None:
    """An attacker group the claim names and no official sentence does, or None."""
    for actor in claim.facets.actors:
        if actor.startswith("attacker/") and actor not in index.actors:
            return next(
                (text for text, label in claim.entities if folded(text).replace(" ", "-") in actor),
                actor.split("/", 1)[1],
            )
    return None


def _unstated_count(claim: Claim, index: Index) -> str | None:
    """The claim's first count whose kind no official sentence counts ("3 millions d'euros"
    when no official text gives an amount), or None. A count in a relative clause or an
    apposition describes a participant ("le groupe, qui compte 130 établissements"): the
    press adds such background to an official fact, it is not the fact checked."""
    for q in claim.facets.quantities:
        unit = unit_class(q.unit)
        if (
            q.value is None
            or q.aside
            or q.relation == "vague"
            or not unit
            or unit in index.counted
            or q.unit in DAYS
        ):
            continue  # durations are checked against the official periods
        if not any(o.value == q.value for o in index.quantities):  # "42 comptes"
            return q.text
    return None


ANNOUNCING = frozenset(
    {"annoncer", "indiquer", "révéler", "communiquer", "confirmer", "publier", "informer"}
    | {"expliquer", "déclarer", "préciser", "affirmer", "assurer", "signaler", "apprendre"}
    | {"communiqué", "rendre", "dévoiler"}
)


def _unstated_day(claim: Claim, index: Index) -> str | None:
    """The first day the claim gives ("a porté plainte le 15 septembre") that no official
    text gives, nor is the day a communiqué came out or the next, or None. A day in a
    relative clause dates a participant's act, and a reported announcement ("a annoncé
    mercredi") is dated by its communiqué: neither is checked."""
    if ANNOUNCING & set(claim.lemmas):
        return None
    for d in claim.facets.dates:
        day = _day(d.start)
        if d.kind != "date" or d.aside or day is None or d.start != d.end:
            continue
        if (
            not any(start <= day <= end for start, end in index.days)
            and (day.day, day.month) not in index.day_months
            and not any(abs((day - out).days) <= 1 for out in index.published)
        ):
            return d.text
    return None


def _day(value: str | None) -> date | None:
    """The day of an ISO date or timestamp, None when there is none."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:er)?\s+(?P<m>{'|'.join(sorted(MONTHS, key=len, reverse=True))})\b",
    re.IGNORECASE,
)


def _says_more(
    claim: Claim,
    index: Index,
    judged: Sequence[tuple[Candidate, tuple[str, str]]],
    candidates: Sequence[Candidate],
) -> str | None:
    """Why a claim an official sentence confirms still says more than the official texts (a
    count or a day no official text gives, "all" where they say "several", an event they do not
    state), as the verdict's reason, or None."""
    unstated = _unstated_count(claim, index)
    if unstated:
        return f"chiffre absent des sources officielles : {unstated}"
    undated = _unstated_day(claim, index)
    if undated:
        return f"date absente des sources officielles : {undated}"
    wider = _generalised(claim, index)
    if wider:
        return f"généralisation : {wider}"
    untold = _untold_events(claim, judged, candidates)
    if untold:
        return "en partie seulement : rien dans les sources officielles sur " + " ni ".join(untold)
    return None


def _generalised(claim: Claim, index: Index) -> str | None:
    """ "toutes les régions" / "plusieurs régions" when the claim says "all" of what the
    official texts count only in part, vaguely ("plusieurs", "certains", "une partie") and
    never as a whole: "plusieurs" fits "all" as a count, but does not say it. People are left
    out ("tous les patients concernés" names who, it is no count)."""
    for q in claim.facets.quantities:
        unit = unit_class(q.unit)
        if q.relation != "all" or q.aside or unit in (None, "people", "staff"):
            continue
        official = [o for o in index.quantities if unit_class(o.unit) == unit]
        partial = [o for o in official if o.relation == "vague"]
        if partial and not any(o.relation == "all" for o in official):
            return f"{q.text} / {partial[0].text}"
    return None


def _decide(
    claim: Claim, judged: list[tuple[Candidate, tuple[str, str]]]
) -> tuple[Candidate, tuple[str, str]]:
    """Pick the deciding candidate among those about the same fact.

    Counts are decided by the official count most specific to the claim's data. Otherwise a
    contradiction wins when it is nearly as well matched as the best support (official texts
    that deny something are rarely echoed elsewhere), except a date conflict when another
    official sentence dates the event compatibly.
    """
    if claim.facets.quantities:
        counted = [j for j in judged if count_relation(claim, j[0].official.sentence)]
        if counted:  # the most specific data first, then a matching count, then the score
            return max(
                counted, key=lambda j: (len(j[0].data_classes), j[1][0] == "supported", j[0].score)
            )
    supports = [j for j in judged if j[1][0] == "supported"]
    contras = [j for j in judged if j[1][0] == "contradicted"]
    if supports and claim.facets.dates:
        contras = [j for j in contras if not j[1][1].startswith("date différente")]

    def rank(j: tuple[Candidate, tuple[str, str]]) -> tuple[int, int, float]:
        """Same event first, then same data, then the retrieval score."""
        return len(j[0].topics - GENERIC_TOPICS), len(j[0].data_classes), j[0].score

    if not contras:
        return max(supports, key=rank)
    best_contra = max(contras, key=rank)
    if not supports:
        return best_contra
    exhaustive = [j for j in contras if j[1][1].startswith("catégorie")]
    classes = set(claim.facets.data_classes)
    stated = [j for j in supports if classes and classes <= j[0].data_classes]
    if exhaustive and not stated:  # "seules… ont été copiées": one official counterexample
        # falsifies a list, unless another official sentence states every category of the
        # claim ("des données administratives" in the communiqué's own words): the official
        # texts then say both, and the press repeats one of them
        return max(exhaustive, key=rank)
    best_support = max(supports, key=rank)
    if rank(best_contra)[:2] > rank(best_support)[:2]:
        return best_contra
    if best_contra[0].score >= thresholds().contra_weight * best_support[0].score:
        return best_contra
    return best_support


BULLETS = "•-–—*·▪"


def _list_item(text: str) -> bool:
    """A line of a list: it opens with a bullet or ends with a semicolon."""
    t = text.strip()
    return bool(t) and (t[0] in BULLETS or t.endswith(";"))


def join_lists(pool: Sequence[Official]) -> list[Official]:
    """Official texts list what was taken, line by line, after a lead-in ("La fuite de
    données comprend notamment les informations suivantes : • les nom et prénoms ; • la
    date de naissance ; …"): each line alone is no statement and the lead-in names no
    data. A lead-in ending with a colon and the list lines after it, in the same document,
    become one sentence (its facets the union of theirs)."""
    out: list[Official] = []
    i = 0
    while i < len(pool):
        lead = pool[i]
        j = i + 1
        if lead.sentence.text.rstrip().endswith(":"):
            while (
                j < len(pool)
                and pool[j].doc_url == lead.doc_url
                and pool[j].sentence.document_id == lead.sentence.document_id
                and _list_item(pool[j].sentence.text)
            ):
                j += 1
        if j - i < 2:
            out.append(lead)
            i += 1
            continue
        parts = [o.sentence for o in pool[i:j]]
        out.append(replace(lead, sentence=_joined(parts)))
        i = j
    return out


def _joined(parts: Sequence[Sentence]) -> Sentence:
    """One sentence made of a lead-in and its list lines."""
    import numpy as np

    first = parts[0]
    facets = Facets(
        quantities=tuple(q for p in parts for q in p.facets.quantities),
        dates=tuple(d for p in parts for d in p.facets.dates),
        data_classes=tuple(sorted({c for p in parts for c in p.facets.data_classes})),
        topics=tuple(sorted({t for p in parts for t in p.facets.topics})),
        actors=tuple(sorted({a for p in parts for a in p.facets.actors})),
    )
    vectors = [np.frombuffer(p.vector, dtype=np.float32) for p in parts if p.vector]
    vector = first.vector
    if vectors and all(len(v) == len(vectors[0]) for v in vectors):
        total = np.sum(vectors, axis=0)
        norm = float(np.linalg.norm(total))
        vector = (total / norm).astype(np.float32).tobytes() if norm else first.vector
    return replace(
        first,
        text=" ".join(p.text.strip() for p in parts),
        lemmas=tuple(lemma for p in parts for lemma in p.lemmas),
        hedges=tuple(sorted({h for p in parts for h in p.hedges})),
        facets=facets,
        entities=tuple(e for p in parts for e in p.entities),
        vector=vector,
    )


def distinct(pool: Sequence[Official]) -> list[Official]:
    """One official sentence per text: a communiqué republished by several bodies counts once
    (the first document, in pool order, is kept as evidence). Advice to the reader is left
    out (`is_advice`): it states no fact of the incident."""
    seen: set[str] = set()
    out = []
    for official in pool:
        key = identity_text(official.sentence.text)
        if key not in seen and not is_advice(official.sentence.text):
            seen.add(key)
            out.append(official)
    return out


def is_advice(text: str) -> bool:
    """Does an official sentence open as advice to the reader ("Si vous avez effectué un test
    …", "Il faut donc vérifier vos e-mails", "Soyez vigilants") or as a general rule
    ("Lorsque la violation de données est susceptible d'engendrer un risque élevé…")?
    Openings in claims/data/crosscheck.toml."""
    start = text.lstrip(" \t\n\"«“'’•-–—*(").lower().replace("’", "'")
    return ADVICE.match(start) is not None


def vector_similarity(claim: Claim, sentence: Sentence) -> float:
    """Cosine similarity of the stored unit word vectors (0 when either is missing)."""
    if not claim.vector or not sentence.vector or len(claim.vector) != len(sentence.vector):
        return 0.0
    import numpy as np  # here, not at the top: a check with nothing to judge never loads it

    a = np.frombuffer(claim.vector, dtype=np.float32)
    b = np.frombuffer(sentence.vector, dtype=np.float32)
    return max(0.0, float(a @ b))


def check_claims(
    claims: Sequence[Claim], pool: Sequence[Official], index: Index | None
) -> list[Verdict]:
    """Verdicts of many claims; the same wording (a wire copied by ten outlets) is judged once."""
    memo: dict[tuple[str, str], Verdict] = {}  # same words, same facets: same verdict
    first: dict[tuple[str, str], str] = {}
    out = []
    for claim in claims:
        key = (identity_text(claim.text), claim.facets.to_json())  # dates resolved per doc
        if key not in memo:
            memo[key] = check_claim(claim, pool, vector_similarity, index=index)
            first[key] = claim.id
        elif TRACE is not None and first[key] in TRACE:
            TRACE[claim.id] = TRACE[first[key]]
        v = memo[key]
        out.append(Verdict(claim.id, v.verdict, v.reason, v.evidence, v.flags))
    return out


def _hedge_dropped(claim: Claim, cand: Candidate) -> bool:
    official = set(cand.official.sentence.hedges) - NON_HEDGES
    return bool(official) and not (set(claim.hedges) - NON_HEDGES)


def _shown(
    best: Candidate, verdict: str, judged: Sequence[tuple[Candidate, tuple[str, str]]]
) -> list[Candidate]:
    """The evidence of a verdict: the deciding official sentence first, then the others that
    say the same (a sentence that supports the claim is never shown for its contradiction,
    nor the other way round)."""
    return [best] + [c for c, (v, _) in judged if c is not best and v == verdict]


def _evidence(cands: Sequence[Candidate]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(c.official.doc_url, c.official.sentence.text, round(c.score, 3))
        for c in cands[:EVIDENCE_K]
    )
