"""Site commands (build, serve): registered through the `vigie.commands` entry point group."""

from __future__ import annotations

import argparse
import functools
import http.server
from pathlib import Path

from rich.console import Console

from core.cli import Commands
from core.settings import Settings
from sitegen.build import build_site
from sitegen.config import SiteConfig

DEFAULT_SITE_DIR = Path("site")


def register(commands: Commands) -> None:
    """Entry point of the `vigie.commands` group for the site package."""
    build = commands.add(
        "build", "generate the site's pages from the store and build it with MkDocs", run_build
    )
    _site_options(build)
    serve = commands.add(
        "serve", "build the site, then serve it on a local address for preview", run_serve
    )
    _site_options(serve)
    serve.add_argument(
        "--no-build", action="store_true", help="serve the existing site directory as it is"
    )
    serve.add_argument("--port", type=int, default=8000, help="local port (default 8000)")
    serve.add_argument(
        "--bind", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--site-dir",
        type=Path,
        default=None,
        help=f"where the site is written (default ./{DEFAULT_SITE_DIR})",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=None,
        help="where the generated Markdown (WORK_DIR/docs) and mkdocs.yml are"
        " kept between builds (default: build/NAME beside the site dir)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="the site's mkdocs.yml (default: the repository's)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="generate the pages and run MkDocs even when the site already matches its inputs",
    )


def run_build(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """`vigie build`; also called by `vigie run` with only the global options set."""
    site_dir = getattr(args, "site_dir", None) or DEFAULT_SITE_DIR
    config = SiteConfig.from_env(getattr(args, "config", None))
    report = build_site(
        settings.db_path,
        site_dir,
        config,
        getattr(args, "work_dir", None),
        force=getattr(args, "force", False),
    )
    if report.unchanged:
        done = "store and code unchanged since the last build: generation and mkdocs skipped"
    else:
        done = f"generate {report.generate_seconds:.1f} s, " + (
            "mkdocs skipped (site unchanged)"
            if report.skipped
            else f"mkdocs {report.mkdocs_seconds:.1f} s"
        )
    console.print(
        f"build finished: {report.pages} pages ({report.documents} documents,"
        f" {report.claims} claims) in {site_dir}; {done}",
        markup=False,
    )
    return 0


def run_serve(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """`vigie serve`: build (unless --no-build), then serve the site until interrupted."""
    site_dir = args.site_dir or DEFAULT_SITE_DIR
    if not args.no_build:
        run_build(args, settings, console)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        host, port = str(server.server_address[0]), int(server.server_address[1])
        console.print(f"serving {site_dir} at http://{host}:{port}/ (Ctrl-C to stop)", markup=False)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            console.print("stopped", markup=False)
    return 0
