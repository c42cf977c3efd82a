"""Generate the Markdown, run `mkdocs build --strict`, and swap the new site into place.

The generated Markdown stays in a work folder (default build/<site dir name>/docs beside the
site dir) so that the next build rewrites only the pages whose content changed.

MkDocs writes into a fresh directory beside the target; only a successful build replaces the
previous site (two renames), so a failed build leaves it intact. SOURCE_DATE_EPOCH is the
store's latest date, which makes the sitemap (and anything else MkDocs dates) reproducible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from scraper.errors import VigieError
from sitegen.config import SiteConfig
from sitegen.data import load
from sitegen.generate import generate, write_mkdocs_config
from sitegen.markup import parse_date
from sitegen.site import Site

SITE_MARKERS = ("index.html", "sitemap.xml", "search")


class BuildError(VigieError):
    """MkDocs failed, or the site directory cannot be replaced."""


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the command's summary and the benchmark."""

    site_dir: Path
    pages: int
    documents: int
    claims: int
    generate_seconds: float
    mkdocs_seconds: float


def source_date_epoch(build_date: str) -> int:
    """Seconds since the epoch of the store's latest date (0 for an empty store)."""
    parsed = parse_date(build_date)
    if parsed is None:
        return 0
    return int((parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp())


def default_work_dir(site_dir: Path) -> Path:
    """Where the generated Markdown is kept between builds: build/<site dir name> beside the
    site dir (./build/site/ for the default ./site)."""
    return site_dir.parent / "build" / site_dir.name


def build_site(db_path: Path, site_dir: Path, config: SiteConfig,
               work_dir: Path | None = None) -> BuildReport:
    """Build the site of the store at `db_path` into `site_dir`."""
    _check_target(site_dir)
    start = time.perf_counter()
    data = load(db_path)
    site = Site(data, config)
    work = work_dir or default_work_dir(site_dir)
    work.mkdir(parents=True, exist_ok=True)
    pages = generate(site, work / "docs")
    config_file = write_mkdocs_config(config, work, work / "docs")
    generated = time.perf_counter()
    run_mkdocs(config_file, site_dir, source_date_epoch(data.build_date))
    return BuildReport(site_dir, pages, len(data.docs), len(data.claims),
                       generated - start, time.perf_counter() - generated)


def run_mkdocs(config_file: Path, site_dir: Path, epoch: int) -> None:
    """`mkdocs build --strict` into a new directory, then swap it in place of `site_dir`."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1",
           "DISABLE_MKDOCS_2_WARNING": "true"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
             "--config-file", str(config_file), "--site-dir", str(fresh)],
            env=env, capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
            raise BuildError(f"mkdocs build failed (exit {done.returncode}); the previous site"
                             f" is unchanged:\n{tail}")
        fresh.chmod(0o755)
        _swap(fresh, site_dir)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def _check_target(site_dir: Path) -> None:
    """Refuse to replace a non-empty directory that is not a built site."""
    if site_dir.is_file():
        raise BuildError(f"{site_dir}: is a file, not a site directory")
    if site_dir.is_dir() and any(site_dir.iterdir()):
        if not all((site_dir / marker).exists() for marker in SITE_MARKERS):
            raise BuildError(f"{site_dir}: not empty and not a built site; refusing to replace"
                             " it (choose another --site-dir)")


def _swap(fresh: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    try:
        fresh.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
