"""SIGKILL at random instants of `collect`, `check` and `build` (VIGIE_KILLS kills each, 20 by
default): after every kill the store passes `PRAGMA integrity_check` and holds no duplicate
document, revision or claim; a run that gets to finish completes the work exactly as an
uninterrupted run does; the site directory is always a whole site, the previous or the new.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from bench.storefix import fixture_store
from core.settings import Settings
from scraper import runner
from sitegen.build import WORK_MARKER, build_site
from sitegen.config import SiteConfig
from tests.harden.kills import ENV, NOW, VIGIE, LoopReport, kill_loop, store_problems
from tests.loopback import Site, dropped_demo_page, stored_demo_pages

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "harden"
# `check` with analysis tasks of 4 documents (as tests/claims does): more commits to land in.
CHECK = [
    "-c",
    "import sys, claims.check as c; c.TASK_SIZE = 4;"
    " from core.cli import main; sys.exit(main(sys.argv[1:]))",
]


def rows(db: Path, *queries: str) -> list[list[tuple[object, ...]]]:
    """The rows of some queries on a store."""
    con = sqlite3.connect(db)
    try:
        return [[tuple(r) for r in con.execute(q)] for q in queries]
    finally:
        con.close()


def run(command: list[str]) -> float:
    """Run a command to completion (it must succeed); returns its wall time."""
    started = time.monotonic()
    done = subprocess.run(command, env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def record(command: str, report: LoopReport) -> None:
    """Keep the loop's figures (test-artifacts/harden/, read for docs/robustesse.md)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"kills-{command}.json").write_text(
        json.dumps(
            {
                "kills": report.kills,
                "completed_runs": report.completed,
                "kill_seconds": [round(t, 2) for t in report.kill_times],
            },
            indent=1,
        )
    )


def checked_loop(
    command: Callable[[random.Random], list[str]],
    data: Path,
    *,
    seed: int,
    window: tuple[float, float],
    state: Callable[[Path], object],
    expected: object,
    reset: Callable[[], None],
) -> LoopReport:
    """A kill loop on a data dir: store checks after every run; a finished run must give the
    expected state, then the data dir is reset so that the next runs have work again."""

    def after(killed: bool) -> None:
        db = data / "vigie.sqlite3"
        assert store_problems(db) == []
        if not killed:
            assert state(db) == expected
            reset()

    report = kill_loop(command, seed=seed, window=window, after=after)
    run(command(random.Random(seed)))  # the run after the last kill completes the work
    assert state(data / "vigie.sqlite3") == expected
    return report


# -- collect --------------------------------------------------------------------------------


def collect_state(db: Path) -> object:
    return rows(
        db,
        "SELECT d.url, d.kind, d.title, d.published, d.cluster,"
        " GROUP_CONCAT(r.text_hash) FROM documents d"
        " JOIN revisions r ON r.document_id = d.id GROUP BY d.id ORDER BY d.url",
        "SELECT url, reason FROM drops ORDER BY url, reason",
        "SELECT url, outcome FROM links ORDER BY url",
        "SELECT url, etag FROM feed_state ORDER BY url",
        "SELECT url FROM failures",
    )


