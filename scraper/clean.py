"""Text cleaning shared by every extractor: keep the article body, drop page furniture.

Input is one block per line (trafilatura's output, a PDF after reflow, a scraped text dump).
Every rule is general: nothing here knows a site, a seed or a particular sentence.

1. Normalise: control and zero-width characters out, whitespace runs collapsed, but
   non-breaking spaces (``126\\u00a0000``) and typographic apostrophes kept as they are;
   hard-wrapped lines that obviously continue a sentence are joined.
2. Duplicates: a line equal to the title or to an earlier line goes.
3. Classify each line: separator (no letter or digit), debris (paths, URLs, file names,
   ids), UI (short line made of widget vocabulary: log in, comment, share...), menu
   (short labels between "|", "›", " - "...), prose (a sentence), list item (after a line
   ending with a colon), or short (title-like).
4. Runs: three or more consecutive non-prose lines holding a separator, bullet, debris,
   UI or menu line, or four or more of any kind, are a link list or widget block and go
   whole. Isolated short lines between paragraphs (subheadings) stay.
5. Leftover separators, debris, UI and menu lines go one by one.
6. Head: before the first paragraph, a badge goes: a short shouting label ("🔴 ALERTE",
   "EXCLUSIF") with a pictograph, or printed above the headline. No digits, no brackets,
   no trailing dash or comma: datelines ("PARIS (AFP) -", "Lille, le 8 mai") stay.
7. Language: a paragraph of 40+ letters confidently detected in another language than
   the document's goes (langdetect is unreliable on shorter lines; rules 4-8 cover them).
8. Tail: final paragraphs that are account prompts (two calls to action such as "log in",
   "subscribe" among reader-account words, densely, and no quotation) go, before rule 7;
   after it, short lines after the last paragraph (related links, widget labels) go.

Comparisons and vocabulary matching treat typographic and straight apostrophes alike.
The cleaned text's language comes with it, detected once (see `LanguageMemo`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from scraper.furniture import ACCOUNT, ACCOUNT_CALLS, UI
from scraper.language import LanguageMemo, foreign_language, has_letters, plainly_in

# Whitespace collapsed to one space; U+00A0 and U+202F are deliberately absent.
_SPACES = re.compile(r"[ \t\u1680\u2000-\u200a\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200d\u2060\ufeff\ufffd]")
CLOSERS = "\"'”’»)]*\u00a0\u202f "
_BULLETS = "•·▪▫◦●○■□►▸▶→➜✓✔-–—*|>"
_SENTENCE_END = (".", "!", "…")
# A closed quotation, a comma, then a verb of saying in the third person and its subject.
_ATTRIBUTED = re.compile(
    r"[\"»”]\s*,\s*(?:(?:a|ont|avait|avaient)\s+[a-zéèêîûç]+|[a-zéèêîûç]+(?:ent|e|t))\s+"
    r"(?:le|la|les|l['’]|un|une|son|sa|ses|[A-ZÉ])"
)
_WRAP_END = (".", "!", "?", "…", ":", ";", "»", "”", '"')
_URLISH = re.compile(
    r"^(?:https?:|www\.|/|\.\.?/|#)|[/\\]|[\w-]\.(?:png|jpe?g|gif|webp|svg|avif|bmp|ico|pdf|"
    r"html?|php|aspx?|jsp|mp[34]|css|js|json|xml)\b|^[\w.+-]+@[\w-]+\.[\w.]+$|[?&=]\w",
    re.IGNORECASE,
)
_MENU_SEPARATORS = re.compile(r"\s*[|·•›>]\s*|\s+[-–—/]\s+")
_KEY_SPACES = re.compile(r"\s+")  # Unicode \s: NBSP and NNBSP included
_ID = re.compile(r"^(?=(?:\D*\d){3})[A-Za-z0-9_-]{12,}$")  # hashes, upload ids
_TOKEN_STRIP = "()[]{}<>\"'«»“”‘’,;:!?."

_QUOTES = '«»“”"'

_LABEL_END = re.compile(r"\s*[:|–—-]")  # "Lire aussi :", "À voir |"

# The signature trafilatura leaves of an embedded tweet: "pic.twitter.com/0UyuGVUfvS— ARS.CORSE
# (@ARSCORSE1) March 29, 2022", after the tweet's own text on the same line.
_TWEET_SIGNATURE = re.compile(
    r"(?:\s*pic\.twitter\.com/\w+)?\s*[—–-]\s*[^()\n]{1,80}\(@\w{1,30}\)\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},\s+\d{4}\s*$"
)

RUN_MIN = 4  # consecutive non-prose lines that make a block of furniture
RUN_MIN_MARKED = 3  # ... when one of them is a separator, bullet, debris or UI line
FOREIGN_MIN_LETTERS = 40
FOREIGN_MIN_PROBABILITY = 0.95
BADGE_MAX_WORDS = 4
BADGE_MAX_CHARS = 40


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text (paragraphs separated by a blank line) and what was dropped."""

    text: str
    removed: tuple[str, ...]  # the dropped lines, in document order, for --verbose
    reasons: tuple[str, ...] = ()  # why each line of `removed` was dropped, same order
    language: str = ""  # ISO 639-1 code of `text` (`detect_language`), '' when undecidable


