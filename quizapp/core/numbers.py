"""Reads numbers, amounts and dates written the French or the English way.

What `parse_quantity` understands, in order (case, accents and no-break spaces are ignored):

- Hedges at the start, which are dropped: approximations ("près de", "environ", "about",
  "nearly", "~"), neutral words ("en", "le", "in", "on", "the") and bounds ("plus de", "plus
  d'", "au moins", "more than", "over", "at least" read as `bound="over"`; "moins de",
  "jusqu'à", "less than", "under", "up to" as `bound="under"`). "plus d'un million" reads as
  1 000 000 with `bound="over"`; grading decides what a bound means (see `matching`).
- A currency before the number: `$`, `US$`, `USD`, `€`, `£`, `¥`, `RMB`, …; or `x`/`×`
  ("x50" is "50x", as French writes it).
- The number, in digits or in words.
  Digits: `10000`, `10 000` (any space, also `10'000`), `10,000,000`, `10.000.000`, `1,000.5`,
  `1.000,5`, `10 000,5`, `1,5` and `1.5` (decimals), `1e12`. A single separator followed by
  exactly three digits (`1,000`, `1.000`) follows the deck language. In English (and every
  language other than French) `1,000` is 1000 and `1.000` is 1. In French, where learners type
  both conventions, it is ambiguous: `1,000` reads as 1 and `1.000` as 1000, and the other
  reading is kept in `Quantity.alternatives`; grading accepts an answer under either reading.
  Words (both languages, whatever the deck language): zéro/un/une … seize, vingt … soixante,
  soixante-dix, quatre-vingt(s), septante/huitante/octante/nonante, cent(s), mille; zero/one …
  nineteen, twenty … ninety, hundred, thousand; "a"/"an" before hundred/thousand/scale words.
- Multipliers: `k`, `mn`/`mln`/`mio`, `bn`, `md`/`mds`/`mrd` (milliard), `tn`; `M`, `B`, `T`
  as capitals, or as small letters next to a currency (`$19m`); and the words thousand, million,
  milliard, billion, trillion, mille, hundred (several multiply: "mille milliards").
  `billion` is 10^9 in `en` and 10^12 in `fr` (long scale), with 10^9 kept as an alternative
  in French; likewise `trillion` (10^12 in `en`, 10^18 then 10^12 in `fr`).
- A unit after the number, after an optional "de"/"d'"/"of": currencies (dollars, yuans,
  euros, …, or the symbols), `%` ("pour cent", "percent") and `x` ("fois", "times", "fold").
- Any other words left over (`rest`, e.g. "puce" in "10 000 puces"), lowercased, without accents,
  without a leading "de"/"of" and with each word's final "s" dropped. They are accepted only
  after digits, a multiplier, a known unit, several number words or a number word other than
  un/une/one ("trois ans", "dix mille puces"), so "un porcelet" is not a quantity.

Dates are in `dates.py`; units with a multiplier ("millions de dollars") and the writing of
numbers are in `amounts.py`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from quizapp.core.normalize import primary_language, strip_accents


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number read from text, with what followed it."""

    value: Decimal
    """The preferred reading for the language."""
    unit: str | None = None
    """Canonical unit: "USD", "CNY", "EUR", "GBP", "JPY", "¥", "%" or "x"; None when absent."""
    rest: str = ""
    """Other words after the number, normalised ("puce" for "10 000 puces")."""
    alternatives: tuple[Decimal, ...] = ()
    """Other readings of an ambiguous form (`1,000` in French, `billion`)."""
    scaled: bool = False
    """A multiplier was written: "19 millions", "$19M", "10k"."""
    bound: str | None = None
    """"over" after "plus de"/"more than", "under" after "moins de"/"less than", else None."""

    @property
    def readings(self) -> tuple[Decimal, ...]:
        return (self.value, *self.alternatives)


