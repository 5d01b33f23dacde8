"""`quizapp export`: write a deck for Anki, Moodle, Kahoot, Quizlet, a spreadsheet or paper."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from quizapp.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, common_options
from quizapp.core.exports import FORMATS

DEFAULT_NAMES = {
    "anki": "{deck}-anki.apkg",
    "gift": "{deck}-gift.txt",
    "moodle-xml": "{deck}-moodle.xml",
    "kahoot": "{deck}-kahoot.xlsx",
    "quizlet": "{deck}-quizlet.txt",
    "csv": "{deck}.csv",
    "html": "{deck}-worksheet.html",
}
"""Default file per format, in the current folder. Their stems differ too: each export's
report is STEM.export-report.txt, so that exports never overwrite each other's files."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        parents=[common_options()],
        help="export a deck to Anki, Moodle, Kahoot, Quizlet, CSV or a printable worksheet",
        description=(
            "Export a deck (its id, or the path of a deck file). Cards the target cannot hold "
            "are listed and left out; the list is also saved as FILE.export-report.txt."
        ),
    )
    parser.add_argument("deck", metavar="DECK", help="deck id or deck file")
    parser.add_argument("--to", dest="fmt", required=True, choices=FORMATS, help="target format")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="output file (default: DECK-ID[-FORMAT].EXT here)"
    )
    parser.add_argument(
        "--tag", action="append", default=[], metavar="T", help="only cards with this tag"
    )
    sheet = parser.add_argument_group("worksheet (--to html)")
    sheet.add_argument("--variants", type=int, default=1, metavar="N", help="shuffled versions")
    sheet.add_argument("--seed", default="0", metavar="S", help="seed of the shuffles")
    sheet.add_argument(
        "--paper",
        default="A4",
        type=lambda v: {"a4": "A4", "letter": "Letter"}.get(v.lower(), v),
        choices=("A4", "Letter"),
        help="paper size",
    )
    sheet.add_argument(
        "--key", default="appended", choices=("appended", "separate", "none"), help="answer key"
    )
    sheet.add_argument("--lang", help="language of the page (default: the deck's)")
    sheet.add_argument("--pdf", action="store_true", help="also print the worksheet to PDF")
    sheet.add_argument(
        "--pdf-backend", default="auto", choices=("auto", "chromium", "weasyprint"), help="renderer"
    )
    parser.add_argument(
        "--time-limit", type=int, default=20, metavar="SEC", help="Kahoot seconds per question"
    )
    parser.set_defaults(handler=run)


def _fail(message: str, code: int = EXIT_PROBLEMS) -> int:
    print(f"quizapp export: error: {message}", file=sys.stderr, flush=True)
    return code


def find_deck(ref: str, args: argparse.Namespace) -> Any:
    """The deck named by `ref`: a deck file if that path exists, else a deck id in the library."""
    from quizapp.core.exports import ExportError

    path = Path(ref).expanduser()
    if path.suffix.lower() in (".yaml", ".yml") or path.is_file():
        if not path.is_file():
            raise ExportError(f"no deck file {ref}")
        from quizapp.core.deck_loader import load_deck

        return load_deck(path)
    from quizapp.core.library import default_deck_paths, load_library
    from quizapp.paths import deck_cache_path

    paths = [Path(p) for p in args.decks] if args.decks else default_deck_paths(args.data_dir)
    library = load_library(paths, cache=deck_cache_path(args.data_dir))  # unchanged: not parsed
    found = library.deck(ref)
    if found is not None:
        return found
    for broken in library.broken:
        if broken.path.stem == ref:
            raise broken.error
    known = ", ".join(sorted(d.id for d in library.decks)) or "none"
    raise ExportError(f"no deck with id {ref!r} (decks: {known})")


def run(args: argparse.Namespace) -> int:
    from quizapp.core.clock import SystemClock
    from quizapp.core.errors import QuizAppError
    from quizapp.core.exports import ExportOptions, export_deck
    from quizapp.core.exports.common import slugify

    if args.pdf and args.fmt != "html":
        return _fail("--pdf only applies to --to html", EXIT_USAGE)
    try:
        deck = find_deck(args.deck, args)
        options = ExportOptions(
            timestamp=SystemClock().now().timestamp(),
            variants=args.variants,
            seed=str(args.seed),
            paper=args.paper,
            key=args.key,
            lang=args.lang,
            time_limit=args.time_limit,
        )
        result = export_deck(deck, args.fmt, options, tags=args.tag)
        default = DEFAULT_NAMES[args.fmt].format(deck=slugify(deck.id))
        main = Path(args.output) if args.output else Path(default)
        if main.suffix.lower() == ".pdf":
            main = main.with_suffix(".html")
        written: list[Path] = []
        for file in result.files:
            target = main.with_name(main.stem + file.suffix + main.suffix)
            target.write_bytes(file.data)
            written.append(target)
            if args.pdf:
                from quizapp.core.exports.pdf import write_pdf

                pdf = target.with_suffix(".pdf")
                write_pdf(file.data, pdf, args.pdf_backend)
                written.append(pdf)
        report_path = main.with_name(main.stem + ".export-report.txt")
        report_path.write_text(result.report.render(), encoding="utf-8")
    except QuizAppError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot write {exc.filename or 'the export'}: {exc.strerror or exc}")
    for line in result.report.lines:
        print(line)
    print(result.report.summary())
    for path in written:
        print(f"wrote {path}")
    print(f"report: {report_path}", flush=True)
    return EXIT_OK
