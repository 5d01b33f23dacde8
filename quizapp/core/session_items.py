"""What a study session is made of: items, limits, summaries, points, and picking the cards.

Points: a correct answer earns 10, plus a streak bonus of 2 for each correct answer in a row
before it (at most +10); an "almost" earns 5 and a wrong answer 0; both end the streak.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from quizapp.core.deck_codec import CardIndex
from quizapp.core.grades import GradeResult, Verdict, accuracy
from quizapp.core.model import Card, ChoiceCard, Deck, OrderCard, Rating
from quizapp.core.records import CardStateRecord
from quizapp.core.scheduling import CardSchedule, is_lapse
from quizapp.core.session_queue import deck_index
from quizapp.core.store import ProgressStore

POINTS_CORRECT = 10
POINTS_ALMOST = 5
STREAK_BONUS = 2
STREAK_BONUS_MAX = 10


class StudyMode(StrEnum):
    REVIEW = "review"
    QUIZ = "quiz"


@dataclass(frozen=True, slots=True)
class StudyItem:
    """One card to show, with the display order of its options or items."""

    deck: Deck
    card: Card
    is_new: bool
    option_order: tuple[int, ...] = ()
    """Choice cards: display order, as indexes into card.options."""
    item_order: tuple[int, ...] = ()
    """Order cards: the shuffled order shown, as indexes into card.items."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.deck.id, self.card.id)


@dataclass(frozen=True, slots=True)
class StudyLimits:
    """Per-profile daily limits of a review session."""

    new_per_day: int = 20
    reviews_per_day: int = 200
    learn_ahead: timedelta = timedelta(minutes=20)
    """When nothing else is left, a learning card due this soon is shown early (as Anki)."""


DEFAULT_LIMITS = StudyLimits()


def left_today(store: ProgressStore, limits: StudyLimits, day_start: datetime) -> tuple[int, int]:
    """(new cards, reviews) the day's limits still allow, from the answers since `day_start`:
    what a review takes, and what the home screen counts as today's new cards."""
    new_today = store.count_reviews(day_start, new_only=True)
    reviews_today = store.count_reviews(day_start) - new_today
    return limits.new_per_day - new_today, limits.reviews_per_day - reviews_today


@dataclass(frozen=True, slots=True)
class TagAccuracy:
    tag: str
    answered: int
    correct: int
    almost: int = 0

    @property
    def accuracy(self) -> float:
        return accuracy(self.correct, self.almost, self.answered)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What the summary screen shows, and the missed cards for "again with the missed"."""

    mode: StudyMode
    answered: int
    correct: int
    almost: int
    wrong: int
    score: int
    accuracy: float
    duration: timedelta
    per_tag: tuple[TagAccuracy, ...]
    missed: tuple[tuple[str, str], ...]
    """(deck id, card id) of every card answered wrong at least once, in order."""
    session_id: int
    time_up: bool = False
    not_reached: int = 0
    """Cards the session still held when it ended (quit early, time up): not answered."""


def points_for(verdict: Verdict, streak: int) -> int:
    if verdict is Verdict.CORRECT:
        return POINTS_CORRECT + min(STREAK_BONUS * streak, STREAK_BONUS_MAX)
    return POINTS_ALMOST if verdict is Verdict.ALMOST else 0


def quiz_pool(
    store: ProgressStore, decks: Sequence[Deck], deck_ids: Sequence[str] | None, tag: str | None
) -> list[tuple[Deck, int]]:
    """Positions of the cards of the chosen decks and tag, in deck order, suspended ones left out.

    Only the suspended cards' ids are read from the store, and the cards are not built: a
    quiz reads and builds the few cards it picks, not every card it could pick.
    """
    wanted = set(deck_ids) if deck_ids else None
    pool: list[tuple[Deck, int]] = []
    for deck in decks:
        if wanted is not None and deck.id not in wanted:
            continue
        suspended = store.suspended_cards(deck.id)
        pool.extend((deck, p) for p in pool_positions(deck_index(deck), suspended, tag))
    return pool


def pool_positions(index: CardIndex, suspended: Set[str], tag: str | None) -> Iterator[int]:
    """Positions of the cards of one deck a quiz may draw: of the tag, and not suspended."""
    for position, (card_id, tags) in enumerate(zip(index.ids, index.tags, strict=True)):
        if (tag is None or tag in tags) and card_id not in suspended:
            yield position


def make_item(deck: Deck, card: Card, is_new: bool, rng: random.Random) -> StudyItem:
    options: tuple[int, ...] = ()
    items: tuple[int, ...] = ()
    if isinstance(card, ChoiceCard):
        options = tuple(range(len(card.options)))
        if card.shuffle:
            options = tuple(rng.sample(options, len(options)))
    if isinstance(card, OrderCard):
        items = shuffled_not_sorted(len(card.items), rng)
    return StudyItem(deck, card, is_new, options, items)


def shuffled_not_sorted(count: int, rng: random.Random) -> tuple[int, ...]:
    """A random permutation of range(count) that is never the identity when count >= 2."""
    order = list(range(count))
    if count < 2:
        return tuple(order)
    rng.shuffle(order)
    if order == sorted(order):
        # Swapping with a random other position keeps every non-identity order reachable.
        other = rng.randrange(1, count)
        order[0], order[other] = order[other], order[0]
    return tuple(order)


def next_state(
    before: CardStateRecord | None,
    item: StudyItem,
    schedule: CardSchedule,
    rating: Rating,
    now: datetime,
    result: GradeResult,
) -> CardStateRecord:
    """The state `record_answer` just stored, built in memory instead of read back."""
    kept = before if before is not None and before.kind == item.card.kind.value else None
    return CardStateRecord(
        deck_id=item.deck.id,
        card_id=item.card.id,
        kind=item.card.kind.value,
        schedule=schedule,
        reps=(kept.reps if kept else 0) + 1,
        lapses=(kept.lapses if kept else 0) + is_lapse(kept.schedule if kept else None, rating),
        suspended=before.suspended if before else False,
        flagged=before.flagged if before else False,
        first_review=kept.first_review if kept and kept.first_review else now,
        last_review=now,
        last_answer=result.given,
    )
