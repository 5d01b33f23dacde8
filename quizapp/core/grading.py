"""Grades a learner's response to any card kind: pure functions, no I/O.

Typed text (typed cards and each cloze gap) is graded in this order, against the answer and
every `accept` spelling, keeping the best outcome:

1. Equal after `normalize` (case, quotes, spaces, articles, accents unless strict) -> correct.
2. Strict only: equal once accents are ignored too -> almost, note "accents differ".
3. Dates ("27 janvier" = "January 27"; a bare year such as "2024" counts as a date when the
   other side is one): same date -> correct; a response that leaves out a part of the expected
   date ("2024" for "mai 2024") -> almost, note "incomplete date"; anything else -> wrong.
4. Numbers (`numbers.parse_quantity`): the same number under any reading of the response ->
   correct if the units agree or the response gives none; "unit differs" (almost) when both
   name different things; a conflicting currency, %, or x -> wrong.
5. Near misses: a small typo (optimal string alignment distance on the normalised texts,
   budget by the answer's normalised length: none up to 3 characters, 1 up to 7, 2 up to 15,
   3 beyond) -> almost with a diff, score 0.7 / 0.6 / 0.5 for 1 / 2 / 3 edits. Never when
   either side is a number or a date, or when their digits differ ("Windows 10" vs "11").

Order cards: credit is (L - 1) / (n - 1), where L is the largest number of items placed in
the right relative order (longest increasing subsequence), so a reversed list scores 0 and
one misplaced item out of n scores (n - 2) / (n - 1). `parts`, per position: correct when the
right item is there, almost when the item there belongs to that in-order run, else wrong.
Multiple-answer choice: credit is (right picks - wrong picks) / number of right options,
clamped to [0, 1].
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Literal, TypeAlias

from rapidfuzz.distance import OSA, Levenshtein

from quizapp.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    ClozeGap,
    NumericCard,
    OrderCard,
    Rating,
    TrueFalseCard,
    TypedCard,
)
from quizapp.core.normalize import display_form, fold_char, normalize, primary_language
from quizapp.core.numbers import (
    KNOWN_UNITS,
    DateValue,
    Quantity,
    canonical_unit,
    format_number,
    parse_date,
    parse_quantity,
)


class Verdict(StrEnum):
    """How a response was judged."""

    CORRECT = "correct"
    ALMOST = "almost"
    WRONG = "wrong"


@dataclass(frozen=True, slots=True)
class DiffSpan:
    """A piece of a near-miss diff; "equal" spans carry the expected text."""

    text: str
    op: Literal["equal", "missing", "extra"]
    """missing: in the expected answer, not typed; extra: typed, not expected."""


@dataclass(frozen=True, slots=True)
class GradeResult:
    """What the UI shows after an answer, and the rating it suggests."""

    verdict: Verdict
    score: float
    """Credit in [0, 1]; partial for multiple-answer, order and cloze cards."""
    expected: str
    """The expected answer as a learner should read it."""
    given: str
    """The learner's response rendered as text."""
    suggested: Rating
    """wrong -> AGAIN, almost or slow -> HARD, correct -> GOOD, fast and clean -> EASY."""
    diff: tuple[DiffSpan, ...] = ()
    """For a near miss on typed text: equal + missing spans spell the expected answer."""
    parts: tuple[Verdict, ...] = ()
    """Per cloze gap, or per position of an order card."""
    note: str | None = None


Response: TypeAlias = Rating | str | bool | frozenset[int] | tuple[str, ...] | tuple[int, ...]

ACCENT_SCORE = 0.8
UNIT_SCORE = 0.7
INCOMPLETE_DATE_SCORE = 0.5
READING_CHARS_PER_SECOND = 20.0
TYPING_CHARS_PER_SECOND = 3.0
SLOW_FACTOR = 3.0
"""A correct answer slower than this many times the card's expected time suggests HARD."""


