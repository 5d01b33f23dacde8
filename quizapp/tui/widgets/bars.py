"""Horizontal bars with a label and a percentage: mastery per tag."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from quizapp.tui.text import padded, sanitize


class PercentBars(Widget):
    """One bar per label; values in [0, 1]."""

    DEFAULT_CSS = """
    PercentBars { height: auto; width: 1fr; }
    """

    values: reactive[dict[str, float]] = reactive(dict, always_update=True, layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, len(self.values))

    def render(self) -> Content:
        if not self.values:
            return Content("No tags yet.")
        label_width = min(18, max(cell_len(sanitize(label)) for label in self.values))
        bar_width = max(self.size.width - label_width - 7, 4)
        lines: list[Content] = []
        for label, value in self.values.items():
            value = min(max(value, 0.0), 1.0)
            filled = round(value * bar_width)
            lines.append(
                Content.assemble(
                    padded(label, label_width),
                    " ",
                    ("█" * filled, "$accent"),
                    ("░" * (bar_width - filled), "$border-blurred"),
                    f" {round(value * 100):>3}%",
                )
            )
        return Content("\n").join(lines)
