"""The source registry: outlets and official bodies as data (TOML), with a user overlay.

The default registry ships in the package (`scraper/sources.toml`). A user file adds sources,
replaces one by name, or disables one with `enabled = false`. Whether a document is official
comes from here (or from `--kind` on ingest), never from guessing.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from core.errors import ConfigError
from core.source import Source
from core.tomlfile import read_tables
from scraper.urls import is_aggregator, strip_userinfo

KINDS = ("press", "official")
FIELDS = {"name", "kind", "feeds", "domains", "region", "homepage", "enabled", "aggregator"}


def default_registry_path() -> Path:
    """Path of the registry shipped with the package."""
    return Path(str(resources.files("scraper") / "sources.toml"))


def load_registry(path: Path | None = None, overlay: Path | None = None) -> list[Source]:
    """Load a registry file (default: the shipped one) and apply an optional user overlay."""
    entries = _read_entries(path or default_registry_path())
    if overlay is not None:
        for name, entry in _read_entries(overlay).items():
            if entry.get("enabled", True) is False:
                entries.pop(name, None)
            else:
                entries[name] = entry
    return [_to_source(entry) for _, entry in sorted(entries.items())]


def _read_entries(path: Path) -> dict[str, dict[str, object]]:
    """Parse and validate one registry file; errors name the file and the line."""
    entries: dict[str, dict[str, object]] = {}
    for where, item in read_tables(path, "source"):
        _validate(item, where)
        assert isinstance(item, dict)
        name = str(item["name"])
        if name in entries:
            raise ConfigError(f"{where}: duplicate source name {name!r}")
        entries[name] = item
    return entries


def _validate(item: object, where: str) -> None:
    """Reject entries a run could not use, naming the problem."""
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: a source must be a table")
    unknown = set(item) - FIELDS
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: 'name' is required and must be a non-empty string")
    if item.get("enabled", True) is False:
        return
    if item.get("kind") not in KINDS:
        raise ConfigError(f"{where}: source {name!r}: 'kind' must be 'press' or 'official'")
    for key in ("feeds", "domains"):
        values = item.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ConfigError(f"{where}: source {name!r}: {key!r} must be a list of strings")
    for feed in item.get("feeds", []):
        if urlsplit(feed).scheme not in ("http", "https"):
            raise ConfigError(f"{where}: source {name!r}: feed {feed!r} is not an http(s) URL")
    for key in ("region", "homepage"):
        if not isinstance(item.get(key, ""), str):
            raise ConfigError(f"{where}: source {name!r}: {key!r} must be a string")
    if not isinstance(item.get("aggregator", False), bool):
        raise ConfigError(f"{where}: source {name!r}: 'aggregator' must be true or false")


def _to_source(item: dict[str, object]) -> Source:
    feeds = item.get("feeds", [])
    domains = item.get("domains", [])
    assert isinstance(feeds, list) and isinstance(domains, list)
    return Source(
        name=str(item["name"]),
        kind=str(item["kind"]),
        feeds=tuple(strip_userinfo(str(f)) for f in feeds),  # never sent, logged or stored
        domains=tuple(str(d).lower().removeprefix("www.") for d in domains),
        region=str(item.get("region", "")),
        homepage=strip_userinfo(str(item.get("homepage", ""))),
        aggregator=bool(item.get("aggregator", False)),
    )


class Registry:
    """Lookups over a list of sources: by name, by feed URL, by the domain of a page."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = sources
        self.by_name = {s.name: s for s in sources}
        self.by_feed = {feed: s for s in sources for feed in s.feeds}
        self.by_domain = {d: s for s in sources for d in s.domains}

    def is_aggregator(self, url: str) -> bool:
        """True for a link on an aggregator's host: never a document's own address."""
        source = self.for_url(url)
        return is_aggregator(url) or (source is not None and source.aggregator)

    def for_url(self, url: str) -> Source | None:
        """The source whose domain owns a URL (longest matching domain suffix wins)."""
        host = (urlsplit(url).hostname or "").lower()
        parts = host.split(".")
        for i in range(len(parts)):
            source = self.by_domain.get(".".join(parts[i:]))
            if source is not None:
                return source
        return None
