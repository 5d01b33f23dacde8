"""Fixtures for the TUI tests: an app on the fixture decks, a fixed clock, no cursor blink."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from quizapp.core.clock import FixedClock
from quizapp.core.model import Rating
from quizapp.core.session import StudySession
from quizapp.core.store import ProgressStore
from quizapp.tui.app import QuizApp
from tests.answers import right_response
from tests.tui.tui_helpers import DATA, KINDS_DECK

HOSTILE_DECK = DATA / "decks" / "hostile.yaml"
BROKEN_DIR = DATA / "broken"


@pytest.fixture(autouse=True)
def tui_test_defaults(utc_days: None, no_cursor_blink: None) -> None:
    """Every TUI test counts days in UTC and has no blinking cursor (`tests/conftest.py`)."""


def open_store(data_dir: Path) -> ProgressStore:
    """A second connection to the test profile's database, to check what the app saved."""
    return ProgressStore(data_dir / "default.sqlite3")


@pytest.fixture
def decks() -> dict[str, Path]:
    """The fixture decks by name: `kinds` (one card per kind), `hostile` (markup), `broken`."""
    return {"kinds": KINDS_DECK, "hostile": HOSTILE_DECK, "broken": BROKEN_DIR}


@pytest.fixture
def history() -> Callable[[QuizApp], None]:
    """`history(app)` fills the app's store with twelve days of answers."""
    return seed_history


@pytest.fixture
def saved(data_dir: Path) -> Callable[[], ProgressStore]:
    """Opens the test profile's database to check what the app saved (close it after)."""
    return lambda: open_store(data_dir)


def seed_history(app: QuizApp, days: int = 12) -> None:
    """Study through the core for `days` days (moving the app's FixedClock) to fill the stats."""
    services = app.services
    clock = services.clock
    assert isinstance(clock, FixedClock)
    start = clock.current
    clock.current = start - timedelta(days=days)
    for day in range(days):
        session = StudySession.review(
            services.store, services.scheduler, services.library.decks, clock, day=services.day()
        )
        for count in range(6):
            item = session.current
            if item is None:
                break
            session.check(right_response(item.card))
            session.answer(Rating.AGAIN if (day + count) % 4 == 0 else None)
            clock.advance(timedelta(minutes=3))
        session.finish()
        clock.current = start - timedelta(days=days - day - 1)
    clock.current = start
