"""Run a `vigie` command in a subprocess and measure it: wall time, CPU time, peak memory.

Peak memory is that of the whole process tree (the command and its workers, e.g. `check`'s
analysis processes and `build`'s MkDocs), sampled from /proc every 0.5 s: the sum of the
processes' proportional set sizes (PSS: a page shared by two processes counts half in each, so
the sum is the memory the tree really holds) and the sum of their resident sets (RSS, which
counts shared pages once per process). The largest single process's own peak RSS
(`ru_maxrss` of the waited children) is reported beside them.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

VIGIE = [sys.executable, "-m", "core.cli"]


@dataclass(frozen=True)
class Measured:
    """One command's cost."""

    command: str
    wall: float  # seconds
    cpu: float  # user + system seconds of the command and its children
    peak_tree_mb: float  # sampled peak PSS of the process tree, MB
    peak_tree_rss_mb: float  # sampled peak of the summed RSS, MB
    max_process_mb: float  # ru_maxrss of the largest child so far, MB
    stderr: str

    def line(self) -> str:
        """A one-line summary."""
        return (
            f"{self.wall:8.1f} s wall {self.cpu:8.1f} s CPU  peak PSS {self.peak_tree_mb:7.0f}"
            f" MB (tree)  `{self.command}`"
        )


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in kB; (0, 0) once it is gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as children:
                    todo += [int(c) for c in children.read().split()]
        except OSError:
            continue
    return out


def run(args: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Run `python -m core.cli ARGS` (the `vigie` entry point) and measure it; a non-zero
    exit raises with the command's standard error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*VIGIE, *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = peak_rss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_rss
        while not done.is_set():
            sizes = [_memory_kb(p) for p in _tree(proc.pid)]
            peak = max(peak, sum(pss for pss, _ in sizes))
            peak_rss = max(peak_rss, sum(rss for _, rss in sizes))
            done.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = "vigie " + " ".join(args)
    if proc.returncode != 0:
        raise RuntimeError(f"{command} exited {proc.returncode}:\n{stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(
        command, wall, cpu, peak / 1024, peak_rss / 1024, after.ru_maxrss / 1024, stderr
    )


def machine() -> str:
    """One line describing the machine: CPU model, cores, RAM, Python, spaCy."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kb = 0
    try:
        from importlib.metadata import version

        spacy = version("spacy")
    except Exception:  # noqa: BLE001 (a description, never fatal)
        spacy = "?"
    return (
        f"{model}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.0f} GB RAM,"
        f" Python {sys.version.split()[0]}, spaCy {spacy}"
    )
