"""Typed answers: every figure of the two seed articles written several ways, in both languages."""

from __future__ import annotations

import pytest

from quizapp.core.grading import DiffSpan, Verdict, grade
from quizapp.core.model import Rating, TypedCard

CORRECT, ALMOST, WRONG = Verdict.CORRECT, Verdict.ALMOST, Verdict.WRONG


def typed(answer: str, *accept: str, strict: bool | None = None) -> TypedCard:
    return TypedCard(
        id="card", question="Question ?", answer=answer, accept=tuple(accept), strict=strict
    )


# (answer as the deck writes it, response, expected verdict); French deck.
FRENCH_FIGURES = [
    ("138 millions de yuans", "138 millions de yuans", CORRECT),
    ("138 millions de yuans", "138 million yuan", CORRECT),
    ("138 millions de yuans", "138M", CORRECT),
    ("138 millions de yuans", "138 000 000", CORRECT),
    ("138 millions de yuans", "138 M¥", CORRECT),
    ("138 millions de yuans", "138 millions de dollars", WRONG),
    ("138 millions de yuans", "139 millions de yuans", WRONG),
    ("19 millions de dollars", "19 millions de dollars", CORRECT),
    ("19 millions de dollars", "$19M", CORRECT),
    ("19 millions de dollars", "19 million dollars", CORRECT),
    ("19 millions de dollars", "US$19 million", CORRECT),
    ("19 millions de dollars", "19 000 000 $", CORRECT),
    ("19 millions de dollars", "19m USD", CORRECT),
    ("19 millions de dollars", "19 millions", CORRECT),
    ("19 millions de dollars", "19 millions d'euros", WRONG),
    ("19 millions de dollars", "$190M", WRONG),
    ("près de 1 000 milliards de dollars", "1 000 milliards de dollars", CORRECT),
    ("près de 1 000 milliards de dollars", "près de 1000 milliards", CORRECT),
    ("près de 1 000 milliards de dollars", "1000 billion", CORRECT),
    ("près de 1 000 milliards de dollars", "1 trillion", CORRECT),
    ("près de 1 000 milliards de dollars", "$1,000 billion", CORRECT),
    ("près de 1 000 milliards de dollars", "mille milliards", CORRECT),
    ("près de 1 000 milliards de dollars", "1e12", CORRECT),
    ("près de 1 000 milliards de dollars", "100 milliards de dollars", WRONG),
    ("600 milliards de dollars", "600 milliards", CORRECT),
    ("600 milliards de dollars", "600 billion", CORRECT),
    ("600 milliards de dollars", "$600bn", CORRECT),
    ("600 milliards de dollars", "600 Md$", CORRECT),
    ("600 milliards de dollars", "600 millions", WRONG),
    ("10 000 puces", "10 000 puces", CORRECT),
    ("10 000 puces", "10 000", CORRECT),
    ("10 000 puces", "10,000", CORRECT),
    ("10 000 puces", "10000", CORRECT),
    ("10 000 puces", "10k", CORRECT),
    ("10 000 puces", "dix mille puces", CORRECT),
    ("10 000 puces", "10 000 GPU", ALMOST),
    ("10 000 puces", "1 000 puces", WRONG),
    ("100 milliards de dollars", "$100bn", CORRECT),
    ("100 milliards de dollars", "100 milliards", CORRECT),
    ("100 milliards de dollars", "100 billion dollars", CORRECT),
    ("plus d'un million de GPU", "1 million", CORRECT),
    ("plus d'un million de GPU", "un million de GPU", CORRECT),
    ("plus d'un million de GPU", "1 000 000", CORRECT),
    ("plus d'un million de GPU", "1M GPUs", CORRECT),
    ("plus d'un million de GPU", "100 000 GPU", WRONG),
    ("cinquante fois", "50x", CORRECT),
    ("cinquante fois", "50 fois", CORRECT),
    ("cinquante fois", "cinquante", CORRECT),
    ("cinquante fois", "fifty times", CORRECT),
    ("cinquante fois", "50 %", WRONG),
    ("cinquante fois", "5 fois", WRONG),
    ("trois ans", "3 ans", CORRECT),
    ("27 janvier", "27 janvier", CORRECT),
    ("27 janvier", "le 27 janvier", CORRECT),
    ("27 janvier", "January 27", CORRECT),
    ("27 janvier", "27 jan.", CORRECT),
    ("27 janvier", "27/01", CORRECT),
    ("27 janvier", "27.01.2025", CORRECT),
    ("27 janvier", "lundi 27 janvier 2025", CORRECT),
    ("27 janvier", "28 janvier", WRONG),
    ("27 janvier", "27", WRONG),
    ("27 janvier", "janvier", WRONG),
    ("28 janvier 2022", "28 janvier 2022", CORRECT),
    ("28 janvier 2022", "28/01/2022", CORRECT),
    ("28 janvier 2022", "2022-01-28", CORRECT),
    ("28 janvier 2022", "January 28, 2022", CORRECT),
    ("28 janvier 2022", "janvier 2022", ALMOST),
    ("28 janvier 2022", "28 janvier", ALMOST),
    ("28 janvier 2022", "28 janvier 2021", WRONG),
    ("2021", "2021", CORRECT),
    ("2021", "en 2021", CORRECT),
    ("2021", "2022", WRONG),
    ("2022", "2022", CORRECT),
    ("2022", "deux mille vingt-deux", CORRECT),
    ("2022", "28 janvier 2022", CORRECT),
    ("2022", "2 022", CORRECT),
    ("2023", "2023", CORRECT),
    ("2023", "2024", WRONG),
    ("2024", "en 2024", CORRECT),
    ("2024", "2042", WRONG),
    ("mai 2024", "mai 2024", CORRECT),
    ("mai 2024", "en mai 2024", CORRECT),
    ("mai 2024", "May 2024", CORRECT),
    ("mai 2024", "05/2024", CORRECT),
    ("mai 2024", "2024-05", CORRECT),
    ("mai 2024", "2024", ALMOST),
    ("mai 2024", "mai 2023", WRONG),
    ("mai 2024", "juin 2024", WRONG),
    ("1940", "1940", CORRECT),
    ("1940", "1914", WRONG),
]

