"""What the site tests share: the settings every site test builds with, and a built site."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitegen.build import BuildReport
from sitegen.config import SiteConfig

REPO = Path(__file__).resolve().parents[2]
SITE_URL = "https://vigie.example/site/"
REPO_URL = "https://forge.example/vigie/vigie-sante"


@dataclass(frozen=True)
class Built:
    """A store and the site built from it."""

    db: Path
    site: Path
    config: SiteConfig
    report: BuildReport

    def page(self, rel: str) -> str:
        """The HTML of a built page."""
        return (self.site / rel).read_text(encoding="utf-8")


def site_config() -> SiteConfig:
    """The settings every site test builds with."""
    return SiteConfig(site_url=SITE_URL, repo_url=REPO_URL)
