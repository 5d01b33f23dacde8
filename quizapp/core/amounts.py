"""Amounts: writes numbers as French or English readers expect, reads multipliers in units.

- `split_unit`: a card's unit that carries a multiplier ("millions de dollars", "billion
  dollars", "M$", "k€") is that multiplier and the thing counted (`UnitScale`).
- `format_number`: `1 000 000,5` in French (narrow no-break spaces), `1,000,000.5` in English;
  numbers below 10 000 are not grouped, so years read as years ("2022").
- `format_amount`: a number with its unit. A large round number takes a scale word, the
  largest one that leaves at most two decimals: "19 millions de dollars", "1 000 milliards de
  dollars", "1 million de GPU" in French (scales: million, milliard, so 10^12 is "1 000
  milliards" as French newspapers write it, never the long-scale "billion"); "19 million
  dollars", "1 trillion dollars", "$600 billion" in English (million, billion, trillion).
  English puts a currency symbol first ("$19 million"); French puts every unit after.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from quizapp.core.normalize import primary_language, strip_accents
from quizapp.core.numbers import PREFIX_CURRENCY, canonical_unit, parse_quantity, prepare_text

SCALE_FROM = Decimal(10) ** 6
"""Numbers from here up are written with a scale word when round enough..."""
SCALE_UP_TO = Decimal(10) ** 21
"""...and below here (beyond, "1 000 000 trillion" helps nobody)."""
_SCALES = {
    "fr": ((9, "milliard"), (6, "million")),
    "en": ((12, "trillion"), (9, "billion"), (6, "million")),
}
_PREFIX_SYMBOLS = frozenset(("$", "US$", "€", "£", "¥"))


def _as_decimal(value: object) -> Decimal | None:
    try:
        if isinstance(value, float):
            return Decimal(repr(value))
        return Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        return None


def format_number(
    value: float | int | Decimal, *, language: str = "en", group_from: int = 10_000
) -> str:
    """Write a number for a learner: `1 000 000,5` in French, `1,000,000.5` in English.

    Numbers below `group_from` are not grouped, so years read as years ("2022"). Anything that
    is not a finite number (a hand-built card may hold one) is written with `str`.
    """
    number = _as_decimal(value)
    if number is None or not number.is_finite():
        return str(value)
    grouping = "," if abs(number) >= group_from else ""
    if number == number.to_integral_value():
        text = f"{int(number):{grouping}}"
    else:
        text = f"{number.normalize():{grouping}f}"
    if primary_language(language) == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def _with_scale(number: Decimal, language: str) -> str | None:
    """Write a large round number with a scale word (19 millions); None when none fits."""
    french = primary_language(language) == "fr"
    for exponent, word in _SCALES["fr" if french else "en"]:
        mantissa = number / Decimal(10) ** exponent
        if abs(mantissa) >= 1 and mantissa == round(mantissa, 2):
            shown = format_number(mantissa, language=language, group_from=1000)
            plural = "s" if french and abs(mantissa) >= 2 else ""
            return f"{shown} {word}{plural}"
    return None


def _unit_after(text: str, unit: str, *, scaled: bool, french: bool) -> str:
    if unit == "%":
        return f"{text}%"
    if french and scaled and unit[:1].isalpha():
        initial = strip_accents(unit[:1]).lower()
        return f"{text} d'{unit}" if initial in "aeiouh" else f"{text} de {unit}"
    return f"{text} {unit}"


def format_amount(value: float | int | Decimal, unit: str | None, *, language: str = "en") -> str:
    """Write `value` with its unit as written by the deck ("dollars", "$", "GPUs", "%")."""
    french = primary_language(language) == "fr"
    number = _as_decimal(value)
    scaled = None
    if number is not None and number.is_finite() and SCALE_FROM <= abs(number) < SCALE_UP_TO:
        scaled = _with_scale(number, language)
    text = scaled or format_number(value, language=language)
    unit = (unit or "").strip()
    if not unit:
        return text
    if not french and unit in _PREFIX_SYMBOLS:
        return f"-{unit}{text[1:]}" if text.startswith("-") else f"{unit}{text}"
    return _unit_after(text, unit, scaled=scaled is not None, french=french)


@dataclass(frozen=True, slots=True)
class UnitScale:
    """A card's unit split into its multiplier and what is counted."""

    factors: tuple[Decimal, ...] = (Decimal(1),)
    """The multiplier's readings, preferred first ("billion" in French: 10^12, then 10^9)."""
    unit: str | None = None
    """What is counted: a canonical unit ("USD") or clean words ("gpu"); None when nothing."""

    @property
    def scaled(self) -> bool:
        return self.factors != (Decimal(1),)


def split_unit(unit: str | None, *, language: str = "en") -> UnitScale:
    """Split "millions de dollars" into 10^6 and "USD"; a unit without a multiplier has 1.

    A letter alone ("m", "T", "k") is a unit such as the metre or the tesla, not a multiplier;
    next to a currency it is one ("M$", "$M", "k€").
    """
    if not unit or not unit.strip():
        return UnitScale()
    prepared = prepare_text(unit)
    if prepared not in ("k", "m", "b", "t"):
        candidates = [f"1 {unit}"]
        if prefix := PREFIX_CURRENCY.match(prepared):
            candidates.append(f"{prefix.group()}1{prepared[prefix.end() :]}")
        for candidate in candidates:
            quantity = parse_quantity(candidate, language=language)
            if quantity and quantity.scaled and quantity.value > 0 and not quantity.bound:
                return UnitScale(quantity.readings, quantity.unit or quantity.rest or None)
    return UnitScale(unit=canonical_unit(unit))
