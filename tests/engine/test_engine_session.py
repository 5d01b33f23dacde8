"""Review and quiz sessions: queue order, limits, learning steps, quiz rules, undo, summary."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.clock import FixedClock
from quizapp.core.errors import StoreError
from quizapp.core.grading import Verdict
from quizapp.core.model import (
    BasicCard,
    ChoiceCard,
    Deck,
    OrderCard,
    Rating,
)
from quizapp.core.results import quiz_key
from quizapp.core.scheduling import ReviewScheduler, SchedulerSettings
from quizapp.core.session import (
    StudyLimits,
    StudyMode,
    StudySession,
    shuffled_not_sorted,
)
from quizapp.core.stats import overview
from quizapp.core.store import ProgressStore
from tests.answers import answer_right, right_response
from tests.engine.engine_decks import make_deck, mixed_cards, typed


def review(store: ProgressStore, scheduler: ReviewScheduler, decks: list[Deck], clock: FixedClock,
           **kwargs: object) -> StudySession:  # fmt: skip
    return StudySession.review(store, scheduler, decks, clock, rng=random.Random(1), **kwargs)  # type: ignore[arg-type]


def learn(
    store: ProgressStore,
    scheduler: ReviewScheduler,
    deck: Deck,
    clock: FixedClock,
    ratings: dict[str, Rating],
) -> None:
    """Answer the given cards of `deck` once, in a session of their own."""
    session = review(store, scheduler, [deck], clock, limits=StudyLimits(new_per_day=1000))
    while session.current is not None:
        card_id = session.current.card.id
        if card_id in ratings:
            answer_right(session, ratings[card_id])
        else:
            break
    session.finish()


def test_session_review_shows_due_cards_most_overdue_first_then_new(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("geo", [typed(f"c{i}") for i in range(5)])
    # c0 learnt first, so it falls due first; c1 a day later.
    learn(store, scheduler, deck, fixed_clock, {"c0": Rating.EASY})
    fixed_clock.advance(timedelta(days=1))
    learn(store, scheduler, deck, fixed_clock, {"c1": Rating.EASY})
    fixed_clock.advance(timedelta(days=60))
    session = review(store, scheduler, [deck], fixed_clock)
    order = []
    while session.current is not None:
        order.append((session.current.card.id, session.current.is_new))
        answer_right(session, Rating.EASY)
    assert order == [("c0", False), ("c1", False), ("c2", True), ("c3", True), ("c4", True)]


def test_session_new_cards_respect_the_daily_limit_across_sessions(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("geo", [typed(f"c{i}") for i in range(10)])
    limits = StudyLimits(new_per_day=3)
    first = review(store, scheduler, [deck], fixed_clock, limits=limits)
    assert first.total == 3
    answer_right(first, Rating.EASY)
    answer_right(first, Rating.EASY)
    first.finish()
    second = review(store, scheduler, [deck], fixed_clock, limits=limits)
    assert second.total == 1  # 2 of today's 3 new cards are used
    fixed_clock.advance(timedelta(days=1))
    assert review(store, scheduler, [deck], fixed_clock, limits=limits).total == 3


def test_session_review_limit_caps_due_cards(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("geo", [typed(f"c{i}") for i in range(6)])
    learn(store, scheduler, deck, fixed_clock, {f"c{i}": Rating.EASY for i in range(6)})
    fixed_clock.advance(timedelta(days=90))
    session = review(store, scheduler, [deck], fixed_clock, limits=StudyLimits(reviews_per_day=4))
    assert session.total == 4 and session.current is not None
    assert not session.current.is_new


def test_session_learning_cards_come_back_when_due(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("geo", [typed(f"c{i}") for i in range(4)])
    session = review(
        store, scheduler, [deck], fixed_clock, limits=StudyLimits(learn_ahead=timedelta(0))
    )
    assert session.current is not None and session.current.card.id == "c0"
    session.check("wrong answer")
    session.answer()  # suggested: Again, due in 1 minute
    assert session.current is not None and session.current.card.id == "c1"
    assert session.total == 5  # c0 comes back
    fixed_clock.advance(timedelta(minutes=2))
    answer_right(session, Rating.GOOD)
    assert session.current is not None and session.current.card.id == "c0"
    assert not session.current.is_new


def test_session_waits_for_learning_cards_only_within_learn_ahead(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("geo", [typed("only")])
    session = review(store, scheduler, [deck], fixed_clock)
    answer_right(session, Rating.GOOD)  # 10 minutes: within the 20-minute learn-ahead
    assert session.current is not None and session.current.card.id == "only"
    answer_right(session, Rating.GOOD)  # graduates to days
    assert session.is_finished
    strict = review(store, scheduler, [make_deck("d2", [typed("x")])], fixed_clock,
                    limits=StudyLimits(learn_ahead=timedelta(minutes=5)))  # fmt: skip
    answer_right(strict, Rating.GOOD)
    assert strict.is_finished


def test_session_filters_by_deck_and_tag_and_skips_suspended(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    geo = make_deck("geo", mixed_cards())
    other = make_deck("other", [typed("o1", tags=("geo",))])
    store.set_suspended("geo", "choice", True)
    session = review(store, scheduler, [geo, other], fixed_clock, deck_ids=["geo"], tag="geo")
    seen = []
    while session.current is not None:
        seen.append(session.current.key)
        answer_right(session, Rating.EASY)
    assert seen == [("geo", "capital")]
    everything = review(store, scheduler, [geo, other], fixed_clock, tag="geo")
    assert everything.total == 1  # capital is learnt, choice suspended: only o1


def test_session_quiz_is_random_reproducible_and_shuffled(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("geo", mixed_cards() + [typed(f"t{i}") for i in range(20)])

    def picked(seed: int) -> list[tuple[str, str]]:
        quiz = StudySession.quiz(store, scheduler, [deck], fixed_clock, count=8,
                                 rng=random.Random(seed))  # fmt: skip
        assert quiz.total == 8 and quiz.mode is StudyMode.QUIZ
        keys = []
        while quiz.current is not None:
            keys.append(quiz.current.key)
            answer_right(quiz)
        return keys

    assert picked(3) == picked(3)
    assert picked(3) != picked(4)
    quiz = StudySession.quiz(store, scheduler, [deck], fixed_clock, count=100, rng=random.Random(5))
    assert quiz.total == len(deck.cards)
    for _ in range(quiz.total):
        item = quiz.current
        assert item is not None
        if isinstance(item.card, ChoiceCard):
            assert sorted(item.option_order) == [0, 1, 2, 3]
        if isinstance(item.card, OrderCard):
            assert sorted(item.item_order) == [0, 1, 2, 3]
            assert list(item.item_order) != [0, 1, 2, 3]
        result = (
            quiz.check(right_response(item.card)) if not isinstance(item.card, BasicCard) else None
        )
        assert result is None or result.verdict is Verdict.CORRECT
        answer_right(quiz)


@given(count=st.integers(min_value=0, max_value=8), seed=st.integers(0, 10_000))
def test_session_order_items_are_never_shown_in_the_right_order(count: int, seed: int) -> None:
    order = shuffled_not_sorted(count, random.Random(seed))
    assert sorted(order) == list(range(count))
    if count >= 2:
        assert list(order) != list(range(count))


def test_session_choice_options_stay_put_when_shuffle_is_off(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    card = ChoiceCard(id="c", question="?", options=("a", "b", "c"), correct=frozenset({0}),
                      shuffle=False)  # fmt: skip
    quiz = StudySession.quiz(store, scheduler, [make_deck("d", [card])], fixed_clock, count=1)
    assert quiz.current is not None and quiz.current.option_order == (0, 1, 2)


def test_session_quiz_score_is_stored_and_points_follow_the_streak(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("geo", [typed(f"c{i}", "Paris") for i in range(5)])
    quiz = StudySession.quiz(store, scheduler, [deck], fixed_clock, count=5, rng=random.Random(0))
    for response in ["Paris", "Paris", "Paris", "Pariss", "London"]:
        quiz.check(response)
        quiz.answer()
    # 10 + 12 + 14 (streak bonus), then almost 5, wrong 0
    assert quiz.score == 41
    summary = quiz.finish()
    assert (summary.answered, summary.correct, summary.almost, summary.wrong) == (5, 3, 1, 1)
    assert summary.accuracy == pytest.approx(3.5 / 5)  # the near miss counts half
    assert len(summary.missed) == 1
    [row] = store.sessions(mode="quiz")
    assert (row.score, row.answered, row.correct, row.almost, row.planned) == (41, 5, 3, 1, 5)
    assert row.ended == fixed_clock.now()


def test_session_quiz_without_schedule_leaves_states_alone(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("geo", [typed("c0")])
    quiz = StudySession.quiz(store, scheduler, [deck], fixed_clock, count=1, schedule=False)
    assert quiz.intervals() == {}
    answer_right(quiz)
    assert store.card_state("geo", "c0") is None
    [logged] = list(store.reviews())
    assert not logged.scheduled and logged.verdict == "correct"
    assert quiz.finish().score == 10


def test_session_timed_quiz_finishes_once_past_its_limit(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("geo", [typed(f"c{i}") for i in range(5)])
    quiz = StudySession.quiz(store, scheduler, [deck], fixed_clock, count=5, time_limit=60)
    answer_right(quiz)
    fixed_clock.advance(timedelta(seconds=59))
    assert quiz.current is not None
    fixed_clock.advance(timedelta(seconds=1))
    assert quiz.is_finished and quiz.current is None
    quiz.answer(Rating.GOOD)  # too late: ignored
    summary = quiz.finish()
    assert summary.time_up and summary.answered == 1
    assert sum(1 for _ in store.reviews()) == 1


def test_session_summary_counts_the_cards_not_reached(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("geo", [typed(f"c{i}") for i in range(5)])
    quiz = StudySession.quiz(store, scheduler, [deck], fixed_clock, count=5)
    answer_right(quiz)
    answer_right(quiz)
    summary = quiz.finish()
    assert (summary.answered, summary.not_reached) == (2, 3)
    timed = StudySession.quiz(store, scheduler, [deck], fixed_clock, count=5, time_limit=10)
    answer_right(timed)
    fixed_clock.advance(timedelta(seconds=11))
    assert (timed.finish().answered, timed.finish().not_reached) == (1, 4)
    done = StudySession.quiz(store, scheduler, [deck], fixed_clock, count=2)
    answer_right(done)
    answer_right(done)
    assert done.finish().not_reached == 0


def test_session_timed_quiz_keeps_a_response_checked_in_time(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    """The verdict was shown before the time ran out; the rating came after: it is saved."""
    deck = make_deck("geo", [typed(f"c{i}") for i in range(3)])
    quiz = StudySession.quiz(store, scheduler, [deck], fixed_clock, count=3, time_limit=60)
    assert quiz.current is not None
    quiz.check(right_response(quiz.current.card))
    fixed_clock.advance(timedelta(seconds=61))
    assert quiz.current is None
    quiz.answer()
    assert [r.verdict for r in store.reviews()] == ["correct"]
    quiz.answer(Rating.GOOD)  # nothing more was checked: ignored
    summary = quiz.finish()
    assert summary.time_up and (summary.answered, summary.correct) == (1, 1)


def test_session_undo_restores_state_score_and_card(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("geo", [typed(f"c{i}") for i in range(3)])
    session = review(store, scheduler, [deck], fixed_clock)
    answer_right(session, Rating.EASY)
    after_first = store.card_state("geo", "c0")
    session.check("nope")
    session.answer()
    assert session.answered == 2 and session.current is not None
    assert session.current.card.id == "c2"
    assert session.undo() is True
    assert session.current is not None and session.current.card.id == "c1"
    assert (session.answered, session.score, session.correct) == (1, 10, 1)
    assert store.card_state("geo", "c1") is None
    assert store.card_state("geo", "c0") == after_first
    assert [r.card_id for r in store.reviews()] == ["c0"]
    assert session.total == 3  # the relearning copy of c1 is gone too
    assert session.undo() is True and session.undo() is False
    assert store.card_state("geo", "c0") is None and session.current.card.id == "c0"
    answer_right(session, Rating.GOOD)
    assert store.sessions()[0].answered == 1


def test_session_undo_never_cancels_a_later_answer_from_another_window(
    tmp_path: Path, store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    """Two windows on one profile answer the same card; the first one's undo is refused."""
    deck = make_deck("geo", [typed(f"c{i}") for i in range(2)])
    first = review(store, scheduler, [deck], fixed_clock)
    with ProgressStore(tmp_path / "profile.sqlite3", clock=fixed_clock) as other_store:
        second = review(other_store, scheduler, [deck], fixed_clock)
        assert first.current is not None and second.current is not None
        assert first.current.card.id == second.current.card.id == "c0"
        answer_right(first, Rating.EASY)
        fixed_clock.advance(timedelta(seconds=5))
        answer_right(second, Rating.GOOD)
        kept = store.card_state("geo", "c0")
        with pytest.raises(StoreError, match="answered again since"):
            first.undo()
        assert store.card_state("geo", "c0") == kept  # the second window's answer stands
        assert [r.rating for r in store.reviews()] == [Rating.EASY, Rating.GOOD]
        assert first.answered == 1 and first.current is not None
        assert first.current.card.id == "c1"  # the session is as it was
        assert second.undo() is True  # the latest answer can still be taken back
        assert first.undo() is True
        assert store.card_state("geo", "c0") is None and list(store.reviews()) == []


