"""The fsrs wrapper: intervals, golden sequences, fuzz that preview and review agree on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.model import Rating
from quizapp.core.scheduling import (
    CardSchedule,
    ReviewScheduler,
    SchedulerSettings,
    ScheduleState,
    is_lapse,
)

START = datetime(2026, 1, 27, 9, 0, tzinfo=UTC)


def run(scheduler: ReviewScheduler, ratings: list[Rating], key: str = "d/c") -> list[timedelta]:
    """Review a new card with `ratings`, each on its due date; return each interval."""
    schedule = scheduler.new_schedule(START)
    now = START
    intervals = []
    for rating in ratings:
        schedule = scheduler.review(schedule, rating, now, key=key)
        intervals.append(schedule.due - now)
        now = schedule.due
    return intervals


def test_scheduling_golden_sequence_without_fuzz() -> None:
    scheduler = ReviewScheduler(SchedulerSettings(fuzz=False))
    good = Rating.GOOD
    intervals = run(scheduler, [good, good, good, good, good, Rating.AGAIN, good, good])
    assert intervals == [
        timedelta(minutes=10),
        timedelta(days=2),
        timedelta(days=11),
        timedelta(days=46),
        timedelta(days=163),
        timedelta(minutes=10),
        timedelta(days=5),
        timedelta(days=12),
    ]


def test_scheduling_intervals_grow_on_good_and_shrink_on_again() -> None:
    scheduler = ReviewScheduler(SchedulerSettings(fuzz=False))
    intervals = run(scheduler, [Rating.GOOD] * 6)
    review_days = [i for i in intervals if i >= timedelta(days=1)]
    assert len(review_days) == 5
    assert review_days == sorted(review_days) and len(set(review_days)) == 5
    lapsed = run(scheduler, [Rating.GOOD] * 6 + [Rating.AGAIN])
    assert lapsed[-1] < timedelta(days=1) < lapsed[-2]


def test_scheduling_preview_orders_buttons_like_anki() -> None:
    scheduler = ReviewScheduler(SchedulerSettings(fuzz=False))
    schedule = scheduler.new_schedule(START)
    preview = scheduler.preview(schedule, START)
    assert preview[Rating.AGAIN] == timedelta(minutes=1)
    assert preview[Rating.GOOD] == timedelta(minutes=10)
    assert preview[Rating.AGAIN] < preview[Rating.HARD] < preview[Rating.GOOD]
    assert preview[Rating.EASY] >= timedelta(days=1)


@settings(max_examples=60, deadline=None)
@given(
    key=st.text(min_size=1, max_size=12),
    ratings=st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=8),
    think=st.integers(min_value=0, max_value=120),
)
def test_scheduling_fuzzed_preview_matches_review(
    key: str, ratings: list[Rating], think: int
) -> None:
    """Fuzz on: the interval shown on a button is the interval the review gives, even when
    the learner takes up to two minutes to press it."""
    scheduler = ReviewScheduler(SchedulerSettings(fuzz=True))
    schedule = scheduler.new_schedule(START)
    now = START
    for rating in ratings:
        shown = scheduler.preview(schedule, now, key=key)
        assert shown[Rating.HARD] <= shown[Rating.GOOD] <= shown[Rating.EASY]
        pressed = now + timedelta(seconds=think)
        schedule = scheduler.review(schedule, rating, pressed, key=key)
        actual = schedule.due - pressed
        if shown[rating] >= timedelta(days=1):
            assert actual == shown[rating]
        else:
            assert abs(actual - shown[rating]) <= timedelta(seconds=think)
        now = schedule.due


def test_scheduling_fuzz_spreads_cards_learnt_together() -> None:
    scheduler = ReviewScheduler(SchedulerSettings(fuzz=True))
    plan = [Rating.GOOD] * 5
    finals = {run(scheduler, plan, key=f"deck/card-{n}")[-1] for n in range(40)}
    unfuzzed = run(ReviewScheduler(SchedulerSettings(fuzz=False)), plan)[-1]
    # Fuzz compounds over five reviews, yet stays a small spread around the unfuzzed plan.
    assert len(finals) > 10
    assert all(abs(day - unfuzzed) <= unfuzzed * 0.25 for day in finals)


def test_scheduling_schedule_round_trips_through_json() -> None:
    scheduler = ReviewScheduler(SchedulerSettings(fuzz=False))
    schedule = scheduler.review(scheduler.new_schedule(START), Rating.EASY, START)
    assert schedule.state is ScheduleState.REVIEW
    assert CardSchedule.from_json(schedule.to_json()) == schedule
    assert not schedule.is_learning


def test_scheduling_refuses_naive_and_converts_other_zones() -> None:
    scheduler = ReviewScheduler(SchedulerSettings(fuzz=False))
    with pytest.raises(ValueError, match="naive"):
        scheduler.new_schedule(datetime(2026, 1, 27, 9))
    paris = START.astimezone(timezone(timedelta(hours=1)))
    schedule = scheduler.review(scheduler.new_schedule(paris), Rating.GOOD, paris)
    assert schedule.last_review == START and schedule.last_review.tzinfo is UTC


def test_scheduling_settings_change_the_steps_and_cap() -> None:
    settings_ = SchedulerSettings(
        learning_steps=(timedelta(minutes=5),), maximum_interval=3, fuzz=False
    )
    scheduler = ReviewScheduler(settings_)
    assert scheduler.preview(scheduler.new_schedule(START), START)[Rating.AGAIN] == timedelta(
        minutes=5
    )
    assert max(run(scheduler, [Rating.EASY] * 4)) == timedelta(days=3)
    assert SchedulerSettings.from_dict(settings_.to_dict()) == settings_
    with pytest.raises(ValueError):
        SchedulerSettings(desired_retention=1.2)


def test_scheduling_retrievability_decays_and_is_zero_when_new() -> None:
    scheduler = ReviewScheduler(SchedulerSettings(fuzz=False))
    assert scheduler.retrievability(None, START) == 0.0
    schedule = scheduler.review(scheduler.new_schedule(START), Rating.EASY, START)
    soon = scheduler.retrievability(schedule, START + timedelta(days=1))
    later = scheduler.retrievability(schedule, START + timedelta(days=60))
    assert 1.0 >= soon > later > 0.0


def test_scheduling_lapse_only_for_learnt_cards() -> None:
    scheduler = ReviewScheduler(SchedulerSettings(fuzz=False))
    new = scheduler.new_schedule(START)
    learnt = scheduler.review(new, Rating.EASY, START)
    assert is_lapse(learnt, Rating.AGAIN)
    assert not is_lapse(learnt, Rating.HARD)
    assert not is_lapse(new, Rating.AGAIN)
    assert not is_lapse(None, Rating.AGAIN)