@dataclass
class _Line:
    text: str
    kind: str = "short"  # sep, debris, ui, menu, prose, item, short, embed
    bullet: bool = False
    dropped: str = ""  # reason, empty while kept


def clean_text(text: str, *, title: str = "") -> Cleaned:
    """Clean scraped text: drop navigation, link lists, widgets and debris, keep the body."""
    lines = [
        part for line in join_continuations(normalize_lines(text)) for part in _split_embed(line)
    ]
    _drop_duplicates(lines, title)
    _classify(lines)
    _drop_runs(lines)
    for line in lines:
        if not line.dropped and line.kind in ("sep", "debris", "ui", "menu"):
            line.dropped = line.kind
    _drop_badges(lines, title)
    _drop_account_prompts(lines)
    memo = LanguageMemo()  # the document's language, detected once
    _drop_foreign(lines, memo)
    _drop_tail(lines)
    text = "\n\n".join(line.text for line in lines if not line.dropped)
    gone = [line for line in lines if line.dropped]
    return Cleaned(
        text=text,
        removed=tuple(line.text for line in gone),
        reasons=tuple(line.dropped for line in gone),
        language=memo.detect_language(text) if text else "",
    )


def _split_embed(text: str) -> list[_Line]:
    """A line, with the signature of an embedded tweet split off and dropped ("embed"): the
    tweet's words stay, its author, handle and English date are page chrome."""
    found = _TWEET_SIGNATURE.search(text)
    if found is None:
        return [_Line(text)]
    body, signature = text[: found.start()].rstrip(), found.group().strip()
    return ([_Line(body)] if body else []) + [_Line(signature, kind="embed", dropped="embed")]


def normalize_line(line: str) -> str:
    """One line with invisible characters removed and whitespace runs collapsed (NBSP kept)."""
    line = unicodedata.normalize("NFC", _INVISIBLE.sub("", line))
    return _SPACES.sub(" ", line).strip(" \t\u00a0\u202f")


def normalize_lines(text: str) -> list[str]:
    """Non-empty normalised lines of a text."""
    normalized = (normalize_line(line) for line in text.splitlines())
    return [line for line in normalized if line]


def join_continuations(lines: Iterable[str]) -> list[str]:
    """Join a line to the previous one when it plainly continues the same sentence.

    Conservative, for texts that are mostly one paragraph per line: the previous line must
    be long enough and end without punctuation, the next must start with a lowercase letter.
    """
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        if (
            len(previous) >= 30
            and not previous.endswith(_WRAP_END)
            and line[0].islower()
            and not _URLISH.search(previous.split()[-1])
        ):
            out[-1] = join_wrapped(previous, line)
        else:
            out.append(line)
    return out


def join_wrapped(previous: str, line: str) -> str:
    """Join two wrapped lines, removing an end-of-line hyphenation ("sécu-" + "rité")."""
    match = re.search(r"(\w+)-$", previous)
    head, next_word = (match.group(1) if match else ""), line.split()[0]
    if (
        len(head) > 1
        and head.isalpha()
        and head.islower()  # "Hauts-" + "de-Seine" is a compound, not a split word
        and next_word[:1].islower()
        and "-" not in next_word
    ):
        return previous[:-1] + line
    if previous.endswith(("-", "/")):
        return previous + line  # a compound or a path split at its separator
    return f"{previous} {line}"


def _key(text: str) -> str:
    """Comparison key: casefolded, spaces unified, outer punctuation dropped."""
    text = _KEY_SPACES.sub(" ", text.casefold().replace("’", "'"))
    return text.strip(" " + _TOKEN_STRIP + "-–—•|")


