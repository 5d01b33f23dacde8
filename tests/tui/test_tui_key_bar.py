"""KeyBar: the screen's keys in one widget, from the first frame, looking as Textual's Footer."""

from __future__ import annotations

import re
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer

from quizapp.tui.widgets.key_bar import KeyBar


class KeysScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "review", "Review"),
        Binding("x", "extra", "Extra"),
        Binding("d", "dim", "Dim"),
    ]

    def __init__(self, footer: Widget) -> None:
        super().__init__()
        self.footer = footer
        self.extra = False
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")
        yield self.footer

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "extra":
            return self.extra  # False hides the key
        return None if action == "dim" else True  # None shows it disabled

    def action_review(self) -> None:
        self.pressed.append("review")

    def action_dim(self) -> None:
        self.pressed.append("dim")


class KeysApp(App[None]):
    def __init__(self, footer: Widget) -> None:
        super().__init__()
        self.keys_screen = KeysScreen(footer)
        self.bells = 0

    def on_mount(self) -> None:
        self.push_screen(self.keys_screen)

    def bell(self) -> None:
        self.bells += 1


def shown(app: KeysApp) -> str:
    """The bar's line as painted on screen."""
    bar = app.keys_screen.query_one(KeyBar)
    return "".join(segment.text for segment in bar.render_line(0))


async def test_key_bar_shows_the_keys_in_the_screens_first_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only the keys read when the bar mounts: a focus change would also fill it, later.
    monkeypatch.setattr(KeyBar, "_bindings_changed", lambda self, screen: None)
    app = KeysApp(KeyBar())
    async with app.run_test() as pilot:
        await pilot.pause()
        text = shown(app)
        assert text.startswith(" r Review  d Dim ") and text.endswith("▏^p palette ")
        assert "Extra" not in text and len(text) == app.size.width


async def test_key_bar_redraws_when_the_keys_change() -> None:
    app = KeysApp(KeyBar())
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.keys_screen
        screen.extra = True
        screen.refresh_bindings()
        await pilot.pause()
        assert " x Extra " in shown(app)


async def test_key_bar_click_presses_the_key_and_a_disabled_key_rings() -> None:
    app = KeysApp(KeyBar())
    async with app.run_test() as pilot:
        await pilot.pause()
        text = shown(app)
        bar = app.keys_screen.query_one(KeyBar)
        await pilot.click(bar, offset=(text.index("Review"), 0))
        await pilot.pause()
        assert app.keys_screen.pressed == ["review"] and app.bells == 0
        await pilot.click(bar, offset=(text.index("Dim"), 0))
        await pilot.pause()
        assert app.keys_screen.pressed == ["review"] and app.bells == 1
        await pilot.click(bar, offset=(len(text.rstrip()) - 2, 0))  # "palette"
        await pilot.pause()
        assert app.screen is not app.keys_screen  # the command palette opened


async def test_key_bar_looks_exactly_as_textuals_footer() -> None:
    shots: list[str] = []
    for footer in (Footer(), KeyBar()):
        app = KeysApp(footer)
        async with app.run_test(size=(80, 10)) as pilot:
            await pilot.pause()
            await pilot.pause()
            # Hover a key: both draw it in the hover colour.
            await pilot.hover(footer, offset=(1, 0))
            await pilot.pause()
            shots.append(re.sub(r"terminal-\d+", "terminal", app.export_screenshot()))
    footer_shot, bar_shot = shots
    assert "Review" in bar_shot and bar_shot == footer_shot
