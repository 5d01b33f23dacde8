"""Helpers of the reliability tests: the installed command in a child process, read-only peeks."""

from __future__ import annotations

import hashlib
import os
import re
import select
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from tests.terminal import installed_quizapp

QUESTION = re.compile(rb"Question (c\d+)\?\n")
SAVED = re.compile(rb"^Saved\.[^\n]*\n", re.MULTILINE)
ANSWER = b"Paris\n1\n"
"""A right answer rated Again: the card stays in its learning steps, so it is always due again."""


def write_deck(folder: Path) -> Path:
    """A deck `geo` of ten typed cards `c0`..`c9` asking "Question cN?", all answered "Paris"."""
    lines = ["deck: geo", "title: Geo", "cards:"]
    lines += [
        f"  - {{id: c{n}, kind: typed, question: Question c{n}?, answer: Paris}}" for n in range(10)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "geo.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def quizapp_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, QUIZAPP_HOME=str(home), NO_COLOR="1")
    env.pop("CI", None)  # nothing in the child depends on it; keep its output identical
    return env


class PlainStudy:
    """`quizapp study --plain` in a child process, read through select (no thread, no sleep)."""

    def __init__(
        self,
        home: Path,
        decks: Path,
        *,
        seed: int = 1,
        preexec_fn: Callable[[], None] | None = None,
    ) -> None:
        self.process = subprocess.Popen(
            [installed_quizapp(), "study", "--plain", "--seed", str(seed), "--decks", str(decks)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=quizapp_env(home),
            preexec_fn=preexec_fn,  # only the full-disk test sets one (a file size limit)
        )  # fmt: skip
        self.output = b""
        self._seen = 0
        """Where the next `expect` starts looking in `output`."""

    def send(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def expect(self, pattern: re.Pattern[bytes], timeout: float = 30.0) -> re.Match[bytes]:
        """Wait for `pattern` after the last match; fail with the transcript if it never comes."""
        found = self.wait(pattern, timeout)
        if found is None:
            ended = self.process.poll()
            raise AssertionError(
                f"no {pattern.pattern!r} (exit code {ended}); got {self.output!r} {self.stderr()!r}"
            )
        return found

    def wait(self, pattern: re.Pattern[bytes], timeout: float) -> re.Match[bytes] | None:
        """`pattern` after the last match; None after `timeout` seconds or when output ends."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        while True:
            found = pattern.search(self.output, self._seen)
            if found:
                self._seen = found.end()
                return found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    return None  # the process closed its output: it has ended
                self.output += chunk

    def next_card(self) -> str:
        return self.expect(QUESTION).group(1).decode()

    def answer(self) -> None:
        """Answer the card shown and wait for its acknowledgement (printed after the commit)."""
        self.send(ANSWER)
        self.expect(SAVED)

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def finish(self, timeout: float = 30.0) -> tuple[int, str, str]:
        """Quit with :q; the exit code and the whole stdout and stderr."""
        out, err = self.process.communicate(b":q\n", timeout=timeout)
        return self.process.returncode, (self.output + out).decode(), err.decode()

    def stderr(self) -> str:
        if self.process.poll() is None or self.process.stderr is None:
            return ""
        return self.process.stderr.read().decode()

    def close(self) -> None:
        """Whatever happened, leave no child behind."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate(timeout=30)


def study_cleanly(home: Path, decks: Path, answers: int) -> None:
    """A plain session that answers `answers` cards and quits: exit code 0, nothing on stderr."""
    study = PlainStudy(home, decks)
    try:
        for _ in range(answers):
            study.next_card()
            study.answer()
        code, output, errors = study.finish()
    finally:
        study.close()
    assert (code, errors) == (0, ""), output


@dataclass(frozen=True, slots=True)
class Peek:
    """What a progress database holds, read without the app."""

    integrity: str
    reviewed: tuple[str, ...]
    """Card ids of the review log, in the order they were written."""
    reps: dict[str, int]
    """Card id -> the repetitions its stored state counts."""
    session_answers: int
    """The sum of the sessions' answer counters."""

    def consistent(self) -> bool:
        """Each answer moved the log, the card state and the session together (one commit)."""
        return self.reps == dict(Counter(self.reviewed)) and self.session_answers == len(
            self.reviewed
        )


def peek(database: Path) -> Peek:
    """Check and read a database, read-only when it can be, as a crash left it.

    A read-only connection neither checkpoints the write-ahead log nor deletes it, so the next
    quizapp must recover the database itself. When the crash left work that only a writer can
    finish (SQLite then answers "attempt to write a readonly database"), a read-write
    connection recovers it, as the next quizapp would.
    """
    if not database.exists():
        return Peek("ok", (), {}, 0)
    try:
        return _read(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True))
    except sqlite3.OperationalError as error:
        if (error.sqlite_errorcode & 0xFF) != sqlite3.SQLITE_READONLY:
            raise
    return _read(sqlite3.connect(database))


def _read(db: sqlite3.Connection) -> Peek:
    try:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        if "review" not in tables:
            return Peek(integrity, (), {}, 0)  # killed before the schema was committed
        reviewed = tuple(card for (card,) in db.execute("SELECT card_id FROM review ORDER BY id"))
        reps = dict(db.execute("SELECT card_id, reps FROM card_state WHERE reps > 0").fetchall())
        answers = db.execute("SELECT coalesce(sum(answered), 0) FROM study_session").fetchone()[0]
    finally:
        db.close()
    return Peek(integrity, reviewed, reps, answers)


@contextmanager
def write_lock_held(database: Path) -> Iterator[None]:
    """Another program's write transaction open on the profile while the block runs."""
    blocker = sqlite3.connect(database, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        yield
    finally:
        with suppress(sqlite3.Error):
            blocker.execute("ROLLBACK")
        blocker.close()


def check_after_kill(
    database: Path,
    logged: Sequence[str],
    acknowledged: Sequence[str],
    in_flight: str | None,
    where: str,
) -> tuple[Peek, tuple[str, ...]]:
    """The profile after a SIGKILL: intact, every earlier and acknowledged answer kept, the
    answer in flight (sent, not acknowledged) there at most once, log and states consistent.

    Returns the profile as read, and the unacknowledged answers found in it.
    """
    after = peek(database)
    assert after.integrity == "ok", where
    assert after.reviewed[: len(logged)] == tuple(logged), f"{where}: an earlier answer is gone"
    new = after.reviewed[len(logged) :]
    assert new[: len(acknowledged)] == tuple(acknowledged), f"{where}: {new}"
    unacknowledged = new[len(acknowledged) :]
    assert unacknowledged in ((), (in_flight,)), f"{where}: {unacknowledged} was never sent"
    assert after.consistent(), f"{where}: log, card states and session counters disagree"
    return after, unacknowledged


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file of a folder (the database, its -wal and -shm, any backup)."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def run_quizapp(
    home: Path, *args: str, stdin: str = "", timeout: float = 60.0
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [installed_quizapp(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=quizapp_env(home),
        timeout=timeout,
        check=False,
    )
