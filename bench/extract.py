"""Benchmark: extraction throughput against bare `trafilatura.extract`, and `collect --demo`.

Both sides get the same decoded HTML pages (the bundled demo corpus), in the same process and
run; the ratio says what our cleaning, language detection and metadata cost on top of
trafilatura. Then one timed `vigie collect --demo` into a fresh data dir (whole pipeline,
store writes included).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

from core.cli import main as vigie
from scraper.demo import DEMO_DIR
from scraper.extract import decode_html, extract_html

ROUNDS = 5
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def pages() -> list[tuple[str, str]]:
    """(url, html) of every demo HTML page."""
    web = Path(DEMO_DIR) / "web"
    out = []
    for path in sorted(web.rglob("*.html")):
        url = "https://" + path.relative_to(web).as_posix()
        out.append((url, decode_html(path.read_bytes(), None)))
    return out


def timed(fn, corpus: list[tuple[str, str]]) -> float:
    """Best-of-rounds seconds to run fn over the corpus."""
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for url, html in corpus:
            fn(url, html)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    corpus = pages()
    reps = max(1, 60 // max(1, len(corpus)))
    corpus = corpus * reps
    bare = timed(
        lambda u, h: trafilatura.extract(h, url=u, include_comments=False, with_metadata=True),
        corpus,
    )
    ours = timed(lambda u, h: extract_html(h, u, now=NOW), corpus)
    n = len(corpus)
    print(f"extraction: {n} pages, best of {ROUNDS} rounds")
    print(f"  bare trafilatura.extract : {bare:.3f} s  ({n / bare:.1f} pages/s)")
    print(f"  vigie extract_html       : {ours:.3f} s  ({n / ours:.1f} pages/s)")
    print(f"  ratio ours/bare          : {ours / bare:.2f}x")
    walls = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            code = vigie(["--data-dir", tmp, "collect", "--demo"])
            walls.append(time.perf_counter() - start)
            if code != 0:
                print(f"collect --demo failed with exit code {code}", file=sys.stderr)
                return 1
    print(f"collect --demo wall time (in-process, median of 3): {statistics.median(walls):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
