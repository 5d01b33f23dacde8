"""Read-only figures the screens show, gathered in one place so workers can compute them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from quizapp.core.model import Deck

if TYPE_CHECKING:
    from quizapp.context import Services
    from quizapp.core.records import CardStateRecord


@dataclass(frozen=True, slots=True)
class DeckFigures:
    """The home screen's row for one deck or tag."""

    total: int
    due: int
    new: int
    mastery: float | None
    """Mean recall probability over the cards (new ones count 0), None for no cards."""


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the home screen shows besides the deck list itself."""

    decks: dict[str, DeckFigures]
    tags: dict[str, DeckFigures]
    reviewed_today: int
    due_now: int
    streak: int


def start_of_day(now: datetime) -> datetime:
    """Local midnight of `now`'s day, as a UTC-aware datetime."""
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def streak_days(active_days: set[date], today: date) -> int:
    """Consecutive days with reviews, ending today (or yesterday when today has none yet)."""
    day = today if today in active_days else today - timedelta(days=1)
    count = 0
    while day in active_days:
        count += 1
        day -= timedelta(days=1)
    return count


def overview(services: Services) -> Overview:
    """Due/new/total counts and mastery per deck and per tag, today's reviews and the streak."""
    now = services.clock.now()
    states: dict[tuple[str, str], CardStateRecord] = {
        (state.deck_id, state.card_id): state for state in services.store.card_states()
    }
    deck_rows: dict[str, DeckFigures] = {}
    tag_cells: dict[str, list[tuple[bool, bool, float]]] = defaultdict(list)
    due_now = 0
    for deck in services.library.decks:
        cells = _deck_cells(deck, states, services, now)
        for card, cell in zip(deck.cards, cells, strict=True):
            for tag in card.tags:
                tag_cells[tag].append(cell)
        deck_rows[deck.id] = _figures(cells)
        due_now += deck_rows[deck.id].due
    tag_rows = {tag: _figures(cells) for tag, cells in sorted(tag_cells.items())}
    today = start_of_day(now)
    reviewed_today = services.store.count_reviews(today)
    active = {
        start.astimezone().date()
        for start, count, _passed in services.store.review_buckets(now - timedelta(days=400))
        if count
    }
    return Overview(
        decks=deck_rows,
        tags=tag_rows,
        reviewed_today=reviewed_today,
        due_now=due_now,
        streak=streak_days(active, now.astimezone().date()),
    )


def _deck_cells(
    deck: Deck,
    states: dict[tuple[str, str], CardStateRecord],
    services: Services,
    now: datetime,
) -> list[tuple[bool, bool, float]]:
    """(is due, is new, recall probability) per card of the deck; suspended cards are never due."""
    cells: list[tuple[bool, bool, float]] = []
    for card in deck.cards:
        state = states.get((deck.id, card.id))
        if state is None or state.schedule is None:
            cells.append((False, state is None or not state.suspended, 0.0))
            continue
        due = state.due is not None and state.due <= now and not state.suspended
        cells.append((due, False, services.scheduler.retrievability(state.schedule, now)))
    return cells


def _figures(cells: list[tuple[bool, bool, float]]) -> DeckFigures:
    if not cells:
        return DeckFigures(0, 0, 0, None)
    return DeckFigures(
        total=len(cells),
        due=sum(1 for due, _new, _r in cells if due),
        new=sum(1 for _due, new, _r in cells if new),
        mastery=sum(r for _due, _new, r in cells) / len(cells),
    )


@dataclass(frozen=True, slots=True)
class StatsFigures:
    """What the stats screen draws."""

    today: date
    reviews_per_day: dict[date, int]
    """Answers per local day, for the calendar heatmap."""
    forecast: list[int]
    """Cards falling due on each of the next 30 days (day 0 includes overdue cards)."""
    retention_by_week: list[tuple[date, float]]
    """Share of answers not rated Again, per week that has answers."""
    mastery_by_tag: dict[str, float]
    total_reviews: int
    retention: float | None
    streak: int
    best_streak: int


def stats_figures(services: Services, weeks: int = 26) -> StatsFigures:
    """The figures of the stats screen; run it in a worker (it reads the whole log summary)."""
    now = services.clock.now()
    today = now.astimezone().date()
    since = start_of_day(now) - timedelta(days=7 * weeks + 7)
    per_day: dict[date, int] = defaultdict(int)
    passed_per_week: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for start, count, passed in services.store.review_buckets(since):
        day = start.astimezone().date()
        per_day[day] += count
        week = day - timedelta(days=day.weekday())
        passed_per_week[week][0] += passed
        passed_per_week[week][1] += count
    forecast = [0] * 30
    for state in services.store.card_states():
        if state.suspended or state.due is None:
            continue
        offset = (state.due.astimezone().date() - today).days
        if offset < 30:
            forecast[max(offset, 0)] += 1
    figures = overview(services)
    total = sum(per_day.values())
    passed_total = sum(p for p, _c in passed_per_week.values())
    active = {day for day, count in per_day.items() if count}
    return StatsFigures(
        today=today,
        reviews_per_day=dict(per_day),
        forecast=forecast,
        retention_by_week=[
            (week, passed / count)
            for week, (passed, count) in sorted(passed_per_week.items())
            if count
        ],
        mastery_by_tag={tag: f.mastery or 0.0 for tag, f in figures.tags.items()},
        total_reviews=total,
        retention=passed_total / total if total else None,
        streak=figures.streak,
        best_streak=best_streak(active),
    )


def best_streak(active_days: set[date]) -> int:
    """The longest run of consecutive days with answers."""
    best = 0
    for day in active_days:
        if day - timedelta(days=1) in active_days:
            continue
        length = 1
        while day + timedelta(days=length) in active_days:
            length += 1
        best = max(best, length)
    return best


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


def card_rows(services: Services) -> list[CardRow]:
    """Every card of every loaded deck with its progress, in deck order."""
    states = {(s.deck_id, s.card_id): s for s in services.store.card_states()}
    rows: list[CardRow] = []
    for deck in services.library.decks:
        for card in deck.cards:
            state = states.get((deck.id, card.id))
            schedule = state.schedule if state else None
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
                )
            )
    return rows
