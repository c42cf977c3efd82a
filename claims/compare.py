"""Comparisons of a press claim with one official sentence: counts, dates, durations, care
effects, exhaustive lists, "not known yet" statements. Pure functions of stored records."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from claims.lexicon import disruption, is_restrictive, negated_disruption, unit_class
from claims.records import Claim, DateSpan, Quantity, Sentence

WITHOUT = frozenset({"sans"})  # a negation inside an affirmative statement
REL_TOLERANCE = 0.02  # counts within 2 % are the same count
KNOWING = frozenset(
    {
        "connaître",
        "connu",
        "déterminer",
        "établir",
        "savoir",
        "chiffrer",
        "évaluer",
        "estimer",
        "identifier",
        "préciser",
    }
)
ASSESSING = frozenset(
    {
        "évaluation",
        "analyse",
        "estimation",
        "identification",
        "examen",
        "investigation",
        "recensement",
    }
)
# Units of time, in days: a span of time is compared as a duration, never as a count.
DAYS = {
    "jour": 1,
    "journée": 1,
    "nuit": 1,
    "semaine": 7,
    "mois": 30,
    "trimestre": 91,
    "an": 365,
    "année": 365,
    "heure": 1 / 24,
    "minute": 1 / 1440,
}


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
    # the people told ("un mail à 600 000 personnes") are not the people hit (1,4 million):
    # counts of people in one role and not the other agree or say nothing
    roles = ("people_informed" in claim.facets.topics) != ("people_informed" in s.facets.topics)
    for q in claim.facets.quantities:
        unit = unit_class(q.unit)
        if in_stated_range(q, s, unit):
            return "match", ""
        for o in s.facets.quantities:
            if (
                unit is None
                or unit_class(o.unit) != unit
                or _number_against_all(q, o)
                or (unit == "people" and "all" in (q.relation, o.relation))
            ):
                continue  # "tous les patients concernés" is not a count
            if compatible(q, o):
                return "match", ""
            if not (roles and unit == "people"):
                conflict = conflict or f"chiffre différent : {q.text} / {o.text}"
    return ("conflict", conflict) if conflict else None


def _number_against_all(claimed: Quantity, official: Quantity) -> bool:
    """The claim gives a number where the official text says "all" ("neuf établissements" /
    "tous nos hôpitaux"): they agree when the whole has that many, which neither says. The
    other way round ("toutes les opérations" / "une trentaine d'interventions") the claim
    widens a partial official count, and the counts stay compared."""
    return official.relation == "all" and claimed.relation != "all" and claimed.value is not None


def in_stated_range(q: Quantity, s: Sentence, unit: str | None) -> bool:
    """'entre 10 000 et 15 000 patients' covers 12 000 patients."""
    if q.value is None or unit is None or " entre " not in f" {s.text.lower()} ":
        return False
    values = [
        o.value
        for o in s.facets.quantities
        if o.value is not None and unit_class(o.unit) in (unit, None)
    ]
    return len(values) >= 2 and min(values) <= q.value <= max(values)


def date_conflict(claim: Claim, s: Sentence) -> str | None:
    """A French reason when the same event is dated differently."""
    if not claim.facets.dates or not s.facets.dates:
        return None
    for a in claim.facets.dates:
        for b in s.facets.dates:
            if dates_overlap(a, b):
                return None
    a, b = claim.facets.dates[0], s.facets.dates[0]
    return f"date différente : {a.text} / {b.text}"


def duration(claim: Claim) -> tuple[Quantity, float] | None:
    """The claim's stated duration ("a duré près de trois semaines") and its length in days."""
    if not {"durer", "pendant"} & set(claim.lemmas):
        return None
    for q in claim.facets.quantities:
        if q.value is not None and q.unit in DAYS:
            return q, q.value * DAYS[q.unit]
    return None


def stated_period(s: Sentence) -> DateSpan | None:
    """A period of several days in an official sentence ("entre le 26 juin et le 1er
    juillet")."""
    return next(
        (
            d
            for d in s.facets.dates
            if d.start and d.end and d.end > d.start and d.kind in ("range", "period")
        ),
        None,
    )


def duration_conflict(claim: Claim, s: Sentence) -> str | None:
    """A French reason when the claim's duration does not fit the official period."""
    lasted, period = duration(claim), stated_period(s)
    if lasted is None or period is None or period.start is None or period.end is None:
        return None
    q, days = lasted
    official = (date.fromisoformat(period.end) - date.fromisoformat(period.start)).days + 1
    if compatible(Quantity(days, "jour", q.relation), Quantity(official, "jour", "approx")):
        return None
    return f"durée différente : {q.text} / {period.text}"


def dates_overlap(a: DateSpan, b: DateSpan) -> bool:
    """Do two date spans share a day? Unresolved dates cannot contradict, so they overlap."""
    if not (a.start and b.start):
        return True
    return a.start <= (b.end or b.start) and b.start <= (a.end or a.start)


def effect(lemmas: Sequence[str], negated: bool) -> bool | None:
    """Care disrupted (True), going on (False), or not said (None), negation applied.

    A negation denies the effect word it governs, not every effect word of the statement:
    "n'ont pas été touchés et demeurent opérationnels" and "utilisés pour assurer …, n'ont
    pas été impactés" both say care goes on. Each cue is taken to deny the first effect word
    after it; when no effect word follows a cue, the whole statement is negated as before.
    """
    if negated:
        scoped, said_so = negated_disruption(lemmas)
        if scoped:
            return said_so
    elif WITHOUT & set(lemmas):
        # "victime d'une cyberattaque sans que son fonctionnement en soit affecté": "sans"
        # denies the effect word after it in an affirmative statement
        scoped, said_so = negated_disruption(lemmas, WITHOUT)
        if scoped:
            return said_so
    said = disruption(lemmas)
    return None if said is None else said != negated


def unknown(lemmas: Sequence[str], negated: bool) -> bool:
    """Does the statement say a fact is not known yet ("pas encore connu", "en cours
    d'évaluation")?"""
    words = set(lemmas)
    if negated and "encore" in words and words & KNOWING:
        return True
    return not negated and "cours" in words and bool(words & ASSESSING)


def list_conflict(claim: Claim, s: Sentence) -> str | None:
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
