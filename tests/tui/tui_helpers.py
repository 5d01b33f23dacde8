"""Helpers the TUI, cache and hostile-deck tests share: a deterministic app builder and the
test decks (the UTC and cursor-blink fixtures are in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from quizapp.core.clock import FixedClock
from quizapp.core.session_plan import SessionPlan
from quizapp.tui.app import QuizApp
from quizapp.tui.factory import make_app

DATA = Path(__file__).resolve().parent / "data"
KINDS_DECK = DATA / "decks" / "kinds.yaml"

MakeApp = Callable[..., QuizApp]


@contextmanager
def app_maker(data_dir: Path, clock: FixedClock) -> Iterator[MakeApp]:
    """Builds deterministic apps (fixed clock, no fuzz, untimed answers, seeded shuffles) on
    the given deck paths, the kinds deck when none; closes their stores at the end."""
    built: list[QuizApp] = []

    def build(
        *deck_paths: Path,
        light: bool = False,
        seed: int = 7,
        start: SessionPlan | None = None,
        lazy: bool = False,
    ) -> QuizApp:
        app = make_app(
            data_dir=data_dir,
            deck_paths=list(deck_paths) or [KINDS_DECK],
            clock=clock,
            fuzz=False,
            measure_time=False,
            animate=False,
            light=light,
            seed=seed,
            start=start,
            lazy=lazy,
        )
        built.append(app)
        return app

    yield build
    for app in built:
        if app._services is not None:  # a lazy app that stopped on an error has none
            app.services.store.close()