@dataclass(frozen=True, slots=True)
class TextCheck:
    """The outcome of grading one typed text against its accepted spellings."""

    verdict: Verdict
    score: float
    diff: tuple[DiffSpan, ...] = ()
    note: str | None = None
    clean: bool = False
    """Correct with no leniency beyond normalisation (a condition for EASY)."""


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
    answers = [a for a in answers if a.strip()] or [""]
    given = normalize(response, language=language, strict=strict)
    if not given:
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
    if quantity and not quantity.unit and not quantity.rest and not quantity.alternatives:
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


def _units_compatible(first: str, second: str) -> bool:
    yen = {"¥", "CNY", "JPY"}
    return first == second or (first in yen and second in yen and "¥" in (first, second))


def _same_number(expected: Decimal, given: Decimal) -> bool:
    return abs(expected - given) <= abs(expected) * Decimal("1e-9")


def _compare_quantities(expected: Quantity, given: Quantity) -> TextCheck:
    if not any(_same_number(expected.value, reading) for reading in given.readings):
        return _WRONG
    if expected.unit and given.unit and not _units_compatible(expected.unit, given.unit):
        return TextCheck(Verdict.WRONG, 0.0, note="wrong unit")
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


def response_time_limits(card: Card) -> tuple[float, float]:
    """Seconds under which a correct answer is fast, and over which it is slow.

    The expected time is 2 s plus reading the prompt at 20 characters a second plus
    answering: typing the answer at 3 characters a second, 1 s per choice option, 2 s per
    item to order. Fast is up to that time; slow is beyond three times it.
    """
    answering = 1.0
    if isinstance(card, TypedCard):
        answering = len(card.answer) / TYPING_CHARS_PER_SECOND
    elif isinstance(card, ClozeCard):
        answering = sum(len(gap.answer) for gap in card.gaps) / TYPING_CHARS_PER_SECOND
    elif isinstance(card, NumericCard):
        answering = len(format_number(card.answer)) / TYPING_CHARS_PER_SECOND
    elif isinstance(card, ChoiceCard):
        answering = float(len(card.options))
    elif isinstance(card, OrderCard):
        answering = 2.0 * len(card.items)
    expected = 2.0 + len(card.prompt) / READING_CHARS_PER_SECOND + answering
    return expected, SLOW_FACTOR * expected


def _suggest(verdict: Verdict, clean: bool, elapsed: float | None, card: Card) -> Rating:
    if verdict is Verdict.WRONG:
        return Rating.AGAIN
    if verdict is Verdict.ALMOST:
        return Rating.HARD
    if elapsed is not None and elapsed >= 0:
        fast, slow = response_time_limits(card)
        if elapsed > slow:
            return Rating.HARD
        if clean and elapsed <= fast:
            return Rating.EASY
    return Rating.GOOD


def _verdict_for(score: float, complete: bool) -> Verdict:
    if complete:
        return Verdict.CORRECT
    return Verdict.ALMOST if score > 0 else Verdict.WRONG


def _text(response: object) -> str:
    if isinstance(response, str):
        return " ".join(response.split())
    return "" if response is None else str(response)


def _indexes(response: object) -> list[int]:
    """Integer indexes from a response, ignoring anything else (bools are not indexes)."""
    if isinstance(response, int) and not isinstance(response, bool):
        return [response]
    if isinstance(response, set | frozenset | tuple | list):
        return [i for i in response if isinstance(i, int) and not isinstance(i, bool)]
    return []


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a kind's grader found, before the rating is suggested."""

    verdict: Verdict
    score: float
    expected: str
    given: str
    clean: bool = False
    diff: tuple[DiffSpan, ...] = ()
    parts: tuple[Verdict, ...] = ()
    note: str | None = None


