"""Today's queue read from the store's indexes: due order across decks and pages, limits,
learning cards, new cards among thousands of known ones, edits met on the way, undo, and a
store migrated from the previous schema."""

from __future__ import annotations

import dataclasses
import random
import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core import session_queue
from quizapp.core import store as store_module
from quizapp.core.clock import FixedClock
from quizapp.core.model import Deck, Rating, TrueFalseCard, TypedCard
from quizapp.core.records import CardStateRecord
from quizapp.core.scheduling import CardSchedule, ReviewScheduler, ScheduleState
from quizapp.core.session import StudyLimits, StudySession
from quizapp.core.session_queue import (
    FIRST_PAGE,
    PAGE,
    SCAN_LOOKUPS,
    DueReviews,
    by_id,
    deck_index,
    new_cards,
    position_of,
)
from quizapp.core.store import PER_DECK_QUERIES, ProgressStore
from quizapp.core.store_rows import to_ms
from quizapp.core.store_schema import MIGRATIONS
from tests.answers import study_through
from tests.engine.engine_decks import make_deck, typed

LIFTED = StudyLimits(new_per_day=0, reviews_per_day=100_000, learn_ahead=timedelta(0))


def state(
    deck_id: str,
    card_id: str,
    due: datetime,
    *,
    kind: str = "typed",
    learning: bool = False,
    suspended: bool = False,
) -> CardStateRecord:
    schedule = CardSchedule(
        state=ScheduleState.LEARNING if learning else ScheduleState.REVIEW,
        step=0 if learning else None,
        stability=12.0,
        difficulty=5.0,
        due=due,
        last_review=due - timedelta(days=3),
    )
    return CardStateRecord(deck_id, card_id, kind, schedule, reps=3, suspended=suspended)


def spread_due(
    store: ProgressStore, decks: list[Deck], now: datetime, seed: int = 4
) -> list[tuple[str, str]]:
    """Every card of `decks` due at a distinct past minute, shuffled across the decks.

    Returns the keys in the order the queue must show them (most overdue first).
    """
    keys = [(deck.id, card.id) for deck in decks for card in deck.cards]
    minutes = random.Random(seed).sample(range(1, 100 * len(keys)), len(keys))
    dues = {key: now - timedelta(minutes=m) for key, m in zip(keys, minutes, strict=True)}
    store.bulk_load(state(deck_id, card_id, due) for (deck_id, card_id), due in dues.items())
    return sorted(keys, key=dues.__getitem__)


def drain(due: DueReviews, *, exact: bool = True) -> list[tuple[str, str]]:
    """Pop every card; `exact`: check that `len` counts down one by one to 0."""
    shown: list[tuple[str, str]] = []
    while True:
        left = len(due)
        popped = due.popleft()
        if popped is None:
            assert left == 0 or not exact
            return shown
        assert len(due) == left - 1 or not exact
        shown.append((popped[0].id, popped[1].id))


def cards(prefix: str, count: int, tags: tuple[str, ...] = ()) -> list[TypedCard]:
    return [typed(f"{prefix}{n:04d}", tags=tags) for n in range(count)]


