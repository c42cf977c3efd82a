"""One writer per data dir: a second `vigie` process refuses with a clear message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from core.lock import data_dir_lock


def test_second_process_refuses_while_the_first_holds_the_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with data_dir_lock(data):
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "core.cli",
                "--data-dir",
                str(data),
                "collect",
                "--offline",
                "--feed",
                "http://127.0.0.1:9/feed.xml",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert run.returncode == 1
    assert "another vigie process" in run.stderr and "Traceback" not in run.stderr
    after = subprocess.run(
        [
            sys.executable,
            "-m",
            "core.cli",
            "--data-dir",
            str(data),
            "collect",
            "--offline",
            "--feed",
            "http://127.0.0.1:9/feed.xml",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert after.returncode == 0, after.stderr  # the lock went with its holder


WATCHED = """
import os, sys, time
from core.lock import exit_with_parent
exit_with_parent({parent}, interval=0.05)
time.sleep(1.5)
print("outlived", flush=True)
"""


def test_a_worker_whose_parent_died_before_it_started_watching_exits() -> None:
    """A pool worker forked by a parent killed before the worker's initializer ran is already
    an orphan: watching the pid it has for a parent then (init's) would never end. Given the
    parent's pid from before the fork, it sees the parent gone and exits."""
    gone = subprocess.run(
        [sys.executable, "-c", WATCHED.format(parent=2**22 + 1)],  # no process has this pid
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (gone.returncode, gone.stdout, gone.stderr) == (1, "", "")
    # its real parent alive: it keeps working
    alive = subprocess.run(
        [sys.executable, "-c", WATCHED.format(parent="os.getppid()")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (alive.returncode, alive.stdout) == (0, "outlived\n"), alive.stderr
