"""Cards answered by picking rows: choice (one or several) and true/false."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from quizapp.core.grades import GradeResult
from quizapp.core.model import Card, ChoiceCard, TrueFalseCard
from quizapp.tui.text import plain
from quizapp.tui.widgets.card_base import CardView

_NUMBER_BINDINGS: list[BindingType] = [
    Binding(str(n), f"pick({n})", f"Pick {n}", show=False, id=f"study.pick-{n}")
    for n in range(1, 10)
]


class PickRow(Static):
    """One option line; its state is shown with classes (`-cursor`, `-picked`, `-correct`…)."""

    def __init__(self, content: Content, position: int) -> None:
        super().__init__(content, id=f"pick-{position}")
        self.position = position


class PickCardView(CardView, can_focus=True):
    """Rows the learner moves through with arrows and picks with numbers or space."""

    DEFAULT_CSS = """
    PickCardView { height: auto; }
    PickCardView PickRow { padding: 0 1; height: auto; }
    """

    multiple = False
    """Several rows may be picked; Enter confirms."""

    def __init__(self, card: Card, labels: list[str], values: list[Any], **kwargs: Any) -> None:
        super().__init__(card, **kwargs)
        self.labels = labels
        self.values = values
        self.cursor = 0
        self.picked: set[int] = set()

    def compose(self) -> ComposeResult:
        yield self.compose_prompt()
        for position in range(len(self.labels)):
            yield PickRow(self._row_content(position), position)

    def on_mount(self) -> None:
        self._refresh_rows()

    def _row_content(self, position: int) -> Content:
        # Numbers past 9 have no key (arrows, Enter or a click pick them) but still show, in
        # a column as wide as the largest.
        number = f"{position + 1:>{len(str(len(self.labels)))}}. "
        box = ""
        if self.multiple:
            box = "[x] " if position in self.picked else "[ ] "
        return Content.assemble(number, box, plain(self.labels[position]))

    def _refresh_rows(self) -> None:
        for position, row in enumerate(self.query(PickRow)):
            row.set_class(position == self.cursor and not self.sealed, "-cursor")
            row.set_class(position in self.picked, "-picked")
            row.update(self._row_content(position))

    def _follow_cursor(self) -> None:
        """Keep the cursor's row on screen when the options are longer than the screen."""
        rows = self.query(PickRow)
        if 0 <= self.cursor < len(rows):
            rows[self.cursor].scroll_visible(animate=False)

    def action_cursor(self, step: int) -> None:
        if self.sealed:
            return
        self.cursor = (self.cursor + step) % len(self.labels)
        self._refresh_rows()
        self._follow_cursor()

    def action_cursor_to(self, position: int) -> None:
        """Home (0) or End (-1)."""
        if self.sealed:
            return
        self.cursor = position % len(self.labels)
        self._refresh_rows()
        self._follow_cursor()

    def on_click(self, event: events.Click) -> None:
        """A click on an option picks it, as its number would (options past 9 included)."""
        row = event.widget
        if self.sealed or not isinstance(row, PickRow):
            return
        event.stop()
        self.focus()
        self.action_pick(row.position + 1)

    def action_pick(self, number: int) -> None:
        """Pick a row by its number: answers at once unless several picks are allowed."""
        position = number - 1
        if self.sealed or not 0 <= position < len(self.labels):
            return
        self.cursor = position
        if self.multiple:
            self.picked ^= {position}
            self._refresh_rows()
        else:
            self.picked = {position}
            self._refresh_rows()
            self.confirm()

    def action_toggle_pick(self) -> None:
        self.action_pick(self.cursor + 1) if self.multiple else self.action_confirm()

    def action_confirm(self) -> None:
        if self.sealed:
            return
        if not self.multiple:
            self.picked = {self.cursor}
            self._refresh_rows()
        self.confirm()

    def confirm(self) -> None:
        self.submit(self.response())

    def response(self) -> Any:
        raise NotImplementedError

    def seal(self) -> None:
        super().seal()
        self._refresh_rows()

    def mark(self, good: set[int]) -> None:
        """Colour the rows: the right ones, and wrong picks."""
        for position, row in enumerate(self.query(PickRow)):
            row.set_class(position in good, "-correct")
            row.set_class(position in self.picked and position not in good, "-wrong")


class ChoiceCardView(PickCardView):
    """A choice card; the options appear in the session's shuffled order."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="study.choice-up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="study.choice-down"),
        Binding("home", "cursor_to(0)", "First", show=False, id="study.choice-first"),
        Binding("end", "cursor_to(-1)", "Last", show=False, id="study.choice-last"),
        Binding("space", "toggle_pick", "Pick", key_display="space", id="study.choice-pick"),
        Binding("enter", "confirm", "Confirm", id="study.choice-confirm"),
        *_NUMBER_BINDINGS,
    ]

    def __init__(self, card: ChoiceCard, order: tuple[int, ...] = (), **kwargs: Any) -> None:
        self.order = order or tuple(range(len(card.options)))
        super().__init__(card, [card.options[i] for i in self.order], list(self.order), **kwargs)
        self.multiple = card.multiple

    def compose_prompt(self) -> Static:
        prompt = plain(self.card.prompt)
        if self.multiple:
            prompt = Content.assemble(prompt, ("  (pick all that apply)", "italic"))
        return Static(prompt, classes="card-prompt")

    def response(self) -> frozenset[int]:
        return frozenset(self.order[position] for position in self.picked)

    def show_result(self, result: GradeResult) -> None:
        assert isinstance(self.card, ChoiceCard)
        self.mark({p for p, index in enumerate(self.order) if index in self.card.correct})


TRUE_FALSE_WORDS = {"fr": ("Vrai", "Faux"), "en": ("True", "False")}


class TrueFalseCardView(PickCardView):
    """A true/false statement: t or v for true, f for false, or arrows and Enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k,left", "cursor(-1)", "Up", show=False, id="study.tf-up"),
        Binding("down,j,right", "cursor(1)", "Down", show=False, id="study.tf-down"),
        Binding("t,v", "pick(1)", "True", id="study.tf-true"),
        Binding("f", "pick(2)", "False", id="study.tf-false"),
        Binding("1", "pick(1)", "True", show=False, id="study.tf-1"),
        Binding("2", "pick(2)", "False", show=False, id="study.tf-2"),
        Binding("enter,space", "confirm", "Confirm", id="study.tf-confirm"),
    ]

    def __init__(self, card: TrueFalseCard, **kwargs: Any) -> None:
        language = kwargs.get("language", "en")
        words = TRUE_FALSE_WORDS.get(language[:2], TRUE_FALSE_WORDS["en"])
        super().__init__(card, list(words), [True, False], **kwargs)

    def response(self) -> bool:
        return bool(self.values[next(iter(self.picked))])

    def show_result(self, result: GradeResult) -> None:
        assert isinstance(self.card, TrueFalseCard)
        self.mark({0 if self.card.answer else 1})
