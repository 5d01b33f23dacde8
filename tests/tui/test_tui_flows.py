"""Pilot tests of whole flows: study every kind right and wrong, undo, flag, quit and resume."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from quizapp.core.model import (
    BasicCard,
    TypedCard,
)
from quizapp.core.results import ReportInput, build_report
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.screens.summary import SummaryScreen
from quizapp.tui.text import percent
from quizapp.tui.widgets.card_base import CardView
from quizapp.tui.widgets.feedback import Feedback
from quizapp.tui.widgets.rating_bar import RatingBar
from tests.tui.tui_keys import answer_current, answer_keys, answer_until, burst, settle

MakeApp = Any


async def start(pilot: Pilot[Any], key: str) -> StudyScreen:
    """`r` starts a review; `t` opens the quiz dialog, and Enter takes its defaults."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press(key)
    await settle(pilot)
    if key == "t":
        await pilot.press("enter")
        await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StudyScreen)
    return screen


async def test_quiz_every_kind_answered_right_is_saved(make_test_app: MakeApp, saved: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "t")
        kinds = []
        for number in range(1, 9):
            kinds.append((await answer_current(pilot, right=True)).card.kind.value)
            with saved() as store:  # saved before the next card shows
                assert len(list(store.reviews())) == number
        assert sorted(set(kinds)) == sorted(
            ["basic", "typed", "choice", "truefalse", "cloze", "order", "numeric"]
        )
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.summary.correct == 8
        assert app.screen.summary.missed == ()
    with saved() as store:
        reviews = list(store.reviews())
        assert len(reviews) == 8
        assert {r.verdict for r in reviews} == {"correct"}
        sessions = store.sessions()
        assert len(sessions) == 1 and sessions[0].ended is not None
        assert sessions[0].answered == 8


async def test_quiz_every_kind_answered_wrong_then_again(
    make_test_app: MakeApp, saved: Any
) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "t")
        for _ in range(8):
            await answer_current(pilot, right=False)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.summary.correct == 0
        assert len(summary.summary.missed) == 8
        missed_table = summary.query_one("#summary-missed", DataTable)
        assert missed_table.row_count == 8
        await pilot.press("a")
        await settle(pilot)
        again = app.screen
        assert isinstance(again, StudyScreen) and again.session is not None
        assert again.session.total == 8
    with saved() as store:
        reviews = list(store.reviews())
        assert len(reviews) == 8
        assert {r.verdict for r in reviews} == {"wrong"}
        assert {r.rating for r in reviews} == {1}


async def test_summary_accuracy_counts_a_near_miss_half_as_the_report_does(
    make_test_app: MakeApp, saved: Any
) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "t")
        typed = await answer_until(pilot, "typed")
        assert isinstance(typed.card, TypedCard)
        await pilot.press(*typed.card.answer[:-1], "enter")  # one letter short: a near miss
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        while isinstance(app.screen, StudyScreen):
            await answer_current(pilot, right=True)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        summary = screen.summary
        assert (summary.almost, summary.wrong) == (1, 0)
        shown = str(screen.query_one("#summary-figures", Static).render())
        assert f"Accuracy {percent(summary.accuracy)} (a near miss counts half)" in shown
        assert summary.accuracy == (summary.correct + 0.5) / summary.answered
        tags = screen.query_one("#summary-tags", DataTable)
        assert [str(column.label) for column in tags.columns.values()] == ["Tag", "Answers", "Acc."]
    with saved() as store:
        [quiz] = store.sessions(mode="quiz")
    report = build_report(ReportInput("s", "s", [], [], [quiz], quiz.started))
    assert report.quizzes[0].last == round(summary.accuracy, 4)  # what the teacher sees


async def test_keys_typed_right_after_enter_are_not_part_of_the_answer(
    make_test_app: MakeApp, saved: Any
) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "r")
        typed = await answer_until(pilot, "typed")
        burst(pilot, *"Andreessen", "enter", *"Rome")  # "Rome" is meant for the next card
        await settle(pilot)
        await pilot.press("enter")  # accept the rating
        await settle(pilot)
    with saved() as store:
        [row] = [r for r in store.reviews() if r.card_id == typed.card.id]
    assert (row.response, row.verdict) == ("Andreessen", "correct")


