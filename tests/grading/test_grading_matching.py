"""Typed text: time prepositions, two-digit years, "x50", and bounds such as "plus de"."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.dates import TWO_DIGIT_YEAR_PIVOT, DateValue, parse_date, strip_time_preposition
from quizapp.core.grades import Verdict
from quizapp.core.grading import TextCheck, check_text
from quizapp.core.numbers import parse_quantity

CORRECT, ALMOST, WRONG = Verdict.CORRECT, Verdict.ALMOST, Verdict.WRONG


def check(response: str, answer: str, language: str) -> TextCheck:
    return check_text(response, [answer], language=language)


@pytest.mark.parametrize(
    ("answer", "response", "language"),
    [
        ("Monday", "on Monday", "en"),
        ("lundi", "le lundi", "fr"),
        ("2021", "in 2021", "en"),
        ("2021", "en 2021", "fr"),
        ("27 janvier", "le 27 janvier", "fr"),
        ("mai 2024", "au mois de mai 2024", "fr"),
        ("mai 2024", "au mois de mai 2024", "fr"),
        ("May 2024", "in the month of May 2024", "en"),
        ("May", "in May", "en"),
        ("août", "au mois d'août", "fr"),
        ("January 27", "on January 27", "en"),
        ("January 27", "on the 27th of January", "en"),
        ("in 2021", "2021", "en"),
        ("28 janvier 2022", "le vendredi 28 janvier 2022", "fr"),
        ("28 janvier 2022", "pendant le 28/01/2022", "fr"),
    ],
)
def test_time_prepositions_are_ignored(answer: str, response: str, language: str) -> None:
    assert check(response, answer, language).verdict is CORRECT


@pytest.mark.parametrize(
    ("answer", "response", "language"),
    [
        ("Monday", "on Tuesday", "en"),
        ("2021", "in 2022", "en"),
        ("mai 2024", "au mois de juin 2024", "fr"),
        ("Liberty", "On Liberty", "en"),
    ],
)
def test_time_prepositions_do_not_make_other_answers_right(
    answer: str, response: str, language: str
) -> None:
    assert check(response, answer, language).verdict is WRONG


def test_strip_time_preposition_leaves_titles_and_names_alone() -> None:
    assert strip_time_preposition("On Liberty") == "On Liberty"
    assert strip_time_preposition("En marche") == "En marche"
    assert strip_time_preposition("Le Monde", language="fr") == "Le Monde"
    assert strip_time_preposition("in 2021") == "2021"
    assert strip_time_preposition("au mois de mai", language="fr") == "mai"
    assert strip_time_preposition("on") == "on"


@pytest.mark.parametrize(
    ("text", "language", "date"),
    [
        ("04.10.1957", "fr", DateValue(1957, 10, 4)),
        ("4/10/57", "fr", DateValue(1957, 10, 4)),
        ("04.10.57", "fr", DateValue(1957, 10, 4)),
        ("10/4/57", "en", DateValue(1957, 10, 4)),
        ("27/01/25", "fr", DateValue(2025, 1, 27)),
        ("27/01/25", "en", DateValue(2025, 1, 27)),
        ("1/1/49", "fr", DateValue(2049, 1, 1)),
        ("1/1/50", "fr", DateValue(1950, 1, 1)),
        ("au mois de mai 2024", "fr", DateValue(2024, 5, None)),
        ("in the month of May 2024", "en", DateValue(2024, 5, None)),
    ],
)
def test_parse_date_reads_french_numeric_forms_and_two_digit_years(
    text: str, language: str, date: DateValue
) -> None:
    assert parse_date(text, language=language) == date


def test_the_two_digit_year_pivot_is_documented_and_fixed() -> None:
    assert TWO_DIGIT_YEAR_PIVOT == 50
    assert parse_date("4/10/57", language="fr") == DateValue(1957, 10, 4)
    assert check("4/10/57", "4 octobre 1957", "fr").verdict is CORRECT
    assert check("4/10/57", "4 octobre 2057", "fr").verdict is WRONG


@pytest.mark.parametrize(
    ("answer", "response", "language"),
    [
        ("50 fois", "x50", "fr"),
        ("50 fois", "x 50", "fr"),
        ("50 fois", "×50", "fr"),
        ("50x", "x50", "en"),
        ("fifty times", "x50", "en"),
    ],
)
def test_x50_is_fifty_times(answer: str, response: str, language: str) -> None:
    assert check(response, answer, language).verdict is CORRECT
    quantity = parse_quantity(response, language=language)
    assert quantity is not None and quantity.value == 50 and quantity.unit == "x"


def test_x50_is_not_fifty_percent() -> None:
    assert check("x50", "50 %", "fr").verdict is WRONG


@pytest.mark.parametrize(
    ("response", "verdict"),
    [
        ("1000", CORRECT),
        ("1 000", CORRECT),
        ("près de 1000", CORRECT),
        ("environ 1 000", CORRECT),
        ("about 1,000", CORRECT),
        ("~1000", CORRECT),
        ("plus de 1000", WRONG),
        ("moins de 1000", WRONG),
        ("au moins 1000", WRONG),
        ("more than 1,000", WRONG),
        ("less than 1,000", WRONG),
        ("up to 1,000", WRONG),
        ("> 1000", WRONG),
    ],
)
def test_typed_cards_take_approximations_but_not_bounds(response: str, verdict: Verdict) -> None:
    result = check(response, "1000", "fr")
    assert result.verdict is verdict
    if verdict is WRONG:
        assert result.note == "more/less than differs"


def test_a_bound_in_the_answer_accepts_the_same_bound_or_none() -> None:
    answer = "plus d'un million de GPU"
    assert check("more than a million GPUs", answer, "fr").verdict is CORRECT
    assert check("au moins un million", answer, "fr").verdict is CORRECT
    assert check("1 million", answer, "fr").verdict is CORRECT
    assert check("moins d'un million", answer, "fr").verdict is WRONG


def test_a_bound_makes_a_year_a_number() -> None:
    assert check("plus de 2021", "2021", "fr").verdict is WRONG
    assert check("en 2021", "2021", "fr").verdict is CORRECT


def test_quantities_record_their_bound() -> None:
    over = parse_quantity("plus d'un million", language="fr")
    under = parse_quantity("less than 5", language="en")
    about = parse_quantity("environ 5", language="fr")
    assert over is not None and over.bound == "over" and over.value == 1_000_000
    assert under is not None and under.bound == "under"
    assert about is not None and about.bound is None


MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
MONTHS = MONTHS_FR.split()
PREPOSITIONS = ("le ", "en ", "au mois de ", "Le ", "pendant ")


@given(
    st.integers(min_value=1, max_value=28),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1000, max_value=2999),
    st.sampled_from(PREPOSITIONS),
)
def test_a_preposition_never_changes_a_french_date(
    day: int, month: int, year: int, preposition: str
) -> None:
    answer = f"{day} {MONTHS[month - 1]} {year}"
    assert check(preposition + answer, answer, "fr").verdict is CORRECT
    assert check(f"{preposition}{day:02d}.{month:02d}.{year}", answer, "fr").verdict is CORRECT


@given(st.text(), st.text(), st.sampled_from(["en", "fr", "de"]))
def test_time_prepositions_and_dates_never_raise(text: str, answer: str, language: str) -> None:
    stripped = strip_time_preposition(text, language=language)
    assert stripped == text or text.endswith(stripped)
    parse_date(text, language=language)
    result = check_text(text, [answer], language=language)
    assert 0.0 <= result.score <= 1.0
