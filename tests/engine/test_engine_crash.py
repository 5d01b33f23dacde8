"""Crash safety: a study process killed right after acknowledging an answer keeps it."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizapp.core.store import ProgressStore

DECK = "deck: geo\ntitle: Geo\ncards:\n" + "".join(
    f"  - {{id: c{n}, kind: typed, question: Capital number {n}?, answer: Paris}}\n"
    for n in range(10)
)


def read_until(process: subprocess.Popen[bytes], marker: bytes, timeout: float = 30) -> bytes:
    """Read the child's stdout until a line starting with `marker` has arrived whole."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    seen = b""
    deadline = time.monotonic() + timeout
    while not any(line.startswith(marker) for line in seen.split(b"\n")[:-1]):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no {marker!r} in time; got {seen!r}")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                raise AssertionError(f"the process ended early; got {seen!r}")
            seen += chunk
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and select on pipes")
@pytest.mark.parametrize("answers", [1, 3])
def test_crash_sigkill_after_the_acknowledgement_keeps_the_answer(
    tmp_path: Path, answers: int
) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "geo.yaml").write_text(DECK, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "study", "--plain", "--seed", "1",
         "--data-dir", str(tmp_path / "data"), "--decks", str(decks)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    assert process.stdin is not None
    try:
        for _ in range(answers):
            process.stdin.write(b"Paris\n3\n")
            process.stdin.flush()
            read_until(process, b"Saved.")
            # The acknowledgement is out: kill before the process can do anything more.
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    with ProgressStore(tmp_path / "data" / "default.sqlite3") as store:
        assert store.integrity_check() == "ok"
        logged = list(store.reviews())
        assert len(logged) == answers
        assert all(review.verdict == "correct" for review in logged)
        assert len(store.card_states()) == answers
        [session] = store.sessions()
        assert session.answered == answers and session.ended is None
