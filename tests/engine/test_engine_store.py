"""The progress store: pragmas, migrations, refusals, answers, undo, reads."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.core.clock import FixedClock
from quizapp.core.errors import StoreError
from quizapp.core.model import Rating
from quizapp.core.records import AnswerRecord, CardStateRecord
from quizapp.core.scheduling import ReviewScheduler
from quizapp.core.store import SCHEMA_VERSION, ProgressStore
from quizapp.core.store_schema import MIGRATIONS
from tests.store_files import make_v1, newer_version_in_wal

NOW = datetime(2026, 1, 27, 9, 0, tzinfo=UTC)


def answer(
    scheduler: ReviewScheduler,
    card_id: str = "c1",
    *,
    at: datetime = NOW,
    rating: Rating = Rating.GOOD,
    session_id: int | None = None,
    scheduled: bool = True,
    verdict: str = "correct",
) -> AnswerRecord:
    schedule = scheduler.review(scheduler.new_schedule(at), rating, at) if scheduled else None
    return AnswerRecord(
        session_id=session_id,
        deck_id="d",
        card_id=card_id,
        kind="typed",
        reviewed_at=at,
        rating=rating,
        verdict=verdict,
        score=1.0 if verdict == "correct" else 0.0,
        response="Paris",
        response_ms=1500,
        schedule=schedule,
        was_new=True,
        lapse=False,
        points=10,
    )


def test_store_answer_outcomes_are_the_review_log_in_time_order(
    store: ProgressStore, scheduler: ReviewScheduler
) -> None:
    session_id = store.start_session("quiz", NOW, deck_ids=["d"], planned=3)
    later = answer(scheduler, "c2", at=NOW + timedelta(minutes=5), session_id=session_id)
    store.record_answer(later)  # logged first, answered last
    store.record_answer(answer(scheduler, "c1", rating=Rating.AGAIN, verdict="wrong"))
    self_rated = answer(scheduler, "c3", at=NOW + timedelta(minutes=1), rating=Rating.HARD)
    store.record_answer(replace(self_rated, verdict=None, score=None, response_ms=None))
    expected = [
        (r.deck_id, r.card_id, r.verdict, r.score, int(r.rating), r.response_ms, r.session_id,
         int(r.reviewed_at.timestamp() * 1000))
        for r in store.reviews()
    ]  # fmt: skip
    assert list(store.answer_outcomes()) == expected
    assert [row[1] for row in expected] == ["c1", "c3", "c2"]
    assert expected[1][2:4] == (None, None)


def test_store_sets_wal_full_sync_foreign_keys_and_version(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        db = store._db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert store.integrity_check() == "ok"


def test_store_records_an_answer_and_reads_it_back(
    store: ProgressStore, scheduler: ReviewScheduler
) -> None:
    session_id = store.start_session("review", NOW, deck_ids=["d"], planned=3)
    review_id = store.record_answer(answer(scheduler, session_id=session_id))
    state = store.card_state("d", "c1")
    assert state is not None and state.schedule is not None
    assert (state.reps, state.lapses, state.last_answer, state.kind) == (1, 0, "Paris", "typed")
    assert state.first_review == state.last_review == NOW
    [review] = list(store.reviews(deck_id="d"))
    assert review.id == review_id and review.session_id == session_id
    assert (review.rating, review.verdict, review.response, review.response_ms) == (
        Rating.GOOD,
        "correct",
        "Paris",
        1500,
    )
    assert review.due_after == state.schedule.due
    assert review.interval == state.schedule.due - NOW
    assert review.was_new and review.scheduled
    [session] = store.sessions(mode="review")
    assert (session.answered, session.correct, session.score, session.planned) == (1, 1, 10, 3)
    assert session.deck_ids == ("d",) and session.ended is None
    store.finish_session(session_id, NOW + timedelta(minutes=3))
    assert store.sessions()[0].ended == NOW + timedelta(minutes=3)


def test_store_undo_restores_the_previous_state_and_drops_the_row(
    store: ProgressStore, scheduler: ReviewScheduler
) -> None:
    session_id = store.start_session("review", NOW)
    store.record_answer(answer(scheduler, session_id=session_id))
    before = store.card_state("d", "c1")
    assert before is not None and before.schedule is not None
    later = before.schedule.due
    second = answer(scheduler, at=later, session_id=session_id, rating=Rating.AGAIN)
    second_id = store.record_answer(second)
    assert store.card_state("d", "c1") != before
    restored = store.undo_answer(second_id)
    assert restored == before == store.card_state("d", "c1")
    assert [r.reviewed_at for r in store.reviews()] == [NOW]
    assert store.sessions()[0].answered == 1 and store.sessions()[0].score == 10
    with pytest.raises(StoreError):
        store.undo_answer(second_id)


def test_store_undo_of_a_first_answer_makes_the_card_new_again(
    store: ProgressStore, scheduler: ReviewScheduler
) -> None:
    review_id = store.record_answer(answer(scheduler))
    assert store.undo_answer(review_id) is None
    assert store.card_state("d", "c1") is None
    store.set_flagged("d", "c2", True)
    review_id = store.record_answer(answer(scheduler, "c2"))
    kept = store.undo_answer(review_id)
    assert kept is not None and kept.flagged and kept.schedule is None and kept.reps == 0


def test_store_damaged_schedule_is_a_store_error_naming_the_file_and_card(
    store: ProgressStore, scheduler: ReviewScheduler
) -> None:
    """SQLite's checks pass on a schedule cut short: it was a raw JSONDecodeError traceback."""
    store.record_answer(answer(scheduler))
    with store._db:
        store._db.execute("UPDATE card_state SET schedule = substr(schedule, 1, 20)")
    for read in (lambda: store.card_state("d", "c1"), lambda: store.card_states()):
        with pytest.raises(StoreError) as caught:
            read()
        message = str(caught.value)
        assert str(store.path) in message and "card d/c1 is damaged" in message


