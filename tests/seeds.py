"""Access to the real scraped texts in ../shared/seeds, and what their cleaning must give.

The folder sits beside the repository (CI provides it). When it is missing the test is
skipped, unless VIGIE_REQUIRE_ALL=1, in which case it fails: CI never passes by skipping.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

SEEDS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def seeds_dir() -> Path:
    """The seeds folder; skip the test (fail under VIGIE_REQUIRE_ALL=1) when it is absent."""
    if not SEEDS_DIR.is_dir():
        reason = f"../shared/seeds not found (looked in {SEEDS_DIR})"
        if os.environ.get("VIGIE_REQUIRE_ALL") == "1":
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)
    return SEEDS_DIR


def seed_text(name_prefix: str) -> str:
    """Text of the one seed file whose name starts with `name_prefix` (e.g. '000')."""
    matches = sorted(seeds_dir().glob(f"{name_prefix}*.txt"))
    if len(matches) != 1:
        pytest.fail(f"expected one seed named {name_prefix}*.txt in {SEEDS_DIR}, got {matches}")
    return matches[0].read_text(encoding="utf-8")


@dataclass(frozen=True)
class SeedCase:
    """What cleaning one seed must keep and must drop."""

    prefix: str
    title: str  # the first line, taken as title by extract_plain
    body_from: str  # the article body is every line from the one starting with this...
    body_to: str  # ...to the one starting with this, both included (debris lines aside)
    must: tuple[str, ...]
    must_not: tuple[str, ...]


CASES = (
    SeedCase(
        prefix="000",
        title="Normandie/Hauts-de-France : une cyberattaque vise les données personnelles "
        "des patients, alertent les agences régionales de santé",
        body_from="Une cyberattaque vise les données",
        body_to="Les comptes compromis ont été neutralisés",
        must=(
            "Les données personnelles relatives à l'identité de patients ont été compromises",
            "\n\nDes identités de professionnels usurpées\n\n",
            "\n\nLe fonctionnement des hôpitaux n'est pas concerné\n\n",
            "\"À ce stade des investigations, il apparaît qu'aucune donnée contenue dans les "
            "dossiers médicaux des patients ne serait concernée\", avance l'ARS Hauts-de-France.",
            "mais aucune donnée contenue dans les dossiers médicaux ne serait concernée, "
            "affirment les ARS.",
            "Il y a eu en réalité plusieurs tentatives de cyberattaques, échelonnées dans le "
            "temps.",
            "L'intrusion se limiterait aux données d'identité (nom, prénom, âge",
            "cette attaque n'a pas d'impact sur le fonctionnement des hôpitaux et les services "
            "numériques de santé.",
        ),
        must_not=(
            ".png)",
            ".jpg)",
            "/2025/01/06/",
            "À regarder",
            "Quel était le système de sécurité au Louvre ?",
            "Temu, Shein... ça va coûter plus cher ?",
            "Départ anticipé d’E. Macron",
            "Commentaires",
            "Connectez-vous",
            "pour commenter",
            "Déjà un compte",
            "Se connecter",
            "\n-\n",
        ),
    ),
    SeedCase(
        prefix="001",
        title="Une cyberattaque dirigée contre des services numériques régionaux de santé",
        body_from="En fin de semaine dernière",
        body_to="Pour rappel, un professionnel",
        must=(
            "Normand’e-Santé, a constaté - en lien avec les autorités nationales",
            "que l’intrusion se limiterait aux données d’identité\u00a0(nom, prénom, âge",
            "A ce stade des investigations, il apparait qu'aucune donnée contenue dans les "
            "dossiers médicaux des patients ne serait concernée par cette cyberattaque.",
            "Des déclarations à la CNIL ont été réalisées par Normand’e-Santé",
            "\n\nConseils pratiques\n\n",
            "ou mot de passe…).",
        ),
        must_not=("Aller plus loin",),
    ),
    SeedCase(
        prefix="004",
        title="Saint-Etienne\u00a0: une clinique victime d’une cyberattaque, les données "
        "de\u00a0126\u00a0000\u00a0patients volées",
        body_from="Les données personnelles de plus de",
        body_to="Le groupe français Ramsay",
        must=(
            "Les données personnelles de plus de 126\u00a0000\u00a0patients ont été volées",
            "menée du\u00a026 juin au\u00a01er\u00a0juillet.",
            "les 40 d’entre eux qui sont concernés par le vol de données médicales",
            "«\u00a0A aucun moment cet événement n’a eu d’incidence sur la prise en charge "
            "des patients",
            "l’Office anticybercriminalité (OFAC) de la police judiciaire.",
            "reçu une demande de rançon",
        ),
        must_not=(
            "Recomendar",
            "Amigo",
            "gplus",
            "pinterest",
            "Commentarios",
            "No hay comentarios",
            "Tu comentario",
            "•",
        ),
    ),
)


def body_lines(case: SeedCase, text: str) -> list[str]:
    """The seed's article-body lines (between body_from and body_to), debris excluded."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith(case.body_from))
    end = next(i for i, line in enumerate(lines) if line.startswith(case.body_to))
    return [line for line in lines[start : end + 1] if not line.endswith((".png)", ".jpg)"))]
