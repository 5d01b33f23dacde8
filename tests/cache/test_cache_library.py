"""The deck cache: an unchanged deck is never parsed twice, a changed one always is, and the
cache can be lost, corrupted or locked without the learner noticing anything but the speed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from quizapp.core import deck_cache, deck_loader
from quizapp.core.deck_cache import LOADER_MODULES, DeckCache, cache_key
from quizapp.core.deck_codec import EncodedCards
from quizapp.core.errors import DeckError
from quizapp.core.library import Library, load_library
from quizapp.core.scheduling import ReviewScheduler
from quizapp.core.stats import card_figures
from quizapp.core.store import ProgressStore

DECK = "deck: {id}\ntitle: {title}\ncards:\n{cards}"
CARD = "  - {{id: c{n}, kind: basic, front: Front {n}, back: Back {n}, tags: [t{tag}]}}\n"
OLD = time.time() - 3600  # an mtime well outside the "racy" window
NOW = datetime(2026, 1, 27, 9, tzinfo=UTC)


def write(
    path: Path, deck_id: str = "d", cards: int = 3, title: str = "T", old: bool = True
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(CARD.format(n=n, tag=n % 2) for n in range(cards))
    path.write_text(DECK.format(id=deck_id, title=title, cards=body), encoding="utf-8")
    if old:
        os.utime(path, (OLD, OLD))
    return path


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cache" / "decks.sqlite3"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every deck file the loader parses (through either entry point)."""
    seen: list[str] = []
    parse = deck_loader.parse_deck

    def counting(data: Any, path: Any, **kwargs: Any) -> Any:
        seen.append(Path(path).name)
        return parse(data, path, **kwargs)

    monkeypatch.setattr(deck_loader, "parse_deck", counting)
    return seen


