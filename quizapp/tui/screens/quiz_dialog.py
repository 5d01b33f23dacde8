"""The quiz dialog: how many cards, an optional time limit, and whether answers reschedule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widgets import Checkbox, Input, Label, Select, Static

from quizapp.tui.widgets.card_input import AnswerInput

MAX_CARDS = 1000
"""The most cards a quiz may ask for."""

TIME_LIMITS: tuple[tuple[str, float | None], ...] = (
    ("no limit", None),
    ("2 minutes", 120.0),
    ("5 minutes", 300.0),
    ("10 minutes", 600.0),
)


@dataclass(frozen=True, slots=True)
class QuizOptions:
    """What the learner chose for a quiz."""

    count: int = 10
    time_limit: float | None = None
    """Seconds, or None for an untimed quiz."""
    schedule: bool = True
    """Answers also update the cards' review schedule."""


class QuizDialog(ModalScreen[QuizOptions | None]):
    """Returns `QuizOptions`, or None when cancelled; Enter anywhere starts the quiz."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="quiz.cancel"),
        Binding("enter", "start", "Start", priority=True, id="quiz.start"),
    ]

    def __init__(self, target: str, count: int = 10, available: int | None = None) -> None:
        super().__init__()
        self.target = target
        self.count = count
        self.available = available

    def compose(self) -> ComposeResult:
        with Vertical(id="quiz-dialog"):
            yield Static(Content.assemble(("Quiz: ", "bold"), self.target), id="quiz-title")
            with Horizontal(classes="quiz-row"):
                yield Label("Cards", classes="quiz-label")
                yield AnswerInput(  # Enter in turn with the digits typed before it
                    str(self.count),
                    final=False,
                    id="quiz-count",
                    type="integer",
                    validators=[Integer(minimum=1, maximum=MAX_CARDS)],
                    compact=True,
                )
            with Horizontal(classes="quiz-row"):
                yield Label("Time", classes="quiz-label")
                yield Select(
                    [(label, index) for index, (label, _s) in enumerate(TIME_LIMITS)],
                    value=0,
                    allow_blank=False,
                    id="quiz-time",
                    compact=True,
                )
            yield Checkbox("Answers update my review schedule", True, id="quiz-schedule")
            hint = "Enter starts · escape cancels"
            if self.available is not None:
                cards = "card" if self.available == 1 else "cards"
                hint = f"{self.available} {cards} to draw from · {hint}"
            yield Static(Content(hint), id="quiz-hint")

    def on_mount(self) -> None:
        self.query_one("#quiz-count", Input).focus()

    def options(self) -> QuizOptions:
        """The dialog's current choices; a count that is not a positive number means 10."""
        text = self.query_one("#quiz-count", Input).value.strip()
        count = int(text) if text.isdigit() and int(text) > 0 else self.count
        choice = self.query_one("#quiz-time", Select).value
        index = choice if isinstance(choice, int) else 0
        return QuizOptions(
            count=count,
            time_limit=TIME_LIMITS[index][1],
            schedule=self.query_one("#quiz-schedule", Checkbox).value,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            # An open drop-down takes Enter itself, to pick its highlighted choice. In the
            # count field Enter is the field's own (see `_count_entered`): this binding ran
            # ahead of the digits the field had yet to take, and "0, Enter" typed fast
            # started a quiz of 10.
            return not (
                self.query_one("#quiz-time", Select).expanded
                or self.query_one("#quiz-count", Input).has_focus
            )
        return True

    @on(Input.Submitted, "#quiz-count")
    def _count_entered(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        field = self.query_one("#quiz-count", Input)
        text = field.value.strip()
        if not (text.isdigit() and 1 <= int(text) <= MAX_CARDS):
            # "0" started a quiz of 10 without a word: say what is wanted, and stay.
            self.notify(f"Type a number of cards from 1 to {MAX_CARDS}.", severity="warning")
            field.focus()
            return
        self.dismiss(self.options())

    def action_cancel(self) -> None:
        self.dismiss(None)
