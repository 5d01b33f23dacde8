"""The progress file in trouble, through the installed command: newer, older, damaged, not ours,
read-only, full. Each is reported in one clear line (no traceback) and the file is kept.

tests/engine/test_engine_store.py checks the same refusals on `ProgressStore` itself; here the
learner's view is checked: `quizapp stats`, `quizapp study --plain` and the TUI in tmux.
"""

from __future__ import annotations

import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.core.model import Rating
from quizapp.core.records import AnswerRecord
from quizapp.core.scheduling import ReviewScheduler, SchedulerSettings
from quizapp.core.store import SCHEMA_VERSION, ProgressStore
from tests.conftest import require_tool
from tests.reliability.reliability_helpers import (
    SAVED,
    PlainStudy,
    file_hashes,
    peek,
    run_quizapp,
    study_cleanly,
    write_deck,
)
from tests.store_files import make_v1, newer_version_in_wal
from tests.terminal import installed_quizapp, tmux_session

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes and limits")

NOW = datetime(2026, 1, 27, 9, 0, tzinfo=UTC)


def filled_profile(home: Path, answers: int = 2000) -> Path:
    """A profile database with a session and `answers` log rows over ten cards, checkpointed."""
    scheduler = ReviewScheduler(SchedulerSettings(fuzz=False))
    database = home / "default.sqlite3"
    with ProgressStore(database) as store:
        session = store.start_session("review", NOW, deck_ids=["geo"])
        store.bulk_load(
            [],
            [
                AnswerRecord(
                    session_id=session,
                    deck_id="geo",
                    card_id=f"c{n % 10}",
                    kind="typed",
                    reviewed_at=NOW + timedelta(minutes=n),
                    rating=Rating.GOOD,
                    verdict="correct",
                    score=1.0,
                    response="Paris",
                    response_ms=1200,
                    schedule=scheduler.new_schedule(NOW),
                    was_new=n < 10,
                    lapse=False,
                    points=10,
                )
                for n in range(answers)
            ],
        )
    assert sorted(path.name for path in home.iterdir() if path.is_file()) == ["default.sqlite3"]
    return database


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit code 1 and a `quizapp: ...` message naming the problem, never a traceback."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("quizapp: "), result.stderr
    assert all(word in message for word in words), message


def tui_messages(home: Path, decks: Path, wanted: str, timeout: float = 20.0) -> str:
    """Open the installed TUI in tmux on `home`; the screens it showed, up to its exit code.

    The app either stops at once with a message, or shows `wanted` on its home screen, where
    q quits it.
    """
    command = f"{installed_quizapp()} --decks {decks}; echo EXIT=$?; sleep 60"
    with tmux_session(home, command, width=220) as pane:
        deadline = time.monotonic() + timeout
        while True:
            screen = pane.screen()
            if "EXIT=" in screen:
                break
            if wanted in screen:
                pane.send("q")
                screen += pane.wait_for("EXIT=", timeout)
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"quizapp neither ended nor showed {wanted!r}:\n{screen}")
            time.sleep(0.05)
    assert "Traceback" not in screen, screen
    return screen


# -- a newer and an older schema --------------------------------------------------------------


def newer_profile(home: Path) -> Path:
    """A newer quizapp migrated the profile and died: the new version is only in the -wal file."""
    database = filled_profile(home, answers=50)
    newer_version_in_wal(database)
    assert {"default.sqlite3-wal", "default.sqlite3-shm"} <= set(file_hashes(home))
    return database


def data_files(home: Path) -> dict[str, str]:
    """Hashes of the database and its -wal: -shm is SQLite's shared-memory index, no data.

    Every SQLite reader writes its read mark into -shm, so no reader can leave it
    byte-identical; the refusal reads the version through a read-only connection.
    """
    return {
        name: digest for name, digest in file_hashes(home).items() if name != "default.sqlite3-shm"
    }


@pytest.mark.tmux
def test_store_newer_version_refused_by_every_front_end_and_left_intact(tmp_path: Path) -> None:
    home = tmp_path / "home"
    decks = write_deck(tmp_path / "decks")
    newer_profile(home)
    before = data_files(home)
    names = set(file_hashes(home))
    for args in (["stats"], ["study", "--plain"], ["study", "--plain", "--quiz", "3"]):
        result = run_quizapp(home, *args, "--decks", str(decks), stdin="Paris\n1\n")
        assert_one_clear_line(result, "newer quizapp", f"v{SCHEMA_VERSION + 1}", "untouched")
        assert data_files(home) == before, args
    shown = tui_messages(home, decks, wanted="newer quizapp")
    assert "newer quizapp" in shown and "EXIT=1" in shown
    assert data_files(home) == before
    assert set(file_hashes(home)) == names  # no backup, no new file
    with sqlite3.connect(f"{(home / 'default.sqlite3').as_uri()}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_store_older_version_migrated_after_a_backup_of_the_old_data(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    decks = write_deck(tmp_path / "decks")
    database = home / "default.sqlite3"
    make_v1(database, "geo", "c0")
    with sqlite3.connect(database) as db:
        old_dump = list(db.iterdump())
    db.close()

    study_cleanly(home, decks, answers=1)

    [backup] = [path for path in home.iterdir() if ".bak-v1-" in path.name]
    with sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
        assert list(copy.iterdump()) == old_dump  # every table, row and index of the old file
    after = peek(database)
    assert after.integrity == "ok" and after.reviewed[0] == "c0" and len(after.reviewed) == 2
    with sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# -- damaged files, and files that are not ours -----------------------------------------------


def corrupt_middle(database: Path) -> None:
    """Random bytes over the middle third of the pages; the header page stays valid."""
    data = bytearray(database.read_bytes())
    pages = len(data) // 4096
    start, end = pages // 3 * 4096, 2 * pages // 3 * 4096
    data[start:end] = random.Random(7).randbytes(end - start)
    database.write_bytes(bytes(data))


def truncate(database: Path) -> None:
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2 + 100])


