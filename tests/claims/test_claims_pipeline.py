"""load_nlp(): component order, single load, batch processing, seeds end to end."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.language import Language

from claims.nlp import COMPONENTS, load_nlp, make_doc

EXPECTED_ORDER = [
    "tok2vec",
    "morphologizer",
    "vigie_paragraph_breaks",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "vigie_verb_lemmas",
    "vigie_sector_entities",
    "ner",
    "vigie_dates",
    "vigie_quantities",
    "vigie_data_classes",
    "vigie_negation",
    "vigie_hedges",
]
EXTENSIONS = ("date_mentions", "quantities", "data_classes", "negations", "hedge_cues")


def test_pipeline_order(nlp: Language) -> None:
    assert nlp.pipe_names == EXPECTED_ORDER


def test_model_is_loaded_once(nlp: Language) -> None:
    assert load_nlp() is nlp


@pytest.mark.parametrize("name", ("vigie_sector_entities", "vigie_verb_lemmas", *COMPONENTS))
def test_components_are_registered_factories(name: str) -> None:
    assert Language.has_factory(name)


def test_every_component_sets_its_extension(nlp: Language) -> None:
    doc = nlp("Jeudi, selon l'ARS, 3 000 numéros de téléphone n'auraient pas fuité.")
    for name in EXTENSIONS:
        assert getattr(doc._, name), name


def test_batch_matches_single_documents(nlp: Language) -> None:
    texts = [
        f"Selon l'ARS Normandie, {n} patients ont été touchés hier ; aucun dossier médical "
        "ne serait concerné."
        for n in range(100, 140)
    ]
    batched = list(nlp.pipe(texts, batch_size=32))
    for n, doc in zip(range(100, 140), batched, strict=True):
        assert [q.value for q in doc._.quantities] == [n]
        single = nlp(doc.text)
        assert doc._.quantities == single._.quantities
        assert doc._.hedge_cues == single._.hedge_cues
        assert doc._.negations == single._.negations
    assert batched[0]._.quantities is not batched[1]._.quantities


# What every seed must yield end to end: (seed, reference date, sector keys, dates, counts)
SEEDS = [
    (
        "000",
        date(2025, 9, 8),
        {"ars/hauts-de-france", "ars/normandie", "grades/normandie", "media/ici", "ars"},
        {date(2025, 9, 5), date(2025, 9, 8)},
        set(),
    ),
    (
        "001",
        date(2025, 9, 8),
        {"grades", "grades/normandie", "ars/normandie", "authority/cnil"},
        {date(2025, 9, 5)},
        set(),
    ),
    (
        "004",
        date(2025, 7, 10),
        {
            "hospital/hpl-saint-etienne",
            "group/ramsay-sante",
            "media/afp",
            "media/le-progres",
            "authority/parquet-paris",
            "authority/ofac",
        },
        {date(2025, 7, 10), date(2025, 6, 26)},
        {126000, 40},
    ),
]


@pytest.mark.seeds
@pytest.mark.parametrize(
    ("seed", "ref", "keys", "starts", "values"), SEEDS, ids=[s[0] for s in SEEDS]
)
def test_seed_end_to_end(
    nlp: Language,
    seed_text: Callable[[str], str],
    seed: str,
    ref: date,
    keys: set[str],
    starts: set[date],
    values: set[int],
) -> None:
    doc = make_doc(nlp, seed_text(seed), ref)
    assert keys <= {e._.sector_key for e in doc.ents if e._.sector_key}
    assert starts <= {d.start for d in doc._.dates}
    assert values <= {q.value for q in doc._.quantities}


def test_line_breaks_end_sentences(nlp: Language) -> None:
    doc = nlp("Une clinique piratée\n\nLes données de patients ont été volées. La CNIL est saisie.")
    assert [s.text.strip() for s in doc.sents] == [
        "Une clinique piratée",
        "Les données de patients ont été volées.",
        "La CNIL est saisie.",
    ]


def test_a_verb_the_lemma_tables_read_as_a_noun_gets_its_infinitive(nlp: Language) -> None:
    """ "invite", "indique", "reste": present-tense forms the tables give back as themselves;
    infinitives in "-re" keep their lemma."""
    doc = nlp(
        "L’hôpital invite les patients à la vigilance. Le CHU indique que le service reste "
        "fermé. Nous avons tenté de joindre la direction pour comprendre."
    )
    lemmas = {t.text: t.lemma_ for t in doc if t.pos_ == "VERB"}
    assert lemmas["invite"] == "inviter"
    assert lemmas["indique"] == "indiquer"
    assert lemmas["reste"] == "rester"
    assert lemmas["joindre"] == "joindre"
    assert lemmas["comprendre"] == "comprendre"


def test_a_sector_noun_tagged_as_a_verb_keeps_its_lemma(nlp: Language) -> None:
    """ "cyberattaque" read as a finite verb by the tagger stays "cyberattaque" (the topic
    lexicon knows it as a noun); an unknown form in "-e" gets its infinitive."""
    from spacy.tokens import Doc

    from claims.nlp import verb_lemmas

    doc = Doc(nlp.vocab, words=["La", "cyberattaque", "invite", "à", "la", "prudence"])
    for token in doc:
        token.pos_ = "VERB" if token.text in ("cyberattaque", "invite") else "X"
        token.set_morph("Mood=Ind|Person=3|Tense=Pres|VerbForm=Fin" if token.pos_ == "VERB" else "")
        token.lemma_ = token.text.lower()
    lemmas = [t.lemma_ for t in verb_lemmas(doc)]
    assert lemmas[1] == "cyberattaque"
    assert lemmas[2] == "inviter"
