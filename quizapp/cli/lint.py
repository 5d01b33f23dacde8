"""`quizapp lint`: check deck files and report every problem as `path:line:col: message`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from quizapp.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, common_options


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "lint",
        parents=[common_options()],
        help="check deck files and list every problem",
        description=(
            "Check deck files (default: the decks the app opens, bundled and your own) and "
            "print each problem as path:line:col: message. Exit status: 0 clean, 1 problems, "
            "2 usage error."
        ),
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="deck file or folder (folders are scanned)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or json: a list of {path, line, column, message}",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from quizapp.core.deck_loader import MORE_PROBLEMS
    from quizapp.core.deck_rules import printable
    from quizapp.core.errors import QuizAppError
    from quizapp.core.library import default_deck_paths, discover, load_library

    given = list(args.paths) or list(getattr(args, "decks", None) or [])
    # By default the decks the app opens, so that the home screen's "run quizapp lint" lists
    # the problems of the learner's own decks (and clashes of ids between them).
    defaults = [p for p in default_deck_paths(getattr(args, "data_dir", None)) if p.exists()]
    paths = [Path(p) for p in given] or defaults
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        shown = printable(", ".join(missing))
        print(f"quizapp lint: no such file or folder: {shown}", file=sys.stderr)
        return EXIT_USAGE
    try:
        files = discover(paths)
        library = load_library(files)
    except QuizAppError as exc:
        print(f"quizapp lint: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    problems = library.problems
    if args.format == "json":
        rows = [
            {"path": str(p.path), "line": p.line, "column": p.column, "message": p.message}
            for p in problems
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(printable(str(problem)))  # a file name may hold control characters too
    capped = sum(problem.message == MORE_PROBLEMS for problem in problems)
    summary = _summary(len(files), len(library.broken), len(problems) - capped, capped > 0)
    print(summary, file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _summary(files: int, broken: int, problems: int, more: bool = False) -> str:
    """The closing line; `more` when a file had more problems than it lists (the count is then
    a lower bound, and the "more problems follow" lines are not counted)."""
    checked = f"{files} deck file{'s' if files != 1 else ''}"
    if not files:
        return "quizapp lint: no deck files found"
    if not problems:
        return f"quizapp lint: {checked} checked, no problems"
    count = f"{'more than ' if more else ''}{problems} problem{'s' if problems != 1 else ''}"
    return f"quizapp lint: {count} in {broken} of {checked}"
