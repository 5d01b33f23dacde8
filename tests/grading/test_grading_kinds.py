"""Grading of the other card kinds: numeric, choice, true/false, cloze, order, basic; ratings."""

from __future__ import annotations

import pytest

from quizapp.core.grading import GradeResult, Verdict, grade, response_time_limits
from quizapp.core.model import (
    BasicCard,
    ChoiceCard,
    ClozeCard,
    ClozeGap,
    NumericCard,
    OrderCard,
    Rating,
    TrueFalseCard,
    TypedCard,
)

CORRECT, ALMOST, WRONG = Verdict.CORRECT, Verdict.ALMOST, Verdict.WRONG

SELL_OFF = NumericCard(
    id="sell-off",
    question="Capitalisation anéantie le 27 janvier (en dollars) ?",
    answer=1e12,
    tolerance=0.05,
    relative=True,
    unit="$",
)
CHIPS = NumericCard(id="chips", question="Taille du cluster ?", answer=10_000, tolerance=500)
EXACT = NumericCard(id="year", question="Année du don ?", answer=2022)

SINGLE = ChoiceCard(
    id="founder",
    question="Qui a fondé DeepSeek ?",
    options=("Sam Altman", "Liang Wenfeng", "Marc Andreessen"),
    correct=frozenset({1}),
)
MULTIPLE = ChoiceCard(
    id="giants",
    question="Quelles entreprises lancent des milliards dans leurs grappes ?",
    options=("Google", "Meta", "Anthropic", "Gavekal", "36Kr"),
    correct=frozenset({0, 1, 2}),
    multiple=True,
)
TIMELINE = OrderCard(
    id="timeline",
    question="Dans l'ordre",
    items=("GPU achetés (2021)", "don (2022)", "DeepSeek (2023)", "R1 (2024)", "vente (2025)"),
)
CLOZE = ClozeCard(
    id="donation",
    text="{{138 millions}} de yuans, soit {{19 millions de dollars|$19M}}, donnés par {{Liang}}",
    parts=(
        ClozeGap("138 millions"),
        " de yuans, soit ",
        ClozeGap("19 millions de dollars", ("$19M",)),
        ", donnés par ",
        ClozeGap("Liang"),
    ),
)


@pytest.mark.parametrize(
    ("response", "verdict"),
    [
        ("1 000 milliards de dollars", CORRECT),
        ("près de 1000 milliards", CORRECT),
        ("1 trillion", CORRECT),
        ("$1,000 billion", CORRECT),
        ("1e12", CORRECT),
        ("960 milliards", CORRECT),
        ("1,04 trillion", CORRECT),
        ("1,1 trillion", WRONG),
        ("900 milliards", WRONG),
        ("1 000 milliards d'euros", WRONG),
    ],
)
def test_grade_numeric_within_relative_tolerance(response: str, verdict: Verdict) -> None:
    assert grade(SELL_OFF, response, language="fr").verdict is verdict


def test_grade_numeric_notes_the_tolerance_only_when_used() -> None:
    near = grade(SELL_OFF, "960 milliards", language="fr")
    assert near.note == "within ±5%"
    assert near.score == 1.0
    assert grade(SELL_OFF, "1 000 milliards", language="fr").note is None
    assert grade(CHIPS, "9 600", language="fr").note == "within ±500"


def test_grade_numeric_absolute_tolerance_bounds_are_closed() -> None:
    assert grade(CHIPS, "9 500", language="fr").verdict is CORRECT
    assert grade(CHIPS, "10,500", language="en").verdict is CORRECT
    assert grade(CHIPS, "10 501", language="fr").verdict is WRONG


@pytest.mark.parametrize("response", ["beaucoup", "", "   ", "deux trois", "1 00"])
def test_grade_numeric_unparseable_is_wrong_with_a_note(response: str) -> None:
    result = grade(CHIPS, response, language="fr")
    assert result.verdict is WRONG
    assert result.note in ("not a number", "no answer")


def test_grade_numeric_expected_shows_unit_and_tolerance() -> None:
    assert grade(SELL_OFF, "1", language="en").expected == "$1 trillion (±5%)"
    assert grade(SELL_OFF, "1", language="fr").expected == "1\u202f000 milliards $ (±5%)"
    assert grade(CHIPS, "1", language="fr").expected == "10\u202f000 (±500)"
    assert grade(EXACT, "2022", language="fr").expected == "2022"


