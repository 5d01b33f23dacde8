"""The Anki reference: a collection of N notes and 10·N revlog rows, opened, queued and answered.

Run by `run.py` in a subprocess (it prints one JSON object), or by hand:

    python bench/anki_ref.py --notes 100000 --reviews 1000000 --due 30000
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

ANKI_VERSION = 2
"""Part of the cached collection's name; bump it when the build below changes."""

DAY_SECONDS = 86_400
ANKI_MAX_REVIEWS_PER_DAY = 9999
"""Anki refuses a higher daily review limit, so its queue holds at most this many due cards."""
HISTORY_DAYS = 400
"""The collection's creation time is moved this far back, so review history fits after it."""


def collection_path(out_dir: Path, notes: int, reviews: int, due: int) -> Path:
    """Keyed by a 20-day bucket too: future cards fall due 30+ days after the build, so any run
    inside the bucket sees exactly `due` cards due, and the next bucket rebuilds."""
    bucket = int(time.time()) // (20 * DAY_SECONDS)
    name = f"anki-v{ANKI_VERSION}-{notes}-{reviews}-{due}-b{bucket}"
    return out_dir / name / "collection.anki2"


def build_collection(path: Path, notes: int, reviews: int, due: int, seed: int = 8) -> None:
    """Create the collection: notes through Anki's API, review state and history by bulk SQL.

    Adding notes through `add_notes` keeps notes, cards, note type and deck consistent. The
    card states and the revlog are then written with SQL in the shape Anki itself writes
    (review cards: type 2, queue 2, due in days since creation). Finally FSRS is switched on
    through the deck-options API, which makes Anki compute every card's memory state from
    the revlog, as a user enabling FSRS would.
    """
    from anki.collection import AddNoteRequest, Collection

    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name("building.anki2")
    for leftover in path.parent.glob("building*"):
        leftover.unlink()
    col: Any = Collection(str(partial))  # Any: its scheduler and db are typed as optional
    try:
        col.crt = int(time.time()) // DAY_SECONDS * DAY_SECONDS - HISTORY_DAYS * DAY_SECONDS
        col.close()
        col = Collection(str(partial))
        notetype = col.models.by_name("Basic")
        assert notetype is not None
        deck_id = col.decks.id("Bench")
        assert deck_id is not None
        requests = []
        for index in range(notes):
            note = col.new_note(notetype)
            note["Front"] = f"question {index} " + " ".join(rng.choices(_WORDS, k=8))
            note["Back"] = f"answer {index}"
            requests.append(AddNoteRequest(note=note, deck_id=deck_id))
        col.add_notes(requests)
        today = col.sched.today
        crt = col.crt
        col.close()
        _write_history(partial, rng, today, crt, due, reviews)
        col = Collection(str(partial))
        col.decks.select(deck_id)  # the queue is built for the current deck
        _configure(col, deck_id, reviews_per_day=min(ANKI_MAX_REVIEWS_PER_DAY, max(200, due)))
    finally:
        col.close()
    partial.replace(path)


