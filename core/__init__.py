"""What every stage of Vigie Santé shares: the `vigie` command line frame, settings, errors,
the data dir lock, TOML reading, the store connection and its migrations runner.

Imports nothing from the stages (`scraper`, `claims`, `sitegen`); they import it.
"""

__version__ = "0.1.0"  # the one place the version is written (pyproject reads it)
PROJECT_URL = "https://github.com/vigie-sante/vigie-sante"
USER_AGENT = f"vigie-sante/{__version__} (+{PROJECT_URL})"  # what the HTTP client sends
