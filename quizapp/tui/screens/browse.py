"""The card browser: search, filter by deck, tag and state, sort, suspend, and a card's history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Select, Static
from textual.worker import Worker, WorkerState

from quizapp.core.errors import QuizAppError
from quizapp.core.model import Rating
from quizapp.tui.app import QuizApp
from quizapp.tui.queries import CardRow, card_rows
from quizapp.tui.text import cell, interval, one_line, plain
from quizapp.tui.widgets.key_bar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

MAX_ROWS = 300
"""Rows put in the table at once: a DataTable of 100,000 rows would stall every keystroke."""
SEARCH_DELAY = 0.15
"""Seconds of quiet typing before the search runs, so a fast typist is never held up."""
CARD_COLUMN = (18, 30)
"""The card id column's narrowest and widest (ids may be 64 characters long)."""
STATES = ("new", "learning", "review", "relearning", "suspended")
SORTS: tuple[tuple[str, str], ...] = (
    ("deck", "deck"),
    ("due", "due"),
    ("lapses", "lapses"),
    ("state", "state"),
    ("last", "last answer"),
)


def matches(row: CardRow, text: str, deck: str | None, tag: str | None, state: str | None) -> bool:
    """The browser's filter, on one row; `text` matches the id, question, tags or last answer."""
    if deck is not None and row.deck_id != deck:
        return False
    if tag is not None and tag not in row.tags:
        return False
    if state is not None and row.state != state:
        return False
    if not text:
        return True
    return all(word in row.haystack for word in text.casefold().split())


def sort_key(row: CardRow, column: str) -> Any:
    if column == "due":
        return (row.due is None, row.due.timestamp() if row.due else 0.0)
    if column == "lapses":
        return (-row.lapses, row.card_id)
    if column == "state":
        return (STATES.index(row.state) if row.state in STATES else 9, row.card_id)
    if column == "last":
        return (row.last_review is None, -(row.last_review.timestamp() if row.last_review else 0))
    return (row.deck_id, 0)


