"""Read-only figures the screens show, gathered in one place so that workers compute them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from quizapp.core.stats import DeckStats, Streak, StudyStats, TagStats, daily_reviews, streak
from quizapp.core.stats import overview as stats_overview
from quizapp.core.store_rows import to_ms

if TYPE_CHECKING:
    from quizapp.context import Services


CANCEL_CHECK_CARDS = 1000
"""How often `home_figures` checks whether it is still wanted (a few milliseconds of work)."""


@dataclass(frozen=True, slots=True)
class HomeFigures:
    """What the home screen shows beside each deck and tag, and today's line."""

    decks: tuple[DeckStats, ...]
    tags: tuple[TagStats, ...]
    due_today: int
    new: int
    reviews_today: int
    streak: Streak


@dataclass(slots=True)
class _Tally:
    cards: int = 0
    new: int = 0
    learning: int = 0
    learned: int = 0
    due: int = 0
    suspended: int = 0
    recall: float = 0.0


def home_figures(
    services: Services, cancelled: Callable[[], bool] = lambda: False
) -> HomeFigures | None:
    """The home screen's figures from each deck's card index: no deck's cards are built.

    Counts as `stats.card_figures` does (a test holds the two together): cards present in
    the deck only, a stored state of another kind counts as new, suspended cards are never
    due, mastery is the mean recall with new cards at 0. Returns None as soon as `cancelled()`
    (checked every `CANCEL_CHECK_CARDS` cards): the screen was left and no longer needs them.
    """
    library, store, scheduler = services.library, services.store, services.scheduler
    now = services.clock.now()
    day = services.day()
    today = day.local_day(now)
    end_of_today = to_ms(day.start_of(today + timedelta(days=1)))
    at = now.astimezone(UTC)
    recall_of = scheduler.recall_probability
    deck_rows: list[DeckStats] = []
    tags: dict[str, _Tally] = defaultdict(_Tally)
    for summary in library.summaries:
        if cancelled():
            return None
        index = library.card_index(summary.id)
        if index is None:
            continue
        briefs = store.memory_briefs(summary.id)
        tally = _Tally()
        for card_id, kind, card_tags in zip(index.ids, index.kinds, index.tags, strict=True):
            if tally.cards % CANCEL_CHECK_CARDS == 0 and cancelled():
                return None
            brief = briefs.get(card_id)
            recall = 0.0
            learnt = False
            tally.cards += 1
            if brief is None or brief.kind != kind or brief.due_ms is None:
                tally.new += 1
                tally.suspended += brief is not None and brief.suspended
            else:
                recall = recall_of(brief.stability, brief.last_review, at)
                learnt = not brief.learning
                tally.learned += learnt
                tally.learning += not learnt
                tally.recall += recall
                tally.suspended += brief.suspended
                tally.due += not brief.suspended and brief.due_ms < end_of_today
            for tag in card_tags:
                tag_tally = tags[tag]
                tag_tally.cards += 1
                tag_tally.recall += recall
                tag_tally.learned += learnt
        deck_rows.append(
            DeckStats(
                deck_id=summary.id,
                title=summary.title,
                total=tally.cards,
                new=tally.new,
                learning=tally.learning,
                learned=tally.learned,
                due=tally.due,
                suspended=tally.suspended,
                mastery=tally.recall / tally.cards if tally.cards else 0.0,
            )
        )
    if cancelled():
        return None
    per_day = daily_reviews(store, day)
    return HomeFigures(
        decks=tuple(deck_rows),
        tags=tuple(
            TagStats(tag, tally.cards, tally.learned, tally.recall / tally.cards)
            for tag, tally in sorted(tags.items())
        ),
        due_today=sum(row.due for row in deck_rows),
        new=sum(row.new for row in deck_rows),
        reviews_today=per_day.get(today, (0, 0))[0],
        streak=streak(store, now, day, per_day),
    )


def study_stats(services: Services) -> StudyStats:
    """Every figure of the stats screen at once (run it in a worker)."""
    return stats_overview(
        services.store,
        services.scheduler,
        services.library.decks,
        services.clock.now(),
        services.day(),
    )


@dataclass(frozen=True, slots=True)
class CardRow:
    """One line of the card browser."""

    deck_id: str
    deck_title: str
    card_id: str
    kind: str
    prompt: str
    tags: tuple[str, ...]
    state: str
    """new, learning, review, relearning or suspended."""
    due: datetime | None
    lapses: int
    reps: int
    last_answer: str | None
    last_review: datetime | None
    flagged: bool
    suspended: bool
    haystack: str = ""
    """Id, question, tags and last answer, case-folded, for the search box."""


def card_rows(services: Services) -> list[CardRow]:
    """Every card of every loaded deck with its progress, in deck order."""
    states = {(s.deck_id, s.card_id): s for s in services.store.card_states()}
    rows: list[CardRow] = []
    for deck in services.library.decks:
        for card in deck.cards:
            state = states.get((deck.id, card.id))
            schedule = state.schedule if state else None
            last = state.last_answer if state else None
            name = "new" if schedule is None else str(schedule.state)
            if state is not None and state.suspended:
                name = "suspended"
            rows.append(
                CardRow(
                    deck_id=deck.id,
                    deck_title=deck.title,
                    card_id=card.id,
                    kind=card.kind.value,
                    prompt=card.prompt,
                    tags=card.tags,
                    state=name,
                    due=schedule.due if schedule else None,
                    lapses=state.lapses if state else 0,
                    reps=state.reps if state else 0,
                    last_answer=state.last_answer if state else None,
                    last_review=state.last_review if state else None,
                    flagged=bool(state and state.flagged),
                    suspended=bool(state and state.suspended),
                    haystack=" ".join(
                        (card.id, card.prompt, " ".join(card.tags), last or "")
                    ).casefold(),
                )
            )
    return rows
