"""MkDocs hook: hold one document page's HTML in memory at a time, not all of them.

MkDocs converts every page to HTML before it writes any (it needs every page's anchors to
check the links) and keeps each page's Markdown and HTML until the end of the build: with one
page per document, the build's memory grew with the corpus.
For the pages excluded from Material's search (document pages: `search: exclude`, indexed by
`sitegen.searchindex`), this hook appends the HTML to one temporary file as soon as it is
converted (the anchors are already collected), drops the Markdown source, reads it back
(`os.pread` at its offset) just before the page is rendered into its template, and drops it
again once the page is written. Loaded by file path (`hooks:`).

The HTML comes back after the other plugins' `on_page_context`: the only one is Material's
search, which skips excluded pages but still removes `data-search-*` attributes from every
page's HTML with a regular expression that tries every position (for nothing: sitegen writes
no such attribute and escapes every quote of stored text). A page whose HTML holds
"data-search-" anyway is not stashed, so the search plugin treats it as before.

One file written sequentially, not one file per page: creating, reading and unlinking a file
per page cost a measurable share of the build (mostly system time). The figures behind these
choices are in bench/results.md ("Figures behind design choices").
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

from mkdocs.plugins import event_priority

# "fd": the open temporary file (unlinked at once: nothing is left behind, even on a kill);
# "end": bytes written so far; "pages": src_uri -> (offset, length) in that file.
_state: dict[str, Any] = {"fd": None, "end": 0, "pages": {}}


def _excluded(page: Any) -> bool:
    search = (page.meta or {}).get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def _cleanup() -> None:
    fd = _state["fd"]
    if fd is not None:
        os.close(fd)
    _state.update(fd=None, end=0, pages={})


def on_pre_build(config: Any, **kwargs: Any) -> None:
    """A fresh, already unlinked, temporary file for this build."""
    _cleanup()
    fd, name = tempfile.mkstemp(prefix="vigie-pages-")
    os.unlink(name)
    _state["fd"] = fd


def on_page_content(html: str, page: Any, **kwargs: Any) -> str | None:
    """Stash the HTML of a search-excluded page; its Markdown is no longer needed."""
    fd = _state["fd"]
    if fd is None or not _excluded(page) or "data-search-" in html:
        return None
    data = html.encode("utf-8")
    view, written = memoryview(data), 0
    while written < len(data):
        written += os.write(fd, view[written:])
    _state["pages"][page.file.src_uri] = (_state["end"], len(data))
    _state["end"] += len(data)
    page.markdown = ""
    return ""


@event_priority(-100)  # after the search plugin (see above), before the template
def on_page_context(context: Any, page: Any, **kwargs: Any) -> Any:
    """Put the page's HTML back for its template."""
    where = _state["pages"].get(page.file.src_uri)
    if where is not None:
        offset, length = where
        chunks, done = [], 0
        while done < length:
            chunk = os.pread(_state["fd"], length - done, offset + done)
            if not chunk:
                raise OSError(f"stashed page {page.file.src_uri} was cut short")
            chunks.append(chunk)
            done += len(chunk)
        page.content = b"".join(chunks).decode("utf-8")
    return context


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    """The page is rendered: drop its HTML again."""
    if _state["pages"].pop(page.file.src_uri, None) is not None:
        page.content = ""
    return output


def on_post_build(config: Any, **kwargs: Any) -> None:
    """Close (and so delete) the temporary file."""
    _cleanup()


def on_build_error(error: Exception, **kwargs: Any) -> None:
    """Close the temporary file after a failed build too."""
    _cleanup()
