"""Escaping helpers, and how Python-Markdown treats the generator's raw HTML blocks with the
extensions on or off (sitegen.mdraw, md_in_html, attr_list)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import markdown
import pytest

from bench.storefix import HOSTILE_LINES, HOSTILE_TEXT, XSS
from sitegen.diff import text_diff, words_diff
from sitegen.markup import block, esc, paragraphs, plain, rel, script_json, shorten, web_url
from sitegen.page import page, section
from sitegen.paths import page_slug, safe_id
from sitegen.site import percent
from tests.sitegen.htmlcheck import scan

BASE = ["toc", "tables", "admonition"]
EXTENSIONS = {
    "mdraw": ["sitegen.mdraw", *BASE],
    "plain": BASE,
    "md_in_html+attr_list": [*BASE, "md_in_html", "attr_list"],
    "all": ["sitegen.mdraw", *BASE, "md_in_html", "attr_list"],
}


def hostile_markdown() -> str:
    """A generated-style page: own headings, hostile text in raw blocks."""
    lines = [f"<p>{esc(line)}</p>" for line in HOSTILE_LINES]
    return page(
        XSS,
        section("Affirmations"),
        block('<div class="x">', *lines, "</div>"),
        block(f"<p>{esc(HOSTILE_TEXT)}</p>"),
        section("Suite"),
    ).split("---\n", 2)[2]


@pytest.mark.parametrize("name", sorted(EXTENSIONS))
def test_raw_blocks_stay_text_whatever_the_extensions(name: str) -> None:
    html = markdown.markdown(hostile_markdown(), extensions=EXTENSIONS[name])
    found = scan(html)
    assert found.problems == []
    text = " ".join(" ".join(found.text).split())
    for line in HOSTILE_LINES:
        assert " ".join(line.split()) in text, line
    assert 'id="affirmations"' in html and "<h2" in html  # our own Markdown still renders
    assert "admonition" not in html


def test_mdraw_gives_the_same_html_as_python_markdown() -> None:
    source = hostile_markdown()
    fast = markdown.markdown(source, extensions=EXTENSIONS["mdraw"])
    slow = markdown.markdown(source, extensions=EXTENSIONS["plain"])
    markers = ("<!--vs-raw-->", "<!--/vs-raw-->")

    def lines(html: str) -> list[str]:
        return [line for line in html.splitlines() if line.strip() and line not in markers]

    assert lines(fast) == lines(slow)


def test_esc_and_plain() -> None:
    assert esc('<a href="x">{{ y }}</a>\n  z') == (
        "&lt;a href=&quot;x&quot;&gt;&#123;&#123; y &#125;&#125;&lt;/a&gt; z"
    )
    assert plain(XSS + ' & "q" {x}') == "‹script›alert(1)‹/script› ＆ ”q” (x)"
    assert plain("   ") == "Sans titre"
    assert shorten("un deux trois quatre", 12) == "un deux…"


@pytest.mark.parametrize(
    "url,ok",
    [
        ("https://a.example/x?y=1", True),
        ("http://a.example", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,x", False),
        ("//a.example/x", False),
        ("https://a.example/x y", False),
        ("https:///x", False),
        ("file:///etc/passwd", False),
        ("", False),
    ],
)
def test_web_url(url: str, ok: bool) -> None:
    assert (web_url(url) is not None) == ok


def test_script_json_cannot_close_the_script() -> None:
    value = {"t": "</script><script>alert(1)</script> {{ x }} & \u2028"}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "{{" not in text and "&" not in text
    assert json.loads(text) == value


@pytest.mark.parametrize(
    "value",
    [
        {"a": {"b": [{}, {"c": 1}]}},  # structural braces only: kept as they are
        {"t": "x } y", "u": {"v": "{"}},  # braces in strings
        {"k{}": "v", "n": [{"m": '\\"{'}]},  # in a key; after an escaped quote
        ["\\", '}"{', {"x": "\\\\{"}],
    ],
)
def test_script_json_braces_only_in_strings_escaped(value: object) -> None:
    text = script_json(value)
    assert json.loads(text) == value
    strings = text.replace("\\\\", "").replace('\\"', "")
    for piece in strings.split('"')[1::2]:  # the JSON strings' contents
        assert "{" not in piece and "}" not in piece, text


def test_percent_matches_quote() -> None:
    for text in ("Signalement : x", "é « » \n<&>\"'{}", "日本 😀 ~-._/"):
        assert percent(text) == quote(text, safe="")


def test_paths_cannot_be_chosen_by_stored_values() -> None:
    assert page_slug("grades-2025") == "grades-2025"
    assert page_slug("../../<x>").startswith("x-")
    assert page_slug("").startswith("incident-")
    assert page_slug("Été 2025") != page_slug("ete-2025")
    assert safe_id("0123abcd") == "0123abcd"
    assert safe_id("../x").startswith("x") and "/" not in safe_id("../x")
    assert rel("articles/a.md", "incidents/b.html") == "../incidents/b.html"
    assert rel("index.md", "a-verifier.html#c-1") == "a-verifier.html#c-1"


def test_diff_shows_words_and_escapes() -> None:
    assert words_diff("la fuite se limiterait à ce stade", "la fuite se limite") == (
        "la fuite se <del>limiterait à ce stade</del> <ins>limite</ins>"
    )
    lines = text_diff("a\n\nb <x>\n\nc", "a\n\nb <y>\n\nc\n\nd")
    assert "<del>&lt;x&gt;</del>" in " ".join(lines) and "<p><ins>d</ins></p>" in lines
    assert paragraphs(" a \n b\n\n\n c ") == ["a b", "c"]


def test_every_data_class_of_the_check_stage_has_a_french_label() -> None:
    import tomllib

    from sitegen.site import DATA_CLASSES_FR

    path = Path(__file__).resolve().parents[2] / "claims" / "data" / "data_classes.toml"
    known = set(tomllib.loads(path.read_text(encoding="utf-8"))["class"])
    assert known - set(DATA_CLASSES_FR) == set()


def test_every_flag_and_verdict_has_a_french_label() -> None:
    from claims.records import FLAGS
    from core.verdicts import VERDICTS
    from sitegen.site import FLAG_LABELS, LABELS, SHORT_LABELS

    assert set(FLAGS) <= set(FLAG_LABELS)
    assert set(VERDICTS) < set(LABELS) == set(SHORT_LABELS)


def test_undated_documents_show_no_midnight() -> None:
    from sitegen.markup import fr_datetime

    assert fr_datetime("2025-09-10T00:00:00+00:00") == "10 septembre 2025"
    assert fr_datetime("2025-09-10T14:05:00+02:00") == "10 septembre 2025 à 14 h 05"


def test_french_typography_touches_words_only() -> None:
    from sitegen.markup import esc, esc_url, typo

    assert (
        typo("l'ARS : « oui » ; non ? si !")
        == "l’ARS\u00a0: «\u00a0oui\u00a0»\u202f; non\u202f? si\u202f!"
    )
    assert typo(typo("« a » :")) == typo("« a » :")  # idempotent
    assert typo("https://x.example/l'a?b=1") == "https://x.example/l’a?b=1"  # text only
    assert esc_url("https://x.example/l'a?b=1&c") == "https://x.example/l&#x27;a?b=1&amp;c"
    assert esc("d'abord <b>") == "d’abord &lt;b&gt;"
