"""Stats over the store: local days, streaks, heatmap, retention, forecast, mastery."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from quizapp.context import open_services
from quizapp.core.clock import DayBoundary, FixedClock
from quizapp.core.model import Rating
from quizapp.core.records import AnswerRecord
from quizapp.core.scheduling import ReviewScheduler
from quizapp.core.stats import (
    MASTERY_HORIZON,
    Streak,
    card_figures,
    daily_reviews,
    heatmap,
    overview,
    streak,
    weekly_retention,
)
from quizapp.core.store import ProgressStore
from tests.engine.engine_decks import make_deck, typed

NOW = datetime(2026, 1, 27, 9, 0, tzinfo=UTC)  # a Tuesday


def log(
    store: ProgressStore,
    scheduler: ReviewScheduler,
    at: datetime,
    rating: Rating = Rating.GOOD,
    card_id: str = "c",
) -> None:
    schedule = scheduler.review(scheduler.new_schedule(at), rating, at)
    store.record_answer(
        AnswerRecord(
            None,
            "d",
            card_id,
            "typed",
            at,
            rating,
            "correct",
            1.0,
            "x",
            900,
            schedule,
            False,
            False,
            10,
        )  # fmt: skip
    )


def test_stats_day_boundary_uses_zone_and_day_start() -> None:
    india = DayBoundary(timezone(timedelta(hours=5, minutes=30)), day_start=4)
    late = datetime(2026, 1, 26, 22, 0, tzinfo=UTC)  # 03:30 on the 27th in India
    assert india.local_day(late) == date(2026, 1, 26)
    assert DayBoundary(india.tz, day_start=0).local_day(late) == date(2026, 1, 27)
    paris = DayBoundary(ZoneInfo("Europe/Paris"), 4)
    assert paris.start_of(date(2026, 7, 1)) == datetime(2026, 7, 1, 2, 0, tzinfo=UTC)
    assert paris.start_of_day(datetime(2026, 7, 1, 1, 0, tzinfo=UTC)) == datetime(
        2026, 6, 30, 2, 0, tzinfo=UTC
    )


def test_stats_streak_counts_local_days(store: ProgressStore, scheduler: ReviewScheduler) -> None:
    day = DayBoundary(UTC, 4)
    assert streak(store, NOW, day) == Streak(0, 0)
    # A five-day run long ago, then the three days before today (not today yet).
    for offset in (20, 19, 18, 17, 16, 3, 2, 1):
        log(store, scheduler, NOW - timedelta(days=offset))
    result = streak(store, NOW, day)
    assert (result.current, result.best) == (3, 5)
    log(store, scheduler, NOW)
    assert streak(store, NOW, day).current == 4
    # Two days without answers break the run.
    assert streak(store, NOW + timedelta(days=2), day).current == 0


def test_stats_streak_answer_after_midnight_counts_for_the_evening_before(
    store: ProgressStore, scheduler: ReviewScheduler
) -> None:
    paris = ZoneInfo("Europe/Paris")
    log(store, scheduler, datetime(2026, 1, 25, 20, 0, tzinfo=paris))
    log(store, scheduler, datetime(2026, 1, 27, 1, 30, tzinfo=paris))  # still the 26th
    now = datetime(2026, 1, 27, 12, 0, tzinfo=paris)
    assert streak(store, now, DayBoundary(paris, 4)).current == 2
    assert streak(store, now, DayBoundary(paris, 0)).current == 1  # 25th, then the 27th


@pytest.fixture
def paris_time() -> Iterator[None]:
    """The machine's local time is Paris (summer time ends on 25 October 2026)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "Europe/Paris")
        time.tzset()
        yield
    time.tzset()


def test_stats_the_services_days_follow_summer_time(
    tmp_path: Path, scheduler: ReviewScheduler, paris_time: None
) -> None:
    """One answer at 04:30 every morning around the change of time, counted on 28 October:
    today's offset (+1) put the summer mornings (+2) on the day before, and broke the run."""
    clock = FixedClock(datetime(2026, 10, 28, 12, 0, tzinfo=UTC))
    paris = ZoneInfo("Europe/Paris")
    mornings = [date(2026, 10, 20) + timedelta(days=n) for n in range(9)]
    with open_services(tmp_path, deck_paths=[], clock=clock) as services:
        for morning in mornings:
            at = datetime.combine(morning, datetime.min.time().replace(hour=4, minute=30), paris)
            log(services.store, scheduler, at)
        day = services.day()
        assert sorted(daily_reviews(services.store, day)) == mornings
        assert streak(services.store, clock.now(), day) == Streak(9, 9)
        assert day.start_of(date(2026, 10, 20)) == datetime(2026, 10, 20, 2, 0, tzinfo=UTC)
        assert day.start_of(date(2026, 10, 28)) == datetime(2026, 10, 28, 3, 0, tzinfo=UTC)