def _drop_duplicates(lines: list[_Line], title: str) -> None:
    seen = {_key(title)} if title.strip() else set()
    for line in lines:
        if not any(char.isalpha() for char in line.text):
            continue  # separators repeat by nature; the run rule deals with them
        key = _key(line.text)
        if key in seen:
            line.dropped = "duplicate"
        seen.add(key)


def _classify(lines: list[_Line]) -> None:
    intro = False  # previous kept line introduces a list ("... les données suivantes :")
    for line in lines:
        if line.dropped:
            continue
        line.bullet = line.text[:1] in _BULLETS and len(line.text) > 1
        line.kind = _kind(line.text)
        if intro and line.kind == "short" and _looks_like_item(line.text):
            line.kind = "item"
        elif line.kind != "sep":
            intro = (
                line.kind in ("prose", "short", "item")
                and line.text.rstrip().endswith(":")
                and len(line.text.split()) >= 3
            )


def _kind(text: str) -> str:
    if not any(char.isalnum() for char in text):
        return "sep"
    if _is_debris(text):
        return "debris"
    if _is_ui(text):
        return "ui"
    if _is_menu(text):
        return "menu"
    return "prose" if is_prose(text) else "short"


def _looks_like_item(text: str) -> bool:
    body = text.lstrip(_BULLETS + " ")
    return bool(body) and (text[:1] in _BULLETS or body[:1].islower() or text.endswith((";", ",")))


def _words(text: str) -> list[str]:
    return [token for token in text.split() if any(map(str.isalpha, token))]


_INNER_END = re.compile(r"[.!?…][»”\")]?(?=\s+\S)")  # a sentence end with more text after it


def is_prose(text: str) -> bool:
    """True for a line that reads as running text rather than a title, label or link."""
    if len(text) > 220:
        return True
    words = len(_words(text))
    if words >= 30:
        return True
    core = text.rstrip(CLOSERS)
    if words >= 8 and _ATTRIBUTED.search(text):
        return True  # reported speech whose full stop the page left out:
        # "« Les personnes touchées ont été informées », assurent les HCL"
    if core.endswith(("...", "…")):
        return words >= 15
    if core.endswith(_SENTENCE_END):
        return words >= 4
    if core.endswith("?"):
        return words >= 15
    return _cut_after_a_sentence(text)


def _cut_after_a_sentence(text: str) -> bool:
    """A paragraph cut off mid-sentence (a paywall, an excerpt): "Sont concernées par ce vol
    1,4 million de personnes, résidant en Île-de-France mi-2020. P". The full sentences before
    the cut are running text: at least eight words up to a sentence end inside the line."""
    end = max((m.end() for m in _INNER_END.finditer(text)), default=0)
    return end > 0 and len(_words(text[:end])) >= 8


def _is_debris(text: str) -> bool:
    """Paths, URLs, file names, ids and numbers: lines with (almost) no real words."""
    tokens = [token for token in (token.strip(_TOKEN_STRIP) for token in text.split()) if token]
    if not tokens:
        return True
    urlish = real = 0
    for token in tokens:
        if _URLISH.search(token) or _ID.match(token):
            urlish += 1
        elif has_letters(token, 2):
            real += 1
            if real > 2:
                return False  # three real words: not debris, whatever the rest holds
    letters = sum(map(str.isalpha, text))
    visible = len(text) - sum(map(str.isspace, text))
    if not letters:
        return True
    if urlish and urlish * 2 >= len(tokens) and real <= 2:
        return True
    return letters < 0.5 * visible and real <= 1


def _is_menu(text: str) -> bool:
    """A row of short labels between separators: a menu, breadcrumb or footer link bar."""
    cells = [cell.strip() for cell in _MENU_SEPARATORS.split(text.replace("\\|", "|"))]
    cells = [cell for cell in cells if cell]
    return (
        len(cells) >= 3
        and all(len(cell.split()) <= 4 and not is_prose(cell) for cell in cells)
        and sum(any(char.isdigit() for char in cell) for cell in cells) <= 1
    )