@pytest.mark.parametrize(
    ("hours_before_due", "shown"),
    [(1, True), (4, True), (6, False)],  # the card is due at 09:00; days start at 04:00 UTC
)
def test_session_reviews_take_every_card_due_today_as_the_stats_count_them(
    store: ProgressStore,
    scheduler: ReviewScheduler,
    fixed_clock: FixedClock,
    hours_before_due: int,
    shown: bool,
) -> None:
    """A review card due later today is in today's review, as in Anki.

    The home screen and the stats count it as due today, but the session took only the cards
    due by now: "20 due", then "no card is due or new".
    """
    deck = make_deck("geo", [typed("c0")])
    learn(store, scheduler, deck, fixed_clock, {"c0": Rating.EASY})
    state = store.card_state("geo", "c0")
    assert state is not None and state.schedule is not None
    fixed_clock.current = state.schedule.due - timedelta(hours=hours_before_due)
    stats = overview(store, scheduler, [deck], fixed_clock.now())
    session = review(store, scheduler, [deck], fixed_clock, limits=StudyLimits(new_per_day=0))
    assert stats.due_today == session.total == int(shown)
    assert (session.current is not None) is shown


def test_session_records_the_decks_it_covers_not_all(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    """Quizzes on all decks were keyed "all" in reports, whatever decks those were: a class's
    gradebook put a quiz on one set of decks and one on another in the same column."""
    decks = [make_deck("geo", [typed("g")]), make_deck("history", [typed("h")])]
    StudySession.quiz(store, scheduler, decks, fixed_clock, count=2).finish()
    review(store, scheduler, decks, fixed_clock).finish()
    StudySession.quiz(store, scheduler, decks, fixed_clock, deck_ids=["history"]).finish()
    sessions = sorted(store.sessions(), key=lambda s: s.id)
    assert [s.deck_ids for s in sessions] == [("geo", "history"), ("geo", "history"), ("history",)]
    assert [quiz_key(s) for s in sessions] == ["geo+history", "geo+history", "history"]


def test_session_flag_and_basic_cards_rated_by_the_learner(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("d", [BasicCard(id="b", front="f", back="b"), typed("t")])
    session = review(store, scheduler, [deck], fixed_clock)
    session.flag()
    session.answer(Rating.AGAIN)
    state = store.card_state("d", "b")
    assert state is not None and state.flagged and state.reps == 1
    assert session.finish().missed == (("d", "b"),)
    assert session.undo() is False  # finished sessions stay closed


def test_session_typed_card_needs_a_checked_response(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    session = review(store, scheduler, [make_deck("d", [typed("t")])], fixed_clock)
    with pytest.raises(ValueError, match="check"):
        session.answer(Rating.GOOD)
    result = session.check("paris")
    assert result.verdict is Verdict.CORRECT and session.result == result
    shown = session.intervals()
    session.answer(Rating.HARD)
    state = store.card_state("d", "t")
    assert state is not None and state.schedule is not None
    assert state.schedule.due - fixed_clock.now() == shown[Rating.HARD]


def test_session_summary_per_tag_accuracy(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck(
        "d", [typed("a", tags=("x", "y")), typed("b", tags=("x",)), typed("c", tags=("y",))]
    )
    session = review(store, scheduler, [deck], fixed_clock)
    session.check("Paris")
    session.answer(Rating.EASY)
    session.check("Rome")
    session.answer()
    session.check("Pariss")  # a near miss
    session.answer()
    fixed_clock.advance(timedelta(minutes=4))
    summary = session.finish()
    tags = {t.tag: (t.answered, t.correct, t.almost, t.accuracy) for t in summary.per_tag}
    assert tags == {"x": (2, 1, 0, 0.5), "y": (2, 1, 1, 0.75)}
    assert summary.accuracy == pytest.approx(1.5 / 3)
    assert summary.duration == timedelta(minutes=4)
    assert session.finish() is summary


@settings(max_examples=60, deadline=None)
@given(steps=st.lists(st.sampled_from(["right", "wrong", "undo", "wait"]), max_size=25))
def test_session_any_answers_and_undos_stay_consistent(
    tmp_path_factory: Any, steps: list[str]
) -> None:
    """Whatever the learner does, the log matches the session, and undoing all empties it."""
    clock = FixedClock()
    path = tmp_path_factory.mktemp("undo") / "p.sqlite3"
    scheduler = ReviewScheduler(SchedulerSettings(fuzz=False))
    deck = make_deck("d", [typed(f"c{i}") for i in range(4)])
    with ProgressStore(path) as store:
        session = review(store, scheduler, [deck], clock)
        for step in steps:
            if step == "undo":
                session.undo()
            elif step == "wait":
                clock.advance(timedelta(minutes=3))
            elif session.current is not None:
                session.check("Paris" if step == "right" else "nope")
                session.answer()
            assert sum(1 for _ in store.reviews()) == session.answered
            assert store.sessions()[0].answered == session.answered
            assert store.sessions()[0].score == session.score
        while session.undo():
            pass
        assert session.answered == 0 and session.score == 0
        assert list(store.reviews()) == [] and store.card_states() == []
        assert session.current is not None and session.current.card.id == "c0"
        assert session.total == 4  # no learning copy left behind
        shown = []
        while session.current is not None:
            shown.append(session.current.card.id)
            session.check("Paris")
            session.answer(Rating.EASY)
        assert shown == ["c0", "c1", "c2", "c3"]


def test_session_applies_the_interval_shown_for_a_new_card_with_fuzz_on(
    store: ProgressStore, fixed_clock: FixedClock
) -> None:
    fuzzed = ReviewScheduler(SchedulerSettings(fuzz=True))
    deck = make_deck("d", [typed(f"c{i}") for i in range(12)])
    session = review(store, fuzzed, [deck], fixed_clock, limits=StudyLimits(new_per_day=12))
    for rating in [Rating.EASY, Rating.GOOD] * 6:
        item = session.current
        assert item is not None
        shown = session.intervals()[rating]
        fixed_clock.advance(timedelta(seconds=7))  # the learner reads the buttons first
        session.check("Paris")
        session.answer(rating)
        state = store.card_state(item.deck.id, item.card.id)
        assert state is not None and state.schedule is not None
        assert state.schedule.due - fixed_clock.now() == shown, (item.card.id, rating)
