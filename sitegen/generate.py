"""Write the site's Markdown, data files and feeds into a docs folder, plus its mkdocs.yml.

The docs folder is rebuilt from nothing on every run: the hand-written pages of `docs/`, the
package's assets, then every generated page. The derived mkdocs.yml is the repository's, with
absolute paths and the configured public address.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from sitegen import paths
from sitegen.articles import article_pages
from sitegen.catalogs import entities_page, media_page
from sitegen.config import ConfigError, SiteConfig
from sitegen.feeds import feed_files
from sitegen.home import home_page
from sitegen.incidents import incident_pages, incidents_index
from sitegen.opendata import data_files, open_data_page
from sitegen.site import Site
from sitegen.verify import verify_page

ASSETS = Path(__file__).resolve().parent / "assets"


def pages(site: Site) -> Iterator[tuple[str, str]]:
    """(path, Markdown) of every generated page except Données ouvertes."""
    yield paths.HOME, home_page(site)
    yield paths.INCIDENTS, incidents_index(site)
    yield from incident_pages(site)
    yield from article_pages(site)
    yield paths.VERIFY, verify_page(site)
    yield paths.ENTITIES, entities_page(site)
    yield paths.MEDIA, media_page(site)


def _write(root: Path, files: Iterable[tuple[str, str]]) -> dict[str, int]:
    sizes = {}
    for rel_path, content in files:
        target = root / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8")
        target.write_bytes(data)
        sizes[rel_path] = len(data)
    return sizes


def generate(site: Site, docs_dir: Path) -> int:
    """Fill `docs_dir` (emptied first); returns the number of Markdown pages written."""
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    handwritten = site.config.project_dir / "docs"
    if handwritten.is_dir():
        shutil.copytree(handwritten, docs_dir)
        clash = [p for p in (*paths.GENERATED, paths.ASSETS) if (docs_dir / p).exists()]
        if clash:
            raise ConfigError(f"{handwritten}: {', '.join(clash)} would hide generated pages")
    shutil.copytree(ASSETS, docs_dir / paths.ASSETS, dirs_exist_ok=True)
    written = _write(docs_dir, pages(site))
    sizes = _write(docs_dir, [*data_files(site), *feed_files(site)])
    _write(docs_dir, [(paths.OPEN_DATA, open_data_page(site, sizes))])
    return len(written) + 1 + sum(1 for _ in handwritten.glob("**/*.md"))


def write_mkdocs_config(config: SiteConfig, work_dir: Path, docs_dir: Path) -> Path:
    """The repository's mkdocs.yml with absolute paths and the public address, in work_dir."""
    try:
        settings = yaml.safe_load(config.mkdocs_config.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{config.mkdocs_config}: unreadable: {exc}") from None
    settings["docs_dir"] = str(docs_dir.resolve())
    settings["site_url"] = config.site_url
    theme = settings.setdefault("theme", {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((config.project_dir / theme["custom_dir"]).resolve())
    settings.setdefault("extra", {})["vigie_repo_url"] = config.repo_url
    target = work_dir / "mkdocs.yml"
    target.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    return target
