"""The SQLite progress store of one profile; the only module that imports sqlite3."""

from __future__ import annotations

import heapq
import itertools
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import Any

from quizapp.core.clock import Clock, SystemClock
from quizapp.core.errors import StoreError
from quizapp.core.records import (
    AnswerOutcome,
    AnswerRecord,
    CardStateRecord,
    MemoryBrief,
    ReviewRecord,
    SessionRecord,
)
from quizapp.core.store_rows import (
    DamagedRow,
    answered_state_params,
    from_ms,
    opt_from_ms,
    review_from_row,
    review_params,
    schedule_from_json,
    session_from_row,
    state_from_row,
    state_to_row,
    to_ms,
)
from quizapp.core.store_schema import (
    INSERT_REVIEW,
    INSERT_STATE,
    MIGRATIONS,
    REVIEW_COLUMNS,
    SESSION_COLUMNS,
    STATE_COLUMNS,
    UPSERT_STATE,
)

__all__ = [
    "AnswerRecord",
    "CardStateRecord",
    "ProgressStore",
    "ReviewRecord",
    "SessionRecord",
]

SCHEMA_VERSION = len(MIGRATIONS)
_SQLITE_MAGIC = b"SQLite format 3\x00"
PER_DECK_QUERIES = 16
"""`queue_page` reads up to this many decks a query each; more in one query (see there)."""
_DUE_ORDER = itemgetter(3, 0, 1)
"""The queue's order of (deck id, card id, kind, due ms) rows: due date, deck, card."""


QUICK_CHECK_MAX_BYTES = 16 * 1024 * 1024
"""Profiles up to this size (about 75,000 reviews) are checked page by page at open (~25 ms)."""