def grade(
    card: Card,
    response: Response,
    *,
    language: str = "en",
    strict: bool = False,
    elapsed: float | None = None,
) -> GradeResult:
    """Grade a response to a card.

    Args:
        card: any card kind.
        response: `Rating` (basic), `str` (typed, numeric), `frozenset[int]` of option indexes
            (choice), `bool` (truefalse), `tuple[str, ...]` one per gap (cloze),
            `tuple[int, ...]` item indexes in the learner's order (order).
        language: the deck's BCP 47 language (articles, number formats, labels).
        strict: the deck's accent-strict setting; the card's own `strict` overrides it.
        elapsed: seconds the learner took; None never suggests EASY or HARD by time.

    Returns:
        The result; a response of the wrong type grades as wrong, never raises.
    """
    is_strict = strict if card.strict is None else card.strict
    if isinstance(card, BasicCard):
        return _grade_basic(card, response)
    if isinstance(card, TypedCard):
        check = check_text(
            _text(response), (card.answer, *card.accept), language=language, strict=is_strict
        )
        outcome = _Outcome(
            check.verdict, check.score, card.answer, _text(response), check.clean, check.diff,
            note=check.note,
        )  # fmt: skip
    elif isinstance(card, NumericCard):
        outcome = _grade_numeric(card, _text(response), language)
    elif isinstance(card, ChoiceCard):
        outcome = _grade_choice(card, response)
    elif isinstance(card, TrueFalseCard):
        outcome = _grade_truefalse(card, response, language)
    elif isinstance(card, ClozeCard):
        outcome = _grade_cloze(card, response, language, is_strict)
    else:
        outcome = _grade_order(card, response)
    return GradeResult(
        outcome.verdict,
        outcome.score,
        outcome.expected,
        outcome.given,
        _suggest(outcome.verdict, outcome.clean, elapsed, card),
        outcome.diff,
        outcome.parts,
        outcome.note,
    )


def _grade_basic(card: BasicCard, response: object) -> GradeResult:
    rating = Rating.AGAIN
    if isinstance(response, int) and not isinstance(response, bool) and 1 <= response <= 4:
        rating = Rating(response)
    verdict = {Rating.AGAIN: Verdict.WRONG, Rating.HARD: Verdict.ALMOST}.get(
        rating, Verdict.CORRECT
    )
    score = {Rating.AGAIN: 0.0, Rating.HARD: 0.5}.get(rating, 1.0)
    return GradeResult(verdict, score, card.back, rating.name.lower(), rating)


def _grade_choice(card: ChoiceCard, response: object) -> _Outcome:
    picks = set(_indexes(response))
    complete = picks == set(card.correct)
    score = 1.0 if complete else 0.0
    if card.multiple and not complete:
        hits, false_picks = len(picks & card.correct), len(picks - card.correct)
        score = min(1.0, max(0.0, (hits - false_picks) / max(len(card.correct), 1)))
    expected = "; ".join(card.correct_options)
    given = "; ".join(card.options[i] for i in sorted(picks) if 0 <= i < len(card.options))
    return _Outcome(_verdict_for(score, complete), score, expected, given, complete)


def _grade_truefalse(card: TrueFalseCard, response: object, language: str) -> _Outcome:
    labels = ("Vrai", "Faux") if primary_language(language) == "fr" else ("True", "False")
    answer = _as_bool(response)
    complete = answer is card.answer
    expected = labels[0] if card.answer else labels[1]
    given = "" if answer is None else labels[0] if answer else labels[1]
    return _Outcome(_verdict_for(0.0, complete), float(complete), expected, given, complete)


def _as_bool(response: object) -> bool | None:
    if isinstance(response, bool):
        return response
    if isinstance(response, str):
        word = normalize(response)
        if word in ("true", "vrai", "yes", "oui", "t", "v", "y", "o"):
            return True
        if word in ("false", "faux", "no", "non", "f", "n"):
            return False
    return None


def _tolerance_text(card: NumericCard, language: str) -> str:
    if card.relative:
        return f"±{format_number(round(card.tolerance * 100, 6), language=language)}%"
    unit = f" {card.unit}" if card.unit else ""
    return f"±{format_number(card.tolerance, language=language)}{unit}"


def _numeric_expected(card: NumericCard, language: str) -> str:
    shown = format_number(card.answer, language=language)
    if card.unit:
        shown += card.unit if card.unit == "%" else f" {card.unit}"
    if card.tolerance:
        shown += f" ({_tolerance_text(card, language)})"
    return shown


