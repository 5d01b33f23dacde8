"""SVG snapshots of every screen state at 80×24 and 120×40 (fixed clock, no fuzz, seeded)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from quizapp.tui.app import QuizApp
from tests.tui.tui_keys import answer_current, settle, steps

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def snap_app(
    make_test_app: Callable[..., QuizApp], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., QuizApp]:
    """An app on the fixture decks given by relative paths, so no tmp path shows on screen."""
    monkeypatch.chdir(DATA)

    def build(*, broken: bool = True, light: bool = False) -> QuizApp:
        paths = [Path("decks/kinds.yaml")] + ([Path("broken")] if broken else [])
        return make_test_app(*paths, light=light)

    return build


class TestHome:
    @pytest.mark.parametrize("size", SIZES)
    def test_home(self, snap_compare: Any, snap_app: Any, size: tuple[int, int]) -> None:
        assert snap_compare(snap_app(), run_before=steps(), terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_home_broken_deck_error(
        self, snap_compare: Any, snap_app: Any, size: tuple[int, int]
    ) -> None:
        assert snap_compare(snap_app(), run_before=steps("down"), terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_home_light_theme(
        self, snap_compare: Any, snap_app: Any, size: tuple[int, int]
    ) -> None:
        assert snap_compare(snap_app(light=True), run_before=steps(), terminal_size=size)


class TestStudy:
    @pytest.mark.parametrize("size", SIZES)
    def test_basic_question(self, snap_compare: Any, snap_app: Any, size: tuple[int, int]) -> None:
        assert snap_compare(snap_app(), run_before=steps("r"), terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_basic_revealed(self, snap_compare: Any, snap_app: Any, size: tuple[int, int]) -> None:
        assert snap_compare(snap_app(), run_before=steps("r", "space"), terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_typed_near_miss(self, snap_compare: Any, snap_app: Any, size: tuple[int, int]) -> None:
        run = steps("r", kind="typed", after=(*"Andresen", "enter"))
        assert snap_compare(snap_app(), run_before=run, terminal_size=size)

    def test_typed_near_miss_light_theme(self, snap_compare: Any, snap_app: Any) -> None:
        run = steps("r", kind="typed", after=(*"Andresen", "enter"))
        assert snap_compare(snap_app(light=True), run_before=run, terminal_size=(80, 24))

    @pytest.mark.parametrize("size", SIZES)
    def test_multiple_choice_picks(
        self, snap_compare: Any, snap_app: Any, size: tuple[int, int]
    ) -> None:
        run = steps("r", kind="choice", after=())
        assert snap_compare(snap_app(), run_before=run, terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_truefalse_wrong(self, snap_compare: Any, snap_app: Any, size: tuple[int, int]) -> None:
        run = steps("r", kind="truefalse", after=("f",))
        assert snap_compare(snap_app(), run_before=run, terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_cloze_gaps(self, snap_compare: Any, snap_app: Any, size: tuple[int, int]) -> None:
        run = steps("r", kind="cloze", after=(*"R1", "enter", *"Jan"))
        assert snap_compare(snap_app(), run_before=run, terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_order_grabbed(self, snap_compare: Any, snap_app: Any, size: tuple[int, int]) -> None:
        run = steps("r", kind="order", after=("space", "down"))
        assert snap_compare(snap_app(), run_before=run, terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_numeric_question(
        self, snap_compare: Any, snap_app: Any, size: tuple[int, int]
    ) -> None:
        run = steps("r", kind="numeric", after=(*"600", "enter"))
        assert snap_compare(snap_app(), run_before=run, terminal_size=size)


async def _quiz_to_summary(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    for number in range(8):
        await answer_current(pilot, right=number % 3 != 0)


class TestOtherScreens:
    @pytest.mark.parametrize("size", SIZES)
    def test_summary(self, snap_compare: Any, snap_app: Any, size: tuple[int, int]) -> None:
        assert snap_compare(snap_app(), run_before=_quiz_to_summary, terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_stats(
        self, snap_compare: Any, snap_app: Any, history: Any, size: tuple[int, int]
    ) -> None:
        app = snap_app(broken=False)
        history(app)
        assert snap_compare(app, run_before=steps("s"), terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_browse(
        self, snap_compare: Any, snap_app: Any, history: Any, size: tuple[int, int]
    ) -> None:
        app = snap_app(broken=False)
        history(app)
        assert snap_compare(app, run_before=steps("b"), terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_card_history(
        self, snap_compare: Any, snap_app: Any, history: Any, size: tuple[int, int]
    ) -> None:
        app = snap_app(broken=False)
        history(app)
        assert snap_compare(app, run_before=steps("b", "h"), terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_quiz_dialog(self, snap_compare: Any, snap_app: Any, size: tuple[int, int]) -> None:
        assert snap_compare(snap_app(), run_before=steps("t"), terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_help(self, snap_compare: Any, snap_app: Any, size: tuple[int, int]) -> None:
        assert snap_compare(snap_app(), run_before=steps("question_mark"), terminal_size=size)
