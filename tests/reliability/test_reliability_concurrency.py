"""Two terminals on one profile: no "database is locked" reaches a learner, every review is kept."""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests.reliability.reliability_helpers import (
    ANSWER,
    SAVED,
    PlainStudy,
    peek,
    run_quizapp,
    write_deck,
    write_lock_held,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="select on pipes")

TROUBLE = ("locked", "busy", "Traceback", "Error")


def reviews_per_session(database: Path) -> dict[int, tuple[str, ...]]:
    db = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT session_id, card_id FROM review ORDER BY id").fetchall()
    finally:
        db.close()
    found: dict[int, list[str]] = {}
    for session_id, card_id in rows:
        found.setdefault(session_id, []).append(card_id)
    return {session_id: tuple(cards) for session_id, cards in found.items()}


@contextmanager
def two_learners(home: Path, decks: Path) -> Iterator[tuple[PlainStudy, PlainStudy]]:
    """Two `study --plain` processes started together on the same profile."""
    with ExitStack() as stack:
        pair = (PlainStudy(home, decks, seed=1), PlainStudy(home, decks, seed=2))
        for study in pair:
            stack.callback(study.close)
        yield pair


def finish_cleanly(study: PlainStudy) -> None:
    code, output, errors = study.finish()
    assert code == 0 and errors == "", errors
    assert not any(word in output for word in TROUBLE), output


def test_concurrency_two_learners_open_a_new_profile_at_once(tmp_path: Path) -> None:
    """Both create the database at the same moment, twelve times over.

    One start in five or so failed ("database is locked" from the switch to WAL, "table
    card_state already exists" from the migrations run twice) until the store waited for the
    lock and read the version again inside the migration's transaction.
    """
    decks = write_deck(tmp_path / "decks")
    for round_number in range(12):
        home = tmp_path / f"home-{round_number}"
        with two_learners(home, decks) as pair:
            for study in pair:
                study.send(ANSWER)
            for study in pair:
                finish_cleanly(study)
        per_session = reviews_per_session(home / "default.sqlite3")
        assert sorted(len(cards) for cards in per_session.values()) == [1, 1]


def test_concurrency_interleaved_answers_are_all_stored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    decks = write_deck(tmp_path / "decks")
    answered: tuple[list[str], list[str]] = ([], [])
    with two_learners(home, decks) as pair:
        for turn in range(20):
            # Both send at once, so their commits overlap; then each waits for its own "Saved.".
            cards = [study.next_card() for study in pair]
            for study in pair:
                study.send(ANSWER)
            for study, card, mine in zip(pair, cards, answered, strict=True):
                study.expect(SAVED)
                mine.append(card)
            if turn % 7 == 3:  # a third process reads the profile meanwhile
                stats = run_quizapp(home, "stats", "--decks", str(decks))
                assert stats.returncode == 0 and stats.stderr == "", stats.stderr
        for study in pair:
            finish_cleanly(study)
    database = home / "default.sqlite3"
    after = peek(database)
    assert after.integrity == "ok" and after.consistent()
    per_session = reviews_per_session(database)
    assert sorted(per_session.values()) == sorted(tuple(cards) for cards in answered)
    assert [len(cards) for cards in answered] == [20, 20]


def test_concurrency_an_undo_never_cancels_the_other_terminals_later_answer(
    tmp_path: Path,
) -> None:
    """A answers a card, B answers the same card, A undoes: B's answer must stand.

    The undo put back the card's state from before A's answer and kept B's row in the log,
    so B's answer no longer counted and the card was due again.
    """
    home = tmp_path / "home"
    decks = write_deck(tmp_path / "decks")
    with two_learners(home, decks) as (first, second):
        assert first.next_card() == second.next_card()
        first.answer()
        second.answer()
        database = home / "default.sqlite3"
        before = peek(database)
        assert sorted(before.reps.values()) == [2]  # one card, answered twice
        first.send(b":u\n")
        first.expect(re.compile(rb"Could not undo: the card was answered again since"))
        for study in (first, second):
            finish_cleanly(study)
    after = peek(database)
    assert (after.reps, after.reviewed) == (before.reps, before.reviewed)
    assert sorted(len(cards) for cards in reviews_per_session(database).values()) == [1, 1]


def test_concurrency_a_long_write_transaction_only_delays_the_answers(tmp_path: Path) -> None:
    """Another program holds the write lock for a moment: both learners wait, then both save."""
    home = tmp_path / "home"
    decks = write_deck(tmp_path / "decks")
    with two_learners(home, decks) as pair:
        for study in pair:
            study.next_card()
            study.answer()
        for study in pair:
            study.next_card()
        with write_lock_held(home / "default.sqlite3"):
            for study in pair:
                study.send(ANSWER)
            # Nothing can commit while the lock is held (1.5 s, under the 5 s busy timeout).
            assert [study.wait(SAVED, timeout=0.75) for study in pair] == [None, None]
        for study in pair:
            study.expect(SAVED)
        for study in pair:
            finish_cleanly(study)
    per_session = reviews_per_session(home / "default.sqlite3")
    assert sorted(len(cards) for cards in per_session.values()) == [2, 2]
    assert peek(home / "default.sqlite3").consistent()