def _is_ui(text: str) -> bool:
    """Short line made of widget/account vocabulary (log in, comment, share...).

    A sentence needs stronger evidence than a label: it must open with the vocabulary
    ("Connectez-vous pour commenter.") or be made of little else.
    """
    words = len(_words(text))
    if words > 25:
        return False
    hits = len(UI.findall(text))
    if not hits:
        return False
    bare = text.lstrip(_BULLETS + " ")  # "> A lire aussi : …": the label after its bullet
    opening = UI.match(bare)
    if is_prose(text):
        return (opening is not None and words <= 20) or hits * 4 >= words
    if opening is not None and (words <= 4 or _LABEL_END.match(bare, opening.end())):
        return True  # "Partager sur X", "Lire aussi : <title>", "Sign in to comment"
    return words <= 6 or hits >= 2


def _drop_runs(lines: list[_Line]) -> None:
    run: list[_Line] = []
    for line in [*lines, None]:
        if line is not None and line.dropped:
            continue
        if line is not None and line.kind not in ("prose", "item"):
            run.append(line)
            continue
        marked = any(item.bullet or item.kind in ("sep", "debris", "ui", "menu") for item in run)
        if len(run) >= RUN_MIN or (marked and len(run) >= RUN_MIN_MARKED):
            for item in run:
                item.dropped = "run"
        run = []


def _drop_badges(lines: list[_Line], title: str) -> None:
    head = []  # the lines before the first paragraph, dropped ones included
    for line in lines:
        if not line.dropped and line.kind in ("prose", "item"):
            break
        head.append(line)
    title_key = _key(title) if title.strip() else None
    headline = next(
        (i for i, line in enumerate(head) if line.dropped and _key(line.text) == title_key), -1
    )
    for index, line in enumerate(head):
        if not line.dropped and _is_badge(line.text, above_headline=index < headline):
            line.dropped = "badge"


def _is_badge(text: str, *, above_headline: bool) -> bool:
    """A short label in capitals, with a pictograph or above the headline; not a dateline."""
    if (
        len(text) > BADGE_MAX_CHARS
        or len(_words(text)) > BADGE_MAX_WORDS
        or text[:1] in _BULLETS
        or any(char.isdigit() or char in "()[]" for char in text)
        or text.endswith((",", ":", "-", "–", "—"))
    ):
        return False
    letters = [char for char in text if char.isalpha()]
    if len(letters) < 2 or not all(char.isupper() for char in letters):
        return False
    return above_headline or any(unicodedata.category(char) == "So" for char in text)


def _drop_account_prompts(lines: list[_Line]) -> None:
    """Final paragraphs asking the reader to log in, subscribe or comment go."""
    for line in reversed(lines):
        if line.dropped or line.kind not in ("prose", "item"):
            continue  # short lines are the tail rule's business
        if not _is_account_prompt(line.text):
            return
        line.dropped = "account"


def _is_account_prompt(text: str) -> bool:
    """Two distinct calls to action among 3+ account words, one per 10 words, no quotes.

    A paragraph reporting facts ("les patients abonnés à la newsletter ont été prévenus")
    has no call to action; a quoted one (« connectez-vous », said the phishing
    mail) is reported speech.
    """
    if any(char in _QUOTES for char in text):
        return False
    terms = {match.casefold().replace("’", "'") for match in ACCOUNT.findall(text)}
    calls = terms & ACCOUNT_CALLS
    return len(calls) >= 2 and len(terms) >= 3 and len(terms) * 10 >= len(_words(text))


def _drop_foreign(lines: list[_Line], memo: LanguageMemo) -> None:
    kept = [line for line in lines if not line.dropped]
    long = [line for line in kept if has_letters(line.text, FOREIGN_MIN_LETTERS)]
    # langdetect is slow: paragraphs full of a language's function words are not sent to it
    if all(plainly_in(line.text, "fr") for line in long):
        return  # a plainly French document, paragraph after paragraph
    document_language, _ = memo.leading_language("\n\n".join(line.text for line in kept))
    if not document_language:
        return
    for line in long:
        if plainly_in(line.text, document_language):
            continue
        language = foreign_language(line.text, document_language, FOREIGN_MIN_PROBABILITY)
        if language:
            line.dropped = f"language:{language}"


def _drop_tail(lines: list[_Line]) -> None:
    kept = [line for line in lines if not line.dropped]
    last = max((i for i, line in enumerate(kept) if line.kind in ("prose", "item")), default=-1)
    if last < 0:
        return  # no running text at all: nothing to anchor the tail on
    for line in kept[last + 1 :]:
        line.dropped = "tail"
