"""The collection stage's commands: collect, ingest, export documents, info."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from core.cli import Commands, print_summary
from core.jsonl import write_jsonl
from core.lock import data_dir_lock
from core.settings import Settings
from scraper import runner
from scraper.summary import RunSummary, printable


def register(commands: Commands) -> None:
    """Entry point of the `vigie.commands` group for the scraper package."""
    collect = commands.add(
        "collect", "poll feeds and store new French on-topic documents", run_collect
    )
    collect.add_argument(
        "--feed",
        action="append",
        metavar="URL",
        default=None,
        help="collect from this feed instead of the registry (repeatable)",
    )
    collect.add_argument("--offline", action="store_true", help="never touch the network")
    collect.add_argument(
        "--demo", action="store_true", help="collect the bundled demo corpus (offline, no network)"
    )
    collect.add_argument(
        "--concurrency",
        type=int,
        default=None,
        metavar="N",
        help="hosts fetched in parallel (default 8)",
    )
    collect.add_argument(
        "--host-interval",
        type=float,
        default=None,
        metavar="SECONDS",
        help="minimum delay between two requests to one host (default 1.0)",
    )
    collect.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="deadline of one whole request, body included (default 20)",
    )
    collect.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        metavar="N",
        help="cap on a decompressed body (default 5242880)",
    )
    collect.add_argument(
        "--max-feed-items",
        type=int,
        default=None,
        metavar="N",
        help="entries read from one feed, the rest ignored (default 300)",
    )
    collect.add_argument(
        "--max-pages",
        type=int,
        default=None,
        metavar="N",
        help="pages fetched by one run, the rest left to the next run (default 3000)",
    )
    collect.add_argument(
        "--poison-recheck-days",
        type=float,
        default=None,
        metavar="DAYS",
        help="a page dropped as poison or too complex is asked again"
        " (conditionally) when its link comes back, at most once in"
        " this many days (default 7)",
    )

    ingest = commands.add("ingest", "store local HTML, TXT or PDF files", run_ingest)
    ingest.add_argument("files", nargs="+", type=Path, metavar="FILE")
    ingest.add_argument(
        "--kind",
        required=True,
        choices=("official", "press"),
        help="official communiqué or press article",
    )
    ingest.add_argument(
        "--url", default=None, help="the document's public address (default: its file:// URI)"
    )
    ingest.add_argument(
        "--published",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="publication date, overriding what the file says",
    )
    ingest.add_argument("--outlet", default="", metavar="NAME", help="outlet or body name")

    commands.add("info", "print versions, the data dir and store counts", run_info)
    sources = commands.add(
        "sources",
        "list the sources with their health: feeds, documents,"
        " last success, last error, drops by reason",
        run_sources,
    )
    shape = sources.add_mutually_exclusive_group()
    shape.add_argument(
        "--json", action="store_true", help="one JSON object per source and line (JSON Lines)"
    )
    shape.add_argument(
        "--summary",
        action="store_true",
        help="a short Markdown summary, failing feeds first (CI job summaries)",
    )

    snapshot = commands.add(
        "snapshot",
        "save the store's durable state as plain files, or build a store from them",
        run_snapshot,
    )
    actions = snapshot.add_subparsers(dest="action", metavar="ACTION", required=True)
    save = actions.add_parser(
        "save",
        help="write documents, revisions, feed and robots state"
        " and the data dir's own files into OUT",
    )
    save.add_argument("out", type=Path, metavar="OUT")
    save.add_argument("--gzip", action="store_true", help="gzip the JSON Lines files")
    load = actions.add_parser(
        "load",
        help="build the store of an empty data dir from the snapshot in OUT (then run `check`)",
    )
    load.add_argument("out", type=Path, metavar="OUT")
    commands.add_export(
        "documents", "stored documents with their latest text", runner.export_documents
    )


def _date(value: str) -> datetime:
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None


def _fetch_overrides(args: argparse.Namespace, settings: Settings) -> Settings:
    fetch = settings.fetch
    changes = {
        "concurrency": args.concurrency,
        "host_interval": args.host_interval,
        "total_timeout": args.timeout,
        "max_bytes": args.max_bytes,
        "max_feed_items": args.max_feed_items,
        "max_pages": args.max_pages,
        "poison_recheck_days": args.poison_recheck_days,
    }
    fetch = replace(fetch, **{k: v for k, v in changes.items() if v is not None})
    return replace(settings, fetch=replace(fetch, offline=args.offline))


def run_collect(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """`vigie collect`: exit 0 when the run completed, 1 when no feed could be polled."""
    if args.demo and args.feed:
        console.print("error: --demo and --feed cannot be combined")
        return 2
    settings = _fetch_overrides(args, settings)
    with data_dir_lock(settings.data_dir), _progress(console) as progress:
        task = progress.add_task("collecting", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        summary = runner.collect(settings, feed_urls=args.feed, demo=args.demo, on_progress=advance)
    _print_summary(console, "collect", summary, settings.verbose)
    tried = summary.feeds_polled + summary.feeds_offline
    return 1 if summary.failures and tried == 0 else 0


def run_ingest(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """`vigie ingest`: exit 1 when no file could be read."""
    if args.url and len(args.files) > 1:
        console.print("error: --url applies to one file; give one FILE with --url")
        return 2
    with data_dir_lock(settings.data_dir):
        summary = runner.ingest(
            settings,
            args.files,
            kind=args.kind,
            url=args.url,
            published=args.published,
            outlet=args.outlet,
        )
    _print_summary(console, "ingest", summary, settings.verbose)
    return 1 if len(summary.failures) == len(args.files) else 0


def run_info(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """`vigie info`: one `key: value` line each, on standard output."""
    for key, value in runner.info(settings).items():
        print(f"{key}: {value}")
    return 0


def run_sources(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """`vigie sources`: the registry (with its overlay) and every source the store knows."""
    from core.source_health import summary_markdown

    rows = runner.sources(settings)
    if args.json:
        write_jsonl((row.record() for row in rows), sys.stdout)
    elif args.summary:
        sys.stdout.write(printable(summary_markdown(rows)))
    else:
        for row in rows:
            failing = sum(1 for f in row.feeds if f.failing)
            parts = [
                f"{row.name} [{row.kind}]",
                f"{len(row.feeds)} feeds" + (f" ({failing} failing)" if failing else ""),
                f"{row.documents} documents",
                f"last success {row.last_success or 'never'}",
            ]
            if row.drops:
                parts.append("drops " + " ".join(f"{k}={v}" for k, v in sorted(row.drops.items())))
            if row.last_error:
                parts.append(f"last error {row.last_error}")
            print(printable(" | ".join(parts)))  # feed errors quote what feeds sent
    return 0


def run_snapshot(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """`vigie snapshot save OUT` / `vigie snapshot load OUT`."""
    from scraper import snapshot

    if args.action == "save":
        with runner.open_collection_store(settings) as store:
            result = snapshot.save(store, settings.data_dir, args.out, compress=args.gzip)
        console.print(
            f"snapshot saved in {args.out}: {result.documents} documents,"
            f" {result.revisions} revisions, {result.bytes} bytes; files written"
            f" {len(result.written)}, unchanged {len(result.unchanged)}, removed"
            f" {len(result.removed)}",
            markup=False,
            soft_wrap=True,
        )
        if settings.verbose:
            for name in result.written:
                console.print(f"  written: {name}", markup=False, soft_wrap=True)
        return 0
    with data_dir_lock(settings.data_dir), runner.open_collection_store(settings) as store:
        documents, revisions = snapshot.load(store, settings.data_dir, args.out)
    console.print(
        f"snapshot loaded from {args.out}: {documents} documents, {revisions}"
        f" revisions (run `vigie check` to analyse them)",
        markup=False,
        soft_wrap=True,
    )
    return 0


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def _print_summary(console: Console, command: str, summary: RunSummary, verbose: bool) -> None:
    print_summary(console, command, summary.lines() + (summary.details() if verbose else []))
