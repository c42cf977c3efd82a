"""The MkDocs hook that keeps document pages' HTML out of memory (sitegen.stash): each page
gets its own HTML back, byte for byte, whatever the order and the characters, and nothing is
left in the temporary folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from sitegen import stash


def fake_page(uri: str, excluded: bool = True) -> Any:
    meta = {"search": {"exclude": True}} if excluded else {}
    return SimpleNamespace(
        file=SimpleNamespace(src_uri=uri), meta=meta, markdown="# x", content=None
    )


def test_pages_come_back_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    htmls = {f"articles/{n}.md": f"<p>é « {n} » 😀</p>\n" * (n * 3000 + 1) for n in range(5)}
    pages = {uri: fake_page(uri) for uri in htmls}
    kept = fake_page("index.md", excluded=False)
    stash.on_pre_build(config=None)
    assert list(tmp_path.iterdir()) == []  # the file is unlinked as soon as it is open
    for uri, html in htmls.items():
        assert stash.on_page_content(html, page=pages[uri]) == ""
        assert pages[uri].markdown == ""
    assert stash.on_page_content("<p>index</p>", page=kept) is None  # not stashed
    for uri in reversed(htmls):  # rendered in another order than converted
        stash.on_page_context({}, page=pages[uri])
        assert pages[uri].content == htmls[uri]
        assert stash.on_post_page("out", page=pages[uri]) == "out"
        assert pages[uri].content == ""
    fd = stash._state["fd"]
    stash.on_post_build(config=None)
    with pytest.raises(OSError):
        os.fstat(fd)  # closed
    assert list(tmp_path.iterdir()) == []


def test_search_attributes_left_to_the_search_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HTML comes back after Material's search plugin, which removes `data-search-*`
    attributes: a page that holds one is not stashed, so the plugin still sees it."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert stash.on_page_context.mkdocs_priority < 0  # after the plugins (priority 0)
    page = fake_page("articles/a.md")
    stash.on_pre_build(config=None)
    assert stash.on_page_content('<p data-search-exclude="x">a</p>', page=page) is None
    assert page.markdown == "# x"  # untouched: MkDocs keeps it as usual
    stash.on_post_build(config=None)
