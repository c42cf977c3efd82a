"""Check-stage commands (check, export claims): registered through `vigie.commands`."""

from __future__ import annotations

from scraper.cli import Commands


def register(commands: Commands) -> None:
    """Entry point of the `vigie.commands` group for the claims package (filled by issue 3)."""
