"""Text that can always be stored: surrogates and impossible character references repaired.

A CMS that writes an emoji as two UTF-16 halves (`&#xD83D;&#xDE31;`), a lone `&#xD800;` or a
reference past U+10FFFF (`&#99999999999999;`) yields strings SQLite and UTF-8 cannot hold, or
crashes the feed parser outright. Pairs are joined into the character they mean; anything else
becomes U+FFFD.
"""

from __future__ import annotations

import re

MAX_CODE_POINT = 0x10FFFF
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
_SURROGATE_PAIR = re.compile(
    rb"&#(?:[xX]0*(d[89ab][0-9a-f]{2})|0*(5[5-6][0-9]{3}));"
    rb"&#(?:[xX]0*(d[c-f][0-9a-f]{2})|0*(5[6-7][0-9]{3}));",
    re.I,
)


def scrub(text: str) -> str:
    """`text` with surrogate pairs joined and lone surrogates replaced by U+FFFD."""
    if not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def fix_char_refs(data: bytes) -> bytes:
    """Markup bytes whose numeric character references all name a real character: UTF-16
    halves written as two references joined, out-of-range or lone ones as `&#xFFFD;`."""
    if b"&#" not in data:
        return data
    data = _SURROGATE_PAIR.sub(_join_pair, data)
    return _CHAR_REF.sub(_checked_ref, data)


def _join_pair(match: re.Match[bytes]) -> bytes:
    high = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    low = int(match.group(3), 16) if match.group(3) else int(match.group(4))
    if not (0xD800 <= high <= 0xDBFF and 0xDC00 <= low <= 0xDFFF):
        return match.group(0)  # decimal ranges above are loose: let _checked_ref decide
    code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    return b"&#x%X;" % code


def _checked_ref(match: re.Match[bytes]) -> bytes:
    digits = match.group(1) or match.group(2)
    if len(digits) > 8:
        return b"&#xFFFD;"
    code = int(digits, 16) if match.group(1) else int(digits)
    if code == 0 or code > MAX_CODE_POINT or 0xD800 <= code <= 0xDFFF:
        return b"&#xFFFD;"
    return match.group(0)
