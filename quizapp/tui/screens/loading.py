"""Shown while the decks load and the progress database opens, in a worker."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, ProgressBar, Static


class LoadingScreen(Screen[None]):
    """A loading indicator; the app replaces it with the home screen when the services are ready.

    A deck file that is new or changed since the last start is parsed (an unchanged one comes
    from the deck cache at once): then a progress bar shows how far the parsing is.
    """

    @dataclass
    class Progressed(Message):
        """Deck files are being parsed: `done` of `total` bytes (posted from the worker)."""

        done: int
        total: int

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Static(Content("quizapp · loading your decks…"), id="loading-label")
            with Center():
                yield ProgressBar(id="loading-progress", show_eta=False)
        yield LoadingIndicator(id="loading-indicator")
        yield Footer()

    @on(Progressed)
    def _progressed(self, event: Progressed) -> None:
        bar = self.query_one("#loading-progress", ProgressBar)
        if not bar.has_class("-shown"):
            bar.add_class("-shown")
            self.query_one("#loading-label", Static).update(
                Content("quizapp · reading new and changed decks…")
            )
        bar.update(total=max(event.total, 1), progress=event.done)
