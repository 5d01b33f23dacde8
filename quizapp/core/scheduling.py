"""FSRS scheduling behind our own frozen types; the only module that imports fsrs."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from quizapp.core.model import Rating

if TYPE_CHECKING:
    import fsrs

# fsrs is imported when a scheduler first reviews, previews or rates a card, not with this
# module: the store and the session name CardSchedule before any card is answered.


class ScheduleState(StrEnum):
    """Where a card is in FSRS's life cycle."""

    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


def _utc(moment: datetime) -> datetime:
    """Return `moment` in UTC; naive datetimes are refused, as fsrs refuses them."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: the scheduler takes UTC-aware datetimes")
    return moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class CardSchedule:
    """Our frozen copy of fsrs's memory state of one card (fsrs's own Card stays in here)."""

    state: ScheduleState
    step: int | None
    """Index of the current (re)learning step; None in the review state."""
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    @property
    def is_learning(self) -> bool:
        """True while the card goes through its short (re)learning steps."""
        return self.state is not ScheduleState.REVIEW

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state.value,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat(),
            "last_review": self.last_review.isoformat() if self.last_review else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CardSchedule:
        last = data.get("last_review")
        return cls(
            state=ScheduleState(data["state"]),
            step=None if data.get("step") is None else int(data["step"]),
            stability=None if data.get("stability") is None else float(data["stability"]),
            difficulty=None if data.get("difficulty") is None else float(data["difficulty"]),
            due=_utc(datetime.fromisoformat(data["due"])),
            last_review=_utc(datetime.fromisoformat(last)) if last else None,
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> CardSchedule:
        return cls.from_dict(json.loads(text))


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    """The per-profile FSRS knobs."""

    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    """In days."""
    fuzz: bool = True
    """Spread review intervals a little so cards learnt together do not stay together."""

    def __post_init__(self) -> None:
        if not 0.5 <= self.desired_retention < 1.0:
            raise ValueError("desired_retention must be in [0.5, 1)")
        if self.maximum_interval < 1:
            raise ValueError("maximum_interval must be at least 1 day")
        if any(step <= timedelta(0) for step in self.learning_steps + self.relearning_steps):
            raise ValueError("learning and relearning steps must be positive")

    def to_dict(self) -> dict[str, Any]:
        return {
            "desired_retention": self.desired_retention,
            "learning_steps": [int(s.total_seconds()) for s in self.learning_steps],
            "relearning_steps": [int(s.total_seconds()) for s in self.relearning_steps],
            "maximum_interval": self.maximum_interval,
            "fuzz": self.fuzz,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SchedulerSettings:
        """Build settings from a saved dict; missing keys keep their defaults."""
        defaults = cls()
        return cls(
            desired_retention=float(data.get("desired_retention", defaults.desired_retention)),
            learning_steps=tuple(
                timedelta(seconds=int(s))
                for s in data.get("learning_steps", defaults.to_dict()["learning_steps"])
            ),
            relearning_steps=tuple(
                timedelta(seconds=int(s))
                for s in data.get("relearning_steps", defaults.to_dict()["relearning_steps"])
            ),
            maximum_interval=int(data.get("maximum_interval", defaults.maximum_interval)),
            fuzz=bool(data.get("fuzz", defaults.fuzz)),
        )


# fsrs draws its fuzz from the module-level `random()`; we swap in a seeded generator for
# the duration of one call, under a lock, so that the same schedule always gets the same fuzz.
_FUZZ_LOCK = threading.Lock()


@contextmanager
def _seeded_fuzz(seed: bytes) -> Iterator[None]:
    import hashlib

    import fsrs.scheduler

    rng = random.Random(int.from_bytes(hashlib.sha256(seed).digest()[:8], "big"))
    namespace = vars(fsrs.scheduler)
    with _FUZZ_LOCK:
        original = namespace["random"]
        namespace["random"] = rng.random
        try:
            yield
        finally:
            namespace["random"] = original


class ReviewScheduler:
    """Reviews and previews card schedules with fsrs; pure apart from its settings."""

    def __init__(self, settings: SchedulerSettings | None = None) -> None:
        self.settings = settings or SchedulerSettings()
        self._scheduler: fsrs.Scheduler | None = None

    @property
    def _fsrs(self) -> fsrs.Scheduler:
        if self._scheduler is None:
            import fsrs

            self._scheduler = fsrs.Scheduler(
                desired_retention=self.settings.desired_retention,
                learning_steps=self.settings.learning_steps,
                relearning_steps=self.settings.relearning_steps,
                maximum_interval=self.settings.maximum_interval,
                enable_fuzzing=self.settings.fuzz,
            )
        return self._scheduler

    def new_schedule(self, now: datetime) -> CardSchedule:
        """The schedule of a card never reviewed, due at `now`."""
        import fsrs

        return _from_fsrs(fsrs.Card(card_id=0, due=_utc(now)))

    def review(
        self, schedule: CardSchedule, rating: Rating, at: datetime, *, key: str = ""
    ) -> CardSchedule:
        """The schedule after rating the card at `at`.

        The fuzz is seeded from the schedule and `key` (pass the card's identity), never
        from `at`: `preview` a moment earlier shows the same interval. The seed leaves the
        rating out too, so every button gets the same fuzz and Hard stays below Good.
        """
        import fsrs

        moment = _utc(at)
        card = _to_fsrs(schedule)
        seed = f"{key}|{schedule.to_json()}".encode()
        with _seeded_fuzz(seed):
            reviewed, _log = self._fsrs.review_card(card, fsrs.Rating(int(rating)), moment)
        return _from_fsrs(reviewed)

    def preview(
        self, schedule: CardSchedule, at: datetime, *, key: str = ""
    ) -> dict[Rating, timedelta]:
        """The next interval for each rating, as the answer buttons show it."""
        return {
            rating: self.review(schedule, rating, at, key=key).due - _utc(at) for rating in Rating
        }

    def retrievability(self, schedule: CardSchedule | None, at: datetime) -> float:
        """FSRS's predicted probability of recalling the card at `at` (0 for a new card)."""
        if schedule is None:
            return 0.0
        return self.recall_probability(schedule.stability, schedule.last_review, at)

    def recall_probability(
        self, stability: float | None, last_review: datetime | None, at: datetime
    ) -> float:
        """`retrievability` from the two numbers it depends on (stats over 100k cards)."""
        if stability is None or last_review is None:
            return 0.0
        import fsrs

        card = fsrs.Card(card_id=0, stability=stability, last_review=last_review, due=at)
        return float(self._fsrs.get_card_retrievability(card, at))


def is_lapse(before: CardSchedule | None, rating: Rating) -> bool:
    """True when a learnt card (review state) is forgotten."""
    return before is not None and before.state is ScheduleState.REVIEW and rating is Rating.AGAIN


def _to_fsrs(schedule: CardSchedule) -> fsrs.Card:
    import fsrs

    return fsrs.Card(
        card_id=0,
        state=fsrs.State[schedule.state.value.capitalize()],
        step=schedule.step,
        stability=schedule.stability,
        difficulty=schedule.difficulty,
        due=schedule.due,
        last_review=schedule.last_review,
    )


def _from_fsrs(card: fsrs.Card) -> CardSchedule:
    return CardSchedule(
        state=ScheduleState(card.state.name.lower()),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due),
        last_review=_utc(card.last_review) if card.last_review else None,
    )