def _write_history(
    path: Path, rng: random.Random, today: int, crt: int, due: int, reviews: int
) -> None:
    """Review states and the revlog, in one sqlite3 transaction on the closed collection.

    Anki's own `col.db.executemany` commits row by row (about 10 GB of WAL writes for a
    million rows), so the bulk part goes through the standard library instead; only the
    `cards` and `revlog` tables are touched, whose indexes need no Anki collation.
    """
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("begin")
        card_ids = [row[0] for row in db.execute("select id from cards order by id")]
        due_ids = set(rng.sample(card_ids, min(due, len(card_ids))))
        card_rows = []
        for card_id in card_ids:
            interval = rng.randint(1, 200)
            due_day = (
                today - rng.randint(0, 10) if card_id in due_ids else today + rng.randint(30, 395)
            )
            card_rows.append((due_day, interval, rng.randint(0, 3), card_id))
        db.executemany(
            "update cards set type=2, queue=2, due=?, ivl=?, factor=2500, reps=10, lapses=?"
            " where id=?",
            card_rows,
        )
        per_card = max(1, reviews // max(1, len(card_ids)))
        start_ms = crt * 1000
        step_ms = (HISTORY_DAYS - 20) * DAY_SECONDS * 1000 // per_card
        revlog_rows = []
        for position, card_id in enumerate(card_ids):
            last_interval = 0
            for number in range(per_card):
                interval = min(200, 1 + number * rng.randint(1, 8))
                revlog_rows.append(
                    (
                        start_ms + number * step_ms + position * 3,
                        card_id,
                        rng.choice((1, 3, 3, 3, 4)),
                        interval,
                        last_interval,
                        2500,
                        rng.randint(2000, 15000),
                        0 if number == 0 else 1,
                    )
                )
                last_interval = interval
        db.executemany(
            "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
            " values (?, ?, -1, ?, ?, ?, ?, ?, ?)",
            revlog_rows,
        )
        db.execute("commit")
    finally:
        db.close()


def _configure(col: Any, deck_id: int, reviews_per_day: int) -> None:
    """Lift the daily review limit as far as Anki allows, and switch FSRS on."""
    from anki.decks import UpdateDeckConfigs

    current = col.decks.get_deck_configs_for_update(deck_id)
    config = current.all_config[0].config
    config.config.reviews_per_day = reviews_per_day
    config.config.new_per_day = 0
    col.decks.update_deck_configs(
        UpdateDeckConfigs(
            target_deck_id=deck_id,
            configs=[config],
            limits=current.current_deck.limits,
            fsrs=True,
            new_cards_ignore_review_limit=current.new_cards_ignore_review_limit,
            apply_all_parent_limits=current.apply_all_parent_limits,
        )
    )


def measure(path: Path, opens: int, answers: int) -> dict[str, Any]:
    """Time opening, the first queued card after each open, then answer→next card ready."""
    from anki.collection import Collection
    from anki.scheduler.v3 import CardAnswer

    with tempfile.TemporaryDirectory(prefix="bench-anki-") as scratch:
        working = Path(scratch) / "collection.anki2"
        shutil.copyfile(path, working)
        open_times: list[float] = []
        first_card_times: list[float] = []
        due_count = 0
        for _ in range(opens):
            started = time.perf_counter()
            col: Any = Collection(str(working))
            opened = time.perf_counter()
            queued = col.sched.get_queued_cards(fetch_limit=1)
            ready = time.perf_counter()
            open_times.append(opened - started)
            first_card_times.append(ready - opened)
            due_count = queued.review_count
            col.close()
        col = Collection(str(working))
        pragmas = {
            "journal_mode": col.db.scalar("pragma journal_mode"),
            "synchronous": col.db.scalar("pragma synchronous"),
        }
        answer_times: list[float] = []
        queued = col.sched.get_queued_cards(fetch_limit=1)
        for number in range(answers):
            if not queued.cards:
                break
            top = queued.cards[0]
            rating = CardAnswer.GOOD if number % 5 else CardAnswer.AGAIN
            states = top.states
            started = time.perf_counter()
            col.sched.answer_card(
                CardAnswer(
                    card_id=top.card.id,
                    current_state=states.current,
                    new_state=states.good if rating == CardAnswer.GOOD else states.again,
                    rating=rating,
                    answered_at_millis=int(time.time() * 1000),
                    milliseconds_taken=4000,
                )
            )
            queued = col.sched.get_queued_cards(fetch_limit=1)
            answer_times.append(time.perf_counter() - started)
        col.close()
    return {
        "open_s": open_times,
        "first_card_s": first_card_times,
        "answer_s": answer_times,
        "due": due_count,
        "pragmas": pragmas,
    }


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p99 of 500 answers is the 5th slowest)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[rank]


_GREEK = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu"
_WORDS = tuple(_GREEK.split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=30_000)
    parser.add_argument("--opens", type=int, default=5)
    parser.add_argument("--answers", type=int, default=500)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    args = parser.parse_args(argv)
    path = collection_path(args.out, args.notes, args.reviews, args.due)
    build_s = 0.0
    if not path.exists():
        started = time.perf_counter()
        build_collection(path, args.notes, args.reviews, args.due)
        build_s = time.perf_counter() - started
    result = measure(path, args.opens, args.answers)
    result["build_s"] = build_s
    result["answer_p50_s"] = statistics.median(result["answer_s"]) if result["answer_s"] else None
    result["answer_p99_s"] = percentile(result["answer_s"], 0.99) if result["answer_s"] else None
    result["answers"] = len(result.pop("answer_s"))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