UNITS: dict[str, tuple[str, ...]] = {
    "USD": ("dollars americains", "dollar americain", "dollars des etats unis", "dollars us")
    + ("us dollars", "us dollar", "u.s. dollars", "dollars", "dollar", "usd", "us$", "$us")
    + ("u.s.$", "$"),
    "CNY": ("yuans", "yuan", "renminbi", "rmb", "cny", "cn¥"),
    "EUR": ("euros", "euro", "eur", "€"),
    "GBP": ("livres sterling", "livre sterling", "pounds sterling", "pounds", "pound", "gbp", "£"),
    "JPY": ("yens", "yen", "jpy", "jp¥"),
    "¥": ("¥",),
    "%": ("pour cent", "pourcent", "percent", "per cent", "pct", "%"),
    "x": ("fois", "times", "fold", "x", "×"),
}
"""Canonical unit -> the ways of writing it (lowercase, no accents)."""
KNOWN_UNITS = frozenset(UNITS)
CURRENCIES = frozenset(("USD", "CNY", "EUR", "GBP", "JPY", "¥"))

_UNIT_LOOKUP = sorted(
    ((spelling, unit) for unit, spellings in UNITS.items() for spelling in spellings),
    key=lambda pair: -len(pair[0]),
)
_APPROXIMATIONS = (
    "a peu pres", "pres de", "pres d'", "autour de", "autour d'", "environ", "presque",
    "quasiment", "vers", "en", "le", "about", "around", "nearly", "almost", "approximately",
    "approx.", "approx", "roughly", "some", "circa", "in", "on", "the", "~", "≈",
)  # fmt: skip
_OVER = (
    "plus de", "plus d'", "au moins", "more than", "over", "at least", "above", "upwards of",
    ">", "≥",
)  # fmt: skip
_UNDER = (
    "moins de", "moins d'", "jusqu'a", "au plus", "less than", "fewer than", "under", "up to",
    "at most", "below", "<", "≤",
)  # fmt: skip
_HEDGES = sorted(
    [(h, None) for h in _APPROXIMATIONS]
    + [(h, "over") for h in _OVER]
    + [(h, "under") for h in _UNDER],
    key=lambda pair: -len(pair[0]),
)
PREFIX_CURRENCY = re.compile(r"(us ?\$|\$ ?us|u\.s\. ?\$|cn¥|jp¥|usd|eur|gbp|cny|rmb|jpy|[$€£¥])")
_DIGITS = re.compile(r"\d[\d.,' ]*\d|\d")
_EXPONENT = re.compile(r"e([+-]?\d+)(?![a-z\d])")
_ABBREVIATION = re.compile(r" ?(k|mln|mio|mn|mrds|mrd|mds|md|bn|tn|m|b|t)(?![a-z])")
_ABBREVIATION_SCALE = {"k": 3, "mln": 6, "mio": 6, "mn": 6, "m": 6, "mrds": 9, "mrd": 9}
_ABBREVIATION_SCALE |= {"mds": 9, "md": 9, "bn": 9, "b": 9, "tn": 12, "t": 12}
_SCALE_WORD = re.compile(
    r"[ -](mille|thousands?|hundreds?|millions?|milliards?|billions?|trillions?)(?![a-z])"
)
_SMALL = {"zero": 0, "un": 1, "une": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3}
_SMALL |= {"quatre": 4, "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7}
_SMALL |= {"huit": 8, "eight": 8, "neuf": 9, "nine": 9, "dix": 10, "ten": 10, "onze": 11}
_SMALL |= {"eleven": 11, "douze": 12, "twelve": 12, "treize": 13, "thirteen": 13}
_SMALL |= {"quatorze": 14, "fourteen": 14, "quinze": 15, "fifteen": 15, "seize": 16}
_SMALL |= {"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"vingt": 20, "vingts": 20, "twenty": 20, "trente": 30, "thirty": 30, "quarante": 40}
_TENS |= {"forty": 40, "cinquante": 50, "fifty": 50, "soixante": 60, "sixty": 60}
_TENS |= {"septante": 70, "seventy": 70, "huitante": 80, "octante": 80, "eighty": 80}
_TENS |= {"nonante": 90, "ninety": 90}
_WORD = re.compile(r"[a-z']+")
_A_BEFORE = ("hundred", "thousand", "million", "billion", "trillion")


def prepare_text(text: str) -> str:
    """Lowercase, fold spaces and quotes, drop accents; keeps "-" as a minus sign."""
    folded = unicodedata.normalize("NFKC", text)
    folded = re.sub("[’‘ʼ´`′]", "'", folded)
    folded = re.sub('[«»“”„″"]', " ", folded).replace("−", "-").replace("–", "-")
    folded = strip_accents(folded).casefold()
    folded = re.sub(r"\s+", " ", folded)
    return folded.strip(" ,;:!?()[]'…").rstrip(".").strip()


def strip_hedges(prepared: str) -> tuple[str, str | None]:
    """Drop leading hedges from `prepare_text` output; returns the rest and the last bound."""
    bound: str | None = None
    changed = True
    while changed:
        changed = False
        for hedge, direction in _HEDGES:
            if prepared.startswith(hedge):
                rest = prepared[len(hedge) :]
                if hedge[-1] in "'~≈<>≤≥" or rest.startswith(" "):
                    prepared, changed = rest.strip(), True
                    bound = direction or bound
                    break
    return prepared, bound


def _scale_readings(word: str, language: str) -> tuple[Decimal, ...]:
    stem = word.rstrip("s") if word not in ("mille",) else word
    long_scale = primary_language(language) == "fr"
    exponents = {
        "mille": (3,),
        "thousand": (3,),
        "hundred": (2,),
        "million": (6,),
        "milliard": (9,),
        "billion": (12, 9) if long_scale else (9,),
        "trillion": (18, 12) if long_scale else (12,),
    }[stem]
    return tuple(Decimal(10) ** e for e in exponents)


def _digit_readings(token: str, language: str) -> tuple[Decimal, ...] | None:
    """Read a run of digits and separators; None when its grouping is not a number's."""
    token = token.strip()
    grouped = re.fullmatch(r"(\d{1,3}(?:[ ']\d{3})+)(?:[.,](\d+))?", token)
    if grouped:
        whole = re.sub("[ ']", "", grouped.group(1))
        return (Decimal(f"{whole}.{grouped.group(2) or 0}"),)
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", token):
        return None
    marks = [c for c in token if c in ".,"]
    if not marks:
        return (Decimal(token),)
    if len(marks) == 1:
        head, tail = token.split(marks[0])
        decimal = Decimal(f"{head}.{tail}")
        if len(tail) != 3 or head.startswith("0"):
            return (decimal,)
        thousands = Decimal(head + tail)
        if primary_language(language) != "fr":
            return (decimal,) if marks[0] == "." else (thousands,)
        return (decimal, thousands) if marks[0] == "," else (thousands, decimal)
    group_mark = marks[0]
    whole, fraction = token, "0"
    if marks[-1] != group_mark:
        if marks.count(marks[-1]) != 1:
            return None
        whole, fraction = token.rsplit(marks[-1], 1)
    groups = whole.split(group_mark)
    if len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        return None
    return (Decimal(f"{''.join(groups)}.{fraction}"),)


def _word_number(text: str) -> tuple[int, int] | None:
    """Read number words at the start of `text`; returns (value, characters consumed)."""
    total = current = 0
    consumed = 0
    seen = False
    position = 0
    while True:
        gap = re.match(r"[ -]*", text[position:])
        start = position + (gap.end() if gap else 0)
        match = _WORD.match(text, start)
        if not match:
            break
        word = match.group()
        following = _WORD.match(text, match.end() + 1)
        next_word = following.group() if following else ""
        if word in ("et", "and") and seen and (next_word in _SMALL or next_word in _TENS):
            position = match.end()
            continue
        if word in ("a", "an") and not seen and next_word in _A_BEFORE:
            current, seen = 1, True
        elif word in _SMALL:
            value = _SMALL[word]
            if value == 0:
                fits = not seen
            elif value >= 10:
                fits = current % 100 in (0, 60, 80)
            else:
                fits = current % 10 == 0
            if not fits:
                break
            current += value
        elif word in _TENS:
            if word.startswith("vingt") and current % 100 == 4:
                current += 76
            elif current % 100 == 0:
                current += _TENS[word]
            else:
                break
        elif word in ("cent", "cents", "hundred") and current < 100:
            current = max(current, 1) * 100
        elif word in ("mille", "thousand") and total == 0:
            total, current = max(current, 1) * 1000, 0
        else:
            break
        seen = True
        position = consumed = match.end()
    return (total + current, consumed) if seen else None


def _match_unit(text: str) -> tuple[str, int] | None:
    """Match a unit at the start of `text` (after an optional "de"/"d'"/"of")."""
    connector = re.match(r"(?:de |d'|of )?", text)
    start = connector.end() if connector else 0
    for spelling, unit in _UNIT_LOOKUP:
        if text.startswith(spelling, start):
            end = start + len(spelling)
            if spelling[-1].isalpha() and re.match(r"[a-z]", text[end : end + 1]):
                continue
            return unit, end
    return None


def _clean_rest(text: str) -> str:
    words = re.sub(r"^(?:de |d'|of )", "", text.replace("-", " ").strip()).split()
    return " ".join(w[:-1] if len(w) > 2 and w.endswith("s") else w for w in words)


def parse_quantity(text: str, *, language: str = "en") -> Quantity | None:
    """Read a number with an optional multiplier and unit; None when `text` is not one.

    Args:
        text: what the learner or the deck author wrote.
        language: BCP 47 code; decides ambiguous separators and the billion scale.

    Returns:
        The quantity, or None (never raises).
    """
    try:
        return _parse_quantity(text, language)
    except (ArithmeticError, ValueError, KeyError, IndexError):
        return None


def _parse_quantity(text: str, language: str) -> Quantity | None:
    raw, bound = strip_hedges(prepare_text(text))
    unit: str | None = None
    negative = raw.startswith("-")  # "-$5", "-5"
    raw = raw.lstrip("+-").strip()
    prefix = PREFIX_CURRENCY.match(raw)
    if prefix and re.match(r" ?[-+]?[\d.,]", raw[prefix.end() :]):
        unit = next(u for s, u in _UNIT_LOOKUP if s == prefix.group().replace(" ", ""))
        raw = raw[prefix.end() :].strip()
    elif times := re.match(r"[x×] ?(?=\d)", raw):
        unit, raw = "x", raw[times.end() :]
    negative = negative != raw.startswith("-")
    raw = raw.lstrip("+-").strip()
    readings: tuple[Decimal, ...]
    digits = _DIGITS.match(raw)
    if digits:
        found = _digit_readings(digits.group(), language)
        if found is None:
            return None
        readings, position = found, digits.end()
        exponent = _EXPONENT.match(raw, position)
        if exponent:
            readings = tuple(r.scaleb(int(exponent.group(1))) for r in readings)
            position = exponent.end()
        has_digits, several_words = True, False
    else:
        words = _word_number(raw)
        if words is None:
            return None
        readings, position = (Decimal(words[0]),), words[1]
        several_words = bool(re.search(r"[ -]", raw[:position])) or words[0] != 1
        has_digits = False
    scaled = False
    abbreviation = _ABBREVIATION.match(raw, position)
    if abbreviation and has_digits:
        letters = abbreviation.group(1)
        after = raw[abbreviation.end() :]
        capital = rf"\d ?{letters.upper()}(?![A-Za-z])"
        upper = re.search(capital, unicodedata.normalize("NFKC", text)) is not None
        currency_near = unit is not None or (_match_unit(after.strip()) or ("", 0))[0] in CURRENCIES
        if len(letters) > 1 or letters == "k" or upper or currency_near:
            factor = Decimal(10) ** _ABBREVIATION_SCALE[letters]
            readings = tuple(r * factor for r in readings)
            position, scaled = abbreviation.end(), True
    while scale := _SCALE_WORD.match(raw, position):
        factors = _scale_readings(scale.group(1), language)
        readings = tuple(r * f for f in factors for r in readings)
        position, scaled = scale.end(), True
    rest = raw[position:].strip(" -")
    if matched := _match_unit(rest):
        unit, end = unit or matched[0], matched[1]
        rest = rest[end:].strip()
    if _word_number(rest):
        return None
    rest = _clean_rest(rest)
    if re.search(r"\d", rest) or (rest and not (has_digits or several_words or scaled or unit)):
        return None
    ordered = tuple(dict.fromkeys(-r if negative else r for r in readings))
    return Quantity(ordered[0], unit, rest, ordered[1:], scaled, bound)


def canonical_unit(text: str | None) -> str | None:
    """Return the canonical unit for a unit as written ("dollars" -> "USD"), else its clean form."""
    if not text or not text.strip():
        return None
    prepared = prepare_text(text)
    matched = _match_unit(prepared)
    if matched and matched[1] == len(prepared):
        return matched[0]
    return _clean_rest(prepared) or None


def letter_multiplier(rest: str) -> Decimal | None:
    """The multiplier of a lone abbreviation left over by `parse_quantity` ("m" in "19m")."""
    exponent = _ABBREVIATION_SCALE.get(rest.strip())
    return None if exponent is None else Decimal(10) ** exponent
