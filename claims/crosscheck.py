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
   `no_official_source`. Quotes are looked up verbatim (normalised) in every official text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from claims.lexicon import content_lemmas, disruption, is_restrictive, unit_class
from claims.records import (
    Claim,
    DateSpan,
    Evidence,
    Quantity,
    Sentence,
    Verdict,
    normalise_text,
)

VERSION = "5"  # bump when decisions change: every incident is re-checked
K1, B = 1.5, 0.75  # BM25 parameters
MIN_COVERAGE = 0.3  # share of the claim's IDF weight an aligned sentence must contain
MIN_COVERAGE_TOPIC = 0.18  # lower when the sentence shares an event topic with the claim
MIN_COVERAGE_COUNT = 0.1  # lower still when both count the same thing
MIN_COVERAGE_SAME = 0.5  # above this share of the claim's words, the sentence restates it
GENERIC_TOPICS = frozenset({"attack"})  # too broad to align two statements alone
# Topics of the incident's own events: two dated statements about them compare their dates.
EVENT_TOPICS = frozenset({"attack", "method", "data_theft", "date_event", "identity_theft",
                          "claim_of_responsibility", "data_leak"})
# One-off events whose date is a fact to check (not measures announced for later).
DATED_TOPICS = EVENT_TOPICS | {"complaint", "cnil"}
CONTRA_WEIGHT = 0.8  # a contradiction wins when its score reaches this share of the support's
TOP_K = 8
EVIDENCE_K = 3
REL_TOLERANCE = 0.02  # counts within 2 % are the same count
# Words of statements about care as a whole ("l'ensemble des services", "l'activité").
GENERAL_CARE = frozenset({"activité", "ensemble", "fonctionnement", "continuité", "charge"})
# Verbs saying what became of data (canonical lemmas).
DATA_VERBS = frozenset({"voler", "vol", "récupérer", "copier", "extraire", "consulter",
                        "concerner", "toucher", "exposer", "figurer", "compromettre", "accéder",
                        "télécharger", "publier", "divulguer", "subtiliser"})
SCOPE_UNITS = frozenset({"région", "hôpital", "centre", "site"})  # how far the attack went
DEGRADED = frozenset({"dégradé", "dégrader", "papier"})  # care going on, but degraded
# Care itself, in a claim: what a statement on care as a whole answers for.
CARE = frozenset({"soin", "urgence", "opération", "chirurgie", "bloc", "consultation",
                  "séance", "dialyse", "radiothérapie", "chimiothérapie", "hospitalisation",
                  "rendez-vous", "maternité", "service", "activité", "charge"})
KNOWING = frozenset({"connaître", "connu", "déterminer", "établir", "savoir", "chiffrer",
                     "évaluer", "estimer", "identifier", "préciser"})
ASSESSING = frozenset({"évaluation", "analyse", "estimation", "identification", "examen",
                       "investigation", "recensement"})
NON_HEDGES = frozenset({"selon", "d'après"})  # attribution is not a hedge of the fact itself

Similarity = Callable[[Claim, Sentence], float]


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

    def weight(self, term: str) -> float:
        """IDF of a term (unseen terms weigh most)."""
        return self.idf.get(term, self.default_idf)

    def bm25(self, query: Sequence[str], i: int) -> float:
        """BM25 score of official sentence i for a query."""
        counts, length = self.counts[i], len(self.docs[i])
        score = 0.0
        for term in set(query):
            tf = counts.get(term, 0)
            if tf:
                norm = tf + K1 * (1 - B + B * length / max(self.avgdl, 1e-9))
                score += self.weight(term) * tf * (K1 + 1) / norm
        return score

    def coverage(self, weights: dict[str, float], i: int) -> float:
        """IDF-weighted share of the query's terms (term → weight) present in sentence i."""
        total = sum(weights.values())
        if not total:
            return 0.0
        return sum(w for t, w in weights.items() if t in self.counts[i]) / total


