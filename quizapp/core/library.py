"""Finds deck files in folders and loads them, keeping the broken ones with their errors.

With a deck cache (`load_library(..., cache=path)`), an unchanged file costs a stat: the
library starts from each deck's summary (title, counts, tags) and reads a deck's cards (from
the cache, else by parsing the file again) only when something asks for them, so a start
with 100,000 cards in the user's decks does not build 100,000 card objects.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.core.deck_codec import CardIndex, DeckSummary, card_index_of, summarize
from quizapp.core.errors import DeckError, Problem
from quizapp.core.model import Card, Deck
from quizapp.paths import bundled_decks_dir, user_decks_dir

if TYPE_CHECKING:  # sqlite3 is imported only when a cache is used
    from quizapp.core.deck_cache import CachedFile, DeckCache, Stamp

DECK_SUFFIXES = (".yaml", ".yml")

Progress = Callable[[int, int], None]
"""Told (bytes done, bytes to do) while deck files are parsed; at most about 20 times a second."""
PROGRESS_INTERVAL_S = 0.05
KEEP_PARSED_CARDS = 2_000
"""A deck just parsed and cached is kept in memory up to this size, else read back on demand."""
PARSE_SHARE = 0.6
"""About the share of a deck's load spent parsing YAML; the rest checks the cards."""


@dataclass(frozen=True, slots=True)
class BrokenDeck:
    """A deck file that could not be loaded, with every problem found in it."""

    path: Path
    error: DeckError


class _Handle:
    """One valid deck: its summary now, its cards when first asked for."""

    __slots__ = ("summary", "deck", "read", "index", "card_index")

    def __init__(
        self,
        summary: DeckSummary,
        deck: Deck | None = None,
        read: Callable[[CardIndex | None], Deck] | None = None,
        index: Callable[[], CardIndex | None] | None = None,
    ) -> None:
        self.summary = summary
        self.deck = deck
        self.read = read
        self.index = index
        self.card_index: CardIndex | None = None
        """The index, once read: decks do not change while the app runs. `read` is given it."""


class Library:
    """The decks that loaded, in discovery order, and the files that did not.

    `summaries` are always at hand; `decks`, `deck(...)` and `select(...)` build the cards of
    the decks they return on first use (thread-safe), and keep them.
    """

    __slots__ = ("_handles", "broken", "_lock", "_cache")

    def __init__(
        self,
        *,
        handles: Sequence[_Handle] = (),
        broken: Sequence[BrokenDeck] = (),
        cache: DeckCache | None = None,
    ) -> None:
        self._handles: tuple[_Handle, ...] = tuple(handles)
        self.broken: tuple[BrokenDeck, ...] = tuple(broken)
        self._lock = threading.RLock()
        self._cache = cache
        """The deck cache the decks' cards are read from, open as long as the library."""

    def close(self) -> None:
        """Close the deck cache; a card not read yet is then read from its deck file."""
        if self._cache is not None:
            self._cache.close()

    @property
    def summaries(self) -> tuple[DeckSummary, ...]:
        return tuple(handle.summary for handle in self._handles)

    @property
    def decks(self) -> tuple[Deck, ...]:
        """Every valid deck with its cards (reads them all: prefer `summaries` or `select`)."""
        return tuple(self._materialise(handle) for handle in self._handles)

    def deck(self, deck_id: str) -> Deck | None:
        handle = self._handle(deck_id)
        return None if handle is None else self._materialise(handle)

    def summary(self, deck_id: str) -> DeckSummary | None:
        handle = self._handle(deck_id)
        return None if handle is None else handle.summary

    def select(
        self, deck_ids: Iterable[str] | None = None, tag: str | None = None
    ) -> tuple[Deck, ...]:
        """The decks a study of these decks (all when None or empty) and this tag draws on.

        Only those decks' cards are read: a review of one small deck never builds the others.
        """
        wanted = set(deck_ids or ())
        return tuple(
            self._materialise(handle)
            for handle in self._handles
            if (not wanted or handle.summary.id in wanted)
            and (tag is None or tag in handle.summary.tags)
        )

    def card_index(self, deck_id: str) -> CardIndex | None:
        """Each card's id, kind and tags, without building the cards when the cache has them."""
        handle = self._handle(deck_id)
        if handle is None:
            return None
        if handle.card_index is None:
            found = handle.index() if handle.deck is None and handle.index is not None else None
            # A deck read from the cache carries its index: nothing is built either way.
            handle.card_index = found or card_index_of(self._materialise(handle))
        return handle.card_index

    def is_read(self, deck_id: str) -> bool:
        """True once this deck's cards are built (for tests and diagnostics)."""
        handle = self._handle(deck_id)
        return handle is not None and handle.deck is not None

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(problem for broken in self.broken for problem in broken.error.problems)

    def _handle(self, deck_id: str) -> _Handle | None:
        return next((h for h in self._handles if h.summary.id == deck_id), None)

    def _materialise(self, handle: _Handle) -> Deck:
        deck = handle.deck
        if deck is not None:
            return deck
        with self._lock:
            if handle.deck is None:
                assert handle.read is not None
                handle.deck = handle.read(handle.card_index)
                # The deck lives as long as the library: keep the collector from walking its
                # cards again and again (a full collection over 100,000 cards is a visible
                # pause between two cards).
                gc.freeze()
            return handle.deck


