"""The frame of a generated page: front matter, a raw-HTML title, Markdown section headings.

Only the generator's own French wording goes through Markdown (section headings); scraped text
always goes through `sitegen.markup` into raw HTML blocks.
"""

from __future__ import annotations

import re
from typing import Any

from sitegen.markup import block, esc, front_matter, plain, script_json, spaces

_OWN_TEXT = re.compile(r"[^<>&{}\[\]`*_#!|\\]+")


def page(
    title: str,
    *parts: str,
    search: bool = True,
    jsonld: list[dict[str, Any]] | None = None,
    short_title: str = "",
    description: str = "",
    wide: bool = False,
) -> str:
    """A Markdown page: markup-free title (and description, for search engines and social
    previews) in front matter, then the H1 and the body parts."""
    meta = front_matter(
        title=plain(short_title or title),
        description=plain(description, 300) if description else None,
        jsonld=script_json(jsonld) if jsonld else None,
        search=None if search else {"exclude": True},
        hide=["navigation", "toc"] if wide else None,  # tables get the whole width
    )
    # The generator's own wording gets French spacing too (addresses hold no spaces, so this
    # touches words only; escaped text already went through `typo`).
    return spaces(meta + block(f"<h1>{esc(title)}</h1>") + "".join(parts))


def section(title: str, level: int = 2) -> str:
    """A Markdown heading (in the table of contents) for the generator's own wording only."""
    if not _OWN_TEXT.fullmatch(title):
        raise ValueError(f"section titles are fixed French wording, got {title!r}")
    return f"\n{'#' * level} {title}\n\n"


def paragraph(html: str) -> str:
    """One raw HTML paragraph block (the caller escaped what it put in)."""
    return block(f"<p>{html}</p>")


def heading(title: str, anchor: str) -> str:
    """A raw <h2> (own wording), outside the table of contents: document pages are many, and
    each table-of-contents entry costs a template render on every one of them."""
    if not _OWN_TEXT.fullmatch(title) or not anchor.isidentifier():
        raise ValueError(f"fixed wording and anchor expected, got {title!r}, {anchor!r}")
    return block(f'<h2 id="{anchor}">{title}</h2>')
