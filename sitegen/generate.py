"""Write the site's Markdown, data files and feeds into a docs folder, plus its mkdocs.yml.

The docs folder ends up holding exactly the hand-written pages of `docs/`, the package's assets
and every generated page; files whose bytes did not change are left alone. The derived
mkdocs.yml is the repository's, with absolute paths and the configured public address.
"""

from __future__ import annotations

import filecmp
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from sitegen import paths, sources
from sitegen.articles import article_pages
from sitegen.catalogs import entities_page, media_page, outlet_pages
from sitegen.config import SiteConfig, SiteConfigError
from sitegen.home import home_page
from sitegen.incident_pages import incident_pages, incidents_index
from sitegen.markup import typo_markdown
from sitegen.opendata import data_streams, open_data_page
from sitegen.searchindex import search_pieces
from sitegen.site import Site
from sitegen.site_feeds import feed_files
from sitegen.verify import verify_page

ASSETS = Path(__file__).resolve().parent / "assets"
HOOKS = Path(__file__).resolve().parent / "hooks.py"
STASH = Path(__file__).resolve().parent / "stash.py"  # one page's HTML in memory at a time
SEARCH_ENTRIES = "search-entries.json"  # beside docs/, read by sitegen/hooks.py


def pages(site: Site) -> Iterator[tuple[str, str]]:
    """(path, Markdown) of every generated page except Données ouvertes."""
    yield paths.HOME, home_page(site)
    yield paths.INCIDENTS, incidents_index(site)
    yield from incident_pages(site)
    yield from article_pages(site)
    yield paths.VERIFY, verify_page(site)
    yield paths.ENTITIES, entities_page(site)
    yield paths.MEDIA, media_page(site)
    yield from outlet_pages(site)
    yield sources.PATH, sources.sources_page(site)  # issue 14


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under root, by relative POSIX path."""
    if not root.is_dir():
        return {}
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def write_stream(target: Path, pieces: Iterable[str]) -> tuple[int, bool]:
    """Write text pieces to `target` through a temporary file, replacing it only when the
    bytes differ; returns (size, whether it was written)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = target.with_name(f".{target.name}.new")
    with fresh.open("w", encoding="utf-8", newline="") as out:
        for piece in pieces:
            out.write(piece)
    size = fresh.stat().st_size
    if target.is_file() and target.stat().st_size == size and filecmp.cmp(target, fresh, False):
        fresh.unlink()
        return size, False
    fresh.replace(target)
    return size, True


class Sync:
    """Make a folder hold exactly the files put into it, one at a time (so that a build never
    holds every page in memory), writing only files whose bytes changed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.existing = (
            {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
            if root.is_dir()
            else {}
        )
        self.kept: set[str] = set()
        self.written = 0

    def put(self, rel_path: str, data: bytes) -> None:
        """Write one file unless it already holds these bytes."""
        self.kept.add(rel_path)
        old = self.existing.get(rel_path)
        if old is not None and old.stat().st_size == len(data) and old.read_bytes() == data:
            return
        target = self.root / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.written += 1

    def put_stream(self, rel_path: str, pieces: Iterable[str]) -> int:
        """Write one file from text pieces (never whole in memory) unless it already holds
        the same bytes; returns its size."""
        self.kept.add(rel_path)
        size, written = write_stream(self.root / rel_path, pieces)
        self.written += written
        return size

    def finish(self) -> int:
        """Delete what was not put (and empty folders); returns the number of files written."""
        for rel_path in sorted(set(self.existing) - self.kept):
            # missing_ok: a `.name.new` left by a killed build was renamed into place since
            self.existing[rel_path].unlink(missing_ok=True)
        if self.root.is_dir():
            for folder in sorted((p for p in self.root.rglob("*") if p.is_dir()), reverse=True):
                if not any(folder.iterdir()):
                    folder.rmdir()
        return self.written


def generate(site: Site, docs_dir: Path) -> int:
    """Make `docs_dir` hold the site's sources (hand-written pages, assets, generated pages,
    data files, feeds), rewriting only changed files; returns the number of Markdown pages.
    Pages are written as they are generated: memory holds one page at a time."""
    handwritten = site.config.project_dir / "docs"
    fixed = _tree(handwritten)
    clash = [
        p
        for p in (*paths.GENERATED, paths.ASSETS)
        if any(name == p or name.startswith(p + "/") for name in fixed)
    ]
    if clash:
        raise SiteConfigError(f"{handwritten}: {', '.join(clash)} would hide generated pages")
    # Hand-written pages get the French typography of generated ones (written once, read
    # as they are).
    fixed = {
        name: typo_markdown(data.decode("utf-8")).encode("utf-8") if name.endswith(".md") else data
        for name, data in fixed.items()
    }
    fixed.update({f"{paths.ASSETS}/{k}": v for k, v in _tree(ASSETS).items()})
    folder = Sync(docs_dir)
    for rel_path, data in fixed.items():
        folder.put(rel_path, data)
    for rel_path, content in pages(site):
        folder.put(rel_path, content.encode("utf-8"))
    sizes = {
        rel_path: folder.put_stream(rel_path, pieces) for rel_path, pieces in data_streams(site)
    }
    for rel_path, content in feed_files(site):
        data = content.encode("utf-8")
        sizes[rel_path] = len(data)
        folder.put(rel_path, data)
    folder.put(paths.OPEN_DATA, open_data_page(site, sizes).encode("utf-8"))
    folder.finish()
    write_stream(docs_dir.parent / SEARCH_ENTRIES, search_pieces(site))
    return sum(1 for name in folder.kept if name.endswith(".md"))


def write_mkdocs_config(config: SiteConfig, work_dir: Path, docs_dir: Path) -> Path:
    """The repository's mkdocs.yml with absolute paths and the public address, in work_dir."""
    try:
        settings = yaml.safe_load(config.mkdocs_config.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SiteConfigError(f"{config.mkdocs_config}: unreadable: {exc}") from None
    settings["docs_dir"] = str(docs_dir.resolve())
    settings["site_url"] = config.site_url
    theme = settings.setdefault("theme", {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((config.project_dir / theme["custom_dir"]).resolve())
    settings["hooks"] = [str(HOOKS), str(STASH)]
    extra = settings.setdefault("extra", {})
    extra["vigie_repo_url"] = config.repo_url
    extra["vigie_contact_email"] = config.contact_email
    extra["vigie_search_entries"] = str((work_dir / SEARCH_ENTRIES).resolve())
    target = work_dir / "mkdocs.yml"
    target.write_text(
        yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return target