# The same figures on an English deck.
ENGLISH_FIGURES = [
    ("138 million yuan", "138 millions de yuans", CORRECT),
    ("138 million yuan", "CNY 138M", CORRECT),
    ("138 million yuan", "¥138 million", CORRECT),
    ("138 million yuan", "138,000,000", CORRECT),
    ("138 million yuan", "$138 million", WRONG),
    ("$19 million", "19 millions de dollars", CORRECT),
    ("$19 million", "US$19M", CORRECT),
    ("$19 million", "19,000,000 dollars", CORRECT),
    ("$19 million", "19", WRONG),
    ("nearly $1 trillion", "1,000 billion dollars", CORRECT),
    ("nearly $1 trillion", "1 000 milliards de dollars", CORRECT),
    ("nearly $1 trillion", "$1T", CORRECT),
    ("nearly $1 trillion", "about one trillion", CORRECT),
    ("nearly $1 trillion", "1 billion", WRONG),
    ("$600 billion", "600 milliards", CORRECT),
    ("$600 billion", "$600bn", CORRECT),
    ("$600 billion", "600,000,000,000", CORRECT),
    ("$600 billion", "$6 billion", WRONG),
    ("10,000 chips", "10 000", CORRECT),
    ("10,000 chips", "10k chips", CORRECT),
    ("10,000 chips", "10.000", WRONG),
    ("$100 billion", "$100bn", CORRECT),
    ("$100 billion", "100 milliards de dollars", CORRECT),
    ("more than one million GPUs", "1 million", CORRECT),
    ("more than one million GPUs", "1,000,000 GPUs", CORRECT),
    ("more than one million GPUs", "a million", CORRECT),
    ("50 times", "50x", CORRECT),
    ("50 times", "fifty-fold", CORRECT),
    ("50 times", "cinquante fois", CORRECT),
    ("January 27", "27 janvier", CORRECT),
    ("January 27", "Jan 27", CORRECT),
    ("January 27", "27th January", CORRECT),
    ("January 27", "1/27", CORRECT),
    ("January 27", "January 28", WRONG),
    ("January 28, 2022", "28 January 2022", CORRECT),
    ("January 28, 2022", "01/28/2022", CORRECT),
    ("January 28, 2022", "January 2022", ALMOST),
    ("2023", "in 2023", CORRECT),
    ("May 2024", "mai 2024", CORRECT),
    ("May 2024", "in May 2024", CORRECT),
    ("May 2024", "May 2025", WRONG),
]