@pytest.mark.slow
def test_collect_survives_a_sigkill_loop(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = Site(httpserver)
    urls = [site.page(str(p["url"]), delay=0.05) for p in stored_demo_pages()[:8]]
    urls += [site.page(str(dropped_demo_page(r)["url"])) for r in ("not_french", "off_topic")]
    feed = site.feed("/feed.xml", [(str(i), u) for i, u in enumerate(urls)], etag='"v1"')

    def command(data: Path) -> list[str]:
        return [*VIGIE, "--data-dir", str(data), "collect", "--feed", feed, "--host-interval", "0"]

    full = run(command(tmp_path / "reference"))
    expected = collect_state(tmp_path / "reference" / "vigie.sqlite3")
    assert len(expected[0]) == len(urls) - 2 and len(expected[1]) == 2
    data = tmp_path / "data"
    report = checked_loop(
        lambda rng: command(data),
        data,
        seed=6001,
        window=(0.3, 0.8 * full),
        state=collect_state,
        expected=expected,
        reset=lambda: shutil.rmtree(data),
    )
    record("collect", report)


# -- check ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Data dirs of the demo corpus: collected, and collected then checked (subprocess)."""
    base = tmp_path_factory.mktemp("stores")
    mp = pytest.MonkeyPatch()
    mp.setenv("VIGIE_NOW", NOW)
    try:
        runner.collect(Settings(data_dir=base / "collected"), demo=True)
    finally:
        mp.undo()
    shutil.copytree(base / "collected", base / "checked")
    run([*VIGIE, "--data-dir", str(base / "checked"), "check", "--workers", "1"])
    return {"collected": base / "collected", "checked": base / "checked"}


def check_state(db: Path) -> object:
    return rows(
        db,
        "SELECT c.id, c.document_id, c.kind, c.text, c.status, v.verdict,"
        " v.reason, v.evidence, v.flags FROM claims c"
        " LEFT JOIN verdicts v ON v.claim_id = c.id ORDER BY c.id",
        "SELECT slug, title, started, first_report, last_report, input_hash"
        " FROM incidents ORDER BY slug",
        "SELECT document_id, incident FROM incident_documents ORDER BY document_id",
        "SELECT document_id, COUNT(*) FROM sentences GROUP BY document_id ORDER BY document_id",
        "SELECT document_id, text_hash, pipeline FROM analyses ORDER BY document_id",
    )


@pytest.mark.model
@pytest.mark.slow
def test_check_survives_a_sigkill_loop(demo_stores: dict[str, Path], tmp_path: Path) -> None:
    expected = check_state(demo_stores["checked"] / "vigie.sqlite3")
    assert len(expected[0]) > 100
    data = tmp_path / "data"

    def reset() -> None:
        shutil.rmtree(data)
        shutil.copytree(demo_stores["collected"], data)

    def command(rng: random.Random) -> list[str]:
        workers = rng.choice("1112")  # 2: the pool's workers must die with their parent
        return [VIGIE[0], *CHECK, "--data-dir", str(data), "check", "--workers", workers]

    shutil.copytree(demo_stores["collected"], data)
    report = checked_loop(
        command,
        data,
        seed=6002,
        window=(0.5, 6.0),
        state=check_state,
        expected=expected,
        reset=reset,
    )
    record("check", report)


# -- build ----------------------------------------------------------------------------------


def tree(site: Path) -> dict[str, str]:
    """Digest of every file of a site directory."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.mark.model
@pytest.mark.slow
def test_build_survives_a_sigkill_loop(demo_stores: dict[str, Path], tmp_path: Path) -> None:
    site, work = tmp_path / "out" / "site", tmp_path / "out" / "work"

    def command(store: str) -> list[str]:
        return [
            *VIGIE,
            "--data-dir",
            str(demo_stores[store]),
            "build",
            "--site-dir",
            str(site),
            "--work-dir",
            str(work),
        ]

    sites = {}
    for store in ("collected", "checked"):  # the two complete sites a build may leave
        run(command(store))
        sites[store] = tree(site)
    assert sites["collected"] != sites["checked"]
    # Kills fall within the time a build from the other store takes once the work dir exists
    # (the first builds, which fill it, are slower): most runs are cut, some complete.
    full = run(command("collected"))
    assert tree(site) == sites["collected"]
    chosen: list[str] = []

    previous = [tree(site)]

    def pick(rng: random.Random) -> list[str]:  # the other store: MkDocs has work to do
        chosen.append("collected" if previous[-1] == sites["checked"] else "checked")
        return command(chosen[-1])

    def after(killed: bool) -> None:
        now = tree(site)
        assert now in (previous[-1], sites[chosen[-1]]), "a mixed or missing site"
        if not killed:
            assert now == sites[chosen[-1]]
            assert sorted(p.name for p in site.parent.iterdir()) == ["site", "work"]
        previous.append(now)
        for store in demo_stores.values():
            assert store_problems(store / "vigie.sqlite3") == []

    report = kill_loop(pick, seed=6003, window=(0.3, full), after=after)
    run(command("checked"))
    assert tree(site) == sites["checked"]
    assert sorted(p.name for p in site.parent.iterdir()) == ["site", "work"]
    record("build", report)


def test_build_after_one_killed_mid_write(tmp_path: Path) -> None:
    """What a build killed while writing leaves (a half-written data file, an unfinished site
    copy, a previous site moved aside) is repaired or removed by the next build."""
    db = fixture_store(tmp_path / "vigie.sqlite3")
    site, work = tmp_path / "site", tmp_path / "work"
    half = work / "docs" / "donnees" / ".claims.csv.new"
    half.parent.mkdir(parents=True)
    half.write_text("id,te")
    (work / WORK_MARKER).touch()  # the killed build had created (and so claimed) the work dir
    dead = subprocess.Popen(["true"])
    dead.wait()
    (tmp_path / f".site-new-{dead.pid}-x1").mkdir()
    previous = tmp_path / f".site-old-{dead.pid}"  # killed between the two renames
    (previous / "search").mkdir(parents=True)
    (previous / "sitemap.xml").write_text("<urlset/>")
    (previous / "index.html").write_text("previous site")
    build_site(db, site, SiteConfig(), work)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
    assert not half.exists() and (work / "docs" / "donnees" / "claims.csv").is_file()
    assert "previous site" not in (site / "index.html").read_text(encoding="utf-8")
