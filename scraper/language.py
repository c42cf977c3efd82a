"""Language identification with langdetect, made deterministic.

langdetect samples n-grams at random; a fixed seed makes the same text always give the same
answer. Below a few dozen characters its guesses are unreliable, so callers that act on a
single line should combine the answer with other evidence (see `scraper.clean`).
"""

from __future__ import annotations

import threading

from langdetect import DetectorFactory, detector_factory
from langdetect.lang_detect_exception import LangDetectException

SEED = 0
MIN_LETTERS = 3  # fewer letters than this: undecidable
MIN_PROBABILITY = 0.5  # a best guess below this is no answer
MAX_CHARS = 1500  # langdetect's cost grows with the text; a page's opening is enough

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


def _letter_count(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


def detect_with_probability(text: str) -> tuple[str, float]:
    """Best language guess and its probability; ('', 0.0) when undecidable."""
    if _letter_count(text) < MIN_LETTERS:
        return "", 0.0
    detector = _factory().create()
    detector.append(text[:MAX_CHARS])
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
