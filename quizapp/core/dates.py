"""Reads full or partial dates written the French or the English way.

`parse_date` understands (case, accents and no-break spaces are ignored):

- "28 janvier 2022", "1er mai 2024", "January 28, 2022", "Jan. 27th", "27th of January",
  "27 janvier", "mai 2024", "May 2024", with an optional weekday first ("lundi 27 janvier").
- "2025-01-27", "2024-05", "05/2024", "27/01/2025", "27.01.2025", "27/01".
- Two-digit years after a day and a month: "4/10/57", "04.10.57". The pivot is fixed (the
  core reads no clock): 00-49 are 2000-2049 and 50-99 are 1950-1999, so "57" is 1957 (Sputnik)
  and "25" is 2025.
- Numeric day/month order: day first in French, month first in English, swapped when only the
  other order is a date ("27/01/2025" is 27 January in English too).
- Leading words that do not change the date: the hedges of `numbers.strip_hedges` ("le", "en",
  "in", "on", "the", "vers", "about", …) and "au mois de", "in the month of", "during",
  "pendant".

A month alone and a year alone are not dates ("Mars" may be the planet, "2022" a number).
`strip_time_preposition` removes "on"/"in"/"en"/"le"/"au mois de"… before a date, a year, a
month or a weekday, for comparing typed answers ("on Monday" = "Monday").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from quizapp.core.normalize import primary_language
from quizapp.core.numbers import prepare_text, strip_hedges


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date, possibly partial ("mai 2024" has no day, "27 janvier" no year)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None


TWO_DIGIT_YEAR_PIVOT = 50
"""Two-digit years below this are 20xx, the others 19xx."""

_MONTHS = {"janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4}
_MONTHS |= {"avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9}
_MONTHS |= {"sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12}
_MONTHS |= {"dec": 12, "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3}
_MONTHS |= {"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7}
_MONTHS |= {"august": 8, "aug": 8, "september": 9, "sep": 9, "october": 10, "november": 11}
_MONTHS |= {"december": 12}
_WEEKDAY_NAMES = frozenset(
    ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "monday")
    + ("tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
)
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAYS = "(?:" + "|".join(sorted(_WEEKDAY_NAMES)) + "),? "
_DAY = r"(\d{1,2})(?:er|re|e|st|nd|rd|th)?"
_DATE_FORMS = (
    ("ymd", re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")),
    ("ym", re.compile(r"(\d{4})-(\d{1,2})")),
    ("numeric", re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})")),
    ("numeric", re.compile(r"(\d{1,2})(/)(\d{1,2})()")),
    ("my", re.compile(r"(\d{1,2})/(\d{4})")),
    ("dmy", re.compile(_DAY + r" (?:of )?" + _MONTH + r"(?:,? (\d{4}))?")),
    ("mdy", re.compile(_MONTH + r" " + _DAY + r"(?:,? (\d{4}))?")),
    ("my", re.compile(_MONTH + r" (?:de |of )?(\d{4})")),
)
_DATE_LEAD = re.compile(r"(?:au mois d(?:e |')|(?:in )?(?:the )?month of |during |pendant )")
_TIME_PREPOSITION = re.compile(
    r"\s*(?:(?:au\s+mois\s+d(?:e\s+|['’])|in\s+the\s+month\s+of\s+|during\s+|pendant\s+"
    r"|on\s+|in\s+|en\s+|le\s+|the\s+)\s*)+",
    re.IGNORECASE,
)


def parse_date(text: str, *, language: str = "en") -> DateValue | None:
    """Read a full or partial date (forms in the module docstring); None when it is not one."""
    try:
        return _parse_date(text, language)
    except (ValueError, KeyError, OverflowError):
        return None


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < TWO_DIGIT_YEAR_PIVOT else 1900
    return year


def _parse_date(text: str, language: str) -> DateValue | None:
    raw = strip_hedges(prepare_text(text))[0]
    raw = re.sub("^" + _WEEKDAYS, "", _DATE_LEAD.sub("", raw, count=1))
    for order, pattern in _DATE_FORMS:
        match = pattern.fullmatch(raw)
        if not match:
            continue
        fields = match.groups()
        if order in ("my", "ym"):
            year_text, month_text = fields[::-1] if order == "my" else fields
            month = _MONTHS.get(month_text) or int(month_text)
            return DateValue(int(year_text), month) if 1 <= month <= 12 else None
        year: int | None
        if order == "ymd":
            year, month, day = int(fields[0]), int(fields[1]), int(fields[2])
        elif order == "mdy":
            month, day = _MONTHS[fields[0]], int(fields[1])
            year = int(fields[2]) if fields[2] else None
        elif order == "numeric":
            first, second = int(fields[0]), int(fields[2])
            year = _full_year(fields[3]) if fields[3] else None
            day, month = (first, second) if primary_language(language) == "fr" else (second, first)
            if month > 12 >= day:
                day, month = month, day
        else:
            day, month = int(fields[0]), _MONTHS[fields[1]]
            year = int(fields[2]) if fields[2] else None
        if not 1 <= month <= 12:
            return None
        longest = calendar.monthrange(year or 2024, month)[1]
        return DateValue(year, month, day) if 1 <= day <= longest else None
    return None


def _is_time_word(text: str, language: str) -> bool:
    """A date, a year, a month or a weekday: what a time preposition may introduce."""
    prepared = prepare_text(text)
    if prepared in _MONTHS or prepared in _WEEKDAY_NAMES:
        return True
    if re.fullmatch(r"[12]\d{3}", prepared):
        return True
    return parse_date(text, language=language) is not None


def strip_time_preposition(text: str, *, language: str = "en") -> str:
    """Drop "on", "in", "en", "le", "au mois de"… before a date, year, month or weekday.

    Anything else is returned unchanged ("On Liberty" stays a title).
    """
    match = _TIME_PREPOSITION.match(text)
    if not match or not match.group().strip():
        return text
    rest = text[match.end() :]
    return rest if rest.strip() and _is_time_word(rest, language) else text
