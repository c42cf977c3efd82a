"""Synonym folding for the cross-check, on lemma sequences (no spaCy)."""

from __future__ import annotations

import pytest

from claims.compare import count_relation, effect
from claims.lexicon import content_lemmas, disruption, is_restrictive, topics_of
from claims.records import Claim, Facets, Quantity, Sentence


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("le pirate avoir utiliser le code de accès", "le pirate avoir utiliser le identifiant"),
        ("le système informatique être couper", "le système de information être couper"),
        ("trois employé avoir être piéger", "trois salarié avoir être piéger"),
        ("un infostealer", "un logiciel espion"),
    ],
)
def test_multi_word_synonyms_fold_to_the_same_lemmas(a: str, b: str) -> None:
    assert content_lemmas(a.split()) == content_lemmas(b.split())


def test_stop_words_and_adverbs_carry_no_content() -> None:
    assert content_lemmas("le attaque avoir être mener depuis le étranger aussi".split()) == (
        "attaque",
        "mener",
        "étranger",
    )


def test_words_outside_a_phrase_are_kept_in_order() -> None:
    assert content_lemmas("code postal et code de accès".split()) == (
        "code",
        "postal",
        "identifiant",
    )


def test_topics_and_effects_see_folded_phrases() -> None:
    assert "method" in topics_of("le code de accès avoir être voler".split())
    assert "impact_care" in topics_of("le système informatique être arrêter".split())
    assert disruption("le opération être maintenir".split()) is False


def test_elided_words_are_kept_as_they_are() -> None:
    assert content_lemmas(["Normand\u2019", "aujourd'hui"]) == ("normand'", "aujourd'hui")


@pytest.mark.parametrize(
    ("lemmas", "restrictive"),
    [
        ("le intrusion se limiter à le donnée de identité", True),
        ("seul le nom avoir être copier", True),
        ("il se agir presque exclusivement de donnée administratif", False),
        ("non seulement le nom mais aussi le adresse", False),
    ],
)
def test_restrictive_lists(lemmas: str, restrictive: bool) -> None:
    assert is_restrictive(lemmas.split()) is restrictive


def test_the_means_of_an_outcome_is_not_the_outcome() -> None:
    assert disruption("le soin être assurer , grâce à le procédure papier bloquer".split()) is False
    assert disruption("malgré le attaque , le soin être assurer".split()) is False
    assert disruption("le activité être perturber".split()) is True


@pytest.mark.parametrize(
    ("lemmas", "disrupted"),
    [
        # the negation denies the word it governs; the other effect words keep their sense
        (
            "le logiciel utiliser pour assurer le fonctionnement ne avoir pas être impacter et"
            " demeurer opérationnel",
            False,
        ),
        ("le application ne avoir pas être toucher et demeurer opérationnel", False),
        ("aucun patient ne avoir être transférer et le soin être assurer", False),
        ("le urgence ne être plus assurer", True),
        ("le consultation ne être ni annuler ni reporter", False),
        # denied and stated effects that disagree say nothing either way
        ("le urgence ne être pas fermer mais le opération être reporter", None),
    ],
)
def test_a_negation_denies_the_effect_it_governs(lemmas: str, disrupted: bool | None) -> None:
    assert effect(lemmas.split(), True) is disrupted


def test_a_statement_without_negation_keeps_its_effect() -> None:
    assert effect("le opération être reporter".split(), False) is True
    assert effect("le soin être assurer normalement".split(), False) is False


@pytest.mark.parametrize(
    ("lemmas", "disrupted"),
    [
        # "sans" denies the effect word after it in an affirmative statement
        ("le clinique être victime de un attaque sans que son activité en être affecter", False),
        ("le service continuer sans interruption", False),
        # and nothing else: an effect stated before it, or no effect word after it
        ("le urgence être fermer sans préavis", True),
    ],
)
def test_sans_denies_the_effect_after_it(lemmas: str, disrupted: bool) -> None:
    assert effect(lemmas.split(), False) is disrupted


def _counted(*quantities: Quantity) -> Facets:
    return Facets(quantities=quantities)


def test_a_number_against_an_official_all_is_not_compared() -> None:
    # "neuf établissements" / "tous nos hôpitaux": the whole may have nine
    claim = Claim(
        "c",
        "d",
        0,
        "fact",
        "neuf établissements",
        "neuf établissements",
        facets=_counted(Quantity(9, "établissement", text="neuf établissements")),
    )
    official = Sentence(
        "o",
        0,
        "tous nos hôpitaux",
        facets=_counted(Quantity(None, "hôpital", "all", text="tous nos hôpitaux")),
    )
    assert count_relation(claim, official) is None


def test_an_all_against_a_partial_official_count_stays_a_conflict() -> None:
    # "toutes les opérations" / "une trentaine d'interventions": the claim widens the count
    claim = Claim(
        "c",
        "d",
        0,
        "fact",
        "toutes les opérations",
        "toutes les opérations",
        facets=_counted(Quantity(None, "opération", "all", text="toutes les opérations")),
    )
    official = Sentence(
        "o",
        0,
        "une trentaine d'interventions",
        facets=_counted(
            Quantity(30, "intervention", "approx", text="une trentaine d'interventions")
        ),
    )
    relation = count_relation(claim, official)
    assert relation is not None and relation[0] == "conflict"


@pytest.mark.parametrize("unit", ["Français", "habitant", "utilisateur", "bénéficiaire"])
def test_people_counted_by_another_noun_are_people(unit: str) -> None:
    """'1,4 million de Français' counts the same people as '1,4 million de personnes'."""
    from claims.lexicon import unit_class

    assert unit_class(unit.lower()) == unit_class("personne") == "people"
