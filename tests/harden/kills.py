"""SIGKILL loops: start a `vigie` command, kill it at a seeded random instant, check the store,
repeat; a run that finishes before its kill must have completed the work.

Each run is its own process session, so that what it forked (analysis workers, mkdocs) can be
watched: after a kill, nothing of the session may stay alive.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

KILLS = int(os.environ.get("VIGIE_KILLS", "20"))  # per command; `make fuzz` asks for more
NOW = "2025-09-15T12:00:00+00:00"
ENV = {**os.environ, "VIGIE_NOW": NOW, "PYTHONUNBUFFERED": "1"}
VIGIE = [sys.executable, "-m", "core.cli"]


def session_alive(sid: int) -> list[int]:
    """Live (not zombie) processes of a session."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[3]) == sid:  # state, ppid, pgrp, session
            alive.append(int(stat.parent.name))
    return alive


def wait_session_gone(sid: int, timeout: float = 20.0) -> list[int]:
    """Wait until a session has no live process; returns the stragglers (killed) if any."""
    deadline = time.monotonic() + timeout
    while (left := session_alive(sid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def store_problems(db: Path) -> list[str]:
    """Integrity and duplicate checks of a store; empty when all is well."""
    if not db.exists():
        return []
    con = sqlite3.connect(db, timeout=30)
    try:
        problems = [
            f"integrity: {row[0]}"
            for row in con.execute("PRAGMA integrity_check")
            if row[0] != "ok"
        ]
        problems += [
            f"foreign key: {tuple(row)}" for row in con.execute("PRAGMA foreign_key_check")
        ]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for name, (needed, sql) in DUPLICATES.items():
            if set(needed) <= tables:
                problems += [f"{name}: {tuple(row)}" for row in con.execute(sql)]
        return problems
    finally:
        con.close()


# name: (tables it needs, query returning the offending rows)
DUPLICATES = {
    "document without revision": (
        ("documents", "revisions"),
        "SELECT d.url FROM documents d"
        " WHERE NOT EXISTS (SELECT 1 FROM revisions r"
        " WHERE r.document_id = d.id)",
    ),
    "duplicate document": (
        ("documents",),
        "SELECT url, COUNT(*) FROM documents GROUP BY url HAVING COUNT(*) > 1",
    ),
    "revision stored twice": (
        ("revisions",),
        "SELECT document_id, text_hash, COUNT(*)"
        " FROM revisions GROUP BY document_id, text_hash"
        " HAVING COUNT(*) > 1",
    ),
    "revision numbers with a gap": (
        ("revisions",),
        "SELECT document_id FROM revisions GROUP BY document_id HAVING MAX(revno) != COUNT(*)",
    ),
    "duplicate claim": (
        ("claims",),
        "SELECT document_id, text, COUNT(*) FROM claims"
        " GROUP BY document_id, text HAVING COUNT(*) > 1",
    ),
    "claim without analysis": (
        ("claims", "analyses"),
        "SELECT c.id FROM claims c"
        " LEFT JOIN analyses a ON a.document_id = c.document_id"
        " WHERE a.document_id IS NULL",
    ),
    "verdict without claim": (
        ("verdicts", "claims"),
        "SELECT v.claim_id FROM verdicts v"
        " LEFT JOIN claims c ON c.id = v.claim_id WHERE c.id IS NULL",
    ),
}


@dataclass
class LoopReport:
    """What a kill loop did."""

    kills: int = 0
    completed: int = 0
    kill_times: list[float] = field(default_factory=list)


def kill_loop(
    command: Callable[[random.Random], list[str]],
    *,
    seed: int,
    window: tuple[float, float],
    after: Callable[[bool], None],
    kills: int = KILLS,
) -> LoopReport:
    """Run `command(rng)` again and again, each run SIGKILLed after a seeded random delay in
    `window` unless it finished first; `after(killed)` checks the outcome of each run.

    Only the command's own process is killed, as the kernel's OOM killer or `kill -9` would:
    its children must go by themselves (they get the session's stragglers check)."""
    rng = random.Random(seed)
    report = LoopReport()
    for _ in range(kills * 5):  # runs that finish before their kill are retried
        if report.kills >= kills:
            break
        delay = rng.uniform(*window)
        proc = subprocess.Popen(
            command(rng),
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            _, err = proc.communicate(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
            killed = True
        else:
            killed = False
            assert proc.returncode == 0, err.decode(errors="replace")
        stragglers = wait_session_gone(proc.pid)
        assert stragglers == [], f"processes left behind by a killed run: {stragglers}"
        after(killed)
        if killed:
            report.kills += 1
            report.kill_times.append(delay)
        else:
            report.completed += 1
    assert report.kills >= kills, report
    return report