def retrieve(claim: Claim, index: Index, similarity: Similarity | None = None) -> list[Candidate]:
    """Official sentences ranked for a claim, best first."""
    query = content_lemmas(claim.lemmas)
    claim_topics = frozenset(claim.facets.topics)
    claim_classes = frozenset(claim.facets.data_classes)
    claim_units = _units(claim.facets.quantities)
    weights = {t: index.weight(t) for t in set(query)}
    out = []
    for i, official in enumerate(index.pool):
        topics = claim_topics & index.topics[i]
        classes = claim_classes & index.classes[i]
        units = claim_units & index.units[i]
        score = index.bm25(query, i) + 2.0 * len(topics - GENERIC_TOPICS) + 1.5 * len(classes) \
            + 1.5 * len(units)
        if similarity is not None:
            score += 3.0 * similarity(claim, official.sentence)
        out.append(Candidate(official, score, index.coverage(weights, i), topics, classes, units))
    out.sort(key=lambda c: (-c.score, c.official.doc_url, c.official.sentence.position))
    return out[:TOP_K]


def _units(quantities: Sequence[Quantity]) -> frozenset[str]:
    return frozenset(u for q in quantities if (u := unit_class(q.unit)) is not None)


def aligned(claim: Claim, cand: Candidate) -> bool:
    """Does the candidate speak of the same fact as the claim?"""
    specific = cand.topics - GENERIC_TOPICS
    s = cand.official.sentence
    if cand.units and count_relation(claim, s) is not None and (
            cand.coverage >= MIN_COVERAGE_COUNT or cand.units & SCOPE_UNITS or
            _about_data(claim) and _about_data(s)):
        return True  # two counts of the same thing (people whose data were taken, regions or
        # establishments hit: always)
    if claim.facets.dates and s.facets.dates and cand.coverage >= MIN_COVERAGE_COUNT and \
            EVENT_TOPICS & set(claim.facets.topics) and EVENT_TOPICS & set(s.facets.topics):
        return True  # two datings of the incident's events: the dates decide
    if _duration(claim) and _stated_period(s) and \
            EVENT_TOPICS & set(claim.facets.topics) and EVENT_TOPICS & set(s.facets.topics):
        return True  # how long the attack lasted, against the period the official text gives
    if "impact_care" in cand.topics and cand.coverage >= MIN_COVERAGE_COUNT and \
            _effect(claim.lemmas, claim.negated) is not None and \
            _effect(s.lemmas, s.negated) is not None:
        return True  # both say whether care goes on: the effects decide
    if specific == {"impact_care"} and not (cand.data_classes or cand.units) and \
            cand.coverage < MIN_COVERAGE_SAME and \
            _effect(claim.lemmas, claim.negated) is not None and \
            _effect(s.lemmas, s.negated) is None:
        return False  # care named without saying whether it goes on ("missions de soins")
    if claim.facets.data_classes and s.facets.data_classes and \
            cand.coverage >= MIN_COVERAGE_COUNT and (
                (specific and is_restrictive(claim.lemmas))
                or (is_restrictive(s.lemmas) and not claim.negated)):
        return True  # an exhaustive list on either side bears on every list of the other
    if cand.data_classes and DATA_VERBS & set(content_lemmas(claim.lemmas)) and \
            DATA_VERBS & set(content_lemmas(s.lemmas)):
        return True  # what became of the same data ("les RIB récupérés" / "non concernés")
    if _general_care(claim, s) and cand.coverage < MIN_COVERAGE_COUNT:
        return True  # "la prise en charge est assurée dans l'ensemble des services"
    if not (specific or cand.data_classes or cand.units):
        if set(claim.facets.topics) - GENERIC_TOPICS:
            return False  # the claim's event ("prévenu l'Assurance maladie") is not there
        return cand.coverage >= 0.6
    floor = MIN_COVERAGE_TOPIC if specific or cand.data_classes else MIN_COVERAGE
    return cand.coverage >= floor