def text_file(database: Path) -> None:
    database.write_text("My notes for the exam.\nNot a database at all.\n" * 20, encoding="utf-8")


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "middle": (corrupt_middle, "damaged"),
    "truncated": (truncate, "damaged"),
    "text": (text_file, "not a quizapp progress database"),
}


COMMANDS = {
    "stats": (("stats",), ""),
    "study": (("study", "--plain"), "Paris\n1\n"),
}
"""The command line runs that must report a damaged store: (arguments, standard input)."""


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_store_damaged_file_reported_and_kept(tmp_path: Path, damage: str, command: str) -> None:
    home = tmp_path / "home"
    decks = write_deck(tmp_path / "decks")
    spoil, words = DAMAGE[damage]
    spoil(filled_profile(home))
    before = file_hashes(home)
    arguments, stdin = COMMANDS[command]
    result = run_quizapp(home, *arguments, "--decks", str(decks), stdin=stdin)
    assert_one_clear_line(result, words)
    assert file_hashes(home) == before


@pytest.mark.tmux
@pytest.mark.slow
def test_store_damaged_files_reported_by_the_tui_and_kept(tmp_path: Path) -> None:
    decks = write_deck(tmp_path / "decks")
    for damage, (spoil, words) in sorted(DAMAGE.items()):
        home = tmp_path / damage
        spoil(filled_profile(home))
        before = file_hashes(home)
        shown = tui_messages(home, decks, wanted="Could not read your progress")
        # Even a file damaged in the middle, which opens, is caught by the home screen's
        # figures, read before the app shows anything for a small library: one message, exit 1.
        assert words in shown and "EXIT=1" in shown, shown
        assert "Could not read your progress" not in shown, shown
        assert file_hashes(home) == before, damage


# -- read-only data ---------------------------------------------------------------------------


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder unwritable, for root too (chattr +i) when the tests run as root."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = require_tool("chattr")
    made = subprocess.run([chattr, "+i", str(path)], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"running as root and chattr +i is refused here: {made.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


@pytest.mark.tmux
@pytest.mark.parametrize("target", ["folder", "file"])
def test_store_read_only_data_is_a_clear_error(tmp_path: Path, target: str) -> None:
    home = tmp_path / "home"
    decks = write_deck(tmp_path / "decks")
    database = filled_profile(home, answers=20)
    before = file_hashes(home)
    with read_only(home if target == "folder" else database):
        probe = home / "probe" if target == "folder" else database
        with pytest.raises(OSError):
            probe.open("ab").close()  # the mechanism works for this user, root included
        for args in (["stats"], ["study", "--plain"]):
            result = run_quizapp(home, *args, "--decks", str(decks), stdin="Paris\n1\n")
            assert_one_clear_line(result, "read-only", "progress cannot be saved")
        shown = tui_messages(home, decks, wanted="read-only")
        assert "read-only" in shown and "EXIT=1" in shown
    assert file_hashes(home) == before


# -- a full disk ------------------------------------------------------------------------------


def test_store_full_disk_stops_the_session_and_keeps_the_saved_answers(tmp_path: Path) -> None:
    """RLIMIT_FSIZE in the child: the log file cannot grow past a few answers (root too)."""
    home = tmp_path / "home"
    decks = write_deck(tmp_path / "decks")
    database = filled_profile(home, answers=20)
    logged = peek(database).reviewed
    limit = database.stat().st_size + 150_000

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a short write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    study = PlainStudy(home, decks, preexec_fn=small_disk)
    acknowledged: list[str] = []
    try:
        while len(acknowledged) < 200:
            card = study.next_card()
            study.send(b"Paris\n1\n")
            if study.wait(SAVED, timeout=30) is None:
                break  # the output ended: the answer could not be saved
            acknowledged.append(card)
        code = study.process.wait(timeout=30)
        errors = study.stderr()
    finally:
        study.close()
    assert 1 <= len(acknowledged) < 200, "the limit should stop the session after a few answers"
    assert code == 1 and "Traceback" not in errors + study.output.decode(), errors
    message = errors.strip().splitlines()[-1]
    assert message.startswith("quizapp: ") and "disk" in message, message
    after = peek(database)
    assert after.integrity == "ok"
    assert after.reviewed == logged + tuple(acknowledged)  # the failed one rolled back
    print(f"\nfull disk: {len(acknowledged)} answers saved, then: {message}")
