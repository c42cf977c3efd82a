"""Benchmark: a `vigie run` with nothing new against a full `vigie run`, in one benchmark run.

Two corpora, each run twice with `vigie run` exactly as a user (or the scheduled workflow)
runs it, default options, in a fresh data dir:

* the bundled demo corpus (`vigie run --demo`, offline): the workflow's dry run;
* the synthetic corpus of `bench.synth` served from loopback (N documents on H hosts, each
  its own 127.0.10.x address, feeds with ETags), default politeness: 1 s between two
  requests to one host, 8 hosts at a time.

The second run finds nothing new: every feed answers 304, `check` loads no model and analyses
nothing, `build` finds the store's digest unchanged and neither generates pages nor runs
MkDocs. What it still pays: the interpreter and the light imports of three stages (none of
spaCy, trafilatura, datasketch, numpy or MkDocs), one conditional GET per feed (robots.txt
answers are kept for 24 hours), the incidents' input hashes and the store's digest.

    python -m bench.run [--docs 400] [--hosts 20]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.measure import Measured, machine, run
from bench.synth import LoopbackWeb, corpus, write_sources

TARGET = 0.05  # the no-change run costs at most 5 % of a full run


def twice(base: list[str], cwd: Path) -> tuple[Measured, Measured]:
    """A full run, then the same command again with nothing new."""
    return run(base, cwd=cwd), run(base, cwd=cwd)


def report(name: str, full: Measured, again: Measured) -> bool:
    ratio = again.wall / full.wall
    print(f"{name}:")
    print(f"  full run      {full.line()}")
    print(f"  no-change run {again.line()}")
    print(
        f"  ratio no-change/full: {ratio:.1%} wall, {again.cpu / full.cpu:.1%} CPU"
        f" (target <= {TARGET:.0%})"
    )
    print(
        "  no-change run said: "
        + " | ".join(line.strip() for line in again.stderr.splitlines() if line.strip())
    )
    return ratio <= TARGET


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=400, help="synthetic documents (400)")
    parser.add_argument("--hosts", type=int, default=20, help="synthetic hosts (20)")
    args = parser.parse_args(argv)
    print(f"incremental benchmark on {machine()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="vigie-bench-run-") as tmp:
        demo = Path(tmp) / "demo"
        demo.mkdir()
        full, again = twice(["--data-dir", "data", "run", "--demo"], demo)
        report("demo corpus (vigie run --demo, offline, 15 documents)", full, again)
        web_corpus = corpus(args.docs, hosts=args.hosts)
        synth = Path(tmp) / "synth"
        with LoopbackWeb(web_corpus):
            write_sources(web_corpus, synth / "data")
            full, again = twice(["--data-dir", "data", "run"], synth)
        ok = report(
            f"loopback corpus (vigie run, {web_corpus.documents} documents,"
            f" {len(web_corpus.hosts)} hosts, {len(web_corpus.incidents)} incidents)",
            full,
            again,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
