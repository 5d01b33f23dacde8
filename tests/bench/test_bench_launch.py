"""The launch timer in a real tmux pane: sees the text, types the step's keys, stops on a death."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import launch

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

# A program that shows its screen in two steps and waits for a key, as an app on its home screen.
PROGRAM = """
import sys, time, tty
tty.setcbreak(0)
print("loading", flush=True)
time.sleep(0.3)
print("home: press r", flush=True)
key = sys.stdin.read(1)
print("card: " + key + " pressed", flush=True)
time.sleep(30)
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[launch.TmuxServer]:
    with launch.TmuxServer(f"quizapp-test-launch-{tmp_path.name}") as tmux:
        yield tmux


def test_launch_times_the_text_once_it_shows(server: launch.TmuxServer, tmp_path: Path) -> None:
    timed = server.launch(
        [sys.executable, "-c", PROGRAM],
        launch.substring_matcher("home: press r"),
        env={},
        cwd=tmp_path,
        timeout=20,
    )
    assert timed.seconds is not None
    assert timed.matched == "home: press r"
    assert 0.3 <= timed.seconds < 20  # not before the program printed it


def test_launch_types_the_step_keys_and_times_what_follows(
    server: launch.TmuxServer, tmp_path: Path
) -> None:
    timed = server.launch(
        [sys.executable, "-c", PROGRAM],
        launch.substring_matcher("card: r pressed"),
        env={},
        cwd=tmp_path,
        timeout=20,
        step=(launch.substring_matcher("press r"), "r"),
    )
    assert timed.seconds is not None, timed.screen
    assert timed.step_seconds is not None
    assert 0.3 <= timed.step_seconds <= timed.seconds


def test_launch_gives_up_on_a_program_that_died(server: launch.TmuxServer, tmp_path: Path) -> None:
    started = time.monotonic()
    timed = server.launch(
        [sys.executable, "-c", "print('Traceback: it broke')"],
        launch.substring_matcher("never shown"),
        env={},
        cwd=tmp_path,
        timeout=120,
    )
    assert timed.seconds is None
    assert "it broke" in timed.screen
    assert time.monotonic() - started < 60  # stopped at the death, not at the timeout


def test_launch_passes_the_environment(server: launch.TmuxServer, tmp_path: Path) -> None:
    timed = server.launch(
        [sys.executable, "-c", "import os, time; print(os.environ['HOME_X']); time.sleep(30)"],
        launch.substring_matcher("/some/home"),
        env={"HOME_X": "/some/home"},
        cwd=tmp_path,
        timeout=20,
    )
    assert timed.seconds is not None