def test_grade_numeric_exact_year() -> None:
    assert grade(EXACT, "2022", language="fr").verdict is CORRECT
    assert grade(EXACT, "deux mille vingt-deux", language="fr").verdict is CORRECT
    assert grade(EXACT, "2021", language="fr").verdict is WRONG


def test_grade_single_choice_is_all_or_nothing() -> None:
    right = grade(SINGLE, frozenset({1}))
    assert (right.verdict, right.score) == (CORRECT, 1.0)
    assert right.expected == "Liang Wenfeng"
    assert right.given == "Liang Wenfeng"
    assert grade(SINGLE, frozenset({0})).verdict is WRONG
    assert grade(SINGLE, frozenset({0, 1})).verdict is WRONG
    assert grade(SINGLE, frozenset()).verdict is WRONG


@pytest.mark.parametrize(
    ("picks", "verdict", "score"),
    [
        ({0, 1, 2}, CORRECT, 1.0),
        ({0, 1}, ALMOST, 2 / 3),
        ({0}, ALMOST, 1 / 3),
        ({0, 1, 2, 3}, ALMOST, 2 / 3),
        ({0, 1, 3}, ALMOST, 1 / 3),
        ({0, 3}, WRONG, 0.0),
        ({3, 4}, WRONG, 0.0),
        ({0, 1, 2, 3, 4}, ALMOST, 1 / 3),
        (set(), WRONG, 0.0),
        ({0, 1, 2, 99}, ALMOST, 2 / 3),
    ],
)
def test_grade_multiple_choice_partial_credit(
    picks: set[int], verdict: Verdict, score: float
) -> None:
    result = grade(MULTIPLE, frozenset(picks))
    assert result.verdict is verdict
    assert result.score == pytest.approx(score)


def test_grade_multiple_choice_texts() -> None:
    result = grade(MULTIPLE, frozenset({3, 0}))
    assert result.expected == "Google; Meta; Anthropic"
    assert result.given == "Google; Gavekal"


def test_grade_truefalse_in_both_languages() -> None:
    card = TrueFalseCard(id="tf", statement="DeepSeek a été fondé en 2023.", answer=True)
    result = grade(card, True, language="fr")
    assert (result.verdict, result.expected, result.given) == (CORRECT, "Vrai", "Vrai")
    result = grade(card, False, language="en")
    assert (result.verdict, result.expected, result.given) == (WRONG, "True", "False")
    assert grade(card, "vrai", language="fr").verdict is CORRECT


@pytest.mark.parametrize(
    ("response", "verdict", "parts", "score"),
    [
        (("138 millions", "$19M", "Liang"), CORRECT, (CORRECT, CORRECT, CORRECT), 1.0),
        (("138M", "19 million dollars", "liang"), CORRECT, (CORRECT, CORRECT, CORRECT), 1.0),
        (("138 millions", "$20M", "Liang"), ALMOST, (CORRECT, WRONG, CORRECT), 2 / 3),
        (("138 millions", "", ""), ALMOST, (CORRECT, WRONG, WRONG), 1 / 3),
        (("1", "2", "3"), WRONG, (WRONG, WRONG, WRONG), 0.0),
        ((), WRONG, (WRONG, WRONG, WRONG), 0.0),
    ],
)
def test_grade_cloze_per_gap(
    response: tuple[str, ...], verdict: Verdict, parts: tuple[Verdict, ...], score: float
) -> None:
    result = grade(CLOZE, response, language="fr")
    assert result.verdict is verdict
    assert result.parts == parts
    assert result.score == pytest.approx(score, abs=1e-3)


def test_grade_cloze_gap_near_miss_counts_as_partial_credit() -> None:
    card = ClozeCard(
        id="c",
        text="fondé par {{Liang Wenfeng}} en {{2023}}",
        parts=("fondé par ", ClozeGap("Liang Wenfeng"), " en ", ClozeGap("2023")),
    )
    result = grade(card, ("Liang Wenfen", "2023"), language="fr")
    assert result.verdict is ALMOST
    assert result.parts == (ALMOST, CORRECT)
    assert result.score == pytest.approx((0.7 + 1.0) / 2)
    assert result.expected == "fondé par Liang Wenfeng en 2023"
    assert result.given == "fondé par Liang Wenfen en 2023"
    assert result.note == "1 of 2 gaps right"


