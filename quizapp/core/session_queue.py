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

from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from quizapp.core.deck_codec import CardIndex, EncodedCards, card_index_of
from quizapp.core.model import Card, Deck
from quizapp.core.store import ProgressStore
from quizapp.core.store_rows import from_ms, to_ms

Queued = tuple[Deck, Card]

FIRST_PAGE = 32
"""Due reviews read when the session starts: enough to show the first cards at once."""
PAGE = 512
"""Due reviews read each time the learner reaches the end of what was read."""
SCAN_LOOKUPS = 16
"""Up to this many cards looked up at once in a deck are found by scanning its id list (in C,
about 50 µs per 10,000 ids); more build the deck's id -> position dict (about 1 ms per
10,000), kept for later lookups. A session's first page of 32 due cards across ten decks of
10,000 then costs about 1.5 ms, not 8."""


class DueReviews:
    """The review cards due by `due_by`, most overdue first, read from the store as drawn.

    Cards due at the same moment come in deck order, as the decks were given. Cards whose
    deck no longer has them, whose kind changed or that lack the session's tag are skipped as
    they come. With a tag, every page is read at once (the store cannot count a tag, and the
    progress bar needs the count); without one, `len` is the store's count of what is left
    unread, capped by the day's limit, and exact unless a card is skipped later.
    """

    def __init__(
        self,
        store: ProgressStore,
        decks: Mapping[str, Deck],
        due_by: datetime,
        limit: int,
        tag: str | None = None,
    ) -> None:
        self._store = store
        self._decks = decks
        self._deck_ids = list(decks)
        self._due_by_ms = to_ms(due_by)
        self._tag = tag
        self._left = max(0, limit)
        """How many more cards the day's review limit lets this session take."""
        self._read: deque[Queued] = deque()
        self._after: int | None = None
        """The due date (ms) of the last card read: every card due then has been read."""
        self._done = self._left == 0 or not self._deck_ids
        self._unread = 0
        if self._done:
            return
        if tag is None:
            self._unread = store.count_queue(self._deck_ids, due_by, learning=False)
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
            self._deck_ids,
            learning=False,
            due_after=self._after,
            due_by=self._due_by_ms,
            limit=size,
        )
        if len(rows) < size:
            self._done = True
        elif rows:
            # The page may end inside a group of cards due at the same moment: take the whole
            # group, so that the next page starts after it and the group keeps deck order.
            last = rows[-1][3]
            rows = [row for row in rows if row[3] != last] + self._store.queue_page(
                self._deck_ids, learning=False, due_after=last - 1, due_by=last
            )
        self._unread = max(0, self._unread - len(rows))
        if rows:
            self._after = rows[-1][3]
        for deck, card in in_order(rows, self._decks, self._tag):
            self._read.append((deck, card))
            self._left -= 1
            if self._left == 0:
                self._done = True
                break


def learning_cards(
    store: ProgressStore, decks: Mapping[str, Deck], horizon: datetime, tag: str | None = None
) -> list[tuple[datetime, Deck, Card]]:
    """Cards in their (re)learning steps due by `horizon`, soonest first, with their due date."""
    if not decks:
        return []
    rows = store.queue_page(list(decks), learning=True, due_after=None, due_by=to_ms(horizon))
    due = {(deck_id, card_id): due_ms for deck_id, card_id, _kind, due_ms in rows}
    return [
        (from_ms(due[(deck.id, card.id)]), deck, card) for deck, card in in_order(rows, decks, tag)
    ]


