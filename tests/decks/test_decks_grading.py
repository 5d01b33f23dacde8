"""Every answer the DeepSeek decks give or accept is graded correct, and only its own card's."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from quizapp.core.deck_loader import load_deck
from quizapp.core.grading import Response, Verdict, grade
from quizapp.core.model import (
    Card,
    ChoiceCard,
    ClozeCard,
    Deck,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("fr", "en")


@cache
def deck(language: str) -> Deck:
    return load_deck(ROOT / "decks" / f"deepseek-{language}.yaml")


def written_number(value: float, language: str) -> str:
    """The number as a learner of that language types it: 10 000 in French, 10,000 in English."""
    whole = f"{int(value):,}" if value == int(value) else f"{value:,}"
    return whole.replace(",", " ") if language == "fr" else whole


def right_responses(card: Card, language: str) -> Iterator[Response]:
    """Every response the card itself says is right."""
    if isinstance(card, TypedCard):
        yield from (card.answer, *card.accept)
    elif isinstance(card, NumericCard):
        plain = str(int(card.answer)) if card.answer == int(card.answer) else str(card.answer)
        yield plain
        yield written_number(card.answer, language)
        if card.unit:
            yield f"{written_number(card.answer, language)} {card.unit}"
    elif isinstance(card, ClozeCard):
        answers = [gap.answer for gap in card.gaps]
        yield tuple(answers)
        for index, gap in enumerate(card.gaps):
            for spelling in gap.accept:
                yield tuple(answers[:index] + [spelling] + answers[index + 1 :])
    elif isinstance(card, ChoiceCard):
        yield card.correct
    elif isinstance(card, TrueFalseCard):
        yield card.answer
    elif isinstance(card, OrderCard):
        yield tuple(range(len(card.items)))


def cases() -> Iterator[object]:
    for language in LANGUAGES:
        for card in deck(language).cards:
            for response in right_responses(card, language):
                yield pytest.param(
                    language, card.id, response, id=f"{language}-{card.id}-{response}"
                )


@pytest.mark.parametrize(("language", "card_id", "response"), list(cases()))
def test_the_cards_own_answers_are_correct(language: str, card_id: str, response: Response) -> None:
    loaded = deck(language)
    card = loaded.card(card_id)
    result = grade(card, response, language=loaded.language, strict=loaded.is_strict(card))
    assert result.verdict is Verdict.CORRECT, (result.note, result.expected)
    assert result.score == 1.0


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_typed_card_accepts_another_cards_answer(language: str) -> None:
    """Names and numbers must not blur: Andreessen is not Milliken, 2021 is not 2023."""
    loaded = deck(language)
    typed = [card for card in loaded.cards if isinstance(card, TypedCard)]
    for card in typed:
        for other in typed:
            if other is card:
                continue
            for spelling in (other.answer, *other.accept):
                verdict = grade(card, spelling, language=loaded.language).verdict
                assert verdict is Verdict.WRONG, (card.id, other.id, spelling)


@pytest.mark.parametrize("language", LANGUAGES)
def test_numbers_outside_the_tolerance_are_wrong(language: str) -> None:
    loaded = deck(language)
    for card in loaded.cards:
        if isinstance(card, NumericCard):
            low, high = card.bounds
            for outside in (low - max(1.0, abs(card.answer) * 0.05), high * 1.5 + 1):
                response = written_number(round(outside), language)
                verdict = grade(card, response, language=loaded.language).verdict
                assert verdict is Verdict.WRONG, (card.id, response)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_articles_figure_and_the_real_one_are_both_accepted_for_nvidia(language: str) -> None:
    """The article says 600 billion; the record loss was about 589 billion."""
    loaded = deck(language)
    card = loaded.card("nvidia-loss")
    for amount in ("600", "589"):
        words = f"{amount} milliards" if language == "fr" else f"{amount} billion"
        assert grade(card, words, language=loaded.language).verdict is Verdict.CORRECT
