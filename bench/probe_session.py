"""quizapp's side of the queue and answer rows, in a fresh process; prints JSON.

    python bench/probe_session.py DECKS_DIR STORE [--runs 5] [--answers 500] [--new-per-day 0]

The decks are loaded first (untimed: the app has them in memory when it builds a queue) and
frozen for the garbage collector (as the app's library freezes them), the store is copied to
a scratch folder, then:
- queue: `StudySession.review(...)` over every deck until `current` is set, with the daily
  review limit lifted above the due count (as the Anki reference lifts its own), no new cards
  (`--new-per-day N` asks for N, for a diagnostic of the new-card side: every card of the
  generated store has a state, so the whole library is searched for one);
- answer: `check(correct response)` + `answer()` (committed) + the next `current`; every fifth
  answer is rated Again, as on the Anki side.
"""

from __future__ import annotations

import gc
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any


def correct_response(card: Any) -> Any:
    """The right answer to `card` in the shape `grade` takes for its kind."""
    from quizapp.core import model

    if isinstance(card, model.TypedCard):
        return card.answer
    if isinstance(card, model.ChoiceCard):
        return frozenset(card.correct)
    if isinstance(card, model.TrueFalseCard):
        return card.answer
    if isinstance(card, model.ClozeCard):
        return tuple(gap.answer for gap in card.gaps)
    if isinstance(card, model.OrderCard):
        return tuple(range(len(card.items)))
    if isinstance(card, model.NumericCard):
        return repr(card.answer)
    return model.Rating.GOOD


def measure(
    decks_dir: Path, store_file: Path, runs: int, answers: int, new_per_day: int = 0
) -> dict[str, Any]:
    from quizapp.core.clock import SystemClock
    from quizapp.core.deck_loader import load_deck
    from quizapp.core.model import BasicCard, Rating
    from quizapp.core.scheduling import ReviewScheduler
    from quizapp.core.session import StudyLimits, StudySession
    from quizapp.core.store import ProgressStore

    decks = [load_deck(path) for path in sorted(decks_dir.glob("*.yaml"))]
    # As the app's library does once it has built a deck's cards: the decks live as long as
    # the app, so the garbage collector is kept from walking their million objects (else its
    # first pass after the load lands inside one of the timed answers, 40 ms on this machine).
    gc.freeze()
    cards = sum(len(deck.cards) for deck in decks)
    clock = SystemClock()
    scheduler = ReviewScheduler()
    limits = StudyLimits(
        new_per_day=new_per_day, reviews_per_day=10 * cards, learn_ahead=timedelta(0)
    )
    open_times: list[float] = []
    queue_times: list[float] = []
    answer_times: list[float] = []
    queued = 0
    with tempfile.TemporaryDirectory(prefix="bench-quizapp-") as scratch:
        working = Path(scratch) / "default.sqlite3"
        shutil.copyfile(store_file, working)
        for run in range(runs):
            started = time.perf_counter()
            store = ProgressStore(working, clock=clock)
            opened = time.perf_counter()
            session = StudySession.review(store, scheduler, decks, clock, limits=limits)
            first = session.current
            ready = time.perf_counter()
            open_times.append(opened - started)
            queue_times.append(ready - opened)
            queued = session.total
            if run < runs - 1:
                store.close()
                continue
            for number in range(answers):
                item = session.current
                if item is None:
                    break
                rating = Rating.AGAIN if number % 5 == 0 else None
                began = time.perf_counter()
                if isinstance(item.card, BasicCard):
                    session.answer(rating or Rating.GOOD)
                else:
                    session.check(correct_response(item.card))
                    session.answer(rating)
                _next = session.current
                answer_times.append(time.perf_counter() - began)
            store.close()
            del first
    return {
        "cards": cards,
        "queued": queued,
        "open_s": open_times,
        "queue_s": queue_times,
        "answer_p50_s": statistics.median(answer_times) if answer_times else None,
        "answer_p99_s": _p99(answer_times),
        "answers": len(answer_times),
    }


def _p99(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(0.99 * len(ordered)) - 1))]


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("decks", type=Path)
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--answers", type=int, default=500)
    parser.add_argument("--new-per-day", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        result = measure(args.decks, args.store, args.runs, args.answers, args.new_per_day)
    except ImportError as error:
        result = {"missing": str(error)}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main(sys.argv[1:]))
