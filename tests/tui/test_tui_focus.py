"""Where the keyboard goes on a card: Tab, the rating keys after a check, long cards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quizapp.core.session_plan import SessionPlan
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.widgets.card_input import AnswerInput
from quizapp.tui.widgets.feedback import Feedback
from quizapp.tui.widgets.rating_bar import RatingBar
from tests.tui.tui_helpers import MakeApp
from tests.tui.tui_keys import answer_keys, settle

KINDS = ["basic", "typed", "choice", "truefalse", "cloze", "order", "numeric"]


def study_screen(app: object) -> StudyScreen:
    screen = getattr(app, "screen", None)
    assert isinstance(screen, StudyScreen) and screen.session is not None
    return screen


@pytest.mark.parametrize("then", ["3", "enter"])
async def test_rating_keys_work_after_a_tab_moved_the_focus_off_the_rating_bar(
    make_test_app: MakeApp, then: str
) -> None:
    """Tab after a check left 1-4 and Enter doing nothing, on every kind of card."""
    plan = SessionPlan(mode="quiz", count=20, schedule=True)
    app = make_test_app(start=plan, lazy=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = study_screen(app)
        seen: set[str] = set()
        while (item := screen.session.current if screen.session else None) is not None:
            seen.add(item.card.kind.value)
            answered = screen.session.answered if screen.session else 0
            await pilot.press(*answer_keys(item, right=True))
            await settle(pilot)
            await pilot.press("tab", "tab")
            await settle(pilot)
            await pilot.press(then)
            await settle(pilot)
            assert screen.session is not None
            assert screen.session.answered == answered + 1, item.card.kind
        assert seen == set(KINDS)


async def test_tab_cycles_through_a_cloze_cards_gaps_only(make_test_app: MakeApp) -> None:
    app = make_test_app(start=SessionPlan(mode="quiz", count=20), lazy=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = study_screen(app)
        while screen.session is not None and screen.session.current is not None:
            if screen.session.current.card.kind.value == "cloze":
                break
            await pilot.press(*answer_keys(screen.session.current, right=True))
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        gaps = list(screen.query(AnswerInput))
        assert len(gaps) == 2 and app.focused is gaps[0]
        await pilot.press("tab")
        assert app.focused is gaps[1]
        await pilot.press("tab")  # the scroll areas took the focus here, and Enter was lost
        assert app.focused is gaps[0]


LONG_DECK = """\
deck: long
title: Long
cards:
  - id: long
    kind: typed
    question: "{question}"
    answer: yes
    explain: "{explain}"
"""


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_long_cards_verdict_is_scrolled_into_view(
    make_test_app: MakeApp, tmp_path: Path, size: tuple[int, int]
) -> None:
    deck = tmp_path / "long.yaml"
    words = " ".join(f"word{n}" for n in range(350))
    deck.write_text(LONG_DECK.format(question=words, explain="Because. " * 5), "utf-8")
    app = make_test_app(deck, start=SessionPlan(), lazy=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = study_screen(app)
        [field] = screen.query(AnswerInput)
        body = screen.query_one("#study-body")
        assert body.max_scroll_y > 0  # the card is longer than the screen
        assert field.region.bottom <= body.region.bottom  # the focused field shows
        await pilot.press(*"nope", "enter")
        await settle(pilot)
        feedback = screen.query_one(Feedback)
        assert body.region.y <= feedback.region.y < body.region.bottom  # the verdict shows
        assert isinstance(app.focused, RatingBar)


async def test_a_long_basic_cards_back_is_scrolled_into_view(
    make_test_app: MakeApp, tmp_path: Path
) -> None:
    deck = tmp_path / "long.yaml"
    words = " ".join(f"word{n}" for n in range(350))
    deck.write_text(
        "deck: long\ntitle: Long\ncards:\n"
        f'  - {{id: b, kind: basic, front: "{words}", back: BACK}}\n',
        "utf-8",
    )
    app = make_test_app(deck, start=SessionPlan(), lazy=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = study_screen(app)
        await pilot.press("space")
        await settle(pilot)
        back = screen.query_one(".card-back")
        body = screen.query_one("#study-body")
        assert back.region.height > 0
        assert body.region.y <= back.region.y < body.region.bottom


MANY = """\
deck: many
title: Many
cards:
  - id: pick
    kind: choice
    question: Which one?
    options: [{options}]
    answer: o11
    shuffle: false
  - id: line
    kind: order
    question: In order
    items: [{items}]
"""


def many_deck(tmp_path: Path) -> Path:
    deck = tmp_path / "many.yaml"
    options = ", ".join(f"o{n}" for n in range(1, 13))
    items = ", ".join(f"i{n:02}" for n in range(1, 16))
    deck.write_text(MANY.format(options=options, items=items), "utf-8")
    return deck


async def test_a_click_picks_an_option_even_past_9_and_a_click_rates(
    make_test_app: MakeApp, tmp_path: Path, saved: Any
) -> None:
    app = make_test_app(many_deck(tmp_path), start=SessionPlan(), lazy=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = study_screen(app)
        assert screen.session is not None and screen.session.current is not None
        assert screen.session.current.card.id == "pick"
        row = screen.query_one("#pick-10")
        assert str(row.render()).startswith("11. o11")
        assert await pilot.click("#pick-10")
        await settle(pilot)
        assert screen.session.result is not None
        assert screen.session.result.verdict.value == "correct"
        assert await pilot.click("#rate-hard")
        await settle(pilot)
        assert screen.session.answered == 1
        with saved() as store:
            [review] = store.reviews()
        assert int(review.rating) == 2


@pytest.mark.parametrize("kind", ["choice", "order"])
async def test_a_long_list_follows_its_cursor_on_a_small_screen(
    make_test_app: MakeApp, tmp_path: Path, kind: str
) -> None:
    app = make_test_app(many_deck(tmp_path), start=SessionPlan(), lazy=True)
    async with app.run_test(size=(40, 15)) as pilot:
        await settle(pilot)
        screen = study_screen(app)
        if kind == "order":  # answer the choice card first
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        assert screen.session is not None and screen.session.current is not None
        rows = list(screen.query(".-cursor"))
        assert len(rows) == 1
        await pilot.press(*(["end"] if kind == "choice" else ["down"] * 14))
        await settle(pilot)
        [cursor] = list(screen.query(".-cursor"))
        body = screen.query_one("#study-body")
        assert cursor is not rows[0]
        assert body.region.y <= cursor.region.y < body.region.bottom


async def test_the_cards_hint_line_ends_in_an_ellipsis_when_its_tags_do_not_fit(
    make_test_app: MakeApp, tmp_path: Path
) -> None:
    """Cut at the edge, it read "new · Type your answer, Enter to check ·" (tags gone)."""
    deck = tmp_path / "tags.yaml"
    tags = ", ".join(f"tag-number-{n}" for n in range(8))
    deck.write_text(
        f"deck: tags\ntitle: Tags\ncards:\n  - {{id: a, kind: typed, question: Q, answer: A,"
        f" tags: [{tags}]}}\n",
        "utf-8",
    )
    app = make_test_app(deck, start=SessionPlan(), lazy=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        hint = study_screen(app).query_one("#study-kind")
        line = "".join(segment.text for segment in hint.render_line(0)).rstrip()
        assert line.endswith("…") and "tag-number-0" in line
