"""`quizapp export`: placeholder until its issue lands."""

from __future__ import annotations

import argparse
from typing import Any

from quizapp.cli import common_options


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("export", parents=[common_options()], help="(not ready yet)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    print("quizapp export: not implemented yet", flush=True)
    return 2
