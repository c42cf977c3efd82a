"""Turn a fetched body (HTML, PDF or plain text) into an `Extracted` record.

HTML goes through trafilatura (main text and metadata), PDF through `scraper.pdf`, and every text
through `scraper.clean.clean_text`. Nothing usable left raises `Drop("empty")`; a body that
cannot be read at all (broken PDF, binary junk) raises `Drop("unreadable")`.
"""

from __future__ import annotations

import codecs
import itertools
import re
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from lxml.etree import LxmlError
from lxml.html import HtmlElement

from scraper.clean import Cleaned, clean_text, is_prose, normalize_line, normalize_lines
from scraper.errors import Drop
from scraper.fetched import Extracted
from scraper.language import has_letters
from scraper.pdf import PDF_MAGIC, drop_page_furniture, read_pdf, reflow, usable_pdf_title
from scraper.pubdate import refine
from scraper.textsafe import scrub

MIN_DATE = date(1995, 1, 1)  # earlier "publication dates" are parsing accidents
MIN_TEXT_CHARS = 25
# Element cap of an HTML page: extraction time grows faster than the element count (figures
# in bench/results.md, "Figures behind design choices"), so a page with more start tags than
# this is dropped ("too_complex") before it is parsed. A news page has a few thousand
# (tests/harden/test_hostile.py).
MAX_HTML_ELEMENTS = 20_000
_START_TAG = re.compile(r"<[A-Za-z]")
BINARY_RATIO = 0.05  # share of control/replacement characters that marks a body as binary
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp")
TEXT_SUFFIXES = (".txt", ".text")
# WHATWG: these labels mean windows-1252 on the web.
_CP1252_LABELS = frozenset({"latin_1", "iso8859_1", "ascii", "us_ascii"})
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_SNIFF = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div)[\s>]", re.I
)
# trafilatura collapses every Unicode space, NBSP included, into " ": park them under
# printable stand-ins during extraction and put them back afterwards.
_NBSP_ENTITY = re.compile(r"&(?:nbsp|#160|#x0*a0);", re.I)
_NNBSP_ENTITY = re.compile(r"&(?:#8239|#x0*202f);", re.I)
_STAND_INS = {"\u00a0": "\u2420", "\u202f": "\u2422"}
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


# --- decoding -------------------------------------------------------------------------------


def decode_html(body: bytes, header_charset: str | None) -> str:
    """Decode a page: BOM, header charset, <meta> charset, UTF-8, then windows-1252."""
    for encoding in _encodings(body, header_charset):
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            if encoding == "utf-8" and _mostly_utf8(body):
                return body.decode("utf-8", errors="replace").lstrip("\ufeff")
            continue
        return text.lstrip("\ufeff")
    return body.decode("cp1252", errors="replace")


def _mostly_utf8(body: bytes) -> bool:
    """True when invalid sequences are rare beside valid multi-byte ones: a UTF-8 page with
    a stray byte (read as UTF-8, the byte replaced), not a windows-1252 page (whose accents
    are all invalid UTF-8)."""
    text = body.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - body.count("\ufffd".encode())
    multibyte = sum(1 for char in text if char > "\x7f") - invalid
    return invalid * 2 <= multibyte


def _encodings(body: bytes, header_charset: str | None) -> list[str]:
    """Candidate encodings in order of authority, each a valid Python codec name."""
    bom = next((name for mark, name in _BOMS if body.startswith(mark)), None)
    match = _META_CHARSET.search(body[:4096])
    meta = match.group(1).decode("ascii", "ignore") if match else None
    if meta and meta.lower().startswith("utf-16"):
        meta = "utf-8"  # a meta tag readable as ASCII cannot be UTF-16 (WHATWG)
    labels = [bom, header_charset, meta, "utf-8", "cp1252"]
    return list(dict.fromkeys(filter(None, (_codec(label) for label in labels))))


def _codec(label: str | None) -> str | None:
    """Python codec name for a charset label, windows-1252 for its Latin-1 aliases."""
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip().strip("\"'"))
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None  # base64, hex, rot13, zlib, bz2, uu: bytes-to-bytes codecs, not charsets
    name = info.name
    return "cp1252" if name.replace("-", "_") in _CP1252_LABELS else name


