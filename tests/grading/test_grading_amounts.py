"""Amounts: multipliers in a numeric card's unit, and expected answers written as people write."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.amounts import UnitScale, format_amount, format_number, split_unit
from quizapp.core.grading import Verdict, grade
from quizapp.core.model import NumericCard
from quizapp.core.numbers import parse_quantity

CORRECT, ALMOST, WRONG = Verdict.CORRECT, Verdict.ALMOST, Verdict.WRONG
MILLION, BILLION = Decimal(10) ** 6, Decimal(10) ** 9


@pytest.mark.parametrize(
    ("unit", "language", "scale"),
    [
        ("millions de dollars", "fr", UnitScale((MILLION,), "USD")),
        ("million dollars", "en", UnitScale((MILLION,), "USD")),
        ("M$", "fr", UnitScale((MILLION,), "USD")),
        ("$M", "en", UnitScale((MILLION,), "USD")),
        ("milliards de dollars", "fr", UnitScale((BILLION,), "USD")),
        ("billion dollars", "en", UnitScale((BILLION,), "USD")),
        ("billions de dollars", "fr", UnitScale((BILLION * 1000, BILLION), "USD")),
        ("trillion dollars", "en", UnitScale((BILLION * 1000,), "USD")),
        ("k€", "fr", UnitScale((Decimal(1000),), "EUR")),
        ("millions", "fr", UnitScale((MILLION,), None)),
        ("millions de GPU", "fr", UnitScale((MILLION,), "gpu")),
        ("dollars", "en", UnitScale(unit="USD")),
        ("years", "en", UnitScale(unit="year")),
        ("%", "fr", UnitScale(unit="%")),
        ("m", "en", UnitScale(unit="m")),
        ("T", "en", UnitScale(unit="t")),
        (None, "en", UnitScale()),
    ],
)
def test_split_unit_separates_the_multiplier(
    unit: str | None, language: str, scale: UnitScale
) -> None:
    assert split_unit(unit, language=language) == scale


def donation(unit: str, language: str) -> NumericCard:
    return NumericCard(
        id="donation", question="?", answer=19, tolerance=0.05, relative=True, unit=unit
    )


UNITS = [
    ("millions de dollars", "fr"),
    ("million dollars", "en"),
    ("M$", "fr"),
    ("millions of dollars", "en"),
]


@pytest.mark.parametrize(("unit", "language"), UNITS)
@pytest.mark.parametrize(
    "response",
    [
        "19",
        "19 millions",
        "19 million",
        "19 millions de dollars",
        "19 million dollars",
        "$19M",
        "19 M$",
        "19 000 000 $",
        "19000000",
        "19m",
        "US$19 million",
        "environ 19 millions",
        "18,5 millions",
    ],
)
def test_a_multiplier_in_the_unit_counts_on_both_sides(
    unit: str, language: str, response: str
) -> None:
    result = grade(donation(unit, language), response, language=language)
    assert result.verdict is CORRECT, result


@pytest.mark.parametrize(("unit", "language"), UNITS)
@pytest.mark.parametrize(
    ("response", "verdict"),
    [
        ("17", WRONG),
        ("19 000", WRONG),
        ("19 milliards", WRONG),
        ("$19", ALMOST),
        ("19 dollars", ALMOST),
        ("19 millions d'euros", WRONG),
        ("beaucoup", WRONG),
    ],
)
def test_a_multiplier_in_the_unit_still_rejects_other_amounts(
    unit: str, language: str, response: str, verdict: Verdict
) -> None:
    assert grade(donation(unit, language), response, language=language).verdict is verdict


def test_a_scaled_unit_keeps_the_authors_wording_in_the_expected_answer() -> None:
    result = grade(donation("millions de dollars", "fr"), "1", language="fr")
    assert result.expected == "19 millions de dollars (±5%)"
    card = NumericCard(id="sell-off", question="?", answer=1000, unit="milliards de dollars")
    assert grade(card, "1", language="fr").expected == "1\u202f000 milliards de dollars"
    assert grade(card, "1 000 milliards", language="fr").verdict is CORRECT
    assert grade(card, "1 trillion", language="fr").verdict is CORRECT
    assert grade(card, "1 billion", language="fr").verdict is CORRECT


def test_lowercase_m_is_a_million_only_on_money_cards() -> None:
    money = NumericCard(id="m", question="?", answer=19_000_000, unit="dollars")
    length = NumericCard(id="l", question="?", answer=19, unit="m")
    assert grade(money, "19m", language="en").verdict is CORRECT
    assert grade(length, "19m", language="en").verdict is CORRECT
    assert grade(length, "19 M", language="en").verdict is WRONG


def test_numeric_cards_accept_bounds_the_question_already_carries() -> None:
    """The xAI card asks "how many GPUs, at least?": the article says "more than a million"."""
    card = NumericCard(id="gpus", question="?", answer=1_000_000, unit="GPUs")
    for response in ("plus d'un million", "more than a million GPUs", "1 million", "au moins 1M"):
        assert grade(card, response, language="fr").verdict is CORRECT, response


@pytest.mark.parametrize(
    ("value", "unit", "language", "text"),
    [
        (19_000_000, "dollars", "fr", "19 millions de dollars"),
        (19_000_000, "dollars", "en", "19 million dollars"),
        (1e12, "dollars", "fr", "1\u202f000 milliards de dollars"),
        (1e12, "dollars", "en", "1 trillion dollars"),
        (600e9, "dollars", "fr", "600 milliards de dollars"),
        (600e9, "dollars", "en", "600 billion dollars"),
        (600e9, "$", "en", "$600 billion"),
        (600e9, "$", "fr", "600 milliards $"),
        (1_000_000, "GPU", "fr", "1 million de GPU"),
        (1_000_000, "GPUs", "en", "1 million GPUs"),
        (1_500_000, "euros", "fr", "1,5 million d'euros"),
        (2_500_000, "euros", "fr", "2,5 millions d'euros"),
        (1_500_000_000_000, None, "en", "1.5 trillion"),
        (138_000_000, "yuans", "fr", "138 millions de yuans"),
        (1_234_567, "dollars", "en", "1,234,567 dollars"),
        (1_234_000_000, "dollars", "fr", "1\u202f234 millions de dollars"),
        (10_000, "puces", "fr", "10\u202f000 puces"),
        (10_000, "chips", "en", "10,000 chips"),
        (50, "%", "fr", "50%"),
        (20, "$", "en", "$20"),
        (-5_000_000, "$", "en", "-$5 million"),
        (3, "years", "en", "3 years"),
        (2022, None, "fr", "2022"),
    ],
)
def test_format_amount_writes_amounts_as_people_do(
    value: float, unit: str | None, language: str, text: str
) -> None:
    assert format_amount(value, unit, language=language) == text


def test_the_decks_money_cards_read_naturally() -> None:
    card = NumericCard(
        id="selloff", question="?", answer=1e12, tolerance=0.1, relative=True, unit="dollars"
    )
    assert grade(card, "", language="fr").expected == "1\u202f000 milliards de dollars (±10%)"
    assert grade(card, "", language="en").expected == "1 trillion dollars (±10%)"


def test_format_number_takes_ints_and_survives_what_is_not_a_number() -> None:
    assert format_number(19) == "19"
    assert format_number(10_000, language="fr") == "10\u202f000"
    assert format_number(-1_000_000) == "-1,000,000"
    assert format_number(True) == "1"
    assert format_number(1000, group_from=1000) == "1,000"
    assert format_number("nineteen") == "nineteen"  # type: ignore[arg-type]
    assert format_number(float("nan")) == "nan"


def test_a_hand_built_card_with_int_answer_and_tolerance_grades() -> None:
    card = NumericCard(id="n", question="?", answer=10_000, tolerance=500, unit="chips")
    result = grade(card, "9 600 chips", language="fr")
    assert (result.verdict, result.note) == (CORRECT, "within ±500 chips")
    assert result.expected == "10\u202f000 chips (±500 chips)"
    big = NumericCard(id="b", question="?", answer=10**15, tolerance=10**13, unit="dollars")
    assert grade(big, "1 000 000 milliards", language="fr").verdict is CORRECT
    assert grade(big, "", language="en").expected == (
        "1,000 trillion dollars (±10 trillion dollars)"
    )


@given(
    st.integers(min_value=-(10**18), max_value=10**18),
    st.sampled_from(["dollars", "$", "GPUs", "euros", None]),
    st.sampled_from(["en", "fr"]),
)
def test_formatted_amounts_parse_back(value: int, unit: str | None, language: str) -> None:
    quantity = parse_quantity(format_amount(value, unit, language=language), language=language)
    assert quantity is not None
    assert value in quantity.readings


@given(st.text(), st.sampled_from(["en", "fr"]))
def test_split_unit_and_format_amount_never_raise(unit: str, language: str) -> None:
    scale = split_unit(unit, language=language)
    assert scale.factors and all(f > 0 for f in scale.factors)
    assert format_amount(19_000_000, unit, language=language)
