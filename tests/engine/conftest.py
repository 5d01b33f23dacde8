"""Fixtures for the study-engine tests: decks built in code, a store, a scheduler without fuzz."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.core.clock import FixedClock
from quizapp.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    Deck,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from quizapp.core.scheduling import ReviewScheduler, SchedulerSettings
from quizapp.core.store import ProgressStore


def typed(card_id: str, answer: str = "Paris", tags: tuple[str, ...] = ()) -> TypedCard:
    return TypedCard(id=card_id, question=f"Question {card_id}?", answer=answer, tags=tags)


def make_deck(deck_id: str, cards: list[Card] | tuple[Card, ...]) -> Deck:
    tags = tuple(sorted({tag for card in cards for tag in card.tags}))
    return Deck(id=deck_id, title=deck_id.title(), cards=tuple(cards), tags=tags)


def mixed_cards() -> list[Card]:
    return [
        typed("capital", "Paris", tags=("geo",)),
        BasicCard(id="basic", front="Front", back="Back", tags=("misc",)),
        ChoiceCard(
            id="choice",
            question="Pick B",
            options=("A", "B", "C", "D"),
            correct=frozenset({1}),
            tags=("geo",),
        ),
        TrueFalseCard(id="tf", statement="The sky is blue.", answer=True),
        OrderCard(id="order", question="Order", items=("one", "two", "three", "four")),
        NumericCard(id="num", question="How many?", answer=42.0),
    ]


@pytest.fixture
def scheduler() -> ReviewScheduler:
    return ReviewScheduler(SchedulerSettings(fuzz=False))


@pytest.fixture
def store(tmp_path: Path, fixed_clock: FixedClock) -> Iterator[ProgressStore]:
    with ProgressStore(tmp_path / "profile.sqlite3", clock=fixed_clock) as opened:
        yield opened
