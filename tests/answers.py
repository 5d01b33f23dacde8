"""A correct response for any card kind: what the engine, TUI, cache and fuzz tests answer."""

from __future__ import annotations

from quizapp.core.grades import Response
from quizapp.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    NumericCard,
    OrderCard,
    Rating,
    TrueFalseCard,
    TypedCard,
)


def right_response(card: Card) -> Response:
    """A correct response for `card`, as `StudySession.check` and `grade` take it."""
    if isinstance(card, BasicCard):
        return Rating.GOOD
    if isinstance(card, TypedCard):
        return card.answer
    if isinstance(card, NumericCard):
        return str(card.answer)
    if isinstance(card, ChoiceCard):
        return card.correct
    if isinstance(card, TrueFalseCard):
        return card.answer
    if isinstance(card, ClozeCard):
        return tuple(gap.answer for gap in card.gaps)
    if isinstance(card, OrderCard):
        return tuple(range(len(card.items)))
    raise AssertionError(card)
