"""Pilot tests of the stats and browse screens and the command palette's provider."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from quizapp.tui.commands import QuizCommands
from quizapp.tui.queries import CardRow
from quizapp.tui.screens.browse import CARD_COLUMN, BrowseScreen, HistoryScreen, card_column_width
from quizapp.tui.screens.stats import StatsScreen
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.widgets.bars import PercentBars
from quizapp.tui.widgets.heatmap import Heatmap, level
from quizapp.tui.widgets.session_bar import SessionBar
from tests.tui.tui_keys import settle


async def test_stats_screen_draws_the_history(make_test_app: Any, history: Any) -> None:
    app = make_test_app()
    history(app, 12)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        heatmap = app.screen.query_one(Heatmap)
        assert sum(heatmap.counts.values()) > 0
        assert len([day for day, count in heatmap.counts.items() if count]) == 12
        bars = app.screen.query_one(PercentBars)
        assert bars.values and all(0 <= v <= 1 for v in bars.values.values())
        assert "Streak 12" in str(app.screen.query_one("#stats-summary", Static).visual)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, StatsScreen)


async def test_percent_bars_line_up_whatever_the_width_of_the_labels_characters() -> None:
    """A Chinese tag was padded by characters, not cells: its bar ran two cells further right
    per character and its percentage was cut off."""
    from textual.app import App, ComposeResult

    class Bars(App[None]):
        def compose(self) -> ComposeResult:
            yield PercentBars()

    app = Bars()
    async with app.run_test(size=(60, 10)) as pilot:
        bars = app.query_one(PercentBars)
        bars.values = {"标签": 0.5, "tag5": 1.0, "a-very-long-tag-name-indeed": 0.25}
        await pilot.pause()
        lines = [str(line) for line in bars.render().split("\n")]
        assert [cell_len(line) for line in lines] == [cell_len(lines[0])] * 3
        assert [line[-4:] for line in lines] == [" 50%", "100%", " 25%"]
        assert lines[2].startswith("a-very-long-tag-n…")


def test_heatmap_levels_grow_with_the_count() -> None:
    assert [level(c, 8) for c in (0, 1, 3, 5, 8)] == [0, 1, 2, 3, 4]
    assert level(5, 0) == 0


async def open_browse(pilot: Pilot[Any]) -> BrowseScreen:
    """From the home screen, `b`: the card browser, its rows read."""
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BrowseScreen)
    return screen


LONG_IDS_DECK = """\
deck: long-ids
title: Long ids
cards:
  - id: short
    kind: basic
    front: One
    back: "1"
  - id: highflyer-statement-date
    kind: basic
    front: Two
    back: "2"