def _general_care(claim: Claim, s: Sentence) -> bool:
    """Does an official statement on care as a whole bear on the claim's care impact?

    "L'activité n'a pas été perturbée" answers "les urgences ont fermé" (and "les opérations
    sont maintenues"); "l'activité est perturbée" answers only a claim that care goes on.
    """
    if "impact_care" not in claim.facets.topics or "impact_care" not in s.facets.topics or \
            not GENERAL_CARE & set(content_lemmas(s.lemmas)) or \
            not CARE & set(content_lemmas(claim.lemmas)):
        return False
    a, b = _effect(claim.lemmas, claim.negated), _effect(s.lemmas, s.negated)
    return a is not None and b is not None and (b is False or a is False)


def _about_data(s: Sentence | Claim) -> bool:
    """Does the statement speak of stolen or exposed data?"""
    return bool(s.facets.data_classes) or "data_theft" in s.facets.topics


# Comparisons ---------------------------------------------------------------------------


def compatible(a: Quantity, b: Quantity) -> bool:
    """Can two counts describe the same quantity ("plus de 126 000" and "126 000")?"""
    if "all" in (a.relation, b.relation):  # "toutes les opérations" / "une trentaine"
        return a.relation == b.relation or "vague" in (a.relation, b.relation)
    if a.value is None or b.value is None or "vague" in (a.relation, b.relation):
        return _vague_compatible(a, b)
    if a.currency != b.currency and a.currency and b.currency:
        return False
    lo_a, hi_a = _interval(a)
    lo_b, hi_b = _interval(b)
    return lo_a <= hi_b and lo_b <= hi_a


def _interval(q: Quantity) -> tuple[float, float]:
    v = float(q.value or 0)
    slack = max(abs(v) * REL_TOLERANCE, 0.0)
    if q.relation in ("gt", "ge"):
        return v - slack, math.inf
    if q.relation in ("lt", "le"):
        return -math.inf, v + slack
    if q.relation == "approx":
        return v * 0.85, v * 1.15
    return v - slack, v + slack


def _vague_compatible(a: Quantity, b: Quantity) -> bool:
    """'plusieurs' is more than one; a vague plural contradicts an exact one."""
    values = [q.value for q in (a, b) if q.value is not None and q.relation != "vague"]
    vague = [q for q in (a, b) if q.relation == "vague" or q.value is None]
    if not values:
        return True
    return not (len(vague) == 1 and values[0] == 1)


def count_relation(claim: Claim, s: Sentence) -> tuple[str, str] | None:
    """('match', '') or ('conflict', reason) for counts of one unit class about the same data.

    The data must be comparable: both sentences name no data class, or they share one, or
    the official count is a total (it names none) for data the claim specifies.
    """
    claim_classes, official_classes = set(claim.facets.data_classes), set(s.facets.data_classes)
    if official_classes and claim_classes and not claim_classes & official_classes:
        return None  # counts of different data (all patients vs those with medical data)
    conflict = None
    for q in claim.facets.quantities:
        unit = unit_class(q.unit)
        if _in_stated_range(q, s, unit):
            return "match", ""
        for o in s.facets.quantities:
            if unit is None or unit_class(o.unit) != unit or \
                    (unit == "people" and "all" in (q.relation, o.relation)):
                continue  # "tous les patients concernés" is not a count
            if compatible(q, o):
                return "match", ""
            conflict = conflict or f"chiffre différent : {q.text} / {o.text}"
    return ("conflict", conflict) if conflict else None


def _in_stated_range(q: Quantity, s: Sentence, unit: str | None) -> bool:
    """'entre 10 000 et 15 000 patients' covers 12 000 patients."""
    if q.value is None or unit is None or " entre " not in f" {s.text.lower()} ":
        return False
    values = [o.value for o in s.facets.quantities
              if o.value is not None and unit_class(o.unit) in (unit, None)]
    return len(values) >= 2 and min(values) <= q.value <= max(values)


def _date_conflict(claim: Claim, s: Sentence) -> str | None:
    """A French reason when the same event is dated differently."""
    if not claim.facets.dates or not s.facets.dates:
        return None
    for a in claim.facets.dates:
        for b in s.facets.dates:
            if dates_overlap(a, b):
                return None
    a, b = claim.facets.dates[0], s.facets.dates[0]
    return f"date différente : {a.text} / {b.text}"


