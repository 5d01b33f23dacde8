"""Shown while the decks load and the progress database opens, in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.content import Content
from textual.screen import Screen
from textual.widgets import LoadingIndicator, ProgressBar, Static

from quizapp.tui.widgets.key_bar import KeyBar


class LoadingScreen(Screen[None]):
    """A loading indicator; the app replaces it with the home screen when the services are ready.

    A deck file that is new or changed since the last start is parsed (an unchanged one comes
    from the deck cache at once): then a progress bar shows how far the parsing is.
    """

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Static(Content("quizapp · loading your decks…"), id="loading-label")
            with Center():
                yield ProgressBar(id="loading-progress", show_eta=False)
        yield LoadingIndicator(id="loading-indicator")
        yield KeyBar()

    _progress: tuple[int, int] | None = None

    def on_mount(self) -> None:
        if self._progress is not None:
            self.show_progress(*self._progress)

    def show_progress(self, done: int, total: int) -> None:
        """`done` of `total` bytes of deck files are parsed (the app relays its worker's news)."""
        self._progress = (done, total)
        if not self.is_mounted:
            return
        bar = self.query_one("#loading-progress", ProgressBar)
        if not bar.has_class("-shown"):
            bar.add_class("-shown")
            self.query_one("#loading-label", Static).update(
                Content("quizapp · reading new and changed decks…")
            )
        bar.update(total=max(total, 1), progress=done)