"""


@pytest.mark.parametrize(("width", "column"), [(120, 24), (80, 20), (70, 18)])
async def test_browse_card_column_fits_the_longest_id_within_a_quarter_of_the_screen(
    make_test_app: Any, tmp_path: Path, width: int, column: int
) -> None:
    deck = tmp_path / "long-ids.yaml"
    deck.write_text(LONG_IDS_DECK, encoding="utf-8")
    app = make_test_app(deck)
    async with app.run_test(size=(width, 30)) as pilot:
        screen = await open_browse(pilot)
        assert len(screen.rows) == 2
        table = screen.query_one("#browse-table", DataTable)
        card = next(c for c in table.columns.values() if str(c.label) == "Card")
        assert card.width == column  # the 24-character id is whole on a wide screen
        question = next(c for c in table.columns.values() if str(c.label) == "Question")
        assert question.width >= 12


@pytest.mark.parametrize("width", [60, 80, 100, 140])
async def test_browse_search_and_filters_are_all_on_screen_and_usable(
    make_test_app: Any, width: int
) -> None:
    """Below 100 columns the search gets a row of its own: it had 2 columns at 60."""
    app = make_test_app()
    async with app.run_test(size=(width, 30)) as pilot:
        screen = await open_browse(pilot)
        search = screen.query_one("#browse-search", Input)
        assert search.content_region.width >= width // 3
        for select_id in ("#browse-deck", "#browse-tag", "#browse-state"):
            region = screen.query_one(select_id, Select).region
            assert region.right <= width
            assert region.height == 3  # its prompt on one line, not wrapped
        await pilot.press("slash", *"billion")
        await pilot.pause(0.4)  # the search waits for a pause in typing
        assert search.value == "billion"
        assert [row.card_id for row in screen.shown] == ["numeric"]


def test_browse_card_column_stops_at_its_widest() -> None:
    row = CardRow("d", "D", "x" * 64, "basic", "?", (), "new", None, 0, 0, None, None, False, False)
    assert card_column_width([row], 400) == CARD_COLUMN[1]
    assert card_column_width([], 400) == CARD_COLUMN[0]


async def test_browse_suspend_keeps_the_cursor_on_its_card(make_test_app: Any, saved: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browse(pilot)
        table = screen.query_one("#browse-table", DataTable)
        table.focus()
        table.move_cursor(row=3)
        card = screen.shown[3]
        await pilot.press("s")  # suspend: the rows are read again
        await settle(pilot)
        assert table.cursor_row == 3 and screen.shown[3].card_id == card.card_id
        await pilot.press("s")  # the same card again: unsuspended
        await settle(pilot)
    with saved() as store:
        state = store.card_state(card.deck_id, card.card_id)
        assert state is None or not state.suspended
        suspended = [s for s in store.card_states() if s.suspended]
    assert suspended == []


async def test_browse_searches_filters_and_suspends(
    make_test_app: Any, history: Any, saved: Any
) -> None:
    app = make_test_app()
    history(app, 3)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browse(pilot)
        table = screen.query_one("#browse-table", DataTable)
        assert table.row_count == 8
        await pilot.press("slash", *"billion")
        await pilot.pause(0.4)  # the search waits for a pause in typing
        assert [row.card_id for row in screen.shown] == ["numeric"]
        await pilot.press("enter")  # back to the table
        screen.query_one("#browse-search", Input).value = ""
        wanted = screen.rows[0].state
        screen.query_one("#browse-state", Select).value = wanted
        await pilot.pause()
        assert screen.shown and all(row.state == wanted for row in screen.shown)
        assert len(screen.shown) == sum(1 for row in screen.rows if row.state == wanted)
        screen.query_one("#browse-state", Select).clear()
        await pilot.pause()
        first = screen.shown[0]
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("s")
        await settle(pilot)
        with saved() as store:
            state = store.card_state(first.deck_id, first.card_id)
            assert state is not None and state.suspended
        assert next(r for r in screen.rows if r.card_id == first.card_id).state == "suspended"
        await pilot.press("s")
        await settle(pilot)
        with saved() as store:
            state = store.card_state(first.deck_id, first.card_id)
            assert state is not None and not state.suspended


async def test_browse_opens_a_cards_history(make_test_app: Any, history: Any, saved: Any) -> None:
    app = make_test_app()
    history(app, 3)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browse(pilot)
        answered = next(row for row in screen.shown if row.reps)
        screen.query_one("#browse-table", DataTable).move_cursor(row=screen.shown.index(answered))
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        with saved() as store:
            count = len(list(store.reviews(answered.deck_id, answered.card_id)))
        assert app.screen.query_one(DataTable).row_count == count > 0
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)


async def test_sort_by_due_puts_the_earliest_first(make_test_app: Any, history: Any) -> None:
    app = make_test_app()
    history(app, 3)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browse(pilot)
        await pilot.press("o")  # deck -> due
        await pilot.pause()
        assert screen.sort_column == "due"
        dues = [row.due for row in screen.shown if row.due is not None]
        assert dues == sorted(dues) and dues
        undated = [index for index, row in enumerate(screen.shown) if row.due is None]
        assert undated == list(range(len(dues), len(screen.shown)))


async def test_palette_provider_offers_decks_and_tags(make_test_app: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        provider = QuizCommands(app.screen)
        titles = [title for title, _callback, _help in provider._commands()]
        assert "Study: Review deck Every kind of card" in titles
        assert "Quiz: Deck Every kind of card" in titles
        assert "Study: Review tag dates" in titles
        assert "Stats: Open" in titles and "Browse: Cards" in titles
        hits = [hit async for hit in provider.search("review tag dates")]
        assert hits and str(hits[0].text).startswith("Study: Review tag")
        best = max(hits, key=lambda hit: hit.score)
        best.command()
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.plan.tag == "dates"


async def test_lazy_app_loads_decks_in_a_worker(data_dir: Any, decks: Any) -> None:
    from quizapp.tui.factory import make_app
    from quizapp.tui.screens.home import HomeScreen

    app = make_app(data_dir=data_dir, deck_paths=[decks["kinds"]], lazy=True, animate=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert [deck.id for deck in app.services.library.decks] == ["tui-kinds"]


async def test_unusable_database_ends_with_one_clear_line(
    data_dir: Any, decks: Any, capsys: Any
) -> None:
    from quizapp.tui.factory import make_app

    data_dir.mkdir(parents=True)
    (data_dir / "default.sqlite3").write_bytes(b"this is not a database" * 100)
    app = make_app(data_dir=data_dir, deck_paths=[decks["kinds"]], lazy=True, animate=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == 1
    message = " ".join(capsys.readouterr().err.split())
    assert message.startswith("quizapp: ") and "not a quizapp progress database" in message
    assert "Traceback" not in message


async def test_quiz_dialog_sets_count_time_and_schedule(make_test_app: Any, saved: Any) -> None:
    from datetime import timedelta

    from quizapp.tui.screens.quiz_dialog import QuizDialog
    from quizapp.tui.screens.summary import SummaryScreen
    from tests.tui.tui_keys import answer_current

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, QuizDialog)
        await pilot.press("ctrl+a", "ctrl+k", "3")  # select the count's text, type 3
        dialog.query_one("#quiz-time", Select).value = 1  # 2 minutes
        await pilot.press("tab", "tab", "space")  # untick "update my schedule"
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.session is not None
        assert screen.session.total == 3
        assert screen.session.time_limit == 120.0 and not screen.session.schedules
        assert "⏱ 2m 00s" in screen.query_one(SessionBar).label.plain
        await answer_current(pilot, right=True)
        app.services.clock.advance(timedelta(minutes=3))
        # The once-a-second tick notices the time is up: wait for it, however busy the machine.
        deadline = time.monotonic() + 30
        while not isinstance(app.screen, SummaryScreen) and time.monotonic() < deadline:
            await pilot.pause(0.1)
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.summary.time_up and app.screen.summary.answered == 1
    with saved() as store:
        reviews = list(store.reviews())
        assert len(reviews) == 1 and not reviews[0].scheduled
        state = store.card_state(reviews[0].deck_id, reviews[0].card_id)
        assert state is None or state.schedule is None


async def test_suspended_cards_are_neither_new_nor_drawn_and_the_counts_say_so(
    make_test_app: Any, saved: Any
) -> None:
    """A deck of one suspended card showed "1 new" and "1 cards to draw from", then "no card
    is due or new" for the quiz."""
    from quizapp.tui.queries import home_figures
    from quizapp.tui.screens.home import HomeScreen
    from quizapp.tui.screens.quiz_dialog import QuizDialog

    app = make_test_app()
    with saved() as store:
        for card_id in ("basic", "typed"):
            store.set_suspended("tui-kinds", card_id, True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        rows = app.services.library.summaries
        total = sum(deck.card_count for deck in rows)
        assert f"{total - 2} new" in str(home.query_one("#home-today", Static).render())
        # The day's limit caps today's figure, as it caps the review.
        settings = app.services.settings
        limited = dataclasses.replace(settings.limits, new_per_day=3)
        figures = home_figures(
            app.services.save_settings(dataclasses.replace(settings, limits=limited))
        )
        assert figures is not None and figures.new == 3
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, QuizDialog)
        hint = str(app.screen.query_one("#quiz-hint", Static).render())
        assert hint.startswith(f"{total - 2} cards to draw from")


