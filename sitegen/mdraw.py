"""A Python-Markdown extension that stashes the generator's raw HTML blocks without parsing.

Python-Markdown finds raw HTML by running an HTML parser over the whole page, which costs more
than the rest of a generated page's build. Generated pages mark each raw block with two comment
lines (`sitegen.markup.block`); this preprocessor, which runs before Python-Markdown's own HTML
block preprocessor, hands the lines between the markers to the HTML stash as they are. Scraped
text can never end a block early: it is escaped (no `<`) and holds no line break. Without the
extension the same Markdown still renders the same HTML, only slower.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

START = "<!--vs-raw-->"
END = "<!--/vs-raw-->"


class RawBlocks(Preprocessor):
    """Replace each marked block with one stash placeholder."""

    def run(self, lines: list[str]) -> list[str]:
        """Lines with every complete marked block stashed."""
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == START:
                    block = []
                else:
                    out.append(line)
            elif line == END:
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
            else:
                block.append(line)
        if block is not None:  # unterminated: leave it to the HTML block preprocessor
            out += [START, *block]
        return out


class RawBlocksExtension(Extension):
    """Register the preprocessor between whitespace normalisation (30) and html_block (20)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Add the preprocessor to a Markdown instance."""
        md.preprocessors.register(RawBlocks(md), "vigie_raw_blocks", 25)


def makeExtension(**kwargs: object) -> RawBlocksExtension:  # noqa: N802
    """Entry point used by `markdown_extensions: [sitegen.mdraw]`."""
    return RawBlocksExtension(**kwargs)