@pytest.fixture
def card_reads(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """Records each read of cards from the cache: first and last position, and how many."""
    seen: list[list[int]] = []
    rows = DeckCache._card_rows

    def counting(self: DeckCache, key: str, digest: bytes, positions: Any) -> Any:
        seen.append([positions[0], positions[-1], len(positions)])
        return rows(self, key, digest, positions)

    monkeypatch.setattr(DeckCache, "_card_rows", counting)
    return seen


@pytest.fixture
def digests(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records every digest computed (a file read in full to compare its content)."""
    seen: list[int] = []
    digest = deck_cache.digest_of

    def counting(data: bytes) -> bytes:
        seen.append(len(data))
        return digest(data)

    monkeypatch.setattr(deck_cache, "digest_of", counting)
    return seen


def same_decks(first: Library, second: Library) -> None:
    assert second.summaries == first.summaries
    assert second.decks == first.decks
    assert [(b.path, b.error.problems) for b in second.broken] == [
        (b.path, b.error.problems) for b in first.broken
    ]


def test_cache_second_start_costs_a_stat_and_gives_the_same_library(
    tmp_path: Path, cache: Path, parses: list[str], digests: list[int]
) -> None:
    write(tmp_path / "decks" / "a.yaml", "a", cards=4)
    write(tmp_path / "decks" / "b.yaml", "b", cards=2)
    first = load_library([tmp_path / "decks"], cache=cache)
    assert parses == ["a.yaml", "b.yaml"]
    parses.clear()
    digests.clear()
    second = load_library([tmp_path / "decks"], cache=cache)
    assert parses == [] and digests == []
    same_decks(first, second)
    assert second.deck("a") == load_library([tmp_path / "decks"]).deck("a")


def test_cache_reads_no_cards_until_asked(tmp_path: Path, cache: Path) -> None:
    write(tmp_path / "a.yaml", "a", cards=4)
    write(tmp_path / "b.yaml", "b", cards=6)
    load_library([tmp_path], cache=cache)
    library = load_library([tmp_path], cache=cache)
    assert [s.card_count for s in library.summaries] == [4, 6]
    assert not library.is_read("a") and not library.is_read("b")
    index = library.card_index("b")
    assert index is not None and index.ids == tuple(f"c{n}" for n in range(6))
    assert index.tags[1] == ("t1",)
    assert not library.is_read("b")
    assert library.card_index("b") is index  # read from the cache once, then kept
    [deck] = library.select(["b"])
    assert deck.id == "b" and library.is_read("b") and not library.is_read("a")
    assert library.select(tag="t1") == library.select() == library.decks
    assert library.deck("a") is library.decks[0]


def test_cache_same_content_saved_again_is_not_parsed(
    tmp_path: Path, cache: Path, parses: list[str], digests: list[int]
) -> None:
    deck = write(tmp_path / "a.yaml", "a")
    load_library([tmp_path], cache=cache)
    os.utime(deck, (OLD + 60, OLD + 60))  # an editor saved it unchanged
    parses.clear()
    reported: list[tuple[int, int]] = []
    again = load_library([tmp_path], cache=cache, progress=lambda *done: reported.append(done))
    assert parses == [] and len(digests) == 2  # compared by content once…
    assert reported == []  # (no progress bar flashes for a compare)
    assert again.deck("a") is not None
    load_library([tmp_path], cache=cache)
    assert len(digests) == 2  # …and the new stamp was kept


def test_cache_changed_deck_is_parsed_again(tmp_path: Path, cache: Path, parses: list[str]) -> None:
    deck = write(tmp_path / "a.yaml", "a", cards=2, title="Before")
    load_library([tmp_path], cache=cache)
    write(deck, "a", cards=5, title="After")
    library = load_library([tmp_path], cache=cache)
    assert parses == ["a.yaml", "a.yaml"]
    [summary] = library.summaries
    assert (summary.title, summary.card_count) == ("After", 5)
    assert len(library.decks[0].cards) == 5


def test_cache_a_file_written_just_now_is_compared_by_content_next_time(
    tmp_path: Path, cache: Path, parses: list[str], digests: list[int]
) -> None:
    """A file saved twice within one mtime tick, same size, must not pass for unchanged."""
    write(tmp_path / "a.yaml", "a", old=False)
    load_library([tmp_path], cache=cache)
    digests.clear()
    load_library([tmp_path], cache=cache)
    assert len(digests) == 1 and parses == ["a.yaml"]


def test_cache_keeps_broken_decks_and_their_problems(
    tmp_path: Path, cache: Path, parses: list[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("deck: b\ntitle: T\ncards:\n  - {id: x, kind: nope}\n", encoding="utf-8")
    os.utime(bad, (OLD, OLD))
    first = load_library([tmp_path], cache=cache)
    second = load_library([tmp_path], cache=cache)
    assert parses == ["bad.yaml"]
    [broken] = second.broken
    assert broken.path == bad
    assert broken.error.problems == first.broken[0].error.problems
    assert "nope" in str(broken.error)
    write(bad, "b")
    assert load_library([tmp_path], cache=cache).broken == ()


def test_cache_rechecks_a_deck_when_its_source_file_changes(
    tmp_path: Path, cache: Path, parses: list[str]
) -> None:
    deck = tmp_path / "quoted.yaml"
    deck.write_text(
        "deck: q\ntitle: Q\nsources:\n  - {id: s, title: S, file: notes.txt}\ncards:\n"
        "  - id: a\n    kind: basic\n    front: F\n    back: B\n"
        "    source: {ref: s, quote: the sky is blue}\n",
        encoding="utf-8",
    )
    os.utime(deck, (OLD, OLD))
    notes = tmp_path / "notes.txt"
    assert load_library([deck], cache=cache).broken  # the source file is missing
    notes.write_text("As everyone knows, the sky is blue.", encoding="utf-8")
    os.utime(notes, (OLD, OLD))
    assert load_library([deck], cache=cache).broken == ()
    notes.write_text("As everyone knows, the sky is grey.", encoding="utf-8")
    [broken] = load_library([deck], cache=cache).broken
    assert "quote not found" in str(broken.error)
    assert parses == ["quoted.yaml"] * 3


def test_cache_entries_of_another_loader_are_not_used(
    tmp_path: Path, cache: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "a.yaml", "a")
    load_library([tmp_path], cache=cache)
    monkeypatch.setattr(deck_cache, "_fingerprint", "another-loader-version")
    load_library([tmp_path], cache=cache)
    assert parses == ["a.yaml", "a.yaml"]


def test_cache_loader_fingerprint_covers_every_module_the_loader_imports() -> None:
    code = (
        "import sys, quizapp.core.deck_loader, quizapp.core.deck_codec\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('quizapp.core.'))))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert {name.removeprefix("quizapp.core.") for name in found} <= set(LOADER_MODULES)


def test_cache_one_file_reached_by_two_names_is_one_entry(
    tmp_path: Path, cache: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = write(tmp_path / "decks" / "a.yaml", "a")
    load_library([deck], cache=cache)
    monkeypatch.chdir(tmp_path)
    relative = Path("decks") / "a.yaml"
    library = load_library([relative], cache=cache)
    assert parses == ["a.yaml"]
    assert library.summaries[0].path == relative
    assert library.decks[0].path == relative
    assert cache_key(relative) == cache_key(deck)


def test_cache_duplicate_deck_ids_are_still_reported(tmp_path: Path, cache: Path) -> None:
    write(tmp_path / "a.yaml", "same")
    write(tmp_path / "b.yaml", "same")
    for _ in range(2):
        library = load_library([tmp_path], cache=cache)
        assert [s.path for s in library.summaries] == [tmp_path / "a.yaml"]
        [broken] = library.broken
        assert "duplicate deck id 'same'" in str(broken.error)


def test_cache_a_corrupt_cache_file_is_rebuilt(tmp_path: Path, cache: Path) -> None:
    write(tmp_path / "a.yaml", "a")
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"this is not a database" * 200)
    library = load_library([tmp_path], cache=cache)
    assert library.deck("a") is not None
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT count(*) FROM deck_file").fetchone() == (1,)


@pytest.mark.parametrize("where", ["parent is a file", "cache is a folder"])
def test_cache_an_unusable_cache_location_is_bypassed(
    tmp_path: Path, cache: Path, parses: list[str], where: str
) -> None:
    write(tmp_path / "decks" / "a.yaml", "a")
    if where == "parent is a file":
        cache.parent.parent.mkdir(parents=True)
        cache.parent.write_text("in the way")
    else:
        cache.mkdir(parents=True)
    for _ in range(2):
        library = load_library([tmp_path / "decks"], cache=cache)
        assert library.deck("a") is not None and library.broken == ()
    assert parses == ["a.yaml", "a.yaml"]


@pytest.mark.parametrize("how", ["emptied by another process", "closed"])
def test_cache_a_cache_lost_after_start_parses_the_deck_instead(
    tmp_path: Path, cache: Path, parses: list[str], how: str
) -> None:
    write(tmp_path / "a.yaml", "a", cards=3)
    load_library([tmp_path], cache=cache)
    library = load_library([tmp_path], cache=cache)
    parses.clear()
    if how == "closed":
        library.close()
    else:
        with sqlite3.connect(cache) as db:
            db.execute("DELETE FROM deck_card")
            db.execute("DELETE FROM deck_data")
    deck = library.deck("a")
    assert deck is not None and [card.id for card in deck.cards] == ["c0", "c1", "c2"]
    assert parses == ["a.yaml"]


def test_cache_a_locked_cache_is_waited_for_briefly_then_bypassed(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deck_cache, "BUSY_TIMEOUT_S", 0.05)
    write(tmp_path / "a.yaml", "a")
    load_library([tmp_path], cache=cache)  # creates the file
    write(tmp_path / "b.yaml", "b")
    other = sqlite3.connect(cache, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")  # another process is writing
        library = load_library([tmp_path], cache=cache)
        assert [s.id for s in library.summaries] == ["a", "b"]
        assert library.deck("b") is not None
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_cache_two_processes_filling_one_cache_at_once(tmp_path: Path, cache: Path) -> None:
    for number in range(4):
        write(tmp_path / "decks" / f"d{number}.yaml", f"d{number}", cards=50)
    code = (
        "import sys\nfrom pathlib import Path\nfrom quizapp.core.library import load_library\n"
        "lib = load_library([Path(sys.argv[1])], cache=Path(sys.argv[2]))\n"
        "print(sum(len(d.cards) for d in lib.decks), len(lib.broken))\n"
    )
    args = [sys.executable, "-c", code, str(tmp_path / "decks"), str(cache)]
    runs = [subprocess.Popen(args, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120)[0].split() for run in runs]
    assert outputs == [["200", "0"], ["200", "0"]]
    with DeckCache(cache) as store:
        entry = store.get(cache_key(tmp_path / "decks" / "d3.yaml"))
    assert entry is not None and entry.summary is not None and entry.summary.card_count == 50


def test_cache_progress_counts_the_bytes_parsed(tmp_path: Path, cache: Path) -> None:
    sizes = [write(tmp_path / f"{n}.yaml", f"d{n}", cards=40).stat().st_size for n in range(3)]
    seen: list[tuple[int, int]] = []
    load_library([tmp_path], cache=cache, progress=lambda done, total: seen.append((done, total)))
    total = sum(sizes)
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    seen.clear()
    load_library([tmp_path], cache=cache, progress=lambda done, total: seen.append((done, total)))
    assert seen == []  # nothing to parse, nothing to report


def test_cache_progress_is_reported_inside_a_big_deck(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deck_loader, "PROGRESS_EVENTS", 64)
    monkeypatch.setattr("quizapp.core.library.PROGRESS_INTERVAL_S", 0.0)
    size = write(tmp_path / "big.yaml", "big", cards=300).stat().st_size
    seen: list[int] = []
    load_library([tmp_path], cache=cache, progress=lambda done, total: seen.append(done))
    inside = [done for done in seen if 0 < done < size]
    assert len(inside) >= 5 and inside == sorted(inside)


def test_cache_without_a_cache_nothing_is_written(tmp_path: Path, cache: Path) -> None:
    write(tmp_path / "a.yaml", "a")
    library = load_library([tmp_path])
    assert library.deck("a") is not None and library.is_read("a")
    assert not cache.parent.exists()


def test_cache_sqlite3_lives_only_in_the_store_and_the_deck_cache() -> None:
    package = Path(deck_cache.__file__).resolve().parents[1]
    importers = sorted(
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "import sqlite3" in path.read_text(encoding="utf-8")
    )
    assert importers
    assert all(
        name == "core/deck_cache.py" or name.startswith("core/store") for name in importers
    ), importers


def test_cache_a_big_deck_just_parsed_is_not_held_in_memory(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("quizapp.core.library.KEEP_PARSED_CARDS", 3)
    write(tmp_path / "decks" / "small.yaml", "small", cards=3)
    write(tmp_path / "decks" / "big.yaml", "big", cards=4)
    library = load_library([tmp_path / "decks"], cache=cache)
    assert library.is_read("small") and not library.is_read("big")
    deck = library.deck("big")
    assert deck is not None and len(deck.cards) == 4
    # Without a cache to read it back from, the parsed deck is kept.
    blocked = tmp_path / "blocked" / "decks.sqlite3"
    blocked.mkdir(parents=True)
    assert load_library([tmp_path / "decks"], cache=blocked).is_read("big")


def test_cache_a_session_builds_only_the_cards_it_draws(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, card_reads: list[list[int]]
) -> None:
    from quizapp.context import open_services
    from quizapp.core.session_plan import SessionPlan

    monkeypatch.setattr("quizapp.core.library.KEEP_PARSED_CARDS", 10)
    write(tmp_path / "decks" / "big.yaml", "big", cards=400)
    with open_services(tmp_path / "data", deck_paths=[tmp_path / "decks"]) as services:
        session = services.start_session(SessionPlan(deck_ids=("big",)))
        first = session.current
        assert first is not None and first.card.id == "c0"
        assert len(card_reads) == 1  # the day's new cards, read together
        deck = services.library.deck("big")
        assert deck is not None and isinstance(deck.cards, EncodedCards)
        # The day's new cards (20 by default), not the 400 the deck holds.
        assert 0 < deck.cards.built() <= services.settings.limits.new_per_day
        quiz = services.start_session(SessionPlan(mode="quiz", deck_ids=("big",), count=5))
        assert quiz.current is not None
        assert deck.cards.built() <= services.settings.limits.new_per_day + 5


def damage_first_card(cache: Path) -> None:
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE deck_card SET card = '[99' || substr(card, 4) WHERE position = 0")


def test_cache_a_damaged_cached_card_is_parsed_again_from_its_file(
    tmp_path: Path, cache: Path
) -> None:
    write(tmp_path / "a.yaml", "a", cards=3)
    load_library([tmp_path], cache=cache)
    damage_first_card(cache)
    library = load_library([tmp_path], cache=cache)
    deck = library.deck("a")
    assert deck is not None and deck.cards[0].id == "c0"
    assert deck == load_library([tmp_path]).deck("a")


def test_cache_a_damaged_card_of_a_deck_changed_since_start_is_an_error(
    tmp_path: Path, cache: Path
) -> None:
    path = write(tmp_path / "a.yaml", "a", cards=3)
    load_library([tmp_path], cache=cache)
    damage_first_card(cache)
    library = load_library([tmp_path], cache=cache)
    deck = library.deck("a")
    write(path, "a", cards=2)  # edited while the app runs: card 0's position no longer holds
    assert deck is not None
    with pytest.raises(DeckError, match="changed while it was open"):
        deck.cards[0]


def test_cache_cards_are_read_a_page_at_a_time_when_all_are_read(
    tmp_path: Path, cache: Path, card_reads: list[list[int]]
) -> None:
    write(tmp_path / "a.yaml", "a", cards=2_500)
    load_library([tmp_path], cache=cache)
    library = load_library([tmp_path], cache=cache)
    deck = library.deck("a")
    assert deck is not None and deck.cards[1_500].id == "c1500"
    assert card_reads == [[1_500, 1_500, 1]]
    assert isinstance(deck.cards, EncodedCards)
    deck.cards.build([7, 3, 1_500, 9])  # one query for the three not built yet
    assert card_reads[1:] == [[7, 9, 3]] and deck.cards.built() == 4
    assert [card.id for card in deck.cards] == [f"c{n}" for n in range(2_500)]
    assert card_reads[2:] == [[0, 999, 1_000], [1_000, 1_999, 1_000], [2_000, 2_499, 500]]


def test_cache_a_newer_version_cached_by_another_process_is_read_from_the_file(
    tmp_path: Path, cache: Path
) -> None:
    path = write(tmp_path / "a.yaml", "a", cards=3)
    load_library([tmp_path], cache=cache)
    library = load_library([tmp_path], cache=cache)
    deck = library.deck("a")
    path.write_text(path.read_text().replace("Front 0", "Front zero"), encoding="utf-8")
    os.utime(path, (OLD + 60, OLD + 60))
    load_library([tmp_path], cache=cache)  # another start caches the new version
    assert deck is not None and deck.cards[0].front == "Front zero"  # type: ignore[union-attr]
    assert [card.id for card in deck.cards] == ["c0", "c1", "c2"]


def test_cache_a_cached_deck_and_its_index_are_read_once_and_no_card_built(
    tmp_path: Path, cache: Path
) -> None:
    write(tmp_path / "a.yaml", "a", cards=4)
    write(tmp_path / "b.yaml", "b", cards=4)
    load_library([tmp_path], cache=cache)
    library = load_library([tmp_path], cache=cache)
    [deck_a] = library.select(["a"])  # the deck first, then its index
    assert isinstance(deck_a.cards, EncodedCards)
    assert library.card_index("a") is deck_a.cards.card_index and deck_a.cards.built() == 0
    index_b = library.card_index("b")  # the index first, then the deck
    deck_b = library.deck("b")
    assert deck_b is not None and isinstance(deck_b.cards, EncodedCards)
    assert deck_b.cards.card_index is index_b and deck_b.cards.built() == 0
    # The stats count every card from the indexes: still none built.
    with ProgressStore(tmp_path / "profile.sqlite3") as store:
        rows, _tags, _forecast = card_figures(store, ReviewScheduler(), library.decks, NOW)
    assert [row.total for row in rows] == [4, 4]
    assert deck_a.cards.built() == deck_b.cards.built() == 0
