"""The deck cache: each deck file's checked result in SQLite, so no unchanged file is parsed twice.

One file per data folder (`<data dir>/cache/decks.sqlite3`), shared by every profile and by
concurrent processes (WAL, busy timeout). An entry is keyed by the deck file's resolved path
and holds its size, mtime and BLAKE2b digest, the source files its check read, and the result:
a valid deck's summary, card index and encoded deck (`deck_codec`: its head, and a row per
card, read one by one as a session needs them), or a broken deck's problems.
Entries written by another loader (`loader_fingerprint`) are never used. It is only a cache:
every failure (corrupt file, read-only folder, disk full, a lock held too long) is swallowed;
a corrupt file is deleted and rebuilt, anything else leaves the entry out this time.
This module and `core/store*.py` are the only ones importing sqlite3.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from quizapp import __version__
from quizapp.core.deck_codec import (
    CODEC_VERSION,
    CardIndex,
    CodecError,
    DeckSummary,
    decode_index,
    decode_summary,
    encode_deck,
    encode_index,
    encode_summary,
    index_cards,
    summarize,
)
from quizapp.core.errors import Problem
from quizapp.core.model import Deck

CACHE_SCHEMA = 4
"""`PRAGMA user_version` of the cache file; another value drops every entry."""

LOADER_MODULES = (
    "deck_loader",
    "deck_check",
    "deck_cards",
    "deck_rules",
    "schema",
    "errors",
    "model",
    "deck_codec",
    "collector",
)
"""`quizapp.core` modules whose code decides what a deck file loads to (a test checks the list)."""

BUSY_TIMEOUT_S = 2.0
MIN_FREE_BYTES = 64 * 1024 * 1024
"""Below this much free space the cache is not used: the progress store needs it more."""
"""How long to wait for another process's write before doing without the cache this time."""
RACY_WINDOW_NS = 2_000_000_000
"""A file modified this recently may change again within the same mtime tick: its entry keeps
no stamp, so the next start compares its digest (git's "racy clean" problem)."""

# The big columns live in their own tables: a start reads every file's row, and a row holding
# megabytes would have SQLite walk its overflow pages to reach the columns after them. Cards
# have a row each, so that drawing 30 cards of a 100,000-card library reads 30 rows.
_SCHEMA = """
DROP TABLE IF EXISTS deck_file;
DROP TABLE IF EXISTS deck_data;
DROP TABLE IF EXISTS deck_card;
CREATE TABLE deck_file (
    path TEXT PRIMARY KEY,
    loader TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    digest BLOB NOT NULL,
    deps TEXT NOT NULL,
    summary TEXT,
    problems TEXT
);
CREATE TABLE deck_data (
    path TEXT PRIMARY KEY,
    card_index TEXT NOT NULL,
    head TEXT NOT NULL
);
CREATE TABLE deck_card (
    path TEXT NOT NULL,
    position INTEGER NOT NULL,
    card TEXT NOT NULL,
    PRIMARY KEY (path, position)
) WITHOUT ROWID;
"""
CARD_PAGE = 1_000
"""Cards read per query when every card of a deck is read in turn."""
SOME_PER_QUERY = 500
"""Cards named per query when chosen cards are read together (SQLite allows 999 parameters)."""
_ENTRY_COLUMNS = "size, mtime_ns, digest, deps, summary, problems"


@dataclass(frozen=True, slots=True)
class Stamp:
    """A file's size and modification time: equal stamps mean an unchanged file."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path | str) -> Stamp:
        """The file's stamp; a missing or unreadable file gets (-1, -1)."""
        try:
            found = os.stat(path)
        except OSError:
            return cls(-1, -1)
        return cls(found.st_size, found.st_mtime_ns)


@dataclass(frozen=True, slots=True)
class CachedFile:
    """What the cache knows of one deck file; the body (the cards) is read only on demand."""

    key: str
    stamp: Stamp
    digest: bytes
    deps: tuple[tuple[str, Stamp], ...]
    """Files the check read (a deck's source texts), with their stamps at the time."""
    summary: DeckSummary | None
    """Set for a valid deck."""
    problems: tuple[tuple[int, int, str, str | None], ...]
    """Set for a broken deck: line, column, message, and the file when not the deck itself."""

    def deps_unchanged(self) -> bool:
        return all(Stamp.of(path) == stamp for path, stamp in self.deps)

    def problem_list(self, path: Path) -> list[Problem]:
        return [
            Problem(path if other is None else other, line, column, message)
            for line, column, message, other in self.problems
        ]


