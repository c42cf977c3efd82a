"""Benchmark: time of each component of the check-stage pipeline on the demo documents.

Collects the demo documents into a temporary store, loads ``claims.nlp.load_nlp()`` and runs
the pipeline component by component over all texts, exactly as ``nlp.pipe(texts,
batch_size=32)`` chains them (each component's ``pipe`` if it has one, else its ``__call__``),
timing each stage. Also times the whole ``nlp.pipe`` and the bare model (Vigie components
disabled). Best of ``--repeat`` runs (default 3).

    .venv/bin/python -m bench.nlp_components [--repeat N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

BATCH_SIZE = 32


def demo_texts() -> list[str]:
    """The texts of the demo documents (collected into a temporary store)."""
    from core.settings import Settings
    from scraper import runner
    from scraper.store import CollectionStore

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        runner.collect(Settings(data_dir=data), demo=True)
        with CollectionStore(data / "vigie.sqlite3") as store:
            return [str(row["text"]) for row in store.iter_documents()]


def _run(proc: object, docs: Iterable[object]) -> Iterator[object]:
    if hasattr(proc, "pipe"):
        yield from proc.pipe(docs, batch_size=BATCH_SIZE)  # type: ignore[attr-defined]
    else:
        for doc in docs:
            yield proc(doc)  # type: ignore[operator]


def per_component(nlp, texts: list[str]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Seconds spent in each component (tokenizer included) over ``texts``."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    seconds["tokenizer"] = time.perf_counter() - start
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        docs = list(_run(proc, docs))
        seconds[name] = time.perf_counter() - start
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from claims.nlp import load_nlp

    texts = demo_texts()
    nlp = load_nlp()
    list(nlp.pipe(texts[:2]))  # warm-up
    n_sents = sum(len(list(d.sents)) for d in nlp.pipe(texts, batch_size=BATCH_SIZE))
    print(f"{len(texts)} documents, {sum(len(t) for t in texts)} characters, {n_sents} sentences")

    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for name, value in per_component(nlp, texts).items():
            best[name] = min(value, best.get(name, float("inf")))
    vigie = [name for name in nlp.pipe_names if name.startswith("vigie_")]
    whole = bare = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        list(nlp.pipe(texts, batch_size=BATCH_SIZE))
        whole = min(whole, time.perf_counter() - start)
        start = time.perf_counter()
        with nlp.select_pipes(disable=vigie):
            list(nlp.pipe(texts, batch_size=BATCH_SIZE))
        bare = min(bare, time.perf_counter() - start)

    model = sum(v for k, v in best.items() if not k.startswith("vigie_"))
    print(f"{'component':<26}{'seconds':>9}{'× model':>9}")
    for name, value in best.items():
        print(f"{name:<26}{value:>9.3f}{value / model:>9.3f}")
    print(f"{'model components':<26}{model:>9.3f}")
    print(f"{'vigie components':<26}{sum(best.values()) - model:>9.3f}")
    print(f"{'nlp.pipe, whole chain':<26}{whole:>9.3f}")
    print(f"{'nlp.pipe, model only':<26}{bare:>9.3f}")


if __name__ == "__main__":
    main()
