"""Incident grouping on hand-built document records (no spaCy)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.incidents import Curated, DocInfo, group, load_curated, victim_name
from core.errors import ConfigError


def doc(
    i: str,
    day: date | None,
    mentions: list[tuple[str, str, str, int]],
    *,
    title: str = "",
    cluster: str = "",
    kind: str = "press",
    text: str = "",
) -> DocInfo:
    title = title or (text.split(".")[0] if text else f"Article {i}")  # a lede as title
    return DocInfo(i, f"https://e.example/{i}", kind, title, day, cluster or i, mentions, text)


BREVANNES_CH = (
    "HEALTH_ORG",
    "centre hospitalier de Brévannes",
    "hospital/centre-hospitalier-de-brevannes",
    1,
)
BREVANNES_H = ("HEALTH_ORG", "hôpital de Brévannes", "hospital/hopital-de-brevannes", 2)
ROUEN = ("HEALTH_ORG", "CHU de Rouen", "hospital/chu-de-rouen", 1)

# Short texts in the manner of real coverage: each incident has its own place, service and
# counts; they share the sector's vocabulary (cyberattaque, données, patients, plainte).
BREVANNES_TEXTS = [
    "Le centre hospitalier de Brévannes a été victime d'une cyberattaque dans la nuit de lundi."
    " Les urgences de Brévannes fonctionnent en mode dégradé et les consultations de cardiologie"
    " sont reportées. La direction a porté plainte.",
    "Brévannes : l'hôpital paralysé par un rançongiciel. Les consultations de cardiologie sont"
    " reportées, les urgences de Brévannes tournent en mode dégradé, indique la direction.",
    "A Brévannes, les soignants de cardiologie travaillent sur papier depuis la cyberattaque."
    " Les urgences restent ouvertes en mode dégradé.",
]
ROUEN_TEXT = (
    "Le CHU de Rouen signale une fuite de données : 12 000 dossiers de radiologie"
    " auraient été copiés. Le service d'imagerie de Rouen fonctionne normalement."
    " Les patients seront informés par courrier."
)
ROUEN_TEXT_2 = (
    "Fuite de données au CHU de Rouen : les dossiers de radiologie de 12 000 patients"
    " copiés, l'imagerie fonctionne normalement et un courrier sera envoyé."
)


def test_victim_names_drop_head_words() -> None:
    assert victim_name("centre hospitalier de Brévannes") == victim_name("hôpital de Brévannes")
    assert (
        victim_name("EPSM des Hautes-Vignes")
        == victim_name("hôpital psychiatrique des Hautes-Vignes")
        == "hautes-vignes"
    )
    assert victim_name("Institut régional du cancer de Vallières") == "vallieres"
    assert victim_name("Hôpital privé de la Loire") == "loire"


def test_coverage_of_one_attack_is_one_incident_and_another_attack_is_not() -> None:
    docs = [
        doc("a", date(2025, 3, 6), [BREVANNES_CH], kind="official", text=BREVANNES_TEXTS[0]),
        doc("b", date(2025, 3, 7), [BREVANNES_H], text=BREVANNES_TEXTS[1]),
        doc("c", date(2025, 3, 8), [ROUEN], text=ROUEN_TEXT),
        doc("e", None, [], text=BREVANNES_TEXTS[2]),
    ]  # undated: joins by content
    groups = {i.documents: i for i in group(docs)}
    assert set(groups) == {("a", "b", "e"), ("c",)}
    brevannes = groups[("a", "b", "e")]
    assert brevannes.title == BREVANNES_TEXTS[0].split(".")[0]  # the official one names it
    assert brevannes.first_report == date(2025, 3, 6)


def test_no_list_needs_to_know_the_victim() -> None:
    """Neither the sector list nor the NER knows "Santépass": the words alone group."""
    texts = [
        "Le tiers payant Santépass a subi une intrusion : les relevés de remboursement de"
        " 40 000 assurés ont été consultés, annonce Santépass.",
        "Santépass, organisme de tiers payant, confirme que des relevés de remboursement"
        " de 40 000 assurés ont été consultés lors d'une intrusion.",
        ROUEN_TEXT,
    ]
    docs = [doc(str(i), date(2025, 5, 2 + i), [], text=t) for i, t in enumerate(texts)]
    assert {i.documents for i in group(docs)} == {("0", "1"), ("2",)}


LATER = [  # the same hospital, four years later: another attack, other services, other words
    "Quatre ans après le rançongiciel, la messagerie de l'établissement a été piratée. Environ"
    " 3 000 courriels de la pharmacie et du service des ressources humaines ont été consultés"
    " par un tiers qui avait obtenu le mot de passe d'un agent par hameçonnage. Les bulletins"
    " de paie de 800 agents figuraient dans ces messages. La CNIL a été notifiée et les agents"
    " concernés seront informés individuellement.",
    "Le mot de passe d'un agent, obtenu par un faux courriel, a permis de lire 3 000 messages"
    " de la pharmacie et des ressources humaines, dont des bulletins de paie de 800 agents."
    " L'authentification à deux facteurs devient obligatoire. La CNIL a été notifiée.",
]


def test_the_same_victim_attacked_years_apart_makes_two_incidents() -> None:
    docs = [
        doc(
            "a",
            date(2021, 3, 6),
            [BREVANNES_CH],
            text=BREVANNES_TEXTS[0],
            title="Cyberattaque au centre hospitalier de Brévannes",
        ),
        doc(
            "b",
            date(2021, 3, 7),
            [BREVANNES_H],
            text=BREVANNES_TEXTS[1],
            title="Brévannes : l'hôpital paralysé par un rançongiciel",
        ),
        doc(
            "c",
            date(2025, 11, 1),
            [BREVANNES_H],
            text=LATER[0],
            title="Brévannes : la messagerie de l'hôpital piratée",
        ),
        doc(
            "d",
            date(2025, 11, 2),
            [BREVANNES_CH],
            text=LATER[1],
            title="Hôpital de Brévannes : 3 000 courriels lus par un pirate",
        ),
    ]
    assert {i.documents for i in group(docs)} == {("a", "b"), ("c", "d")}


def test_a_passing_mention_of_another_attack_does_not_move_a_document() -> None:
    # an article of ordinary length (1 300 characters, the corpus's shortest excerpts run
    # 1 000 to 2 500) with one sentence about another attack
    mention = " Comme le CHU de Rouen en 2023, l'établissement est visé."
    details = (
        " Les équipes informatiques de Brévannes ont isolé les serveurs touchés et"
        " l'Agence régionale de santé a dépêché des experts. Les rendez-vous de"
        " cardiologie sont reprogrammés au fil de la semaine, les patients sont"
        " prévenus par téléphone. La maternité et le bloc opératoire de Brévannes"
        " fonctionnent, mais les résultats d'analyses circulent sur papier entre les"
        " services. La direction de Brévannes ne dit pas si des données ont été"
        " copiées et n'a reçu aucune demande de rançon à ce stade."
    )
    docs = [
        doc("a", date(2025, 3, 6), [BREVANNES_CH], text=BREVANNES_TEXTS[0] + details),
        doc(
            "b",
            date(2025, 3, 7),
            [BREVANNES_H, ROUEN],
            text=BREVANNES_TEXTS[1]
            + " "
            + BREVANNES_TEXTS[2]
            + details
            + mention
            + " Le personnel de Brévannes a été rappelé de congé pour renforcer l'accueil"
            " et le standard, saturé depuis lundi. Un numéro vert est ouvert pour les"
            " familles des patients hospitalisés à Brévannes.",
        ),
        doc("c", date(2025, 3, 8), [ROUEN], text=ROUEN_TEXT),
        doc("d", date(2025, 3, 9), [ROUEN], text=ROUEN_TEXT_2),
    ]
    assert {i.documents for i in group(docs)} == {("a", "b"), ("c", "d")}


def test_syndicated_copies_join() -> None:
    docs = [
        doc("a", date(2025, 9, 8), [], text=BREVANNES_TEXTS[0]),
        doc("b", date(2025, 9, 8), [], text=ROUEN_TEXT, cluster="a"),
    ]
    assert [i.documents for i in group(docs)] == [("a", "b")]


def test_grouping_does_not_depend_on_order() -> None:
    docs = [
        doc("a", date(2025, 3, 6), [BREVANNES_CH], text=BREVANNES_TEXTS[0]),
        doc("b", date(2025, 3, 7), [BREVANNES_H], text=BREVANNES_TEXTS[1]),
        doc("c", date(2025, 3, 8), [ROUEN], text=ROUEN_TEXT),
    ]
    assert group(docs) == group(list(reversed(docs)))


def test_curated_entries_rename_merge_and_move(tmp_path: Path) -> None:
    docs = [
        doc("a", date(2025, 3, 6), [BREVANNES_CH], text=BREVANNES_TEXTS[0]),
        doc("c", date(2025, 3, 8), [ROUEN], text=ROUEN_TEXT),
    ]
    auto = {i.documents[0]: i.slug for i in group(docs)}
    curated = [
        Curated("brevannes-2025", title="Intrusion à Brévannes", merge=(auto["a"],)),
        Curated("autre", documents=("https://e.example/c",)),
    ]
    result = {i.slug: i for i in group(docs, curated)}
    assert result["brevannes-2025"].title == "Intrusion à Brévannes"
    assert result["brevannes-2025"].documents == ("a",)
    assert set(result) == {"brevannes-2025", "autre"}
    assert result["autre"].documents == ("c",)
    path = tmp_path / "incidents.toml"
    path.write_text('[[incident]]\nslug = "x"\n\n[[incident]]\ntitle = "sans slug"\n')
    with pytest.raises(ConfigError, match=r"incidents.toml:4: each \[\[incident\]\] needs"):
        load_curated(path)


def test_grouping_terms_ignore_addresses_and_the_kind_of_apostrophe() -> None:
    """'d’hameçonnage' and 'd'hameçonnage' are one word; the cybermalveillance address every
    notice quotes is no word of any incident."""
    from claims.grouping import Item, terms

    typographic = Item(
        "a", "", "Risque d’hameçonnage https://www.cybermalveillance.gouv.fr/x", None, "a"
    )
    straight = Item("b", "", "Risque d'hameçonnage.", None, "b")
    assert terms(typographic) == terms(straight) == {"risque": 1, "hamecon": 1}