DAYS = {"jour": 1, "journée": 1, "semaine": 7, "mois": 30, "heure": 1 / 24}


def _duration(claim: Claim) -> tuple[Quantity, float] | None:
    """The claim's stated duration ("a duré près de trois semaines") and its length in days."""
    if not {"durer", "pendant"} & set(claim.lemmas):
        return None
    for q in claim.facets.quantities:
        if q.value is not None and q.unit in DAYS:
            return q, q.value * DAYS[q.unit]
    return None


def _stated_period(s: Sentence) -> DateSpan | None:
    """A period of several days in an official sentence ("entre le 26 juin et le 1er
    juillet")."""
    return next((d for d in s.facets.dates if d.start and d.end and d.end > d.start
                 and d.kind in ("range", "period")), None)


def _duration_conflict(claim: Claim, s: Sentence) -> str | None:
    duration, period = _duration(claim), _stated_period(s)
    if duration is None or period is None or period.start is None or period.end is None:
        return None
    q, days = duration
    official = (date.fromisoformat(period.end) - date.fromisoformat(period.start)).days + 1
    if compatible(Quantity(days, "jour", q.relation), Quantity(official, "jour", "approx")):
        return None
    return f"durée différente : {q.text} / {period.text}"


def dates_overlap(a: DateSpan, b: DateSpan) -> bool:
    """Do two date spans share a day? Unresolved dates cannot contradict, so they overlap."""
    if not (a.start and b.start):
        return True
    return a.start <= (b.end or b.start) and b.start <= (a.end or a.start)


def _effect(lemmas: Sequence[str], negated: bool) -> bool | None:
    """Care disrupted (True), going on (False), or not said (None), negation applied."""
    said = disruption(lemmas)
    return None if said is None else said != negated


def _polarity_conflict(claim: Claim, cand: Candidate) -> str | None:
    """Opposite polarity on the same object (same data class, else same specific topic).

    For care impact, polarity is the effect stated: "les opérations sont annulées" and "les
    opérations sont maintenues" are opposite although neither is negated.
    """
    s = cand.official.sentence
    if _unknown(claim.lemmas, claim.negated) and _unknown(s.lemmas, s.negated):
        return None  # "n'est pas encore connu" says what "est en cours d'évaluation" says
    topics = cand.topics - GENERIC_TOPICS
    if "impact_care" in cand.topics:
        a, b = _effect(claim.lemmas, claim.negated), _effect(s.lemmas, s.negated)
        if DEGRADED & set(claim.lemmas) and DEGRADED & set(s.lemmas):
            a = b  # both in degraded mode: care goes on, disrupted, as both say
        if a is not None and b is not None:
            return "impact opposé sur la prise en charge" if a != b else None
        topics -= {"impact_care"}  # care named without an effect on it ("missions de soins")
    if claim.negated == s.negated:
        return None
    claim_classes, official_classes = set(claim.facets.data_classes), set(s.facets.data_classes)
    if claim_classes and official_classes:
        return "négation opposée" if cand.data_classes else None
    if claim_classes and not s.negated:
        return None  # "aucune donnée de santé" is not denied by "des identifiants ont été volés"
    return "négation opposée" if topics else None


def _unknown(lemmas: Sequence[str], negated: bool) -> bool:
    """Does the statement say a fact is not known yet ("pas encore connu", "en cours
    d'évaluation")?"""
    words = set(lemmas)
    if negated and "encore" in words and words & KNOWING:
        return True
    return not negated and "cours" in words and bool(words & ASSESSING)


def _list_conflict(claim: Claim, s: Sentence) -> str | None:
    """Exhaustive lists that disagree: a class the claim adds to a restrictive official list
    ("se limiterait à"), or an official class a restrictive claim excludes ("seules…")."""
    if claim.negated or s.negated:
        return None
    official, claimed = set(s.facets.data_classes), set(claim.facets.data_classes)
    if not (official and claimed):
        return None
    extra = sorted(claimed - official)
    if extra and is_restrictive(s.lemmas):
        return f"catégorie absente de la liste officielle : {', '.join(extra)}"
    missing = sorted(official - claimed)
    if missing and is_restrictive(claim.lemmas):
        return f"catégorie officielle exclue par l'article : {', '.join(missing)}"
    return None


