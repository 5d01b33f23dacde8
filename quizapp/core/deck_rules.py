"""Small pieces of the deck format: the document tree, YAML 1.2 scalars, quotes and cloze gaps."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from quizapp.core.model import ClozeGap, ClozePart


class Scalar:
    """A YAML scalar: its text as written, its style ('' or None when plain) and position."""

    __slots__ = ("value", "style", "line", "column")

    def __init__(self, value: str, style: str | None, mark: Any) -> None:
        self.value = value
        self.style = style
        self.line: int = mark.line
        """0-based, as the parser counts."""
        self.column: int = mark.column


class Seq:
    """A YAML sequence: its items and where it starts."""

    __slots__ = ("items", "line", "column")

    def __init__(self, mark: Any) -> None:
        self.items: list[Any] = []
        self.line: int = mark.line
        self.column: int = mark.column


class Map:
    """A YAML mapping: keys and values alternate in `items` (duplicates kept for reporting)."""

    __slots__ = ("items", "line", "column")

    def __init__(self, mark: Any) -> None:
        self.items: list[Any] = []
        self.line: int = mark.line
        self.column: int = mark.column


def is_scalar(node: Any) -> bool:
    return not isinstance(node, Seq | Map)


def is_plain(node: Any) -> bool:
    """A plain (unquoted, non-block) scalar; libyaml says style '', pure-Python PyYAML None."""
    return not isinstance(node, Seq | Map) and not node.style


def mark_of(node: Any) -> tuple[int, int]:
    """1-based (line, column) where the node starts."""
    return node.line + 1, node.column + 1


_INT = re.compile(r"[-+]?[0-9]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_OCT = re.compile(r"0o[0-7]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".nan": float("nan"),
}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def parse_number(text: str) -> int | float | None:
    """A YAML 1.2 core-schema number (what editors see), or None."""
    if _INT.fullmatch(text):
        # Python refuses to convert very long digit strings; as a float they become inf.
        return int(text) if len(text) <= 1000 else float(text)
    # Only YAML's own forms: Python's int() would also read 0x-1, 0x 1, 0x1_0 or Arabic digits.
    if _HEX.fullmatch(text) or _OCT.fullmatch(text):
        return int(text[2:], 16 if text[1] == "x" else 8)
    if _FLOAT.fullmatch(text):
        return float(text)
    return _SPECIAL_FLOATS.get(text.lower())


def plain_bool(node: Any) -> bool | None:
    """True/False for a plain `true`/`false` scalar (YAML 1.2: no yes/no/on/off), else None."""
    if is_plain(node):
        return _BOOLS.get(node.value)
    return None


_SEPARATED_NUMBER = re.compile(r"[-+]?[0-9][0-9_ ,.\u00a0\u202f']*[0-9]")


def separated_number(text: str) -> bool:
    """Digits with separators (1_000, 10 000, 1,5): meant as a number, read by YAML as text."""
    return _SEPARATED_NUMBER.fullmatch(text.strip()) is not None


def article(word: str) -> str:
    """ "a" or "an" before a kind's name ("an order card")."""
    return "an" if word[:1] in "aeiou" else "a"


def describe(node: Any) -> str:
    """What a node is, for 'expected …, got …' messages."""
    if isinstance(node, Seq):
        return "a list"
    if isinstance(node, Map):
        return "a mapping"
    if not is_plain(node):
        return f"text '{short(node.value)}'"
    value = node.value
    if value in NULLS:
        return "nothing"
    if value in _BOOLS:
        return f"a boolean ({value})"
    if parse_number(value) is not None:
        return "a number"
    return f"text '{short(value)}'"


def short(text: str) -> str:
    """User text as echoed in a message: at most 40 characters, control characters escaped."""
    return printable(text if len(text) <= 40 else text[:39] + "…")


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """Text safe to print in a one-line message: control characters written as `\\x1b`.

    A key or kind written with YAML escapes (`"\\e]0;title\\a": 1`) holds real control
    characters; echoed as they are, they would retitle or recolour the terminal that runs
    `quizapp lint`, and a newline would split the `path:line:col: message` line.
    """
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain_data(node: Any) -> Any:
    """The tree as JSON-like data with YAML 1.2 core scalars, as a schema-aware editor reads it."""
    if isinstance(node, Seq):
        return [plain_data(item) for item in node.items]
    if isinstance(node, Map):
        items = node.items
        return {
            str(plain_data(items[i])): plain_data(items[i + 1]) for i in range(0, len(items), 2)
        }
    if not is_plain(node):
        return node.value
    value = node.value
    if value in NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    number = parse_number(value)
    return value if number is None else number


