"""Text helpers every stage uses: accent folding and slugs.

`drop_accents` is the one accent folder: the topic filter, the check's comparison keys, its
quote matching and its grouping terms all fold through it (each adds its own casing and
spacing rules around it). `slugify` makes the slugs of incidents (part of their page
addresses) and of entity keys; the two follow different rules, kept apart by a parameter so
that no slug, and no address, changes.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def drop_accents(text: str, *, compatibility: bool = True) -> str:
    """`text` decomposed (NFKD, or NFD when not `compatibility`) without its combining marks:
    "Île" -> "Ile". NFKD also turns ligatures, superscripts and no-break spaces into plain
    characters ("ﬁ" -> "fi", "²" -> "2"); the result is not recomposed."""
    decomposed = unicodedata.normalize("NFKD" if compatibility else "NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def ascii_only(text: str) -> str:
    """`text` without its non-ASCII characters."""
    return text.encode("ascii", "ignore").decode()


def slugify(text: str, *, ascii_fold: bool, limit: int | None = None, empty: str = "") -> str:
    """A lower-case ASCII slug, words joined by dashes: "CHU de Rouen" -> "chu-de-rouen".

    `ascii_fold=True` (incident slugs): NFKD without accents, other non-ASCII characters
    dropped ("Cœur" -> "cur", "²" -> "2"). `ascii_fold=False` (entity keys): canonical
    decomposition without accents, other non-ASCII characters become dashes ("Cœur" -> "c-ur").
    At most `limit` characters; `empty` when nothing is left.
    """
    if ascii_fold:
        base = ascii_only(drop_accents(text)).lower()
    else:
        base = unicodedata.normalize("NFC", drop_accents(text, compatibility=False)).lower()
    slug = _NOT_SLUG.sub("-", base).strip("-")
    return (slug[:limit] if limit is not None else slug) or empty
