"""The home screen: the decks and tags with their counts, broken decks, today's progress."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState, get_current_worker

from quizapp.core.stats import DeckStats
from quizapp.tui.app import QuizApp
from quizapp.tui.queries import HomeFigures, home_figures
from quizapp.tui.text import cell, meter, one_line, percent, plain
from quizapp.tui.widgets.key_bar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

BROKEN_PREFIX = "broken:"


class HomeScreen(Screen[None]):
    """Pick a deck or a tag and start a review or a quiz."""

    app = getters.app(QuizApp)

    SUB_TITLE = "Decks"

    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (110, "-wide"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "study('review')", "Review", id="home.review"),
        Binding("t", "study('quiz')", "Quiz", id="home.quiz"),
        Binding("s", "app.open_stats", "Stats", id="home.stats"),
        Binding("b", "app.open_browse", "Browse", id="home.browse"),
        Binding("tab", "app.focus_next", "Decks/tags", show=False, id="home.switch"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def __init__(self, figures: HomeFigures | None = None) -> None:
        super().__init__()
        self._figures = figures
        """Figures computed before the screen opened (a small library's), else None."""
        self._skip_refresh = figures is not None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Content("Loading your progress…"), id="home-today")
        with Horizontal(id="home-body"):
            with Vertical(id="home-decks-pane"):
                decks: DataTable[Text] = DataTable(
                    id="home-decks", cursor_type="row", zebra_stripes=True
                )
                decks.border_title = "Decks"
                yield decks
                yield Static(id="home-detail")
            tags: DataTable[Text] = DataTable(id="home-tags", cursor_type="row", zebra_stripes=True)
            tags.border_title = "Tags"
            yield tags
        yield KeyBar()

    _filled_width = -1
    """The width the tables were last laid out for (their columns follow it)."""

    def on_mount(self) -> None:
        # The decks are listed at once, from their summaries; unless they came with the
        # screen, their figures follow from a worker (a big library's take a moment), so a
        # deck can be opened straight away.
        self._fill(self._figures)

    def on_resize(self) -> None:
        if self._width() != self._filled_width:
            self._fill(self._figures)

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def on_screen_resume(self) -> None:
        if self._skip_refresh:  # the figures given to the screen are fresh
            self._skip_refresh = False
            return
        # After a paint: the deck list shows before the figures' worker competes for the
        # interpreter (the first time, and on coming back from a session).
        self.call_after_refresh(self.refresh_figures)

    def on_screen_suspend(self) -> None:
        # Figures for a screen no longer shown would only slow the one that is (a study
        # session opening): they are computed again when this screen comes back.
        self.workers.cancel_group(self, "home")

    def refresh_figures(self) -> None:
        if self.is_mounted and self.is_active:  # else resuming the screen asks again
            self._load()

    @work(thread=True, exclusive=True, group="home", exit_on_error=False)
    def _load(self) -> HomeFigures | None:
        app = self.app
        worker = get_current_worker()
        return home_figures(app.services, lambda: worker.is_cancelled)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "home":
            return
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, HomeFigures):
            self._fill(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.query_one("#home-today", Static).update(
                Content(f"Could not read your progress: {event.worker.error}")
            )

    def _fill(self, figures: HomeFigures | None) -> None:
        """The deck and tag tables; without figures yet, the decks with their card counts."""
        app = self.app
        library = app.services.library
        if figures is not None:
            days = figures.streak.current
            streak = f"{days} day" + ("" if days == 1 else "s")
            self.query_one("#home-today", Static).update(
                Content.assemble(
                    ("Today ", "bold"),
                    f"{figures.reviews_today} reviewed · ",
                    (f"{figures.due_today} due", "bold"),
                    f" · {figures.new} new · streak {streak} (best {figures.streak.best})",
                )
            )
            self._figures = figures
        deck_figures = {row.deck_id: row for row in figures.decks} if figures else {}
        width = self._filled_width = self._width()
        narrow = width < 110
        deck_room = width if narrow else width * 3 // 5
        tag_room = width if narrow else width * 2 // 5
        decks = self.query_one("#home-decks", DataTable)
        keep = decks.cursor_row
        decks.clear(columns=True)
        titles = [one_line(d.title, 60) for d in library.summaries]
        titles += [f"⚠ {getattr(b.path, 'name', b.path)}" for b in library.broken]
        decks.add_column("Deck", key="title", width=_fit(titles, deck_room - 44))
        for label, key in (
            ("Cards", "total"),
            ("Due", "due"),
            ("New", "new"),
            ("Mastery", "mastery"),
        ):
            decks.add_column(label, key=key)
        for deck in library.summaries:
            found = deck_figures.get(deck.id)
            shown = _cells(found) if found else (cell(str(deck.card_count)), *_pending(3))
            decks.add_row(plain(one_line(deck.title, 40)), *shown, key=deck.id)
        error = self.app.theme_variables.get("text-error", "")
        for broken in library.broken:
            name = getattr(broken.path, "name", str(broken.path))
            decks.add_row(
                cell(f"⚠ {one_line(name, 36)}", f"bold {error}"),
                "–",
                "–",
                "–",
                cell("broken", error),
                key=f"{BROKEN_PREFIX}{broken.path}",
            )
        if decks.row_count:
            decks.move_cursor(row=min(keep, decks.row_count - 1))
        self._show_detail()
        if figures is None:
            return
        tags = self.query_one("#home-tags", DataTable)
        tags.clear(columns=True)
        names = [tag.tag for tag in figures.tags]
        tags.add_column("Tag", key="tag", width=_fit(names, tag_room - 36))
        for label, key in (("Cards", "cards"), ("Learned", "learned"), ("Mastery", "mastery")):
            tags.add_column(label, key=key)
        for tag in figures.tags:
            tags.add_row(
                cell(one_line(tag.tag, 40)),
                cell(str(tag.cards)),
                cell(str(tag.learned)),
                cell(f"{meter(tag.mastery if tag.cards else None)} {percent(tag.mastery):>4}"),
                key=tag.tag,
            )

    @on(DataTable.RowHighlighted, "#home-decks")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """Below the table: the highlighted deck's description, or a broken deck's first error."""
        detail = self.query_one("#home-detail", Static)
        key = self._selected_key("#home-decks")
        app = self.app
        detail.set_class(False, "-error")
        if key is None:
            if not app.services.library.summaries and not app.services.library.broken:
                detail.update(Content(_no_decks(app.services.deck_paths)))
            return
        if key.startswith(BROKEN_PREFIX):
            broken = next(
                b for b in app.services.library.broken if f"{BROKEN_PREFIX}{b.path}" == key
            )
            more = len(broken.error.problems) - 1
            suffix = f"\n(and {more} more: run quizapp lint)" if more > 0 else ""
            detail.update(Content.assemble(plain(str(broken.error.first)), suffix))
            detail.set_class(True, "-error")
            return
        deck = app.services.library.summary(key)
        if deck is None:
            return
        detail.update(
            Content.assemble(
                plain(one_line(deck.description or deck.title, 200)),
                "\n",
                (
                    f"{deck.card_count} cards · {', '.join(deck.kinds)} · language {deck.language}",
                    "dim",
                ),
            )
        )

    def _selected_key(self, table_id: str) -> str | None:
        table = self.query_one(table_id, DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return None if row_key.value is None else str(row_key.value)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_study("review")

    def action_study(self, mode: str) -> None:
        """Study the highlighted deck, or the highlighted tag when the tag table has focus."""
        app = self.app
        tags = self.query_one("#home-tags", DataTable)
        if tags.has_focus:
            tag = self._selected_key("#home-tags")
            if tag is not None:
                app.start_study(mode, (), tag)
            return
        key = self._selected_key("#home-decks")
        if key is None:
            if not app.services.library.summaries:
                self.notify(_no_decks(app.services.deck_paths), severity="warning", markup=False)
            return
        if key.startswith(BROKEN_PREFIX):
            self.notify("This deck has errors: fix them first (quizapp lint).", severity="error")
            return
        app.start_study(mode, (key,))


def _no_decks(looked_in: Sequence[Path]) -> str:
    folders = ", ".join(str(path) for path in looked_in) or "your deck folder"
    return f"No decks found in {folders}: put .yaml deck files there."


def _cells(figures: DeckStats) -> tuple[Text, ...]:
    due = cell(str(figures.due), "bold" if figures.due else "")
    value = figures.mastery if figures.total else None
    mastery = f"{meter(value)} {percent(value):>4}"
    return (cell(str(figures.total)), due, cell(str(figures.new)), cell(mastery))


def _pending(count: int) -> tuple[Text, ...]:
    """Cells whose figure is still being computed."""
    return tuple(cell("…", "dim") for _ in range(count))


def _fit(labels: list[str], room: int) -> int:
    """A column width: the longest label, within the room the table leaves (at least 10)."""
    longest = max((len(label) for label in labels), default=10)
    return max(10, min(longest, room))
