"""A review calendar: one cell per day, weeks as columns, darker for more answers."""

from __future__ import annotations

from datetime import date, timedelta

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

LEVEL_STYLES = (
    "$border-blurred",
    "$success-darken-3",
    "$success-darken-1",
    "$success",
    "$success-lighten-2",
)
DAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def level(count: int, peak: int) -> int:
    """0 for no answers, else 1–4 by quarter of the busiest day."""
    if count <= 0 or peak <= 0:
        return 0
    return min(4, 1 + (4 * (count - 1)) // max(peak, 1))


class Heatmap(Widget):
    """Set `counts` and `today`; it fits as many weeks as its width allows (up to `weeks`)."""

    DEFAULT_CSS = """
    Heatmap { height: 9; width: 1fr; }
    """

    counts: reactive[dict[date, int]] = reactive(dict, always_update=True)
    today: reactive[date] = reactive(date(2026, 1, 1))
    weeks = 26

    def render(self) -> Content:
        width = max(self.size.width - 4, 2)
        weeks = max(1, min(self.weeks, width // 2))
        last_monday = self.today - timedelta(days=self.today.weekday())
        first = last_monday - timedelta(weeks=weeks - 1)
        peak = max(self.counts.values(), default=0)
        lines: list[Content] = []
        months: list[str] = []
        for week in range(weeks):
            monday = first + timedelta(weeks=week)
            label = monday.strftime("%b") if monday.day <= 7 else ""
            months.append(label)
        header = "    "
        for week, label in enumerate(months):
            if label and len(header) <= 4 + week * 2:
                header = header.ljust(4 + week * 2) + label
        lines.append(Content(header[: width + 4]))
        for weekday in range(7):
            parts: list[str | tuple[str, str]] = [DAY_LABELS[weekday].ljust(4)]
            for week in range(weeks):
                day = first + timedelta(weeks=week, days=weekday)
                if day > self.today:
                    parts.append("  ")
                    continue
                cell = level(self.counts.get(day, 0), peak)
                parts.append(("■ ", LEVEL_STYLES[cell]))
            lines.append(Content.assemble(*parts))
        legend = Content.assemble("    less ", *((("■ ", style)) for style in LEVEL_STYLES), "more")
        lines.append(legend)
        return Content("\n").join(lines)