def test_store_review_log_is_append_only(store: ProgressStore, scheduler: ReviewScheduler) -> None:
    store.record_answer(answer(scheduler))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store._db.execute("UPDATE review SET rating = 4")


def test_store_unscheduled_answers_are_logged_without_touching_state(
    store: ProgressStore, scheduler: ReviewScheduler
) -> None:
    review_id = store.record_answer(answer(scheduler, scheduled=False))
    assert store.card_state("d", "c1") is None
    [review] = list(store.reviews())
    assert not review.scheduled and review.due_after is None
    assert store.count_reviews(NOW - timedelta(hours=1)) == 0
    store.undo_answer(review_id)
    assert list(store.reviews()) == []


def test_store_filters_reviews_by_card_and_time(
    store: ProgressStore, scheduler: ReviewScheduler
) -> None:
    for hours, card_id in [(0, "a"), (1, "b"), (2, "a"), (3, "c")]:
        store.record_answer(answer(scheduler, card_id, at=NOW + timedelta(hours=hours)))
    assert [r.card_id for r in store.reviews(card_id="a")] == ["a", "a"]
    assert [r.card_id for r in store.reviews(since=NOW + timedelta(hours=1))] == ["b", "a", "c"]
    assert store.count_reviews(NOW + timedelta(hours=2), new_only=True) == 2
    buckets = store.review_buckets(NOW)
    assert [count for _start, count, _passed in buckets] == [1, 1, 1, 1]


def test_store_marks_cards_suspended_and_flagged(store: ProgressStore) -> None:
    store.set_suspended("d", "x", True)
    store.set_flagged("d", "x", True)
    state = store.card_state("d", "x")
    assert state is not None and state.suspended and state.flagged and state.is_new
    store.set_suspended("d", "x", False)
    assert store.card_states("d")[0].suspended is False
    assert store.card_states("other") == []


def test_store_settings_round_trip(store: ProgressStore) -> None:
    assert store.setting("k") is None
    store.set_setting("k", {"a": [1, 2]})
    store.set_setting("k", {"a": [3]})
    assert store.setting("k") == {"a": [3]}


def test_store_bulk_load(store: ProgressStore, scheduler: ReviewScheduler) -> None:
    schedule = scheduler.review(scheduler.new_schedule(NOW), Rating.GOOD, NOW)
    states = [CardStateRecord("d", f"c{i}", "typed", schedule, reps=1) for i in range(50)]
    answers = [answer(scheduler, f"c{i}") for i in range(50)]
    store.bulk_load(states, answers)
    assert len(store.card_states("d")) == 50
    assert sum(1 for _ in store.reviews()) == 50


