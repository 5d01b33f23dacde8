"""Conversions between the progress store's rows and its records (times are epoch ms, UTC)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from quizapp.core.model import Rating
from quizapp.core.records import AnswerRecord, CardStateRecord, ReviewRecord, SessionRecord
from quizapp.core.scheduling import CardSchedule


def to_ms(moment: datetime) -> int:
    """Milliseconds since the epoch of an aware datetime (how the store keeps time)."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: the store takes aware datetimes")
    return int(moment.timestamp() * 1000)


def from_ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, UTC)


def opt_from_ms(value: int | None) -> datetime | None:
    return None if value is None else from_ms(value)


class DamagedRow(Exception):
    """A stored value that SQLite's own checks pass but that cannot be read back."""


def schedule_from_json(text: str | None, deck_id: str, card_id: str) -> CardSchedule | None:
    """A stored schedule read back (None for a new card).

    Raises:
        DamagedRow: it is not the JSON the store writes (edited or damaged).
    """
    try:
        return CardSchedule.from_json(text) if text else None
    except (ValueError, KeyError, TypeError) as error:
        raise DamagedRow(
            f"the saved schedule of card {deck_id}/{card_id} is damaged ({error})"
        ) from None


def state_from_row(row: Sequence[Any]) -> CardStateRecord:
    """The record of a card_state row.

    Raises:
        DamagedRow: its schedule is not the JSON the store writes (edited or damaged).
    """
    deck_id, card_id, kind, schedule, reps, lapses, suspended, flagged, first, last, answer = row
    return CardStateRecord(
        deck_id=deck_id,
        card_id=card_id,
        kind=kind,
        schedule=schedule_from_json(schedule, deck_id, card_id),
        reps=reps,
        lapses=lapses,
        suspended=bool(suspended),
        flagged=bool(flagged),
        first_review=opt_from_ms(first),
        last_review=opt_from_ms(last),
        last_answer=answer,
    )


def state_to_row(state: CardStateRecord) -> tuple[Any, ...]:
    schedule = state.schedule
    return (
        state.deck_id,
        state.card_id,
        state.kind,
        schedule.to_json() if schedule else None,
        to_ms(schedule.due) if schedule else None,
        int(schedule is not None and schedule.is_learning),
        state.reps,
        state.lapses,
        int(state.suspended),
        int(state.flagged),
        None if state.first_review is None else to_ms(state.first_review),
        None if state.last_review is None else to_ms(state.last_review),
        state.last_answer,
    )


def review_from_row(row: Sequence[Any]) -> ReviewRecord:
    (rid, sid, deck_id, card_id, at, rating, verdict, score, response, response_ms, due, interval,
     kind, was_new, scheduled) = row  # fmt: skip
    return ReviewRecord(
        id=rid,
        session_id=sid,
        deck_id=deck_id,
        card_id=card_id,
        reviewed_at=from_ms(at),
        rating=Rating(rating),
        verdict=verdict,
        score=score,
        response=response,
        response_ms=response_ms,
        due_after=opt_from_ms(due),
        interval=None if interval is None else timedelta(milliseconds=interval),
        kind=kind,
        was_new=bool(was_new),
        scheduled=bool(scheduled),
    )


def session_from_row(row: Sequence[Any]) -> SessionRecord:
    (sid, mode, deck_ids, tag, started, ended, answered, correct, almost, score, planned,
     scheduled, time_limit) = row  # fmt: skip
    return SessionRecord(
        id=sid,
        mode=mode,
        deck_ids=tuple(json.loads(deck_ids)),
        tag=tag,
        started=from_ms(started),
        ended=opt_from_ms(ended),
        answered=answered,
        correct=correct,
        almost=almost,
        score=score,
        planned=planned,
        scheduled=bool(scheduled),
        time_limit=time_limit,
    )


def review_params(answer: AnswerRecord, before: str | None) -> tuple[Any, ...]:
    """The values of `INSERT_REVIEW` for one answer; `before` is the prior state as JSON."""
    at_ms = to_ms(answer.reviewed_at)
    due_ms = to_ms(answer.schedule.due) if answer.schedule else None
    return (
        answer.session_id,
        answer.deck_id,
        answer.card_id,
        answer.kind,
        at_ms,
        int(answer.rating),
        answer.verdict,
        answer.score,
        answer.response,
        answer.response_ms,
        due_ms,
        None if due_ms is None else due_ms - at_ms,
        int(answer.was_new),
        int(answer.schedule is not None),
        answer.points,
        before,
    )


def answered_state_params(answer: AnswerRecord) -> tuple[Any, ...]:
    """The values of `UPSERT_STATE` for an answer that changes the schedule."""
    assert answer.schedule is not None
    at_ms = to_ms(answer.reviewed_at)
    return (
        answer.deck_id,
        answer.card_id,
        answer.kind,
        answer.schedule.to_json(),
        to_ms(answer.schedule.due),
        int(answer.schedule.is_learning),
        int(answer.lapse),
        at_ms,
        at_ms,
        answer.response,
    )
