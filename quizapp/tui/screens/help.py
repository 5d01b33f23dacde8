"""The help dialog: every key binding, grouped by where it works."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from quizapp.tui.text import cell


def _as_binding(item: BindingType) -> Binding:
    if isinstance(item, Binding):
        return item
    key, action, *rest = item
    return Binding(key, action, rest[0] if rest else "")


def describe_key(key: str) -> str:
    """`shift+up,K` -> `⇧↑ / K`: the keys as a learner reads them."""
    names = {"up": "↑", "down": "↓", "left": "←", "right": "→", "question_mark": "?"}
    shown = []
    for one in key.split(","):
        parts = one.split("+")
        parts = [names.get(p, p) for p in parts]
        shown.append("+".join(parts).replace("shift+", "⇧").replace("ctrl+", "^"))
    return " / ".join(shown)


class HelpScreen(ModalScreen[None]):
    """Lists the bindings it is given; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, sections: Sequence[tuple[str, Sequence[BindingType]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(Content("Keys"), id="help-title")
            table: DataTable[Text] = DataTable(
                id="help-table", cursor_type="row", zebra_stripes=True
            )
            table.add_columns("Where", "Key", "Does")
            for section, bindings in self.sections:
                seen: set[str] = set()
                for item in bindings:
                    binding = _as_binding(item)
                    description = binding.description or binding.action
                    label = f"{binding.key}:{description}"
                    if label in seen:
                        continue
                    seen.add(label)
                    table.add_row(cell(section), cell(describe_key(binding.key)), cell(description))
            yield table
            yield Static(
                Content("escape closes · ctrl+p opens the command palette"), id="help-hint"
            )


def binding_sections(everywhere: list[BindingType]) -> list[tuple[str, list[BindingType]]]:
    """Every binding in the app, grouped by screen or widget, for the help dialog."""
    from quizapp.tui.screens.browse import BrowseScreen, HistoryScreen
    from quizapp.tui.screens.home import HomeScreen
    from quizapp.tui.screens.quiz_dialog import QuizDialog
    from quizapp.tui.screens.stats import StatsScreen
    from quizapp.tui.screens.study import StudyScreen
    from quizapp.tui.screens.summary import SummaryScreen
    from quizapp.tui.widgets.card_base import BasicCardView
    from quizapp.tui.widgets.card_order import OrderCardView
    from quizapp.tui.widgets.card_pick import ChoiceCardView, TrueFalseCardView
    from quizapp.tui.widgets.rating_bar import RatingBar

    return [
        ("Everywhere", everywhere),
        ("Home", list(HomeScreen.BINDINGS)),
        # Less the rating keys the study screen passes on to the rating bar (listed there).
        ("Study", [b for b in StudyScreen.BINDINGS if "screen-" not in str(getattr(b, "id", ""))]),
        ("Basic card", list(BasicCardView.BINDINGS)),
        ("Typed, numeric", [Binding("enter", "check", "Check the answer")]),
        (
            "Cloze",
            [Binding("tab", "next", "Next gap"), Binding("enter", "check", "Next gap / check")],
        ),
        (
            "Choice card",
            [b for b in ChoiceCardView.BINDINGS if "pick-" not in str(getattr(b, "id", ""))]
            + [Binding("1-9", "pick", "Pick an option")],
        ),
        ("True/false", list(TrueFalseCardView.BINDINGS)),
        ("Order card", list(OrderCardView.BINDINGS)),
        ("Rating", list(RatingBar.BINDINGS)),
        ("Quiz dialog", list(QuizDialog.BINDINGS)),
        ("Summary", list(SummaryScreen.BINDINGS)),
        ("Stats", list(StatsScreen.BINDINGS)),
        ("Browse", list(BrowseScreen.BINDINGS)),
        ("Card history", list(HistoryScreen.BINDINGS)),
        ("Help", list(HelpScreen.BINDINGS)),
    ]
