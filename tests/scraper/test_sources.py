"""The source registry: shipped default, user overlay, errors naming file and line."""

from pathlib import Path

import pytest

from core.errors import ConfigError
from scraper.sources import Registry, load_registry

DEFAULT = load_registry()


def test_default_registry_is_rich() -> None:
    kinds = {s.kind for s in DEFAULT}
    assert kinds == {"press", "official"}
    names = {s.name for s in DEFAULT}
    assert len(DEFAULT) >= 40
    assert any("ZATAZ" in n for n in names) and any("LeMagIT" in n for n in names)
    assert any("CNIL" in n for n in names)
    assert sum(1 for s in DEFAULT if ".ars.sante.fr" in s.homepage) >= 13
    google = [s for s in DEFAULT if any("news.google.com/rss/search" in f for f in s.feeds)]
    assert google and all(s.aggregator for s in google)


@pytest.mark.parametrize("source", DEFAULT, ids=lambda s: s.name)
def test_every_source_is_usable(source) -> None:
    assert source.feeds or source.domains, "a source needs feeds or domains"
    assert all(f.startswith(("https://", "http://")) for f in source.feeds)


def test_overlay_adds_replaces_and_disables(tmp_path: Path) -> None:
    overlay = tmp_path / "sources.toml"
    name = DEFAULT[0].name
    overlay.write_text(
        '[[source]]\nname = "Mon journal"\nkind = "press"\nfeeds = ["https://mj.example/rss"]\n'
        'domains = ["mj.example"]\n\n'
        f'[[source]]\nname = "{name}"\nenabled = false\n'
    )
    names = {s.name for s in load_registry(overlay=overlay)}
    assert "Mon journal" in names and name not in names
    assert (
        Registry(load_registry(overlay=overlay)).for_url("https://www.mj.example/a").name
        == "Mon journal"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '[[source]]\nname = "x"\nkind = "press"\n\n[[source]]\nname = "y"\nkind = "blog"\n',
            ":5: source 'y': 'kind' must be",
        ),
        ('[[source]]\nname = "x"\nkind = "press"\nfeeds = "https://a"\n', ":1: source 'x'"),
        ('[[source]]\nname = "x"\nkind = "press"\ncolour = 1\n', "unknown field(s) colour"),
        ('[[source]]\nname = "x"\nkind = "press"\nfeeds = ["ftp://a/b"]\n', "not an http(s)"),
        ('[[source]\nname = "x"\n', "line 1"),
    ],
)
def test_bad_overlay_names_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    overlay = tmp_path / "bad.toml"
    overlay.write_text(content)
    with pytest.raises(ConfigError) as err:
        load_registry(overlay=overlay)
    assert str(overlay) in str(err.value)
    assert message in str(err.value)


# The 18 regions: 13 in metropolitan France, 5 overseas.
REGIONS = (
    "Auvergne-Rhône-Alpes",
    "Bourgogne-Franche-Comté",
    "Bretagne",
    "Centre-Val de Loire",
    "Corse",
    "Grand Est",
    "Hauts-de-France",
    "Île-de-France",
    "Normandie",
    "Nouvelle-Aquitaine",
    "Occitanie",
    "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur",
    "Guadeloupe",
    "Martinique",
    "Guyane",
    "La Réunion",
    "Mayotte",
)


@pytest.mark.parametrize("region", REGIONS)
def test_every_region_has_a_polled_press_feed(region: str) -> None:
    """A daily title of the region or its France 3 feed: a press source of that region with
    at least one feed (read from the shipped registry, not from a list in this test)."""
    polled = [s.name for s in DEFAULT if s.kind == "press" and s.region == region and s.feeds]
    assert polled, f"no press feed covers {region}"


def test_regions_are_spelled_as_the_coverage_expects() -> None:
    unknown = {s.region for s in DEFAULT} - set(REGIONS) - {""}
    assert not unknown, f"region names outside the 18 regions: {sorted(unknown)}"


def _source_blocks(text: str) -> list[str]:
    return ["[[source]]" + block for block in text.split("[[source]]")[1:]]


def test_every_feed_address_says_where_it_was_confirmed() -> None:
    """Each source block with feeds carries a comment (the evidence tag, see the header)."""
    from scraper.sources import default_registry_path

    text = default_registry_path().read_text(encoding="utf-8")
    missing = []
    for block in _source_blocks(text):
        # the section banner after the last source belongs to no block
        body = block.split("\n# ----")[0]
        has_feed = (
            "https://" in body.split("feeds =", 1)[-1].split("domains")[0]
            if "feeds =" in body
            else False
        )
        google = "news.google.com/rss/search" in body
        if has_feed and not google and "#" not in body:
            missing.append(body.splitlines()[1])
    assert not missing, f"feeds without evidence: {missing}"


def test_issue_14_corrections_are_in_the_registry() -> None:
    feeds = {f for s in DEFAULT for f in s.feeds}
    assert "https://france3-regions.franceinfo.fr/actu/rss" not in feeds
    for corrected in (
        "https://www.sudouest.fr/essentiel/rss.xml",
        "https://www.lemagit.fr/rss/ContentSyndication.xml",
        "https://www.bienpublic.com/actualite/rss",
        "https://www.courrier-picard.fr/rss2/72/cible_principale",
        "https://cyber.gouv.fr/actualites/rss/",
        "https://france3-regions.franceinfo.fr/normandie/rss",
    ):
        assert corrected in feeds
    names = {s.name for s in DEFAULT}
    for outlet in (
        "ZDNet.fr",
        "L'Indépendant",
        "Le Républicain Lorrain",
        "L'Alsace",
        "Le Journal de Saône-et-Loire",
        "Corse Net Infos",
        "France-Antilles Guadeloupe",
        "France-Guyane",
        "Imaz Press Réunion",
        "Mayotte Hebdo",
        "La Croix",
        "L'Obs",
        "RFI",
        "Mediapart",
        "Var-Matin",
        "L'Usine Digitale",
        "UnderNews",
        "APMnews",
    ):
        assert outlet in names
    assert not DEFAULT_REGISTRY.by_name["APMnews"].feeds


def test_france_3_pages_belong_to_france_3() -> None:
    page = "https://france3-regions.franceinfo.fr/normandie/calvados/caen/article.html"
    owner = DEFAULT_REGISTRY.for_url(page)
    assert owner is not None and owner.name == "France 3 Régions"
    assert DEFAULT_REGISTRY.for_url("https://www.francetvinfo.fr/sante/x.html").name == "franceinfo"


DEFAULT_REGISTRY = Registry(DEFAULT)
