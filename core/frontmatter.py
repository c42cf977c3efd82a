"""Plain-text files with a header: `key: value` lines, a `---` line, then the text.

Collections of stored pages are often kept this way (url, title, kind, date of each page, then
its text). `vigie ingest` reads the header of a `.txt` file when there is one: the title, and
the address and publication day unless `--url` and `--published` say otherwise. A collector's
`NOTE (collector): … === text ===` preamble and a leading ` date YYYY-MM` metadata line are
not part of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MAX_HEADER_LINES = 20
KEYS = frozenset({"url", "title", "kind", "incident", "date", "source", "outlet"})
_LINE = re.compile(r"^([a-z_]+):\s?(.*)$")
_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\b")
_META_DATE = re.compile(r"^\s*date \d{4}-\d{2}(?:-\d{2})?\s*$")
_META_PREFIX = re.compile(r"^\s*date \d{4}-\d{2}(?:-\d{2})?\s+")
_TITLE_NOTE = re.compile(r"\s*\((?:title from [^)]*)\)\s*$")


@dataclass(frozen=True)
class Header:
    """What a header says, and the text after it."""

    fields: dict[str, str]
    text: str

    @property
    def title(self) -> str:
        """The title, without a collector's "(title from URL)" note."""
        return _TITLE_NOTE.sub("", self.fields.get("title", "")).strip()

    @property
    def url(self) -> str:
        """The page's address, or ''."""
        return self.fields.get("url", "")

    @property
    def day(self) -> date | None:
        """The publication day when the header gives a whole one ("2021-09" is not)."""
        m = _FULL_DATE.match(self.fields.get("date", ""))
        if not m:
            return None
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None

    def document(self) -> str:
        """The text as a plain-text dump reads it: the title line, then the text (the title
        is not repeated when the text already starts with it)."""
        first = self.text.split("\n", 1)[0].strip()
        if (
            not self.title
            or " ".join(first.split()).lower() == " ".join(self.title.split()).lower()
        ):
            return self.text
        return f"{self.title}\n\n{self.text}"


def parse(raw: str) -> Header | None:
    """The header and text of `raw`, or None when it does not start with a header (at least
    two known keys, then a `---` line within the first lines)."""
    lines = raw.lstrip("\ufeff").split("\n")
    fields: dict[str, str] = {}
    for i, line in enumerate(lines[: MAX_HEADER_LINES + 1]):
        if line.strip() == "---":
            if len(fields.keys() & KEYS) < 2:
                return None
            return Header(fields, body_text("\n".join(lines[i + 1 :])))
        m = _LINE.match(line)
        if not m:
            return None
        fields[m.group(1)] = m.group(2).strip()
    return None


def body_text(body: str) -> str:
    """The text without a collector's additions: a `NOTE (collector): … === text ===`
    preamble and a leading ` date YYYY-MM` metadata line or prefix."""
    if body.lstrip().startswith("NOTE (collector)") and "=== text ===" in body:
        body = body.split("=== text ===", 1)[1]
    lines = body.strip("\n").split("\n")
    while lines and (not lines[0].strip() or _META_DATE.match(lines[0])):
        lines.pop(0)
    if lines:
        lines[0] = _META_PREFIX.sub("", lines[0])  # " date 2021-09 L'Assistance publique…"
    return "\n".join(lines).strip() + "\n"