def default_deck_paths(data_dir_override: str | os.PathLike[str] | None = None) -> list[Path]:
    """The bundled decks folder, then the learner's own deck folder."""
    return [bundled_decks_dir(), user_decks_dir(data_dir_override)]


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """Deck files named directly or found in folders, each once, in a stable order.

    A file given by name is taken whatever its extension. A folder is scanned recursively for
    `*.yaml` / `*.yml`, in sorted order, skipping hidden entries and symlinks that lead out of
    it. Paths that do not exist are skipped (the user deck folder may not exist yet).
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            candidates: Iterable[Path] = _scan_folder(path)
        elif path.is_file():
            candidates = [path]
        else:
            continue
        for candidate in candidates:
            key = _resolved(candidate)
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def _resolved(path: Path) -> Path:
    """The path with its symlinks followed; as given (made absolute) when they loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _scan_folder(folder: Path) -> list[Path]:
    root = _resolved(folder)
    files: list[Path] = []
    for current, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(DECK_SUFFIXES):
                continue
            candidate = Path(current) / name
            if candidate.is_symlink() and not _resolved(candidate).is_relative_to(root):
                continue
            if candidate.is_file():
                files.append(candidate)
    return sorted(files, key=lambda path: path.relative_to(folder).as_posix())


def load_library(
    paths: Sequence[Path | str],
    *,
    cache: Path | None = None,
    progress: Progress | None = None,
) -> Library:
    """Load every deck file found under `paths` (see `discover`).

    Args:
        paths: deck files and folders.
        cache: the deck cache file (`paths.deck_cache_path`); None parses every file now.
            With a cache, an unchanged file is not parsed again and its cards are read only
            when asked for.
        progress: told (bytes done, bytes to do) while files are parsed.

    A deck id used by two files: the later file is broken, with the problem at its `deck:`.
    Never raises for a bad deck (nor for a cache that cannot be used); each shows up in `broken`.
    """
    files = discover(paths)
    if cache is None:
        return _assemble([(path, _parse_now(path)) for path in files])
    from quizapp.core.deck_cache import DeckCache

    store = DeckCache(cache)
    return _assemble(_through_cache(files, store, progress), store)


Outcome = _Handle | BrokenDeck


def _parse_now(path: Path) -> Outcome:
    """Parse a file without the cache (no cache, or one it cannot go through)."""
    from quizapp.core.deck_loader import load_deck

    try:
        deck = load_deck(path)
    except DeckError as exc:
        return BrokenDeck(path, exc)
    except Exception as exc:  # a loader bug must not hide every other deck
        message = f"internal error while loading this deck ({type(exc).__name__}: {exc})"
        return BrokenDeck(path, DeckError([Problem(path, 1, 1, message)]))
    return _Handle(summarize(deck), deck)


def _assemble(outcomes: list[tuple[Path, Outcome]], cache: DeckCache | None = None) -> Library:
    """The library, once every file is read; a deck id seen before makes the file broken."""
    handles: list[_Handle] = []
    broken: list[BrokenDeck] = []
    first_paths: dict[str, Path] = {}
    for path, outcome in outcomes:
        if isinstance(outcome, BrokenDeck):
            broken.append(outcome)
            continue
        deck_id = outcome.summary.id
        if deck_id in first_paths:
            from quizapp.core.deck_loader import locate_top_level_key

            line, column = locate_top_level_key(path, "deck")
            message = f"duplicate deck id '{deck_id}' (already used by {first_paths[deck_id]})"
            broken.append(BrokenDeck(path, DeckError([Problem(path, line, column, message)])))
            continue
        first_paths[deck_id] = path
        handles.append(outcome)
    return Library(handles=handles, broken=broken, cache=cache)


class _Reporter:
    """Turns per-file progress into (bytes done, bytes to do) calls, at most every 50 ms.

    Nothing is reported until a file is actually parsed: a file saved again unchanged is
    only compared by digest, and shows no progress bar.
    """

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0
        self.last = 0.0
        self.parsing = False

    def file_share(self, size: int) -> Callable[[float], None] | None:
        """A callback for one file's parse (its share of the text parsed, 0 to 1)."""
        if self.progress is None:
            return None
        if not self.parsing:
            self.parsing = True
            self.report(self.done, force=True)
        start = self.done
        return lambda share: self.report(start + int(size * PARSE_SHARE * share))

    def finished(self, size: int) -> None:
        self.done += size
        if self.parsing:
            self.report(self.done, force=self.done >= self.total)

    def report(self, done: int, force: bool = False) -> None:
        now = time.monotonic()
        if self.progress is not None and (force or now - self.last >= PROGRESS_INTERVAL_S):
            self.last = now
            self.progress(min(done, self.total), self.total)


