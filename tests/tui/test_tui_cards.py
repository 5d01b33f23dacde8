"""Each card view, alone in a small app: keys in, the right response out, text kept inert."""

from __future__ import annotations

from typing import Any

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from quizapp.core.model import (
    BasicCard,
    ChoiceCard,
    ClozeCard,
    ClozeGap,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from quizapp.tui.text import interval, sanitize
from quizapp.tui.widgets.card_base import BasicCardView, CardView
from quizapp.tui.widgets.card_input import cloze_rows
from quizapp.tui.widgets.cards import card_view_for


class CardHarness(App[None]):
    """Mounts one card view and records what it posts."""

    def __init__(self, view: CardView) -> None:
        super().__init__()
        self.view = view
        self.responses: list[Any] = []
        self.revealed = 0

    def compose(self) -> ComposeResult:
        yield self.view

    def on_mount(self) -> None:
        self.call_after_refresh(self.view.focus_answer)

    @on(CardView.Answered)
    def _answered(self, event: CardView.Answered) -> None:
        self.responses.append(event.response)

    @on(BasicCardView.Revealed)
    def _revealed(self) -> None:
        self.revealed += 1


async def _run(view: CardView, *keys: str) -> CardHarness:
    app = CardHarness(view)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
    return app


CHOICE = ChoiceCard(id="c", question="Which?", options=("a", "b", "c", "d"), correct=frozenset({2}))
MULTI = ChoiceCard(
    id="m", question="All?", options=("a", "b", "c"), correct=frozenset({0, 2}), multiple=True
)


async def test_choice_number_key_answers_with_the_original_index() -> None:
    app = await _run(card_view_for(CHOICE, option_order=(3, 2, 1, 0)), "2")
    assert app.responses == [frozenset({2})]


async def test_choice_arrows_then_enter() -> None:
    app = await _run(card_view_for(CHOICE, option_order=(0, 1, 2, 3)), "down", "down", "enter")
    assert app.responses == [frozenset({2})]


async def test_multiple_choice_collects_picks_until_enter() -> None:
    app = await _run(card_view_for(MULTI, option_order=(2, 1, 0)), "1", "3", "3", "3", "enter")
    assert app.responses == [frozenset({2, 0})]


async def test_choice_ignores_keys_once_locked() -> None:
    view = card_view_for(CHOICE)
    app = CardHarness(view)
    async with app.run_test() as pilot:
        await pilot.pause()
        view.seal()
        await pilot.press("1", "enter")
    assert app.responses == []


@pytest.mark.parametrize(
    ("language", "keys", "expected"),
    [
        ("en", ("t",), True),
        ("en", ("f",), False),
        ("fr", ("v",), True),
        ("en", ("down", "enter"), False),
        ("en", ("enter",), True),
    ],
)
async def test_truefalse_keys(language: str, keys: tuple[str, ...], expected: bool) -> None:
    card = TrueFalseCard(id="tf", statement="The sky is green.", answer=False)
    app = await _run(card_view_for(card, language=language), *keys)
    assert app.responses == [expected]


async def test_typed_enter_submits_the_text() -> None:
    card = TypedCard(id="t", question="Capital of France?", answer="Paris")
    app = await _run(card_view_for(card), *"paris", "enter")
    assert app.responses == ["paris"]


async def test_numeric_enter_submits_the_text_as_typed() -> None:
    card = NumericCard(id="n", question="How many?", answer=10000, unit="GPUs")
    app = await _run(card_view_for(card), *"10 000", "enter")
    assert app.responses == ["10 000"]


CLOZE = ClozeCard(
    id="z",
    text="{{Paris}} is the capital of {{France}}.",
    parts=(ClozeGap("Paris"), " is the capital of ", ClozeGap("France"), "."),
)


async def test_cloze_enter_moves_to_next_gap_then_checks() -> None:
    app = await _run(card_view_for(CLOZE), *"paris", "enter", *"france", "enter")
    assert app.responses == [("paris", "france")]


async def test_cloze_tab_moves_between_gaps() -> None:
    app = await _run(card_view_for(CLOZE), "tab", *"france", "shift+tab", *"paris", "tab", "enter")
    assert app.responses == [("paris", "france")]


def test_cloze_rows_wrap_words_and_gaps_like_text() -> None:
    parts = ("one two three ", ClozeGap("x"), " four five six seven")
    rows = cloze_rows(parts, [8], 16)
    assert rows == [["one two three"], [0, " four"], ["five six seven"]]


def test_cloze_rows_keep_every_gap_once() -> None:
    parts = tuple(p for i in range(10) for p in (f"word{i} ", ClozeGap(str(i))))
    rows = cloze_rows(parts, [8] * 10, 20)
    gaps = [cell for row in rows for cell in row if isinstance(cell, int)]
    assert gaps == list(range(10))
    assert all(len(row) > 0 for row in rows)


ORDER = OrderCard(id="o", question="Oldest first", items=("2021", "2022", "2023"))


async def test_order_shift_arrows_move_the_item() -> None:
    # shown as 2023, 2021, 2022: move 2023 down twice
    app = await _run(
        card_view_for(ORDER, item_order=(2, 0, 1)), "shift+down", "shift+down", "enter"
    )
    assert app.responses == [(0, 1, 2)]


async def test_order_space_grabs_and_arrows_move() -> None:
    app = await _run(
        card_view_for(ORDER, item_order=(1, 0, 2)), "space", "down", "space", "up", "enter"
    )
    # grab 2022, move it below 2021; cursor stays on it; released; up moves only the cursor
    assert app.responses == [(0, 1, 2)]


async def test_basic_space_reveals_once() -> None:
    card = BasicCard(id="b", front="Front", back="Back")
    view = card_view_for(card)
    app = await _run(view, "space", "space")
    assert app.revealed == 1


HOSTILE = "[bold]Loud[/bold] [link=https://evil.example]x[/link] \x1b[31mred\x1b[0m\x07"


async def test_card_text_is_never_markup_or_ansi() -> None:
    card = ChoiceCard(id="h", question=HOSTILE, options=(HOSTILE, "b"), correct=frozenset({0}))
    view = card_view_for(card)
    app = CardHarness(view)
    async with app.run_test() as pilot:
        await pilot.pause()
        prompt = view.query_one(".card-prompt", Static)
        content = prompt.visual
        assert isinstance(content, Content)
        assert "[bold]Loud[/bold]" in content.plain
        assert "[link=https://evil.example]" in content.plain
        assert "\x1b" not in content.plain and "␛[31m" in content.plain
        assert not content.spans
        option = view.query_one("#pick-0", Static).visual
        assert isinstance(option, Content)
        assert "[bold]Loud[/bold]" in option.plain and "\x07" not in option.plain


def test_sanitize_keeps_newlines_and_shows_controls() -> None:
    assert sanitize("a\nb\tc\x1b\x9b\x7f") == "a\nb\tc␛\ufffd\u2421"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(30, "30s"), (600, "10m"), (7200, "2h"), (86400 * 3, "3d"), (86400 * 45, "1.5mo")],
)
def test_interval_is_short(seconds: int, shown: str) -> None:
    from datetime import timedelta

    assert interval(timedelta(seconds=seconds)) == shown


