"""`quizapp gradebook`: merge students' report files into one class table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from quizapp.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, common_options


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "gradebook",
        parents=[common_options()],
        help="merge students' report files into a class table and a card difficulty table",
        description=(
            "Merge the files made by `quizapp report`: one row per student, a column per quiz, "
            "and the cards the class missed most. Duplicate or broken reports are listed, "
            "not merged."
        ),
    )
    parser.add_argument("reports", nargs="+", metavar="REPORT", help="report files (.json/.csv)")
    parser.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="class.csv, class.xlsx or class.html"
    )
    parser.set_defaults(handler=run)


def _say(message: str) -> None:
    print(f"quizapp gradebook: {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from quizapp.core.errors import QuizAppError
    from quizapp.core.exports.gradebook import FORMATS, export_gradebook
    from quizapp.core.exports.report_file import load_report
    from quizapp.core.results import Report, build_gradebook

    out = Path(args.output)
    if out.suffix.lower() not in FORMATS:
        _say(f"error: the gradebook file must end in {', '.join(FORMATS)}")
        return EXIT_USAGE
    reports: list[tuple[str, Report]] = []
    problems = 0
    for name in args.reports:
        path = Path(name)
        try:
            reports.append((path.name, load_report(path.read_bytes(), str(path))))
        except OSError as exc:
            _say(f"skipped {path}: {exc.strerror or exc}")
            problems += 1
        except QuizAppError as exc:
            _say(f"skipped {exc}")
            problems += 1
    if not reports:
        _say("error: no usable report")
        return EXIT_PROBLEMS
    book = build_gradebook(reports)
    for note in book.notes:
        _say(note)
    try:
        written = []
        for file in export_gradebook(book, out.suffix):
            target = out.with_name(out.stem + file.suffix + out.suffix)
            target.write_bytes(file.data)
            written.append(target)
    except QuizAppError as exc:
        _say(f"error: {exc}")
        return EXIT_PROBLEMS
    except OSError as exc:
        _say(f"error: cannot write {out}: {exc.strerror or exc}")
        return EXIT_PROBLEMS
    print(
        f"{len(book.students)} students, {len(book.quizzes)} quizzes, {len(book.cards)} cards; "
        f"{problems} report(s) skipped, {len(book.notes)} note(s)"
    )
    for path in written:
        print(f"wrote {path}", flush=True)
    return EXIT_OK
