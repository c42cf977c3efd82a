"""MkDocs hook: hold one document page's HTML in memory at a time, not all of them.

MkDocs converts every page to HTML before it writes any (it needs every page's anchors to
check the links) and keeps each page's Markdown and HTML until the end of the build: with one
page per document, the build's memory grew with the corpus (about 0.4 MB per document page).
For the pages excluded from Material's search (document pages: `search: exclude`, indexed by
`sitegen.searchindex`), this hook moves the HTML to a temporary file as soon as it is
converted (the anchors are already collected), drops the Markdown source, puts the HTML back
just before the page is rendered into its template (before any other plugin sees the page),
and drops it again once the page is written. Loaded by file path (`hooks:`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

_state: dict[str, Any] = {"dir": None, "pages": {}}


def _excluded(page: Any) -> bool:
    search = (page.meta or {}).get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def _cleanup() -> None:
    folder = _state["dir"]
    if folder is not None:
        folder.cleanup()
    _state.update(dir=None, pages={})


def on_pre_build(config: Any, **kwargs: Any) -> None:
    """A fresh temporary folder for this build."""
    _cleanup()
    _state["dir"] = tempfile.TemporaryDirectory(prefix="vigie-pages-")


def on_page_content(html: str, page: Any, **kwargs: Any) -> str | None:
    """Stash the HTML of a search-excluded page; its Markdown is no longer needed."""
    folder = _state["dir"]
    if folder is None or not _excluded(page):
        return None
    path = Path(folder.name) / f"{len(_state['pages'])}.html"
    path.write_text(html, encoding="utf-8")
    _state["pages"][page.file.src_uri] = path
    page.markdown = ""
    return ""


@event_priority(100)  # before the search plugin and the theme read page.content
def on_page_context(context: Any, page: Any, **kwargs: Any) -> Any:
    """Put the page's HTML back for its template."""
    path = _state["pages"].get(page.file.src_uri)
    if path is not None:
        page.content = path.read_text(encoding="utf-8")
    return context


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    """The page is rendered: drop its HTML again."""
    path = _state["pages"].pop(page.file.src_uri, None)
    if path is not None:
        page.content = ""
        path.unlink()
    return output


def on_post_build(config: Any, **kwargs: Any) -> None:
    """Remove the temporary folder."""
    _cleanup()


def on_build_error(error: Exception, **kwargs: Any) -> None:
    """Remove the temporary folder after a failed build too."""
    _cleanup()