async def test_order_marks_items_from_the_grade() -> None:
    from quizapp.core.grading import grade

    view = card_view_for(ORDER, item_order=(1, 0, 2))
    app = CardHarness(view)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        result = grade(ORDER, app.responses[0])
        view.seal()
        view.show_result(result)
        marks = [
            next(n for n in ("correct", "almost", "wrong") if row.has_class(f"-{n}"))
            for row in view.query("OrderRow")
        ]
        assert marks == [str(part) for part in result.parts]
        assert marks[2] == "correct"


async def test_cloze_keeps_typed_text_when_the_terminal_narrows() -> None:
    long_cloze = ClozeCard(
        id="long",
        text="x",
        parts=(
            "A long sentence that has to wrap when the terminal gets narrow, with ",
            ClozeGap("Paris"),
            " as the first gap and ",
            ClozeGap("France"),
            " as the second one.",
        ),
    )
    view = card_view_for(long_cloze)
    app = CardHarness(view)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"paris")
        rows_wide = len(view.query(".cloze-row"))
        await pilot.resize_terminal(40, 24)
        await pilot.pause()
        await pilot.pause()
        assert len(view.query(".cloze-row")) > rows_wide
        assert app.focused is not None and app.focused.id == "gap-0"
        await pilot.press("enter", *"france", "enter")
    assert app.responses == [("paris", "france")]


def test_meter_fills_with_the_value() -> None:
    from quizapp.tui.text import meter

    assert meter(None) == "░░░░░"
    assert meter(0.0) == "░░░░░"
    assert meter(0.62) == "███░░"
    assert meter(1.5) == "█████"
