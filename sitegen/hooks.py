"""MkDocs hook: add the generator's own search entries to Material's search index.

Document pages are excluded from Material's indexer (front matter `search: exclude`), whose
HTML parsing made them the costliest part of the build; `sitegen.searchindex` writes lean
entries for them instead (one per document, one per claim, text already HTML-escaped), and
this hook appends them once Material has written the index. Loaded by file path (`hooks:`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def on_post_build(config: Any, **kwargs: Any) -> None:
    """Append the entries named by `extra.vigie_search_entries` to search_index.json."""
    source = (config.extra or {}).get("vigie_search_entries")
    index = Path(config.site_dir) / "search" / "search_index.json"
    if not source or not index.is_file() or not Path(source).is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    data["docs"].extend(json.loads(Path(source).read_text(encoding="utf-8")))
    index.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")