def test_queue_due_reviews_come_most_overdue_first_across_decks_and_pages(
    store: ProgressStore, fixed_clock: FixedClock
) -> None:
    size = FIRST_PAGE + 2 * PAGE + 50  # three reads of the store after the first
    decks = [make_deck(name, cards("c", size // 3 + 1)) for name in ("alpha", "beta", "gamma")]
    expected = spread_due(store, decks, fixed_clock.now())
    due = DueReviews(store, by_id(decks), fixed_clock.now(), limit=100_000)
    assert len(due) == len(expected)
    assert drain(due) == expected


def test_queue_review_limit_cuts_the_due_reviews_after_the_most_overdue(
    store: ProgressStore, fixed_clock: FixedClock
) -> None:
    decks = [make_deck("alpha", cards("c", 700)), make_deck("beta", cards("c", 700))]
    expected = spread_due(store, decks, fixed_clock.now())
    limit = FIRST_PAGE + PAGE + 7
    due = DueReviews(store, by_id(decks), fixed_clock.now(), limit=limit)
    assert len(due) == limit
    assert drain(due) == expected[:limit]
    assert DueReviews(store, by_id(decks), fixed_clock.now(), limit=0).popleft() is None


def test_queue_skips_suspended_removed_and_changed_cards_and_keeps_the_tag(
    store: ProgressStore, fixed_clock: FixedClock
) -> None:
    now = fixed_clock.now()
    deck = make_deck("alpha", cards("t", 300, tags=("x",)) + cards("u", 300))
    expected = spread_due(store, [deck], now)
    removed = {f"t{n:04d}" for n in range(0, 300, 7)}
    edited = make_deck("alpha", [card for card in deck.cards if card.id not in removed])
    store.set_suspended("alpha", "u0003", True)
    store.reconcile_kinds("alpha", {"u0004": "truefalse"})  # restarted: no longer due
    store.bulk_load([state("alpha", "u0005", now - timedelta(days=900), kind="truefalse")])
    kept = [key for key in expected if key[1] not in removed | {"u0003", "u0004", "u0005"}]
    # Without a tag the store's count includes the skipped cards until their page is read.
    assert drain(DueReviews(store, by_id([edited]), now, limit=10_000), exact=False) == kept
    tagged = DueReviews(store, by_id([edited]), now, limit=10_000, tag="x")
    assert len(tagged) == sum(1 for key in kept if key[1].startswith("t"))
    assert drain(tagged) == [key for key in kept if key[1].startswith("t")]


def test_queue_session_shows_learning_then_due_then_new_and_counts_them(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    now = fixed_clock.now()
    deck = make_deck("alpha", cards("c", 100))
    expected_due = spread_due(store, [make_deck("alpha", deck.cards[:80])], now)
    store.bulk_load(
        [
            state("alpha", "c0090", now - timedelta(minutes=1), learning=True),
            state("alpha", "c0091", now + timedelta(minutes=5), learning=True),  # ahead
            state("alpha", "c0092", now - timedelta(minutes=3), learning=True),
        ]
    )
    limits = StudyLimits(new_per_day=4, reviews_per_day=1000, learn_ahead=timedelta(minutes=10))
    session = StudySession.review(store, scheduler, [deck], fixed_clock, limits=limits)
    shown = []
    while session.current is not None:
        item = session.current
        shown.append((item.card.id, item.is_new))
        assert session.total == 2 + 80 + 4 + 1  # Easy: no card comes back
        session.check("Paris")
        session.answer(Rating.EASY)
    learning_first = [("c0092", False), ("c0090", False)]
    due = [(card_id, False) for _deck, card_id in expected_due]
    new = [(f"c{n:04d}", True) for n in (80, 81, 82, 83)]
    assert shown == learning_first + due + new + [("c0091", False)]
    assert session.answered == session.total == 87


def test_queue_undo_across_a_page_boundary_puts_the_card_back(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("alpha", cards("c", FIRST_PAGE + 10))
    expected = [card_id for _deck, card_id in spread_due(store, [deck], fixed_clock.now())]
    session = StudySession.review(store, scheduler, [deck], fixed_clock, limits=LIFTED)
    for card_id in expected[:FIRST_PAGE]:
        assert session.current is not None and session.current.card.id == card_id
        session.check("Paris")
        session.answer(Rating.GOOD)
    assert session.current is not None and session.current.card.id == expected[FIRST_PAGE]
    assert session.undo()
    assert session.current is not None and session.current.card.id == expected[FIRST_PAGE - 1]
    state_now = store.card_state("alpha", expected[FIRST_PAGE - 1])
    assert state_now is not None and state_now.schedule is not None
    assert state_now.schedule.due <= fixed_clock.now()  # due again, as before the answer
    shown = [item.card.id for item in study_through(session, Rating.GOOD)]
    assert shown == expected[FIRST_PAGE - 1 :]
    assert session.total == session.answered == len(expected)


def test_queue_new_cards_among_thousands_of_known_ones_come_in_deck_order(
    store: ProgressStore, fixed_clock: FixedClock
) -> None:
    now = fixed_clock.now()
    deck = make_deck("big", cards("c", 5000))
    new_ids = {"c0010", "c0050", "c0100", "c2500", "c4999"}
    later = now + timedelta(days=30)
    store.bulk_load(state("big", card.id, later) for card in deck.cards if card.id not in new_ids)
    store.set_suspended("big", "c0010", True)  # new but suspended: never shown
    store.bulk_load([state("big", "c0070", later, kind="truefalse")])  # its kind changed
    picked = new_cards(store, [deck], 20)
    assert [card.id for _deck, card in picked] == ["c0050", "c0070", "c0100", "c2500", "c4999"]
    restarted = store.card_state("big", "c0070")
    assert restarted is not None and restarted.schedule is None and restarted.kind == "typed"
    assert [card.id for _deck, card in new_cards(store, [deck], 2)] == ["c0050", "c0070"]
    other = make_deck("other", cards("n", 30))
    both = new_cards(store, [deck, other], 8)
    assert [(d.id, card.id) for d, card in both] == [
        ("big", "c0050"), ("big", "c0070"), ("big", "c0100"), ("big", "c2500"),
        ("big", "c4999"), ("other", "n0000"), ("other", "n0001"), ("other", "n0002"),
    ]  # fmt: skip
    known = make_deck("big", [card for card in deck.cards if card.id not in new_ids | {"c0070"}])
    assert new_cards(store, [known], 20) == []


def test_queue_quiz_never_picks_a_suspended_card(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("alpha", cards("c", 40))
    for card in deck.cards[3:]:
        store.set_suspended("alpha", card.id, True)
    quiz = StudySession.quiz(store, scheduler, [deck], fixed_clock, count=10)
    assert quiz.total == 3
    picked = {item.card.id for item in study_through(quiz)}
    assert picked == {"c0000", "c0001", "c0002"}


def test_queue_quiz_restarts_a_picked_card_whose_kind_changed(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    store.bulk_load([state("alpha", "q", fixed_clock.now() + timedelta(days=9))])
    deck = make_deck("alpha", [TrueFalseCard(id="q", statement="Paris?", answer=True)])
    quiz = StudySession.quiz(store, scheduler, [deck], fixed_clock, count=1)
    assert quiz.current is not None and quiz.current.is_new
    restarted = store.card_state("alpha", "q")
    assert restarted is not None and restarted.schedule is None and restarted.kind == "truefalse"


def test_queue_works_on_a_store_migrated_from_v2(
    tmp_path: Path, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    """v3 copies each schedule's learning state into a column the queue index reads."""
    now = fixed_clock.now()
    path = tmp_path / "p.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.executescript(MIGRATIONS[1])
    db.execute("PRAGMA user_version = 2")
    rows = [
        state("d", "learning", now - timedelta(minutes=2), learning=True),
        state("d", "review", now - timedelta(days=2)),
        state("d", "later", now + timedelta(days=2)),
    ]
    for row in rows:
        assert row.schedule is not None
        db.execute(
            "INSERT INTO card_state (deck_id, card_id, kind, schedule, due_ms, reps)"
            " VALUES (?, ?, ?, ?, ?, 1)",
            (row.deck_id, row.card_id, row.kind, row.schedule.to_json(),
             int(row.schedule.due.timestamp() * 1000)),
        )  # fmt: skip
    db.commit()
    db.close()
    deck = make_deck("d", [typed("new"), typed("later"), typed("review"), typed("learning")])
    with ProgressStore(path, clock=fixed_clock) as store:
        assert store.schema_version == len(MIGRATIONS) == 3
        session = StudySession.review(store, scheduler, [deck], fixed_clock)
        shown = []
        while session.current is not None:
            card_id = session.current.card.id
            shown.append((card_id, session.current.is_new))
            session.check("Paris" if card_id != "review" else "nope")  # review: Again
            session.answer()
            if card_id == "review":
                session.finish()
                break
        assert shown == [("learning", False), ("review", False)]
        # Both are in their 10-minute (re)learning steps now: six minutes on, the next session
        # shows the new card, then (learning ahead) both of them; review cards due in four
        # minutes would wait for tomorrow.
        fixed_clock.advance(timedelta(minutes=6))
        later = StudySession.review(store, scheduler, [deck], fixed_clock)
        ids = [item.card.id for item in study_through(later, Rating.EASY)]
        assert ids[0] == "new" and sorted(ids[1:]) == ["learning", "review"]


def test_queue_cards_due_at_the_same_moment_keep_deck_order_across_pages(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    """As a queue built from the decks had them: decks as given, then each deck's card order."""
    now = fixed_clock.now()
    zeta = make_deck("zeta", [typed(f"z{n:02d}") for n in range(FIRST_PAGE, 0, -1)])
    alpha = make_deck("alpha", [typed(f"a{n:02d}") for n in range(20, 0, -1)])
    moment = now - timedelta(hours=5)
    store.bulk_load(state(d.id, card.id, moment) for d in (zeta, alpha) for card in d.cards)
    store.bulk_load([state("alpha", "a05", now - timedelta(days=1))])  # more overdue: first
    store.bulk_load(  # learning cards due at one moment too
        state("alpha", f"l{n}", now - timedelta(minutes=1), learning=True) for n in (3, 1, 2)
    )
    decks = [zeta, make_deck("alpha", [*alpha.cards, typed("l3"), typed("l1"), typed("l2")])]
    expected = (
        ["a05"]
        + [card.id for card in zeta.cards]
        + [card.id for card in alpha.cards if card.id != "a05"]
    )
    due = DueReviews(store, by_id(decks), now, limit=1000)
    assert [card_id for _deck, card_id in drain(due)] == expected
    session = StudySession.review(store, scheduler, decks, fixed_clock, limits=LIFTED)
    shown = [item.card.id for item in study_through(session, Rating.EASY)]
    assert shown == ["l3", "l1", "l2", *expected]


@settings(max_examples=100, deadline=None)
@given(
    ids=st.lists(st.sampled_from("abcdef"), max_size=12),
    wanted=st.sampled_from("abcdefg"),
    lookups=st.sampled_from([1, SCAN_LOOKUPS, SCAN_LOOKUPS + 1]),
)
def test_queue_position_of_finds_the_first_card_of_an_id_by_scan_or_by_dict(
    ids: list[str], wanted: str, lookups: int
) -> None:
    session_queue._POSITIONS.pop("d", None)  # an earlier example's deck "d" (empty decks
    # share one empty index, so its dict would pass for this deck's)
    deck = make_deck("d", [typed(card_id) for card_id in ids])
    first = ids.index(wanted) if wanted in ids else None
    assert position_of(deck, wanted, lookups) == first
    # Many lookups build the deck's id -> position dict; a few scan and build nothing.
    built = session_queue._POSITIONS.get("d")
    assert (built is not None and built[0] is deck_index(deck)) == (lookups > SCAN_LOOKUPS)
    assert position_of(deck, wanted) == first  # a single lookup: by the dict once it is built


QUEUE_STATES = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),
        st.integers(0, 30),  # card number
        st.integers(0, 6),  # minutes overdue: few values, many ties
        st.booleans(),  # learning
        st.booleans(),  # suspended
        st.sampled_from(["typed", "basic"]),  # the index orders ties by kind: not the queue
    ),
    max_size=40,
    unique_by=lambda row: (row[0], row[1]),
)


@settings(max_examples=60, deadline=None)
@given(
    rows=QUEUE_STATES,
    limit=st.sampled_from([-1, 1, 3, 8]),
    after=st.integers(-1, 6),
    per_deck=st.sampled_from([0, PER_DECK_QUERIES]),  # one query for all decks, or one each
)
def test_queue_page_is_the_first_rows_in_due_deck_and_card_order(
    rows: list[tuple[str, int, int, bool, bool, str]], limit: int, after: int, per_deck: int
) -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    due_after = to_ms(now - timedelta(minutes=after)) if after >= 0 else None
    states = [
        dataclasses.replace(
            state(deck, f"c{card}", now - timedelta(minutes=overdue), kind=kind, learning=learning),
            suspended=suspended,
        )
        for deck, card, overdue, learning, suspended, kind in rows
    ]
    with (
        tempfile.TemporaryDirectory() as folder,
        ProgressStore(Path(folder) / "p.sqlite3", clock=FixedClock(now)) as store,
        mock.patch.object(store_module, "PER_DECK_QUERIES", per_deck),
    ):
        store.bulk_load(states)
        page = store.queue_page(
            ["c", "a", "b", "a"],
            learning=False,
            due_after=due_after,
            due_by=to_ms(now),
            limit=limit,
        )
    candidates = [
        (record.deck_id, record.card_id, record.kind, to_ms(record.schedule.due))
        for record in states
        if record.schedule is not None  # every state here is scheduled
        and not record.suspended
        and record.schedule.state is ScheduleState.REVIEW
    ]
    expected = sorted(
        (row for row in candidates if due_after is None or row[3] > due_after),
        key=lambda row: (row[3], row[0], row[1]),
    )
    assert page == (expected if limit < 0 else expected[:limit])
