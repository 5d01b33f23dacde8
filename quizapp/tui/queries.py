"""Read-only figures the screens show, gathered in one place so that workers compute them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quizapp.core.stats import StudyStats
from quizapp.core.stats import overview as stats_overview

if TYPE_CHECKING:
    from quizapp.context import Services


def study_stats(services: Services) -> StudyStats:
    """Every figure of the home and stats screens at once (run it in a worker)."""
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
