"""Generate the Markdown, run `mkdocs build --strict`, and swap the new site into place.

The generated Markdown stays in a work folder (default build/<site dir name>/docs beside the
site dir) so that the next build rewrites only the pages whose content changed.

MkDocs writes into a fresh directory beside the target; only a successful build replaces the
previous site (two renames), so a failed build leaves it intact. The new site records what it
was built from (`sitegen.stamp`): a later build that finds the store, the settings and the
code unchanged does nothing at all; one whose generated pages come out the same does not run
MkDocs. SOURCE_DATE_EPOCH is the store's latest date, which makes the sitemap (and anything
else MkDocs dates) reproducible.
"""

from __future__ import annotations

import ctypes
import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC
from multiprocessing import get_context
from pathlib import Path

from core.errors import VigieError
from core.lock import exit_with_parent
from sitegen.config import SiteConfig
from sitegen.data import load
from sitegen.generate import generate, write_mkdocs_config
from sitegen.markup import parse_date
from sitegen.site import Site
from sitegen.stamp import (
    INPUTS_STAMP,
    SITE_MARKERS,
    Stamp,
    inputs_digest,
    read_stamp,
    store_digest,
)


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
    skipped: bool = False  # MkDocs not run: the site already matches its inputs
    unchanged: bool = False  # nothing done: store, settings and code as for the last build


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


def build_site(
    db_path: Path,
    site_dir: Path,
    config: SiteConfig,
    work_dir: Path | None = None,
    *,
    force: bool = False,
) -> BuildReport:
    """Build the site of the store at `db_path` into `site_dir`. Unless `force`: nothing is
    done when the site there was built from the same store, settings and code, and MkDocs is
    skipped when the generated pages come out the same."""
    _recover(site_dir.resolve())
    _check_target(site_dir)
    start = time.perf_counter()
    store = store_digest(db_path, config)
    previous = None if force else read_stamp(site_dir)
    if previous is not None and previous.store == store:
        return BuildReport(
            site_dir,
            previous.pages,
            previous.documents,
            previous.claims,
            time.perf_counter() - start,
            0.0,
            skipped=True,
            unchanged=True,
        )
    work = work_dir or default_work_dir(site_dir)
    _claim_work_dir(work, explicit=work_dir is not None)
    pages, documents, claims, epoch = _generate_apart(db_path, config, work)
    config_file = write_mkdocs_config(config, work, work / "docs")
    stamp = Stamp(store, inputs_digest(work, config, epoch), pages, documents, claims)
    generated = time.perf_counter()
    skipped = previous is not None and previous.inputs == stamp.inputs
    if skipped:
        _write_stamp(site_dir, stamp)
    else:
        run_mkdocs(config_file, site_dir, epoch, stamp=stamp.text())
    return BuildReport(
        site_dir,
        pages,
        documents,
        claims,
        generated - start,
        time.perf_counter() - generated,
        skipped,
    )


def _generate(db_path: Path, config: SiteConfig, work: Path) -> tuple[int, int, int, int]:
    """Load the store and write the pages; returns (pages, documents, claims, date epoch)."""
    data = load(db_path)
    # The store's records live until this process ends: out of the collector's way, its full
    # passes no longer walk them (0.02 s at 1 000 articles; run in a child that then exits).
    gc.freeze()
    pages = generate(Site(data, config), work / "docs")
    return pages, len(data.docs), len(data.claims), source_date_epoch(data.build_date)


def _generate_apart(db_path: Path, config: SiteConfig, work: Path) -> tuple[int, int, int, int]:
    """`_generate` in a forked process. Its memory (the store's records) goes back to the
    system whole when it exits, before MkDocs starts; freed in this process, most of it stayed
    allocated beside MkDocs' own peak (figures in bench/results.md, "Figures behind design
    choices")."""
    with ProcessPoolExecutor(
        max_workers=1,
        mp_context=get_context("fork"),
        initializer=exit_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        return pool.submit(_generate, db_path, config, work).result()


def _write_stamp(site_dir: Path, stamp: Stamp) -> None:
    """Record a new store digest in a site MkDocs did not need to rebuild (atomically)."""
    tmp = site_dir / f"{INPUTS_STAMP}.{os.getpid()}"
    tmp.write_text(stamp.text(), encoding="ascii")
    tmp.replace(site_dir / INPUTS_STAMP)


def run_mkdocs(config_file: Path, site_dir: Path, epoch: int, stamp: str = "") -> None:
    """`mkdocs build --strict` into a new directory, then swap it in place of `site_dir`;
    `stamp` (what it was built from, `Stamp.text()`) is recorded in the new site before the
    swap."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(
        tempfile.mkdtemp(prefix=f".{site_dir.name}-new-{os.getpid()}-", dir=site_dir.parent)
    )
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(epoch),
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "--clean",
                "--config-file",
                str(config_file),
                "--site-dir",
                str(fresh),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
            raise BuildError(
                f"mkdocs build failed (exit {done.returncode}); the previous site"
                f" is unchanged:\n{tail}"
            )
        fresh.chmod(0o755)
        if stamp:
            (fresh / INPUTS_STAMP).write_text(stamp, encoding="ascii")
        _swap(fresh, site_dir)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


WORK_MARKER = ".vigie-work"  # written in a work dir `vigie build` created or adopted empty


def _claim_work_dir(work: Path, *, explicit: bool) -> None:
    """Create the work dir, or reuse one `vigie build` made; refuse (for `--work-dir`) a
    non-empty folder it did not create: its files would be deleted or overwritten."""
    if work.exists() and not work.is_dir():
        raise BuildError(f"{work}: is a file, not a work directory")
    if explicit and work.is_dir() and not (work / WORK_MARKER).exists() and any(work.iterdir()):
        raise BuildError(
            f"{work}: not empty and not a vigie work directory; refusing to"
            " write into it (choose another --work-dir)"
        )
    work.mkdir(parents=True, exist_ok=True)
    (work / WORK_MARKER).touch()


def _check_target(site_dir: Path) -> None:
    """Refuse to replace a non-empty directory that is not a built site."""
    if site_dir.is_file():
        raise BuildError(f"{site_dir}: is a file, not a site directory")
    if site_dir.is_dir() and any(site_dir.iterdir()):
        if not all((site_dir / marker).exists() for marker in SITE_MARKERS):
            raise BuildError(
                f"{site_dir}: not empty and not a built site; refusing to replace"
                " it (choose another --site-dir)"
            )


def _swap(fresh: Path, target: Path) -> None:
    """Put `fresh` in place of `target` in one atomic exchange where the system allows it,
    else by two renames (a kill between them is repaired by the next build's `_recover`)."""
    if target.exists() and _exchange(fresh, target):
        shutil.rmtree(fresh, ignore_errors=True)  # now the previous site
        return
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


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _recover(site_dir: Path) -> None:
    """Undo what a killed build left beside the site: put back a previous site moved aside
    (killed between the two renames of `_swap`), remove unfinished or replaced copies."""
    if not site_dir.parent.is_dir():
        return
    for stale in sorted(site_dir.parent.glob(f".{site_dir.name}-*-*")):
        kind, _, rest = stale.name[len(site_dir.name) + 2 :].partition("-")
        pid = rest.split("-", 1)[0]
        if kind not in ("new", "old") or not pid.isdigit() or _alive(int(pid)):
            continue
        if kind == "old" and not site_dir.exists():
            stale.rename(site_dir)
        else:
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    """True if a process with this id exists (then its files are left alone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
