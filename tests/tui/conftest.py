"""Fixtures for the TUI tests: an app on the fixture decks, a fixed clock, no cursor blink."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from quizapp.core.clock import FixedClock
from quizapp.core.grading import Response
from quizapp.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    NumericCard,
    OrderCard,
    Rating,
    TrueFalseCard,
    TypedCard,
)
from quizapp.core.session import StudySession
from quizapp.core.store import ProgressStore
from quizapp.tui.app import QuizApp
from quizapp.tui.factory import make_app

DATA = Path(__file__).resolve().parent / "data"
KINDS_DECK = DATA / "decks" / "kinds.yaml"
HOSTILE_DECK = DATA / "decks" / "hostile.yaml"
BROKEN_DIR = DATA / "broken"

MakeApp = Callable[..., QuizApp]


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local days (streaks, heatmap, due dates) are computed in UTC, whatever the machine says."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor would make snapshots flaky."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make_test_app(data_dir: Path, fixed_clock: FixedClock) -> Iterator[MakeApp]:
    """Build a deterministic app: fixed clock, no fuzz, untimed answers, seeded shuffles."""
    built: list[QuizApp] = []

    def build(*deck_paths: Path, light: bool = False, seed: int = 7) -> QuizApp:
        app = make_app(
            data_dir=data_dir,
            deck_paths=list(deck_paths) or [KINDS_DECK],
            clock=fixed_clock,
            fuzz=False,
            measure_time=False,
            animate=False,
            light=light,
            seed=seed,
        )
        built.append(app)
        return app

    yield build
    for app in built:
        app.services.store.close()


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


def right_response(card: Card) -> Response:
    """A correct response for any card kind, as `StudySession.check` takes it."""
    if isinstance(card, BasicCard):
        return Rating.GOOD
    if isinstance(card, TypedCard):
        return card.answer
    if isinstance(card, NumericCard):
        return str(card.answer)
    if isinstance(card, ChoiceCard):
        return card.correct
    if isinstance(card, TrueFalseCard):
        return card.answer
    if isinstance(card, ClozeCard):
        return tuple(gap.answer for gap in card.gaps)
    if isinstance(card, OrderCard):
        return tuple(range(len(card.items)))
    raise AssertionError(card)


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