def _check_not_binary(text: str, url: str) -> None:
    """Drop('unreadable') when control, NUL or replacement characters are too frequent."""
    sample = text[:20000]
    if sample and len(_BINARY_CHARS.findall(sample)) > BINARY_RATIO * len(sample):
        raise Drop("unreadable", f"binary content at {url}")


# --- dispatch -------------------------------------------------------------------------------


def extract_bytes(
    body: bytes, url: str, *, content_type: str | None, charset: str | None, now: datetime
) -> Extracted:
    """Extract any fetched body, choosing HTML, PDF or plain text from type, magic and URL."""
    kind = sniff_kind(body, url, content_type)
    if kind == "pdf":
        return extract_pdf(body, url, now=now)
    text = decode_html(body, charset)
    _check_not_binary(text, url)
    if kind == "html":
        return extract_html(text, url, now=now)
    return extract_plain(text, url, now=now)


def sniff_kind(body: bytes, url: str, content_type: str | None) -> str:
    """'pdf', 'html' or 'text': PDF magic first, then media type, file extension, content."""
    if PDF_MAGIC in body[:1024]:
        return "pdf"
    media = (content_type or "").split(";")[0].strip().lower()
    suffix = urlsplit(url).path.lower()
    if media == "application/pdf":
        return "pdf"
    if media in HTML_TYPES:
        return "html"
    if media != "text/plain":
        if suffix.endswith(".pdf"):
            return "pdf"
        if suffix.endswith(HTML_SUFFIXES):
            return "html"
        if suffix.endswith(TEXT_SUFFIXES):
            return "text"
    return "html" if _HTML_SNIFF.search(body[:2048]) else "text"


# --- HTML -----------------------------------------------------------------------------------


def extract_html(html: str, url: str, *, now: datetime) -> Extracted:
    """Main text and metadata of an HTML page, cleaned."""
    html = _park_spaces(html.replace("\x00", ""))
    if not html.strip():
        raise Drop("empty", f"empty page at {url}")
    if _over_element_cap(html):
        raise Drop("too_complex", f"over {MAX_HTML_ELEMENTS} HTML elements at {url}")
    import trafilatura  # imported when a page is extracted (a no-change run needs none)
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
        if tree is None:
            raise Drop("unreadable", f"not parseable as HTML at {url}")
        canonical = canonical_url(tree)
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            date_extraction_params={  # htmldate: publication (not update) date, in bounds
                "original_date": True,
                "extensive_search": True,
                "min_date": MIN_DATE.isoformat(),
                "max_date": _utc_day(now).isoformat(),
            },
        )
    except (LxmlError, ValueError, RecursionError) as err:
        raise Drop("unreadable", f"HTML parsing failed at {url}: {err}") from err
    if document is None or isinstance(document, dict) or not document.text:
        raise Drop("empty", f"no main text found at {url}")
    title = _unpark(document.title)
    lede = visible_lede(tree, document.description or "", document.text)
    cleaned = clean_text(
        _unpark(f"{lede}\n{document.text}" if lede else document.text), title=title
    )
    return _record(
        cleaned,
        url,
        title=title,
        author=_unpark(document.author),
        site_name=_unpark(document.sitename),
        published=refine(bounded_date(document.date, now), tree, now),
        canonical_url=canonical,
    )


def _over_element_cap(html: str) -> bool:
    """True when `html` has more than MAX_HTML_ELEMENTS start tags (counted without parsing,
    stopping at the cap)."""
    if html.count("<") <= MAX_HTML_ELEMENTS:
        return False
    tags = _START_TAG.finditer(html)
    return sum(1 for _ in itertools.islice(tags, MAX_HTML_ELEMENTS + 1)) > MAX_HTML_ELEMENTS


def _park_spaces(html: str) -> str:
    if any(stand_in in html for stand_in in _STAND_INS.values()):
        return html  # the page already uses a stand-in: leave it alone
    html = _NNBSP_ENTITY.sub("\u202f", _NBSP_ENTITY.sub("\u00a0", html))
    for space, stand_in in _STAND_INS.items():
        html = html.replace(space, stand_in)
    return html


def _unpark(value: str | None) -> str:
    value = value or ""
    for space, stand_in in _STAND_INS.items():
        value = value.replace(stand_in, space)
    return value


