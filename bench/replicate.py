"""Benchmark: `vigie build` on a large store made by replicating a checked one.

Analysing 10 000 documents takes over an hour on two cores; the site build does not need
them analysed again. This copies a checked store (documents, revisions, analyses, claims,
verdicts, mentions, incidents) FACTOR times under new ids and URLs (`<id>r<k>`,
`<url>?copie=<k>`), same texts, claims and verdicts, then runs `vigie build` on it twice
(the second finds nothing new) and reports wall and CPU time and the peak memory of the
build's process tree (`bench.measure`).

    python -m bench.replicate STORE FACTOR [--work DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from bench.measure import machine, run

ORIGINAL = "SELECT id FROM original_docs"


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in db.execute(f"PRAGMA table_info({table})")]


def _copy(db: sqlite3.Connection, table: str, k: int, renamed: dict[str, str], where: str) -> None:
    cols = _columns(db, table)
    select = ", ".join(renamed.get(c, c).format(k=k) for c in cols)
    db.execute(f"INSERT INTO {table}({', '.join(cols)}) SELECT {select} FROM {table} WHERE {where}")


def replicate(source: Path, target: Path, factor: int) -> dict[str, int]:
    """Write `target`: `source` and factor - 1 renamed copies of its documents."""
    shutil.copyfile(source, target)
    db = sqlite3.connect(target)
    db.execute("PRAGMA foreign_keys=OFF")
    db.execute("DELETE FROM sentences")  # never read by the site
    db.execute("CREATE TEMP TABLE original_docs AS SELECT id FROM documents")
    db.execute("CREATE TEMP TABLE original_slugs AS SELECT slug FROM incidents")
    doc = "document_id || 'r{k}'"
    in_docs = f"document_id IN ({ORIGINAL})"
    for k in range(1, factor):
        _copy(
            db,
            "documents",
            k,
            {"id": "id || 'r{k}'", "url": "url || '?copie={k}'", "cluster": "cluster || 'r{k}'"},
            f"id IN ({ORIGINAL})",
        )
        for table in ("revisions", "analyses", "mentions"):
            _copy(db, table, k, {"document_id": doc, "id": "NULL"}, in_docs)
        _copy(db, "claims", k, {"id": "id || 'r{k}'", "document_id": doc}, in_docs)
        _copy(
            db,
            "verdicts",
            k,
            {"claim_id": "claim_id || 'r{k}'"},
            f"claim_id IN (SELECT id FROM claims WHERE {in_docs})",
        )
        _copy(
            db,
            "incidents",
            k,
            {"slug": "slug || '-r{k}'"},
            "slug IN (SELECT slug FROM original_slugs)",
        )
        _copy(
            db,
            "incident_documents",
            k,
            {"document_id": doc, "incident": "incident || '-r{k}'"},
            in_docs,
        )
    db.commit()
    counts = {
        t: int(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
        for t in ("documents", "claims", "incidents")
    }
    db.execute("VACUUM")
    db.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="a checked vigie.sqlite3")
    parser.add_argument("factor", type=int, help="copies (10 turns 1 000 documents into 10 000)")
    parser.add_argument("--work", type=Path, default=None, help="keep the data and site here")
    args = parser.parse_args(argv)
    print(f"replicated build benchmark on {machine()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="vigie-replicate-") as tmp:
        work = args.work or Path(tmp)
        (work / "data").mkdir(parents=True, exist_ok=True)
        counts = replicate(args.store, work / "data" / "vigie.sqlite3", args.factor)
        print(f"store: {counts}", flush=True)
        for name in ("build", "build again (nothing new)"):
            m = run(["--data-dir", "data", "build"], cwd=work)
            print(f"{name}: {m.line()}; RSS sum {m.peak_tree_rss_mb:.0f} MB", flush=True)
            print("  " + " ".join(m.stderr.split()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
