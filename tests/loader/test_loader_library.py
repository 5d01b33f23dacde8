"""Deck discovery and library loading: stable order, broken decks kept with their errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quizapp.core.library import BrokenDeck, default_deck_paths, discover, load_library
from quizapp.paths import bundled_decks_dir

DATA = Path(__file__).parent / "data"
DECK = "deck: {id}\ntitle: T\ncards:\n  - {{id: a, kind: basic, front: F, back: B}}\n"


CARDS = b"cards: [{id: a, kind: basic, front: F, back: B}]\n"


def write(path: Path, deck_id: str = "d") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(DECK.format(id=deck_id))
    return path


def test_library_discover_scans_folders_sorted_and_only_yaml(tmp_path: Path) -> None:
    write(tmp_path / "b.yaml")
    write(tmp_path / "a.yml")
    write(tmp_path / "sub" / "c.yaml")
    write(tmp_path / ".hidden" / "h.yaml")
    write(tmp_path / ".dot.yaml")
    (tmp_path / "deck.schema.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("x")
    found = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.yml", "b.yaml", "sub/c.yaml"]


def test_library_discover_takes_named_files_once_and_skips_missing(tmp_path: Path) -> None:
    deck = write(tmp_path / "x.txt")
    found = discover([deck, tmp_path / "missing", deck, tmp_path])
    assert found == [deck]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_library_discover_does_not_follow_symlinks_out(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "secret.yaml")
    inside = tmp_path / "decks"
    write(inside / "real.yaml")
    (inside / "link-out.yaml").symlink_to(outside)
    (inside / "dir-out").symlink_to(outside.parent, target_is_directory=True)
    (inside / "link-in.yaml").symlink_to(inside / "real.yaml")
    found = discover([inside])
    # link-in.yaml is the same file as real.yaml: listed once, under its first name
    assert [p.name for p in found] == ["link-in.yaml"]
    assert found[0].resolve() == (inside / "real.yaml").resolve()


def test_library_skips_a_deck_name_caught_in_a_symlink_loop(tmp_path: Path) -> None:
    real = write(tmp_path / "real.yaml")
    (tmp_path / "self.yaml").symlink_to("self.yaml")  # resolve() raises on it
    assert discover([tmp_path]) == [real]
    assert discover([tmp_path / "self.yaml", real]) == [real]


def test_library_broken_deck_naming_a_looping_source_file_stays_listed(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to("loop")
    deck = tmp_path / "broken.yaml"
    deck.write_text("deck: b\ntitle: B\nsources:\n  - {id: s, title: S, file: loop}\ncards: [\n")
    library = load_library([deck], cache=tmp_path / "cache.sqlite3")
    [broken] = library.broken
    assert broken.path == deck and broken.error.first.message.startswith("YAML syntax error")


def test_library_loads_good_decks_and_keeps_broken_ones() -> None:
    library = load_library([DATA / "clean", DATA / "broken"])
    assert [deck.id for deck in library.decks] == ["all-kinds", "second"]
    [broken] = library.broken
    assert isinstance(broken, BrokenDeck)
    assert broken.path == DATA / "broken" / "typo.yaml"
    assert [str(p) for p in broken.error.problems] == [
        f"{broken.path}:7:5: unknown key 'anwser' for a typed card (did you mean 'answer'?)",
    ]
    assert library.deck("second") is library.decks[1]
    assert library.deck("nope") is None


def test_library_second_file_with_the_same_deck_id_is_broken(tmp_path: Path) -> None:
    first = write(tmp_path / "a.yaml", "same")
    second = write(tmp_path / "b.yaml", "same")
    library = load_library([tmp_path])
    assert [deck.path for deck in library.decks] == [first]
    [broken] = library.broken
    assert broken.path == second
    [problem] = broken.error.problems
    assert (problem.line, problem.column) == (1, 7)
    assert problem.message == f"duplicate deck id 'same' (already used by {first})"


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"\xef\xbb\xbfdeck: same\ntitle: T\n" + CARDS, (1, 7)),  # a byte order mark
        (b'# note\rtitle: T\r"deck": same\r' + CARDS, (3, 9)),  # CR line ends, a quoted key
        (b'title: "deck: same"\ndeck: same\n' + CARDS, (2, 7)),  # the key inside a text
    ],
)
def test_library_duplicate_deck_id_points_at_the_value_as_the_loader_reads_it(
    tmp_path: Path, data: bytes, where: tuple[int, int]
) -> None:
    write(tmp_path / "a.yaml", "same")
    (tmp_path / "b.yaml").write_bytes(data)
    [broken] = load_library([tmp_path]).broken
    [problem] = broken.error.problems
    assert (problem.line, problem.column) == where
    assert problem.message.startswith("duplicate deck id 'same'")


def test_library_default_paths_are_bundled_then_user(tmp_path: Path) -> None:
    assert default_deck_paths(tmp_path) == [bundled_decks_dir(), tmp_path / "decks"]


def test_library_default_paths_follow_quizapp_home(isolated_home: Path) -> None:
    assert default_deck_paths()[1] == isolated_home / "decks"


def test_library_of_default_paths_loads_the_bundled_decks_cleanly() -> None:
    library = load_library(default_deck_paths())
    assert library.broken == ()
    assert len(library.decks) == len(list(bundled_decks_dir().glob("*.yaml")))
