"""Language identification with langdetect, made deterministic, and cheap evidence first.

langdetect samples n-grams at random; a fixed seed makes the same text always give the same
answer. Below a few dozen characters its guesses are unreliable, so callers that act on a
single line should combine the answer with other evidence (see `scraper.clean`).

langdetect is by far the costliest step of extraction: only the first `MAX_CHARS`
characters are analysed (the answer depends on them alone), `plainly_in` spares the call
for paragraphs full of a language's function words, `LanguageMemo` lets the cleaning of
one document reuse the answer for its final text, `_Detector` computes langdetect's very
answers with fewer Python operations, and `leading_language` / `foreign_language` stop
langdetect's trials as soon as their answer can no longer change.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

from langdetect import DetectorFactory, detector_factory
from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

SEED = 0
MIN_LETTERS = 3  # fewer letters than this: undecidable
MIN_PROBABILITY = 0.5  # a best guess below this is no answer
MAX_CHARS = 1500  # langdetect's cost grows with the text; a page's opening is enough
_MARGIN = 1e-9  # far above floating-point rounding, far below any probability that matters

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


def has_letters(text: str, count: int) -> bool:
    """Whether `text` holds at least `count` letters (stops counting there)."""
    for char in text:
        if char.isalpha():
            count -= 1
            if count <= 0:
                return True
    return count <= 0


def _prepared(text: str) -> _Detector | None:
    """A detector loaded with the first `MAX_CHARS` characters; None when too few letters."""
    sample = text[:MAX_CHARS]
    if not has_letters(sample, MIN_LETTERS):
        return None
    detector = _Detector(_factory())
    detector.append(sample)
    return detector


def _best_guess(detector: _Detector) -> tuple[str, float]:
    """The top language and probability of a detector whose trials have all run."""
    guesses = detector._sort_probability(detector.langprob)
    return (str(guesses[0].lang), float(guesses[0].prob)) if guesses else ("", 0.0)


def detect_with_probability(text: str) -> tuple[str, float]:
    """Best language guess and its probability; ('', 0.0) when undecidable.

    Only the first `MAX_CHARS` characters count: the answer is a function of them alone.
    """
    detector = _prepared(text)
    if detector is None:
        return "", 0.0
    try:
        detector.get_probabilities()
    except LangDetectException:
        return "", 0.0
    return _best_guess(detector)


def leading_language(text: str) -> tuple[str, bool]:
    """`detect_with_probability`'s language, and whether its probability >= MIN_PROBABILITY.

    langdetect averages 7 trials; here they stop as soon as one language is bound to end
    above MIN_PROBABILITY (after 4 trials for a plainly monolingual text). Same answer.
    """
    detector = _prepared(text)
    if detector is None:
        return "", False
    try:
        for sums in detector.trials():
            leader = max(range(len(sums)), key=sums.__getitem__)
            if sums[leader] > MIN_PROBABILITY + _MARGIN:  # the rest can only add to it
                return str(detector.langlist[leader]), True
    except LangDetectException:
        return "", False
    language, probability = _best_guess(detector)
    return language, probability >= MIN_PROBABILITY


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ('fr', 'en', ...), or '' when undecidable."""
    language, sure = leading_language(text)
    return language if sure else ""


def foreign_language(text: str, language: str, threshold: float) -> str:
    """The language of `text` when other than `language` with probability >= threshold, or ''.

    Same answer as `detect_with_probability`, but the trials stop as soon as no other
    language can reach the threshold any more (usually after the first one when `text`
    is in `language` after all).
    """
    detector = _prepared(text)
    if detector is None:
        return ""
    own = detector.langlist.index(language) if language in detector.langlist else -1
    try:
        for done, sums in enumerate(detector.trials(), start=1):
            still = (detector.n_trial - done) / detector.n_trial  # the most one can still gain
            if own >= 0 and sums[own] > 1 - threshold + _MARGIN:
                return ""  # the others share less than 1 - sums[own] < threshold
            if max(sums) + still < threshold - _MARGIN:
                return ""
    except LangDetectException:
        return ""
    found, probability = _best_guess(detector)
    return found if found not in ("", language) and probability >= threshold else ""


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
    """`leading_language` answers for one document, keyed on the sample analysed.

    Meant to live as long as one document's processing: cleaning detects the document's
    language, and the final text, which usually opens the same way, gets the answer again
    for free. Not a global cache: each document pays for its own detection.
    """

    def __init__(self) -> None:
        self._answers: dict[str, tuple[str, bool]] = {}

    def leading_language(self, text: str) -> tuple[str, bool]:
        sample = text[:MAX_CHARS]
        if sample not in self._answers:
            self._answers[sample] = leading_language(sample)
        return self._answers[sample]

    def detect_language(self, text: str) -> str:
        language, sure = self.leading_language(text)
        return language if sure else ""


