"""The `vigie` command line: global options, then commands registered by each package.

Packages register their commands through the `vigie.commands` entry point group, so this
module never imports later stages (claims, site): the data flow stays one-way.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from rich.console import Console

from core import __version__
from core.errors import VigieError
from core.jsonl import write_jsonl
from core.settings import DATA_DIR_ENV, Settings
from core.store import store_error

Runner = Callable[[argparse.Namespace, Settings, Console], int]
Exporter = Callable[[Settings], Iterator[dict[str, Any]]]
SOURCES_ENV = "VIGIE_SOURCES"
STAGES = ("collect", "check", "build")  # what `vigie run` chains, when installed


@dataclass
class Commands:
    """What packages register: sub-commands and `export` targets."""

    subparsers: Any
    exporters: dict[str, tuple[str, Exporter]]
    runners: dict[str, Runner] = field(default_factory=dict)
    parsers: dict[str, argparse.ArgumentParser] = field(default_factory=dict)

    def add(self, name: str, help: str, run: Runner) -> argparse.ArgumentParser:
        """Add a sub-command; returns its parser so the caller can add options."""
        parser = self.subparsers.add_parser(name, help=help, description=help)
        parser.set_defaults(run=run)
        self.runners[name] = run
        self.parsers[name] = parser
        return parser

    def add_export(self, what: str, help: str, records: Exporter) -> None:
        """Add a target of `vigie export WHAT` writing JSON Lines."""
        self.exporters[what] = (help, records)


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with every registered command."""
    parser = argparse.ArgumentParser(
        prog="vigie",
        description="Vigie Santé: collect French coverage of health-sector data breaches,"
        " cross-check claims against official communiqués, publish a site.",
    )
    parser.add_argument("--version", action="version", version=f"vigie-sante {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"store location (default: ${DATA_DIR_ENV} or ./data)",
    )
    parser.add_argument(
        "--sources",
        type=Path,
        default=None,
        help="user registry overlay (default: $VIGIE_SOURCES, or"
        " DATA_DIR/sources.toml when present)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="show details: each drop and failure, tracebacks of bugs",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands = Commands(sub, {})
    for ep in sorted(entry_points(group="vigie.commands"), key=lambda e: e.name):
        ep.load()(commands)
    if {"collect", "check"} <= set(commands.runners):
        run = commands.add(
            "run", "collect, then check, then build the site (every stage installed)", _run_stages
        )
        run.add_argument(
            "--demo", action="store_true", help="collect the bundled demo corpus (offline)"
        )
        run.set_defaults(
            stages=[commands.runners[name] for name in STAGES if name in commands.runners],
            stage_parsers={
                name: commands.parsers[name] for name in STAGES if name in commands.parsers
            },
        )
    if commands.exporters:
        export = commands.add("export", "write stored records as JSON Lines", _export)
        export.add_argument(
            "what",
            choices=sorted(commands.exporters),
            help="; ".join(f"{k}: {v[0]}" for k, v in sorted(commands.exporters.items())),
        )
        export.add_argument(
            "-o", "--output", type=Path, default=None, help="output file (default: standard output)"
        )
        export.set_defaults(exporters=commands.exporters)
    return parser


def print_summary(console: Console, command: str, lines: list[str]) -> None:
    """What every stage prints when it is done: `COMMAND finished`, then one indented line
    per fact (lines already made printable by the stage)."""
    console.print(f"{command} finished", markup=False)
    for line in lines:
        console.print(f"  {line}", markup=False, soft_wrap=True)


def _run_stages(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """`vigie run`: each stage with its default options; stops at the first failing stage."""
    for name, stage in zip(args.stage_parsers, args.stages, strict=True):
        stage_args = args.stage_parsers[name].parse_args(
            ["--demo"] if args.demo and name == "collect" else []
        )
        code = stage(stage_args, settings, console)
        if code != 0:
            console.print(f"run stopped: {name} exited with {code}", markup=False)
            return code
    return 0


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Build the run settings from global options and the environment."""
    data_dir = args.data_dir or Path(os.environ.get(DATA_DIR_ENV, "data"))
    sources = args.sources or (
        Path(os.environ[SOURCES_ENV]) if os.environ.get(SOURCES_ENV) else None
    )
    if sources is None and (data_dir / "sources.toml").is_file():
        sources = data_dir / "sources.toml"
    return Settings(data_dir=data_dir, verbose=args.verbose, sources_file=sources)


def _export(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    _, records = args.exporters[args.what]
    if args.output is None:
        count = write_jsonl(records(settings), sys.stdout)
    else:
        if args.output.is_dir():
            raise VigieError(f"{args.output}: is a directory; -o takes a file name")
        if not args.output.parent.is_dir():
            raise VigieError(f"{args.output.parent}: no such directory")
        tmp = args.output.with_name(args.output.name + ".part")
        try:
            with tmp.open("w", encoding="utf-8") as out:
                count = write_jsonl(records(settings), out)
            tmp.replace(args.output)
        finally:
            tmp.unlink(missing_ok=True)  # nothing half-written is left behind
    console.print(f"exported {count} {args.what}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (2 for usage errors)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    console = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per message
    settings = settings_from_args(args)
    try:
        return int(args.run(args, settings, console))
    except VigieError as exc:
        console.print(f"error: {exc}", markup=False)
        return 1
    except KeyboardInterrupt:
        console.print("interrupted; the store is consistent, rerun to complete")
        return 130
    except Exception as exc:
        if _environment_fault(exc):  # a path, disk or store fault: not a bug
            console.print(f"error: {_fault(exc, settings)}", markup=False)
            return 1
        # a bug: one line, details with --verbose
        if settings.verbose:
            raise
        console.print(
            f"internal error: {type(exc).__name__}: {exc} (rerun with --verbose)", markup=False
        )
        return 70


def _environment_fault(exc: Exception) -> bool:
    """True for an OSError (missing path, read-only or full disk) or a store SQLite cannot use
    (not a database, damaged, locked, full); integrity and programming errors are bugs."""
    return isinstance(exc, (OSError, sqlite3.OperationalError)) or (
        type(exc) is sqlite3.DatabaseError
    )


def _fault(exc: Exception, settings: Settings) -> str:
    """One line for an environment fault: the file it names (or the store), the reason."""
    if isinstance(exc, sqlite3.Error):
        return str(store_error(settings.db_path, exc))
    where = getattr(exc, "filename", None) or settings.data_dir
    return f"{where}: {getattr(exc, 'strerror', None) or exc}"


if __name__ == "__main__":
    sys.exit(main())