async def test_undo_typed_right_after_a_rating_takes_back_that_card_only(
    make_test_app: MakeApp, saved: Any
) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot, "r")
        first = await answer_current(pilot, right=True)
        second = screen.session.current if screen.session else None
        assert second is not None
        await pilot.press(*answer_keys(second, right=True))
        await settle(pilot)
        burst(pilot, "enter", "ctrl+z")  # rate the second card, then take it back at once
        await settle(pilot)
        assert screen.session is not None and screen.session.current == second
    with saved() as store:
        assert [r.card_id for r in store.reviews()] == [first.card.id]


async def test_quitting_after_a_check_keeps_that_answer_with_the_suggested_rating(
    make_test_app: MakeApp, saved: Any
) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot, "r")
        typed = await answer_until(pilot, "typed")
        assert screen.session is not None
        await pilot.press(*answer_keys(typed, right=True))
        await settle(pilot)
        suggested = screen.session.result.suggested if screen.session.result else None
        await pilot.press("escape")  # quit before accepting the rating
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen) and summary.summary.correct >= 1
    with saved() as store:
        [row] = [r for r in store.reviews() if r.card_id == typed.card.id]
    assert (row.verdict, row.rating) == ("correct", suggested)


async def test_an_unanswered_cloze_takes_the_keyboard_back_after_a_resize(
    make_test_app: MakeApp,
) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "r")
        await answer_until(pilot, "cloze")
        app.set_focus(None)  # as when the resize lands while the card is being shown
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        focused = app.focused
        assert isinstance(focused, Input) and (focused.id or "").startswith("gap-")
        await pilot.press(*"qR1")  # a 'q' typed into the gap, not the Quit binding
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert focused.value == "qR1"


async def test_wrong_answer_shows_the_expected_answer(make_test_app: MakeApp) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot, "t")
        assert screen.session is not None
        while not isinstance(screen.session.current.card, TypedCard):  # type: ignore[union-attr]
            await answer_current(pilot, right=True)
        await pilot.press(*"Andresen", "enter")
        await pilot.pause()
        feedback = screen.query_one(Feedback)
        assert feedback.has_class("-almost")
        diff = str(feedback.query_one("#feedback-diff", Static).visual)
        assert "Andresen" not in diff or "You typed" in diff
        assert "Marc Andreessen" in str(feedback.query_one("#feedback-expected", Static).visual)
        bar = screen.query_one(RatingBar)
        assert bar.has_focus and bar.suggested is not None and bar.selected == bar.suggested


async def test_undo_removes_the_saved_answer(make_test_app: MakeApp, saved: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot, "r")
        first = await answer_current(pilot, right=True)
        with saved() as store:
            assert len(list(store.reviews())) == 1
        await pilot.press("ctrl+z")  # the next card is typed: "u" would go into its input
        await settle(pilot)
        assert screen.session is not None and screen.session.current is not None
        assert screen.session.current.card.id == first.card.id
        assert screen.session.answered == 0
        assert isinstance(screen.query_one("#card-holder").children[0], CardView)
    with saved() as store:
        assert list(store.reviews()) == []
        state = store.card_state("tui-kinds", first.card.id)
        assert state is None or state.schedule is None


async def test_flag_marks_the_card(make_test_app: MakeApp, saved: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot, "r")
        assert screen.session is not None and screen.session.current is not None
        assert isinstance(screen.session.current.card, BasicCard)
        await pilot.press("f")
        await pilot.pause()
        first = await answer_current(pilot, right=True)
        assert screen.session.current is not None
        second = screen.session.current.card.id
        await pilot.press("ctrl+f")  # works inside an input too
        await pilot.pause()
    with saved() as store:
        for card_id in (first.card.id, second):
            state = store.card_state("tui-kinds", card_id)
            assert state is not None and state.flagged


async def test_quit_saves_and_a_new_session_resumes(make_test_app: MakeApp, saved: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "r")
        done = {(await answer_current(pilot, right=True)).card.id for _ in range(2)}
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.summary.answered == 2
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        decks = app.screen.query_one("#home-decks", DataTable)
        assert str(decks.get_row_at(0)[3]) == "6"  # new cards left
        screen = await start(pilot, "r")
        assert screen.session is not None and screen.session.current is not None
        assert screen.session.current.card.id not in done
    with saved() as store:
        assert {r.card_id for r in store.reviews()} == done
        finished = [s for s in store.sessions() if s.ended is not None]
        assert finished and finished[0].answered == 2


