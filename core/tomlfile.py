"""Reading user configuration files: arrays of TOML tables, each located by file and line.

Shared by the source registry, the curated incidents file and the reviews file, so that every
malformed file gives the same kind of one-line error: `path:line: what is wrong`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from core.errors import ConfigError


def read_tables(path: Path, name: str) -> list[tuple[str, object]]:
    """The `[[name]]` tables of a TOML file as (`path:line`, table) pairs, in file order.

    Raises ConfigError naming the file (and line) for an unreadable file, invalid TOML, other
    top-level keys, or a `name` that is not an array of tables.
    """
    try:
        data_bytes = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        raw = data_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data_bytes.count(b"\n", 0, exc.start) + 1
        raise ConfigError(
            f"{path}:{line}: not UTF-8 text (byte {data_bytes[exc.start]:#04x})"
        ) from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except RecursionError:
        raise ConfigError(
            f"{path}:{_too_deep_line(raw)}: arrays or tables nested too deeply"
        ) from None
    items = data.get(name, [])
    if set(data) - {name} or not isinstance(items, list):
        raise ConfigError(f"{path}:1: expected only [[{name}]] tables")
    heads = _lines_of(raw, re.finditer(rf"^[ \t]*\[\[{re.escape(name)}\]\]", raw, re.M))
    return [(f"{path}:{heads[n] if n < len(heads) else 1}", item) for n, item in enumerate(items)]


MAX_NESTING = 50  # brackets deeper than this are reported as the place nesting went wrong


def _lines_of(raw: str, matches: Iterable[re.Match[str]]) -> list[int]:
    """1-based line of each match (in order), counting newlines once over the whole text."""
    lines, line, pos = [], 1, 0
    for match in matches:
        line += raw.count("\n", pos, match.start())
        pos = match.start()
        lines.append(line)
    return lines


def _too_deep_line(raw: str) -> int:
    """The line where `[`/`{` nesting first exceeds MAX_NESTING (1 if it never does)."""
    depth = 0
    for match in re.finditer(r"[\[\]{}]", raw):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_NESTING:
            return raw.count("\n", 0, match.start()) + 1
    return 1
