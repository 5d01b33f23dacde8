"""The end of a session: score, accuracy, time, accuracy per tag, the cards missed."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quizapp.tui.app import QuizApp
from quizapp.tui.text import cell, duration, one_line, percent
from quizapp.tui.widgets.key_bar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.core.session import SessionSummary


class SummaryScreen(Screen[None]):
    """Shows a `SessionSummary`; `a` studies the missed cards again."""

    app = getters.app(QuizApp)

    SUB_TITLE = "Session summary"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "again", "Again with missed", id="summary.again"),
        # Priority: a focused table would take Enter for its row selection, which does nothing.
        Binding("enter,escape,q", "home", "Home", priority=True, id="summary.home"),
    ]

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        summary = self.summary
        yield TitleBar()
        with Vertical(id="summary-body"):
            mode = "Quiz" if str(summary.mode) == "quiz" else "Review"
            finished = " (time is up)" if summary.time_up else ""
            yield Static(
                Content.assemble(
                    (f"{mode} finished{finished}", "bold"),
                    f" in {duration(summary.duration.total_seconds())}\n",
                    ("Score ", "bold"),
                    f"{summary.score} points · ",
                    ("Accuracy ", "bold"),
                    percent(summary.accuracy if summary.answered else None),
                    " (a near miss counts half)" if summary.almost else "",
                    "\n",
                    (f"{summary.correct} correct", "$text-success"),
                    " · ",
                    (f"{summary.almost} almost", "$text-warning"),
                    " · ",
                    (f"{summary.wrong} wrong", "$text-error"),
                    f" · {summary.answered} answered",
                    f", {summary.not_reached} not reached" if summary.not_reached else "",
                ),
                id="summary-figures",
            )
            with Horizontal(id="summary-tables"):
                tags: DataTable[Text] = DataTable(id="summary-tags", cursor_type="row")
                tags.border_title = "Accuracy per tag"
                yield tags
                missed: DataTable[Text] = DataTable(id="summary-missed", cursor_type="row")
                missed.border_title = f"Missed ({len(summary.missed)})"
                yield missed
        yield KeyBar()

    def on_mount(self) -> None:
        tags = self.query_one("#summary-tags", DataTable)
        tags.add_column("Tag", width=14)
        tags.add_column("Answers", width=7)
        tags.add_column("Acc.", width=4)
        for tag in self.summary.per_tag:
            tags.add_row(
                cell(one_line(tag.tag, 20)), cell(str(tag.answered)), cell(percent(tag.accuracy))
            )
        missed = self.query_one("#summary-missed", DataTable)
        missed.add_columns("Card", "Question")
        app = self.app
        library = app.services.library  # the session read these decks' cards already
        for deck_id, card_id in self.summary.missed:
            deck = library.deck(deck_id)
            try:
                prompt = deck.card(card_id).prompt if deck else ""
            except KeyError:
                prompt = ""
            missed.add_row(cell(one_line(card_id, 24)), cell(one_line(prompt, 60)))
        if not self.summary.missed:
            done = "Nothing missed. Well done!" if self.summary.answered else "No card answered."
            missed.add_row(cell("–"), cell(done))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "again":
            return bool(self.summary.missed)
        return True

    def action_again(self) -> None:
        from quizapp.core.session_plan import SessionPlan
        from quizapp.tui.screens.study import StudyScreen

        if self.summary.missed:
            plan = SessionPlan(mode="quiz", only=tuple(self.summary.missed))
            self.app.switch_screen(StudyScreen(plan))

    def action_home(self) -> None:
        self.app.close_screen()
