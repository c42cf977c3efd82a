"""Domain lexicon for the cross-check: synonym folding, event topics, unit classes.

Data lives in `claims/data/synonyms.toml` and `claims/data/topics.toml`; this module only
applies it to lemma sequences, so it is usable without spaCy (the store keeps lemmas).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from claims.normalize import load_data

# Counted nouns that measure people: one medical record, one patient, one person.
PEOPLE_UNITS = frozenset(
    {
        "patient",
        "patiente",
        "personne",
        "usager",
        "dossier",
        "victime",
        "client",
        "assuré",
        "individu",
        "malade",
        "résident",
        "adhérent",
        "français",  # "1,4 million de Français": people counted by the country they live in
        "habitant",
        "utilisateur",
        "bénéficiaire",
    }
)
# Counted nouns that measure staff: "trois salariés" is not a count of patients.
STAFF_UNITS = frozenset(
    {
        "professionnel",
        "salarié",
        "agent",
        "employé",
        "collaborateur",
        "soignant",
        "médecin",
        "infirmier",
        "infirmière",
        "personnel",  # "les identités et coordonnées du personnel de prise en charge"
    }
)
# "de" and its forms: what joins a thing to its owner ("les coordonnées des professionnels").
OF = frozenset({"de", "du", "des", "d'", "d’"})
# Lemmas that make a list exhaustive: "se limiterait aux données d'identité".
RESTRICTIVE = frozenset({"limiter", "limite", "uniquement", "seulement", "exclusivement", "seul"})
APPROXIMATE = frozenset({"presque", "quasi", "quasiment", "pratiquement", "non"})
STOPWORDS = frozenset(
    {
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "de",
        "du",
        "d'",
        "l'",
        "et",
        "ou",
        "à",
        "au",
        "aux",
        "en",
        "dans",
        "par",
        "pour",
        "sur",
        "avec",
        "ce",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "qui",
        "que",
        "qu'",
        "dont",
        "il",
        "elle",
        "ils",
        "elles",
        "on",
        "se",
        "s'",
        "y",
        "être",
        "avoir",
        "ne",
        "n'",
        "pas",
        "plus",
        "faire",
        "lui",
        "eux",
        "nous",
        "vous",
        "je",
        "mais",
        "a",
        "été",
        "cela",
        "ça",
        "tout",
        "tous",
        "toute",
        "toutes",
        "même",
        "si",
        "comme",
        "depuis",
        "aussi",
        "également",
        "encore",
        "ainsi",
        "déjà",
        "toutefois",
        "notamment",
        "alors",
        "très",
        "bien",
        "donc",
        "car",
        "puis",
        "ensuite",
        "cependant",
        "pourtant",
    }
)
PHRASE_MAX = 4  # longest multi-word synonym, in content lemmas


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text.lower().replace("\u2019", "'"))
    return text.strip()


def _data(name: str) -> dict[str, object]:
    return load_data(name)


@cache
def synonym_map() -> dict[str, str]:
    """Every synonym lemma → its canonical lemma."""
    table = _data("synonyms.toml")["synonyms"]
    assert isinstance(table, dict)
    return {_fold(word): canon for canon, words in sorted(table.items()) for word in words}


@cache
def canonical(lemma: str) -> str:
    """The canonical form of a lemma (itself when it has no synonym)."""
    folded = _fold(lemma)
    return synonym_map().get(folded, folded)


def _single_lemmas(lemmas: Iterable[str]) -> list[str]:
    """Content lemmas with one-word synonyms folded, stop words and punctuation removed."""
    out: list[str] = []
    for lemma in lemmas:
        folded = _fold(lemma)
        if folded and folded not in STOPWORDS and any(c.isalnum() for c in folded):
            canon = canonical(folded)
            if canon != folded and (" " in canon or "'" in canon):  # infostealer → logiciel espion
                out.extend(_phrase_words(canon))
            else:
                out.append(canon)
    return out


@cache
def _phrase_words(phrase: str) -> tuple[str, ...]:
    """A data-file phrase ("code d'accès") as content lemmas, like a text's."""
    words = _fold(phrase).replace("'", "' ").split()
    return tuple(_single_lemmas(words))


@cache
def phrase_map() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Multi-word synonyms ("code d'accès" → identifiant; "système informatique" → "système
    d'information"), both sides as content lemmas."""
    table = _data("synonyms.toml")["synonyms"]
    assert isinstance(table, dict)
    out = {}
    for canon, words in sorted(table.items()):
        target = _phrase_words(canon)
        for word in words:
            source = _phrase_words(word)
            if 1 < len(source) <= PHRASE_MAX and source != target:
                out[source] = target
    return out


@lru_cache(maxsize=1 << 16)
def _content_lemmas(lemmas: tuple[str, ...]) -> tuple[str, ...]:
    words = _single_lemmas(lemmas)
    phrases = phrase_map()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(PHRASE_MAX, len(words) - i), 1, -1):
            target = phrases.get(tuple(words[i : i + size]))
            if target is not None:
                out.extend(target)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


