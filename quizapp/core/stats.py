"""Progress figures over the store: counts, mastery, streaks, forecast, heatmap, retention.

Review-log figures come from SQL aggregates in 15-minute buckets, folded into the learner's
local days here (so a million log rows never cross into Python). Card figures walk the card
states once. Mastery is the mean FSRS retrievability `MASTERY_HORIZON` from now over every
card, new cards counting 0: how much of the deck the learner would still recall then.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from quizapp.core.clock import DayBoundary
from quizapp.core.deck_codec import CardIndex, card_index_of
from quizapp.core.model import Deck
from quizapp.core.scheduling import ReviewScheduler
from quizapp.core.store import ProgressStore
from quizapp.core.store_rows import to_ms

if TYPE_CHECKING:
    from quizapp.core.library import Library
    from quizapp.core.records import MemoryBrief


PerDay = dict[date, tuple[int, int]]
"""(answers, answers not rated Again) per local day."""


MASTERY_HORIZON = timedelta(days=30)
"""How far ahead mastery looks: the recall a card would have then, at the pace it is learnt."""


@dataclass(frozen=True, slots=True)
class DeckStats:
    deck_id: str
    title: str
    total: int
    new: int
    learning: int
    learned: int
    """In FSRS's review state."""
    due: int
    """Due by the end of today (overdue included), suspended cards left out."""
    suspended: int
    mastery: float


@dataclass(frozen=True, slots=True)
class TagStats:
    tag: str
    cards: int
    learned: int
    mastery: float


@dataclass(frozen=True, slots=True)
class Streak:
    current: int
    """Consecutive local days with answers, ending today (or yesterday if not studied yet)."""
    best: int


@dataclass(frozen=True, slots=True)
class WeekRetention:
    week_start: date
    """The Monday of the local week."""
    answers: int
    retention: float
    """Share of answers not rated Again."""


@dataclass(frozen=True, slots=True)
class StudyStats:
    """Everything `quizapp stats` and the stats screen show."""

    decks: tuple[DeckStats, ...]
    tags: tuple[TagStats, ...]
    due_today: int
    new: int
    learned: int
    reviews_today: int
    retention: float | None
    """Share of answers not rated Again over the last 30 days; None without answers."""
    streak: Streak
    forecast: tuple[tuple[date, int], ...]
    heatmap: dict[date, int] = field(default_factory=dict)
    weekly_retention: tuple[WeekRetention, ...] = ()


CANCEL_CHECK_CARDS = 1000
"""How often `library_figures` checks whether it is still wanted (a few milliseconds of work)."""


@dataclass(slots=True)
class _Tally:
    """Running counts of one deck or tag (the stats screen's and the home screen's)."""

    cards: int = 0
    new: int = 0
    learning: int = 0
    learned: int = 0
    due: int = 0
    suspended: int = 0
    recall: float = 0.0

    def add_card(
        self,
        brief: MemoryBrief | None,
        kind: str,
        scheduler: ReviewScheduler,
        at: datetime,
        end_of_today: int,
    ) -> tuple[float, bool, int | None]:
        """Counts one card; returns its recall, whether it is learnt, and its due time in ms
        (None when new or suspended) for the tag and forecast tallies.

        A stored state of another kind counts as new; suspended cards are never due.
        """
        self.cards += 1
        if brief is None or brief.kind != kind or brief.due_ms is None:
            suspended = brief is not None and brief.suspended
            self.new += not suspended  # a suspended card is not waiting to be learnt
            self.suspended += suspended
            return 0.0, False, None
        recall = scheduler.recall_probability(brief.stability, brief.last_review, at)
        learnt = not brief.learning
        self.learned += learnt
        self.learning += not learnt
        self.recall += recall
        self.suspended += brief.suspended
        if brief.suspended:
            return recall, learnt, None
        self.due += brief.due_ms < end_of_today
        return recall, learnt, brief.due_ms

    def add_tagged(self, recall: float, learnt: bool) -> None:
        self.cards += 1
        self.recall += recall
        self.learned += learnt

    def deck_stats(self, deck_id: str, title: str) -> DeckStats:
        return DeckStats(
            deck_id=deck_id,
            title=title,
            total=self.cards,
            new=self.new,
            learning=self.learning,
            learned=self.learned,
            due=self.due,
            suspended=self.suspended,
            mastery=self.recall / self.cards if self.cards else 0.0,
        )