def test_stats_heatmap_and_weekly_retention(
    store: ProgressStore, scheduler: ReviewScheduler
) -> None:
    day = DayBoundary(UTC, 0)
    for hours in (1, 2, 3):
        log(store, scheduler, NOW - timedelta(hours=hours))
    log(store, scheduler, NOW - timedelta(days=1), Rating.AGAIN)
    log(store, scheduler, NOW - timedelta(days=400))
    counts = heatmap(store, NOW, day)
    assert counts == {date(2026, 1, 27): 3, date(2026, 1, 26): 1}
    weeks = weekly_retention(store, NOW, day, weeks=4)
    assert [(w.week_start, w.answers, w.retention) for w in weeks] == [(date(2026, 1, 26), 4, 0.75)]


def test_stats_cards_due_new_learned_mastery_and_forecast(
    store: ProgressStore, scheduler: ReviewScheduler
) -> None:
    deck = make_deck("d", [typed("c", tags=("t",)), typed("n", tags=("t",)), typed("s")])
    log(store, scheduler, NOW - timedelta(days=30), Rating.EASY)  # learnt, overdue now
    store.set_suspended("d", "s", True)
    [row], tags, forecast = card_figures(store, scheduler, [deck], NOW, DayBoundary(UTC, 4))
    # "s" is suspended, not new: the home screen counted it in "1 new" that `r` never showed.
    assert (row.total, row.new, row.learned, row.learning, row.due, row.suspended) == (
        3,
        1,
        1,
        0,
        1,
        1,
    )
    schedule = store.card_state("d", "c").schedule  # type: ignore[union-attr]
    recall = scheduler.retrievability(schedule, NOW + MASTERY_HORIZON)  # a month ahead
    assert 0 < recall < scheduler.retrievability(schedule, NOW) < 1
    assert row.mastery == pytest.approx(recall / 3)
    [tag] = tags
    assert (tag.tag, tag.cards) == ("t", 2) and tag.mastery == pytest.approx(recall / 2)
    assert len(forecast) == 30 and forecast[0] == (date(2026, 1, 27), 1)
    assert sum(count for _day, count in forecast) == 1


def test_stats_mastery_is_low_right_after_a_card_is_failed_and_grows_as_it_is_learnt(
    store: ProgressStore, scheduler: ReviewScheduler
) -> None:
    """Just after a review every card, even one rated Again, is recalled at about 100%: a
    first session with wrong answers showed the deck "100%" mastered."""
    deck = make_deck("d", [typed("c")])

    def mastery() -> float:
        [row], _tags, _forecast = card_figures(store, scheduler, [deck], NOW, DayBoundary())
        return row.mastery

    assert mastery() == 0.0  # new
    log(store, scheduler, NOW - timedelta(minutes=1), Rating.AGAIN)
    failed = mastery()
    assert failed < 0.5  # about 1.0 when counted at the moment of the answer
    state = store.card_state("d", "c")
    assert state is not None and state.schedule is not None
    for days in (3, 10, 30):
        at = NOW - timedelta(minutes=1) + timedelta(days=days)
        schedule = scheduler.review(state.schedule, Rating.GOOD, at)
        store.record_answer(
            AnswerRecord(None, "d", "c", "typed", at, Rating.GOOD, "correct", 1.0, "x", 900,
                         schedule, False, False, 10)
        )  # fmt: skip
        state = store.card_state("d", "c")
        assert state is not None and state.schedule is not None
    [row], _tags, _forecast = card_figures(
        store, scheduler, [deck], NOW + timedelta(days=30), DayBoundary()
    )
    assert row.mastery > failed + 0.3


def test_stats_overview_sums_decks(store: ProgressStore, scheduler: ReviewScheduler) -> None:
    deck = make_deck("d", [typed("c"), typed("n")])
    log(store, scheduler, NOW - timedelta(minutes=5), Rating.AGAIN)
    figures = overview(store, scheduler, [deck], NOW, DayBoundary(UTC, 4))
    assert (figures.new, figures.learned, figures.reviews_today) == (1, 0, 1)
    assert figures.due_today == 1  # the learning card is due in minutes
    assert figures.retention == 0.0 and figures.streak.current == 1
