"""Checks typed text (typed cards, cloze gaps) against its accepted spellings: pure functions.

`check_text` tries, in this order, against the answer and every `accept` spelling, keeping the
best outcome:

0. A time preposition before a date, year, month or weekday is dropped on both sides
   ("on Monday" = "Monday", "en 2021" = "2021", "au mois de mai 2024" = "mai 2024").
1. Equal after `normalize` (case, quotes, spaces, articles, accents unless strict) -> correct.
2. Strict only: equal once accents are ignored too -> almost, note "accents differ".
3. Dates ("27 janvier" = "January 27" = "27/01"; a bare year such as "2024" counts as a date
   when the other side is one): same date -> correct; a response that leaves out a part of
   the expected date ("2024" for "mai 2024") -> almost, note "incomplete date"; else wrong.
4. Numbers (`numbers.parse_quantity`): the same number under any reading of the response ->
   correct if the units agree or the response gives none; "unit differs" (almost) when both
   name different things; a conflicting currency, %, or x -> wrong. Approximations ("près
   de", "environ", "about") are ignored, but bounds are not: a response saying "plus de" /
   "moins de" / "more than" / "less than" where the answer has no such bound (or the other
   one) is wrong, note "more/less than differs". A bare number where the answer has a bound
   is correct: the question carries the bound ("how many GPUs, at least?"). Numeric cards
   ignore bounds altogether (see `grading`).
5. Near misses: a small typo (optimal string alignment distance on the normalised texts,
   budget by the answer's normalised length: none up to 3 characters, 1 up to 7, 2 up to 15,
   3 beyond) -> almost with a diff, score 0.7 / 0.6 / 0.5 for 1 / 2 / 3 edits. Never when
   either side is a number or a date, or when their digits differ ("Windows 10" vs "11").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from rapidfuzz.distance import OSA, Levenshtein

from quizapp.core.dates import DateValue, parse_date, strip_time_preposition
from quizapp.core.grades import DiffSpan, Verdict
from quizapp.core.normalize import display_form, fold_char, normalize
from quizapp.core.numbers import Quantity, parse_quantity


@dataclass(frozen=True, slots=True)
class TextCheck:
    """The outcome of grading one typed text against its accepted spellings."""

    verdict: Verdict
    score: float
    diff: tuple[DiffSpan, ...] = ()
    note: str | None = None
    clean: bool = False
    """Correct with no leniency beyond normalisation (a condition for EASY)."""


ACCENT_SCORE = 0.8
UNIT_SCORE = 0.7
INCOMPLETE_DATE_SCORE = 0.5
_WRONG = TextCheck(Verdict.WRONG, 0.0)


def near_miss_budget(length: int) -> int:
    """Edits allowed for a near miss on an answer of `length` normalised characters."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    return 2 if length <= 15 else 3


def check_text(
    response: str, answers: Sequence[str], *, language: str = "en", strict: bool = False
) -> TextCheck:
    """Grade typed text against accepted answers (see the module docstring for the rules)."""
    answers = [strip_time_preposition(a, language=language) for a in answers if a.strip()]
    answers = answers or [""]
    response = strip_time_preposition(response, language=language)
    given = normalize(response, language=language, strict=strict)
    if not given:
        # An answer of punctuation only ("?", "«") normalises to nothing: compare it as typed.
        typed = " ".join(response.split())
        if typed and typed in (" ".join(a.split()) for a in answers):
            return TextCheck(Verdict.CORRECT, 1.0, clean=True)
        return TextCheck(Verdict.WRONG, 0.0, note="no answer")
    if any(given == normalize(a, language=language, strict=strict) for a in answers):
        return TextCheck(Verdict.CORRECT, 1.0, clean=True)
    if strict:
        lenient = normalize(response, language=language)
        for answer in answers:
            if lenient == normalize(answer, language=language):
                diff = _diff(answer, response, language=language, strict=True)
                return TextCheck(Verdict.ALMOST, ACCENT_SCORE, diff, note="accents differ")
    outcomes = [_check_one(response, given, a, language, strict) for a in answers]
    return max(outcomes, key=lambda o: (o.verdict is Verdict.CORRECT, o.score))


