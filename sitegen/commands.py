"""Site commands (build, serve): registered through the `vigie.commands` entry point group."""

from __future__ import annotations

from scraper.cli import Commands


def register(commands: Commands) -> None:
    """Entry point of the `vigie.commands` group for the site package (filled by issue 4)."""