def digest_of(data: bytes) -> bytes:
    """The content digest that tells a file saved again unchanged from an edited one."""
    import hashlib  # only when a file's stamp changed: not at every launch

    return hashlib.blake2b(data, digest_size=20).digest()


def cache_key(path: Path) -> str:
    """The entry's key: the resolved path (a file reached by two names is cached once)."""
    return str(path.resolve())


_fingerprint: str | None = None


def loader_fingerprint() -> str:
    """Changes whenever the code that decides what a deck loads to changes (and on upgrade).

    The codec and cache versions, quizapp's version and a checksum of the source text of
    `LOADER_MODULES`, so a checkout whose loader was edited never reads stale entries. It is
    taken at every launch: CRC-32 (zlib is loaded already) rather than a cryptographic hash,
    which would import hashlib and OpenSSL (~2 ms); it only detects edits to our own code.
    """
    global _fingerprint
    if _fingerprint is None:
        crc = 0
        folder = Path(__file__).resolve().parent
        for name in LOADER_MODULES:
            crc = zlib.crc32(name.encode(), crc)
            with suppress(OSError):  # a build without sources still has the versions below
                crc = zlib.crc32((folder / f"{name}.py").read_bytes(), crc)
        _fingerprint = f"{CODEC_VERSION}|{CACHE_SCHEMA}|{__version__}|{crc:08x}"
    return _fingerprint


def source_deps(deck: Deck) -> tuple[tuple[str, Stamp], ...]:
    """The source files a valid deck's quotes were checked against."""
    files = sorted({str(source.file) for source in deck.sources if source.file is not None})
    return tuple((file, Stamp.of(file)) for file in files)


_FILE_VALUE = re.compile(
    rb"""(?:^|[\s{,])file[ \t]*:[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s,}#][^,}\n#]*)"""
)


def declared_deps(data: bytes, path: Path) -> tuple[tuple[str, Stamp], ...]:
    """Every `file:` a broken deck's text names, with its stamp (missing files included).

    A broken deck has no model to ask, and its problems may come from a source file (missing,
    or a quote not found in it): creating or fixing that file must re-check the deck. Reading
    more names than the loader would costs only a stat each.
    """
    try:
        folder = path.resolve().parent  # as the loader reads its source files
    except (OSError, RuntimeError):
        folder = path.absolute().parent
    files: set[str] = set()
    for match in _FILE_VALUE.findall(data):
        name = match.strip().strip(b"\"'").decode("utf-8", "replace")
        if name and "\x00" not in name:
            try:
                files.add(str((folder / name).resolve()))
            except (OSError, RuntimeError):  # a symlink loop: watched under its own name
                files.add(os.path.normpath(folder / name))
    return tuple((file, Stamp.of(file)) for file in sorted(files))


