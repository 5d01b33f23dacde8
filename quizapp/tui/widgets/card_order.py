"""The order card: items shown shuffled; the learner moves them into place with the keyboard."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from quizapp.core.grades import GradeResult
from quizapp.core.model import OrderCard
from quizapp.tui.text import plain
from quizapp.tui.widgets.card_base import CardView


class OrderRow(Static):
    """One item; `-cursor`, `-grabbed`, `-correct`, `-wrong` show its state."""


class OrderCardView(CardView, can_focus=True):
    """Arrows or j/k move the cursor; shift+arrows or J/K (or space to grab) move the item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="study.order-up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="study.order-down"),
        Binding("shift+up,K", "move(-1)", "Move up", key_display="⇧↑", id="study.order-move-up"),
        Binding(
            "shift+down,J",
            "move(1)",
            "Move down",
            key_display="⇧↓",
            show=False,
            id="study.order-move-down",
        ),
        Binding("space", "grab", "Grab", id="study.order-grab"),
        Binding("enter", "confirm", "Confirm", id="study.order-confirm"),
    ]

    DEFAULT_CSS = """
    OrderCardView OrderRow { padding: 0 1; height: auto; }
    """

    def __init__(self, card: OrderCard, order: tuple[int, ...] = (), **kwargs: Any) -> None:
        super().__init__(card, **kwargs)
        self.sequence = list(order or range(len(card.items)))
        """The learner's current sequence, as indexes into `card.items`."""
        self.cursor = 0
        self.grabbed = False

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(plain(self.card.prompt), ("  (first at the top)", "italic")),
            classes="card-prompt",
        )
        for position in range(len(self.sequence)):
            yield OrderRow(id=f"order-{position}")

    def on_mount(self) -> None:
        self._refresh_rows()

    def _refresh_rows(self) -> None:
        assert isinstance(self.card, OrderCard)
        for position, row in enumerate(self.query(OrderRow)):
            here = position == self.cursor and not self.sealed
            marker = "≡ " if here and self.grabbed else "  "
            number = f"{position + 1:>{len(str(len(self.sequence)))}}. "
            row.update(
                Content.assemble(number, marker, plain(self.card.items[self.sequence[position]]))
            )
            row.set_class(here, "-cursor")
            row.set_class(here and self.grabbed, "-grabbed")
        rows = self.query(OrderRow)
        if not self.sealed and 0 <= self.cursor < len(rows):
            rows[self.cursor].scroll_visible(animate=False)  # a long list follows the cursor

    def action_cursor(self, step: int) -> None:
        if self.sealed:
            return
        if self.grabbed:
            self.action_move(step)
            return
        self.cursor = max(0, min(len(self.sequence) - 1, self.cursor + step))
        self._refresh_rows()

    def action_move(self, step: int) -> None:
        """Swap the item under the cursor with its neighbour; the cursor follows it."""
        target = self.cursor + step
        if self.sealed or not 0 <= target < len(self.sequence):
            return
        seq = self.sequence
        seq[self.cursor], seq[target] = seq[target], seq[self.cursor]
        self.cursor = target
        self._refresh_rows()

    def action_grab(self) -> None:
        if not self.sealed:
            self.grabbed = not self.grabbed
            self._refresh_rows()

    def action_confirm(self) -> None:
        self.grabbed = False
        self.submit(tuple(self.sequence))

    def seal(self) -> None:
        super().seal()
        self.grabbed = False
        self._refresh_rows()

    def show_result(self, result: GradeResult) -> None:
        """Mark each shown item: in its place, in the right relative order, or out of it."""
        parts = [str(part) for part in result.parts]
        for position, row in enumerate(self.query(OrderRow)):
            if position < len(parts):
                verdict = parts[position]
            else:
                verdict = "correct" if self.sequence[position] == position else "wrong"
            for name in ("correct", "almost", "wrong"):
                row.set_class(verdict == name, f"-{name}")
