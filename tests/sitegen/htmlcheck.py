"""An HTML scan for the escaping invariant: what scraped text could have made live.

A generated page may carry only the theme's scripts and our own: no event-handler attribute,
no `javascript:`/`data:` address, no image or frame, no script whose code mentions `alert`,
and JSON-LD that parses and holds no `<`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"}
FORBIDDEN_TAGS = {"img", "iframe", "object", "embed", "frame", "base", "meta-refresh"}
OWN_SCRIPTS = ("application/json", "application/ld+json")


@dataclass
class Scan:
    """What a page contains that the invariant cares about."""

    problems: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    title: str = ""
    jsonld: list[str] = field(default_factory=list)
    external: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attr, url)
    out_links: list[tuple[str, str]] = field(default_factory=list)  # (href, rel)
    ids: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in FORBIDDEN_TAGS:
            self.scan.problems.append(f"<{tag}> element: {values}")
        for name, value in values.items():
            if name.startswith("on"):
                self.scan.problems.append(f"event handler {name}={value!r} on <{tag}>")
            compact = "".join(value.split()).lower()
            if name in URL_ATTRS and compact.startswith(BAD_SCHEMES):
                self.scan.problems.append(f"{name}={value!r} on <{tag}>")
            if name == "style" and ("expression(" in compact or "url(" in compact):
                self.scan.problems.append(f"style={value!r} on <{tag}>")
        if "id" in values:
            self.scan.ids.add(values["id"])
        for name in ("src", "href"):
            url = values.get(name, "")
            if url.startswith(("http://", "https://", "//")):
                if tag == "a":
                    self.scan.out_links.append((url, values.get("rel", "")))
                elif not (tag == "link" and values.get("rel") in ("canonical", "alternate")):
                    self.scan.external.append((tag, name, url))
        if tag == "script":
            self._script, self._script_text = values, []
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self._end_script("".join(self._script_text))
            self._script = None
        if tag == "title":
            self._in_title = False

    def _end_script(self, code: str) -> None:
        kind = (self._script or {}).get("type", "")
        if kind == "application/ld+json":
            self.scan.jsonld.append(code)
            if "<" in code:
                self.scan.problems.append("JSON-LD with a literal <")
            try:
                json.loads(code)
            except ValueError as exc:
                self.scan.problems.append(f"JSON-LD does not parse: {exc}")
        elif kind not in OWN_SCRIPTS and "alert" in code:
            self.scan.problems.append(f"script code from input: {code[:80]!r}")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        elif self._in_title:
            self.scan.title += data
        else:
            self.scan.text.append(data)


def scan(html: str) -> Scan:
    """Parse a page and report what it holds."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    if "<" in parser.scan.title or ">" in parser.scan.title:
        parser.scan.problems.append(f"markup in <title>: {parser.scan.title!r}")
    return parser.scan
