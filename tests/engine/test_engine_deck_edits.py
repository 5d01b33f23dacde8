"""Editing a deck keeps the learner's progress: text edits, removed cards, changed kinds."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from quizapp.context import open_services
from quizapp.core.clock import FixedClock
from quizapp.core.model import Deck, Rating, TrueFalseCard, TypedCard
from quizapp.core.scheduling import ReviewScheduler
from quizapp.core.session import StudySession
from quizapp.core.stats import card_figures
from quizapp.core.store import ProgressStore
from tests.answers import study_through
from tests.engine.engine_decks import make_deck, typed


def study_all(
    store: ProgressStore, scheduler: ReviewScheduler, deck: Deck, clock: FixedClock
) -> list[str]:
    """Answer every card shown, correctly and Easy; return the ids in order."""
    session = StudySession.review(store, scheduler, [deck], clock, rng=random.Random(0))
    shown = [item.card.id for item in study_through(session, Rating.EASY)]
    session.finish()
    return shown


def test_deck_edit_changed_text_keeps_the_state(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    deck = make_deck("geo", [typed("capital", "Paris")])
    study_all(store, scheduler, deck, fixed_clock)
    learnt = store.card_state("geo", "capital")
    edited = make_deck("geo", [TypedCard(id="capital", question="Capitale ?", answer="Paris")])
    assert study_all(store, scheduler, edited, fixed_clock) == []  # not due: no longer new
    assert store.card_state("geo", "capital") == learnt


def test_deck_edit_removed_card_keeps_state_and_log_and_comes_back(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    full = make_deck("geo", [typed("a"), typed("b")])
    study_all(store, scheduler, full, fixed_clock)
    kept = store.card_state("geo", "b")
    without_b = make_deck("geo", [typed("a")])
    fixed_clock.advance(timedelta(days=365))
    assert study_all(store, scheduler, without_b, fixed_clock) == ["a"]
    decks, _tags, _forecast = card_figures(store, scheduler, [without_b], fixed_clock.now())
    assert decks[0].total == 1 and decks[0].learned == 1  # b is not counted while removed
    assert store.card_state("geo", "b") == kept
    assert [r.card_id for r in store.reviews(card_id="b")] == ["b"]
    assert study_all(store, scheduler, full, fixed_clock) == ["b"]  # back, due, not new
    state = store.card_state("geo", "b")
    assert state is not None and state.reps == 2


def test_deck_edit_changed_kind_restarts_the_schedule_but_keeps_the_log(
    store: ProgressStore, scheduler: ReviewScheduler, fixed_clock: FixedClock
) -> None:
    study_all(store, scheduler, make_deck("geo", [typed("q")]), fixed_clock)
    as_truefalse = make_deck("geo", [TrueFalseCard(id="q", statement="Paris?", answer=True)])
    session = StudySession.review(store, scheduler, [as_truefalse], fixed_clock)
    assert session.current is not None and session.current.is_new
    state = store.card_state("geo", "q")
    assert state is not None and state.schedule is None and state.kind == "truefalse"
    assert state.reps == 0
    session.check(True)
    session.answer(Rating.EASY)
    assert [(r.kind, r.was_new) for r in store.reviews(card_id="q")] == [
        ("typed", True),
        ("truefalse", True),
    ]


def test_deck_edit_through_yaml_files_and_services(tmp_path: Path, fixed_clock: FixedClock) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    deck_file = decks / "geo.yaml"
    deck_file.write_text(
        "deck: geo\ntitle: Geo\ncards:\n"
        "  - {id: fr, kind: typed, question: Capital of France?, answer: Paris}\n"
        "  - {id: it, kind: typed, question: Capital of Italy?, answer: Rome}\n",
        encoding="utf-8",
    )
    with open_services(tmp_path / "data", deck_paths=[decks], clock=fixed_clock) as services:
        [deck] = services.library.decks
        session = StudySession.review(
            services.store, services.scheduler, [deck], fixed_clock, rng=random.Random(0)
        )
        session.check("Paris")
        session.answer(Rating.EASY)
        session.finish()
    deck_file.write_text(
        "deck: geo\ntitle: Geo\ncards:\n"
        "  - {id: fr, kind: typed, question: What is the capital of France?, answer: Paris}\n",
        encoding="utf-8",
    )
    with open_services(tmp_path / "data", deck_paths=[decks], clock=fixed_clock) as services:
        [deck] = services.library.decks
        state = services.store.card_state("geo", "fr")
        assert state is not None and state.reps == 1 and not state.is_new
        session = StudySession.review(services.store, services.scheduler, [deck], fixed_clock)
        assert session.is_finished  # fr is learnt and not due; it was the only card left