def _grade_numeric(card: NumericCard, given: str, language: str) -> _Outcome:
    expected = _numeric_expected(card, language)
    quantity = parse_quantity(given, language=language)
    if quantity is None:
        reason = "not a number" if given.strip() else "no answer"
        return _Outcome(Verdict.WRONG, 0.0, expected, given, note=reason)
    low, high = card.bounds
    readings = [float(r) for r in quantity.readings]
    if not any(low <= r <= high for r in readings):
        return _Outcome(Verdict.WRONG, 0.0, expected, given)
    expected_unit = canonical_unit(card.unit)
    given_unit = quantity.unit or quantity.rest or None
    if expected_unit and given_unit and not _units_compatible(expected_unit, given_unit):
        if quantity.unit and expected_unit in KNOWN_UNITS:
            return _Outcome(Verdict.WRONG, 0.0, expected, given, note="wrong unit")
        return _Outcome(Verdict.ALMOST, UNIT_SCORE, expected, given, note="unit differs")
    exact = any(r == card.answer for r in readings)
    note = f"within {_tolerance_text(card, language)}" if card.tolerance and not exact else None
    return _Outcome(Verdict.CORRECT, 1.0, expected, given, exact, note=note)


def _grade_cloze(card: ClozeCard, response: object, language: str, strict: bool) -> _Outcome:
    if isinstance(response, str):
        answers: list[str] = [_text(response)]
    elif isinstance(response, tuple | list):
        answers = [_text(r) for r in response]
    else:
        answers = []
    gaps = card.gaps
    answers += [""] * (len(gaps) - len(answers))
    checks = [
        check_text(text, (gap.answer, *gap.accept), language=language, strict=strict)
        for gap, text in zip(gaps, answers, strict=False)
    ]
    parts = tuple(c.verdict for c in checks)
    score = round(sum(c.score for c in checks) / max(len(checks), 1), 4)
    complete = all(v is Verdict.CORRECT for v in parts)
    right = sum(v is Verdict.CORRECT for v in parts)
    note = None if complete else f"{right} of {len(parts)} gaps right"
    filled = iter(answers)
    given = "".join((next(filled) or "…") if isinstance(p, ClozeGap) else p for p in card.parts)
    clean = complete and all(c.clean for c in checks)
    verdict = _verdict_for(score, complete)
    return _Outcome(verdict, score, card.full_text, given, clean, parts=parts, note=note)


def _longest_increasing(sequence: Sequence[int]) -> set[int]:
    """Positions in `sequence` of one longest strictly increasing subsequence (the first found)."""
    lengths: list[int] = []
    previous: list[int] = []
    for position, value in enumerate(sequence):
        before = [p for p in range(position) if sequence[p] < value]
        best = max(before, key=lambda p: lengths[p], default=-1)
        lengths.append(lengths[best] + 1 if best >= 0 else 1)
        previous.append(best)
    chain: set[int] = set()
    position = max(range(len(sequence)), key=lambda p: lengths[p], default=-1)
    while position >= 0:
        chain.add(position)
        position = previous[position]
    return chain


def _grade_order(card: OrderCard, response: object) -> _Outcome:
    count = len(card.items)
    placed = _indexes(response)
    valid = [i for n, i in enumerate(placed) if 0 <= i < count and i not in placed[:n]]
    in_order = {placed.index(valid[p]) for p in _longest_increasing(valid)}
    if len(in_order) < 2:
        in_order = set()  # a single item is in order with nothing
    complete = placed == list(range(count))
    length = len(in_order)
    score = (length - 1) / (count - 1) if count > 1 and length > 1 else 0.0
    # Duplicates or stray indexes can hide a full run; no wrong answer beats the best near one.
    score = 1.0 if complete else min(score, (count - 2) / (count - 1) if count > 1 else 0.0)
    parts = tuple(
        Verdict.CORRECT
        if position < len(placed) and placed[position] == position
        else Verdict.ALMOST
        if position in in_order
        else Verdict.WRONG
        for position in range(count)
    )
    expected = " → ".join(card.items)
    given = " → ".join(card.items[i] if 0 <= i < count else "?" for i in placed)
    verdict = _verdict_for(score, complete)
    return _Outcome(verdict, round(score, 4), expected, given, complete, parts=parts)