# -- migrations and refusals ------------------------------------------------------------


def test_store_migrates_an_older_schema_after_a_backup(
    tmp_path: Path, fixed_clock: FixedClock
) -> None:
    path = tmp_path / "p.sqlite3"
    make_v1(path)
    with ProgressStore(path, clock=fixed_clock) as store:
        assert store.schema_version == SCHEMA_VERSION
        backup = store.backup_path
        assert backup == tmp_path / "p.sqlite3.bak-v1-20260127T090000Z"
        [session] = store.sessions()
        assert (session.mode, session.answered, session.almost, session.scheduled) == (
            "quiz",
            2,
            0,
            True,
        )
        state = store.card_state("d", "old")
        assert state is not None and state.reps == 7
        assert [r.card_id for r in store.reviews()] == ["old"]
        store.set_setting("x", 1)  # a v2 table
    assert backup is not None
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("SELECT reps FROM card_state").fetchone()[0] == 7
    copy.close()
    with ProgressStore(path, clock=fixed_clock) as again:
        assert again.backup_path is None  # already current: no second backup


def test_store_refuses_a_newer_schema_and_leaves_it_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE future (x)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    original = path.read_bytes()
    with pytest.raises(StoreError, match="newer quizapp"):
        ProgressStore(path)
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.sqlite3"]


def test_store_refuses_a_non_sqlite_file_without_overwriting_it(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    path.write_bytes(b"my notes, not a database\n" * 40)
    with pytest.raises(StoreError, match="not SQLite"):
        ProgressStore(path)
    assert path.read_bytes() == b"my notes, not a database\n" * 40


def test_store_reports_a_corrupt_database(tmp_path: Path, scheduler: ReviewScheduler) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as store:
        store.bulk_load([], [answer(scheduler, f"c{i}") for i in range(2000)])
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    data = bytearray(path.read_bytes())
    page = 4096
    data[page : page * 4] = b"\xff" * (page * 3)  # the header survives, the pages do not
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError), ProgressStore(path) as store:
        list(store.reviews())
        store.record_answer(answer(scheduler, "new"))


def test_store_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    path.touch()
    with ProgressStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION


def test_store_refuses_a_data_dir_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the data folder"):
        ProgressStore(blocker / "sub" / "p.sqlite3")


def test_store_refuses_a_read_only_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() == 0:
        # root writes anyway: simulate what the permission check sees for other users.
        real_access = os.access
        monkeypatch.setattr(
            os, "access", lambda p, mode: False if Path(p) == folder else real_access(p, mode)
        )
    else:
        folder.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="read-only"):
            ProgressStore(folder / "p.sqlite3")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_store_error_when_another_process_holds_the_write_lock(
    tmp_path: Path, scheduler: ReviewScheduler, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as store:
        store._db.execute("PRAGMA busy_timeout = 50")
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="locked"):
                store.record_answer(answer(scheduler))
        finally:
            other.execute("ROLLBACK")
            other.close()
        store.record_answer(answer(scheduler))
        assert len(store.card_states()) == 1


def test_store_serves_worker_threads_between_answers(
    store: ProgressStore, scheduler: ReviewScheduler
) -> None:
    """The TUI reads stats in a worker thread while the UI thread records answers."""
    import threading

    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(200):
                store.card_states()
                store.count_reviews(NOW - timedelta(days=1))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    worker = threading.Thread(target=read)
    worker.start()
    for number in range(200):
        store.record_answer(answer(scheduler, f"c{number}"))
    worker.join()
    assert errors == []
    assert len(store.card_states()) == 200


def test_store_refuses_a_newer_schema_still_in_the_write_ahead_log(tmp_path: Path) -> None:
    """A newer quizapp died after migrating: the version is only in the -wal file."""
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path):
        pass
    newer_version_in_wal(path)
    kept = ("p.sqlite3", "p.sqlite3-wal")  # -shm is SQLite's rebuildable in-memory index
    before = {name: (tmp_path / name).read_bytes() for name in kept}
    assert int.from_bytes(before["p.sqlite3"][60:64], "big") == SCHEMA_VERSION  # stale header
    with pytest.raises(StoreError, match="newer quizapp"):
        ProgressStore(path)
    assert {name: (tmp_path / name).read_bytes() for name in kept} == before
