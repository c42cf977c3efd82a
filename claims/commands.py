"""Check-stage commands (check, export claims): registered through `vigie.commands`."""

from __future__ import annotations

import argparse

from rich.console import Console

from claims.export import export_claims
from core.cli import Commands, print_summary
from core.lock import data_dir_lock
from core.settings import Settings


def register(commands: Commands) -> None:
    """Entry point of the `vigie.commands` group for the claims package."""
    check = commands.add(
        "check",
        "analyse what changed since the last check and cross-check"
        " claims against official communiqués",
        run_check,
    )
    check.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="analysis processes (default: 2 on two cores or more)",
    )
    commands.add_export("claims", "claims with verdicts, evidence and reviews", export_claims)


def run_check(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """`vigie check`: exit 0 when the run completed."""
    from claims.check import check_store

    with data_dir_lock(settings.data_dir):
        summary = check_store(settings, workers=getattr(args, "workers", None))
    print_summary(console, "check", summary.lines())
    return 0
