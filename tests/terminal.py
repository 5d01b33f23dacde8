"""The installed `quizapp` in a real terminal: a tmux session to drive and read, shared by
the end-to-end, reliability and hostile-deck tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import require_tool


def installed_quizapp() -> str:
    """The console script of the running venv, so the test drives what `pip install` made."""
    found = shutil.which("quizapp", path=str(Path(sys.executable).parent))
    if not found:
        pytest.fail("the quizapp console script is not installed in this environment")
    return found


class Pane:
    """A detached tmux session running one command."""

    def __init__(self, tmux: str, name: str) -> None:
        self.tmux = tmux
        self.name = name

    def send(self, *keys: str) -> None:
        subprocess.run([self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run([self.tmux, "send-keys", "-t", self.name, "-l", text], check=True)

    def screen(self) -> str:
        result = subprocess.run(
            [self.tmux, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """Poll the pane until `text` shows (no fixed sleeps); fail with the screen otherwise."""
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} did not appear within {timeout}s; the pane shows:\n{shown}")

    def quit_from_session(self, deck_title: str) -> None:
        """Escape to the summary, Escape to the deck list (it shows `deck_title`), q to quit."""
        self.send("Escape")
        self.wait_for("Review finished")
        self.send("Escape")
        self.wait_for(deck_title)
        self.send("q")
        self.wait_until_gone()

    def wait_until_gone(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            alive = subprocess.run(
                [self.tmux, "has-session", "-t", self.name], capture_output=True, check=False
            )
            if alive.returncode != 0:
                return
            time.sleep(0.05)
        raise AssertionError(f"quizapp did not exit; the pane shows:\n{self.screen()}")


@contextmanager
def tmux_session(home: Path, command: str, *, width: int = 100) -> Iterator[Pane]:
    """A detached width×30 tmux session running the shell `command` on profile `home`; it is
    killed on the way out."""
    tmux = require_tool("tmux")
    name = f"quizapp-test-{uuid.uuid4().hex[:8]}"
    subprocess.run(
        [tmux, "new-session", "-d", "-x", str(width), "-y", "30", "-s", name,
         "-e", f"QUIZAPP_HOME={home}", "-e", "TERM=xterm-256color", command],
        check=True,
    )  # fmt: skip
    try:
        yield Pane(tmux, name)
    finally:
        subprocess.run([tmux, "kill-session", "-t", name], capture_output=True, check=False)
