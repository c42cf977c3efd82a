"""The one accent folder and the one slug maker give, byte for byte, what each of the helpers
they replace gave (the old helpers are written out here as oracles): no claim key, grouping
term, quote match or incident address moves."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from core.text import ascii_only, drop_accents, slugify

SAMPLES = (
    "CHU de Rouen",
    "Île-de-France",
    "Cœur Grand Est",
    "Hôpital privé de la Loire",
    "ﬁchiers  ²",
    "l’ARS",
    "",
    "---",
    "İstanbul",
    "Ⅻ",
    "Straße",
    "ÀÉÎÕÜ çñ",
)
TEXT = st.one_of(st.sampled_from(SAMPLES), st.text(max_size=40))


def old_topic_fold(text: str) -> str:  # scraper/topic.py
    text = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def old_grouping_fold(text: str) -> str:  # claims/grouping.py, before elisions were split
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


_QUOTES = str.maketrans({"’": " ", "‘": " ", "ʼ": " ", "'": " ", "œ": "oe", "Œ": "Oe"})


def old_strip_accents(text: str) -> str:  # claims/normalize.py
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept)


def old_quotes_folded(text: str) -> str:  # claims/quotes.py
    from claims.normalize import identity_text

    text = unicodedata.normalize("NFKD", identity_text(text))
    return "".join(c for c in text if not unicodedata.combining(c))


def old_incident_slug(text: str, limit: int = 60) -> str:  # claims/incidents.py
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit] or "incident"


def old_entity_slug(text: str) -> str:  # claims/normalize.py, fold() inlined
    from claims.normalize import _APOSTROPHE_TABLE, _SPACE_TABLE

    text = text.translate(_APOSTROPHE_TABLE).translate(_SPACE_TABLE)
    folded = " ".join(old_strip_accents(text).lower().split())
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


@settings(max_examples=300, derandomize=True)
@given(TEXT)
def test_folding_is_what_each_old_helper_gave(text: str) -> None:
    from claims.grouping import fold as grouping_fold
    from claims.normalize import strip_accents
    from claims.quotes import folded as quotes_folded
    from scraper.topic import fold as topic_fold

    assert topic_fold(text) == old_topic_fold(text)
    if "http" not in text.lower() and "www." not in text.lower():  # addresses are dropped
        assert grouping_fold(text) == old_grouping_fold(text.translate(_QUOTES))
    assert strip_accents(text) == old_strip_accents(text)
    assert quotes_folded(text) == old_quotes_folded(text)
    assert ascii_only(drop_accents(text)) == ascii_only(unicodedata.normalize("NFKD", text))


@settings(max_examples=300, derandomize=True)
@given(TEXT, st.sampled_from((60, 300)))
def test_slugs_are_what_each_old_rule_gave(text: str, limit: int) -> None:
    from claims.incidents import incident_slug

    assert incident_slug(text, limit) == old_incident_slug(text, limit)
    assert slugify(text, ascii_fold=False) == old_entity_slug(text)


def test_the_two_rules_differ_where_it_matters() -> None:
    """Why there are two: each rule's slugs are in stored keys and page addresses."""
    assert slugify("Cœur Grand Est", ascii_fold=True) == "cur-grand-est"
    assert slugify("Cœur Grand Est", ascii_fold=False) == "c-ur-grand-est"
