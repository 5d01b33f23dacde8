"""KeyFooter: the screen's keys from its first frame, rebuilt only when they change."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Button, Footer
from textual.widgets._footer import FooterKey

from quizapp.tui.widgets.key_footer import KeyFooter


class KeysScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "review", "Review"),
        Binding("x", "extra", "Extra"),
    ]

    def __init__(self, footer: Footer) -> None:
        super().__init__()
        self.footer = footer
        self.extra = False
        self.keys_at_mount: list[str] = []

    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")
        yield self.footer

    def on_mount(self) -> None:
        self.keys_at_mount = [key.description for key in self.query(FooterKey)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.extra if action == "extra" else True


class KeysApp(App[None]):
    def __init__(self, footer: Footer) -> None:
        super().__init__()
        self.keys_screen = KeysScreen(footer)

    def on_mount(self) -> None:
        self.push_screen(self.keys_screen)


async def test_key_footer_lists_the_keys_when_the_screen_mounts() -> None:
    plain = KeysApp(Footer())
    async with plain.run_test():
        assert plain.keys_screen.keys_at_mount == []  # Textual's Footer: not yet
    app = KeysApp(KeyFooter())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.keys_screen.keys_at_mount == ["Review", "palette"]
        final = [key.description for key in app.keys_screen.query(FooterKey)]
        assert final[0] == "Review" and "Extra" not in final


async def test_key_footer_keeps_its_keys_when_focus_moves_and_rebuilds_on_a_change() -> None:
    app = KeysApp(KeyFooter())
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.keys_screen
        before = list(screen.query(FooterKey))
        screen.query_one("#two", Button).focus()
        await pilot.pause()
        assert list(screen.query(FooterKey)) == before  # the same widgets: no rebuild
        screen.extra = True
        screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        shown = [key.description for key in screen.query(FooterKey)]
        assert "Extra" in shown and shown[0] == "Review"


async def test_key_footer_styles_its_keys_as_the_footer_and_the_palette_key_compact() -> None:
    app = KeysApp(KeyFooter())
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = list(app.keys_screen.query(FooterKey))
        palette = [key for key in keys if key.has_class("-command-palette")]
        others = [key for key in keys if not key.has_class("-command-palette")]
        assert palette and all(key.compact for key in palette)
        assert others and not any(key.compact or key.has_class("-compact") for key in others)
