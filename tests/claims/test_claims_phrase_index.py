"""PhraseIndex and the fast sector ruler find exactly what spaCy's token Matcher finds."""

from __future__ import annotations

import random
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from claims.data_classes import DataClassMatcher
from claims.entities import SectorEntityRuler, build_patterns
from claims.normalize import PhraseIndex, load_data, phrase_patterns


class MatcherSectorRuler(SectorEntityRuler):
    """Reference: the same ruler with every pattern in the base ``Matcher`` (slow path)."""

    def _add_indexed(self, entry: dict[str, Any]) -> bool:
        return False


SENTENCES = [
    "Le CHU de Rouen et l'ARS Normandie ont communiqué avec l’AFP.",
    "Le centre hospitalier de Cannes Simone-Veil a été attaqué, selon l'ANSSI.",
    "L'Hôpital privé de la Loire (HPL) et la clinique du Parc à Lyon.",
    "Une clinique de Saint-Etienne, un hôpital de la région, chaque CHU De Rouen.",
    "l’hôpital d’instruction des armées Bégin, le CH de Dax - Côte d'Argent, le GHT -",
    "Le groupement régional d’appui au développement de la e-santé (GRADeS) de Normandie.",
    "L'Agence regionale de sante d'Ile-de-France et les agences régionales de santé.",
    "institut Curie, Institut Gustave-Roussy, l'institut Du Cerveau Et De La Moelle",
    "clinique De La Loire O'Neil A3 - B, polyclinique L'Europe, hôpital D'Artagnan",
    "Le groupe Ramsay Santé, Ramsay, ramsay, Le Monde, le monde, LockBit 3.0, Hive, hive.",
]


@pytest.fixture(scope="module")
def reference(nlp: Language) -> MatcherSectorRuler:
    ruler = MatcherSectorRuler(nlp, "reference_sector_entities", overwrite_ents=True)
    ruler.add_patterns(build_patterns(nlp.tokenizer, load_data("sector_entities.toml")))
    return ruler


def _fuzz(nlp: Language, count: int) -> list[Doc]:
    words = [
        "CHU",
        "CH",
        "ch",
        "hôpital",
        "Hôpital",
        "hopital",
        "privé",
        "centre",
        "hospitalier",
        "clinique",
        "Clinique",
        "institut",
        "de",
        "De",
        "d'",
        "D'",
        "d’",
        "du",
        "des",
        "la",
        "La",
        "l'",
        "L'",
        "le",
        "Rouen",
        "Simone",
        "-",
        "Veil",
        "Saint",
        "Parc",
        "Loire",
        "ARS",
        "Normandie",
        "agence",
        "régionale",
        "santé",
        "Hauts",
        "France",
        "Île",
        "un",
        "une",
        "Autre",
        "Élan",
        "O'Neil",
        "A3",
        "x",
        ",",
        "Et",
        "Selon",
        "AP-HP",
        "Ramsay",
        "Santé",
        "groupe",
        "Le",
        "Monde",
        "(",
        "ARS",
        ")",
        "GRADeS",
        "universitaire",
        "\n",
    ]
    rng = random.Random(7)
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(count)]
    return [nlp.make_doc(t) for t in texts]


def _ents(ruler: SectorEntityRuler, doc: Doc) -> list[tuple[int, int, str, str]]:
    out = ruler(doc.copy())
    return [(e.start, e.end, e.label_, e.ent_id_) for e in out.ents]


def test_sector_ruler_matches_the_matcher_reference(
    nlp: Language, reference: MatcherSectorRuler
) -> None:
    ruler = nlp.get_pipe("vigie_sector_entities")
    docs = [nlp.make_doc(s) for s in SENTENCES] + _fuzz(nlp, 400)
    found = 0
    for doc in docs:
        expected = _ents(reference, doc)
        assert _ents(ruler, doc) == expected, doc.text
        found += len(expected)
    assert found > 100  # the comparison is not vacuous


def test_sector_ruler_uses_the_index_not_the_matcher(nlp: Language) -> None:
    ruler = nlp.get_pipe("vigie_sector_entities")
    assert len(ruler.matcher) == 0 and len(ruler.phrase_matcher) == 0
    assert len(ruler.patterns) == len(
        build_patterns(nlp.tokenizer, load_data("sector_entities.toml"))
    )


def test_sector_ruler_other_patterns_still_work(nlp: Language) -> None:
    ruler = SectorEntityRuler(nlp, "extra_sector_entities")
    ruler.add_patterns(
        [
            {"label": "MEDIA", "id": "media/x", "pattern": [{"LOWER": "x"}, {"IS_DIGIT": True}]},
            {"label": "MEDIA", "id": "media/y", "pattern": "Radio Y"},
            {"label": "MEDIA", "id": "media/z", "pattern": [{"LOWER": {"IN": ["zed", "zède"]}}]},
        ]
    )
    doc = ruler(nlp.make_doc("X 3, Radio Y et Zède."))
    assert [(e.text, e.ent_id_) for e in doc.ents] == [
        ("X 3", "media/x"),
        ("Radio Y", "media/y"),
        ("Zède", "media/z"),
    ]
    ruler.remove("media/y")
    assert [e.ent_id_ for e in ruler(nlp.make_doc("Radio Y et zed")).ents] == ["media/z"]
    with pytest.raises(ValueError):
        ruler.remove("media/y")


def test_phrase_index_matches_the_matcher_on_data_class_patterns(nlp: Language) -> None:
    data = load_data("data_classes.toml")
    index = PhraseIndex()
    matcher = Matcher(nlp.vocab)
    for key, entry in [*data["class"].items(), *data["group"].items(), ("x", data["exclude"])]:
        patterns = [p for t in entry["terms"] for p in phrase_patterns(nlp.tokenizer, t)]
        patterns += [
            p for t in entry.get("cased", []) for p in phrase_patterns(nlp.tokenizer, t, cased=True)
        ]
        matcher.add(key, patterns)
        for pattern in patterns:
            assert index.add(key, pattern)
    words = sorted(
        {
            w
            for e in [*data["class"].values(), *data["group"].values()]
            for t in e["terms"] + e.get("cased", [])
            for w in t.split()
        }
    )
    rng = random.Random(3)
    for _ in range(300):
        text = " ".join(rng.choice(words + ["d'", "DONNEES", "Vitale", "au"]) for _ in range(8))
        doc = nlp.make_doc(text)
        expected = {(nlp.vocab.strings[k], s, e) for k, s, e in matcher(doc)}
        assert set(index.find(doc)) == expected, text


def test_phrase_index_rejects_other_patterns() -> None:
    index = PhraseIndex()
    assert not index.add("k", [{"LOWER": "a", "OP": "?"}])
    assert not index.add("k", [{"LOWER": "a"}, {"ORTH": "B"}])
    assert not index.add("k", [{"LEMMA": "être"}])
    assert not index.add("k", [])
    assert not index
    assert index.add("k", [{"lower": "a"}, {"LOWER": {"IN": ["b", "c"]}}])
    doc = Doc(spacy.blank("fr").vocab, words=["A", "c", "a", "b"])
    assert index.find(doc) == [("k", 0, 2), ("k", 2, 4)]


def test_data_class_matcher_is_built_on_the_index(nlp: Language) -> None:
    component = nlp.get_pipe("vigie_data_classes")
    assert isinstance(component, DataClassMatcher)
    assert component.index
