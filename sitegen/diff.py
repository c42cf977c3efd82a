"""Readable differences between two revisions of a document (difflib, escaped HTML).

Paragraphs are aligned first; a changed paragraph is then compared word by word, so a dropped
"à ce stade" shows as one struck-out phrase, not as a whole new paragraph.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from sitegen.markup import esc, paragraphs, shorten

CONTEXT_CHARS = 240  # unchanged paragraphs around a change are shortened to this


def words_diff(old: str, new: str) -> str:
    """One paragraph's changes inline: <del> for removed words, <ins> for added ones."""
    a, b = old.split(" "), new.split(" ")
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(esc(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{esc(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{esc(' '.join(b[j1:j2]))}</ins>")
    return " ".join(out)


def text_diff(old: str, new: str, context: int = 1) -> list[str]:
    """HTML lines (one <p> each) showing what changed from `old` to `new`, with context."""
    a, b = paragraphs(old), paragraphs(new)
    lines: list[str] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for n, group in enumerate(matcher.get_grouped_opcodes(context)):
        if n:
            lines.append('<p class="vs-gap">[…]</p>')
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                lines += [
                    f'<p class="vs-same">{esc(shorten(p, CONTEXT_CHARS))}</p>' for p in a[i1:i2]
                ]
                continue
            old_part, new_part = a[i1:i2], b[j1:j2]
            paired = min(len(old_part), len(new_part)) if op == "replace" else 0
            lines += [
                f"<p>{words_diff(x, y)}</p>"
                for x, y in zip(old_part[:paired], new_part[:paired], strict=True)
            ]
            lines += [f"<p><del>{esc(p)}</del></p>" for p in old_part[paired:]]
            lines += [f"<p><ins>{esc(p)}</ins></p>" for p in new_part[paired:]]
    return lines


def title_diff(old: str, new: str) -> str:
    """The title change, or "" when the title did not change."""
    if old == new:
        return ""
    return f'<p class="vs-title-diff">Titre : {words_diff(old, new)}</p>'
