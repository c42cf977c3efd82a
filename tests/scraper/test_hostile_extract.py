"""Property tests: extraction never crashes on hostile input; it returns a record or a Drop."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.clean import clean_text
from scraper.errors import Drop
from scraper.extract import extract_bytes

NOW = datetime(2025, 9, 15, tzinfo=UTC)
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        '{: onclick="alert(1)" }',
        "{{ config }}",
        '--8<-- "/etc/passwd"',
        '!!! danger "x"',
        "\u202e\u200f",
        "\x00",
        "126\u00a0000 patients",
        "« citation »",
        "\n\n",
        "é" * 50,
    ]
)
TEXTS = st.lists(st.one_of(st.text(max_size=200), HOSTILE), max_size=30).map("".join)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(TEXTS, st.sampled_from(["text/html", "text/plain", None, "application/pdf"]))
def test_extract_bytes_returns_a_record_or_a_drop(text: str, content_type: str | None) -> None:
    body = text.encode("utf-8", "surrogatepass")
    try:
        record = extract_bytes(
            body, "https://e.example/a", content_type=content_type, charset=None, now=NOW
        )
    except Drop as drop:
        assert drop.reason in {"empty", "unreadable"}
        return
    assert "\x00" not in record.text
    assert record.published is None or record.published <= NOW


@settings(max_examples=150, deadline=None, derandomize=True)
@given(TEXTS)
def test_cleaning_keeps_text_a_string_and_never_grows_it(text: str) -> None:
    cleaned = clean_text(text)
    assert isinstance(cleaned.text, str)
    assert len(cleaned.text) <= len(text) + text.count("\n") + 2
