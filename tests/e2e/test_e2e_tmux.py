"""The installed `quizapp` in a real terminal (tmux): answers by keys, found in the store."""

from __future__ import annotations

import shlex
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.terminal import Pane, installed_quizapp, tmux_session

pytestmark = [pytest.mark.tmux, pytest.mark.slow]

DECK = Path(__file__).resolve().parent.parent / "tui" / "data" / "decks" / "kinds.yaml"


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[tuple[Pane, Path]]:
    """`quizapp` on the kinds deck in a 100×30 tmux pane, with its own data folder."""
    with launched(tmp_path) as started:
        yield started


@contextmanager
def launched(tmp_path: Path, *arguments: str) -> Iterator[tuple[Pane, Path]]:
    home = tmp_path / "home"
    home.mkdir()
    command = shlex.join([installed_quizapp(), *arguments, "--decks", str(DECK)]) + "; sleep 0.2"
    with tmux_session(home, command) as pane:
        yield pane, home


def basic_then_typed_checked(terminal: Pane) -> None:
    """The kinds deck's first two cards: the basic one revealed and rated Good, then the typed
    one answered right and checked (its rating not given yet)."""
    terminal.wait_for("Who founded DeepSeek?")
    terminal.send("Space")
    terminal.wait_for("Liang Wenfeng")
    terminal.send("3")
    terminal.wait_for("Sputnik moment")
    terminal.type("Andreessen")
    terminal.send("Enter")
    terminal.wait_for("Correct")


def test_e2e_three_answers_by_keys_are_in_the_store(pane: tuple[Pane, Path]) -> None:
    terminal, home = pane
    terminal.wait_for("Every kind of card")
    terminal.send("r")
    basic_then_typed_checked(terminal)
    terminal.send("Enter")  # accept the suggested rating
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


def test_e2e_closing_the_terminal_keeps_the_answer_waiting_for_its_rating(
    tmp_path: Path,
) -> None:
    """The terminal closed (SIGHUP) on a checked answer: it was lost, and the session left
    open. Now the app ends as `q` would, keeping it with the suggested rating."""
    with launched(tmp_path, "study") as (terminal, home):
        basic_then_typed_checked(terminal)
        subprocess.run([terminal.tmux, "kill-session", "-t", terminal.name], check=True)
        database = home / "default.sqlite3"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with sqlite3.connect(database) as db:
                ended = db.execute("SELECT ended_ms IS NOT NULL FROM study_session").fetchall()
            if ended == [(1,)]:
                break
            time.sleep(0.1)
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT card_id, verdict FROM review ORDER BY id").fetchall()
        ended = db.execute("SELECT ended_ms IS NOT NULL FROM study_session").fetchall()
    assert rows == [("basic", "correct"), ("typed", "correct")]
    assert ended == [(1,)]
