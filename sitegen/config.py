"""Site settings: one place, defaults with help text, overridable by the environment.

The public address of the site (`site_url`) makes absolute links in feeds, the sitemap and the
ClaimReview markup; the repository address (`repo_url`) is where "Signaler" links open a
prefilled issue. Both must be http(s) addresses. The contact address (`contact_email`,
VIGIE_CONTACT_EMAIL) receives "Signaler par courriel" messages and is shown in the footer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from core import PROJECT_URL
from core.errors import VigieError

SITE_URL_ENV = "VIGIE_SITE_URL"
REPO_URL_ENV = "VIGIE_REPO_URL"
CONTACT_EMAIL_ENV = "VIGIE_CONTACT_EMAIL"
DEFAULT_CONTACT_EMAIL = "signalement@vigie-sante.example"
DEFAULT_SITE_URL = "https://vigie-sante.github.io/vigie-sante/"
DEFAULT_REPO_URL = PROJECT_URL
SITE_NAME = "Vigie Santé"
# The repository checkout holding mkdocs.yml, docs/ and overrides/ (editable installs).
PROJECT_DIR = Path(__file__).resolve().parents[1]


class SiteConfigError(VigieError):
    """A site setting is unusable (bad address, missing mkdocs.yml)."""


@dataclass(frozen=True)
class SiteConfig:
    """What the generator needs besides the store."""

    site_url: str = DEFAULT_SITE_URL  # public address of the site, ends with "/"
    repo_url: str = DEFAULT_REPO_URL  # repository receiving "Signaler" issues
    site_name: str = SITE_NAME
    contact_email: str = DEFAULT_CONTACT_EMAIL  # "Signaler par courriel", footer contact
    mkdocs_config: Path = PROJECT_DIR / "mkdocs.yml"  # hand-written pages: its docs/ sibling

    def __post_init__(self) -> None:
        for name in ("site_url", "repo_url"):
            value = getattr(self, name)
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise SiteConfigError(f"{name} must be an http(s) address, got {value!r}")
        local, _, domain = self.contact_email.partition("@")
        if not local or "." not in domain or any(c in self.contact_email for c in " <>\"'?&"):
            raise SiteConfigError(
                f"contact_email must be an e-mail address, got {self.contact_email!r}"
            )
        if not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")
        object.__setattr__(self, "repo_url", self.repo_url.rstrip("/"))

    @property
    def project_dir(self) -> Path:
        """The folder of mkdocs.yml: hand-written pages in docs/, theme overrides in overrides/."""
        return self.mkdocs_config.parent

    @classmethod
    def from_env(cls, mkdocs_config: Path | None = None) -> SiteConfig:
        """Defaults overlaid by VIGIE_SITE_URL and VIGIE_REPO_URL."""
        config = mkdocs_config or PROJECT_DIR / "mkdocs.yml"
        if not config.is_file():
            raise SiteConfigError(
                f"{config}: mkdocs.yml not found; run from a clone of the"
                " repository or pass --config"
            )
        return cls(
            site_url=os.environ.get(SITE_URL_ENV) or DEFAULT_SITE_URL,
            repo_url=os.environ.get(REPO_URL_ENV) or DEFAULT_REPO_URL,
            contact_email=os.environ.get(CONTACT_EMAIL_ENV) or DEFAULT_CONTACT_EMAIL,
            mkdocs_config=config,
        )
