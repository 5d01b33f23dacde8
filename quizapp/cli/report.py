"""`quizapp report`: one learner's results as a JSON or CSV file to hand in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from quizapp.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, common_options


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        parents=[common_options()],
        help="write your results (quiz scores, accuracy per tag and card, study time) to a file",
        description=(
            "Write one learner's results to FILE.json or FILE.csv, the file a student hands in. "
            "A teacher merges them with `quizapp gradebook`."
        ),
    )
    parser.add_argument("-o", "--output", metavar="FILE", required=True, help="FILE.json or .csv")
    parser.add_argument("--name", help="student name written in the report (default: profile)")
    parser.add_argument(
        "--deck", action="append", default=[], metavar="ID", help="only this deck (repeatable)"
    )
    parser.set_defaults(handler=run)


def _fail(message: str, code: int = EXIT_PROBLEMS) -> int:
    print(f"quizapp report: error: {message}", file=sys.stderr, flush=True)
    return code


def run(args: argparse.Namespace) -> int:
    from quizapp import __version__
    from quizapp.core.clock import SystemClock
    from quizapp.core.errors import QuizAppError
    from quizapp.core.exports.report_file import CONTROL, report_csv, report_json
    from quizapp.core.library import default_deck_paths, load_library
    from quizapp.core.results import ReportInput, build_report
    from quizapp.core.stats import streak
    from quizapp.core.store import ProgressStore
    from quizapp.paths import database_path, deck_cache_path

    out = Path(args.output)
    if out.suffix.lower() not in (".json", ".csv"):
        return _fail("the report file must end in .json or .csv", EXIT_USAGE)
    if args.name is not None and CONTROL.search(args.name):
        return _fail("--name holds a control character (a tab or a line break?)", EXIT_USAGE)
    try:
        db = database_path(args.profile, args.data_dir)
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE)
    if not db.is_file():
        return _fail(f"profile {args.profile!r} has no progress yet ({db} does not exist)")
    clock = SystemClock()
    now = clock.now()
    try:
        paths = [Path(p) for p in args.decks] if args.decks else default_deck_paths(args.data_dir)
        library = load_library(paths, cache=deck_cache_path(args.data_dir))
        with ProgressStore(db, clock=clock) as store:
            found = streak(store, now)
            data = ReportInput(
                student=args.name or args.profile,
                profile=args.profile,
                decks=library.decks,
                answers=store.answer_outcomes(),
                sessions=store.sessions(),
                now=now,
                app_version=__version__,
                deck_ids=tuple(args.deck),
                streak=(found.current, found.best),
            )
            report = build_report(data)
        payload = report_csv(report) if out.suffix.lower() == ".csv" else report_json(report)
        out.write_bytes(payload)
    except QuizAppError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot write {out}: {exc.strerror or exc}")
    total = report.total
    print(
        f"{report.student}: {total.answered} answers, accuracy {total.accuracy:.0%}, "
        f"{len(report.quizzes)} quizzes, {report.study_seconds // 60} min of study, "
        f"streak {report.streak_current} day(s)"
    )
    print(f"wrote {out}", flush=True)
    if not args.name:
        print(
            f'note: the report names the student {report.student!r}; pass --name "Your Name" '
            "so that the teacher's gradebook can tell students apart",
            file=sys.stderr,
            flush=True,
        )
    return EXIT_OK
