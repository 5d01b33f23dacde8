"""Grades a learner's response to any card kind: pure functions, no I/O.

Typed text (typed cards and each cloze gap) is checked by `matching.check_text`: see there.

Numeric cards: the response is read by `numbers.parse_quantity` and is correct when one of its
readings lies within the card's tolerance. Hedges are ignored, bounds included ("plus d'un
million" answers "how many GPUs, at least?"): the card's tolerance says how exact to be. A
multiplier in the card's unit (`answer: 19`, `unit: millions de dollars`, also "billion
dollars", "M$") counts on both sides: "19", "19 millions", "$19M" and "19 000 000 $" are all
correct; a response with a unit but no multiplier that is right only once multiplied ("19
dollars") is almost, note "unit differs". On a money card a lone "m", "k", "bn" is a
multiplier ("19m"). The expected answer reads as the deck language writes amounts: "1 000
milliards de dollars", "1 trillion dollars" (`amounts.format_amount`).

Order cards: credit is (L - 1) / (n - 1), where L is the largest number of items placed in
the right relative order (longest increasing subsequence), so a reversed list scores 0 and
one misplaced item out of n scores (n - 2) / (n - 1). `parts`, per position: correct when the
right item is there, almost when the item there belongs to that in-order run, else wrong.
Multiple-answer choice: credit is (right picks - wrong picks) / number of right options,
clamped to [0, 1].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.core.amounts import UnitScale, format_amount, format_number, split_unit

# The grader's whole vocabulary is importable from here; the session and the screens import
# the result types from `grades`, which does not load the parsers.
from quizapp.core.grades import DiffSpan as DiffSpan
from quizapp.core.grades import GradeResult as GradeResult
from quizapp.core.grades import Response as Response
from quizapp.core.grades import Verdict as Verdict
from quizapp.core.matching import UNIT_SCORE, units_compatible
from quizapp.core.matching import TextCheck as TextCheck
from quizapp.core.matching import check_text as check_text
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
from quizapp.core.normalize import normalize, primary_language
from quizapp.core.numbers import (
    CURRENCIES,
    KNOWN_UNITS,
    Quantity,
    letter_multiplier,
    parse_quantity,
)

READING_CHARS_PER_SECOND = 20.0
TYPING_CHARS_PER_SECOND = 3.0
SLOW_FACTOR = 3.0
"""A correct answer slower than this many times the card's expected time suggests HARD."""


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


def _tolerance_text(card: NumericCard, scale: UnitScale, language: str) -> str:
    if card.relative:
        return f"±{format_number(round(card.tolerance * 100, 6), language=language)}%"
    if scale.scaled or not card.unit:
        unit = f" {card.unit}" if card.unit else ""
        return f"±{format_number(card.tolerance, language=language)}{unit}"
    return f"±{format_amount(card.tolerance, card.unit, language=language)}"


def _numeric_expected(card: NumericCard, scale: UnitScale, language: str) -> str:
    if scale.scaled:  # the author wrote the scale: "19" + "millions de dollars"
        shown = f"{format_number(card.answer, language=language, group_from=1000)} {card.unit}"
    else:
        shown = format_amount(card.answer, card.unit, language=language)
    if card.tolerance:
        shown += f" ({_tolerance_text(card, scale, language)})"
    return shown


def _with_letter_multiplier(quantity: Quantity, scale: UnitScale) -> Quantity:
    """Read "19m" as 19 million on a money card (elsewhere "m" is a metre)."""
    factor = letter_multiplier(quantity.rest) if not quantity.scaled else None
    if factor is None or not (scale.scaled or scale.unit in CURRENCIES):
        return quantity
    readings = tuple(r * factor for r in quantity.readings)
    return Quantity(readings[0], quantity.unit, "", readings[1:], True, quantity.bound)


def _grade_numeric(card: NumericCard, given: str, language: str) -> _Outcome:
    scale = split_unit(card.unit, language=language)
    expected = _numeric_expected(card, scale, language)
    quantity = parse_quantity(given, language=language)
    if quantity is None:
        reason = "not a number" if given.strip() else "no answer"
        return _Outcome(Verdict.WRONG, 0.0, expected, given, note=reason)
    quantity = _with_letter_multiplier(quantity, scale)
    low, high = card.bounds
    factors = [float(f) for f in scale.factors]
    readings = [float(r) for r in quantity.readings]
    # Absolute readings against the scaled bounds; unscaled readings in the card's own unit.
    absolute = [r for r in readings if any(low * f <= r <= high * f for f in factors)]
    in_unit = [r for r in readings if scale.scaled and not quantity.scaled and low <= r <= high]
    if not absolute and not in_unit:
        return _Outcome(Verdict.WRONG, 0.0, expected, given)
    given_unit = quantity.unit or quantity.rest or None
    if scale.unit and given_unit and not units_compatible(scale.unit, given_unit):
        if quantity.unit and scale.unit in KNOWN_UNITS:
            return _Outcome(Verdict.WRONG, 0.0, expected, given, note="wrong unit")
        return _Outcome(Verdict.ALMOST, UNIT_SCORE, expected, given, note="unit differs")
    if not absolute and given_unit:  # "19 dollars" for 19 millions de dollars
        return _Outcome(Verdict.ALMOST, UNIT_SCORE, expected, given, note="unit differs")
    exact = any(_close(r, card.answer * f) for r in absolute for f in factors)
    exact |= any(_close(r, card.answer) for r in in_unit)
    note = None
    if card.tolerance and not exact:
        note = f"within {_tolerance_text(card, scale, language)}"
    return _Outcome(Verdict.CORRECT, 1.0, expected, given, exact, note=note)


def _close(value: float, target: float) -> bool:
    return abs(value - target) <= abs(target) * 1e-9


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