@pytest.mark.parametrize(("answer", "response", "verdict"), FRENCH_FIGURES)
def test_grade_french_seed_figures(answer: str, response: str, verdict: Verdict) -> None:
    result = grade(typed(answer), response, language="fr")
    assert result.verdict is verdict, result


@pytest.mark.parametrize(("answer", "response", "verdict"), ENGLISH_FIGURES)
def test_grade_english_seed_figures(answer: str, response: str, verdict: Verdict) -> None:
    result = grade(typed(answer), response, language="en")
    assert result.verdict is verdict, result


def test_grade_comma_thousands_depends_on_the_deck_language() -> None:
    assert grade(typed("1 000"), "1,000", language="en").verdict is CORRECT
    assert grade(typed("1 000"), "1,000", language="fr").verdict is CORRECT
    assert grade(typed("1,5"), "1.5", language="fr").verdict is CORRECT
    assert grade(typed("1.5"), "1,5", language="en").verdict is CORRECT
    assert grade(typed("1"), "1,000", language="en").verdict is WRONG
    assert grade(typed("1,5"), "15", language="fr").verdict is WRONG


@pytest.mark.parametrize(
    ("answer", "accept", "response", "language"),
    [
        ("Liang Wenfeng", (), "liang wenfeng", "fr"),
        ("Liang Wenfeng", (), "  LIANG   WENFENG. ", "fr"),
        ("Liang Wenfeng", ("Liang",), "Liang", "fr"),
        ("moment Spoutnik", ("moment Sputnik",), "« moment Sputnik »", "fr"),
        ("le « moment Spoutnik »", (), "Moment Spoutnik", "fr"),
        ("l'Union soviétique", (), "Union sovietique", "fr"),
        ("l'Union soviétique", (), "L’Union Soviétique", "fr"),
        ("les États-Unis", (), "Etats-Unis", "fr"),
        ("la Deutsche Bank", (), "Deutsche Bank", "fr"),
        ("the Financial Times", (), "Financial Times", "en"),
        ("Financial Times", (), "The Financial Times", "en"),
        ("Gavekal", (), "gavekal!", "en"),
        # Invisible characters pasted from a web page into the deck, or typed by a learner.
        ("Liang\u200bWenfeng", (), "LiangWenfeng", "en"),
        ("Liang Wen\u00adfeng", (), "Liang Wenfeng", "fr"),
        ("\u200eHigh-Flyer\u200f", (), "High Flyer", "en"),
        ("\ufeffDeepSeek", (), "deepseek\u2060", "en"),
    ],
)
def test_grade_correct_after_normalisation(
    answer: str, accept: tuple[str, ...], response: str, language: str
) -> None:
    result = grade(typed(answer, *accept), response, language=language)
    assert result.verdict is CORRECT
    assert result.score == 1.0
    assert result.diff == ()


