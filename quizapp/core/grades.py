"""What grading says about a response: the verdict, the diff, the suggested rating.

Kept apart from the grader (`grading`, `matching`) so that the session and the screens can
name these types without importing its parsers and rapidfuzz: the first card shows before
anything is graded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, TypeAlias

from quizapp.core.model import Rating


class Verdict(StrEnum):
    """How a response was judged."""

    CORRECT = "correct"
    ALMOST = "almost"
    WRONG = "wrong"


def accuracy(correct: int, almost: int, answered: int) -> float:
    """A right answer counts 1 and a near miss 1/2: the same figure on the summary screen and
    in the report the teacher's gradebook reads (a quiz's best and latest accuracy)."""
    return (correct + almost / 2) / answered if answered else 0.0


@dataclass(frozen=True, slots=True)
class DiffSpan:
    """A piece of a near-miss diff; "equal" spans carry the expected text."""

    text: str
    op: Literal["equal", "missing", "extra"]
    """missing: in the expected answer, not typed; extra: typed, not expected."""


@dataclass(frozen=True, slots=True)
class GradeResult:
    """What the UI shows after an answer, and the rating it suggests."""

    verdict: Verdict
    score: float
    """Credit in [0, 1]; partial for multiple-answer, order and cloze cards."""
    expected: str
    """The expected answer as a learner should read it."""
    given: str
    """The learner's response rendered as text."""
    suggested: Rating
    """wrong -> AGAIN, almost or slow -> HARD, correct -> GOOD, fast and clean -> EASY."""
    diff: tuple[DiffSpan, ...] = ()
    """For a near miss on typed text: equal + missing spans spell the expected answer."""
    parts: tuple[Verdict, ...] = ()
    """Per cloze gap, or per position of an order card."""
    note: str | None = None


Response: TypeAlias = Rating | str | bool | frozenset[int] | tuple[str, ...] | tuple[int, ...]