class DeckCache:
    """The cache file, opened lazily; every method is safe to call whatever state it is in.

    One connection, guarded by a lock, so worker threads can read bodies while the UI runs.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._disabled = False
        self._rebuilt = False
        self._lock = threading.RLock()
        self.loader = loader_fingerprint()

    # -- connection ------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and not self._disabled:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if shutil.disk_usage(self.path.parent).free < MIN_FREE_BYTES:
                    self._disabled = True
                    return None
                db = sqlite3.connect(
                    str(self.path),
                    timeout=BUSY_TIMEOUT_S,
                    isolation_level=None,
                    check_same_thread=False,
                )
            except (OSError, sqlite3.Error):
                self._disabled = True
                return None
            try:
                self._prepare(db)
            except sqlite3.OperationalError:
                # Locked for too long, read-only folder, disk full: do without the cache.
                db.close()
                self._disabled = True
                return None
            except sqlite3.DatabaseError:
                db.close()
                return self._rebuild()
            self._db = db
        return self._db

    @staticmethod
    def _prepare(db: sqlite3.Connection) -> None:
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        db.execute("PRAGMA journal_mode = WAL")
        # A cache can lose its last writes in a power cut: NORMAL skips an fsync per commit.
        db.execute("PRAGMA synchronous = NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != CACHE_SCHEMA:
            db.executescript(
                f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA user_version = {CACHE_SCHEMA}; COMMIT;"
            )

    def _rebuild(self) -> sqlite3.Connection | None:
        """Delete a corrupt cache file and start an empty one (once per process)."""
        self._drop()
        if self._rebuilt:
            self._disabled = True
            return None
        self._rebuilt = True
        self._unlink()
        return self._connect()

    def _unlink(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with suppress(OSError):
                os.unlink(f"{self.path}{suffix}")

    @contextmanager
    def _using(self) -> Iterator[sqlite3.Connection | None]:
        """The connection, or None; sqlite errors end the operation quietly."""
        with self._lock:
            db = self._connect()
            full = False
            try:
                yield db
            except sqlite3.OperationalError as error:
                # Locked too long, read-only, disk full: skip this write or read.
                full = error.sqlite_errorcode == sqlite3.SQLITE_FULL
            except sqlite3.DatabaseError:
                self._rebuild()
            finally:
                with suppress(sqlite3.Error):
                    if db is not None and db.in_transaction:
                        db.execute("ROLLBACK")
                if full:
                    # Gone for the rest of the run, files and all: on a full disk its write-
                    # ahead log cannot be checkpointed away, and the progress store needs the
                    # space to save answers.
                    self._drop()
                    self._disabled = True
                    self._unlink()

    def close(self) -> None:
        """Close the file for good: later calls find nothing and write nothing."""
        with self._lock:
            self._drop()
            self._disabled = True

    def _drop(self) -> None:
        if self._db is not None:
            with suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def __enter__(self) -> DeckCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- entries ---------------------------------------------------------------------------

    def get(self, key: str) -> CachedFile | None:
        """The entry of this file written by this loader, or None."""
        row = None
        with self._using() as db:
            if db is not None:
                row = db.execute(
                    f"SELECT {_ENTRY_COLUMNS} FROM deck_file WHERE path = ? AND loader = ?",
                    (key, self.loader),
                ).fetchone()
        if row is None:
            return None
        size, mtime_ns, digest, deps, summary, problems = row
        try:
            return CachedFile(
                key=key,
                stamp=Stamp(size, mtime_ns),
                digest=bytes(digest),
                deps=tuple((path, Stamp(*stamp)) for path, stamp in json.loads(deps)),
                summary=None if summary is None else decode_summary(summary, None),
                problems=tuple(
                    (int(line), int(column), str(message), other)
                    for line, column, message, other in json.loads(problems or "[]")
                ),
            )
        except (CodecError, ValueError, TypeError):
            return None

    def touch(self, key: str, stamp: Stamp) -> None:
        """The file was saved again unchanged: record its new stamp."""
        with self._using() as db:
            if db is not None:
                db.execute(
                    "UPDATE deck_file SET size = ?, mtime_ns = ? WHERE path = ? AND loader = ?",
                    (*_kept(stamp), key, self.loader),
                )

    def put_deck(
        self, key: str, stamp: Stamp, digest: bytes, deck: Deck
    ) -> tuple[CachedFile, bool]:
        """Record a valid deck: its entry, and whether the cache now holds it."""
        summary = summarize(deck)
        deps = source_deps(deck)
        data = (encode_index(index_cards(deck)), *encode_deck(deck))
        saved = self._put(key, stamp, digest, deps, encode_summary(summary), None, data)
        return CachedFile(key, stamp, digest, deps, summary, ()), saved

    def put_broken(
        self,
        key: str,
        stamp: Stamp,
        digest: bytes,
        deps: Sequence[tuple[str, Stamp]],
        path: Path,
        problems: Sequence[Problem],
    ) -> None:
        """Record a broken deck's problems (the deck file's own path is stored as null)."""
        rows = [
            [p.line, p.column, p.message, None if Path(p.path) == path else str(p.path)]
            for p in problems
        ]
        text = json.dumps(rows, ensure_ascii=False)
        self._put(key, stamp, digest, tuple(deps), None, text, None)

    def _put(
        self,
        key: str,
        stamp: Stamp,
        digest: bytes,
        deps: Sequence[tuple[str, Stamp]],
        summary: str | None,
        problems: str | None,
        data: tuple[str, str, list[str]] | None,
    ) -> bool:
        """Write one entry in one transaction; False when the cache could not take it."""
        deps_text = json.dumps([[path, [s.size, s.mtime_ns]] for path, s in deps])
        saved = False
        with self._using() as db:
            if db is None:
                return False
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM deck_data WHERE path = ?", (key,))
            db.execute("DELETE FROM deck_card WHERE path = ?", (key,))
            db.execute(
                "INSERT OR REPLACE INTO deck_file"
                " (path, loader, size, mtime_ns, digest, deps, summary, problems)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (key, self.loader, *_kept(stamp), digest, deps_text, summary, problems),
            )
            if data is not None:
                index, head, cards = data
                db.execute(
                    "INSERT INTO deck_data (path, card_index, head) VALUES (?, ?, ?)",
                    (key, index, head),
                )
                db.executemany(
                    "INSERT INTO deck_card (path, position, card) VALUES (?, ?, ?)",
                    ((key, position, card) for position, card in enumerate(cards)),
                )
            db.execute("COMMIT")
            saved = True
        return saved

    def card_index(self, key: str, digest: bytes) -> CardIndex | None:
        """The card index of this version of the file, or None."""
        text = self._column("card_index", key, digest)
        try:
            return None if text is None else decode_index(text)
        except CodecError:
            return None

    def deck_head(self, key: str, digest: bytes) -> str | None:
        """The encoded deck's head (`deck_codec.decode_deck`) of this version of the file."""
        return self._column("head", key, digest)

    def card_texts(self, key: str, digest: bytes, count: int) -> CardTexts:
        """The encoded cards of this version of the file, read when asked for."""
        return CardTexts(self, key, digest, count)

    def _card_rows(
        self, key: str, digest: bytes, positions: range | Sequence[int]
    ) -> list[tuple[int, str]] | None:
        """(position, text) of these cards of this version of the file, in position order;
        None when the cache cannot be read. A range is read as one, other positions by list."""
        if isinstance(positions, range):
            where = "c.position BETWEEN ? AND ?"
            values: tuple[int, ...] = (positions.start, positions.stop - 1)
        else:
            where = f"c.position IN ({', '.join('?' * len(positions))})"
            values = tuple(positions)
        rows = None
        with self._using() as db:
            if db is not None:
                rows = db.execute(
                    "SELECT c.position, c.card FROM deck_file f"
                    f" JOIN deck_card c ON c.path = f.path AND {where}"
                    " WHERE f.path = ? AND f.loader = ? AND f.digest = ? ORDER BY c.position",
                    (*values, key, self.loader, digest),
                ).fetchall()
        return rows

    def _column(self, column: str, key: str, digest: bytes) -> str | None:
        row = None
        with self._using() as db:
            if db is not None:
                row = db.execute(
                    f"SELECT d.{column} FROM deck_file f JOIN deck_data d ON d.path = f.path"
                    " WHERE f.path = ? AND f.loader = ? AND f.digest = ?",
                    (key, self.loader, digest),
                ).fetchone()
        return None if row is None or row[0] is None else str(row[0])


