"""JSON Lines output (`vigie export`, `vigie sources --json`): one record a line, readable
accented text, and no character a terminal or an editor could take for a line break or a
control."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

# Characters of scraped text that must never reach a terminal raw: DEL and the C1 controls
# (U+009B is a CSI, like ESC [), invisible and bidi formatting characters, line and paragraph
# separators, lone surrogates. JSON escapes C0 controls (ESC included) itself.
_UNSAFE_JSON = re.compile(
    r"[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
    r"\ufff9-\ufffb\ud800-\udfff]"
)


def json_line(record: dict[str, Any]) -> str:
    """One JSON Lines line: accented text kept readable, every character in _UNSAFE_JSON
    written as a \\uXXXX escape (it can only occur inside a JSON string, so the line stays
    valid JSON and decodes to the same record)."""
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def write_jsonl(records: Iterator[dict[str, Any]], out: Any) -> int:
    """Write records as JSON Lines (json_line); returns how many."""
    count = 0
    for record in records:
        out.write(json_line(record))
        count += 1
    return count
