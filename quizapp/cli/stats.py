"""`quizapp stats`: due today, new, learned, retention, streak, per-deck and per-tag mastery."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from quizapp.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, common_options


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "stats",
        parents=[common_options()],
        help="progress figures: due, new, learned, retention, streak, mastery",
        description=(
            "Print the profile's progress: cards due today, new and learned, reviews today, "
            "retention over 30 days (answers not rated Again), the daily streak, and the "
            "mastery (mean recall probability, new cards counting 0) per deck and per tag."
        ),
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from quizapp.context import open_services
    from quizapp.core.errors import QuizAppError
    from quizapp.core.stats import overview
    from quizapp.paths import DEFAULT_PROFILE, database_path

    try:
        database = database_path(args.profile, args.data_dir)
    except ValueError as error:
        print(f"quizapp: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.profile != DEFAULT_PROFILE and not database.exists():
        # Reading figures should not create a profile: `--profile con` was a typo for `ana`.
        known = sorted(path.stem for path in database.parent.glob("*.sqlite3"))
        shown = ", ".join(known) or "none yet"
        print(
            f"quizapp stats: no profile {args.profile!r} in {database.parent} (profiles: {shown})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        services = open_services(args.data_dir, args.profile, args.decks)
    except QuizAppError as error:
        print(f"quizapp: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    with services:
        for broken in services.library.broken:
            for problem in broken.error.problems:
                print(problem, file=sys.stderr)
        try:
            figures = overview(
                services.store,
                services.scheduler,
                services.library.decks,
                services.clock.now(),
                services.day(),
            )
        except QuizAppError as error:
            print(f"quizapp: {error}", file=sys.stderr)
            return EXIT_PROBLEMS
    data = _as_dict(figures)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(_as_text(data))
    return EXIT_OK


def _as_dict(figures: Any) -> dict[str, Any]:
    return {
        "due_today": figures.due_today,
        "new": figures.new,
        "learned": figures.learned,
        "reviews_today": figures.reviews_today,
        "retention": None if figures.retention is None else round(figures.retention, 4),
        "streak": {"current": figures.streak.current, "best": figures.streak.best},
        "decks": [
            {
                "id": row.deck_id,
                "title": row.title,
                "total": row.total,
                "new": row.new,
                "learning": row.learning,
                "learned": row.learned,
                "due": row.due,
                "suspended": row.suspended,
                "mastery": round(row.mastery, 4),
            }
            for row in figures.decks
        ],
        "tags": [
            {
                "tag": row.tag,
                "cards": row.cards,
                "learned": row.learned,
                "mastery": round(row.mastery, 4),
            }
            for row in figures.tags
        ],
        "forecast": [{"date": day.isoformat(), "due": count} for day, count in figures.forecast],
    }


def _as_text(data: dict[str, Any]) -> str:
    retention = "n/a" if data["retention"] is None else f"{data['retention']:.0%}"
    streak = data["streak"]
    lines = [
        f"Due today: {data['due_today']}   New: {data['new']}   Learned: {data['learned']}"
        f"   Reviews today: {data['reviews_today']}",
        f"Retention (30 days): {retention}   Streak: {_days(streak['current'])}"
        f" (best {_days(streak['best'])})",
    ]
    if data["decks"]:
        lines += ["", "Decks:"]
        width = max(len(row["id"]) for row in data["decks"])
        for row in data["decks"]:
            lines.append(
                f"  {row['id']:<{width}}  due {row['due']:>4}  new {row['new']:>4}"
                f"  learned {row['learned']:>4}/{row['total']:<4}  mastery {row['mastery']:.0%}"
            )
    if data["tags"]:
        lines += ["", "Tags:"]
        width = max(len(row["tag"]) for row in data["tags"])
        for row in data["tags"]:
            lines.append(
                f"  {row['tag']:<{width}}  cards {row['cards']:>4}  learned {row['learned']:>4}"
                f"  mastery {row['mastery']:.0%}"
            )
    return "\n".join(lines)


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"
