"""The four rating buttons with the next interval on each; the suggested one is selected."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from quizapp.core.model import Rating
from quizapp.tui.text import interval

RATING_NAMES = {
    Rating.AGAIN: "Again",
    Rating.HARD: "Hard",
    Rating.GOOD: "Good",
    Rating.EASY: "Easy",
}


class RatingButton(Static):
    """One rating: its key, name and next interval."""

    def __init__(self, rating: Rating) -> None:
        super().__init__(id=f"rate-{RATING_NAMES[rating].lower()}")
        self.rating = rating


class RatingBar(Horizontal, can_focus=True):
    """Pick a rating with 1–4, or move with ←/→ and accept with Enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "rate(1)", "Again", show=False, id="study.rate-again"),
        Binding("2", "rate(2)", "Hard", show=False, id="study.rate-hard"),
        Binding("3", "rate(3)", "Good", show=False, id="study.rate-good"),
        Binding("4", "rate(4)", "Easy", show=False, id="study.rate-easy"),
        Binding("left,h", "move(-1)", "Previous", show=False, id="study.rate-left"),
        Binding("right,l", "move(1)", "Next", show=False, id="study.rate-right"),
        Binding("enter,space", "accept", "Accept rating", id="study.rate-accept"),
    ]

    DEFAULT_CSS = """
    RatingBar { height: auto; width: 1fr; }
    RatingBar RatingButton { width: 1fr; height: 3; content-align: center middle; }
    """

    selected: reactive[Rating] = reactive(Rating.GOOD)
    """The rating Enter accepts; starts on the suggestion."""

    @dataclass
    class RatingChosen(Message):
        """The learner chose how well they recalled the card."""

        bar: RatingBar
        rating: Rating

        @property
        def control(self) -> RatingBar:
            return self.bar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.intervals: dict[Rating, timedelta] = {}
        self.suggested: Rating | None = None

    def offer(self, intervals: dict[Rating, timedelta], suggested: Rating | None) -> None:
        """Show these intervals and select the suggestion (Good when there is none).

        The buttons are mounted by the first offer: the bar is hidden until a card is
        answered, and the first card shows without them.
        """
        if not self.query(RatingButton):
            self.mount_all(RatingButton(rating) for rating in Rating)
        self.intervals = dict(intervals)
        self.suggested = suggested
        self.selected = suggested or Rating.GOOD
        self._refresh_buttons()

    def watch_selected(self) -> None:
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        buttons = self.query(RatingButton)
        if not buttons:
            return
        for rating, button in zip(Rating, buttons, strict=True):
            after = self.intervals.get(rating)
            label = Content.assemble(
                (f"{rating.value} ", "bold"),
                RATING_NAMES[rating],
                "\n",
                interval(after) if after is not None else "",
            )
            button.update(label)
            button.set_class(rating == self.selected, "-selected")
            button.set_class(rating == self.suggested, "-suggested")

    def on_click(self, event: events.Click) -> None:
        """A click on a button rates, as its key would."""
        button = event.widget
        if isinstance(button, RatingButton) and self.has_class("-shown"):
            event.stop()
            self.action_rate(button.rating.value)

    def action_rate(self, value: int) -> None:
        self.selected = Rating(value)
        self._choose(Rating(value))

    def action_move(self, step: int) -> None:
        self.selected = Rating(min(4, max(1, self.selected.value + step)))

    def action_accept(self) -> None:
        self._choose(self.selected)

    def _choose(self, rating: Rating) -> None:
        # Straight into the screen's queue, not bubbled up through this widget's: the bindings
        # run in the app's task, and an Undo key typed right after Enter would otherwise
        # reach the screen first and take back the card before this one.
        self.screen.post_message(self.RatingChosen(self, rating))
