"""Shown while the decks load and the progress database opens, in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static


class LoadingScreen(Screen[None]):
    """A loading indicator; the app replaces it with the home screen when the services are ready."""

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(Content("quizapp · loading your decks…"), id="loading-label")
        yield LoadingIndicator(id="loading-indicator")
        yield Footer()
