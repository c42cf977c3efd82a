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