def card_column_width(rows: Sequence[CardRow], screen_width: int) -> int:
    """As wide as the longest card id (deck authors look their ids up here), within
    `CARD_COLUMN` and a quarter of the screen, so that the question keeps its room."""
    narrowest, widest = CARD_COLUMN
    longest = max((len(row.card_id) + 2 * row.flagged for row in rows), default=0)
    return max(narrowest, min(longest, widest, screen_width // 4))


class BrowseScreen(Screen[None]):
    """A filterable table of every card with its progress."""

    app = getters.app(QuizApp)

    SUB_TITLE = "Cards"

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    """Below 100 columns the search takes a row of its own, above the three filters."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", key_display="/", id="browse.search"),
        Binding("s", "suspend", "Suspend/unsuspend", id="browse.suspend"),
        Binding("h", "history", "History", id="browse.history"),
        Binding("o", "sort", "Sort", id="browse.sort"),
        Binding("escape", "back", "Back", id="browse.back"),
    ]

    AUTO_FOCUS = "#browse-table"

    def __init__(self) -> None:
        super().__init__()
        self._columns_for: tuple[int, int] | None = None
        """The (screen width, card column width) the columns were last laid out for."""
        self._search_timer: Timer | None = None
        self.rows: list[CardRow] = []
        self.shown: list[CardRow] = []
        self.sort_column = "deck"

    def compose(self) -> ComposeResult:
        app = self.app
        library = app.services.library
        yield TitleBar()
        with Horizontal(id="browse-filters"):
            yield Input(placeholder="Search: words in the question, id, tags…", id="browse-search")
            # Rich Text, not str: Select reads a str option as markup ("[link=…]" would crash).
            yield Select(
                [(cell(one_line(d.title, 30)), d.id) for d in library.summaries],
                prompt="Any deck",
                id="browse-deck",
            )
            tags = sorted({tag for deck in library.summaries for tag in deck.tags})  # no cards read
            yield Select(
                [(cell(one_line(t, 20)), t) for t in tags], prompt="Any tag", id="browse-tag"
            )
            yield Select([(s, s) for s in STATES], prompt="Any state", id="browse-state")
        yield Static(id="browse-count")
        table: DataTable[Text] = DataTable(id="browse-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#browse-table", DataTable).loading = True
        self._load()

    def on_resize(self) -> None:
        if self.rows:
            self.refilter()

    def _set_columns(self, table: DataTable[Text]) -> bool:
        """Fit the columns to the width; the last answer only shows on wide terminals."""
        width = self.size.width or self.app.size.width
        card = card_column_width(self.rows, width)
        if (width, card) == self._columns_for:
            return False
        self._columns_for = (width, card)
        wide = width >= 110
        fixed = [("Card", "card", card), ("State", "state", 10), ("Due", "due", 10)]
        fixed.append(("Lapses", "lapses", 6))
        if wide:
            fixed.append(("Last answer", "last", 20))
        room = width - 5 - sum(w + 2 for _l, _k, w in fixed) - 2
        table.clear(columns=True)
        table.add_column("Card", key="card", width=card)
        table.add_column("Question", key="question", width=max(12, room))
        for label, key, size in fixed[1:]:
            table.add_column(label, key=key, width=size)
        return True

    @work(thread=True, exclusive=True, group="browse", exit_on_error=False)
    def _load(self) -> list[CardRow]:
        app = self.app
        return card_rows(app.services)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "browse":
            return
        table = self.query_one("#browse-table", DataTable)
        if event.state == WorkerState.SUCCESS:
            table.loading = False
            self.rows = list(event.worker.result or [])
            self.refilter()
        elif event.state == WorkerState.ERROR:
            table.loading = False
            self.notify(
                f"Could not read the cards: {event.worker.error}", severity="error", markup=False
            )

    def _filters(self) -> tuple[str, str | None, str | None, str | None]:
        def chosen(selector: str) -> str | None:
            value = self.query_one(selector, Select).value
            return value if isinstance(value, str) else None

        text = self.query_one("#browse-search", Input).value
        return text, chosen("#browse-deck"), chosen("#browse-tag"), chosen("#browse-state")

    def refilter(self) -> None:
        """Apply the search, the filters and the sort to the table, keeping the cursor's card."""
        table = self.query_one("#browse-table", DataTable)
        current = self._current_row()
        text, deck, tag, state = self._filters()
        self.shown = sorted(
            (row for row in self.rows if matches(row, text, deck, tag, state)),
            key=lambda row: sort_key(row, self.sort_column),
        )
        if not self._set_columns(table):
            table.clear()
        wide = len(table.columns) > 5
        for row in self.shown[:MAX_ROWS]:
            flag = "⚑ " if row.flagged else ""
            cells = [
                cell(flag + one_line(row.card_id, 40)),
                cell(one_line(row.prompt, 120)),
                cell(row.state, "italic" if row.state == "suspended" else ""),
                cell(row.due.astimezone().strftime("%Y-%m-%d") if row.due else "–"),
                cell(str(row.lapses)),
            ]
            if wide:
                cells.append(cell(one_line(row.last_answer or "–", 40)))
            table.add_row(*cells, key=f"{row.deck_id}\x1f{row.card_id}")
        label = dict(SORTS).get(self.sort_column, self.sort_column)
        capped = (
            f" (first {MAX_ROWS} shown: search to narrow)" if len(self.shown) > MAX_ROWS else ""
        )
        self.query_one("#browse-count", Static).update(
            Content(f"{len(self.shown)} of {len(self.rows)} cards{capped} · sorted by {label} (o)")
        )
        self.shown = self.shown[:MAX_ROWS]
        if current is not None:  # found by its key: a reload (after `s`) brings new rows
            key = (current.deck_id, current.card_id)
            at = next((i for i, r in enumerate(self.shown) if (r.deck_id, r.card_id) == key), None)
            if at is not None:
                table.move_cursor(row=at)

    def _current_row(self) -> CardRow | None:
        table = self.query_one("#browse-table", DataTable)
        if not self.shown or not table.row_count:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    @on(Input.Changed, "#browse-search")
    def _search_changed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self.refilter)

    @on(Select.Changed)
    def _filters_changed(self) -> None:
        self.refilter()

    @on(Input.Submitted, "#browse-search")
    def _search_done(self) -> None:
        self.query_one("#browse-table", DataTable).focus()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        self.sort_column = {"card": "deck", "question": "deck"}.get(column, column)
        self.refilter()

    def action_sort(self) -> None:
        names = [name for name, _label in SORTS]
        self.sort_column = names[(names.index(self.sort_column) + 1) % len(names)]
        self.refilter()

    def action_focus_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def action_back(self) -> None:
        if self.query_one("#browse-search", Input).has_focus:
            self.query_one("#browse-table", DataTable).focus()
            return
        self.dismiss()

    def action_suspend(self) -> None:
        row = self._current_row()
        if row is None:
            return
        app = self.app
        try:
            app.services.store.set_suspended(row.deck_id, row.card_id, not row.suspended)
        except QuizAppError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(
            ("Unsuspended " if row.suspended else "Suspended ") + one_line(row.card_id, 30),
            markup=False,
        )
        self._load()

    @on(DataTable.RowSelected, "#browse-table")
    def action_history(self) -> None:
        row = self._current_row()
        if row is not None:
            self.app.push_screen(HistoryScreen(row))


class HistoryScreen(ModalScreen[None]):
    """Every answer given to one card, newest first."""

    app = getters.app(QuizApp)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,h", "dismiss", "Close", id="history.close"),
    ]

    def __init__(self, row: CardRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        with Vertical(id="history-dialog"):
            yield Static(
                Content.assemble(
                    plain(one_line(self.row.card_id, 40)),
                    " · ",
                    plain(one_line(self.row.prompt, 80)),
                ),
                id="history-title",
            )
            table: DataTable[Text] = DataTable(id="history-table", cursor_type="row")
            table.add_columns("When", "Rating", "Verdict", "Answer", "Next interval")
            yield table
            yield Static(Content("escape closes"), id="history-hint")

    def on_mount(self) -> None:
        app = self.app
        table = self.query_one("#history-table", DataTable)
        reviews = list(app.services.store.reviews(self.row.deck_id, self.row.card_id))
        for review in reversed(reviews):
            table.add_row(
                cell(review.reviewed_at.astimezone().strftime("%Y-%m-%d %H:%M")),
                cell(Rating(review.rating).name.title()),
                cell(review.verdict or "–"),
                cell(one_line(review.response or "–", 30)),
                cell(interval(review.interval) if review.interval is not None else "–"),
            )
        if not reviews:
            table.add_row(cell("–"), cell(""), cell(""), cell("never answered"), cell(""))