async def test_no_decks_names_the_folder_and_r_and_t_say_why_they_do_nothing(
    make_test_app: Any, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_test_app(empty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        detail = str(app.screen.query_one("#home-detail", Static).render())
        assert detail == f"No decks found in {empty}: put .yaml deck files there."
        for key in ("r", "t"):
            app.clear_notifications()
            await pilot.press(key)
            await settle(pilot)
            assert [str(n.message) for n in app._notifications] == [detail]


@pytest.mark.parametrize("typed", ["0", "", "1001"])
async def test_quiz_dialog_refuses_a_count_out_of_range(make_test_app: Any, typed: str) -> None:
    """ "0" started a quiz of 10 cards without a word."""
    from quizapp.tui.screens.quiz_dialog import QuizDialog

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k", *typed, "enter")
        await settle(pilot)
        assert isinstance(app.screen, QuizDialog)
        assert any("from 1 to 1000" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+a", "ctrl+k", "2", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.session is not None
        assert screen.session.total == 2


@pytest.mark.parametrize(("typed", "started"), [("3", 3), ("0", None)])
async def test_quiz_dialog_takes_a_count_typed_fast_with_its_enter(
    make_test_app: Any, typed: str, started: int | None
) -> None:
    """ "0" and Enter typed in one burst started a quiz of 10: Enter, a priority binding, ran
    before the field had the "0"."""
    from quizapp.tui.screens.quiz_dialog import QuizDialog
    from tests.tui.tui_keys import burst

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k")
        burst(pilot, typed, "enter")
        await settle(pilot)
        screen = app.screen
        if started is None:
            assert isinstance(screen, QuizDialog)
        else:
            assert isinstance(screen, StudyScreen) and screen.session is not None
            assert screen.session.total == started


async def test_quiz_dialog_escape_cancels(make_test_app: Any) -> None:
    from quizapp.tui.screens.home import HomeScreen

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
