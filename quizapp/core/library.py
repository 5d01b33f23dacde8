"""Finds deck files in folders and loads them all, keeping the broken ones with their errors."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizapp.core.deck_loader import load_deck, locate_top_level_key
from quizapp.core.errors import DeckError, Problem
from quizapp.core.model import Deck
from quizapp.paths import bundled_decks_dir, user_decks_dir

DECK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class BrokenDeck:
    """A deck file that could not be loaded, with every problem found in it."""

    path: Path
    error: DeckError


@dataclass(frozen=True, slots=True)
class Library:
    """The decks that loaded, in discovery order, and the files that did not."""

    decks: tuple[Deck, ...] = ()
    broken: tuple[BrokenDeck, ...] = ()

    def deck(self, deck_id: str) -> Deck | None:
        return next((deck for deck in self.decks if deck.id == deck_id), None)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(problem for broken in self.broken for problem in broken.error.problems)


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
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def _scan_folder(folder: Path) -> list[Path]:
    root = folder.resolve()
    files: list[Path] = []
    for current, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(DECK_SUFFIXES):
                continue
            candidate = Path(current) / name
            if candidate.is_symlink() and not candidate.resolve().is_relative_to(root):
                continue
            if candidate.is_file():
                files.append(candidate)
    return sorted(files, key=lambda path: path.relative_to(folder).as_posix())


def load_library(paths: Sequence[Path | str]) -> Library:
    """Load every deck file found under `paths` (see `discover`).

    A deck id used by two files: the later file is broken, with the problem at its `deck:`.
    Never raises for a bad deck; each shows up in `broken`.
    """
    decks: list[Deck] = []
    broken: list[BrokenDeck] = []
    first_paths: dict[str, Path] = {}
    for path in discover(paths):
        try:
            deck = load_deck(path)
        except DeckError as exc:
            broken.append(BrokenDeck(path, exc))
            continue
        except Exception as exc:  # a loader bug must not hide every other deck
            message = f"internal error while loading this deck ({type(exc).__name__}: {exc})"
            broken.append(BrokenDeck(path, DeckError([Problem(path, 1, 1, message)])))
            continue
        if deck.id in first_paths:
            line, column = locate_top_level_key(path, "deck")
            message = f"duplicate deck id '{deck.id}' (already used by {first_paths[deck.id]})"
            broken.append(BrokenDeck(path, DeckError([Problem(path, line, column, message)])))
            continue
        first_paths[deck.id] = path
        decks.append(deck)
    return Library(decks=tuple(decks), broken=tuple(broken))