def _through_cache(
    files: list[Path], store: DeckCache, progress: Progress | None
) -> list[tuple[Path, Outcome]]:
    from quizapp.core.deck_cache import Stamp, cache_key

    found: dict[int, Outcome] = {}
    pending: list[tuple[int, Path, str, Stamp, CachedFile | None]] = []
    for number, path in enumerate(files):
        key = cache_key(path)
        stamp = Stamp.of(path)
        entry = store.get(key)
        if entry is not None and entry.stamp == stamp and entry.deps_unchanged():
            found[number] = _from_entry(path, entry, store)
        else:
            pending.append((number, path, key, stamp, entry))
    reporter = _Reporter(progress, sum(max(stamp.size, 0) for *_, stamp, _e in pending))
    for number, path, key, stamp, entry in pending:
        found[number] = _refresh(path, key, stamp, entry, store, reporter)
        reporter.finished(max(stamp.size, 0))
    return [(path, found[number]) for number, path in enumerate(files)]


def _refresh(
    path: Path,
    key: str,
    stamp: Stamp,
    entry: CachedFile | None,
    store: DeckCache,
    reporter: _Reporter,
) -> Outcome:
    """A file whose stamp changed: same digest, the entry stands; else parse and record it."""
    from quizapp.core.deck_cache import declared_deps, digest_of
    from quizapp.core.deck_loader import MAX_FILE_BYTES, parse_deck

    if stamp.size < 0 or stamp.size > MAX_FILE_BYTES:
        return _parse_now(path)  # unreadable or too big: the loader says so, nothing to cache
    try:
        data = path.read_bytes()
    except OSError:
        return _parse_now(path)
    digest = digest_of(data)
    if entry is not None and entry.digest == digest and entry.deps_unchanged():
        store.touch(key, stamp)
        return _from_entry(path, entry, store)
    try:
        deck = parse_deck(data, path, progress=reporter.file_share(len(data)))
    except DeckError as exc:
        store.put_broken(key, stamp, digest, declared_deps(data, path), path, exc.problems)
        return BrokenDeck(path, exc)
    except Exception:  # a loader bug: reported as it always was, and not cached
        return _parse_now(path)
    cached, saved = store.put_deck(key, stamp, digest, deck)
    if saved and len(deck.cards) > KEEP_PARSED_CARDS:
        # A big deck is read back from the cache when something needs its cards: holding
        # them now would keep hundreds of MB for a home screen that shows a count.
        return _from_entry(path, cached, store)
    # Its cards are held: `card_index` derives the index from them, never from the cache.
    return _Handle(_with_path(cached.summary or summarize(deck), path), deck)


def _from_entry(path: Path, entry: CachedFile, store: DeckCache) -> Outcome:
    if entry.summary is None:
        return BrokenDeck(path, DeckError(entry.problem_list(path) or _unknown(path)))
    return _Handle(
        _with_path(entry.summary, path),
        read=lambda index: _read_cached(path, entry, store, index),
        index=lambda: store.card_index(entry.key, entry.digest),
    )


def _unknown(path: Path) -> list[Problem]:
    return [Problem(path, 1, 1, "this deck could not be loaded")]


def _with_path(summary: DeckSummary, path: Path) -> DeckSummary:
    from dataclasses import replace

    return replace(summary, path=path)


def _read_cached(path: Path, entry: CachedFile, store: DeckCache, index: CardIndex | None) -> Deck:
    """The deck as it was at start, from the cache (each card read when first asked for);
    else parsed again. `index` is its card index when the library has read it already.

    Raises:
        DeckError: the cache lost the entry and the file no longer loads.
    """
    from quizapp.core.deck_codec import CodecError, decode_deck

    head = store.deck_head(entry.key, entry.digest)
    index = index or store.card_index(entry.key, entry.digest)
    if head is not None and index is not None:
        cards = store.card_texts(entry.key, entry.digest, len(index.ids))
        try:
            return decode_deck(head, cards, path, index, recover=lambda: _reparse(path, index))
        except CodecError:
            pass
    return _parse_file(path)


def _parse_file(path: Path) -> Deck:
    from quizapp.core.deck_loader import load_deck  # yaml is imported only when a parse is due

    return load_deck(path)


def _reparse(path: Path, index: CardIndex) -> tuple[Card, ...]:
    """The cards of a cached deck, from its file: the cache no longer gives one of them (it
    was damaged or lost, or holds a newer version of the file now).

    Raises:
        DeckError: the file changed since the deck was read: its cards are not those the
            session was counting on.
    """
    deck = _parse_file(path)
    if tuple(card.id for card in deck.cards) != index.ids:
        message = "this deck's file changed while it was open: restart quizapp to read it again"
        raise DeckError([Problem(path, 1, 1, message)])
    return tuple(deck.cards)
