"""`quizapp study`: the app opens on the session's first card, and the deck list comes after."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from quizapp.core.clock import FixedClock
from quizapp.core.session_plan import SessionPlan
from quizapp.tui.screens import study
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.screens.summary import SummaryScreen
from tests.tui.tui_helpers import MakeApp
from tests.tui.tui_keys import answer_current, answer_keys, settle


async def test_start_opens_on_the_first_card_then_home_after_the_summary(
    make_test_app: MakeApp, saved: Any
) -> None:
    app = make_test_app(start=SessionPlan(), lazy=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.session is not None
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["StudyScreen"]
        item = await answer_current(pilot, right=True)
        with saved() as store:
            assert [(r.deck_id, r.card_id) for r in store.reviews()] == [item.key]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")  # as the footer says, though a table has the focus
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 2
        await pilot.press("r")  # and the deck list starts sessions as usual
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)


async def test_start_quiz_follows_the_plan(make_test_app: MakeApp) -> None:
    plan = SessionPlan(mode="quiz", count=3, schedule=False, time_limit=60.0)
    app = make_test_app(start=plan, lazy=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.session is not None
        assert screen.session.total == 3 and not screen.session.schedules
        assert screen.session.time_limit == 60.0


async def test_time_running_out_keeps_the_answer_waiting_for_its_rating(
    make_test_app: MakeApp, fixed_clock: FixedClock, saved: Any
) -> None:
    """The verdict was on screen when the time ran out: the summary counted 0 answered."""
    plan = SessionPlan(mode="quiz", count=3, time_limit=60.0)
    app = make_test_app(start=plan, lazy=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.session is not None
        item = screen.session.current
        assert item is not None
        await pilot.press(*answer_keys(item, right=True))
        await settle(pilot)
        fixed_clock.advance(timedelta(seconds=61))
        await pilot.pause(1.2)  # the once-a-second tick sees the time is up
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert (app.screen.summary.answered, app.screen.summary.time_up) == (1, True)
    with saved() as store:
        assert [(r.deck_id, r.card_id) for r in store.reviews()] == [item.key]


async def test_a_quiz_left_at_once_says_nothing_was_answered_not_well_done(
    make_test_app: MakeApp,
) -> None:
    app = make_test_app(start=SessionPlan(mode="quiz", count=5), lazy=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        figures = str(screen.query_one("#summary-figures", Static).render())
        assert "0 answered, 5 not reached" in figures
        missed = screen.query_one("#summary-missed", DataTable)
        assert [str(c) for c in missed.get_row_at(0)] == ["–", "No card answered."]


async def test_start_with_nothing_to_study_lands_on_home_with_a_note(
    make_test_app: MakeApp,
) -> None:
    app = make_test_app(start=SessionPlan(tag="no-such-tag"), lazy=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("Nothing to study" in str(n.message) for n in app._notifications)


async def test_start_on_an_unknown_deck_exits_with_a_usage_error(
    make_test_app: MakeApp, capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_test_app(start=SessionPlan(deck_ids=("nope",)), lazy=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    assert "quizapp: no deck with id nope" in capsys.readouterr().err


async def test_a_big_library_opens_its_session_in_a_worker(
    make_test_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(study, "EAGER_CARDS", 0)  # every library counts as big
    opened: list[bool] = []
    real = StudyScreen._open_session

    def counted(self: StudyScreen) -> Any:
        opened.append(True)
        return real(self)

    monkeypatch.setattr(StudyScreen, "_open_session", counted)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert opened == [True]
        assert isinstance(screen, StudyScreen) and screen.session is not None
        assert not screen.query_one("#study-body").loading
        await answer_current(pilot, right=True)
        assert screen.session.answered == 1