async def test_broken_deck_is_listed_with_its_first_error(
    make_test_app: MakeApp, decks: dict[str, Path]
) -> None:
    app = make_test_app(decks["kinds"], decks["broken"])
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#home-decks", DataTable)
        assert table.row_count == 2
        await pilot.press("down")
        await pilot.pause()
        detail = str(home.query_one("#home-detail", Static).visual)
        assert "broken.yaml:7:5:" in detail and "did you mean 'answer'" in detail
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("errors" in n.message for n in app._notifications)
        await pilot.press("up", "r")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)


async def test_markup_in_decks_is_shown_as_text(
    make_test_app: MakeApp, decks: dict[str, Path]
) -> None:
    app = make_test_app(decks["hostile"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#home-decks", DataTable)
        assert table.get_row_at(0)[0].plain == "[bold red]Markup[/bold red] deck"
        screen = await start(pilot, "r")
        prompt = screen.query_one(".card-prompt", Static).visual
        assert "[bold]bold[/bold]" in str(prompt)
        assert "[link=https://evil.example]a link[/link]" in str(prompt)
        await pilot.press(*"[i]nothing[/i]", "enter")
        await pilot.pause()
        explain = str(screen.query_one("#feedback-explain", Static).visual)
        assert "[blink]Explained[/blink]" in explain


async def test_help_lists_every_binding_and_theme_toggles(make_test_app: MakeApp) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        described = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert {"Undo", "Flag", "Reveal", "Review", "Quiz", "Move up", "Light/dark"} <= described
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"


async def test_palette_opens_stats(make_test_app: MakeApp) -> None:
    from quizapp.tui.screens.stats import StatsScreen

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Stats: Open")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)


async def test_closing_the_app_keeps_answers_for_the_next_run(
    make_test_app: MakeApp, saved: Any
) -> None:
    first_run = make_test_app()
    async with first_run.run_test(size=(100, 30)) as pilot:
        await start(pilot, "r")
        done = {(await answer_current(pilot, right=True)).card.id for _ in range(3)}
        first_run.exit()  # the terminal closes mid-session
    with saved() as store:
        assert {r.card_id for r in store.reviews()} == done
    second_run = make_test_app()
    async with second_run.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = second_run.screen.query_one("#home-decks", DataTable)
        assert str(table.get_row_at(0)[3]) == "5"
        screen = await start(pilot, "r")
        assert screen.session is not None and screen.session.current is not None
        assert screen.session.current.card.id not in done


async def test_tag_table_starts_a_session_on_that_tag(make_test_app: MakeApp) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tags = app.screen.query_one("#home-tags", DataTable)
        tags.focus()
        tags.move_cursor(
            row=[str(tags.get_row_at(i)[0]) for i in range(tags.row_count)].index("dates")
        )
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.session is not None
        assert screen.plan.tag == "dates" and screen.plan.mode == "quiz"
        assert screen.session.total == 2
        assert screen.session.current is not None and "dates" in screen.session.current.card.tags


async def test_a_tiny_terminal_still_works(make_test_app: MakeApp, history: Any) -> None:
    """40×12 is too small to be pleasant, but every screen must open and answer without error."""
    app = make_test_app()
    history(app, 2)
    async with app.run_test(size=(40, 12)) as pilot:
        await start(pilot, "t")
        for _ in range(3):
            await answer_current(pilot, right=True)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await settle(pilot)
        for key in ("s", "b", "question_mark"):
            await pilot.press(key)
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert app.screen.has_class("-wide")


async def test_u_undoes_from_the_rating_bar(make_test_app: MakeApp, saved: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot, "r")
        first = await answer_current(pilot, right=True)
        assert screen.session is not None and screen.session.current is not None
        await pilot.press(*answer_keys(screen.session.current, right=True))
        await pilot.pause()
        assert screen.query_one(RatingBar).has_focus  # checked, not yet rated
        await pilot.press("u")
        await settle(pilot)
        assert screen.session.current is not None
        assert screen.session.current.card.id == first.card.id
    with saved() as store:
        assert list(store.reviews()) == []
