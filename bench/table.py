"""The one table `run.py` prints: each figure, its same-run reference, the ratio, the target."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

NOT_BUILT = "n/a (not built yet)"


@dataclass(frozen=True, slots=True)
class Figure:
    """A measured value (median of several runs) or the reason there is none."""

    value: float | None
    unit: str
    """`s`, `ms` or `MiB`: how `text` prints the value."""
    runs: int = 0
    note: str = ""
    """Shown instead of the value when there is none (`n/a (not built yet)`, `failed: …`)."""

    @property
    def text(self) -> str:
        if self.value is None:
            return self.note or "n/a"
        if self.unit == "s":
            shown = f"{self.value:.2f} s"
        elif self.unit == "ms":
            shown = f"{self.value * 1000:.2f} ms" if self.value < 1 else f"{self.value:.2f} s"
        else:
            shown = (
                f"{self.value:.1f} {self.unit}"
                if self.value < 10
                else f"{self.value:.0f} {self.unit}"
            )
        return f"{shown} (n={self.runs})" if self.runs > 1 else shown


def median_figure(values: Sequence[float], unit: str, note: str = "") -> Figure:
    if not values:
        return Figure(None, unit, note=note or "n/a")
    return Figure(statistics.median(values), unit, runs=len(values))


def missing(unit: str, note: str = NOT_BUILT) -> Figure:
    return Figure(None, unit, note=note)


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table."""

    figure: str
    ours: Figure
    reference_name: str
    reference: Figure
    target: float | None
    """The highest acceptable ratio ours/reference."""

    @property
    def ratio(self) -> float | None:
        if self.ours.value is None or not self.reference.value:
            return None
        return self.ours.value / self.reference.value

    @property
    def verdict(self) -> str:
        ratio = self.ratio
        if ratio is None or self.target is None:
            return ""
        return "ok" if ratio <= self.target else "over"

    def cells(self) -> list[str]:
        ratio = self.ratio
        return [
            self.figure,
            self.ours.text,
            f"{self.reference_name}: {self.reference.text}",
            "" if ratio is None else f"{ratio:.2f}×",
            "" if self.target is None else f"≤ {self.target:g}×",
            self.verdict,
        ]


HEADER = ["figure", "quizapp", "reference (same run)", "ratio", "target", ""]


def render(rows: Sequence[Row]) -> str:
    """A Markdown table, padded so it also reads well in a terminal."""
    lines = [HEADER] + [row.cells() for row in rows]
    widths = [max(len(line[column]) for line in lines) for column in range(len(HEADER))]

    def format_line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([format_line(lines[0]), rule] + [format_line(line) for line in lines[1:]])