def content_lemmas(lemmas: Iterable[str]) -> tuple[str, ...]:
    """Canonical content lemmas, stop words and punctuation removed, multi-word synonyms
    folded, in order."""
    return _content_lemmas(tuple(lemmas))


def _present(lemmas: Sequence[str]) -> set[str]:
    """Every canonical lemma of a statement, multi-word synonyms folded as well."""
    return {canonical(lemma) for lemma in lemmas} | set(content_lemmas(lemmas))


@cache
def topic_patterns() -> tuple[tuple[str, tuple[frozenset[str], ...]], ...]:
    """(topic, patterns) with every pattern lemma folded like the text."""
    table = _data("topics.toml")["topics"]
    assert isinstance(table, dict)
    return tuple(
        (topic, tuple(frozenset(canonical(w) for w in pattern) for pattern in patterns))
        for topic, patterns in sorted(table.items())
    )


def topics_of(lemmas: Sequence[str]) -> tuple[str, ...]:
    """Event topics whose pattern lemmas all occur among these (canonical) lemmas."""
    present = _present(lemmas)
    return tuple(
        topic
        for topic, patterns in topic_patterns()
        if any(pattern <= present for pattern in patterns)
    )


def unit_class(unit: str | None) -> str | None:
    """What a count measures: 'people' for patients/records/persons, 'staff' for employees,
    else the unit's canonical lemma."""
    if unit is None:
        return None
    folded = _fold(unit)
    if folded in STAFF_UNITS or canonical(folded) in STAFF_UNITS:
        return "staff"
    if folded in PEOPLE_UNITS or canonical(folded) == "patient":
        return "people"
    return canonical(folded)  # "clinique", "établissement" → "hôpital"


def is_restrictive(lemmas: Iterable[str]) -> bool:
    """True when a sentence limits a list ("se limiterait à", "uniquement"); "presque
    exclusivement" limits nothing."""
    previous = ""
    for lemma in lemmas:
        folded = _fold(lemma)
        if folded in RESTRICTIVE and previous not in APPROXIMATE:
            return True
        previous = folded
    return False


@cache
def effects() -> tuple[frozenset[str], frozenset[str]]:
    """(disruption, continuity) lemmas of care-impact statements."""
    table = _data("topics.toml")["effects"]
    assert isinstance(table, dict)
    return (
        frozenset(canonical(w) for w in table["disruption"]),
        frozenset(canonical(w) for w in table["continuity"]),
    )


MEANS = frozenset({"grâce", "malgré"})  # "assurée grâce aux procédures dégradées"


def _without_means(lemmas: Sequence[str]) -> list[str]:
    """The lemmas outside "grâce à …" / "malgré …" phrases (up to the next comma): the means
    or the obstacle of an outcome are not the outcome."""
    out, skipping = [], False
    for lemma in lemmas:
        if lemma in MEANS:
            skipping = True
        elif lemma in (",", ";", "."):
            skipping = False
        if not skipping:
            out.append(lemma)
    return out


def effect_of(lemma: str) -> bool | None:
    """True for a word of disruption ("annuler"), False for one of continuity ("assurer"),
    None for any other word."""
    disrupt, go_on = effects()
    word = canonical(lemma)
    return True if word in disrupt else False if word in go_on else None


# Negation cues as lemmas: each denies the first care-effect word after it.
SCOPE_CUES = frozenset(
    {
        "ne",
        "n'",
        "n’",
        "pas",
        "aucun",
        "jamais",
        "rien",
        "ni",
        "sans",
        "nullement",
        "aucunement",
        "guère",
    }
)


def negated_disruption(
    lemmas: Sequence[str], cues: frozenset[str] = SCOPE_CUES
) -> tuple[bool, bool | None]:
    """(does a cue precede an effect word, the effect of the negated statement): each cue
    denies the next effect word; the effect is None when the words, so read, disagree as often
    as they agree."""
    pending, denied, disrupted, going_on = False, 0, 0, 0
    for lemma in _without_means(lemmas):
        if lemma.lower() in cues:
            pending = True
            continue
        said = effect_of(lemma)
        if said is None:
            continue
        if pending:
            said, pending, denied = not said, False, denied + 1
        disrupted += said
        going_on += not said
    return bool(denied), None if disrupted == going_on else disrupted > going_on


def disruption(lemmas: Sequence[str]) -> bool | None:
    """True when a statement says care is disrupted, False when it says care goes on,
    None when it says neither (negation is applied by the caller)."""
    present = _present(_without_means(lemmas))
    disrupt, go_on = effects()
    hits_d, hits_c = len(present & disrupt), len(present & go_on)
    if hits_d == hits_c:
        return None
    return hits_d > hits_c  # "assurées normalement, … sur papier": care goes on