HINT_CHARS = 200
"""Texts longer than this are not compared for a "did you mean" hint: difflib's cost grows
with the product of the lengths (1,000 options of 10,000 characters took a minute)."""


def closest(name: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """The choice `name` is most likely a slip for, if one is close enough."""
    short_choices = [choice for choice in choices if len(choice) <= HINT_CHARS]
    if len(name) > HINT_CHARS:
        short_choices = []
    close = get_close_matches(name, short_choices, n=1, cutoff=0.6)
    if not close:
        close = [choice for choice in choices if choice.lower() == name.lower()]
    return close[0] if close else None


def did_you_mean(name: str, choices: tuple[str, ...] | list[str]) -> str:
    return suggest(closest(name, choices))


def suggest(close: str | None) -> str:
    """The " (did you mean …?)" hint for what `closest` found, or nothing."""
    return f" (did you mean '{short(close)}'?)" if close is not None else ""


_QUOTE_CHARS = str.maketrans(
    {
        "\u2019": "'",  # ’
        "\u2018": "'",  # ‘
        "\u201a": "'",  # ‚
        "\u02bc": "'",  # ʼ
        "\u2039": "'",  # ‹
        "\u203a": "'",  # ›
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
    }
)
_GUILLEMET_INNER_SPACE = re.compile(r"(«)\s+|\s+(»)")


def normalize_quote(text: str) -> str:
    """Text as compared for source quotes: composed accents, typographic quotes made straight,
    whitespace collapsed.

    French guillemets carry (non-breaking) spaces inside, `« mot »`; they are dropped so that a
    quote typed with straight quotes, `"mot"`, still matches.
    """
    text = unicodedata.normalize("NFC", text)  # accents typed as e + U+0301 (macOS, PDFs)
    text = _GUILLEMET_INNER_SPACE.sub(lambda m: m.group(1) or m.group(2), text)
    return " ".join(text.translate(_QUOTE_CHARS).split())


_GAP = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class ClozeProblem:
    """What is wrong with a cloze text, and the piece of it at fault (to point at)."""

    message: str
    piece: str = ""


def parse_cloze(text: str) -> tuple[tuple[ClozePart, ...], ClozeProblem | None]:
    """Split cloze text into literal strings and gaps; the second value is a problem, if any."""
    parts: list[ClozePart] = []
    position = 0
    for found in _GAP.finditer(text):
        literal = text[position : found.start()]
        if "}}" in literal:
            return (), _stray_close(literal)
        gap = found.group()
        spellings = [spelling.strip() for spelling in found.group(1).split("|")]
        if not spellings[0] and len(spellings) == 1:
            message = "empty gap '{{}}' in cloze text: write the answer between the braces"
            return (), ClozeProblem(message, gap)
        if not all(spellings):
            return (), ClozeProblem(f"empty spelling in gap '{gap}': remove the extra '|'", gap)
        if "{{" in found.group(1):
            return (), ClozeProblem(f"gap '{gap}' opens twice: close each gap with '}}}}'", gap)
        if literal:
            parts.append(literal)
        parts.append(ClozeGap(spellings[0], tuple(spellings[1:])))
        position = found.end()
    tail = text[position:]
    if "{{" in tail:
        opened = _one_line(tail[tail.index("{{") :])
        return (), ClozeProblem(
            f"unclosed gap '{opened}' in cloze text: '{{{{' without '}}}}'", opened
        )
    if "}}" in tail:
        return (), _stray_close(tail)
    if not parts:
        return (), ClozeProblem("cloze text has no gap: write {{answer}}")
    if tail:
        parts.append(tail)
    return tuple(parts), None


def _stray_close(literal: str) -> ClozeProblem:
    before = _one_line(literal[: literal.index("}}") + 2][::-1])[::-1]
    return ClozeProblem(f"'}}}}' without a matching '{{{{' in cloze text, at '{before}'", before)


def _one_line(text: str, width: int = 20) -> str:
    """The start of `text` on its first line, for a message and to find it in the file."""
    return text.split("\n", 1)[0][:width]
