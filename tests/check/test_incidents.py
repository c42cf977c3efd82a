"""Incident grouping on hand-built document records (no spaCy)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.incidents import Curated, DocInfo, group, load_curated, victim_name
from scraper.errors import ConfigError


def doc(i: str, day: date, mentions: list[tuple[str, str, str, int]], *, title: str = "",
        cluster: str = "", kind: str = "press") -> DocInfo:
    return DocInfo(i, f"https://e.example/{i}", kind, title or f"Article {i}", day,
                   cluster or i, mentions)


BREVANNES_CH = ("HEALTH_ORG", "centre hospitalier de Brévannes",
                "hospital/centre-hospitalier-de-brevannes", 1)
BREVANNES_H = ("HEALTH_ORG", "hôpital de Brévannes", "hospital/hopital-de-brevannes", 2)
ROUEN = ("HEALTH_ORG", "CHU de Rouen", "hospital/chu-de-rouen", 1)


def test_victim_names_drop_head_words() -> None:
    assert victim_name("centre hospitalier de Brévannes") == victim_name("hôpital de Brévannes")
    assert victim_name("EPSM des Hautes-Vignes") == victim_name(
        "hôpital psychiatrique des Hautes-Vignes") == "hautes-vignes"
    assert victim_name("Institut régional du cancer de Vallières") == "vallieres"
    assert victim_name("Hôpital privé de la Loire") == "loire"


def test_same_victim_within_the_window_is_one_incident() -> None:
    docs = [doc("a", date(2025, 3, 6), [BREVANNES_CH], kind="official"),
            doc("b", date(2025, 3, 7), [BREVANNES_H]),
            doc("c", date(2025, 3, 8), [ROUEN]),
            doc("d", date(2025, 11, 1), [BREVANNES_H])]
    groups = {i.documents: i for i in group(docs)}
    assert set(groups) == {("a", "b"), ("c",), ("d",)}
    brevannes = groups[("a", "b")]
    assert brevannes.title == "Article a"  # the official document names the incident
    assert brevannes.first_report == date(2025, 3, 6)


def test_syndicated_copies_and_regions_join() -> None:
    docs = [doc("a", date(2025, 9, 8), [("LOC", "Normandie", "", 1)]),
            doc("b", date(2025, 9, 8), [("AUTHORITY", "ARS Normandie", "ars/normandie", 1)]),
            doc("c", date(2025, 9, 9), [], cluster="a")]
    assert [i.documents for i in group(docs)] == [("a", "b", "c")]


def test_a_name_in_the_title_is_a_subject() -> None:
    docs = [doc("a", date(2025, 6, 3), [("PER", "Bioanalyses Garonne", "", 1)],
                title="Bioanalyses Garonne : fuite de données"),
            doc("b", date(2025, 6, 4), [("ORG", "Bioanalyses Garonne", "", 2)],
                title="Fuite chez Bioanalyses Garonne")]
    assert [i.documents for i in group(docs)] == [("a", "b")]


def test_a_specific_organisation_name_joins_when_some_title_or_address_names_it() -> None:
    mst = ("MISC", "Mutuelle Solidaire des Territoires", "", 1)
    care = ("MISC", "plan CaRE hospitalier", "", 1)
    official = DocInfo("a", "https://mutuelle-solidaire-territoires.example/incident", "official",
                       "Information de nos adhérents", date(2025, 1, 16), "a", [mst])
    docs = [official,
            doc("b", date(2025, 1, 17), [mst, care, ("MISC", "Assurance maladie", "", 1)]),
            doc("c", date(2025, 1, 18), [care, ("MISC", "Assurance maladie", "", 1)]),
            doc("d", date(2025, 1, 18), [("PER", "Jean Martin", "", 1)]),
            doc("e", date(2025, 1, 19), [("PER", "Jean Martin", "", 1)])]
    assert {i.documents for i in group(docs)} == {("a", "b"), ("c",), ("d",), ("e",)}


def test_a_victim_named_elsewhere_joins_a_document_naming_it_in_title_or_address() -> None:
    chi = ("HEALTH_ORG", "CHI des Deux-Rives", "hospital/chi-des-deux-rives", 1)
    official = DocInfo("a", "https://chi-deux-rives.example/actualites/cyberattaque", "official",
                       "Communiqué", date(2025, 6, 5), "a", [("LOC", "CHI", "", 1)])
    titled = doc("b", date(2025, 6, 6), [], title="Les urgences du CHI des Deux-Rives fermées")
    other = doc("c", date(2025, 6, 6), [], title="Cyberattaque à Valmont")
    press = doc("d", date(2025, 6, 5), [chi])
    assert [i.documents for i in group([official, titled, other, press])] == [
        ("a", "b", "d"), ("c",)]


def test_an_outlet_named_after_a_city_does_not_join_its_incidents() -> None:
    rouen_a = ("HEALTH_ORG", "CHU de Rouen", "hospital/chu-de-rouen", 1)
    dieppe = ("HEALTH_ORG", "hôpital de Dieppe", "hospital/hopital-de-dieppe", 1)
    a = DocInfo("a", "https://journal-de-rouen.example/chu", "press", "Le CHU piraté",
                date(2025, 3, 1), "a", [rouen_a])
    b = DocInfo("b", "https://journal-de-rouen.example/dieppe", "press", "Dieppe : l'hôpital visé",
                date(2025, 3, 9), "b", [dieppe])
    assert {i.documents for i in group([a, b])} == {("a",), ("b",)}


def test_grouping_does_not_depend_on_order() -> None:
    docs = [doc("a", date(2025, 3, 6), [BREVANNES_CH]), doc("b", date(2025, 3, 7), [BREVANNES_H]),
            doc("c", date(2025, 3, 8), [ROUEN])]
    assert group(docs) == group(list(reversed(docs)))


def test_curated_entries_rename_merge_and_move(tmp_path: Path) -> None:
    docs = [doc("a", date(2025, 3, 6), [BREVANNES_CH]), doc("c", date(2025, 3, 8), [ROUEN])]
    auto = {i.documents[0]: i.slug for i in group(docs)}
    curated = [Curated("brevannes-2025", title="Intrusion à Brévannes",
                       merge=(auto["a"],)), Curated("autre", documents=("https://e.example/c",))]
    result = {i.slug: i for i in group(docs, curated)}
    assert result["brevannes-2025"].title == "Intrusion à Brévannes"
    assert result["brevannes-2025"].documents == ("a",)
    assert set(result) == {"brevannes-2025", "autre"}
    assert result["autre"].documents == ("c",)
    path = tmp_path / "incidents.toml"
    path.write_text('[[incident]]\nslug = "x"\n\n[[incident]]\ntitle = "sans slug"\n')
    with pytest.raises(ConfigError, match=r"incidents.toml:4: each \[\[incident\]\] needs"):
        load_curated(path)