@pytest.mark.parametrize(
    ("answer", "response", "edits"),
    [
        ("Liang Wenfeng", "Liang Wenfen", 1),
        ("Liang Wenfeng", "Liang Wenfegn", 1),
        ("Liang Wenfeng", "Lian Wenfen", 2),
        ("Nvidia", "Nvdia", 1),
        ("Xinhua", "Xinhau", 1),
        ("Marc Andreessen", "Mark Andreesen", 2),
        ("Science and Technology Daily", "Science and Tecnology Dayly", 2),
    ],
)
def test_grade_small_typo_is_almost_with_a_diff(answer: str, response: str, edits: int) -> None:
    result = grade(typed(answer), response, language="en")
    assert result.verdict is ALMOST
    assert 0.5 <= result.score <= 0.8
    assert result.score == pytest.approx(0.8 - 0.1 * edits)
    assert result.note == ("1 typo" if edits == 1 else f"{edits} typos")
    assert result.suggested is Rating.HARD
    expected_text = "".join(s.text for s in result.diff if s.op != "extra")
    assert expected_text == answer
    assert any(s.op != "equal" for s in result.diff)


def test_grade_near_miss_diff_leaves_invisible_characters_out() -> None:
    result = grade(typed("Liang Wen\u00adfeng"), "Liang Wenfen", language="en")
    assert result.verdict is ALMOST
    assert result.diff == (DiffSpan("Liang Wenfen", "equal"), DiffSpan("g", "missing"))


def test_grade_diff_marks_missing_and_extra_letters() -> None:
    result = grade(typed("Liang Wenfeng"), "Liang Wenfengg", language="en")
    assert result.diff == (DiffSpan("Liang Wenfeng", "equal"), DiffSpan("g", "extra"))
    result = grade(typed("Liang Wenfeng"), "liang wenfen", language="en")
    assert result.diff == (DiffSpan("Liang Wenfen", "equal"), DiffSpan("g", "missing"))


def test_grade_diff_is_against_the_closest_accepted_answer() -> None:
    card = typed("Liang Wenfeng", "High-Flyer")
    result = grade(card, "High-Flyr", language="en")
    assert result.verdict is ALMOST
    assert "".join(s.text for s in result.diff if s.op != "extra") == "High-Flyer"


@pytest.mark.parametrize(
    ("answer", "response"),
    [
        ("Nvidia", "Nvdiaa x"),  # too many edits
        ("Rao", "Roa"),  # 3 characters or fewer: no near miss
        ("R1", "R2"),
        ("Windows 10", "Windows 11"),  # digits differ
        ("Liang Wenfeng", "Wenfeng"),
        ("Liang Wenfeng", ""),
    ],
)
def test_grade_no_near_miss(answer: str, response: str) -> None:
    result = grade(typed(answer), response, language="en")
    assert result.verdict is WRONG
    assert result.score == 0.0
    assert result.suggested is Rating.AGAIN


def test_grade_numbers_never_near_miss() -> None:
    assert grade(typed("10 000 puces"), "10 001 puces", language="fr").verdict is WRONG
    assert grade(typed("1940"), "1941", language="fr").verdict is WRONG


def test_grade_strict_accents_differ_is_almost() -> None:
    card = typed("les États-Unis", strict=True)
    result = grade(card, "Etats-Unis", language="fr")
    assert result.verdict is ALMOST
    assert result.note == "accents differ"
    assert DiffSpan("É", "missing") in result.diff
    assert DiffSpan("E", "extra") in result.diff
    assert grade(card, "ÉTATS-UNIS", language="fr").verdict is CORRECT


def test_grade_strict_comes_from_the_deck_unless_the_card_says_otherwise() -> None:
    assert grade(typed("Pékin"), "Pekin", language="fr", strict=True).verdict is ALMOST
    assert grade(typed("Pékin"), "Pekin", language="fr").verdict is CORRECT
    lenient_card = typed("Pékin", strict=False)
    assert grade(lenient_card, "Pekin", language="fr", strict=True).verdict is CORRECT


def test_grade_unit_words_that_differ_are_almost() -> None:
    result = grade(typed("10 000 puces"), "10 000 GPU", language="fr")
    assert result.verdict is ALMOST
    assert result.note == "unit differs"


def test_grade_typed_result_shows_the_answer_and_the_response() -> None:
    result = grade(typed("Liang Wenfeng"), "  liang   wenfeng ", language="fr")
    assert result.expected == "Liang Wenfeng"
    assert result.given == "liang wenfeng"
