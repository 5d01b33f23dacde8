"""Deck files edited between sessions: progress follows the (deck id, card id) keys, as promised.

Each test writes real YAML files, loads them with `open_services` (`load_library`) and studies
through a `StudySession`, as the app does. `docs/deck-format.md` promises that progress is kept
under the deck id and the card id; `ProgressStore.reconcile_kinds` restarts the schedule of a
card whose kind changed and keeps its log. A changed card text is covered by
tests/engine/test_engine_deck_edits.py (`test_deck_edit_through_yaml_files_and_services`).
"""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from quizapp.context import Services, open_services
from quizapp.core.clock import FixedClock
from quizapp.core.model import Rating
from quizapp.core.session import StudySession
from tests.answers import study_through

TYPED = "  - {{id: {id}, kind: typed, question: Capital {id}?, answer: Paris}}"
TRUEFALSE = "  - {{id: {id}, kind: truefalse, statement: Paris is a capital ({id}), answer: true}}"


def deck_yaml(deck_id: str, cards: list[str], kinds: dict[str, str] | None = None) -> str:
    kinds = kinds or {}
    lines = [f"deck: {deck_id}", "title: Geo", "cards:"]
    lines += [(TRUEFALSE if kinds.get(c) == "truefalse" else TYPED).format(id=c) for c in cards]
    return "\n".join(lines) + "\n"


def services(tmp_path: Path, clock: FixedClock) -> Services:
    return open_services(tmp_path / "data", deck_paths=[tmp_path / "decks"], clock=clock)


def study(tmp_path: Path, clock: FixedClock) -> list[tuple[str, bool]]:
    """One review session answering every card right and Easy: (card id, was new) in order."""
    with services(tmp_path, clock) as opened:
        session = StudySession.review(
            opened.store, opened.scheduler, opened.library.decks, clock, rng=random.Random(0)
        )
        shown = [(item.card.id, item.is_new) for item in study_through(session, Rating.EASY)]
        session.finish()
    return shown


def progress(tmp_path: Path, clock: FixedClock, deck_id: str = "geo") -> dict[str, tuple[int, int]]:
    """Card id -> (repetitions in its state, rows in the log) of every stored card of a deck."""
    with services(tmp_path, clock) as opened:
        store = opened.store
        return {
            state.card_id: (state.reps, sum(1 for _ in store.reviews(deck_id, state.card_id)))
            for state in store.card_states(deck_id)
        }


def write(tmp_path: Path, text: str, name: str = "geo.yaml") -> Path:
    folder = tmp_path / "decks"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_deck_edit_reordered_cards_keep_their_own_progress(
    tmp_path: Path, fixed_clock: FixedClock
) -> None:
    write(tmp_path, deck_yaml("geo", ["a", "b", "c", "d"]))
    assert study(tmp_path, fixed_clock) == [(c, True) for c in "abcd"]
    write(tmp_path, deck_yaml("geo", ["d", "b", "a", "c", "e"]))
    assert study(tmp_path, fixed_clock) == [("e", True)]  # only the added card is new
    fixed_clock.advance(timedelta(days=365))
    assert sorted(study(tmp_path, fixed_clock)) == [(c, False) for c in "abcde"]
    assert progress(tmp_path, fixed_clock) == {c: (2, 2) for c in "abcde"}


def test_deck_edit_removed_card_comes_back_with_its_history(
    tmp_path: Path, fixed_clock: FixedClock
) -> None:
    write(tmp_path, deck_yaml("geo", ["a", "b", "c"]))
    study(tmp_path, fixed_clock)
    write(tmp_path, deck_yaml("geo", ["a", "c"]))
    fixed_clock.advance(timedelta(days=365))
    assert sorted(study(tmp_path, fixed_clock)) == [("a", False), ("c", False)]
    assert progress(tmp_path, fixed_clock)["b"] == (1, 1)  # kept while out of the deck
    write(tmp_path, deck_yaml("geo", ["a", "b", "c"]))
    fixed_clock.advance(timedelta(days=365))
    assert ("b", False) in study(tmp_path, fixed_clock)  # due, not new: its history is back
    assert progress(tmp_path, fixed_clock) == {"a": (3, 3), "b": (2, 2), "c": (3, 3)}


def test_deck_edit_changed_kind_restarts_the_card_and_keeps_its_log(
    tmp_path: Path, fixed_clock: FixedClock
) -> None:
    write(tmp_path, deck_yaml("geo", ["a", "b"]))
    study(tmp_path, fixed_clock)
    write(tmp_path, deck_yaml("geo", ["a", "b"], {"b": "truefalse"}))
    # Not due for days, yet b is asked again at once and as new: a true/false question is not
    # the typed one the learner knew.
    assert study(tmp_path, fixed_clock) == [("b", True)]
    with services(tmp_path, fixed_clock) as opened:
        state = opened.store.card_state("geo", "b")
        assert state is not None and state.kind == "truefalse" and state.reps == 1
        assert [(r.kind, r.was_new) for r in opened.store.reviews("geo", "b")] == [
            ("typed", True),
            ("truefalse", True),
        ]
        kept = opened.store.card_state("geo", "a")
        assert kept is not None and kept.kind == "typed" and kept.reps == 1


def test_deck_edit_renamed_file_keeps_the_progress(tmp_path: Path, fixed_clock: FixedClock) -> None:
    write(tmp_path, deck_yaml("geo", ["a", "b"]), name="geo.yaml")
    study(tmp_path, fixed_clock)
    before = progress(tmp_path, fixed_clock)
    write(tmp_path, deck_yaml("geo", ["a", "b"]), name="capitals-of-europe.yml")
    assert study(tmp_path, fixed_clock) == []  # nothing new, nothing due: known by its deck id
    assert progress(tmp_path, fixed_clock) == before == {"a": (1, 1), "b": (1, 1)}


def test_deck_edit_changed_deck_id_starts_afresh_and_keeps_the_old_progress(
    tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """docs/deck-format.md: "Progress is saved under it: do not change it"."""
    docs = Path(__file__).resolve().parents[2] / "docs" / "deck-format.md"
    assert "Progress is saved under it: **do not change it**" in docs.read_text(encoding="utf-8")
    write(tmp_path, deck_yaml("geo", ["a", "b"]))
    study(tmp_path, fixed_clock)
    write(tmp_path, deck_yaml("geo-2", ["a", "b"]))
    assert study(tmp_path, fixed_clock) == [("a", True), ("b", True)]  # a new deck to the store
    assert progress(tmp_path, fixed_clock, "geo") == {"a": (1, 1), "b": (1, 1)}  # still there
    write(tmp_path, deck_yaml("geo", ["a", "b"]))
    assert study(tmp_path, fixed_clock) == []  # changed back: the old progress applies again
