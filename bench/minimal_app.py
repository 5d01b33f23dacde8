"""The launch reference: the smallest Textual app that puts one line of text on screen."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

READY_TEXT = "minimal app ready"
"""What `run.py` waits for in the tmux pane."""


class MinimalApp(App[None]):
    """One Static; `q` quits (the harness kills the pane anyway)."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(READY_TEXT)


if __name__ == "__main__":
    MinimalApp().run()
