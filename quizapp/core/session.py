"""Review and quiz sessions: which card comes next, grading, saving each answer, undo.

Points (constants in session_items.py): a correct answer earns 10, plus a streak bonus of 2
for each correct answer in a row before it (at most +10); an "almost" earns 5 and a wrong
answer 0; both end the streak.
Undo takes the points back.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal, TypeAlias

from quizapp.core.clock import Clock, DayBoundary
from quizapp.core.grades import GradeResult, Response, Verdict, accuracy
from quizapp.core.model import BasicCard, Card, Deck, Rating
from quizapp.core.records import AnswerRecord, CardStateRecord
from quizapp.core.scheduling import CardSchedule, ReviewScheduler, is_lapse
from quizapp.core.schema import MAX_TEXT_LENGTH
from quizapp.core.session_items import (
    DEFAULT_LIMITS,
    SessionSummary,
    StudyItem,
    StudyLimits,
    StudyMode,
    TagAccuracy,
    left_today,
    make_item,
    next_state,
    points_for,
    quiz_pool,
    shuffled_not_sorted,
)
from quizapp.core.session_queue import DueReviews, by_id, learning_cards, new_cards
from quizapp.core.store import ProgressStore

MAX_RESPONSE_CHARS = MAX_TEXT_LENGTH + 100
"""Longer than any answer a deck may hold (`schema.MAX_TEXT_LENGTH`), so the cut never turns a
right answer into a wrong one."""


def _bounded(response: Response) -> Response:
    if isinstance(response, str):
        return response[:MAX_RESPONSE_CHARS]
    if isinstance(response, tuple) and any(isinstance(r, str) for r in response):
        return tuple(str(r)[:MAX_RESPONSE_CHARS] for r in response)
    return response


_Entry: TypeAlias = tuple[datetime, int, StudyItem]
"""A learning-queue entry: due date, a tie-breaking sequence number, the item."""
_Drawn: TypeAlias = _Entry | Literal["queue"] | None
_Pending: TypeAlias = tuple[Deck, Card, bool]
"""A queued card whose item (shuffled options or items) is made when it is drawn."""
_Waiting: TypeAlias = StudyItem | _Pending


class _Queue:
    """The cards waiting, in order: cards put back, the due reviews (read lazily), the rest."""

    def __init__(
        self,
        items: Iterable[_Waiting] = (),
        due: DueReviews | None = None,
        then: Iterable[_Waiting] = (),
    ) -> None:
        self._head: deque[_Waiting] = deque(items)
        self._due = due
        self._tail: deque[_Waiting] = deque(then)

    def __len__(self) -> int:
        """How many are waiting; due reviews not read yet are counted by the store."""
        due = 0 if self._due is None else len(self._due)
        return len(self._head) + due + len(self._tail)

    def popleft(self) -> _Waiting | None:
        if self._head:
            return self._head.popleft()
        if self._due is not None:
            due = self._due.popleft()
            if due is not None:
                return (due[0], due[1], False)
        return self._tail.popleft() if self._tail else None

    def appendleft(self, waiting: _Waiting) -> None:
        self._head.appendleft(waiting)


@dataclass(slots=True)
class _Snapshot:
    """Everything `undo` puts back in memory; the store restores the rest."""

    review_id: int
    current: StudyItem
    state: CardStateRecord | None
    counters: tuple[int, int, int, int, int, int]
    tags: dict[str, tuple[int, int, int]]
    missed: list[tuple[str, str]]
    pushed: _Entry | None = None
    """The learning-queue entry the answer added (the card coming back in minutes)."""
    drawn: _Drawn = None
    """Where the card shown after the answer came from, to put it back on undo."""


@dataclass(slots=True)
class _Tally:
    answered: int = 0
    correct: int = 0
    almost: int = 0
    wrong: int = 0
    score: int = 0
    streak: int = 0
    tags: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    """Per tag: answered, correct, almost."""
    missed: list[tuple[str, str]] = field(default_factory=list)

    def counters(self) -> tuple[int, int, int, int, int, int]:
        return (self.answered, self.correct, self.almost, self.wrong, self.score, self.streak)


class StudySession:
    """A review or a quiz over some decks; build it with `review(...)` or `quiz(...)`."""

    def __init__(
        self,
        *,
        mode: StudyMode,
        items: Sequence[_Waiting] | _Queue,
        store: ProgressStore,
        scheduler: ReviewScheduler,
        clock: Clock,
        states: dict[tuple[str, str], CardStateRecord | None] | None = None,
        learning: Sequence[tuple[datetime, StudyItem]] = (),
        limits: StudyLimits = DEFAULT_LIMITS,
        schedule: bool = True,
        time_limit: float | None = None,
        deck_ids: Sequence[str] = (),
        tag: str | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.mode = mode
        self._store = store
        self._scheduler = scheduler
        self._clock = clock
        self._rng = rng or random.Random()
        self._states = {} if states is None else states
        """Card states read so far (None: new); the rest are read when their card is drawn."""
        self._limits = limits
        self.schedules = schedule
        """False for a quiz run with `--no-schedule`: answers are logged, states untouched."""
        self.time_limit = time_limit
        self.started = clock.now()
        self._seq = itertools.count()
        self._queue = items if isinstance(items, _Queue) else _Queue(items)
        self._learning: list[tuple[datetime, int, StudyItem]] = []
        for due, item in learning:
            heapq.heappush(self._learning, (due, next(self._seq), item))
        self._tally = _Tally()
        self._history: list[_Snapshot] = []
        self._result: GradeResult | None = None
        self._elapsed: float | None = None
        self._closed: SessionSummary | None = None
        self._fresh: dict[tuple[str, str], CardSchedule] = {}
        """A new card's first schedule, made once: the intervals shown on the rating buttons
        and the one applied are then the same (fsrs's fuzz is seeded from the schedule)."""
        self.session_id = store.start_session(
            mode.value,
            self.started,
            deck_ids=deck_ids,
            tag=tag,
            planned=len(self._queue) + len(self._learning),
            scheduled=schedule,
            time_limit=time_limit,
        )
        self._current: StudyItem | None = self._draw()[0]

    # -- building ------------------------------------------------------------------------

    @classmethod
    def review(
        cls,
        store: ProgressStore,
        scheduler: ReviewScheduler,
        decks: Sequence[Deck],
        clock: Clock,
        *,
        deck_ids: Sequence[str] | None = None,
        tag: str | None = None,
        limits: StudyLimits = DEFAULT_LIMITS,
        day: DayBoundary | None = None,
        rng: random.Random | None = None,
    ) -> StudySession:
        """Due cards (most overdue first), then new cards within today's limits.

        The queue comes from the store's indexes (see session_queue.py); each card's full
        state is read when the card is drawn, so a session over 100,000 cards starts as fast
        as one over ten.
        """
        now = clock.now()
        day = day or DayBoundary()
        new_left, reviews_left = left_today(store, limits, day.start_of_day(now))
        wanted = set(deck_ids) if deck_ids else None
        chosen = by_id([deck for deck in decks if wanted is None or deck.id in wanted])
        rng = rng or random.Random()
        learning = learning_cards(store, chosen, now + limits.learn_ahead, tag)
        # Review cards are due by the day, as in Anki: every card due before the study day
        # ends, which is what the home screen and the stats count as due today.
        end_of_day = day.start_of(day.local_day(now) + timedelta(days=1))
        due = DueReviews(store, chosen, end_of_day, reviews_left, tag)
        new = new_cards(store, chosen.values(), new_left, tag)
        return cls(
            mode=StudyMode.REVIEW,
            items=_Queue(due=due, then=[(deck, card, True) for deck, card in new]),
            learning=[(at, make_item(deck, card, False, rng)) for at, deck, card in learning],
            store=store,
            scheduler=scheduler,
            clock=clock,
            limits=limits,
            deck_ids=tuple(chosen),  # the decks themselves, not "all": reports key on them
            tag=tag,
            rng=rng,
        )

    @classmethod
    def quiz(
        cls,
        store: ProgressStore,
        scheduler: ReviewScheduler,
        decks: Sequence[Deck],
        clock: Clock,
        *,
        count: int = 10,
        deck_ids: Sequence[str] | None = None,
        tag: str | None = None,
        rng: random.Random | None = None,
        schedule: bool = True,
        time_limit: float | None = None,
    ) -> StudySession:
        """`count` random cards (of one tag, if given), options and items shuffled."""
        rng = rng or random.Random()
        pool = quiz_pool(store, decks, deck_ids, tag)
        picked = rng.sample(pool, min(count, len(pool)))
        states: dict[tuple[str, str], CardStateRecord | None] = {}
        items: list[_Waiting] = []
        for deck, position in picked:
            card = deck.cards[position]
            state = store.card_state(deck.id, card.id)
            if state is not None and state.schedule is not None and state.kind != card.kind:
                store.reconcile_kinds(deck.id, {card.id: card.kind.value})
                state = None  # the kind changed: the card is new again
            known = state is not None and state.schedule is not None
            states[(deck.id, card.id)] = state if known else None
            items.append(make_item(deck, card, not known, rng))
        return cls(
            mode=StudyMode.QUIZ,
            items=items,
            store=store,
            scheduler=scheduler,
            clock=clock,
            states=states,
            schedule=schedule,
            time_limit=time_limit,
            # The decks themselves, not "all": a class's reports compare quizzes by them.
            deck_ids=tuple(deck_ids) if deck_ids else tuple(by_id(decks)),
            tag=tag,
            rng=rng,
        )

    # -- state ---------------------------------------------------------------------------

    @property
    def time_up(self) -> bool:
        if self.time_limit is None:
            return False
        return self._clock.now() - self.started >= timedelta(seconds=self.time_limit)

    @property
    def current(self) -> StudyItem | None:
        """The card to show; None once finished (or once a timed quiz runs out of time)."""
        if self._closed is not None or self.time_up:
            return None
        return self._current

    @property
    def is_finished(self) -> bool:
        return self.current is None

    @property
    def position(self) -> int:
        return self._tally.answered + (1 if self.current else 0)

    @property
    def total(self) -> int:
        waiting = len(self._queue) + len(self._learning) + (1 if self.current else 0)
        return self._tally.answered + waiting

    @property
    def score(self) -> int:
        return self._tally.score

    @property
    def answered(self) -> int:
        return self._tally.answered

    @property
    def correct(self) -> int:
        return self._tally.correct

    @property
    def result(self) -> GradeResult | None:
        """The grade of the response given to `check`, until `answer` saves it."""
        return self._result

    # -- answering -----------------------------------------------------------------------

    def _state(self, item: StudyItem) -> CardStateRecord | None:
        """The card's stored state (None while new), read from the store the first time."""
        key = item.key
        if key not in self._states:
            self._states[key] = None if item.is_new else self._store.card_state(*key)
        return self._states[key]

    def _schedule_of(self, item: StudyItem) -> CardSchedule | None:
        state = self._state(item)
        if state is None or state.kind != item.card.kind.value:
            return None
        return state.schedule

    def intervals(self) -> dict[Rating, timedelta]:
        """The next interval per rating for `current` ({} when answers do not schedule)."""
        item = self.current
        if item is None or not self.schedules:
            return {}
        now = self._clock.now()
        base = self._schedule_of(item) or self._fresh_schedule(item, now)
        return self._scheduler.preview(base, now, key=_fuzz_key(item))

    def _fresh_schedule(self, item: StudyItem, now: datetime) -> CardSchedule:
        if item.key not in self._fresh:
            self._fresh[item.key] = self._scheduler.new_schedule(now)
        return self._fresh[item.key]

    def check(self, response: Response, elapsed: float | None = None) -> GradeResult:
        """Grade a response to `current` without saving it (the UI shows the verdict).

        A typed response is cut at `MAX_RESPONSE_CHARS`: 20 MB pasted in line mode took half
        a minute to grade and was stored twice.
        """
        item = self.current
        if item is None:
            raise ValueError("the session is finished")
        response = _bounded(response)
        from quizapp.core.grading import grade  # the parsers load at the first check, not at start

        deck, card = item.deck, item.card
        self._result = grade(
            card,
            response,
            language=deck.language,
            strict=deck.is_strict(card),
            elapsed=elapsed,
        )
        self._elapsed = elapsed
        return self._result

    def answer(self, rating: Rating | None = None) -> None:
        """Save the checked answer (rated `rating`, else the suggestion), then advance.

        A basic card may be answered with a rating alone. Once a timed quiz is over, only a
        response checked in time is saved: the learner gave it, and saw its verdict.

        Raises:
            ValueError: no response was checked and the card is not a basic card.
        """
        item = self.current
        if item is None and self._result is not None and self._closed is None:
            item = self._current
        if item is None:
            return
        result = self._result
        if result is None:
            if rating is None or not isinstance(item.card, BasicCard):
                raise ValueError("check() a response before answer()")
            from quizapp.core.grading import grade

            result = grade(item.card, rating)
        chosen = Rating(rating) if rating is not None else result.suggested
        now = self._clock.now()
        before = self._schedule_of(item)
        after: CardSchedule | None = None
        if self.schedules:
            base = before or self._fresh_schedule(item, now)
            after = self._scheduler.review(base, chosen, now, key=_fuzz_key(item))
        tally = self._tally
        points = points_for(result.verdict, tally.streak)
        snapshot = _Snapshot(
            review_id=0,
            current=item,
            state=self._state(item),
            counters=tally.counters(),
            tags=dict(tally.tags),
            missed=list(tally.missed),
        )
        snapshot.review_id = self._store.record_answer(
            AnswerRecord(
                session_id=self.session_id,
                deck_id=item.deck.id,
                card_id=item.card.id,
                kind=item.card.kind.value,
                reviewed_at=now,
                rating=chosen,
                verdict=result.verdict.value,
                score=result.score,
                response=result.given,
                response_ms=None if self._elapsed is None else round(self._elapsed * 1000),
                schedule=after,
                was_new=before is None,
                lapse=is_lapse(before, chosen),
                points=points,
            )
        )
        self._history.append(snapshot)
        if after is not None:
            self._states[item.key] = next_state(snapshot.state, item, after, chosen, now, result)
        self._count(item, result.verdict, points)
        if after is not None and after.is_learning and self.mode is StudyMode.REVIEW:
            again = StudyItem(item.deck, item.card, False, item.option_order, item.item_order)
            snapshot.pushed = (after.due, next(self._seq), again)
            heapq.heappush(self._learning, snapshot.pushed)
        self._result = None
        self._elapsed = None
        self._current, snapshot.drawn = self._draw()

    def _count(self, item: StudyItem, verdict: Verdict, points: int) -> None:
        tally = self._tally
        tally.answered += 1
        tally.score += points
        is_correct = verdict is Verdict.CORRECT
        if is_correct:
            tally.correct += 1
            tally.streak += 1
        else:
            tally.streak = 0
            if verdict is Verdict.ALMOST:
                tally.almost += 1
            else:
                tally.wrong += 1
                if item.key not in tally.missed:
                    tally.missed.append(item.key)
        is_almost = verdict is Verdict.ALMOST
        for tag in item.card.tags:
            answered, correct, almost = tally.tags.get(tag, (0, 0, 0))
            tally.tags[tag] = (answered + 1, correct + is_correct, almost + is_almost)

    def _draw(self) -> tuple[StudyItem | None, _Drawn]:
        """The next card: a learning card now due, else the queue, else one due soon."""
        now = self._clock.now()
        learning = self._learning
        soon = now + self._limits.learn_ahead
        if learning and learning[0][0] <= min(now, soon):
            return self._draw_learning()
        queued = self._queue.popleft()
        if queued is not None:
            if not isinstance(queued, StudyItem):
                queued = make_item(*queued, self._rng)
            self._state(queued)  # read now: the card is shown ready to grade and schedule
            return queued, "queue"
        if learning and learning[0][0] <= soon:
            return self._draw_learning()
        return None, None

    def _draw_learning(self) -> tuple[StudyItem, _Entry]:
        entry = heapq.heappop(self._learning)
        self._state(entry[2])
        return entry[2], entry

    def undo(self) -> bool:
        """Take back the last answer: card state restored, log row removed, points returned.

        Returns:
            False when there is nothing to undo (or the session was finished).

        Raises:
            StoreError: the store refused (the card was answered since in another window);
                the session and the store are as they were.
        """
        if not self._history or self._closed is not None:
            return False
        snapshot = self._history[-1]
        self._store.undo_answer(snapshot.review_id)
        self._history.pop()
        item = snapshot.current
        self._states[item.key] = snapshot.state
        # Undo the queue moves in reverse: the card drawn next goes back, the answer's own
        # learning entry goes away (it may be the very card that was drawn).
        if snapshot.drawn == "queue" and self._current is not None:
            self._queue.appendleft(self._current)
        elif isinstance(snapshot.drawn, tuple):
            heapq.heappush(self._learning, snapshot.drawn)
        if snapshot.pushed is not None:
            self._learning.remove(snapshot.pushed)
            heapq.heapify(self._learning)
        tally = self._tally
        (tally.answered, tally.correct, tally.almost, tally.wrong, tally.score, tally.streak) = (
            snapshot.counters
        )
        tally.tags = snapshot.tags
        tally.missed = snapshot.missed
        self._current = item
        self._result = None
        return True

    def flag(self) -> None:
        """Mark `current` for editing later (kept in the store)."""
        item = self.current
        if item is not None:
            self._store.set_flagged(item.deck.id, item.card.id, True)

    def finish(self) -> SessionSummary:
        """Close the session row and summarise; safe to call twice or after quitting early."""
        if self._closed is not None:
            return self._closed
        time_up = self.time_up
        now = self._clock.now()
        self._store.finish_session(self.session_id, now)
        tally = self._tally
        waiting = len(self._queue) + len(self._learning) + (self._current is not None)
        self._closed = SessionSummary(
            mode=self.mode,
            answered=tally.answered,
            correct=tally.correct,
            almost=tally.almost,
            wrong=tally.wrong,
            score=tally.score,
            accuracy=accuracy(tally.correct, tally.almost, tally.answered),
            duration=now - self.started,
            per_tag=tuple(
                TagAccuracy(tag, answered, correct, almost)
                for tag, (answered, correct, almost) in sorted(tally.tags.items())
            ),
            missed=tuple(tally.missed),
            session_id=self.session_id,
            time_up=time_up,
            not_reached=waiting,
        )
        return self._closed


def _fuzz_key(item: StudyItem) -> str:
    return f"{item.deck.id}/{item.card.id}"


__all__ = [
    "SessionSummary",
    "StudyItem",
    "StudyLimits",
    "StudyMode",
    "StudySession",
    "TagAccuracy",
    "shuffled_not_sorted",
]