@pytest.mark.parametrize(
    ("placed", "verdict", "score", "parts"),
    [
        ((0, 1, 2, 3, 4), CORRECT, 1.0, "CCCCC"),
        ((1, 0, 2, 3, 4), ALMOST, 3 / 4, "AWCCC"),
        ((4, 0, 1, 2, 3), ALMOST, 3 / 4, "WAAAA"),
        ((0, 2, 1, 3, 4), ALMOST, 3 / 4, "CAWCC"),
        ((4, 3, 2, 1, 0), WRONG, 0.0, "WWCWW"),
        ((1, 0, 3, 2, 4), ALMOST, 2 / 4, "AWAWC"),
        ((0, 1, 2), ALMOST, 2 / 4, "CCCWW"),
        ((), WRONG, 0.0, "WWWWW"),
        ((0, 0, 1, 9, 2, 3, 4), ALMOST, 3 / 4, "CWAWA"),
    ],
)
def test_grade_order_partial_credit_by_longest_run_in_order(
    placed: tuple[int, ...], verdict: Verdict, score: float, parts: str
) -> None:
    result = grade(TIMELINE, placed)
    assert result.verdict is verdict
    assert result.score == pytest.approx(score)
    letters = {CORRECT: "C", ALMOST: "A", WRONG: "W"}
    assert "".join(letters[p] for p in result.parts) == parts


def test_grade_order_texts() -> None:
    card = OrderCard(id="o", question="?", items=("2021", "2022", "2023"))
    result = grade(card, (1, 0, 2))
    assert result.expected == "2021 → 2022 → 2023"
    assert result.given == "2022 → 2021 → 2023"


@pytest.mark.parametrize(
    ("rating", "verdict"),
    [
        (Rating.AGAIN, WRONG),
        (Rating.HARD, ALMOST),
        (Rating.GOOD, CORRECT),
        (Rating.EASY, CORRECT),
    ],
)
def test_grade_basic_follows_the_learners_rating(rating: Rating, verdict: Verdict) -> None:
    card = BasicCard(id="b", front="Fondateur de DeepSeek", back="Liang Wenfeng")
    result = grade(card, rating, elapsed=1000.0)
    assert result.verdict is verdict
    assert result.suggested is rating
    assert result.expected == "Liang Wenfeng"


NAME = TypedCard(id="n", question="Qui a fondé DeepSeek ?", answer="Liang Wenfeng")


def test_suggested_rating_without_time() -> None:
    assert grade(NAME, "Liang Wenfeng").suggested is Rating.GOOD
    assert grade(NAME, "Liang Wenfen").suggested is Rating.HARD
    assert grade(NAME, "Sam Altman").suggested is Rating.AGAIN


def test_suggested_rating_by_time_scales_with_the_card() -> None:
    fast, slow = response_time_limits(NAME)
    assert 0 < fast < slow
    assert grade(NAME, "Liang Wenfeng", elapsed=fast / 2).suggested is Rating.EASY
    assert grade(NAME, "Liang Wenfeng", elapsed=(fast + slow) / 2).suggested is Rating.GOOD
    assert grade(NAME, "Liang Wenfeng", elapsed=slow + 1).suggested is Rating.HARD
    assert grade(NAME, "Liang Wenfen", elapsed=0.5).suggested is Rating.HARD
    assert grade(NAME, "Sam Altman", elapsed=0.5).suggested is Rating.AGAIN
    longer = TypedCard(id="l", question=NAME.question * 5, answer="Liang Wenfeng, en 2023")
    assert response_time_limits(longer)[0] > fast


def test_suggested_rating_easy_needs_a_clean_answer() -> None:
    result = grade(SELL_OFF, "960 milliards", language="fr", elapsed=0.1)
    assert result.verdict is CORRECT
    assert result.suggested is Rating.GOOD
    assert grade(SELL_OFF, "1e12", language="fr", elapsed=0.1).suggested is Rating.EASY


@pytest.mark.parametrize(
    ("card", "response"),
    [
        (NAME, 42),
        (NAME, None),
        (SINGLE, "Liang Wenfeng"),
        (SINGLE, True),
        (MULTIPLE, (0, "1", None)),
        (TIMELINE, "0 1 2"),
        (TIMELINE, (True, False)),
        (CLOZE, 7),
        (CHIPS, 10000),
        (BasicCard(id="b", front="f", back="b"), "good"),
        (TrueFalseCard(id="t", statement="s", answer=False), None),
    ],
)
def test_grade_wrong_response_types_never_raise(card: object, response: object) -> None:
    result = grade(card, response)  # type: ignore[arg-type]
    assert isinstance(result, GradeResult)
    assert 0.0 <= result.score <= 1.0