def in_order(
    rows: Iterable[tuple[str, str, str, int]], decks: Mapping[str, Deck], tag: str | None
) -> list[Queued]:
    """The store's rows whose card is still in its deck, of the same kind, with the tag.

    In due order; cards due at the same moment in deck order (the decks' order in `decks`,
    then the cards' order in their deck), as a queue built from the decks would have them.
    """
    rows = list(rows)
    rank = {deck_id: number for number, deck_id in enumerate(decks)}
    lookups = Counter(deck_id for deck_id, *_ in rows)
    kept: list[tuple[int, int, int, Deck]] = []
    for deck_id, card_id, kind, due_ms in rows:
        deck = decks[deck_id]
        position = position_of(deck, card_id, lookups[deck_id])
        if position is None:
            continue
        index = deck_index(deck)
        if index.kinds[position] != kind or (tag is not None and tag not in index.tags[position]):
            continue
        kept.append((due_ms, rank[deck_id], position, deck))
    kept.sort(key=lambda entry: entry[:3])
    per_deck: dict[str, list[int]] = {}
    for _due, _rank, position, deck in kept:
        per_deck.setdefault(deck.id, []).append(position)
    for deck_id, positions in per_deck.items():
        read_together(decks[deck_id], positions)
    return [(deck, deck.cards[position]) for _due, _rank, position, deck in kept]


def read_together(deck: Deck, positions: list[int]) -> None:
    """Read these cards of a cached deck in one query, not one each (no-op for a parsed deck)."""
    if isinstance(deck.cards, EncodedCards):
        deck.cards.build(positions)


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
        index = deck_index(deck)
        if known.issuperset(index.ids):
            continue  # nothing new in this deck (checked in C, no id -> position dict built)
        chosen: list[int] = []
        for position, (card_id, tags) in enumerate(zip(index.ids, index.tags, strict=True)):
            if card_id in known or (tag is not None and tag not in tags):
                continue
            chosen.append(position)
            if len(picked) + len(chosen) >= limit:
                break
        read_together(deck, chosen)
        found = [deck.cards[position] for position in chosen]
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


_INDEXES: dict[str, tuple[Sequence[Card], CardIndex]] = {}
_POSITIONS: dict[str, tuple[CardIndex, dict[str, int]]] = {}
_KINDS: dict[str, tuple[CardIndex, dict[str, frozenset[str]]]] = {}
# Deck id -> (the cards or their index, what was derived from them), for the deck version
# last used: decks are immutable, so this is built once per loaded version of a deck and
# later sessions over the same library skip it; a reloaded deck replaces the old version.


def deck_index(deck: Deck) -> CardIndex:
    """Each card's id, kind and tags (the cache's index when it came with the cards)."""
    kept = _INDEXES.get(deck.id)
    if kept is not None and kept[0] is deck.cards:
        return kept[1]
    index = card_index_of(deck)
    _INDEXES[deck.id] = (deck.cards, index)
    return index


def card_positions(deck: Deck) -> dict[str, int]:
    """Card id -> position in the deck (of the first card of an id, as `Deck.card` finds it).

    Built in C from the card index (about 1 ms for 10,000 cards): a dict of ints, nothing for
    the garbage collector to track, and no card built.
    """
    index = deck_index(deck)
    kept = _POSITIONS.get(deck.id)
    if kept is not None and kept[0] is index:
        return kept[1]
    ids = index.ids
    positions = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))
    _POSITIONS[deck.id] = (index, positions)
    return positions


def position_of(deck: Deck, card_id: str, lookups: int = 1) -> int | None:
    """The position of the deck's (first) card with this id, or None.

    `lookups` is how many cards the caller is about to look up in this deck: a few are found
    by a scan, unless the deck's `card_positions` are built already (see `SCAN_LOOKUPS`).
    """
    index = deck_index(deck)
    kept = _POSITIONS.get(deck.id)
    if lookups > SCAN_LOOKUPS or (kept is not None and kept[0] is index):
        return card_positions(deck).get(card_id)
    try:
        return index.ids.index(card_id)
    except ValueError:
        return None


def kind_index(deck: Deck) -> dict[str, frozenset[str]]:
    """Kind -> ids of a deck's cards of that kind."""
    index = deck_index(deck)
    kept = _KINDS.get(deck.id)
    if kept is not None and kept[0] is index:
        return kept[1]
    by_kind: dict[str, list[str]] = {}
    for card_id, kind in zip(index.ids, index.kinds, strict=True):
        by_kind.setdefault(kind, []).append(card_id)
    found = {kind: frozenset(ids) for kind, ids in by_kind.items()}
    _KINDS[deck.id] = (index, found)
    return found
