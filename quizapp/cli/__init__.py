"""The `quizapp` command line: argument parsing and dispatch to one module per command.

Each command module exposes `register(subparsers)`, which adds its parser and sets
`handler` to a function taking the parsed arguments and returning an exit code. Modules
import their heavy dependencies inside the handler, so `quizapp lint` never loads Textual.
Plain `quizapp` (the app, maybe with common options) does not import the command modules at
all: the first screen pays only for what it shows.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from quizapp import __version__

if TYPE_CHECKING:
    import argparse

COMMAND_MODULES = ("study", "lint", "schema", "stats", "export", "report", "gradebook")
"""Module names under `quizapp.cli`, in the order `--help` lists them."""

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def common_options() -> argparse.ArgumentParser:
    """A parent parser with the options every command understands.

    Pass it as `parents=[common_options()]` to a command's parser so that
    `quizapp --profile ana stats` and `quizapp stats --profile ana` both work. The
    defaults are suppressed here and set once on the top-level parser, so a command
    parser never overwrites a value given before the command name.
    """
    import argparse  # here: plain `quizapp` never needs it

    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder for progress databases (default: $QUIZAPP_HOME or the user data folder)",
    )
    parent.add_argument(
        "--profile", default=argparse.SUPPRESS, help="learner profile name (default: default)"
    )
    parent.add_argument(
        "--decks",
        metavar="PATH",
        action="append",
        default=argparse.SUPPRESS,
        help="deck file or folder to use instead of the bundled and user decks (repeatable)",
    )
    return parent


def build_parser(*, commands: bool = True, only: str | None = None) -> argparse.ArgumentParser:
    """The `quizapp` parser; without `commands`, only the options of the app itself.

    With `only`, the one command named is registered: `quizapp study …` does not import
    the exporters to build parsers it will not use.
    """
    import argparse

    parser = argparse.ArgumentParser(
        prog="quizapp",
        parents=[common_options()],
        description="Quizzes and flashcards with spaced repetition, in the terminal.",
        epilog="With no command, quizapp opens the app on the bundled and user decks.",
        exit_on_error=commands,
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    parser.set_defaults(data_dir=None, profile="default", decks=None)
    if commands:
        subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
        for name in (only,) if only else COMMAND_MODULES:
            module = importlib.import_module(f"quizapp.cli.{name}")
            module.register(subparsers)
    return parser


def _app_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The parsed options when `argv` only opens the app (no command, no help): else None.

    Saves importing every command module (and their imports) before the app starts.
    """
    import argparse

    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return None
    try:
        args, rest = build_parser(commands=False).parse_known_args(argv)
    except argparse.ArgumentError:
        return None  # the full parser words the error, with its usage line
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the process exit code."""
    given = sys.argv[1:] if argv is None else list(argv)
    if not given:
        # Plain `quizapp`, the most common start: every option at its default, no parser.
        # The collector pauses from here (the app's imports), as `run_app` explains.
        gc.disable()
        from quizapp.tui.factory import run_app

        return run_app(SimpleNamespace(data_dir=None, profile="default", decks=None))
    quick = _app_only(given)
    if quick is not None:
        from quizapp.cli.study import run_tui

        return run_tui(quick)
    args = build_parser(only=given[0] if given[0] in COMMAND_MODULES else None).parse_args(given)
    handler = getattr(args, "handler", None)
    if handler is None:
        from quizapp.cli.study import run_tui

        return run_tui(args)
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `quizapp lint | head` closed the pipe: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK
