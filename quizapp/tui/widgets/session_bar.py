"""The study screen's top line: what is studied, where the learner is, and a progress bar."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

BAR_MIN = 8
"""Below this many cells for the bar, the line shows the text alone."""


class SessionBar(Widget):
    """`label` on the left, then a bar of `done` out of `total` filling the rest of the line.

    One widget where a Static and Textual's ProgressBar (three widgets) were: the study
    screen's first frame has fewer widgets to style and lay out.
    """

    DEFAULT_CSS = """
    SessionBar { height: 1; padding: 0 1; background: $boost; }
    """

    label: reactive[Content] = reactive(Content)
    done: reactive[int] = reactive(0)
    total: reactive[int] = reactive(1)

    def render(self) -> Content:
        width = self.content_size.width
        room = width - self.label.cell_length - 2
        if room < BAR_MIN:
            return self.label
        total = max(self.total, 1)
        filled = min(room, round(room * min(self.done, total) / total))
        return Content.assemble(
            self.label,
            "  ",
            ("━" * filled, "$primary"),
            ("━" * (room - filled), "$panel"),
        )
