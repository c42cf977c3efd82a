"""Claim-level polarity on real parses: the main predicate decides, elliptic denials count."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claims.detect import main_negated


@pytest.mark.parametrize(("text", "clause", "negated"), [
    ("Les pirates ont eu accès aux noms, mais pas le contenu de leur dossier médical.",
     "pas le contenu de leur dossier médical", True),
    ("Les pirates ont eu accès aux noms, mais pas le contenu de leur dossier médical.",
     "Les pirates ont eu accès aux noms", False),
    ("Aucune donnée bancaire n'a été touchée.", "Aucune donnée bancaire n'a été touchée", True),
    ("Le CHU, qui n'a pas été paralysé, a porté plainte.", "Le CHU, qui n'a pas été paralysé, "
     "a porté plainte", False),
])
def test_main_predicate_negation(nlp: Language, text: str, clause: str, negated: bool) -> None:
    doc = nlp(text)
    start = doc.text.index(clause)
    span = doc.char_span(start, start + len(clause), alignment_mode="expand")
    assert span is not None
    assert main_negated(span) is negated
