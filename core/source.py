"""A source as the registry declares it and the store's `sources` table records it: read by
the collection stage (registry, store), the source health queries and the site."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One declaration of the registry: an outlet or an official body."""

    name: str
    kind: str  # "press" or "official"
    feeds: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    region: str = ""
    homepage: str = ""
    aggregator: bool = False  # its links are opaque redirects to publishers (Google News)
