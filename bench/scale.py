"""Benchmark: the whole pipeline on a synthetic corpus of N documents served from loopback.

For each size N, `bench.synth` generates N French documents (400 to 900 words per article)
over about N/25 incidents, on N/20 hosts (50 to 200), each host on its own loopback address
with its feed. Then, each stage as the user runs it, in its own process:

    vigie collect --concurrency C --host-interval I   (per-host politeness: I seconds)
    vigie check                                       (default workers)
    vigie build --site-dir site                       (where `vigie run` builds)

and a second `vigie run` with nothing new (feeds answer 304); then, in process, every
incident judged again, to time the cross-check apart from the analysis. Each stage reports
wall and CPU time and the peak memory (PSS) of its process tree; the summary gives
per-document costs, so that sizes compare directly (linear growth means equal per-document
costs), and the no-change run against the sum of the stages. Results are also appended as
JSON lines to --json, one per stage as soon as it ends (a long run leaves partial results).

    python -m bench.scale [--sizes 1000 10000] [--concurrency 32] [--host-interval 1.0]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.measure import Measured, machine, run
from bench.synth import LoopbackWeb, corpus, words, write_sources


def _counts(db_path: Path) -> dict[str, int]:
    db = sqlite3.connect(db_path)
    try:
        return {
            table: int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in ("documents", "claims", "incidents", "sentences")
        }
    finally:
        db.close()


def crosscheck_split(data: Path) -> dict[str, Any]:
    """The check's stages apart, in this process: every incident judged again (input hashes
    cleared), nothing analysed again (text hashes unchanged)."""
    from claims.check import check_store
    from core.settings import Settings

    db = sqlite3.connect(data / "vigie.sqlite3")
    db.execute("UPDATE incidents SET input_hash = ''")
    db.commit()
    db.close()
    summary = check_store(Settings(data_dir=data))
    return {
        "incidents": summary.incidents,
        "rechecked": summary.rechecked_incidents,
        **{f"{k}_s": round(v, 2) for k, v in summary.seconds.items()},
    }


def _record(out: Path | None, entry: dict[str, Any]) -> None:
    print(json.dumps(entry, ensure_ascii=False), flush=True)
    if out is not None:
        with out.open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _stage(size: int, name: str, m: Measured, out: Path | None, **extra: Any) -> None:
    _record(
        out,
        {
            "n": size,
            "stage": name,
            "wall_s": round(m.wall, 2),
            "cpu_s": round(m.cpu, 2),
            "peak_tree_pss_mb": round(m.peak_tree_mb),
            "peak_tree_rss_mb": round(m.peak_tree_rss_mb),
            "max_process_mb": round(m.max_process_mb),
            **extra,
        },
    )


def scale_run(
    size: int, *, concurrency: int, host_interval: float, out: Path | None
) -> dict[str, Any]:
    """Collect, check, build N documents, then a no-change `vigie run`; returns the figures."""
    start = time.perf_counter()
    web_corpus = corpus(size)
    lengths = words(web_corpus)
    generated = time.perf_counter() - start
    _record(
        out,
        {
            "n": size,
            "stage": "corpus",
            "hosts": len(web_corpus.hosts),
            "incidents": len(web_corpus.incidents),
            "documents": web_corpus.documents,
            "words_median": statistics.median(lengths),
            "words_min": min(lengths),
            "words_max": max(lengths),
            "seconds": round(generated, 1),
        },
    )
    with tempfile.TemporaryDirectory(prefix="vigie-scale-") as tmp, LoopbackWeb(web_corpus):
        data = Path(tmp) / "data"
        write_sources(web_corpus, data)
        base = ["--data-dir", str(data)]
        # --max-pages: the per-run page cap (3 000 by default) would stop a large corpus
        collect = run(
            [
                *base,
                "collect",
                "--concurrency",
                str(concurrency),
                "--host-interval",
                str(host_interval),
                "--max-pages",
                str(2 * size),
            ],
            cwd=Path(tmp),
        )
        counts = _counts(data / "vigie.sqlite3")
        _stage(
            size,
            "collect",
            collect,
            out,
            documents=counts["documents"],
            docs_per_s=round(counts["documents"] / collect.wall, 1),
        )
        check = run([*base, "check"], cwd=Path(tmp))
        counts = _counts(data / "vigie.sqlite3")
        _stage(
            size,
            "check",
            check,
            out,
            claims=counts["claims"],
            incidents=counts["incidents"],
            docs_per_s=round(counts["documents"] / check.wall, 2),
        )
        # ./site, where `vigie run` builds (its cwd is the same).
        build = run([*base, "build", "--site-dir", "site"], cwd=Path(tmp))
        pages = sum(1 for _ in (Path(tmp) / "site").rglob("*.html"))
        _stage(size, "build", build, out, html_pages=pages)
        again = run([*base, "run"], cwd=Path(tmp))
        _stage(size, "no-change run", again, out, summary=again.stderr.strip().splitlines())
        split = crosscheck_split(data)
        _record(out, {"n": size, "stage": "cross-check again (in process)", **split})
    full = collect.wall + check.wall + build.wall
    figures = {
        "n": size,
        "documents": counts["documents"],
        "hosts": len(web_corpus.hosts),
        "collect_docs_per_s": counts["documents"] / collect.wall,
        "check_docs_per_s": counts["documents"] / check.wall,
        "build_s": build.wall,
        "full_s": full,
        "nochange_s": again.wall,
        "ms_per_doc": {
            name: 1000 * m.wall / counts["documents"]
            for name, m in (("collect", collect), ("check", check), ("build", build))
        },
        "peak_mb": max(m.peak_tree_mb for m in (collect, check, build, again)),
        "crosscheck_s_per_incident": split["crosscheck_s"] / max(1, split["rechecked"]),
    }
    _record(out, {"stage": "summary", **figures})
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument(
        "--concurrency", type=int, default=32, help="hosts collected in parallel (default 32)"
    )
    parser.add_argument(
        "--host-interval",
        type=float,
        default=1.0,
        help="seconds between two requests to one host (default 1.0)",
    )
    parser.add_argument("--json", type=Path, default=None, help="append JSON lines here")
    args = parser.parse_args(argv)
    print(f"scale benchmark on {machine()}", flush=True)
    results = [
        scale_run(n, concurrency=args.concurrency, host_interval=args.host_interval, out=args.json)
        for n in args.sizes
    ]
    print(
        f"\n{'N':>6} {'hosts':>5} {'collect doc/s':>13} {'check doc/s':>11} {'build s':>8}"
        f" {'ms/doc collect':>14} {'check':>7} {'build':>6} {'peak MB':>8}"
        f" {'no-change s':>11} {'ratio':>6}"
    )
    for r in results:
        ms = r["ms_per_doc"]
        print(
            f"{r['n']:>6} {r['hosts']:>5} {r['collect_docs_per_s']:>13.1f}"
            f" {r['check_docs_per_s']:>11.2f} {r['build_s']:>8.1f} {ms['collect']:>14.1f}"
            f" {ms['check']:>7.1f} {ms['build']:>6.1f} {r['peak_mb']:>8.0f}"
            f" {r['nochange_s']:>11.1f} {r['nochange_s'] / r['full_s']:>6.1%}"
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        for stage in ("collect", "check", "build"):
            growth = last["ms_per_doc"][stage] / first["ms_per_doc"][stage]
            print(
                f"  per-document cost of {stage}: x{growth:.2f} from N={first['n']} to"
                f" N={last['n']} (1.00 = linear)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
