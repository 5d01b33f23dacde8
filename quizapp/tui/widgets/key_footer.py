"""The screens' footer: Textual's `Footer`, with its keys in the screen's first frame."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """A `Footer` that lists the screen's keys when it mounts, and rebuilds only on a change.

    `Footer` waits for the screen's first "bindings changed" signal and then recomposes
    after a refresh, so its keys show two or three frames after the rest of the screen
    (tens of milliseconds at launch, with no key hint in the first paint); it also rebuilds
    its keys on every such signal, focus moves included, when they read the same. The
    screen's bindings are known when the footer mounts: listing them at once gives the same
    keys a frame earlier, and a signal that changes what the footer shows still rebuilds it.
    Each key starts in the footer's style (`compact` or not) instead of being restyled twice.
    """

    _shown: tuple[Hashable, ...] | None = None
    """What the keys were last composed from: the shown bindings and their states."""

    def compose(self) -> ComposeResult:
        self._bindings_ready = True
        self._shown = self._shown_bindings(self.screen)
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # A key starts compact and the footer's data binding resets it once mounted:
                # two style passes per key. Starting it as the footer is skips both. (The
                # palette key is not bound to the footer: it stays compact.)
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._shown is not None and self._shown_bindings(screen) == self._shown:
            return  # the same keys: a rebuild would only cost a frame
        super().bindings_changed(screen)

    def _shown_bindings(self, screen: Screen[object]) -> tuple[Hashable, ...]:
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding, enabled, tip)
            for key, (_node, binding, enabled, tip) in screen.active_bindings.items()
            if binding.show or key == palette
        )
