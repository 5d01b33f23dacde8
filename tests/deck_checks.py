"""What every load of an untrusted deck must give: a deck, or problems that point into it."""

from __future__ import annotations

import re

from quizapp.core.deck_loader import parse_deck
from quizapp.core.errors import DeckError

UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters and line breaks: what a one-line message must not hold."""


def lines_as_loaded(data: str | bytes) -> list[str]:
    """The file's lines as the loader counts them (BOM dropped, CRLF and CR made LF)."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def assert_only_deck_errors(data: str | bytes) -> None:
    """Loading gives a deck or a DeckError whose every problem is a line inside the file,
    at most 50 of them, each a printable one-line message."""
    try:
        parse_deck(data, "fuzz.yaml")
    except DeckError as exc:
        lines = lines_as_loaded(data)
        assert 1 <= len(exc.problems) <= 50
        for problem in exc.problems:
            where = (problem.line, problem.column, problem.message)
            assert problem.path == "fuzz.yaml", where
            assert 1 <= problem.line <= len(lines), where
            assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, where
            assert problem.message.strip(), where
            assert not UNSAFE.search(problem.message), where  # one line, nothing for a terminal
