"""Decks built in code for the study-engine tests (imported by module, not from a conftest)."""

from __future__ import annotations

from collections.abc import Sequence

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


def typed(card_id: str, answer: str = "Paris", tags: tuple[str, ...] = ()) -> TypedCard:
    return TypedCard(id=card_id, question=f"Question {card_id}?", answer=answer, tags=tags)


def make_deck(deck_id: str, cards: Sequence[Card]) -> Deck:
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
