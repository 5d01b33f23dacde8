"""A correct response for any card kind: what the engine, TUI, cache and fuzz tests answer,
and a session answered right to its end."""

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
from quizapp.core.session import StudyItem, StudySession


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


def answer_right(session: StudySession, rating: Rating | None = None) -> None:
    """Answer the current card right; rated `rating`, else as suggested (Good for a flashcard)."""
    item = session.current
    assert item is not None
    card = item.card
    if isinstance(card, BasicCard):
        session.answer(rating or Rating.GOOD)
        return
    session.check(right_response(card))
    session.answer(rating)


def study_through(session: StudySession, rating: Rating | None = None) -> list[StudyItem]:
    """Answer every card right (see `answer_right`) until none is left; the items shown."""
    shown: list[StudyItem] = []
    while (item := session.current) is not None:
        shown.append(item)
        answer_right(session, rating)
    return shown
