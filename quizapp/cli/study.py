"""`quizapp study`: the TUI, or a line-mode session with `--plain`."""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from datetime import timedelta
from typing import IO, TYPE_CHECKING, Any

from quizapp.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, common_options

if TYPE_CHECKING:
    from quizapp.core.session_plan import SessionPlan


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "study",
        parents=[common_options()],
        help="study in the app, or line by line with --plain",
        description=(
            "Study due and new cards, or take a quiz. With --plain, a line-mode session on "
            "stdin/stdout (screen readers, pipes, scripts): type the answer, then Enter to "
            "accept the suggested rating or 1-4. Commands: :q quit (saved), :u undo the last "
            "answer, :f flag the card, :h help."
        ),
    )
    parser.add_argument("--plain", action="store_true", help="line mode on stdin/stdout")
    parser.add_argument("--deck", action="append", metavar="ID", help="only this deck (repeatable)")
    parser.add_argument("--tag", metavar="T", help="only cards with this tag")
    parser.add_argument(
        "--quiz", type=_positive, metavar="N", help="a scored quiz of N random cards"
    )
    parser.add_argument(
        "--no-schedule",
        action="store_true",
        help="quiz answers do not change the review schedule",
    )
    parser.add_argument(
        "--time-limit", type=float, metavar="SECONDS", help="end the quiz after this time"
    )
    parser.add_argument("--seed", type=int, metavar="N", help="seed the card and option order")
    parser.set_defaults(handler=run)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace) -> int:
    if (args.no_schedule or args.time_limit is not None) and args.quiz is None:
        print("quizapp study: --no-schedule and --time-limit need --quiz N", file=sys.stderr)
        return EXIT_USAGE
    if not args.plain:
        return run_tui(args, session_plan(args))
    if isinstance(sys.stdin, io.TextIOWrapper):
        # Bytes that are not text in the locale's encoding come in as U+FFFD: a line of
        # Latin-1 piped in gave a traceback (and left the session open).
        sys.stdin.reconfigure(errors="replace")
    return run_plain(args, sys.stdin, sys.stdout, sys.stderr)


def session_plan(args: argparse.Namespace) -> SessionPlan:
    """The session the `study` options ask for: a quiz with `--quiz N`, else today's review."""
    from quizapp.core.session_plan import SessionPlan

    return SessionPlan(
        mode="quiz" if args.quiz is not None else "review",
        deck_ids=tuple(args.deck or ()),
        tag=args.tag,
        count=args.quiz or 10,
        schedule=not args.no_schedule,
        time_limit=args.time_limit,
    )


def run_tui(args: argparse.Namespace, start: SessionPlan | None = None) -> int:
    """Open the Textual app (on the `start` session, else home); Textual is imported only here."""
    from quizapp.tui.factory import run_app

    return run_app(args, start)


def run_plain(args: argparse.Namespace, stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    """Run a line-mode session; every answer is committed before the next card is printed."""
    from quizapp.cli.plain import PlainSession
    from quizapp.context import open_services
    from quizapp.core.deck_rules import printable
    from quizapp.core.errors import QuizAppError, UnknownDeckError

    try:
        services = open_services(args.data_dir, args.profile, args.decks)
    except QuizAppError as error:
        print(f"quizapp: {error}", file=stderr)
        return EXIT_PROBLEMS
    with services:
        for broken in services.library.broken:
            for problem in broken.error.problems:
                print(printable(str(problem)), file=stderr)  # a file name may hold controls
        if not services.library.summaries:
            print("quizapp study: no deck to study", file=stderr)
            return EXIT_PROBLEMS
        try:
            session = services.start_session(session_plan(args), random.Random(args.seed))
            color = stdout.isatty() and not os.environ.get("NO_COLOR")
            PlainSession(session, stdin, stdout, color=color, timer=time.monotonic).run()
        except UnknownDeckError as error:
            print(f"quizapp study: {error}", file=stderr)
            return error.exit_code
        except QuizAppError as error:
            print(f"quizapp: {error}", file=stderr)
            return EXIT_PROBLEMS
    return EXIT_OK


def format_interval(interval: timedelta) -> str:
    """Anki-style short interval: 45s, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return f"{max(0, round(seconds))}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"
