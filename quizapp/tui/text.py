"""Deck text turned into inert `Content`: markup, ANSI escapes and control codes never act."""

from __future__ import annotations

import re
from datetime import timedelta

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.content import Content

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures" block, e.g. ␛ for ESC
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def sanitize(text: str) -> str:
    """Replace control characters (ESC, BEL, CR, C1…) by visible symbols; keep newlines and tabs."""
    return _CONTROL.sub(_picture, text)


def plain(text: str, style: str = "") -> Content:
    """Deck text as Content, never parsed as markup: `[bold]` stays the five characters."""
    return Content.styled(sanitize(text), style) if style else Content(sanitize(text))


def one_line(text: str, width: int = 60) -> str:
    """A single-line, shortened version of deck text for tables, at most `width` terminal
    cells (a Chinese character takes two)."""
    flat = " ".join(sanitize(text).split())
    if len(flat) <= width // 2 or cell_len(flat) <= width:
        return flat
    return set_cell_size(flat, width - 1).rstrip() + "…"


def padded(text: str, width: int) -> str:
    """`text` shortened or padded to exactly `width` cells: labels in a column."""
    return set_cell_size(one_line(text, width), width)


def interval(delta: timedelta) -> str:
    """A short human interval such as `10m`, `3d`, `2.5mo`, `1.2y`."""
    seconds = max(delta.total_seconds(), 0.0)
    if seconds < 60:
        return f"{int(seconds)}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


def duration(seconds: float) -> str:
    """A session length such as `4m 05s`."""
    whole = int(round(seconds))
    minutes, secs = divmod(whole, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {secs:02d}s"


def percent(value: float | None) -> str:
    """`87%`, or an en dash when there is nothing to measure yet."""
    return "–" if value is None else f"{round(value * 100)}%"


def cell(text: str, style: str = "") -> Text:
    """Deck text for a DataTable cell: a Rich `Text` (measurable, never markup), sanitised.

    DataTable reads plain `str` cells as markup, so deck text always goes through here.
    """
    return Text(sanitize(text), style=style, no_wrap=True, end="")


def meter(value: float | None, width: int = 5) -> str:
    """A small text gauge such as `███░░`, for mastery in tables."""
    if value is None:
        return "░" * width
    filled = round(min(max(value, 0.0), 1.0) * width)
    return "█" * filled + "░" * (width - filled)
