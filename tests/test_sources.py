"""The source registry: shipped default, user overlay, errors naming file and line."""

from pathlib import Path

import pytest

from scraper.errors import ConfigError
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
    assert Registry(load_registry(overlay=overlay)).for_url("https://www.mj.example/a").name \
        == "Mon journal"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[source]]\nname = "x"\nkind = "press"\n\n[[source]]\nname = "y"\nkind = "blog"\n',
         ":5: source 'y': 'kind' must be"),
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