def judge(claim: Claim, cand: Candidate) -> tuple[str, str] | None:
    """'contradicted' or 'supported' with a reason, or None when not about the same fact."""
    if not aligned(claim, cand):
        return None
    s = cand.official.sentence
    counts = count_relation(claim, s)
    same_event = bool(DATED_TOPICS & cand.topics) or bool(
        EVENT_TOPICS & set(claim.facets.topics) and EVENT_TOPICS & set(s.facets.topics))
    dates = _date_conflict(claim, s)
    if dates and not same_event:
        return None  # another occurrence: a mail sent on the 15th is not next week's mail
    lasted = _duration_conflict(claim, s) if same_event else None
    for check in (_polarity_conflict(claim, cand), counts[1] if counts else None,
                  dates, lasted, _list_conflict(claim, s)):
        if check:
            return "contradicted", check
    extra_classes = set(claim.facets.data_classes) - set(s.facets.data_classes)
    if extra_classes and not cand.data_classes and not (counts and counts[0] == "match"):
        return None  # the official sentence speaks of other data (same count: same data)
    return "supported", "même fait dans une source officielle"


# Decision ----------------------------------------------------------------------------------


def check_claim(claim: Claim, pool: Sequence[Official], similarity: Similarity | None = None,
                index: Index | None = None) -> Verdict:
    """The verdict of one claim against the official sentences of its incident."""
    if not pool:
        return Verdict(claim.id, "no_official_source",
                       "aucune source officielle pour cet incident à ce jour")
    if claim.quote is not None:
        return _check_quote(claim, pool)
    unnamed = _unnamed_attacker(claim, pool)
    if unnamed:
        return Verdict(claim.id, "unsupported",
                       f"attaquant absent des sources officielles : {unnamed}")
    index = index or Index(pool)
    judged = []
    candidates = retrieve(claim, index, similarity)
    for cand in candidates:
        outcome = judge(claim, cand)
        if outcome is not None:
            judged.append((cand, outcome))
    if not judged:
        return Verdict(claim.id, "unsupported", "aucune source officielle ne l'affirme",
                       _evidence(candidates[:1]))
    best, (verdict, reason) = _decide(claim, judged)
    unstated = _unstated_count(claim, index)
    if verdict == "supported" and unstated:
        return Verdict(claim.id, "unsupported",
                       f"chiffre absent des sources officielles : {unstated}",
                       _evidence([c for c, _ in judged]))
    flags = ("hedge_dropped",) if _hedge_dropped(claim, best) else ()
    return Verdict(claim.id, verdict, reason, _evidence([c for c, _ in judged]), flags)


def _unnamed_attacker(claim: Claim, pool: Sequence[Official]) -> str | None:
    """An attacker group the claim names and no official sentence does, or None."""
    named = {a for o in pool for a in o.sentence.facets.actors}
    for actor in claim.facets.actors:
        if actor.startswith("attacker/") and actor not in named:
            return next((text for text, label in claim.entities
                         if _folded(text).replace(" ", "-") in actor), actor.split("/", 1)[1])
    return None


def _unstated_count(claim: Claim, index: Index) -> str | None:
    """The claim's first count whose kind no official sentence counts ("3 millions d'euros"
    when no official text gives an amount), or None."""
    counted = set().union(*index.units) if index.units else set()
    for q in claim.facets.quantities:
        unit = unit_class(q.unit)
        if q.value is None or q.relation == "vague" or not unit or unit in counted or \
                q.unit in DAYS:
            continue  # durations are checked against the official periods
        if not any(o.value == q.value for o in index.quantities):  # "42 comptes"
            return q.text
    return None