class CardTexts(Sequence[str]):
    """A deck's encoded cards in the cache, each read when asked for (`deck_codec.EncodedCards`).

    Every read checks that the entry is still the version the deck was read from: another
    process may have cached a newer version of the file since. A card the cache no longer
    gives (that, a lost cache file, a read error) raises LookupError, and the deck is then
    read from its file (`library`).
    """

    def __init__(self, cache: DeckCache, key: str, digest: bytes, count: int) -> None:
        self._cache = cache
        self._key = key
        self._digest = digest
        self._count = count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, position: int) -> str: ...
    @overload
    def __getitem__(self, position: slice) -> Sequence[str]: ...
    def __getitem__(self, position: int | slice) -> str | Sequence[str]:
        if isinstance(position, slice):
            return [self[at] for at in range(*position.indices(self._count))]
        if not -self._count <= position < self._count:
            raise IndexError(position)
        position %= self._count
        found = self.some([position])
        if not found:
            raise LookupError(f"card {position} is not in the deck cache")
        return found[position]

    def some(self, positions: Sequence[int]) -> dict[int, str]:
        """The texts of these cards that the cache still has, in one query per SOME_PER_QUERY."""
        found: dict[int, str] = {}
        for start in range(0, len(positions), SOME_PER_QUERY):
            chunk = positions[start : start + SOME_PER_QUERY]
            rows = self._cache._card_rows(self._key, self._digest, chunk)
            found.update(rows or ())
        return found

    def __iter__(self) -> Iterator[str]:
        for first in range(0, self._count, CARD_PAGE):
            page = range(first, min(first + CARD_PAGE, self._count))
            rows = self._cache._card_rows(self._key, self._digest, page)
            if rows is None or len(rows) != len(page):
                raise LookupError(f"cards {page.start} to {page.stop - 1} are not in the cache")
            for _position, text in rows:
                yield text


def _kept(stamp: Stamp) -> tuple[int, int]:
    """The stamp to store: none for a file modified within RACY_WINDOW_NS (see there)."""
    if time.time_ns() - stamp.mtime_ns < RACY_WINDOW_NS:
        return (-1, -1)
    return (stamp.size, stamp.mtime_ns)
