"""The rows of the progress store as frozen values (what `ProgressStore` reads and writes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from quizapp.core.model import Rating
from quizapp.core.scheduling import CardSchedule


@dataclass(frozen=True, slots=True)
class CardStateRecord:
    """The learner's progress on one card, keyed by (deck id, card id)."""

    deck_id: str
    card_id: str
    kind: str
    """The card kind the schedule was built for; a different kind restarts it."""
    schedule: CardSchedule | None
    """None until the card is first answered with scheduling on."""
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    flagged: bool = False
    first_review: datetime | None = None
    last_review: datetime | None = None
    last_answer: str | None = None
    """What the learner gave last time, as text."""

    @property
    def is_new(self) -> bool:
        return self.schedule is None

    @property
    def due(self) -> datetime | None:
        return self.schedule.due if self.schedule else None


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One answer in the append-only review log."""

    id: int
    session_id: int | None
    deck_id: str
    card_id: str
    reviewed_at: datetime
    rating: Rating
    verdict: str | None
    """`correct`, `almost` or `wrong` (grading's Verdict values)."""
    score: float | None
    """Credit in [0, 1]."""
    response: str | None
    response_ms: int | None
    due_after: datetime | None
    """The card's next due date after this answer (None when scheduling was off)."""
    interval: timedelta | None
    kind: str
    was_new: bool
    """The card had never been answered before (counts against the daily new-card limit)."""
    scheduled: bool
    """False for quiz answers given with `--no-schedule`: the card state was not touched."""


AnswerOutcome = tuple[str, str, str | None, float | None, int, int | None, int | None, int]
"""One logged answer as a report counts it: (deck id, card id, verdict, score, rating,
response ms, session id, reviewed at in epoch ms). A report reads every answer ever given,
millions on a long history: a row as SQLite returns it, not a `ReviewRecord` per answer."""


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One study session (a review or a quiz), with its running totals."""

    id: int
    mode: str
    deck_ids: tuple[str, ...]
    """The deck filter; empty means every deck."""
    tag: str | None
    started: datetime
    ended: datetime | None
    """None while running, or when the process died before `finish`."""
    answered: int
    correct: int
    almost: int
    score: int
    planned: int
    """Cards the session set out to show (the quiz length)."""
    scheduled: bool
    time_limit: float | None
    """Seconds, for a timed quiz."""


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """Everything `ProgressStore.record_answer` writes for one answer, in one transaction."""

    session_id: int | None
    deck_id: str
    card_id: str
    kind: str
    reviewed_at: datetime
    rating: Rating
    verdict: str | None
    score: float | None
    response: str | None
    response_ms: int | None
    schedule: CardSchedule | None
    """The new schedule, or None when the answer must not change the card state."""
    was_new: bool
    lapse: bool
    points: int
    """Added to the session's score."""


@dataclass(frozen=True, slots=True)
class MemoryBrief:
    """What the stats need of one stored card, read with SQL's JSON functions (no parsing)."""

    kind: str
    suspended: bool
    due_ms: int | None
    """None while the card is new."""
    learning: bool
    """In a (re)learning step rather than the review state."""
    stability: float | None
    last_review: datetime | None
