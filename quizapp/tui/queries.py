"""Read-only figures the screens show, gathered in one place so that workers compute them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quizapp.core.session_items import left_today
from quizapp.core.stats import (
    DeckStats,
    Streak,
    StudyStats,
    TagStats,
    daily_reviews,
    library_figures,
    streak,
)
from quizapp.core.stats import overview as stats_overview

if TYPE_CHECKING:
    from quizapp.context import Services


@dataclass(frozen=True, slots=True)
class HomeFigures:
    """What the home screen shows beside each deck and tag, and today's line."""

    decks: tuple[DeckStats, ...]
    tags: tuple[TagStats, ...]
    due_today: int
    new: int
    """New cards a review would show today: unseen ones, within the day's limit."""
    reviews_today: int
    streak: Streak


def home_figures(
    services: Services, cancelled: Callable[[], bool] = lambda: False
) -> HomeFigures | None:
    """The home screen's figures from each deck's card index: no deck's cards are built.

    Counts as `stats.card_figures` does (a test holds the two together). Returns None as soon
    as `cancelled()`: the screen was left and no longer needs them.
    """
    store = services.store
    now = services.clock.now()
    day = services.day()
    figures = library_figures(services.library, store, services.scheduler, now, day, cancelled)
    if figures is None or cancelled():
        return None
    deck_rows, tag_rows = figures
    per_day = daily_reviews(store, day)
    # Today's new cards, as a review would take them: within the daily limit.
    new_left, _reviews_left = left_today(store, services.settings.limits, day.start_of_day(now))
    return HomeFigures(
        decks=deck_rows,
        tags=tag_rows,
        due_today=sum(row.due for row in deck_rows),
        new=max(0, min(sum(row.new for row in deck_rows), new_left)),
        reviews_today=per_day.get(day.local_day(now), (0, 0))[0],
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
