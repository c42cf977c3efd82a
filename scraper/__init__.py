"""Vigie Santé collection stage: sources, polite fetching, extraction, store."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/vigie-sante/vigie-sante"
USER_AGENT = f"vigie-sante/{__version__} (+{PROJECT_URL})"
