"""vigie_sector_entities: labels, ids and spans of health-sector entities."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claims.entities import SECTOR_LABELS, add_tokenizer_exceptions, build_patterns
from claims.normalize import load_data

DATA = load_data("sector_entities.toml")

# (sentence, entity text, label, sector key)
FOUND = [
    ("L'ARS Normandie a publié un communiqué.", "ARS Normandie", "AUTHORITY", "ars/normandie"),
    (
        "Selon l’ARS Hauts-de-France, les serveurs ont été visés.",
        "ARS Hauts-de-France",
        "AUTHORITY",
        "ars/hauts-de-france",
    ),
    (
        "Selon l'ARS Hauts-de-France, les serveurs ont été visés.",
        "ARS Hauts-de-France",
        "AUTHORITY",
        "ars/hauts-de-france",
    ),
    (
        "L'Agence régionale de santé des Hauts-de-France a réagi.",
        "Agence régionale de santé des Hauts-de-France",
        "AUTHORITY",
        "ars/hauts-de-france",
    ),
    (
        "l’agence régionale de santé d’Île-de-France alerte.",
        "agence régionale de santé d’Île-de-France",
        "AUTHORITY",
        "ars/ile-de-france",
    ),
    ("L'ARS de la Réunion enquête.", "ARS de la Réunion", "AUTHORITY", "ars/la-reunion"),
    ("Les ARS ont été prévenues.", "ARS", "AUTHORITY", "ars"),
    ("Normand’e-Santé a déposé plainte.", "Normand’e-Santé", "HEALTH_ORG", "grades/normandie"),
    ("Normand'e-Santé a déposé plainte.", "Normand'e-Santé", "HEALTH_ORG", "grades/normandie"),
    ("Le GRADeS de Normandie a été visé.", "GRADeS de Normandie", "HEALTH_ORG", "grades/normandie"),
    (
        "Le groupement régional d’appui au développement de la e-santé des Hauts-de-France.",
        "groupement régional d’appui au développement de la e-santé des Hauts-de-France",
        "HEALTH_ORG",
        "grades/hauts-de-france",
    ),
    ("En région, les GRADeS sont des opérateurs.", "GRADeS", "HEALTH_ORG", "grades"),
    (
        "le groupement régional d’appui au développement de la e-santé (GRADeS) de Normandie, "
        "Normand’e-Santé, a constaté",
        "groupement régional d’appui au développement de la e-santé (GRADeS) de Normandie",
        "HEALTH_ORG",
        "grades/normandie",
    ),
    (
        "L'Agence régionale de santé (ARS) de Bretagne a réagi.",
        "Agence régionale de santé (ARS) de Bretagne",
        "AUTHORITY",
        "ars/bretagne",
    ),
    ("La CNIL a été notifiée.", "CNIL", "AUTHORITY", "authority/cnil"),
    ("L'ANSSI accompagne l'hôpital.", "ANSSI", "AUTHORITY", "authority/anssi"),
    ("Le CERT Santé a été alerté.", "CERT Santé", "AUTHORITY", "authority/cert-sante"),
    ("Le CERT-FR a publié une alerte.", "CERT-FR", "AUTHORITY", "authority/cert-fr"),
    (
        "L'enquête a été confiée à l’Office anticybercriminalité (OFAC).",
        "Office anticybercriminalité",
        "AUTHORITY",
        "authority/ofac",
    ),
    (
        "L'enquête a été confiée à l’Office anticybercriminalité (OFAC).",
        "OFAC",
        "AUTHORITY",
        "authority/ofac",
    ),
    ("L'affaire a été confiée au C3N.", "C3N", "AUTHORITY", "authority/c3n"),
    (
        "Le parquet de Paris a ouvert une enquête.",
        "parquet de Paris",
        "AUTHORITY",
        "authority/parquet-paris",
    ),
    (
        "Le parquet a indiqué que sa section cybercriminalité avait été saisie.",
        "section cybercriminalité",
        "AUTHORITY",
        "authority/parquet-paris",
    ),
    ("Le CHU de Rouen a été paralysé.", "CHU de Rouen", "HEALTH_ORG", "hospital/chu-de-rouen"),
    (
        "Le centre hospitalier de Cannes Simone-Veil a été attaqué.",
        "centre hospitalier de Cannes Simone-Veil",
        "HEALTH_ORG",
        "hospital/centre-hospitalier-de-cannes-simone-veil",
    ),
    ("Le CH de Dax a porté plainte.", "CH de Dax", "HEALTH_ORG", "hospital/ch-de-dax"),
    (
        "Le centre d'imagerie médicale des Coteaux est victime.",
        "centre d'imagerie médicale des Coteaux",
        "HEALTH_ORG",
        "hospital/centre-d-imagerie-medicale-des-coteaux",
    ),
    (
        "L'EPSM des Hautes-Vignes a été victime.",
        "EPSM des Hautes-Vignes",
        "HEALTH_ORG",
        "hospital/epsm-des-hautes-vignes",
    ),
    (
        "L'Institut régional du cancer de Vallières piraté",
        "Institut régional du cancer de Vallières",
        "HEALTH_ORG",
        "hospital/institut-regional-du-cancer-de-vallieres",
    ),
    (
        "La clinique du Parc à Lyon est touchée.",
        "clinique du Parc",
        "HEALTH_ORG",
        "clinic/clinique-du-parc",
    ),
    (
        "Les patients de l'hôpital Simone-Veil sont inquiets.",
        "hôpital Simone-Veil",
        "HEALTH_ORG",
        "hospital/hopital-simone-veil",
    ),
    (
        "le piratage de l’Hôpital privé de la Loire (HPL)",
        "Hôpital privé de la Loire",
        "HEALTH_ORG",
        "hospital/hpl-saint-etienne",
    ),
    (
        "le piratage de l’Hôpital privé de la Loire (HPL)",
        "HPL",
        "HEALTH_ORG",
        "hospital/hpl-saint-etienne",
    ),
    ("Les serveurs de l'AP-HP ont été visés.", "AP-HP", "HEALTH_ORG", "hospital/ap-hp"),
    (
        "L'établissement appartient au groupe Ramsay Santé.",
        "groupe Ramsay Santé",
        "HEALTH_ORG",
        "group/ramsay-sante",
    ),
    ("Le groupe français Ramsay n’a pas répondu.", "Ramsay", "HEALTH_ORG", "group/ramsay-sante"),
    ("Une clinique du groupe Elsan est touchée.", "groupe Elsan", "HEALTH_ORG", "group/elsan"),
    ("Elsan a confirmé l'incident.", "Elsan", "HEALTH_ORG", "group/elsan"),
    ("Vivalto Santé a confirmé l'incident.", "Vivalto Santé", "HEALTH_ORG", "group/vivalto-sante"),
    ("Le groupe LockBit a revendiqué l'attaque.", "LockBit", "ATTACKER", "attacker/lockbit"),
    ("Le rançongiciel LockBit 3.0 a été utilisé.", "LockBit 3.0", "ATTACKER", "attacker/lockbit"),
    ("Qilin a publié les données.", "Qilin", "ATTACKER", "attacker/qilin"),
    ("Le gang Rhysida réclame une rançon.", "Rhysida", "ATTACKER", "attacker/rhysida"),
    ("Le groupe Medusa menace de publier les fichiers.", "Medusa", "ATTACKER", "attacker/medusa"),
    ("a indiqué l’Agence France-Presse (AFP).", "Agence France-Presse", "MEDIA", "media/afp"),
    ("a indiqué l’Agence France-Presse (AFP).", "AFP", "MEDIA", "media/afp"),
    ("révélées par le quotidien régional Le Progrès.", "Le Progrès", "MEDIA", "media/le-progres"),
    ("consultés par ICI Nord et ICI Normandie.", "ICI Normandie", "MEDIA", "media/ici"),
    ("Le Monde a eu accès aux documents.", "Le Monde", "MEDIA", "media/le-monde"),
]

# (sentence, label that must not appear)
NOT_FOUND = [
    ("Les données d’une clinique de Saint-Etienne ont été volées.", "HEALTH_ORG"),
    ("La cyberattaque a été menée contre les hôpitaux publics de la région.", "HEALTH_ORG"),
    ("Tout le monde a été prévenu.", "MEDIA"),
    ("Le progrès technique ne protège pas de tout.", "MEDIA"),
    ("Un hôpital de la région a été touché.", "HEALTH_ORG"),
    ("Le conti de la semaine est arrivé.", "ATTACKER"),
]


def _ents(doc: Doc) -> list[tuple[str, str, str | None]]:
    return [(e.text, e.label_, e._.sector_key) for e in doc.ents]


@pytest.mark.parametrize(("text", "span", "label", "key"), FOUND, ids=[f[1] for f in FOUND])
def test_sector_entity_found(nlp: Language, text: str, span: str, label: str, key: str) -> None:
    assert (span, label, key) in _ents(nlp(text))


@pytest.mark.parametrize(("text", "label"), NOT_FOUND, ids=[n[0][:30] for n in NOT_FOUND])
def test_sector_entity_not_found(nlp: Language, text: str, label: str) -> None:
    assert label not in {e.label_ for e in nlp(text).ents}


def test_model_entities_are_kept_around_the_ruler(nlp: Language) -> None:
    doc = nlp("Emmanuel Macron a appelé l'ARS Normandie à Rouen.")
    ents = _ents(doc)
    assert ("ARS Normandie", "AUTHORITY", "ars/normandie") in ents
    assert ("Emmanuel Macron", "PER", None) in ents


def test_ruler_alone_overwrites_model_entities(alone: Callable[..., Doc]) -> None:
    doc = alone("vigie_sector_entities", "L’ARS Hauts-de-France et l'AFP ont communiqué.")
    assert _ents(doc) == [
        ("ARS Hauts-de-France", "AUTHORITY", "ars/hauts-de-france"),
        ("AFP", "MEDIA", "media/afp"),
    ]


def test_sector_labels_are_the_documented_ones() -> None:
    labels = {e["label"] for e in DATA["entity"]} | {t["label"] for t in DATA["template"]}
    assert labels == set(SECTOR_LABELS)


def _registry_names() -> list[tuple[str, str, str]]:
    names = []
    for entry in DATA["entity"]:
        for name in entry.get("names", []) + entry.get("cased", []):
            names.append((name, entry["label"], entry["id"]))
    return names


@pytest.mark.parametrize(
    ("name", "label", "ent_id"), _registry_names(), ids=[n[0] for n in _registry_names()]
)
def test_every_registry_name_is_found(nlp: Language, name: str, label: str, ent_id: str) -> None:
    ruler = nlp.get_pipe("vigie_sector_entities")
    for text in (
        f"Nous avons contacté {name} hier.",
        f"Selon {name}, tout va bien.",
        f"Ils ont prévenu {name}.",
    ):
        doc = ruler(nlp.make_doc(text))
        assert (name, label, ent_id) in [(e.text, e.label_, e.ent_id_) for e in doc.ents], text


@pytest.mark.parametrize("region", DATA["region"], ids=[r["slug"] for r in DATA["region"]])
def test_every_region_is_found_with_each_prefix(nlp: Language, region: dict) -> None:
    ruler = nlp.get_pipe("vigie_sector_entities")
    for kind in DATA["regional"]["kind"]:
        for prefix in kind["prefixes"]:
            for name in region["names"]:
                phrase = f"{prefix} {name}"
                doc = ruler(nlp.make_doc(f"Selon l'{phrase}, tout va bien."))
                expected = (phrase, kind["label"], f"{kind['kind']}/{region['slug']}")
                assert expected in [(e.text, e.label_, e.ent_id_) for e in doc.ents]


def test_patterns_tolerate_apostrophes_and_accents(nlp: Language) -> None:
    patterns = build_patterns(nlp.tokenizer, DATA)
    first_tokens = [
        set(p["pattern"][0]["LOWER"]["IN"])
        for p in patterns
        if p["id"] == "grades/normandie" and "LOWER" in p["pattern"][0]
    ]
    assert {"normand'", "normand’"} in first_tokens  # Normand'e-Santé, both apostrophes
    ars_tokens = [
        t["LOWER"]["IN"] for p in patterns if p["id"] == "ars/normandie" for t in p["pattern"]
    ]
    assert ["regionale", "régionale"] in ars_tokens  # accents optional
    ruler = nlp.get_pipe("vigie_sector_entities")
    doc = ruler(nlp.make_doc("La Commission nationale de l'informatique et des libertes."))
    assert [e.ent_id_ for e in doc.ents] == ["authority/cnil"]


def test_tokenizer_exceptions_split_final_periods(nlp: Language) -> None:
    assert [t.text for t in nlp.make_doc("le C3N.")] == ["le", "C3N", "."]
    assert add_tokenizer_exceptions(nlp) == []  # already applied by load_nlp
