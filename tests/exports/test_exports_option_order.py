"""Anki and Kahoot show a choice card's options in a seeded order, not always right-first."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import cast

import pytest

from quizapp.core.exports import ExportOptions, export_deck
from quizapp.core.model import ChoiceCard, Deck, TrueFalseCard, TypedCard
from tests.exports.test_exports_golden import anki_notes

# The right option written first, as the bundled decks do: kept in that order, it was always
# "A" in Anki and the first (red) answer in Kahoot.
RIGHT_FIRST = tuple(
    ChoiceCard(
        id=f"q{n}",
        question=f"Question {n}?",
        options=(f"right {n}", f"wrong {n}a", f"wrong {n}b", f"wrong {n}c"),
        correct=frozenset({0}),
    )
    for n in range(12)
)


def deck_of(cards: tuple[ChoiceCard, ...]) -> Deck:
    return Deck(id="right-first", title="Right first", cards=cards)


def anki_answers(deck: Deck) -> list[str]:
    result = export_deck(deck, "anki", ExportOptions(timestamp=1_700_000_000.0))
    return [cast(list[str], note["fields"])[2] for note in anki_notes(result.files[0].data)]


def kahoot_rows(deck: Deck) -> list[tuple[list[str], str]]:
    import openpyxl  # type: ignore[import-untyped]

    sheet = openpyxl.load_workbook(io.BytesIO(export_deck(deck, "kahoot").files[0].data)).active
    assert sheet is not None
    rows = [[str(c.value or "") for c in row] for row in sheet.iter_rows(min_row=9)]
    return [(row[2:6], row[7]) for row in rows if row[1]]


def test_anki_right_answers_are_spread_over_the_letters_and_stay_put_on_re_export() -> None:
    deck = deck_of(RIGHT_FIRST)
    answers = anki_answers(deck)
    letters = {answer.split(".")[0] for answer in answers}
    assert len(letters) >= 3, answers
    for answer, card in zip(answers, RIGHT_FIRST, strict=True):
        assert answer.endswith(f". {card.options[0]}")
    assert anki_answers(deck) == answers  # the same note fields: an update, not a change


def test_kahoot_right_answers_are_spread_and_each_points_at_its_option() -> None:
    rows = kahoot_rows(deck_of(RIGHT_FIRST))
    assert len(rows) == len(RIGHT_FIRST)
    assert len({correct for _answers, correct in rows}) >= 3, rows
    for (answers, correct), card in zip(rows, RIGHT_FIRST, strict=True):
        assert answers[int(correct) - 1] == card.options[0]
        assert sorted(answers) == sorted(card.options)


@pytest.mark.parametrize("fmt", ["anki", "kahoot"])
def test_shuffle_false_keeps_the_written_order(fmt: str) -> None:
    deck = deck_of(tuple(replace(card, shuffle=False) for card in RIGHT_FIRST))
    if fmt == "anki":
        assert all(answer.startswith("A. ") for answer in anki_answers(deck))
    else:
        assert {correct for _answers, correct in kahoot_rows(deck)} == {"1"}


FRENCH = Deck(
    id="fr",
    title="FR",
    language="fr",
    cards=(
        TrueFalseCard(id="tf", statement="DeepSeek est basé à Hangzhou.", answer=True),
        ChoiceCard(
            id="multi",
            question="Lesquels ?",
            options=("a", "b", "c"),
            correct=frozenset({0, 1}),
            multiple=True,
        ),
        TypedCard(id="who", question="Qui ?", answer="Liang Wenfeng", accept=("Liang",)),
    ),
)


def test_the_words_an_export_adds_are_in_the_decks_language() -> None:
    """A French deck had "(true or false?)", "True" and "also:" in Anki and Quizlet."""
    result = export_deck(FRENCH, "anki", ExportOptions(timestamp=1_700_000_000.0))
    notes = [cast(list[str], note["fields"]) for note in anki_notes(result.files[0].data)]
    fields = {note[0]: note for note in notes}
    assert fields["DeepSeek est basé à Hangzhou.<br>(vrai ou faux ?)"][1] == "Vrai"
    assert "Lesquels ? (plusieurs réponses possibles)" in fields
    quizlet = export_deck(FRENCH, "quizlet").files[0].data.decode("utf-8")
    assert "DeepSeek est basé à Hangzhou.\tVrai" in quizlet
    assert "Liang Wenfeng (accepté aussi: Liang)" in quizlet
    answers, _correct = kahoot_rows(FRENCH)[0]
    assert answers[:2] == ["Vrai", "Faux"]