def _decide(claim: Claim, judged: list[tuple[Candidate, tuple[str, str]]]
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
            return max(counted, key=lambda j: (len(j[0].data_classes),
                                               j[1][0] == "supported", j[0].score))
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
    if exhaustive:  # "seules… ont été copiées": one official counterexample falsifies a list
        return max(exhaustive, key=rank)
    best_support = max(supports, key=rank)
    if rank(best_contra)[:2] > rank(best_support)[:2]:
        return best_contra
    if best_contra[0].score >= CONTRA_WEIGHT * best_support[0].score:
        return best_contra
    return best_support


def distinct(pool: Sequence[Official]) -> list[Official]:
    """One official sentence per text: a communiqué republished by several bodies counts once
    (the first document, in pool order, is kept as evidence)."""
    seen: set[str] = set()
    out = []
    for official in pool:
        key = normalise_text(official.sentence.text)
        if key not in seen:
            seen.add(key)
            out.append(official)
    return out


def vector_similarity(claim: Claim, sentence: Sentence) -> float:
    """Cosine similarity of the stored unit word vectors (0 when either is missing)."""
    if not claim.vector or not sentence.vector or len(claim.vector) != len(sentence.vector):
        return 0.0
    a = np.frombuffer(claim.vector, dtype=np.float32)
    b = np.frombuffer(sentence.vector, dtype=np.float32)
    return max(0.0, float(a @ b))


def check_claims(claims: Sequence[Claim], pool: Sequence[Official],
                 index: Index | None) -> list[Verdict]:
    """Verdicts of many claims; the same wording (a wire copied by ten outlets) is judged once."""
    memo: dict[tuple[str, str], Verdict] = {}  # same words, same facets: same verdict
    out = []
    for claim in claims:
        key = (normalise_text(claim.text), claim.facets.to_json())  # dates resolved per doc
        if key not in memo:
            memo[key] = check_claim(claim, pool, vector_similarity, index=index)
        v = memo[key]
        out.append(Verdict(claim.id, v.verdict, v.reason, v.evidence, v.flags))
    return out


def _hedge_dropped(claim: Claim, cand: Candidate) -> bool:
    official = set(cand.official.sentence.hedges) - NON_HEDGES
    return bool(official) and not (set(claim.hedges) - NON_HEDGES)


def _evidence(cands: Sequence[Candidate]) -> tuple[Evidence, ...]:
    return tuple(Evidence(c.official.doc_url, c.official.sentence.text, round(c.score, 3))
                 for c in cands[:EVIDENCE_K])


def _check_quote(claim: Claim, pool: Sequence[Official]) -> Verdict:
    """A quote is supported only when its words appear in an official text."""
    assert claim.quote is not None
    words = _folded(claim.quote.text).strip(" «»\"'“”.,")
    for official in pool:
        if words and words in _folded(official.sentence.text):
            if not _speaker_named(claim.quote.speaker, pool):
                return Verdict(claim.id, "unsupported",
                               "locuteur absent des sources officielles",
                               (Evidence(official.doc_url, official.sentence.text, 1.0),))
            return Verdict(claim.id, "supported", "citation retrouvée dans une source officielle",
                           (Evidence(official.doc_url, official.sentence.text, 1.0),))
    return Verdict(claim.id, "unsupported", "citation introuvable dans les sources officielles")


GENERIC_SPEAKER = re.compile(r"^(un|une|des|plusieurs|certains|certaines)\b")
DETERMINER = re.compile(r"^(le|la|les|l'|l’|du|de la|des)\s*")


def _folded(text: str) -> str:
    """Normalised text without accents, for verbatim comparisons."""
    text = unicodedata.normalize("NFKD", normalise_text(text))
    return "".join(c for c in text if not unicodedata.combining(c))


def _speaker_named(speaker: str, pool: Sequence[Official]) -> bool:
    """True when the quote's speaker is named in an official text (or cannot be checked).

    An indefinite speaker ("un responsable de la communication") names nobody; a named one
    ("l'ARS Hauts-de-France", "Jean Martin, directeur") must appear in some official text.
    """
    core = DETERMINER.sub("", _folded(speaker).split(",")[0]).strip()
    if not core or GENERIC_SPEAKER.match(core):
        return True
    return any(core in _folded(o.sentence.text) or core in _folded(o.body) for o in pool)
