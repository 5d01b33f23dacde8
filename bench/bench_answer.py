"""Time one answer (graded, saved with fsync, next card ready) in a 100k-card, 1M-review store.

    python bench/bench_answer.py [--cards 100000] [--reviews 1000000] [--answers 2000]
                                 [--store PATH] [--keep]

The store is built through `ProgressStore.bulk_load` (one transaction), in a scratch folder
unless `--store` names a file (reused when it exists). The timed loop is what the learner
waits for after pressing a rating: `check(response)` + `answer(rating)` (its own committed
transaction: review row, card state, session totals) + `current` (the next card). Every fifth
answer is rated Again. Prints the median and p99 in milliseconds, and the setup times.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizapp.core.clock import SystemClock  # noqa: E402
from quizapp.core.model import Deck, Rating, TypedCard  # noqa: E402
from quizapp.core.records import AnswerRecord, CardStateRecord  # noqa: E402
from quizapp.core.scheduling import CardSchedule, ReviewScheduler, ScheduleState  # noqa: E402
from quizapp.core.session import StudyLimits, StudySession  # noqa: E402
from quizapp.core.store import ProgressStore  # noqa: E402

CARDS_PER_DECK = 1000


def build_decks(cards: int) -> list[Deck]:
    decks = []
    for number in range(max(1, cards // CARDS_PER_DECK)):
        deck_cards = tuple(
            TypedCard(id=f"c{n:04d}", question=f"Question {n} of deck {number}?", answer="Paris")
            for n in range(min(CARDS_PER_DECK, cards))
        )
        decks.append(Deck(id=f"bench-{number:03d}", title=f"Bench {number}", cards=deck_cards))
    return decks


def build_store(path: Path, decks: list[Deck], reviews: int, due: int, now: datetime) -> None:
    rng = random.Random(8)
    keys = [(deck.id, card.id) for deck in decks for card in deck.cards]
    due_numbers = set(rng.sample(range(len(keys)), min(due, len(keys))))
    schedules = []
    for number in range(len(keys)):
        if number in due_numbers:
            when = now - timedelta(minutes=rng.randint(60, 10 * 24 * 60))
        else:
            when = now + timedelta(days=30, minutes=rng.randint(0, 365 * 24 * 60))
        schedules.append(
            CardSchedule(
                state=ScheduleState.REVIEW,
                step=None,
                stability=round(rng.uniform(1, 200), 3),
                difficulty=round(rng.uniform(1, 10), 3),
                due=when,
                last_review=now - timedelta(days=2, minutes=number % 1000),
            )
        )
    per_card = max(1, reviews // len(keys))
    history = timedelta(days=400)

    def states() -> Iterator[CardStateRecord]:
        for (deck_id, card_id), schedule in zip(keys, schedules, strict=True):
            yield CardStateRecord(
                deck_id,
                card_id,
                "typed",
                schedule,
                reps=per_card,
                first_review=now - history,
                last_review=schedule.last_review,
                last_answer="Paris",
            )

    def answers() -> Iterator[AnswerRecord]:
        step = (history - timedelta(days=2)) / per_card
        for review in range(per_card):
            at = now - history + review * step
            for number, (deck_id, card_id) in enumerate(keys):
                yield AnswerRecord(
                    None, deck_id, card_id, "typed", at + timedelta(milliseconds=number * 7),
                    Rating.GOOD if number % 5 else Rating.AGAIN, "correct", 1.0, "Paris",
                    4000, schedules[number], review == 0, False, 10,
                )  # fmt: skip

    with ProgressStore(path) as store:
        store.bulk_load(states(), answers())


def fsync_baseline(folder: Path, rounds: int = 500) -> list[float]:
    """Milliseconds to append 16 KiB (about one answer's WAL frames) and fsync, on this disk."""
    target = folder / "fsync-probe"
    timings = []
    with target.open("ab") as handle:
        for _ in range(rounds):
            handle.write(b"\0" * 16384)
            handle.flush()
            started = time.perf_counter()
            os.fsync(handle.fileno())
            timings.append((time.perf_counter() - started) * 1000)
    target.unlink()
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument("--store", type=Path, help="store file to build once and reuse")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument(
        "--no-fsync",
        action="store_true",
        help="diagnostic: synchronous=OFF, to see the time spent outside fsync",
    )
    args = parser.parse_args(argv)

    now = datetime.now(UTC)
    decks = build_decks(args.cards)
    scratch = Path(tempfile.mkdtemp(prefix="bench-answer-"))
    built_path = args.store or scratch / "built.sqlite3"
    began = time.perf_counter()
    if not built_path.exists():
        build_store(built_path, decks, args.reviews, due=args.answers + 500, now=now)
    built = time.perf_counter() - began
    # Answer into a copy, so that a kept store gives the same due cards on every run.
    path = scratch / "bench.sqlite3"
    shutil.copyfile(built_path, path)

    clock = SystemClock()
    gc.freeze()  # as open_services does once the decks are loaded
    began = time.perf_counter()
    store = ProgressStore(path, clock=clock)
    if args.no_fsync:
        store._db.execute("PRAGMA synchronous = OFF")
    limits = StudyLimits(new_per_day=0, reviews_per_day=10 * args.cards, learn_ahead=timedelta(0))
    session = StudySession.review(
        store, ReviewScheduler(), decks, clock, limits=limits, rng=random.Random(1)
    )
    queued = time.perf_counter() - began
    timings: list[float] = []
    cpu: list[float] = []
    for number in range(args.answers):
        if session.current is None:
            break
        started, started_cpu = time.perf_counter(), time.process_time()
        session.check("Paris")
        session.answer(Rating.AGAIN if number % 5 == 0 else None)
        _next = session.current
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    session.finish()
    counts = (len(store.card_states()), sum(1 for _ in store.reviews()))
    store.close()

    ms = [t * 1000 for t in timings]
    cpu_ms = [t * 1000 for t in cpu]
    probe = fsync_baseline(scratch)
    print(f"store: {counts[0]:,} card states, {counts[1]:,} review rows ({path})")
    print(f"build {built:.1f} s, open + queue of {session.total:,} cards {queued:.2f} s")
    print(
        f"answer -> saved -> next card, {len(ms)} answers: median {statistics.median(ms):.3f} ms,"
        f" p99 {percentile(ms, 0.99):.3f} ms, max {max(ms):.3f} ms"
    )
    print(
        f"  of which CPU time in this process: median {statistics.median(cpu_ms):.3f} ms,"
        f" p99 {percentile(cpu_ms, 0.99):.3f} ms (the rest is waiting: fsync, other processes)"
    )
    print(
        f"this disk, 16 KiB append + fsync: median {statistics.median(probe):.3f} ms,"
        f" p99 {percentile(probe, 0.99):.3f} ms; load average {os.getloadavg()[0]:.1f}"
        f" on {os.cpu_count()} CPUs"
    )
    if not args.keep:
        shutil.rmtree(scratch)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
