"""The screens' footer: the active keys, drawn as Textual's `Footer` draws them, by one widget."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

DIVIDER = "▏"
"""Between the screen's keys and the command palette's, as Footer draws its border."""


@dataclass(frozen=True, slots=True)
class KeyHint:
    """One key as the bar shows it."""

    key: str
    """What a click on it presses (`App.simulate_key`)."""
    display: str
    description: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    """The screen's shown bindings, then the command palette's key on the right.

    Looks like Textual's `Footer` (same text, same colours, a click presses the key, a
    disabled key is dim and rings the bell) but is one widget where Footer is a container
    with a widget per key: on a screen's first frame at launch, Footer's five to seven
    widgets cost about 25 ms of styling, layout and painting, this one line about 1 ms.
    It redraws when the screen's bindings change (focus moves, a dynamic binding turns off).
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--item",
        "key-bar--hover",
        "key-bar--divider",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--item { background: $footer-item-background; }
        & > .key-bar--hover { color: $footer-key-foreground; background: $block-hover-background; }
        & > .key-bar--divider { color: $foreground 20%; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hints: tuple[KeyHint, ...] = ()
        self._palette: KeyHint | None = None
        self._spans: list[tuple[int, int, KeyHint]] = []
        """Where each key was last drawn: start and end column, for the mouse."""
        self._hover: KeyHint | None = None

    def on_mount(self) -> None:
        self._read_bindings()
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        if self._read_bindings():
            self.refresh()

    def _read_bindings(self) -> bool:
        """Read the screen's keys; True when they differ from those drawn."""
        palette_key = self.app.COMMAND_PALETTE_BINDING
        hints: list[KeyHint] = []
        palette: KeyHint | None = None
        seen: set[str] = set()
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if key == palette_key and self.app.ENABLE_COMMAND_PALETTE:
                palette = self._hint(binding, enabled)
            elif binding.show and binding.action not in seen:
                seen.add(binding.action)  # one key per action, as Footer shows them
                hints.append(self._hint(binding, enabled))
        found = (tuple(hints), palette)
        if found == (self._hints, self._palette):
            return False
        self._hints, self._palette = found
        return True

    def _hint(self, binding: Binding, enabled: bool) -> KeyHint:
        display = self.app.get_key_display(binding)
        return KeyHint(binding.key, display, binding.description, enabled)

    def render(self) -> Text:
        width = self.size.width
        base = self.rich_style
        left = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for hint in self._hints:
            start = left.cell_len
            left.append_text(self._draw(hint, f" {hint.display} ", f"{hint.description} "))
            self._spans.append((start, left.cell_len, hint))
        right = Text(no_wrap=True, end="")
        if self._palette is not None:
            right.append(DIVIDER, base + self.get_component_rich_style("key-bar--divider"))
            palette = self._palette
            right.append_text(self._draw(palette, palette.display, f" {palette.description}", " "))
        left.truncate(max(0, width - right.cell_len), overflow="crop")
        if self._palette is not None:
            self._spans.append((width - right.cell_len + len(DIVIDER), width, self._palette))
        gap = max(0, width - left.cell_len - right.cell_len)
        return Text.assemble(left, (" " * gap, base), right, no_wrap=True, end="")

    def _draw(self, hint: KeyHint, key: str, description: str, padding: str = "") -> Text:
        style = self.rich_style + self.get_component_rich_style("key-bar--item")
        if hint == self._hover and hint.enabled:
            style += self.get_component_rich_style("key-bar--hover")
        text = Text.assemble(
            (key, self.get_component_rich_style("key-bar--key", partial=True)),
            (description, self.get_component_rich_style("key-bar--description", partial=True)),
            padding,
            no_wrap=True,
            end="",
        )
        text.stylize_before(style)
        if not hint.enabled:
            text.stylize(Style(dim=True))
        return text

    def _hint_at(self, x: int) -> KeyHint | None:
        return next((hint for start, end, hint in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hint = self._hint_at(event.x)
        if hint != self._hover:
            self._hover = hint
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        hint = self._hint_at(event.x)
        if hint is None:
            return
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()
