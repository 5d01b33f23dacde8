"""Builds the benchmark's progress store through `ProgressStore.bulk_load`, once quizapp has one.

The store holds a state for every card of the user's generated decks (100,000) and ten review
rows per card (1,000,000). Due dates are placed around a 20-day time bucket: cards are either
due up to ten days before the bucket starts or at least thirty days after it, so any run
inside the bucket sees exactly `store_due` cards due, and a new bucket builds a new store.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.gen import KINDS, Inputs, card_ids, user_deck_ids

STORE_VERSION = 1
BUCKET = timedelta(days=20)


def bucket_start(now: datetime) -> datetime:
    epoch = datetime(2020, 1, 1, tzinfo=UTC)
    return epoch + ((now - epoch) // BUCKET) * BUCKET


def store_path(inputs: Inputs, now: datetime) -> Path:
    stamp = bucket_start(now).strftime("%Y%m%d")
    return inputs.root / f"store-v{STORE_VERSION}-{stamp}.sqlite3"


def store_available() -> bool:
    try:
        from quizapp.core.store import ProgressStore
    except ImportError:
        return False
    return hasattr(ProgressStore, "bulk_load")


def build_store(inputs: Inputs, now: datetime | None = None, seed: int = 8) -> Path | None:
    """Write the store for the current time bucket unless it exists; None without a store API."""
    if not store_available():
        return None
    now = now or datetime.now(UTC)
    path = store_path(inputs, now)
    if path.exists():
        return path
    from quizapp.core.model import Rating
    from quizapp.core.records import AnswerRecord, CardStateRecord
    from quizapp.core.scheduling import CardSchedule, ScheduleState
    from quizapp.core.store import ProgressStore

    for leftover in path.parent.glob(path.name + ".part*"):
        leftover.unlink()
    partial = path.with_name(path.name + ".part")
    start = bucket_start(now)
    rng = random.Random(seed)
    sizes = inputs.sizes
    keys = [
        (deck_id, card_id, KINDS[index % len(KINDS)])
        for deck_id in user_deck_ids(sizes)
        for index, card_id in enumerate(card_ids(deck_id, sizes.user_cards_per_file))
    ]
    due_keys = set(rng.sample(range(len(keys)), min(sizes.store_due, len(keys))))
    per_card = max(1, sizes.store_reviews // max(1, len(keys)))
    history = timedelta(days=400)
    schedules: list[CardSchedule] = []
    for number in range(len(keys)):
        if number in due_keys:
            due = start - timedelta(minutes=rng.randint(60, 10 * 24 * 60))
        else:
            due = start + timedelta(days=30, minutes=rng.randint(0, 365 * 24 * 60))
        schedules.append(
            CardSchedule(
                state=ScheduleState.REVIEW,
                step=None,
                stability=round(rng.uniform(1, 200), 3),
                difficulty=round(rng.uniform(1, 10), 3),
                due=due,
                last_review=start - timedelta(days=2, minutes=number % 1000),
            )
        )

    def states() -> Iterator[Any]:
        for (deck_id, card_id, kind), schedule in zip(keys, schedules, strict=True):
            yield CardStateRecord(
                deck_id=deck_id,
                card_id=card_id,
                kind=kind,
                schedule=schedule,
                reps=per_card,
                lapses=rng.randint(0, 3),
                first_review=start - history,
                last_review=schedule.last_review,
                last_answer="bench",
            )

    def answers() -> Iterator[Any]:
        step = (history - timedelta(days=2)) / per_card
        for review in range(per_card):
            at = start - history + review * step
            for number, (deck_id, card_id, kind) in enumerate(keys):
                yield AnswerRecord(
                    session_id=None,
                    deck_id=deck_id,
                    card_id=card_id,
                    kind=kind,
                    reviewed_at=at + timedelta(milliseconds=number * 7),
                    rating=Rating(rng.choice((1, 3, 3, 3, 4))),
                    verdict="correct",
                    score=1.0,
                    response="bench",
                    response_ms=rng.randint(2000, 15000),
                    schedule=schedules[number],
                    was_new=review == 0,
                    lapse=False,
                    points=10,
                )

    with ProgressStore(partial) as store:
        store.bulk_load(states(), answers())
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.replace(path)
    return path


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.gen import FULL, QUICK, generate

    began = time.perf_counter()
    made = build_store(generate(QUICK if "--quick" in sys.argv else FULL))
    print(made, f"{time.perf_counter() - began:.1f}s")
