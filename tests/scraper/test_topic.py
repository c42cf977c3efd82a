"""Topic filter: health-sector cyber incidents kept, the rest dropped with evidence."""

import pytest

from scraper.topic import classify

ON_TOPIC = [
    (
        "Saint-Étienne : une clinique victime d'une cyberattaque",
        "Les données personnelles de plus de 126 000 patients ont été volées.",
    ),
    (
        "Fuite de données au CHU",
        "Un rançongiciel a chiffré les serveurs de l'hôpital ; la CNIL a été notifiée.",
    ),
    (
        "Normandie : des services numériques de santé visés",
        "L'ARS signale une intrusion et un risque d'hameçonnage pour les patients.",
    ),
    # one health institution named is enough, even once and outside the title
    (
        "Fuite de données : 840 000 adhérents touchés",
        "Les adhérents de la Mutuelle des Territoires ont vu leurs données dérobées ; la CNIL"
        " a été saisie et une plainte déposée.",
    ),
]
OFF_TOPIC = [
    ("Tour de France : la 12e étape", "Le peloton a roulé vite dans les Alpes."),
    ("Budget municipal voté", "Le conseil municipal a adopté le budget de la piscine."),
    ("Cambriolage au Louvre", "Les bijoux ont été volés en sept minutes par des malfaiteurs."),
    (
        "Le ministère de la santé lance une campagne de vaccination",
        "Les patients peuvent se faire vacciner en pharmacie dès lundi.",
    ),
    (
        "Cyberattaque contre une mairie",
        "Les serveurs de la commune ont été paralysés par un rançongiciel.",
    ),
    # a job agency's breach: health only in passing, in the list of what leaked
    (
        "Fuite de données : l'agence pour l'emploi sanctionnée par la CNIL",
        "Les pirates ont exfiltré les données personnelles de 36 millions de demandeurs"
        " d'emploi, dont parfois des données de santé ; la cyberattaque avait été signalée.",
    ),
]


@pytest.mark.parametrize(("title", "text"), ON_TOPIC)
def test_health_cyber_documents_are_on_topic(title: str, text: str) -> None:
    assert classify(title, text).on_topic


@pytest.mark.parametrize(("title", "text"), OFF_TOPIC)
def test_other_documents_are_off_topic(title: str, text: str) -> None:
    verdict = classify(title, text)
    assert not verdict.on_topic
    assert "health terms" in verdict.detail and "cyber terms" in verdict.detail
