"""The screens' footer: Textual's `Footer`, with its keys in the screen's first frame."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    """A `Footer` that lists the screen's keys when it mounts.

    `Footer` waits for the screen's first "bindings changed" signal and then recomposes
    after a refresh, so its keys show two or three frames after the rest of the screen
    (tens of milliseconds at launch, and a key hint missing from the first paint). The
    screen's bindings are already known when the footer mounts: listing them at once gives
    the same keys a frame earlier, and later changes still recompose as before.
    """

    def compose(self) -> ComposeResult:
        self._bindings_ready = True
        return super().compose()
