"""The card view base class and the basic (front/back) card."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from quizapp.core.grades import GradeResult, Response
from quizapp.core.model import BasicCard, Card
from quizapp.tui.text import plain


class CardView(Vertical):
    """Shows one card's prompt and its answer controls; posts `Answered` with the response.

    The response has the shape `grading.grade` expects for the card's kind.
    """

    DEFAULT_CSS = """
    CardView { height: auto; padding: 0 1; }
    CardView .card-prompt { margin-bottom: 1; text-style: bold; }
    """

    sealed: reactive[bool] = reactive(False)
    """Set once the card is answered: the controls stop taking input."""

    @dataclass
    class Answered(Message):
        """The learner committed a response (not yet saved: the screen decides)."""

        view: CardView
        response: Response

        @property
        def control(self) -> CardView:
            return self.view

    def __init__(
        self, card: Card, *, language: str = "en", id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.card = card
        self.language = language

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A checked card takes no more keys: they go on to the screen (the ratings).
        return not self.sealed

    def compose_prompt(self) -> Static:
        return Static(plain(self.card.prompt), classes="card-prompt")

    def compose(self) -> ComposeResult:
        yield self.compose_prompt()

    def submit(self, response: Response) -> None:
        """Post the response unless the card is already answered.

        Straight into the screen's queue rather than bubbled up, so that it stays in key order
        with an Undo or Quit typed right after (their bindings post to the screen as well).
        """
        if not self.sealed:
            self.screen.post_message(self.Answered(self, response))

    def seal(self) -> None:
        """Stop taking input: the answer has been checked."""
        self.sealed = True
        self.add_class("-answered")

    def reopen(self) -> None:
        """Take input again: the response could not be checked (the learner may correct it)."""

    def show_result(self, result: GradeResult) -> None:
        """Mark the controls with the grade (per option, item or gap); the base does nothing."""

    def focus_answer(self) -> None:
        """Give the keyboard to the control the learner answers with."""
        if self.can_focus:
            self.focus()


class _CardBack(Static):
    """A basic card's back: hidden until revealed, then scrolled into view (long cards)."""

    def on_resize(self) -> None:
        if self.size.height:
            self.scroll_visible(animate=False)


class BasicCardView(CardView, can_focus=True):
    """Front, then the back on `space`; the learner rates themselves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "reveal", "Reveal", id="study.reveal"),
    ]

    DEFAULT_CSS = """
    BasicCardView .card-back { display: none; border-top: solid $secondary; padding-top: 1; }
    BasicCardView.-revealed .card-back { display: block; }
    """

    revealed: reactive[bool] = reactive(False)

    @dataclass
    class Revealed(Message):
        """The back is showing: the screen offers the ratings."""

        view: BasicCardView

        @property
        def control(self) -> BasicCardView:
            return self.view

    def compose(self) -> ComposeResult:
        yield self.compose_prompt()
        assert isinstance(self.card, BasicCard)
        yield _CardBack(plain(self.card.back), classes="card-back")

    def action_reveal(self) -> None:
        if self.revealed or self.sealed:
            return
        self.revealed = True
        self.add_class("-revealed")
        self.screen.post_message(self.Revealed(self))  # in key order, as `submit` does

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return not self.revealed and not self.sealed
        return super().check_action(action, parameters)
