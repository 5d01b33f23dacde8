"""`quizapp schema`: print the JSON Schema of the deck format, for editors and tools."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from quizapp.cli import EXIT_OK, common_options


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schema",
        parents=[common_options()],
        help="print the JSON Schema of the deck format",
        description=(
            "Print the JSON Schema (draft 2020-12) of deck files. The bundled decks ship it as "
            "decks/deck.schema.json; a deck's first line '# yaml-language-server: "
            "$schema=deck.schema.json' lets editors complete and check it."
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from quizapp.core.schema import schema_json

    sys.stdout.write(schema_json())
    return EXIT_OK