def visible_lede(tree: HtmlElement, description: str, text: str) -> str:
    """The page's lede (chapô) when the main text left it out, else ''.

    trafilatura keeps the best content container; a lede printed just outside it is lost.
    It is recovered when the meta description reads as a sentence and a visible element
    starts with it: that element's text (the full lede, not a truncated description).
    """
    probe = re.sub(r"[\s.…]+$", "", _compare_key(description))[:120]
    if len(probe.split()) < 8 or probe in _compare_key(text):
        return ""
    matches = [
        content
        for element in tree.iter("p", "div", "h2", "h3", "span")
        if (content := normalize_line(element.text_content()))
        and len(content) <= 3 * len(description) + 200
        and _compare_key(content).startswith(probe)
    ]
    lede = min(matches, key=len, default="")
    return lede if is_prose(_unpark(lede)) else ""


def _compare_key(text: str) -> str:
    return " ".join(_unpark(text).casefold().split())


def canonical_url(tree: HtmlElement) -> str:
    """The page's own absolute http(s) URL: <link rel=canonical>, then og:url; '' if none."""
    candidates: list[str] = []
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            candidates.append(link.get("href") or "")
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:url":
            candidates.append(meta.get("content") or "")
    for candidate in candidates:
        candidate = _unpark(candidate).strip()
        parts = urlsplit(candidate)
        if parts.scheme in ("http", "https") and parts.netloc:
            return candidate
    return ""


def _utc_day(moment: datetime) -> date:
    return (moment.astimezone(UTC) if moment.tzinfo else moment).date()


def bounded_date(value: str | date | None, now: datetime) -> datetime | None:
    """A publication day as a datetime at midnight, or None outside [1995-01-01, now]."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    day = value.date() if isinstance(value, datetime) else value
    if not MIN_DATE <= day <= _utc_day(now):
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC if now.tzinfo else None)


# --- PDF ------------------------------------------------------------------------------------


def extract_pdf(data: bytes, url: str, *, now: datetime) -> Extracted:
    """Text of a PDF (a communiqué, typically), reflowed into paragraphs and cleaned."""
    pages, meta_title, created = read_pdf(data, url)
    body = drop_page_furniture(pages)
    if not body.strip():
        raise Drop("empty", f"no text layer in PDF at {url}")
    text = reflow(body)
    title = meta_title if usable_pdf_title(meta_title) else _heading_title(text)
    cleaned = clean_text(text, title=title)
    return _record(
        cleaned,
        url,
        title=title,
        published=bounded_date(created, now),
    )


def _heading_title(text: str) -> str:
    """The longest title-like line among those before the first paragraph (kicker, date...)."""
    candidates: list[str] = []
    for line in normalize_lines(text)[:8]:
        if is_prose(line):
            break
        if _title_line(line):
            candidates.append(line)
    return max(candidates, key=len, default="")


# --- plain text -----------------------------------------------------------------------------


def extract_plain(text: str, url: str, *, now: datetime) -> Extracted:
    """A plain-text dump: first line as title when it looks like one, the rest cleaned."""
    del now  # a text dump carries no reliable date; kept for a uniform signature
    text = text.replace("\x00", "")
    _check_not_binary(text, url)
    first, _, rest = text.strip().partition("\n")
    title = _title_line(first)
    cleaned = clean_text(rest if title else text, title=title)
    return _record(cleaned, url, title=title)


def _title_line(text: str) -> str:
    """The first line of `text` when it reads as a title (short, not a sentence), else ''."""
    lines = normalize_lines(text.split("\n", 1)[0]) if text.strip() else []
    if not lines:
        return ""
    line = lines[0]
    words = line.split()
    letters = sum(char.isalpha() for char in line)
    if len(line) > 200 or len(words) < 2 or letters < 0.5 * len(line.replace(" ", "")):
        return ""
    return "" if is_prose(line) or line.rstrip().endswith(".") else line


# --- record ---------------------------------------------------------------------------------


def _record(cleaned: Cleaned, url: str, **fields: Any) -> Extracted:
    """Build the record, or Drop('empty') when too little text survived cleaning."""
    text = scrub(cleaned.text)
    if len(text) < MIN_TEXT_CHARS or not has_letters(text, MIN_TEXT_CHARS // 2):
        raise Drop("empty", f"no usable text left after cleaning at {url}")
    fields = {
        key: (scrub(value) if value.strip() else "") if isinstance(value, str) else value
        for key, value in fields.items()
    }  # a blank title is no title
    return Extracted(text=text, language=cleaned.language, removed=cleaned.removed, **fields)