def _check_one(response: str, given: str, answer: str, language: str, strict: bool) -> TextCheck:
    expected_date, given_date = _as_date(answer, language), _as_date(response, language)
    if expected_date or given_date:
        if expected_date and given_date and (expected_date[1] or given_date[1]):
            return _compare_dates(expected_date[0], given_date[0])
        if expected_date and expected_date[1]:
            return _WRONG
    expected_quantity = parse_quantity(answer, language=language)
    given_quantity = parse_quantity(response, language=language)
    if expected_quantity and given_quantity:
        return _compare_quantities(expected_quantity, given_quantity)
    if expected_quantity or given_quantity or given_date:
        return _WRONG
    expected = normalize(answer, language=language, strict=strict)
    budget = near_miss_budget(len(expected))
    if re.findall(r"\d+", expected) != re.findall(r"\d+", given):
        return _WRONG
    if budget == 0 or abs(len(expected) - len(given)) > budget:
        return _WRONG
    edits = OSA.distance(expected, given, score_cutoff=budget)
    if edits > budget:
        return _WRONG
    diff = _diff(answer, response, language=language, strict=strict)
    score = max(0.5, 0.8 - 0.1 * edits)
    note = "1 typo" if edits == 1 else f"{edits} typos"
    return TextCheck(Verdict.ALMOST, round(score, 2), diff, note=note)


def _as_date(text: str, language: str) -> tuple[DateValue, bool] | None:
    """A date and whether it was written as one (False: a bare year such as "2024")."""
    if date := parse_date(text, language=language):
        return date, True
    quantity = parse_quantity(text, language=language)
    if quantity and not (quantity.unit or quantity.rest or quantity.alternatives or quantity.bound):
        year = quantity.value
        if year == year.to_integral_value() and 1000 <= year <= 2999:
            return DateValue(year=int(year)), False
    return None


def _compare_dates(expected: DateValue, given: DateValue) -> TextCheck:
    pairs = [(expected.year, given.year), (expected.month, given.month)]
    pairs.append((expected.day, given.day))
    if any(e is not None and g is not None and e != g for e, g in pairs):
        return _WRONG
    if not any(e is not None and e == g for e, g in pairs):
        return _WRONG
    if any(e is not None and g is None for e, g in pairs):
        return TextCheck(Verdict.ALMOST, INCOMPLETE_DATE_SCORE, note="incomplete date")
    return TextCheck(Verdict.CORRECT, 1.0, clean=True)


def units_compatible(first: str, second: str) -> bool:
    """Same canonical unit, or "¥" against either yuan or yen (the symbol serves both)."""
    yen = {"¥", "CNY", "JPY"}
    return first == second or (first in yen and second in yen and "¥" in (first, second))


def _same_number(expected: Decimal, given: Decimal) -> bool:
    return abs(expected - given) <= abs(expected) * Decimal("1e-9")


def _compare_quantities(expected: Quantity, given: Quantity) -> TextCheck:
    if not any(_same_number(expected.value, reading) for reading in given.readings):
        return _WRONG
    if expected.unit and given.unit and not units_compatible(expected.unit, given.unit):
        return TextCheck(Verdict.WRONG, 0.0, note="wrong unit")
    if given.bound and given.bound != expected.bound:
        return TextCheck(Verdict.WRONG, 0.0, note="more/less than differs")
    differs = bool(expected.rest and given.rest and expected.rest != given.rest)
    differs |= bool(expected.unit and not given.unit and given.rest)
    differs |= bool(given.unit and not expected.unit and expected.rest)
    if differs:
        return TextCheck(Verdict.ALMOST, UNIT_SCORE, note="unit differs")
    return TextCheck(Verdict.CORRECT, 1.0, clean=True)


def _diff(expected: str, given: str, *, language: str, strict: bool) -> tuple[DiffSpan, ...]:
    """Character diff of the displayed answers, compared as `normalize` compares them."""
    shown_expected = display_form(expected, language=language)
    shown_given = display_form(given, language=language)
    key_expected = "".join(fold_char(c, strict=strict) for c in shown_expected)
    key_given = "".join(fold_char(c, strict=strict) for c in shown_given)
    spans: list[DiffSpan] = []
    for op in Levenshtein.opcodes(key_expected, key_given):
        expected_part = shown_expected[op.src_start : op.src_end]
        given_part = shown_given[op.dest_start : op.dest_end]
        if op.tag == "equal":
            spans.append(DiffSpan(expected_part, "equal"))
            continue
        if expected_part:
            spans.append(DiffSpan(expected_part, "missing"))
        if given_part:
            spans.append(DiffSpan(given_part, "extra"))
    merged: list[DiffSpan] = []
    for span in spans:
        if merged and merged[-1].op == span.op:
            merged[-1] = DiffSpan(merged[-1].text + span.text, span.op)
        else:
            merged.append(span)
    return tuple(merged)
