"""`quizapp study`: the TUI, or a line-mode session with `--plain`."""

from __future__ import annotations

import argparse
from typing import Any

from quizapp.cli import common_options


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "study", parents=[common_options()], help="study in the app, or line by line with --plain"
    )
    parser.add_argument("--plain", action="store_true", help="line mode on stdin/stdout")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.plain:
        return run_tui(args)
    print("quizapp study --plain: not implemented yet", flush=True)
    return 2


def run_tui(args: argparse.Namespace) -> int:
    """Open the Textual app; Textual is imported only here."""
    from quizapp.tui.factory import run_app

    return run_app(args)
