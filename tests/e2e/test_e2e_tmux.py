"""The installed `quizapp` in a real terminal (tmux): answers by keys, found in the store."""

from __future__ import annotations

import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import require_tool

pytestmark = [pytest.mark.tmux, pytest.mark.slow]

DECK = Path(__file__).resolve().parent.parent / "tui" / "data" / "decks" / "kinds.yaml"


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


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[tuple[Pane, Path]]:
    """`quizapp` on the kinds deck in a 100×30 tmux pane, with its own data folder."""
    with launched(tmp_path) as started:
        yield started


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


@contextmanager
def launched(tmp_path: Path, *arguments: str) -> Iterator[tuple[Pane, Path]]:
    home = tmp_path / "home"
    home.mkdir()
    command = shlex.join([installed_quizapp(), *arguments, "--decks", str(DECK)]) + "; sleep 0.2"
    with tmux_session(home, command) as pane:
        yield pane, home


def test_e2e_three_answers_by_keys_are_in_the_store(pane: tuple[Pane, Path]) -> None:
    terminal, home = pane
    terminal.wait_for("Every kind of card")
    terminal.send("r")
    # 1. basic: reveal, rate Good
    terminal.wait_for("Who founded DeepSeek?")
    terminal.send("Space")
    terminal.wait_for("Liang Wenfeng")
    terminal.send("3")
    # 2. typed: type the answer, check, accept the suggested rating
    terminal.wait_for("Sputnik moment")
    terminal.type("Andreessen")
    terminal.send("Enter")
    terminal.wait_for("Correct")
    terminal.send("Enter")
    # 3. choice: pick option 1, whatever it is, and accept
    terminal.wait_for("lost the most in one day")
    terminal.send("1")
    terminal.wait_for("Answer: Nvidia")
    terminal.send("Enter")
    terminal.wait_for("4/")  # the fourth card is showing: three answers are saved
    terminal.quit_from_session("Every kind of card")

    database = home / "default.sqlite3"
    assert database.exists()
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT card_id FROM review ORDER BY id").fetchall()
    assert [card_id for (card_id,) in rows] == ["basic", "typed", "choice"]


def test_e2e_quizapp_study_opens_on_the_first_card_and_ends_on_the_deck_list(
    tmp_path: Path,
) -> None:
    with launched(tmp_path, "study") as (terminal, home):
        terminal.wait_for("Who founded DeepSeek?")  # no key typed: the review is open
        terminal.send("Space")
        terminal.wait_for("Liang Wenfeng")
        terminal.send("3")
        terminal.wait_for("Sputnik moment")
        terminal.quit_from_session("Every kind of card")
    with sqlite3.connect(home / "default.sqlite3") as db:
        rows = db.execute("SELECT card_id FROM review").fetchall()
    assert rows == [("basic",)]
