"""Errors every stage shares: `VigieError`, the base of every expected error (one line for the
user), and `ConfigError`, a malformed configuration file.

The collection stage's own failures and drops are in `scraper.errors`.
"""

from __future__ import annotations


class VigieError(Exception):
    """Base class of every expected error; str() is one line for the user."""


class ConfigError(VigieError):
    """A malformed configuration file: names the file and the line."""
