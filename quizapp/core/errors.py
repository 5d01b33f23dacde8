"""The project's own errors: everything a user can cause ends up as one of these."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class QuizAppError(Exception):
    """Base of every error the app reports to the user as a message, not a traceback."""

    exit_code = 1
    """The process exit code when this error ends a command."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a deck file, at a 1-based line and column."""

    path: Path | str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class DeckError(QuizAppError):
    """A deck could not be loaded; `problems` lists all that is wrong, in file order."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        if not problems:
            raise ValueError("DeckError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def first(self) -> Problem:
        return self.problems[0]


class StoreError(QuizAppError):
    """The progress database cannot be used (newer schema, corrupt, read-only, full…)."""


class UnknownDeckError(QuizAppError):
    """A deck id asked for (`--deck`) that no deck of the library has: a usage error."""

    exit_code = 2
