"""French and English number, amount and date parsing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.amounts import format_number
from quizapp.core.dates import DateValue, parse_date
from quizapp.core.numbers import canonical_unit, parse_quantity

TRILLION = Decimal(10) ** 12


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "text",
    ["10000", "10 000", "10\u00a0000", "10\u202f000", "10'000", "10k", "10 K", "10K", "dix mille"],
)
def test_parse_ten_thousand_in_every_spelling(text: str, language: str) -> None:
    quantity = parse_quantity(text, language=language)
    assert quantity is not None
    assert quantity.value == 10_000


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("10,000", "en", Decimal(10_000)),
        ("1,000", "en", Decimal(1000)),
        ("1.000", "en", Decimal(1)),
        ("1,5", "en", Decimal("1.5")),
        ("1.5", "en", Decimal("1.5")),
        ("1,000,000.5", "en", Decimal("1000000.5")),
        ("0,500", "en", Decimal("0.5")),
        ("1,5", "fr", Decimal("1.5")),
        ("1.5", "fr", Decimal("1.5")),
        ("1,000", "fr", Decimal(1)),
        ("1.000", "fr", Decimal(1000)),
        ("1.000.000", "fr", Decimal(1_000_000)),
        ("1.000,5", "fr", Decimal("1000.5")),
        ("10 000,5", "fr", Decimal("10000.5")),
        ("-5", "en", Decimal(-5)),
        ("1e12", "en", TRILLION),
    ],
)
def test_parse_separators_follow_the_language(text: str, language: str, value: Decimal) -> None:
    quantity = parse_quantity(text, language=language)
    assert quantity is not None
    assert quantity.value == value


def test_parse_ambiguous_thousands_keeps_the_other_reading_in_french_only() -> None:
    french = parse_quantity("10,000", language="fr")
    english = parse_quantity("10,000", language="en")
    assert french is not None and english is not None
    assert french.readings == (Decimal(10), Decimal(10_000))
    assert english.readings == (Decimal(10_000),)
    canadian = parse_quantity("10,000", language="fr-CA")
    assert canadian is not None and canadian.readings == french.readings


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("138 millions de yuans", 138_000_000, "CNY"),
        ("138 million yuan", 138_000_000, "CNY"),
        ("CNY 138M", 138_000_000, "CNY"),
        ("¥138 million", 138_000_000, "¥"),
        ("138M", 138_000_000, None),
        ("19 millions de dollars", 19_000_000, "USD"),
        ("$19M", 19_000_000, "USD"),
        ("$19m", 19_000_000, "USD"),
        ("19 M$", 19_000_000, "USD"),
        ("19 million dollars", 19_000_000, "USD"),
        ("US$19 million", 19_000_000, "USD"),
        ("19 millions de dollars américains", 19_000_000, "USD"),
        ("près de 1 000 milliards de dollars", TRILLION, "USD"),
        ("1000 billion", TRILLION, None),
        ("1 trillion", TRILLION, None),
        ("$1,000 billion", TRILLION, "USD"),
        ("mille milliards", TRILLION, None),
        ("600 milliards", 600 * 10**9, None),
        ("600 billion", 600 * 10**9, None),
        ("$600bn", 600 * 10**9, "USD"),
        ("600 Md$", 600 * 10**9, "USD"),
        ("100 milliards de dollars", 100 * 10**9, "USD"),
        ("$100bn", 100 * 10**9, "USD"),
        ("plus d'un million de GPU", 1_000_000, None),
        ("more than a million GPUs", 1_000_000, None),
        ("cinquante fois", 50, "x"),
        ("50x", 50, "x"),
        ("fifty times", 50, "x"),
        ("50-fold", 50, "x"),
        ("50 %", 50, "%"),
        ("cinquante pour cent", 50, "%"),
        ("fifty percent", 50, "%"),
        ("20 €", 20, "EUR"),
    ],
)
def test_parse_amounts_from_the_seed_articles(text: str, value: int, unit: str | None) -> None:
    quantity = parse_quantity(text, language="en")
    assert quantity is not None
    assert quantity.value == value
    assert quantity.unit == unit


def test_parse_keeps_other_words_as_a_singular_rest() -> None:
    chips = parse_quantity("10 000 puces", language="fr")
    gpus = parse_quantity("plus d'un million de GPU", language="fr")
    assert chips is not None and chips.rest == "puce"
    assert gpus is not None and gpus.rest == "gpu"


def test_parse_billion_is_long_scale_in_french_with_the_short_scale_kept() -> None:
    french = parse_quantity("1 billion", language="fr")
    english = parse_quantity("1 billion", language="en")
    assert french is not None and english is not None
    assert french.readings == (TRILLION, Decimal(10) ** 9)
    assert english.readings == (Decimal(10) ** 9,)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("un", 1),
        ("une", 1),
        ("deux", 2),
        ("dix", 10),
        ("dix-sept", 17),
        ("vingt et un", 21),
        ("soixante et onze", 71),
        ("soixante-dix-sept", 77),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix-neuf", 99),
        ("nonante", 90),
        ("cent", 100),
        ("deux cents", 200),
        ("mille", 1000),
        ("deux mille vingt-deux", 2022),
        ("one", 1),
        ("ten", 10),
        ("twenty-one", 21),
        ("one hundred and five", 105),
        ("a thousand", 1000),
        ("zéro", 0),
    ],
)
def test_parse_number_words(text: str, value: int) -> None:
    quantity = parse_quantity(text, language="fr")
    assert quantity is not None
    assert quantity.value == value


@pytest.mark.parametrize(
    "text",
    ["", "Liang Wenfeng", "un porcelet ordinaire", "2021 2022", "deux trois", "1 00", "R1", "$"],
)
def test_parse_rejects_what_is_not_one_quantity(text: str) -> None:
    assert parse_quantity(text, language="fr") is None


def test_parse_small_m_alone_is_a_metre_not_a_million() -> None:
    metres = parse_quantity("10 m", language="en")
    assert metres is not None
    assert metres.value == 10
    assert metres.rest == "m"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("27 janvier", DateValue(None, 1, 27)),
        ("le 27 janvier", DateValue(None, 1, 27)),
        ("lundi 27 janvier", DateValue(None, 1, 27)),
        ("January 27", DateValue(None, 1, 27)),
        ("Jan. 27th", DateValue(None, 1, 27)),
        ("27th of January", DateValue(None, 1, 27)),
        ("28 janvier 2022", DateValue(2022, 1, 28)),
        ("January 28, 2022", DateValue(2022, 1, 28)),
        ("28/01/2022", DateValue(2022, 1, 28)),
        ("2022-01-28", DateValue(2022, 1, 28)),
        ("1er mai 2024", DateValue(2024, 5, 1)),
        ("mai 2024", DateValue(2024, 5, None)),
        ("en mai 2024", DateValue(2024, 5, None)),
        ("May 2024", DateValue(2024, 5, None)),
        ("29 février 2024", DateValue(2024, 2, 29)),
        ("28.01.2022", DateValue(2022, 1, 28)),
        ("27/01", DateValue(None, 1, 27)),
        ("05/2024", DateValue(2024, 5, None)),
        ("2024-05", DateValue(2024, 5, None)),
    ],
)
def test_parse_dates_in_both_languages(text: str, date: DateValue) -> None:
    assert parse_date(text, language="fr") == date


@pytest.mark.parametrize(
    "text", ["2022", "mars", "Mars", "31 février", "29 février 2023", "1.5", "13/2024", "32/01"]
)
def test_parse_date_rejects_years_months_alone_and_impossible_days(text: str) -> None:
    assert parse_date(text, language="fr") is None


def test_parse_slash_dates_follow_the_language_unless_impossible() -> None:
    assert parse_date("02/03/2024", language="fr") == DateValue(2024, 3, 2)
    assert parse_date("02/03/2024", language="en") == DateValue(2024, 2, 3)
    assert parse_date("27/01/2025", language="en") == DateValue(2025, 1, 27)


def test_canonical_unit_maps_spellings_to_one_code() -> None:
    assert canonical_unit("$") == canonical_unit("dollars") == "USD"
    assert canonical_unit("yuans") == "CNY"
    assert canonical_unit("%") == "%"
    assert canonical_unit("puces") == "puce"
    assert canonical_unit(None) is None
    assert canonical_unit("  ") is None


def test_format_number_uses_the_language_conventions() -> None:
    assert format_number(1e12, language="en") == "1,000,000,000,000"
    assert format_number(1e12, language="fr") == "1\u202f000\u202f000\u202f000\u202f000"
    assert format_number(1.5, language="fr") == "1,5"
    assert format_number(19.0, language="en") == "19"


@given(st.text(), st.sampled_from(["en", "fr"]))
def test_parsers_never_raise(text: str, language: str) -> None:
    parse_quantity(text, language=language)
    parse_date(text, language=language)


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["en", "fr"]))
def test_formatted_numbers_parse_back(value: int, language: str) -> None:
    quantity = parse_quantity(format_number(Decimal(value), language=language), language=language)
    assert quantity is not None
    assert quantity.value == value
