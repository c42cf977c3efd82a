"""Benchmark: snapshots and the live store on the synthetic corpus (`bench.synth`).

For each size N: collect N documents from loopback and `check` them (as `bench.scale`),
then give each document the month of its publication as its first fetch (a store built up
over the months, as the scheduled workflow builds it, instead of one collected in a day),
and measure:

- the live store: bytes per document after `check`, by table (SQLite's dbstat);
- `vigie snapshot save`: time, bytes per document, files and largest file, plain and gzip;
- a run that adds 1 % new documents (fetched this month): files and bytes a second save
  rewrites;
- `vigie snapshot load` into an empty data dir, then the full rebuild (`check`): times, and
  whether the rebuilt store has the same claims and verdicts as the original.

    python -m bench.snapshot [--sizes 1000] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.measure import machine, run
from bench.synth import LoopbackWeb, corpus, write_sources

CLAIMS = (
    "SELECT c.id, c.document_id, c.position, c.kind, c.text, c.status, c.first_revno,"
    " c.last_revno, v.verdict, v.reason, v.evidence, v.flags FROM claims c"
    " LEFT JOIN verdicts v ON v.claim_id = c.id ORDER BY c.id"
)


def table_bytes(db_path: Path) -> dict[str, int]:
    """Bytes of each table, its indexes included (dbstat), and of the whole file."""
    db = sqlite3.connect(db_path)
    try:
        owner = dict(db.execute("SELECT name, tbl_name FROM sqlite_master"))
        sizes: dict[str, int] = {}
        for name, size in db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
            table = owner.get(name, name)
            sizes[table] = sizes.get(table, 0) + int(size)
    finally:
        db.close()
    sizes["(file)"] = db_path.stat().st_size
    return sizes


def spread_over_months(db_path: Path) -> None:
    """First fetch = publication time: the store a year of scheduled runs would have built."""
    db = sqlite3.connect(db_path)
    db.execute("UPDATE documents SET first_seen = published WHERE published IS NOT NULL")
    db.commit()
    db.close()


def add_documents(db_path: Path, count: int) -> None:
    """`count` new documents fetched now: copies of stored ones under new addresses, with a
    sentence of their own, as a run that finds 1 % new articles adds."""
    from scraper.fetched import Extracted
    from scraper.store import CollectionStore, NewDocument

    now = datetime.now(UTC)
    with CollectionStore(db_path) as store:
        rows = store.db.execute(
            "SELECT d.url, d.kind, d.outlet, d.title, r.text FROM documents d JOIN revisions r"
            " ON r.document_id = d.id AND r.revno = 1 ORDER BY d.id LIMIT ?",
            (count,),
        ).fetchall()
        for i, r in enumerate(rows):
            text = f"{r['text']}\n\nMise à jour n° {i} : l'enquête se poursuit."
            store.save_document(
                NewDocument(
                    url=f"{r['url']}?suite={i}",
                    kind=r["kind"],
                    source="bench",
                    outlet=r["outlet"],
                    fetched_at=now,
                    extracted=Extracted(text=text, title=r["title"], language="fr"),
                ),
                [],
            )


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def snapshot_run(size: int, out: Path | None) -> dict[str, Any]:
    web = corpus(size)
    figures: dict[str, Any] = {"n": size}
    with tempfile.TemporaryDirectory(prefix="vigie-snapshot-") as tmp, LoopbackWeb(web):
        root = Path(tmp)
        data = root / "data"
        write_sources(web, data)
        base = ["--data-dir", str(data)]
        # --max-pages: the per-run page cap (3 000 by default) would stop a large corpus
        run(
            [
                *base,
                "collect",
                "--concurrency",
                "32",
                "--host-interval",
                "1.0",
                "--max-pages",
                str(2 * size),
            ],
            cwd=root,
        )
        check = run([*base, "check"], cwd=root)
        db_path = data / "vigie.sqlite3"
        spread_over_months(db_path)
        docs = sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        if docs < size:
            raise SystemExit(f"bench.snapshot: collected {docs} documents of {size}")
        figures.update(documents=docs, check_s=round(check.wall, 1))
        sizes = table_bytes(db_path)
        figures["store_bytes_per_doc"] = {
            t: round(b / docs) for t, b in sorted(sizes.items(), key=lambda kv: -kv[1])
        }
        for name, flag in (("plain", []), ("gzip", ["--gzip"])):
            snap = root / f"snapshot-{name}"
            saved = run([*base, "snapshot", "save", str(snap), *flag], cwd=root)
            before = files_of(snap)
            data_files = {k: v for k, v in before.items() if k.endswith((".jsonl", ".gz"))}
            figures[f"snapshot_{name}"] = {
                "save_s": round(saved.wall, 2),
                "files": len(before),
                "bytes_per_doc": round(sum(map(len, before.values())) / docs),
                "largest_file_bytes": max(map(len, data_files.values())),
            }
        added = max(1, docs // 100)
        add_documents(db_path, added)
        for name, flag in (("plain", []), ("gzip", ["--gzip"])):
            snap = root / f"snapshot-{name}"
            before = files_of(snap)
            again = run([*base, "snapshot", "save", str(snap), *flag], cwd=root)
            after = files_of(snap)
            changed = sorted(k for k in after if before.get(k) != after[k])
            figures[f"snapshot_{name}"].update(
                added_documents=added,
                resave_s=round(again.wall, 2),
                files_rewritten=len(changed),
                files_rewritten_names=changed,
                bytes_rewritten=sum(len(after[k]) for k in changed),
                bytes_total=sum(map(len, after.values())),
            )
        # The rebuild: an empty data dir, the snapshot, a full check.
        original = sqlite3.connect(db_path)
        add_check = run([*base, "check"], cwd=root)
        expected = original.execute(CLAIMS).fetchall()
        original.close()
        figures["check_after_adding_s"] = round(add_check.wall, 1)
        rebuilt = root / "rebuilt"
        start = time.perf_counter()
        load = run(
            ["--data-dir", str(rebuilt), "snapshot", "load", str(root / "snapshot-gzip")], cwd=root
        )
        recheck = run(["--data-dir", str(rebuilt), "check"], cwd=root)
        total = time.perf_counter() - start
        got = sqlite3.connect(rebuilt / "vigie.sqlite3")
        same = got.execute(CLAIMS).fetchall() == expected
        got.close()
        figures["rebuild"] = {
            "load_s": round(load.wall, 2),
            "check_s": round(recheck.wall, 1),
            "total_s": round(total, 1),
            "same_claims_and_verdicts": same,
            "claims": len(expected),
        }
        shutil.rmtree(rebuilt)
    print(json.dumps(figures, indent=1, ensure_ascii=False), flush=True)
    if out is not None:
        with out.open("a", encoding="utf-8") as f:
            f.write(json.dumps(figures, ensure_ascii=False) + "\n")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--json", type=Path, default=None, help="append JSON lines here")
    args = parser.parse_args(argv)
    print(f"snapshot benchmark on {machine()}", flush=True)
    for size in args.sizes:
        snapshot_run(size, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
