"""vigie_data_classes: French wordings of breached data mapped to HIBP data classes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claims.normalize import load_data

DATA = load_data("data_classes.toml")
HIBP_CLASSES = {
    "Names",
    "Ages",
    "Dates of birth",
    "Places of birth",
    "Genders",
    "Phone numbers",
    "Email addresses",
    "Physical addresses",
    "IP addresses",
    "Social security numbers",
    "Bank account numbers",
    "Credit cards",
    "Passwords",
    "Personal health data",
    "Health insurance information",
    "Government issued IDs",
    "Passport numbers",
    "Appointments",
    "HIV statuses",
    "Disabilities",
    "Occupations",
    "Employers",
    "Photos",
}

# (sentence, [(mention text, data class or group key)])
FOUND = [
    (
        "Les pirates ont obtenu le nom, le prénom et l'âge des patients.",
        [("nom", "Names"), ("prénom", "Names"), ("âge", "Ages")],
    ),
    ("Leur date de naissance a fuité.", [("date de naissance", "Dates of birth")]),
    ("Des numéros de téléphone ont été volés.", [("numéros de téléphone", "Phone numbers")]),
    (
        "nom, prénom, le cas échéant numéro téléphone",
        [("nom", "Names"), ("prénom", "Names"), ("numéro téléphone", "Phone numbers")],
    ),
    ("Son adresse mail a été publiée.", [("adresse mail", "Email addresses")]),
    ("Son adresse e-mail a été publiée.", [("adresse e-mail", "Email addresses")]),
    ("Son adresse électronique a été publiée.", [("adresse électronique", "Email addresses")]),
    ("Son adresse courriel a été publiée.", [("adresse courriel", "Email addresses")]),
    ("Son adresse postale a été publiée.", [("adresse postale", "Physical addresses")]),
    (
        "Le numéro de sécurité sociale est exposé.",
        [("numéro de sécurité sociale", "Social security numbers")],
    ),
    ("Le NIR des assurés est exposé.", [("NIR", "Social security numbers")]),
    (
        "Les numéros de carte Vitale sont exposés.",
        [("numéros de carte Vitale", "Social security numbers")],
    ),
    (
        "des documents (cartes d’identité, Vitale, etc.)",
        [("cartes d’identité", "Government issued IDs"), ("Vitale", "Social security numbers")],
    ),
    (
        "Leurs coordonnées bancaires ont été dérobées.",
        [("coordonnées bancaires", "Bank account numbers")],
    ),
    (
        "Les IBAN et les RIB ont fuité.",
        [("IBAN", "Bank account numbers"), ("RIB", "Bank account numbers")],
    ),
    (
        "Les dossiers médicaux ne sont pas concernés.",
        [("dossiers médicaux", "Personal health data")],
    ),
    ("le contenu de leur dossier médical", [("dossier médical", "Personal health data")]),
    ("le vol de données médicales", [("données médicales", "Personal health data")]),
    ("des données de santé ont fuité", [("données de santé", "Personal health data")]),
    ("DONNEES MEDICALES DEROBEES", [("DONNEES MEDICALES", "Personal health data")]),
    ("Aucune donnée bancaire n'a été touchée.", [("donnée bancaire", "Bank account numbers")]),
    ("son numéro de sécurité sociale", [("numéro de sécurité sociale", "Social security numbers")]),
    (
        "des comptes rendus d'analyses biologiques",
        [("comptes rendus d'analyses", "Personal health data")],
    ),
    ("le nom de leur mutuelle", [("nom de leur mutuelle", "Health insurance information")]),
    (
        "leur nom et leur numéro de mutuelle",
        [("nom", "Names"), ("numéro de mutuelle", "Health insurance information")],
    ),
    ("Les cartes d'identité ont été copiées.", [("cartes d'identité", "Government issued IDs")]),
    ("Une copie du passeport a été publiée.", [("passeport", "Passport numbers")]),
    ("Les rendez-vous des patients sont visibles.", [("rendez-vous", "Appointments")]),
    ("Les mots de passe n'ont pas été touchés.", [("mots de passe", "Passwords")]),
    ("L'intrusion se limiterait aux données d’identité.", [("données d’identité", "identity")]),
    (
        "Ce sont des données administratives qui ont été volées.",
        [("données administratives", "administrative")],
    ),
    ("Les données personnelles de 126 000 patients.", [("données personnelles", "personal")]),
    ("Leurs coordonnées ont été transmises.", [("coordonnées", "contact")]),
]

NONE_FOUND = [
    "Il a agi au nom de l'établissement.",
    "Le patient était en situation d'urgence vitale.",
    "Un e-mail a été envoyé jeudi aux patients.",
    "Les hôpitaux publics de la région ont été touchés.",
    "Il a été joint par téléphone.",
    "La Mutuelle Solidaire des Territoires a porté plainte.",
    "Les assurés seront prévenus par leur mutuelle.",
]


def _rows(doc: Doc) -> list[tuple[str, str | None]]:
    return [(m.text, m.data_class or m.group) for m in doc._.data_classes]


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[f[0][:40] for f in FOUND])
def test_data_classes_found(alone: Callable[..., Doc], text: str, expected: list) -> None:
    assert _rows(alone("vigie_data_classes", text)) == expected


@pytest.mark.parametrize("text", NONE_FOUND)
def test_no_data_class(alone: Callable[..., Doc], text: str) -> None:
    assert _rows(alone("vigie_data_classes", text)) == []


def test_group_mentions_carry_their_members(nlp: Language) -> None:
    (mention,) = nlp("Les données d'identité ont été volées.")._.data_classes
    assert mention.data_class is None
    assert mention.group == "identity"
    assert mention.classes == ("Names", "Dates of birth", "Ages", "Genders")


def test_class_names_are_hibp_names() -> None:
    assert set(DATA["class"]) <= HIBP_CLASSES
    for group in DATA["group"].values():
        assert set(group["members"]) <= HIBP_CLASSES


def test_works_on_a_blank_pipeline() -> None:
    blank = spacy.blank("fr")
    blank.add_pipe("vigie_data_classes")
    doc = blank("Le numéro de sécurité sociale et l’adresse mail ont fuité.")
    assert [m.data_class for m in doc._.data_classes] == [
        "Social security numbers",
        "Email addresses",
    ]


def test_span_data_classes_follow_sentences(nlp: Language) -> None:
    doc = nlp("Les noms ont fuité. Les dossiers médicaux sont intacts.")
    first, second = list(doc.sents)
    assert [m.data_class for m in first._.data_classes] == ["Names"]
    assert [m.data_class for m in second._.data_classes] == ["Personal health data"]


@pytest.mark.seeds
@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        (
            "000",
            {
                "identity",
                "Names",
                "Ages",
                "Phone numbers",
                "Email addresses",
                "Personal health data",
                "personal",
            },
        ),
        # The last three come from advice ("ne demandera jamais ... mot de passe"): matching is
        # lexical, the negation is vigie_negation's business.
        (
            "001",
            {
                "identity",
                "administrative",
                "personal",
                "Names",
                "Ages",
                "Phone numbers",
                "Email addresses",
                "Personal health data",
                "Social security numbers",
                "Bank account numbers",
                "Passwords",
            },
        ),
        (
            "004",
            {
                "personal",
                "administrative",
                "Government issued IDs",
                "Social security numbers",
                "Personal health data",
            },
        ),
    ],
)
def test_seed_data_classes(
    nlp: Language, seed_text: Callable[[str], str], seed: str, expected: set[str]
) -> None:
    doc = nlp(seed_text(seed))
    assert {m.data_class or m.group for m in doc._.data_classes} == expected
