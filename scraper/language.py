"""Language identification with langdetect, made deterministic, and cheap evidence first.

langdetect samples n-grams at random; a fixed seed makes the same text always give the same
answer. Below a few dozen characters its guesses are unreliable, so callers that act on a
single line should combine the answer with other evidence (see `scraper.clean`).

langdetect is by far the costliest step of extraction: only the first `MAX_CHARS`
characters are analysed (the answer depends on them alone), `plainly_in` spares the call
for paragraphs full of a language's function words, and `LanguageMemo` lets the cleaning
of one document reuse the answer for its final text.
"""

from __future__ import annotations

import re
import threading

from langdetect import DetectorFactory, detector_factory
from langdetect.lang_detect_exception import LangDetectException

SEED = 0
MIN_LETTERS = 3  # fewer letters than this: undecidable
MIN_PROBABILITY = 0.5  # a best guess below this is no answer
MAX_CHARS = 1500  # langdetect's cost grows with the text; a page's opening is enough

# Frequent in one language, rare in the others (so neither "de", "la", "que", "en", "se", "son"
# nor "on", "in"): enough of them and a paragraph needs no langdetect call.
FUNCTION_WORDS = {
    "fr": frozenset(
        "le les des du et est une au aux sur pas ont été avec ce cette il elle sont qui pour "
        "dans leur leurs ses nous vous ils elles mais ou où selon à aucun aucune par plus lors "
        "vos votre notre ces cet depuis après sous chez très comme aussi déjà tous toutes être "
        "avoir était".split()
    ),
    "en": frozenset(
        "the of and is was were are with that this have has had from by which their they "
        "its been would will not but for to".split()
    ),
    "es": frozenset(
        "el los las del y por con para una su sus al lo como más pero fue han ha este esta "
        "está también sobre hay muy".split()
    ),
}
_WORD = re.compile(r"\w+")

DetectorFactory.seed = SEED

_lock = threading.Lock()


def _factory() -> DetectorFactory:
    """The shared langdetect factory, profiles loaded once, seed pinned on the instance."""
    with _lock:
        detector_factory.init_factory()
        factory = detector_factory._factory
        assert factory is not None
        factory.set_seed(SEED)  # an instance attribute: immune to later class-level changes
        return factory


def _has_letters(text: str, count: int) -> bool:
    """Whether `text` holds at least `count` letters (stops counting there)."""
    for char in text:
        if char.isalpha():
            count -= 1
            if count <= 0:
                return True
    return count <= 0


def detect_with_probability(text: str) -> tuple[str, float]:
    """Best language guess and its probability; ('', 0.0) when undecidable.

    Only the first `MAX_CHARS` characters count: the answer is a function of them alone.
    """
    sample = text[:MAX_CHARS]
    if not _has_letters(sample, MIN_LETTERS):
        return "", 0.0
    detector = _factory().create()
    detector.append(sample)
    try:
        guesses = detector.get_probabilities()
    except LangDetectException:
        return "", 0.0
    if not guesses:
        return "", 0.0
    best = guesses[0]
    return str(best.lang), float(best.prob)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ('fr', 'en', ...), or '' when undecidable."""
    lang, probability = detect_with_probability(text)
    return lang if probability >= MIN_PROBABILITY else ""


def is_french(text: str) -> bool:
    """True when the text is detected as French."""
    return detect_language(text) == "fr"


def plainly_in(text: str, language: str) -> bool:
    """At least three distinct function words of `language`, making up a tenth of the words.

    False for a language without a word list: the caller then has to ask langdetect.
    """
    vocabulary = FUNCTION_WORDS.get(language)
    if not vocabulary:
        return False
    words = _WORD.findall(text.casefold())
    hits = [word for word in words if word in vocabulary]
    return len(hits) * 10 >= len(words) and len(set(hits)) >= 3


class LanguageMemo:
    """`detect_with_probability` answers for one document, keyed on the sample analysed.

    Meant to live as long as one document's processing: cleaning detects the document's
    language, and the final text, which usually opens the same way, gets the answer again
    for free. Not a global cache: each document pays for its own detection.
    """

    def __init__(self) -> None:
        self._answers: dict[str, tuple[str, float]] = {}

    def detect_with_probability(self, text: str) -> tuple[str, float]:
        sample = text[:MAX_CHARS]
        if sample not in self._answers:
            self._answers[sample] = detect_with_probability(sample)
        return self._answers[sample]

    def detect_language(self, text: str) -> str:
        lang, probability = self.detect_with_probability(text)
        return lang if probability >= MIN_PROBABILITY else ""
