"""The app on a big library: a progress bar while new decks are parsed, a home screen that
counts without building cards, and a study that reads only the deck it studies."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, ProgressBar

from bench import gen
from quizapp.context import open_services
from quizapp.core import deck_loader, library
from quizapp.core.clock import FixedClock
from quizapp.core.model import Rating
from quizapp.core.session import StudySession
from quizapp.core.stats import overview
from quizapp.tui.factory import make_app
from quizapp.tui.queries import home_figures
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.loading import LoadingScreen
from quizapp.tui.screens.study import StudyScreen
from tests.answers import answer_right
from tests.tui.tui_helpers import KINDS_DECK
from tests.tui.tui_keys import settle

pytestmark = pytest.mark.usefixtures("utc_days")


@pytest.fixture
def big_deck(tmp_path: Path) -> Path:
    """A generated deck of every kind, big enough to report progress many times."""
    path = tmp_path / "decks" / "big.yaml"
    path.parent.mkdir()
    path.write_text(gen.deck_text("gen-big", 1500), encoding="utf-8")
    return path


async def wait_until(pilot: Any, ready: Callable[[Any], bool], what: str) -> Any:
    """Poll every 10 ms until `ready(screen)`; the screen. The 60 s deadline only guards
    against a hang: a first parse on a busy machine may take seconds."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        await pilot.pause(0.01)
        if ready(pilot.app.screen):
            return pilot.app.screen
    raise AssertionError(f"no {what}, still on {pilot.app.screen!r}")


def _home_listed(screen: Any) -> bool:
    # query, not query_one: the home screen may be pushed and not composed yet.
    tables = screen.query("#home-decks").results(DataTable)
    return isinstance(screen, HomeScreen) and any(table.row_count > 0 for table in tables)


async def wait_for_home(pilot: Any) -> HomeScreen:
    screen: HomeScreen = await wait_until(pilot, _home_listed, "home screen")
    # Let the screen finish mounting and its figures' worker finish (the header's title
    # watchers fail if the app closes under them).
    await settle(pilot)
    return screen


async def test_cache_first_load_shows_a_progress_bar_that_advances(
    tmp_path: Path, big_deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Report at every chance, so the test does not depend on how fast this machine parses.
    monkeypatch.setattr(deck_loader, "PROGRESS_EVENTS", 512)
    monkeypatch.setattr(library, "PROGRESS_INTERVAL_S", 0.0)
    shown: list[tuple[bool, float, float | None]] = []
    real = LoadingScreen.show_progress

    def watch(screen: LoadingScreen, done: int, total: int) -> None:
        real(screen, done, total)
        if screen.is_mounted:
            bar = screen.query_one("#loading-progress", ProgressBar)
            shown.append((bar.display, bar.progress, bar.total))

    monkeypatch.setattr(LoadingScreen, "show_progress", watch)
    app = make_app(data_dir=tmp_path / "data", deck_paths=[big_deck], lazy=True, animate=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_home(pilot)
        assert app.services.library.summaries[0].card_count == 1500
    assert len(shown) >= 3
    assert all(display for display, _progress, _total in shown)
    progress = [done for _display, done, _total in shown]
    assert progress == sorted(progress) and progress[0] < progress[-1]
    assert progress[-1] == shown[-1][2] == big_deck.stat().st_size


async def test_cache_study_of_a_small_deck_never_builds_the_big_one(
    tmp_path: Path, big_deck: Path
) -> None:
    data = tmp_path / "data"
    # The first start fills the cache.
    open_services(data, deck_paths=[KINDS_DECK, big_deck]).close()
    app = make_app(data_dir=data, deck_paths=[KINDS_DECK, big_deck], animate=False, fuzz=False)
    big = app.services.library
    assert not big.is_read("gen-big")
    async with app.run_test(size=(100, 30)) as pilot:
        home = await wait_for_home(pilot)
        figures = home._figures
        assert figures is not None and [row.total for row in figures.decks] == [8, 1500]
        await pilot.press("r")  # the highlighted deck: the small one
        screen = await wait_until(
            pilot,
            lambda s: isinstance(s, StudyScreen) and bool(s.session and s.session.current),
            "card shown",
        )
        assert screen.session.current.deck.id == "tui-kinds"
        assert not big.is_read("gen-big")


def test_cache_home_figures_agree_with_the_stats(tmp_path: Path, big_deck: Path) -> None:
    clock = FixedClock()
    data = tmp_path / "data"
    open_services(data, deck_paths=[KINDS_DECK, big_deck], clock=clock).close()
    with open_services(data, deck_paths=[KINDS_DECK, big_deck], clock=clock) as services:
        decks = services.library.decks
        session = StudySession.review(
            services.store, services.scheduler, decks, clock, day=services.day()
        )
        for count in range(12):
            answer_right(session, Rating.AGAIN if count % 3 == 0 else Rating.GOOD)
        session.finish()
        services.store.set_suspended("tui-kinds", "typed", True)
        services.store.set_suspended("gen-big", "gen-big-c000003", True)
        stats = overview(services.store, services.scheduler, decks, clock.now(), services.day())
        day_start = services.day().start_of_day(clock.now())
        new_left = services.settings.limits.new_per_day - services.store.count_reviews(
            day_start, new_only=True
        )
        # The home screen's own figures, on a library that has not built its cards.
        fresh = open_services(data, deck_paths=[KINDS_DECK, big_deck], clock=clock)
        try:
            home = home_figures(fresh)
            assert not fresh.library.is_read("gen-big")
        finally:
            fresh.close()
    assert home is not None
    assert home.decks == stats.decks
    assert home.tags == stats.tags
    # Today's new cards are the unseen ones within the day's limit (8 of over 1,000 here).
    assert 0 < new_left < stats.new
    assert (home.due_today, home.new, home.reviews_today, home.streak) == (
        stats.due_today,
        new_left,
        12,
        stats.streak,
    )
    assert sum(row.suspended for row in home.decks) == 2


async def test_cache_a_small_library_opens_on_a_complete_home_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given: list[object] = []
    real = HomeScreen.__init__

    def opened(screen: HomeScreen, figures: Any = None) -> None:
        given.append(figures)
        real(screen, figures)

    monkeypatch.setattr(HomeScreen, "__init__", opened)
    app = make_app(data_dir=tmp_path / "data", deck_paths=[KINDS_DECK], lazy=True, animate=False)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await wait_for_home(pilot)
        # Figures came with the screen: its first paint has them, no worker was needed.
        assert len(given) == 1 and given[0] is not None
        row = home.query_one("#home-decks", DataTable).get_row_at(0)
        assert [str(value) for value in row[1:3]] == ["8", "0"]
