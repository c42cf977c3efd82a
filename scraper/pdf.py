"""The text layer of a PDF (a communiqué, typically), as paragraphs ready for cleaning.

pypdf reads each page with the vertical gaps between lines turned back into blank lines;
lines repeated on several pages (headers, footers) and page numbers go; hard-wrapped lines
are then joined into paragraphs and end-of-line hyphenation undone (`reflow`).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

from scraper.clean import CLOSERS, join_wrapped, normalize_line, normalize_lines
from scraper.errors import Drop

if TYPE_CHECKING:
    from pypdf import PageObject

PDF_MAGIC = b"%PDF-"


def read_pdf(data: bytes, url: str) -> tuple[list[str], str, datetime | None]:
    """Page texts, metadata title and creation date; Drop('unreadable') on a broken file."""
    if PDF_MAGIC not in data[:1024]:
        raise Drop("unreadable", f"not a PDF at {url}")
    try:
        from pypdf import PdfReader  # imported when a PDF is read

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [_page_text(page) for page in reader.pages]
        info = reader.metadata
        title = normalize_line(str(info.title or "")) if info else ""
        created = info.creation_date if info else None
    # pypdf parses untrusted bytes and fails in many ways (its own errors, KeyError,
    # TypeError, ...): any failure here means the file is unreadable, not a bug of ours.
    except Exception as err:  # noqa: BLE001
        raise Drop("unreadable", f"broken PDF at {url}: {err}") from err
    return pages, title, created


def _page_text(page: PageObject) -> str:
    """Text of one page, with a blank line wherever the vertical gap between lines is wide.

    pypdf's plain mode keeps reading order but loses paragraph spacing; the text visitor
    gives each chunk's position, from which the spacing is put back.
    """
    chunks: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text:
            chunks.append((text, tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    plain = page.extract_text(visitor_text=visit) or ""
    if "".join(text for text, _ in chunks) != plain:
        return plain  # the visitor did not see what was written: keep the plain text
    lines: list[tuple[str, float | None]] = [("", None)]  # (text, baseline of first chunk)
    for text, y in chunks:
        for index, piece in enumerate(text.split("\n")):
            if index:
                lines.append(("", None))
            if piece:
                line, line_y = lines[-1]
                lines[-1] = (line + piece, y if line_y is None else line_y)
    return _space_paragraphs(lines)


def _space_paragraphs(lines: list[tuple[str, float | None]]) -> str:
    """Join lines, adding a blank line where the gap to the previous line is unusually wide."""
    ys = [y for _, y in lines if y is not None]
    gaps = [above - below for above, below in zip(ys, ys[1:], strict=False) if above > below]
    usual = sorted(gaps)[len(gaps) // 4] if gaps else 0.0  # lower quartile: line spacing
    out: list[str] = []
    previous_y: float | None = None
    for text, y in lines:
        if y is not None and previous_y is not None and usual and previous_y - y > 1.4 * usual:
            out.append("")
        previous_y = y if y is not None else previous_y
        out.append(text)
    return "\n".join(out)


def drop_page_furniture(pages: list[str]) -> str:
    """The pages' text minus page numbers and lines repeated on several pages (headers).

    Blank lines (paragraph breaks) are kept inside a page; pages are joined by a plain
    newline so that a sentence running over a page break can be rejoined.
    """
    page_lines = [[normalize_line(line) for line in page.splitlines()] for page in pages]
    counts = Counter(line for lines in page_lines for line in set(lines) if line)
    repeated = {line for line, count in counts.items() if count > 1} if len(pages) > 1 else set()
    page_number = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:/|sur|of)\s*\d{1,4})?$", re.I)
    kept_pages = []
    for lines in page_lines:
        kept = [ln for ln in lines if ln not in repeated and not page_number.match(ln)]
        kept_pages.append("\n".join(kept).strip("\n"))
    return "\n".join(page for page in kept_pages if page)


def usable_pdf_title(title: str) -> bool:
    lowered = title.lower()
    return (
        len(title) >= 5
        and sum(char.isalpha() for char in title) >= 4
        and not re.search(r"\.(?:docx?|odt|pdf|rtf|indd|pptx?)$", lowered)
        and not lowered.startswith(("microsoft word", "untitled", "sans titre", "document"))
    )


def reflow(text: str) -> str:
    """Rebuild paragraphs of a hard-wrapped text (PDF): join wrapped lines, undo hyphenation.

    A line ends its paragraph when it ends a sentence and is clearly shorter than the usual
    line width, or when it is a short heading; blank lines always end a paragraph.
    """
    blocks = [normalize_lines(block) for block in re.split(r"\n\s*\n", text)]
    lengths = sorted(len(line) for block in blocks for line in block)
    width = lengths[int(len(lengths) * 0.8)] if lengths else 0  # the usual full line
    paragraphs: list[str] = []
    for lines in blocks:
        if lines:
            paragraphs.extend(_reflow_block(lines, width))
    return "\n".join(paragraphs)


def _reflow_block(lines: list[str], width: int) -> list[str]:
    out = [lines[0]]
    for previous, line in zip(lines, lines[1:], strict=False):
        if _ends_paragraph(previous, line, width, alone=out[-1] == previous):
            out.append(line)
        else:
            out[-1] = join_wrapped(out[-1], line)
    return out


def _ends_paragraph(previous: str, line: str, width: int, *, alone: bool) -> bool:
    """Whether the physical line `previous` is the last line of its paragraph.

    `alone` says `previous` started its paragraph: only then can it be a heading.
    """
    if line[:1] in "•▪►-–—" or previous.endswith(":"):
        return True
    sentence_end = previous.rstrip(CLOSERS).endswith((".", "!", "?", "…"))
    if alone and _is_heading(previous, width) and line[:1].isupper():
        return True
    if _is_heading(line, width) and sentence_end:
        return True
    return sentence_end and len(previous) < 0.85 * width


def _is_heading(line: str, width: int) -> bool:
    """A short capitalised line without final punctuation, in a block of longer lines."""
    return (
        len(line) < 0.6 * width
        and line[:1].isupper()
        and not line.rstrip(CLOSERS).endswith((".", ",", ";", ":", "-"))
    )
