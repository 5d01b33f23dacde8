"""Nothing lost on a crash: the installed command killed with SIGKILL at random points, 60 times.

Each lane is one profile that lives through 30 kills in a row, so the answers pile up: every
answer acknowledged before any kill must still be in the log after all the later crashes, and
the database must pass `PRAGMA integrity_check` after each one. The kill lands right after an
acknowledgement, while an answer is being saved (a random delay after sending it), while the
learner is still typing, or while the app is starting. Two lanes run side by side (CI has two
cores); the whole test takes about 20 s.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.reliability.reliability_helpers import (
    ANSWER,
    SAVED,
    PlainStudy,
    check_after_kill,
    peek,
    study_cleanly,
    write_deck,
    write_lock_held,
)
from tests.terminal import Pane, installed_quizapp, tmux_session

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and select on pipes")

LANES = 2
RUNS_PER_LANE = 30
MODES = ("after_ack", "saving", "typing", "before_rating", "starting")
WEIGHTS = (3, 4, 2, 1, 1)


@dataclass
class LaneFigures:
    """What one lane went through, for the assertions on coverage and for the report."""

    runs: int = 0
    acknowledged: int = 0
    kills: Counter[str] = field(default_factory=Counter)
    in_flight_kept: int = 0
    in_flight_lost: int = 0
    logged: int = 0


def crash_lane(lane: int, root: Path) -> LaneFigures:
    """Run one profile through RUNS_PER_LANE kills; assert after each that nothing was lost."""
    rng = random.Random(f"crash-lane-{lane}")
    home = root / f"home-{lane}"
    decks = write_deck(root / f"decks-{lane}")
    database = home / "default.sqlite3"
    logged: tuple[str, ...] = ()
    figures = LaneFigures()
    for run in range(RUNS_PER_LANE):
        mode = rng.choices(MODES, WEIGHTS)[0]
        answers_first = rng.randint(1 if mode == "after_ack" else 0, 5)
        acknowledged: list[str] = []
        in_flight: str | None = None
        study = PlainStudy(home, decks, seed=rng.randrange(10_000))
        try:
            if mode == "starting":
                time.sleep(rng.uniform(0.0, 0.3))  # somewhere in start-up, opening, migrating
            else:
                for _ in range(answers_first):
                    acknowledged.append(study.next_card())
                    study.answer()
                card = study.next_card()
                if mode == "saving":
                    study.send(ANSWER)
                    in_flight = card
                    time.sleep(rng.uniform(0.0, 0.015))  # before, during or after the commit
                elif mode == "typing":
                    study.send(b"Par")
                elif mode == "before_rating":
                    study.send(b"Paris\n")  # checked, not yet rated: nothing to save yet
                    time.sleep(rng.uniform(0.0, 0.01))
            study.kill()
            assert study.process.returncode == -9, f"run {run}: {study.stderr()}"
        finally:
            study.close()

        where = f"lane {lane}, run {run} ({mode} after {answers_first} answers)"
        after, unacknowledged = check_after_kill(database, logged, acknowledged, in_flight, where)
        figures.runs += 1
        figures.acknowledged += len(acknowledged)
        figures.kills[mode] += 1
        if in_flight is not None:
            figures.in_flight_kept += len(unacknowledged)
            figures.in_flight_lost += 1 - len(unacknowledged)
        logged = after.reviewed

    # The profile still works after all those crashes, and keeps every answer.
    study_cleanly(home, decks, answers=2)
    final = peek(database)
    assert final.integrity == "ok" and final.consistent()
    assert final.reviewed[: len(logged)] == logged and len(final.reviewed) == len(logged) + 2
    figures.logged = len(final.reviewed)
    return figures


@pytest.mark.slow
def test_crash_sixty_sigkills_lose_no_acknowledged_answer(tmp_path: Path) -> None:
    installed_quizapp()
    with ThreadPoolExecutor(max_workers=LANES) as pool:
        lanes = list(pool.map(crash_lane, range(LANES), [tmp_path] * LANES))
    runs = sum(lane.runs for lane in lanes)
    acknowledged = sum(lane.acknowledged for lane in lanes)
    kills = sum((lane.kills for lane in lanes), Counter[str]())
    print(
        f"\ncrash: {runs} SIGKILLs, {acknowledged} acknowledged answers all kept, kills by"
        f" moment {dict(kills)}, answers in flight kept/lost"
        f" {sum(x.in_flight_kept for x in lanes)}/{sum(x.in_flight_lost for x in lanes)},"
        f" log rows at the end {[lane.logged for lane in lanes]}"
    )
    assert runs >= 50
    assert acknowledged >= 100  # the random plan did answer plenty before killing
    assert all(kills[mode] for mode in MODES)  # every kind of moment was hit


def test_crash_acknowledgement_waits_for_the_commit(tmp_path: Path) -> None:
    """While the database is locked the answer cannot commit, so no "Saved." may be printed.

    The random kills above cannot tell an acknowledgement printed just before the commit from
    one printed just after (the commit takes a millisecond); a held write lock can.
    """
    home = tmp_path / "home"
    decks = write_deck(tmp_path / "decks")
    study = PlainStudy(home, decks)
    try:
        first = study.next_card()
        study.answer()
        study.next_card()
        with write_lock_held(home / "default.sqlite3"):
            study.send(ANSWER)
            assert study.wait(SAVED, timeout=1.0) is None  # well under the 5 s busy timeout
            study.kill()
    finally:
        study.close()
    after = peek(home / "default.sqlite3")
    assert after.integrity == "ok" and after.consistent()
    assert after.reviewed == (first,)  # the answer sent under the lock was never saved


# -- the TUI in a real terminal ---------------------------------------------------------------

POSITION = re.compile(r"· (\d+)/\d+ ·")
SHOWN = re.compile(r"Question (c\d+)\?")


def position(screen: str) -> int | None:
    found = POSITION.search(screen)
    return int(found.group(1)) if found else None


def wait_for_position(pane: Pane, wanted: int, timeout: float = 20.0) -> str:
    """Wait until the status line counts card `wanted` and its question is drawn.

    The status line changes first and the previous verdict goes last: once it is gone, the
    question on screen is the new card's.
    """
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = pane.screen()
        if position(screen) == wanted and SHOWN.search(screen) and "Correct" not in screen:
            return screen
        time.sleep(0.03)
    raise AssertionError(f"card {wanted} never showed; the pane shows:\n{screen}")


@pytest.mark.tmux
@pytest.mark.slow
def test_crash_tui_killed_in_tmux_keeps_every_acknowledged_answer(tmp_path: Path) -> None:
    """kill -9 of the app in a terminal; an answer is acknowledged once the next card shows."""
    home = tmp_path / "home"
    decks = write_deck(tmp_path / "decks")
    database = home / "default.sqlite3"
    rng = random.Random("crash-tui")
    logged: tuple[str, ...] = ()
    for run, mode in enumerate(("after_ack", "saving", "typing", "saving")):
        acknowledged: list[str] = []
        in_flight: str | None = None
        command = f"exec {installed_quizapp()} --decks {decks}"
        with tmux_session(home, command, width=110) as pane:
            pid = int(
                subprocess.run(
                    [pane.tmux, "display-message", "-p", "-t", pane.name, "#{pane_pid}"],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            pane.wait_for("Geo")
            pane.send("r")
            for number in range(1, rng.randint(2, 3) + 1):
                screen = wait_for_position(pane, number)
                card = SHOWN.findall(screen)[-1]
                pane.type("Paris")
                pane.send("Enter")
                pane.wait_for("Correct")
                pane.send("1")
                wait_for_position(pane, number + 1)
                acknowledged.append(card)
            screen = wait_for_position(pane, len(acknowledged) + 1)
            if mode == "saving":
                pane.type("Paris")
                pane.send("Enter")
                pane.wait_for("Correct")
                pane.send("1")
                in_flight = SHOWN.findall(screen)[-1]
                time.sleep(rng.uniform(0.0, 0.05))
            elif mode == "typing":
                pane.type("Par")
            subprocess.run(["kill", "-9", str(pid)], check=True)
        after, _unacknowledged = check_after_kill(
            database, logged, acknowledged, in_flight, f"run {run}"
        )
        logged = after.reviewed
    assert len(logged) >= 8