class _NormalizedChars(dict[int, str]):
    """str.translate table of langdetect's per-character normalisation, filled on demand."""

    def __missing__(self, code: int) -> str:
        self[code] = normalized = NGram.normalize(chr(code))
        return normalized


_NORMALIZED = _NormalizedChars()
_SPACE_RUN = re.compile(" {2,}")


class _Detector(Detector):  # type: ignore[misc]
    """langdetect 1.0.9's Detector giving the same probabilities, bit for bit, faster.

    Same text preparation, same n-grams, same random draws and the same floating-point
    operations in the same order; only the Python overhead goes: normalisation through a
    translate table, the n-gram window inlined and memoised per word, no method call per draw.
    `tests/scraper/test_clean.py` compares it with the stock Detector.
    """

    def append(self, text: str) -> None:
        text = NGram.normalize_vi(self.MAIL_RE.sub(" ", self.URL_RE.sub(" ", text)))
        self.text += _SPACE_RUN.sub(" ", text[: self.max_text_length])

    def _extract_ngrams(self) -> list[str]:
        """langdetect's n-grams in its order, one word at a time.

        Its n-gram window starts afresh after every space, so the n-grams of a word and of
        the space after it depend on that word alone: a repeated word is read once.
        """
        known, result = self.word_lang_prob_map, []
        words: dict[str, list[str]] = {}
        chunks = self.text.translate(_NORMALIZED).split(" ")
        for index, word in enumerate(chunks):
            if word:
                chunk = word if index == len(chunks) - 1 else word + " "
                if chunk not in words:
                    words[chunk] = _word_ngrams(chunk, known)
                result += words[chunk]
        return result

    def _detect_block(self) -> None:
        for _ in self.trials():
            pass

    def trials(self) -> Iterator[list[float]]:
        """Run langdetect's trials one at a time, yielding the running `langprob` after each.

        `langprob` accumulates each trial's probabilities divided by the number of trials:
        after the last one it is langdetect's answer, and every trial can only add to it.
        """
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        self.langprob = [0.0] * len(self.langlist)
        self.random.seed(self.seed)
        choice, probabilities = self.random.choice, self.word_lang_prob_map
        for _ in range(self.n_trial):
            prob = self._init_probability()
            weight = (self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH) / self.BASE_FREQ
            i = 0
            while True:
                for j, q in enumerate(probabilities[choice(ngrams)]):
                    prob[j] *= weight + q
                if i % 5 == 0:
                    total = sum(prob)
                    prob = [p / total for p in prob]
                    if max(prob) > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                        break
                i += 1
            for j, p in enumerate(prob):
                self.langprob[j] += p / self.n_trial
            yield self.langprob


def _word_ngrams(chunk: str, known: dict[str, list[float]]) -> list[str]:
    """The known n-grams langdetect's NGram window yields along `chunk`, from a fresh start.

    The window holds the last three characters, the space before the word included; at
    each character it yields the 1-, 2- and 3-gram ending there, except inside a run of
    capitals (a character in capitals right after another one).
    """
    result: list[str] = []
    padded = " " + chunk
    after_capital = False
    for i, char in enumerate(chunk):
        capital = char.isupper()
        if capital and after_capital:
            continue
        after_capital = capital
        if char != " " and char in known:
            result.append(char)
        if (gram := padded[i : i + 2]) in known:
            result.append(gram)
        if i and (gram := padded[i - 1 : i + 2]) in known:
            result.append(gram)
    return result