def _tag_rows(tags: dict[str, _Tally]) -> tuple[TagStats, ...]:
    return tuple(
        TagStats(tag, tally.cards, tally.learned, tally.recall / tally.cards)
        for tag, tally in sorted(tags.items())
    )


DeckFigures = tuple[tuple[DeckStats, ...], tuple[TagStats, ...], tuple[tuple[date, int], ...]]
"""Per-deck rows, per-tag rows, and the due forecast (cards per day, day 0 with the overdue)."""


def card_figures(
    store: ProgressStore,
    scheduler: ReviewScheduler,
    decks: Sequence[Deck],
    now: datetime,
    day: DayBoundary = DayBoundary(),
    forecast_days: int = 30,
) -> DeckFigures:
    """Per-deck and per-tag counts and mastery, and the due forecast (day 0 has the overdue).

    Only cards present in `decks` count: a removed card's kept state is left out. Read from
    the decks' card indexes: a deck from the cache has none of its cards built.
    """
    indexes = ((deck.id, deck.title, card_index_of(deck)) for deck in decks)
    figures = _figures(store, scheduler, indexes, now, day, forecast_days, lambda: False)
    assert figures is not None  # never cancelled
    return figures


def library_figures(
    library: Library,
    store: ProgressStore,
    scheduler: ReviewScheduler,
    now: datetime,
    day: DayBoundary = DayBoundary(),
    cancelled: Callable[[], bool] = lambda: False,
) -> tuple[tuple[DeckStats, ...], tuple[TagStats, ...]] | None:
    """`card_figures`' per-deck and per-tag rows for every deck of the library, from the card
    indexes alone (no deck is read). Returns None as soon as `cancelled()` (checked every
    `CANCEL_CHECK_CARDS` cards): whoever asked no longer needs them.
    """
    indexes = (
        (summary.id, summary.title, index)
        for summary in library.summaries
        if (index := library.card_index(summary.id)) is not None
    )
    figures = _figures(store, scheduler, indexes, now, day, 0, cancelled)
    return None if figures is None else figures[:2]


def _figures(
    store: ProgressStore,
    scheduler: ReviewScheduler,
    decks: Iterable[tuple[str, str, CardIndex]],
    now: datetime,
    day: DayBoundary,
    forecast_days: int,
    cancelled: Callable[[], bool],
) -> DeckFigures | None:
    today = day.local_day(now)
    # Day boundaries as epoch ms: the due date of each card is placed with a bisection.
    ends = [to_ms(day.start_of(today + timedelta(days=n + 1))) for n in range(forecast_days)]
    end_of_today = to_ms(day.start_of(today + timedelta(days=1)))
    # Recall a month ahead, not now: just after a review every card, even one rated Again,
    # is recalled at about 100%, and a first session showed a deck "100% mastered".
    at = now.astimezone(UTC) + MASTERY_HORIZON
    forecast = [0] * forecast_days
    deck_rows: list[DeckStats] = []
    tags: dict[str, _Tally] = defaultdict(_Tally)
    for deck_id, title, index in decks:
        if cancelled():
            return None
        briefs = store.memory_briefs(deck_id)
        tally = _Tally()
        for card_id, kind, card_tags in zip(index.ids, index.kinds, index.tags, strict=True):
            if tally.cards % CANCEL_CHECK_CARDS == 0 and cancelled():
                return None
            recall, learnt, due_ms = tally.add_card(
                briefs.get(card_id), kind, scheduler, at, end_of_today
            )
            for tag in card_tags:
                tags[tag].add_tagged(recall, learnt)
            if due_ms is not None:
                offset = bisect_right(ends, due_ms)
                if offset < forecast_days:
                    forecast[offset] += 1
        deck_rows.append(tally.deck_stats(deck_id, title))
    days = tuple((today + timedelta(days=i), count) for i, count in enumerate(forecast))
    return tuple(deck_rows), _tag_rows(tags), days


