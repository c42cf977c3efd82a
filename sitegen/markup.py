"""Escaping and formatting: the only way scraped text reaches a page.

Scraped text is written inside raw HTML blocks, which Python-Markdown stashes and passes through
verbatim: Markdown, `attr_list`, admonitions and snippets never see it. Inside those blocks the
text is HTML-escaped, and `{`, `}` become character references so that no template or
attribute-list syntax survives either. Titles that MkDocs and Material print unescaped
(`<title>`, the header) are made markup-free with `plain()`.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from sitegen.mdraw import END as RAW_END
from sitegen.mdraw import START as RAW_START

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_SPACES = re.compile(r"\s+")
_ASCII_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # collapsed; no-break spaces are kept
NBSP, NNBSP = "\u00a0", "\u202f"
# French typography: apostrophe between letters, no-break space before : and inside « »,
# narrow no-break space before ; ? ! (only where a space or nothing separates them).
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
# Each pattern starts with a literal, which the regex engine looks for at memchr-like speed:
# one scan of the page per pattern.
_OPEN = re.compile("«(?: |(?=[^ \u00a0\u202f]))")  # « then a space (replaced) or no space
_CLOSE_BARE = re.compile("»(?<=[^ \u00a0\u202f]»)")  # » after something else than a space
_COLON_BEFORE = re.compile(" :(?=[<\n]|\\Z)")  # " :" before a tag, a line end, the end
_MARK = re.compile(" ([;?!])")
_PLAIN = str.maketrans(
    {"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’", "{": "(", "}": ")", "`": "’"}
)


def typo(text: str) -> str:
    """French typography on visible text: ’ for an apostrophe between letters, a no-break
    space before « : » and inside guillemets, a narrow one before ; ? !"""
    if "'" in text:
        text = _APOSTROPHE.sub("’", text)
    return spaces(text)


_CODE_OR_TARGET = re.compile(r"(`[^`]*`|\]\([^)]*\)|<[^>]*>)")


def typo_markdown(text: str) -> str:
    """`typo` on a hand-written Markdown page, leaving code (fenced, indented, inline), link
    targets and HTML tags alone."""
    out, fenced = [], False
    for line in text.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        if fenced or line.startswith(("```", "    ", "\t")):
            out.append(line)
            continue
        parts = _CODE_OR_TARGET.split(line)
        out.append("".join(part if i % 2 else typo(part) for i, part in enumerate(parts)))
    return "\n".join(out)


def spaces(text: str) -> str:
    """The no-break spaces of `typo` alone, with one scan per pattern: whole pages go through
    here (the generator's own wording already has its apostrophes)."""
    if " :" in text:
        # " : " first, then " :" before "<", a line end or the end of the text (the order of
        # the passes matters for " : :").
        text = _COLON_BEFORE.sub(NBSP + ":", text.replace(" : ", NBSP + ": "))
    text = _MARK.sub(NNBSP + r"\1", text)
    if "«" in text:
        text = _OPEN.sub("«" + NBSP, text)
    if "»" in text:
        text = _CLOSE_BARE.sub(NBSP + "»", text.replace(" »", NBSP + "»"))
    return text


@lru_cache(maxsize=1 << 16)  # outlets, titles and labels repeat on every page
def esc(text: str) -> str:
    """HTML-escape visible text (element content, a title attribute) with French typography
    (`typo`); whitespace collapsed. Addresses go through `esc_url`, which keeps them as is."""
    if (
        "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text
    ):  # else every run of ASCII spaces is one space already
        text = _ASCII_SPACES.sub(" ", text)
    text = html.escape(typo(text.strip()), quote=True)
    if "{" in text or "}" in text:
        text = text.replace("{", "&#123;").replace("}", "&#125;")
    return text


def esc_url(url: str) -> str:
    """HTML-escape an address for a quoted attribute (no typography: the bytes matter)."""
    text = html.escape(url.strip(), quote=True)
    if "{" in text or "}" in text:
        text = text.replace("{", "&#123;").replace("}", "&#125;")
    return text


def plain(text: str, limit: int = 120) -> str:
    """Markup-free one-line text for places printed without escaping (page titles)."""
    text = " ".join(text.translate(_PLAIN).split())  # as _SPACES.sub(" ", ...).strip()
    return typo(shorten(text, limit)) or "Sans titre"


@lru_cache(maxsize=1 << 16)  # a claim's text is shortened on each page that lists it
def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary, with an ellipsis, to at most `limit` characters."""
    text = " ".join(text.split())  # as _SPACES.sub(" ", text).strip(), three times faster
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


@lru_cache(maxsize=1 << 14)  # a document's address is checked on several pages
def web_url(url: str) -> str | None:
    """The address if it is an absolute http(s) URL without whitespace, else None."""
    if not url or not url.isprintable() or _SPACES.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def link_out(url: str, text: str) -> str:
    """A link to another site, only for http(s) addresses; otherwise the escaped text alone."""
    safe = web_url(url)
    if safe is None:
        return esc(text)
    return f'<a href="{esc_url(safe)}" rel="nofollow noopener" class="vs-out">{esc(text)}</a>'


def link(href: str, text: str, cls: str = "") -> str:
    """A link inside the site (href built by `rel`), escaped."""
    klass = f' class="{cls}"' if cls else ""
    return f'<a href="{esc_url(href)}"{klass}>{esc(text)}</a>'


def rel(from_page: str, target: str) -> str:
    """Relative URL from the HTML of Markdown page `from_page` to site file `target` (both
    relative to the site root; pages never contain `..`)."""
    return "../" * from_page.count("/") + target


def html_page(source: str) -> str:
    """The HTML file MkDocs writes for a Markdown page (use_directory_urls: false)."""
    return source[:-3] + ".html" if source.endswith(".md") else source


def paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs of a stored text (blank-line separated), whitespace collapsed."""
    return [p for p in (" ".join(block.split()) for block in text.split("\n\n")) if p]


def block(*lines: str) -> str:
    """A raw HTML block Python-Markdown passes through verbatim: blank lines around, none in,
    between the comment lines `sitegen.mdraw` stashes without parsing."""
    body = "\n".join(line for line in lines if line.strip())
    return f"\n{RAW_START}\n{body}\n{RAW_END}\n\n"


def _mark_braces(value: Any) -> Any:
    # \x00 and \x01 never come from the store (`sitegen.data.clean` drops them).
    if isinstance(value, str):
        return (
            value.replace("{", "\x00").replace("}", "\x01")
            if "{" in value or "}" in value
            else value
        )
    if isinstance(value, dict):
        return {_mark_braces(k): _mark_braces(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mark_braces(v) for v in value]
    return value


# The whole text as runs outside strings and string literals holding no brace: it matches
# (possessive quantifiers, so in one pass without backtracking) exactly when every brace of
# the text is structural. Checking this way costs a fifth of removing the strings to count.
_NO_BRACE_IN_STRINGS = re.compile(r'(?:[^"]++|"(?:[^"\\{}]++|\\.)*+")*+')


def script_json(value: Any) -> str:
    """JSON safe inside <script>: sorted keys; `<`, `>`, `&` and, inside strings, `{`, `}`
    as \\u escapes (no template syntax survives, even where nothing would evaluate it)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Most values hold no brace in any string: then every brace of the text is structural
    # and the marked copy is not needed.
    if "{" in text or "}" in text:
        if not _NO_BRACE_IN_STRINGS.fullmatch(text):
            text = json.dumps(
                _mark_braces(value), ensure_ascii=False, sort_keys=True, separators=(",", ":")
            )
            text = text.replace("\\u0000", "\\u007b").replace("\\u0001", "\\u007d")
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def front_matter(**fields: Any) -> str:
    """YAML front matter; strings are JSON-quoted, which YAML reads as double-quoted scalars."""
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items()]
        else:
            quoted = json.dumps(value, ensure_ascii=False)
            lines.append(f"{key}: {quoted.replace(chr(0x2028), ' ').replace(chr(0x2029), ' ')}")
    return "\n".join(lines + ["---", ""])


@lru_cache(maxsize=1 << 14)  # the same dates are read for many pages (datetimes: immutable)
def parse_date(value: str) -> datetime | None:
    """An ISO 8601 date or date-time from the store, or None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@lru_cache(maxsize=1 << 14)  # documents' and checks' dates repeat on many pages
def fr_date(value: str) -> str:
    """ "8 septembre 2025" from an ISO date; unknown formats are returned as they are."""
    parsed = parse_date(value)
    if parsed is None:
        return value or "date inconnue"
    day = "1er" if parsed.day == 1 else str(parsed.day)
    return f"{day} {MONTHS[parsed.month - 1]} {parsed.year}"


def fr_datetime(value: str) -> str:
    """ "8 septembre 2025 à 14 h 05" when the value has a time, else the date alone (midnight
    exactly is how undated documents are stored: no "à 0 h 00")."""
    parsed = parse_date(value)
    if (
        parsed is None
        or "T" not in value
        or (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0)
    ):
        return fr_date(value)
    return f"{fr_date(value)} à {parsed.hour} h {parsed.minute:02d}"


def day(value: str) -> str:
    """The YYYY-MM-DD part of an ISO value ("" when unparseable)."""
    parsed = parse_date(value)
    return parsed.date().isoformat() if parsed else ""


@lru_cache(maxsize=1 << 14)
def when(value: str, with_time: bool = False) -> str:
    """A stored date as escaped French text ("8 septembre 2025 à 14 h 05")."""
    return esc(fr_datetime(value) if with_time else fr_date(value))


def key(text: str, prefix: str) -> str:
    """A short stable token for a value (filter keys, anchors): never the value itself."""
    return f"{prefix}{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}"


def count_fr(n: int, singular: str, plural: str | None = None) -> str:
    """ "1 article", "3 articles" (French thousands separator: narrow no-break space)."""
    word = singular if n in (0, 1) else (plural or singular + "s")
    return f"{n:,}".replace(",", "\u202f") + f" {word}"