class ProgressStore:
    """Card states, the review log and study sessions of one profile.

    Every write is its own short transaction, committed before the call returns, so an
    answer survives a crash or a power cut as soon as `record_answer` returns.
    """

    def __init__(self, path: Path | str, *, clock: Clock | None = None) -> None:
        self.path = Path(path)
        self._clock = clock or SystemClock()
        self._lock = threading.RLock()
        self.backup_path: Path | None = None
        """The copy made before the last migration, if one ran."""
        memory = str(path) == ":memory:"
        if not memory:
            _check_file(self.path)
        try:
            self._db = sqlite3.connect(
                str(path), timeout=5.0, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the progress database {self.path}: {error}") from None
        try:
            self._configure(memory)
            if not memory:
                self._quick_check()
            self._migrate(memory)
            self.checkpoint()  # a log left by a process that died
        except BaseException:
            self._db.close()
            raise

    # -- opening -------------------------------------------------------------------------

    def _configure(self, memory: bool) -> None:
        with self._errors("open"):
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(_newer_message(self.path, version))
            self._db.execute("PRAGMA busy_timeout = 5000")
            if not memory:
                mode = self._switch_to_wal()
                if str(mode).lower() != "wal":
                    raise StoreError(f"{self.path}: cannot switch the database to WAL mode")
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA foreign_keys = ON")
            # No automatic checkpoint inside an answer's commit (it would copy a thousand pages
            # into the database and fsync it while the learner waits): `checkpoint` runs when a
            # session starts or ends and when the store closes.
            self._db.execute("PRAGMA wal_autocheckpoint = 0")

    def _quick_check(self) -> None:
        """Refuse a damaged file before anything is written into it.

        SQLite reads around damaged pages until a query reaches one, so a session could be
        recorded into a file that is already broken. `quick_check` reads every page: a few
        milliseconds for years of ordinary study, so it runs for files up to
        QUICK_CHECK_MAX_BYTES; a bigger profile (a stress test) skips it and relies on
        SQLite noticing damage when it reaches it.
        """
        try:
            size = self.path.stat().st_size
        except OSError:
            return
        if size > QUICK_CHECK_MAX_BYTES:
            return
        with self._errors("check"):
            result = self._db.execute("PRAGMA quick_check(1)").fetchone()[0]
        if result != "ok":
            detail = " ".join(str(result).replace("*** in database main ***", "").split())
            advice = _ADVICE[sqlite3.SQLITE_CORRUPT]
            raise StoreError(
                f"progress database {self.path}: cannot open: {detail[:120]} ({advice})"
            )

    def _switch_to_wal(self) -> str:
        # Turning a new database to WAL answers "database is locked" at once, without the busy
        # timeout, while another process opens it too (two terminals): wait for it here.
        for attempt in range(100):
            try:
                return str(self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or attempt == 99:
                    raise
                time.sleep(0.05)
        raise AssertionError("unreachable")

    def _migrate(self, memory: bool) -> None:
        with self._errors("migrate"):
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version == SCHEMA_VERSION:
                return
            if version and not memory:
                self.backup_path = self._backup(version)  # outside the write lock it would wait on
            # Every migration in one write transaction that reads the version again: another
            # process opening the same profile may have migrated it meanwhile. DDL is
            # transactional in SQLite, so a failed migration leaves the previous version intact.
            self._db.execute("BEGIN IMMEDIATE")
            try:
                version = self._db.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise StoreError(_newer_message(self.path, version))
                for number, script in enumerate(MIGRATIONS, start=1):
                    if number <= version:
                        continue
                    for statement in _statements(script):
                        self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {number}")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _backup(self, version: int) -> Path:
        stamp = self._clock.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.bak-v{version}-{stamp}")
        copy = sqlite3.connect(str(target))
        try:
            self._db.backup(copy)
        finally:
            copy.close()
        return target

    @property
    def schema_version(self) -> int:
        with self._errors("read"):
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file (a pause, not an answer, is the time)."""
        with self._errors("checkpoint"):
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        with suppress(StoreError):  # the log stays valid; the next open checkpoints it
            self.checkpoint()
        self._db.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def integrity_check(self) -> str:
        with self._errors("check"):
            return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        # One connection, shared with the app's worker threads (stats, exports): the lock
        # keeps a read in a worker from landing inside the UI thread's answer transaction.
        try:
            with self._lock:
                yield
        except sqlite3.Error as error:
            raise StoreError(
                f"progress database {self.path}: cannot {action}: {error}{_advice(error)}"
            ) from None
        except DamagedRow as error:
            raise StoreError(f"progress database {self.path}: cannot {action}: {error}") from None

    @contextmanager
    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        with self._errors(action):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # -- card states ---------------------------------------------------------------------

    def card_states(self, deck_id: str | None = None) -> list[CardStateRecord]:
        """Every stored card state, or those of one deck (removed cards included)."""
        query = f"SELECT {STATE_COLUMNS} FROM card_state"
        params: tuple[Any, ...] = ()
        if deck_id is not None:
            query += " WHERE deck_id = ?"
            params = (deck_id,)
        with self._errors("read card states"):
            return [state_from_row(row) for row in self._db.execute(query, params)]

    def scheduled_cards(self, deck_id: str) -> dict[str, set[str]]:
        """Kind -> ids of a deck's unsuspended cards scheduled as cards of that kind.

        One range of the per-deck index, handed over as one JSON array per kind: for 100,000
        ids that takes half the time of one Python row per id, and keeps the garbage collector
        asleep.
        """
        with self._errors("read card states"):
            rows = self._db.execute(
                "SELECT kind, json_group_array(card_id) FROM card_state WHERE deck_id = ?"
                " AND suspended = 0 AND due_ms IS NOT NULL GROUP BY kind",
                (deck_id,),
            ).fetchall()
        return {kind: set(json.loads(ids)) for kind, ids in rows}

    def scheduled_among(self, deck_id: str, card_ids: Iterable[str]) -> set[str]:
        """Those of these cards of a deck that have a schedule (whatever its kind)."""
        wanted = list(card_ids)
        found: set[str] = set()
        with self._errors("read card states"):
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                found.update(
                    card_id
                    for (card_id,) in self._db.execute(
                        "SELECT card_id FROM card_state WHERE deck_id = ? AND due_ms IS NOT NULL"
                        f" AND card_id IN ({', '.join('?' * len(part))})",
                        (deck_id, *part),
                    )
                )
        return found

    def suspended_cards(self, deck_id: str) -> set[str]:
        with self._errors("read card states"):
            cursor = self._db.execute(
                "SELECT card_id FROM card_state WHERE deck_id = ? AND suspended = 1", (deck_id,)
            )
            return set(map(itemgetter(0), cursor))

    def queue_page(
        self,
        deck_ids: Sequence[str],
        *,
        learning: bool,
        due_after: int | None,
        due_by: int,
        limit: int = -1,
    ) -> list[tuple[str, str, str, int]]:
        """(deck id, card id, kind, due ms) of cards due after `due_after`, by `due_by` (ms).

        Learning cards (in their short steps) or review cards, suspended ones left out, most
        overdue first (then by deck and card id), at most `limit` rows (-1: all), read from
        the per-deck index. Up to PER_DECK_QUERIES decks, each deck's range is read in due
        order, `limit` rows at most, and the decks are merged; one query over all the decks
        sorts every due card of every deck (a page of 32 of 30,000 due cards in ten decks:
        5.2 ms in one query, 0.7 ms a deck each), but costs less than a query per deck for
        many decks (200 decks of 50 due cards: 1.2 ms, against 14 ms).
        """
        start = -(2**62) if due_after is None else due_after
        decks = list(dict.fromkeys(deck_ids))
        where = "suspended = 0 AND learning = ? AND due_ms > ? AND due_ms <= ?"
        values = (int(learning), start, due_by)
        with self._errors("read the queue"):
            if len(decks) > PER_DECK_QUERIES:
                marks = ", ".join("?" * len(decks))
                query = (
                    "SELECT deck_id, card_id, kind, due_ms FROM card_state"
                    f" WHERE deck_id IN ({marks}) AND {where}"
                    " ORDER BY due_ms, deck_id, card_id LIMIT ?"
                )
                return self._db.execute(query, (*decks, *values, limit)).fetchall()
            query = (
                "SELECT deck_id, card_id, kind, due_ms FROM card_state"
                f" WHERE deck_id = ? AND {where} ORDER BY due_ms, card_id LIMIT ?"
            )
            per_deck = [
                self._db.execute(query, (deck_id, *values, limit)).fetchall() for deck_id in decks
            ]
        merged = heapq.merge(*per_deck, key=_DUE_ORDER)
        return list(merged if limit < 0 else itertools.islice(merged, limit))

    def count_queue(self, deck_ids: Sequence[str], due_by: datetime, *, learning: bool) -> int:
        """How many rows `queue_page` would give in all, counted on the index."""
        marks = ", ".join("?" * len(deck_ids))
        query = (
            f"SELECT count(*) FROM card_state WHERE deck_id IN ({marks}) AND suspended = 0"
            " AND learning = ? AND due_ms <= ?"
        )
        with self._errors("read the queue"):
            row = self._db.execute(query, (*deck_ids, int(learning), to_ms(due_by))).fetchone()
        return int(row[0])

    def memory_briefs(self, deck_id: str) -> dict[str, MemoryBrief]:
        """Kind, due date, state and stability of every stored card of a deck, for the stats."""
        with self._errors("read card states"):
            rows = self._db.execute(
                "SELECT card_id, kind, suspended, due_ms, json_extract(schedule, '$.state'),"
                " json_extract(schedule, '$.stability'), last_review_ms"
                " FROM card_state WHERE deck_id = ?",
                (deck_id,),
            ).fetchall()
        return {
            card_id: MemoryBrief(
                kind,
                bool(suspended),
                due_ms,
                state is not None and state != "review",
                stability,
                opt_from_ms(last_ms),
            )
            for card_id, kind, suspended, due_ms, state, stability, last_ms in rows
        }

    def card_state(self, deck_id: str, card_id: str) -> CardStateRecord | None:
        with self._errors("read a card state"):
            row = self._db.execute(
                f"SELECT {STATE_COLUMNS} FROM card_state WHERE deck_id = ? AND card_id = ?",
                (deck_id, card_id),
            ).fetchone()
            return None if row is None else state_from_row(row)

    def set_suspended(self, deck_id: str, card_id: str, value: bool) -> None:
        self._set_mark("suspended", deck_id, card_id, value)

    def set_flagged(self, deck_id: str, card_id: str, value: bool) -> None:
        self._set_mark("flagged", deck_id, card_id, value)

    def _set_mark(self, column: str, deck_id: str, card_id: str, value: bool) -> None:
        # A card never answered gets a row with an empty kind; the next reconcile fills it.
        with self._transaction(f"set {column}") as db:
            db.execute(
                f"INSERT INTO card_state (deck_id, card_id, kind, {column}) VALUES (?, ?, '', ?)"
                f" ON CONFLICT (deck_id, card_id) DO UPDATE SET {column} = excluded.{column}",
                (deck_id, card_id, int(value)),
            )

    def reconcile_kinds(self, deck_id: str, kinds: Mapping[str, str]) -> int:
        """Restart the schedule of every stored card whose kind changed; keep its log.

        Args:
            kinds: card id -> the card's kind in the deck as loaded now.

        Returns:
            How many card states were restarted.
        """
        with self._transaction("reconcile card kinds") as db:
            before = db.total_changes
            db.executemany(
                f"UPDATE card_state SET kind = ?, {_NEVER_REVIEWED}"
                " WHERE deck_id = ? AND card_id = ? AND kind <> ?",
                ((kind, deck_id, card_id, kind) for card_id, kind in kinds.items()),
            )
            return db.total_changes - before

    # -- answers -------------------------------------------------------------------------

    def record_answer(self, answer: AnswerRecord) -> int:
        """Log one answer, update the card state and the session totals; one transaction.

        Returns:
            The id of the new review-log row (pass it to `undo_answer`).
        """
        with self._transaction("record an answer") as db:
            row = db.execute(
                f"SELECT {STATE_COLUMNS} FROM card_state WHERE deck_id = ? AND card_id = ?",
                (answer.deck_id, answer.card_id),
            ).fetchone()
            before = None if row is None else json.dumps(list(row))
            cursor = db.execute(INSERT_REVIEW, review_params(answer, before))
            if answer.schedule is not None:
                db.execute(UPSERT_STATE, answered_state_params(answer))
            if answer.session_id is not None:
                self._add_to_session(db, answer.session_id, answer.verdict, answer.points, 1)
            return int(cursor.lastrowid or 0)

    def undo_answer(self, review_id: int) -> CardStateRecord | None:
        """Remove one review-log row and put the card state back as it was before it.

        Returns:
            The card state now stored, or None when the card has no row any more.

        Raises:
            StoreError: no review has this id, or the card was answered again since (by
                another window on the profile): putting back the state from before would
                silently cancel that later answer.
        """
        with self._transaction("undo an answer") as db:
            found = db.execute(
                "SELECT deck_id, card_id, session_id, verdict, points, scheduled, state_before"
                " FROM review WHERE id = ?",
                (review_id,),
            ).fetchone()
            if found is None:
                raise StoreError(f"no review {review_id} to undo")
            deck_id, card_id, session_id, verdict, points, scheduled, before_json = found
            if (
                scheduled
                and db.execute(
                    "SELECT 1 FROM review"
                    " WHERE deck_id = ? AND card_id = ? AND id > ? AND scheduled",
                    (deck_id, card_id, review_id),
                ).fetchone()
            ):
                raise StoreError(
                    "the card was answered again since, in another window: its latest answer stands"
                )
            db.execute("DELETE FROM review WHERE id = ?", (review_id,))
            if scheduled:
                _restore_state(db, deck_id, card_id, before_json)
            if session_id is not None:
                self._add_to_session(db, session_id, verdict, points, -1)
        return self.card_state(deck_id, card_id)

    @staticmethod
    def _add_to_session(
        db: sqlite3.Connection, session_id: int, verdict: str | None, points: int, sign: int
    ) -> None:
        db.execute(
            "UPDATE study_session SET answered = answered + ?, correct = correct + ?,"
            " almost = almost + ?, score = score + ? WHERE id = ?",
            (
                sign,
                sign * (verdict == "correct"),
                sign * (verdict == "almost"),
                sign * points,
                session_id,
            ),
        )

    def reviews(
        self,
        deck_id: str | None = None,
        card_id: str | None = None,
        since: datetime | None = None,
        *,
        session_id: int | None = None,
    ) -> Iterator[ReviewRecord]:
        """The review log in time order, streamed (it may hold millions of rows)."""
        clauses: list[str] = []
        params: list[Any] = []
        for clause, value in (
            ("deck_id = ?", deck_id),
            ("card_id = ?", card_id),
            ("reviewed_ms >= ?", None if since is None else to_ms(since)),
            ("session_id = ?", session_id),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        query = f"SELECT {REVIEW_COLUMNS} FROM review{where} ORDER BY reviewed_ms, id"
        return map(review_from_row, self._stream(query, params))

    def answer_outcomes(self) -> Iterator[AnswerOutcome]:
        """Every answer in time order, as the few columns a report counts (see AnswerOutcome)."""
        query = (
            "SELECT deck_id, card_id, verdict, score, rating, response_ms, session_id,"
            " reviewed_ms FROM review ORDER BY reviewed_ms, id"
        )
        return self._stream(query, ())

    def _stream(self, query: str, params: Sequence[Any]) -> Iterator[Any]:
        """The review log's rows a thousand at a time: it may hold millions."""
        with self._errors("read reviews"):
            cursor = self._db.execute(query, params)
        while True:
            with self._errors("read reviews"):
                rows = cursor.fetchmany(1000)
            if not rows:
                return
            yield from rows

    def count_reviews(self, since: datetime, *, new_only: bool = False) -> int:
        """Scheduled answers since `since`; with `new_only`, first answers of new cards."""
        query = "SELECT count(*) FROM review WHERE reviewed_ms >= ? AND scheduled = 1"
        if new_only:
            query += " AND was_new = 1"
        with self._errors("count reviews"):
            return int(self._db.execute(query, (to_ms(since),)).fetchone()[0])

    def review_buckets(
        self, since: datetime | None = None, bucket: timedelta = timedelta(minutes=15)
    ) -> list[tuple[datetime, int, int]]:
        """(bucket start, answers, answers not rated Again) per time bucket, oldest first.

        Stats group these small buckets into local days, so the log is aggregated in SQL
        and any time zone (even a half-hour one) still lands on the right day.
        """
        size = int(bucket.total_seconds() * 1000)
        with self._errors("aggregate reviews"):
            rows = self._db.execute(
                "SELECT reviewed_ms / ? AS slot, count(*), sum(rating > 1) FROM review"
                " WHERE reviewed_ms >= ? AND scheduled = 1 GROUP BY slot ORDER BY slot",
                (size, 0 if since is None else to_ms(since)),
            ).fetchall()
        return [(from_ms(slot * size), count, passed) for slot, count, passed in rows]

    # -- sessions ------------------------------------------------------------------------

    def start_session(
        self,
        mode: str,
        started: datetime,
        *,
        deck_ids: Sequence[str] = (),
        tag: str | None = None,
        planned: int = 0,
        scheduled: bool = True,
        time_limit: float | None = None,
    ) -> int:
        with self._transaction("start a session") as db:
            cursor = db.execute(
                "INSERT INTO study_session (mode, deck_ids, tag, started_ms, planned, scheduled,"
                " time_limit_s) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    mode,
                    json.dumps(list(deck_ids)),
                    tag,
                    to_ms(started),
                    planned,
                    int(scheduled),
                    time_limit,
                ),
            )
            return int(cursor.lastrowid or 0)

    def finish_session(self, session_id: int, ended: datetime) -> None:
        with self._transaction("finish a session") as db:
            db.execute(
                "UPDATE study_session SET ended_ms = ? WHERE id = ?", (to_ms(ended), session_id)
            )
        self.checkpoint()

    def sessions(self, mode: str | None = None) -> list[SessionRecord]:
        query = f"SELECT {SESSION_COLUMNS} FROM study_session"
        params: tuple[Any, ...] = ()
        if mode is not None:
            query += " WHERE mode = ?"
            params = (str(mode),)
        with self._errors("read sessions"):
            return [
                session_from_row(row) for row in self._db.execute(query + " ORDER BY id", params)
            ]

    def session(self, session_id: int) -> SessionRecord | None:
        with self._errors("read a session"):
            row = self._db.execute(
                f"SELECT {SESSION_COLUMNS} FROM study_session WHERE id = ?", (session_id,)
            ).fetchone()
        return None if row is None else session_from_row(row)

    # -- settings and bulk loading -------------------------------------------------------

    def setting(self, key: str) -> Any:
        """A JSON value saved with `set_setting`, or None."""
        with self._errors("read settings"):
            row = self._db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        with self._transaction("save settings") as db:
            db.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    def bulk_load(
        self, states: Iterable[CardStateRecord], answers: Iterable[AnswerRecord] = ()
    ) -> None:
        """Insert many card states and log rows in one transaction (imports, benchmarks)."""
        with self._transaction("bulk load") as db:
            db.executemany(INSERT_STATE, (state_to_row(state) for state in states))
            db.executemany(INSERT_REVIEW, (review_params(a, None) for a in answers))


def _check_file(path: Path) -> None:
    """Refuse, before SQLite touches anything, a file we must not open or overwrite."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the data folder {folder}: {error.strerror}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"the data folder {folder} is read-only: progress cannot be saved")
    if not path.exists():
        return
    if not path.is_file():
        raise StoreError(f"{path} is not a file")
    if not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"the progress database {path} is read-only: progress cannot be saved")
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header:
        return  # an empty file is an empty database
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise StoreError(f"{path} is not a quizapp progress database (not SQLite); left as is")
    version = int.from_bytes(header[60:64], "big")
    if version <= SCHEMA_VERSION:
        # The header can be stale when a newer quizapp died before checkpointing its log: ask
        # SQLite through a read-only connection, which never checkpoints or rewrites anything.
        version = max(version, _peek_version(path))
    if version > SCHEMA_VERSION:
        raise StoreError(_newer_message(path, version))


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script, cut where SQLite sees each one end (triggers too)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""
    if pending.strip():
        yield pending


def _peek_version(path: Path) -> int:
    if not Path(f"{path}-wal").exists():
        return 0
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    try:
        return int(probe.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        probe.close()


_ADVICE = {
    sqlite3.SQLITE_CORRUPT: "the file is damaged; quizapp will not repair or replace it:"
    " restore a copy (or a .bak file beside it), or move it away to start afresh",
    sqlite3.SQLITE_NOTADB: "the file is not a quizapp database; quizapp left it as it is",
    sqlite3.SQLITE_FULL: "the disk is full; the answers saved before are kept",
    sqlite3.SQLITE_IOERR: "the disk could not be written (full, read-only or removed?);"
    " the answers saved before are kept",
    sqlite3.SQLITE_READONLY: "the database or its folder is read-only",
    sqlite3.SQLITE_CANTOPEN: "the database or its folder cannot be opened for writing",
    sqlite3.SQLITE_BUSY: "another program kept the profile locked; try again in a moment",
}


def _advice(error: sqlite3.Error) -> str:
    """What a learner can do about a SQLite error, after its own terse text."""
    advice = _ADVICE.get((getattr(error, "sqlite_errorcode", None) or 0) & 0xFF)
    return f" ({advice})" if advice else ""


def _newer_message(path: Path, version: int) -> str:
    return (
        f"{path} was written by a newer quizapp (schema v{version}, this one knows up to"
        f" v{SCHEMA_VERSION}); upgrade quizapp. The file was left untouched."
    )


_NEVER_REVIEWED = (
    "schedule = NULL, due_ms = NULL, learning = 0, reps = 0, lapses = 0,"
    " first_review_ms = NULL, last_review_ms = NULL, last_answer = NULL"
)
"""The SET clause that makes a card state new again (kept: its flag and suspension)."""


def _restore_state(db: sqlite3.Connection, deck_id: str, card_id: str, before: str | None) -> None:
    if before is None:
        db.execute(
            f"UPDATE card_state SET {_NEVER_REVIEWED} WHERE deck_id = ? AND card_id = ?",
            (deck_id, card_id),
        )
        db.execute(
            "DELETE FROM card_state WHERE deck_id = ? AND card_id = ? AND suspended = 0"
            " AND flagged = 0",
            (deck_id, card_id),
        )
        return
    (_d, _c, kind, schedule, reps, lapses, _s, _f, first, last, last_answer) = json.loads(before)
    restored = schedule_from_json(schedule, deck_id, card_id)
    due_ms = to_ms(restored.due) if restored else None
    learning = int(restored is not None and restored.is_learning)
    db.execute(
        "UPDATE card_state SET kind = ?, schedule = ?, due_ms = ?, learning = ?, reps = ?,"
        " lapses = ?, first_review_ms = ?, last_review_ms = ?, last_answer = ?"
        " WHERE deck_id = ? AND card_id = ?",
        (kind, schedule, due_ms, learning, reps, lapses, first, last, last_answer)
        + (deck_id, card_id),
    )