def daily_reviews(store: ProgressStore, day: DayBoundary, since: datetime | None = None) -> PerDay:
    """(answers, answers not rated Again) per local day, from SQL buckets."""
    per_day: dict[date, tuple[int, int]] = {}
    for start, count, passed in store.review_buckets(since):
        local = day.local_day(start)
        answers, passes = per_day.get(local, (0, 0))
        per_day[local] = (answers + count, passes + passed)
    return per_day


def streak(
    store: ProgressStore,
    now: datetime,
    day: DayBoundary = DayBoundary(),
    per_day: PerDay | None = None,
) -> Streak:
    """Current and best runs of consecutive local days with at least one answer.

    `per_day` (from `daily_reviews` over all time) saves a scan of the log when given.
    """
    studied = sorted(daily_reviews(store, day) if per_day is None else per_day)
    best = run = 0
    previous: date | None = None
    for studied_day in studied:
        run = run + 1 if previous and studied_day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = studied_day
    today = day.local_day(now)
    if not studied or (today - studied[-1]).days > 1:
        return Streak(0, best)
    current = 1
    for index in range(len(studied) - 1, 0, -1):
        if (studied[index] - studied[index - 1]).days != 1:
            break
        current += 1
    return Streak(current, best)


def heatmap(
    store: ProgressStore,
    now: datetime,
    day: DayBoundary = DayBoundary(),
    days: int = 182,
    per_day: PerDay | None = None,
) -> dict[date, int]:
    """Answers per local day over the last `days` days (days without answers left out)."""
    first = day.local_day(now) - timedelta(days=days - 1)
    if per_day is None:
        per_day = daily_reviews(store, day, day.start_of(first))
    return {d: answers for d, (answers, _p) in per_day.items() if d >= first}


def weekly_retention(
    store: ProgressStore,
    now: datetime,
    day: DayBoundary = DayBoundary(),
    weeks: int = 26,
    per_day: PerDay | None = None,
) -> tuple[WeekRetention, ...]:
    """Share of answers not rated Again, per local week (Monday first), oldest first."""
    today = day.local_day(now)
    first_monday = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    if per_day is None:
        per_day = daily_reviews(store, day, day.start_of(first_monday))
    per_week: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for local, (answers, passed) in per_day.items():
        if local < first_monday:
            continue
        week = per_week[local - timedelta(days=local.weekday())]
        week[0] += answers
        week[1] += passed
    return tuple(
        WeekRetention(week, answers, passed / answers)
        for week, (answers, passed) in sorted(per_week.items())
        if answers
    )


def overview(
    store: ProgressStore,
    scheduler: ReviewScheduler,
    decks: Sequence[Deck],
    now: datetime,
    day: DayBoundary = DayBoundary(),
) -> StudyStats:
    """All the figures at once, for `quizapp stats` and the stats screen."""
    deck_rows, tag_rows, forecast = card_figures(store, scheduler, decks, now, day)
    today = day.local_day(now)
    per_day = daily_reviews(store, day)  # one scan of the log serves every figure below
    month = [counts for d, counts in per_day.items() if d > today - timedelta(days=30)]
    answers = sum(count for count, _passed in month)
    passed = sum(passes for _count, passes in month)
    return StudyStats(
        decks=deck_rows,
        tags=tag_rows,
        due_today=sum(row.due for row in deck_rows),
        new=sum(row.new for row in deck_rows),
        learned=sum(row.learned for row in deck_rows),
        reviews_today=per_day.get(today, (0, 0))[0],
        retention=passed / answers if answers else None,
        streak=streak(store, now, day, per_day),
        forecast=forecast,
        heatmap=heatmap(store, now, day, per_day=per_day),
        weekly_retention=weekly_retention(store, now, day, per_day=per_day),
    )
