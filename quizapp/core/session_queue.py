"""Today's review queue, read from the store's indexes rather than from every card state.

Due reviews and learning cards are ranges of the store's per-deck index, read in due order.
The reviews are read a page at a time as the learner reaches them (a count on the same index
sizes the progress bar meanwhile), so the first card of 30,000 due shows about as fast as the
first of ten. New cards are the decks' cards, in deck order, that the same index does not list
as scheduled, looked up only while the day's new-card allowance lasts. No schedule is parsed
here: a session reads a card's full state when it draws the card.

A card whose kind changed since its state was saved is new again. It is found (and its
schedule restarted) when the new cards are picked; the due and learning ranges skip it, so
the queue never shows it with the old kind's schedule.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from quizapp.core.model import Card, Deck
from quizapp.core.store import ProgressStore
from quizapp.core.store_rows import from_ms

Queued = tuple[Deck, Card]

FIRST_PAGE = 32
"""Due reviews read when the session starts: enough to show the first cards at once."""
PAGE = 512
"""Due reviews read each time the learner reaches the end of what was read."""


class DueReviews:
    """The review cards due now, most overdue first, read from the store as they are drawn.

    Cards whose deck no longer has them, whose kind changed or that lack the session's tag
    are skipped as they come. With a tag, every page is read at once (the store cannot count
    a tag, and the progress bar needs the count); without one, `len` is the store's count of
    what is left unread, capped by the day's limit, and exact unless a card is skipped later.
    """

    def __init__(
        self,
        store: ProgressStore,
        decks: Mapping[str, Deck],
        now: datetime,
        limit: int,
        tag: str | None = None,
    ) -> None:
        self._store = store
        self._decks = decks
        self._deck_ids = list(decks)
        self._now = now
        self._tag = tag
        self._left = max(0, limit)
        """How many more cards the day's review limit lets this session take."""
        self._read: deque[Queued] = deque()
        self._after: tuple[int, str, str] | None = None
        self._done = self._left == 0 or not self._deck_ids
        self._unread = 0
        if self._done:
            return
        if tag is None:
            self._unread = store.count_queue(self._deck_ids, now, learning=False)
            self._fetch(FIRST_PAGE)
        else:
            while not self._done:
                self._fetch(PAGE)

    def __len__(self) -> int:
        return len(self._read) + (0 if self._done else min(self._left, self._unread))

    def popleft(self) -> Queued | None:
        while not self._read and not self._done:
            self._fetch(PAGE)
        return self._read.popleft() if self._read else None

    def _fetch(self, size: int) -> None:
        rows = self._store.queue_page(
            self._deck_ids, self._now, learning=False, after=self._after, limit=size
        )
        self._unread = max(0, self._unread - len(rows))
        if len(rows) < size:
            self._done = True
        if rows:
            deck_id, card_id, _kind, due_ms = rows[-1]
            self._after = (due_ms, deck_id, card_id)
        for deck, card, _due_ms in in_decks(rows, self._decks, self._tag):
            self._read.append((deck, card))
            self._left -= 1
            if self._left == 0:
                self._done = True
                break


def learning_cards(
    store: ProgressStore, decks: Mapping[str, Deck], horizon: datetime, tag: str | None = None
) -> list[tuple[datetime, Deck, Card]]:
    """Cards in their (re)learning steps due by `horizon`, with their due date, soonest first."""
    found: list[tuple[datetime, Deck, Card]] = []
    after: tuple[int, str, str] | None = None
    deck_ids = list(decks)
    while deck_ids:
        rows = store.queue_page(deck_ids, horizon, learning=True, after=after, limit=PAGE)
        found.extend(
            (from_ms(due_ms), deck, card) for deck, card, due_ms in in_decks(rows, decks, tag)
        )
        if len(rows) < PAGE:
            break
        deck_id, card_id, _kind, due_ms = rows[-1]
        after = (due_ms, deck_id, card_id)
    return found


def in_decks(
    keys: Iterable[tuple[str, str, str, int]], decks: Mapping[str, Deck], tag: str | None
) -> Iterable[tuple[Deck, Card, int]]:
    """The store's keys whose card is still in its deck, of the same kind, with the tag."""
    for deck_id, card_id, kind, due_ms in keys:
        deck = decks[deck_id]
        card = card_index(deck).get(card_id)
        if card is None or card.kind != kind or (tag is not None and tag not in card.tags):
            continue
        yield deck, card, due_ms


def new_cards(
    store: ProgressStore, decks: Iterable[Deck], limit: int, tag: str | None = None
) -> list[Queued]:
    """The first `limit` new cards in deck order; restarts those whose kind changed.

    A card is known when the store has it scheduled as a card of its kind (one index range
    per kind of the deck, met in C by set operations) or suspended; every other card of the
    deck is new, in deck order.
    """
    picked: list[Queued] = []
    for deck in decks:
        if len(picked) >= limit:
            break
        known = store.suspended_cards(deck.id)
        scheduled = store.scheduled_cards(deck.id)
        for kind, ids in kind_index(deck).items():
            known |= ids.intersection(scheduled.get(kind, ()))
        cards = card_index(deck)
        if len(known) >= len(cards) and cards.keys() <= known:
            continue  # nothing new in this deck
        found: list[Card] = []
        for card in deck.cards:
            if card.id in known or (tag is not None and tag not in card.tags):
                continue
            found.append(card)
            if len(picked) + len(found) >= limit:
                break
        changed = store.scheduled_among(deck.id, (card.id for card in found))
        if changed:
            store.reconcile_kinds(
                deck.id, {card.id: card.kind.value for card in found if card.id in changed}
            )
        picked.extend((deck, card) for card in found)
    return picked


def by_id(decks: Sequence[Deck]) -> dict[str, Deck]:
    """The decks keyed by id, in order (the first deck of an id wins)."""
    found: dict[str, Deck] = {}
    for deck in decks:
        found.setdefault(deck.id, deck)
    return found


_CARDS: dict[str, tuple[tuple[Card, ...], dict[str, Card]]] = {}
_KINDS: dict[str, tuple[tuple[Card, ...], dict[str, frozenset[str]]]] = {}
# Deck id -> (the cards indexed, their index), for the deck version last used: decks are
# immutable, so an index is built once per loaded version of a deck and later sessions over
# the same library skip it; a reloaded deck replaces the old version rather than adding to it.


def card_index(deck: Deck) -> dict[str, Card]:
    """Card id -> card of a deck (the first card of an id, as `Deck.card` finds it)."""
    kept = _CARDS.get(deck.id)
    if kept is not None and kept[0] is deck.cards:
        return kept[1]
    index = {card.id: card for card in reversed(deck.cards)}
    _CARDS[deck.id] = (deck.cards, index)
    return index


def kind_index(deck: Deck) -> dict[str, frozenset[str]]:
    """Kind -> ids of a deck's cards of that kind."""
    kept = _KINDS.get(deck.id)
    if kept is not None and kept[0] is deck.cards:
        return kept[1]
    by_type: dict[type[Card], list[str]] = {}
    for card in deck.cards:  # the kind is the card's class: no property call per card
        by_type.setdefault(type(card), []).append(card.id)
    index = {
        next(card for card in deck.cards if type(card) is kind_type).kind.value: frozenset(ids)
        for kind_type, ids in by_type.items()
    }
    _KINDS[deck.id] = (deck.cards, index)
    return index
