"""`quizapp study --plain` and `quizapp stats` end to end, in a subprocess with piped stdin."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from quizapp.cli.plain import PlainSession
from quizapp.context import open_services
from quizapp.core.clock import FixedClock
from quizapp.core.session import MAX_RESPONSE_CHARS
from quizapp.core.session_plan import SessionPlan
from quizapp.core.store import ProgressStore

GEO = """\
deck: geo
title: Geography
language: en
sources:
  - id: atlas
    title: The Atlas
    url: https://example.org/atlas
cards:
"""
CARDS = {
    "typed": """\
  - id: capital
    kind: typed
    tags: [europe]
    question: Capital of France?
    answer: Paris
    explain: Paris has been the capital since 987.
    source: {ref: atlas, quote: "Paris is the capital of France"}
""",
    "truefalse": """\
  - id: round
    kind: truefalse
    statement: The Earth is round.
    answer: true
""",
    "flat": """\
  - id: flat
    kind: truefalse
    statement: The Earth is flat.
    answer: false
""",
    "choice": """\
  - id: river
    kind: choice
    question: Longest river?
    options: [Danube, Nile, Seine]
    answer: Nile
    shuffle: false
""",
    "order": """\
  - id: sizes
    kind: order
    question: Smallest to largest
    items: [Monaco, France, Russia]
""",
    "cloze": """\
  - id: gaps
    kind: cloze
    text: "{{Rome}} is the capital of {{Italy}}."
""",
    "basic": """\
  - id: flip
    kind: basic
    front: Capital of Spain
    back: Madrid
""",
}


def write_deck(folder: Path, *kinds: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "geo.yaml"
    path.write_text(GEO + "".join(CARDS[kind] for kind in kinds), encoding="utf-8")
    return path


def quizapp(
    tmp_path: Path, stdin: str, *args: str, decks: list[Path] | None = None
) -> subprocess.CompletedProcess[str]:
    deck_args = [arg for path in decks or [tmp_path / "decks"] for arg in ("--decks", str(path))]
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args, "--data-dir", str(tmp_path / "data"), *deck_args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def study(tmp_path: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return quizapp(tmp_path, stdin, "study", "--plain", "--seed", "7", *args)


def reviews(tmp_path: Path) -> list[tuple[str, str | None, int]]:
    with ProgressStore(tmp_path / "data" / "default.sqlite3") as store:
        return [(r.card_id, r.verdict, int(r.rating)) for r in store.reviews()]


def test_plain_typed_card_shows_verdict_explanation_source_and_intervals(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks", "typed")
    result = study(tmp_path, "paris\n3\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "[1/1] Geography" in out and "Capital of France?" in out
    assert "Correct." in out and "Expected: Paris" in out
    assert "Why: Paris has been the capital since 987." in out
    assert 'Source: The Atlas: "Paris is the capital of France"' in out
    assert "1 Again (1m)  2 Hard (6m)  3 Good (10m)" in out
    assert "Saved. Next review in 10m." in out
    assert "Session over: 1 answered, 1 correct" in out
    assert "\x1b" not in out  # no ANSI codes into a pipe
    assert reviews(tmp_path) == [("capital", "correct", 3)]


def test_plain_enter_takes_the_suggested_rating(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks", "typed")
    out = study(tmp_path, "Lyon\n\n").stdout
    assert "Wrong." in out and "You answered: Lyon" in out
    assert "[Enter = Again]" in out and "Saved. Next review in 1m." in out
    assert reviews(tmp_path) == [("capital", "wrong", 1)]


@pytest.mark.parametrize(
    ("word", "card"),
    [(w, "truefalse") for w in ("t", "true", "y", "v", "vrai", "oui", "TRUE")]
    + [(w, "flat") for w in ("f", "false", "n", "faux", "non")],
)
def test_plain_true_false_words(tmp_path: Path, word: str, card: str) -> None:
    write_deck(tmp_path / "decks", card)
    out = study(tmp_path, f"{word}\n3\n").stdout
    assert "Correct." in out, out


def test_plain_choice_numbers_and_bad_input(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks", "choice")
    out = study(tmp_path, "9\nNile\n2\n3\n").stdout
    assert "  1. Danube\n  2. Nile\n  3. Seine" in out
    assert out.count("Type a number, between 1 and 3.") == 2
    assert "Correct." in out
    assert reviews(tmp_path) == [("river", "correct", 3)]


def test_plain_order_items_are_numbered_as_shown(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks", "order")
    shown = study(tmp_path, "").stdout  # EOF at once: see the seeded order, save nothing
    numbers = {name: n for n, name in re.findall(r"^  (\d)\. (\w+)$", shown, re.MULTILINE)}
    assert sorted(numbers) == ["France", "Monaco", "Russia"]
    assert [numbers[n] for n in ("Monaco", "France", "Russia")] != ["1", "2", "3"]
    answer = " ".join(numbers[name] for name in ("Monaco", "France", "Russia"))
    out = study(tmp_path, f"{answer}\n3\n").stdout
    assert "Correct." in out
    assert reviews(tmp_path) == [("sizes", "correct", 3)]


def test_plain_cloze_asks_each_gap_and_basic_reveals(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks", "cloze", "basic")
    out = study(tmp_path, "Rome\nItaly\n3\n\n2\n").stdout
    assert "[1] is the capital of [2]." in out
    assert "Answer: Madrid" in out
    assert sorted(reviews(tmp_path)) == [("flip", "almost", 2), ("gaps", "correct", 3)]


def test_plain_undo_and_quit(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks", "typed", "truefalse")
    out = study(tmp_path, "Paris\n3\n:u\n:q\n").stdout
    assert "Undone." in out
    assert "Session over: 0 answered" in out
    assert reviews(tmp_path) == []
    with ProgressStore(tmp_path / "data" / "default.sqlite3") as store:
        [session] = store.sessions()
        assert session.ended is not None and session.answered == 0


@pytest.mark.parametrize("end", [":q\n", ""], ids=["quit", "end of input"])
def test_plain_quitting_at_the_rating_keeps_the_checked_answer(tmp_path: Path, end: str) -> None:
    """As in the app: the learner saw the verdict, so the answer counts (suggested rating)."""
    write_deck(tmp_path / "decks", "typed", "truefalse")
    result = study(tmp_path, "Paris\n" + end)
    assert result.returncode == 0 and result.stderr == ""
    assert "Session over: 1 answered, 1 correct" in result.stdout
    [(card, verdict, rating)] = reviews(tmp_path)
    assert (card, verdict) == ("capital", "correct") and rating in (3, 4)


def test_plain_a_basic_card_only_revealed_is_not_counted_on_quit(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks", "basic")
    result = study(tmp_path, "\n:q\n")
    assert "Answer: Madrid" in result.stdout and "Session over: 0 answered" in result.stdout
    assert reviews(tmp_path) == []


@pytest.mark.parametrize("encoding", ["", "utf-8:strict"], ids=["default", "strict locale"])
def test_plain_bytes_that_are_not_utf8_are_an_answer_not_a_traceback(
    tmp_path: Path, encoding: str
) -> None:
    write_deck(tmp_path / "decks", "typed")
    env = {**os.environ, "PYTHONIOENCODING": encoding} if encoding else None
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "study", "--plain", "--data-dir", str(tmp_path / "data"),
         "--decks", str(tmp_path / "decks")],
        input=b"Par\xefs\n1\n",
        capture_output=True,
        timeout=60,
        env=env,
    )  # fmt: skip
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
    assert b"Session over: 1 answered" in result.stdout
    [(card, verdict, rating)] = reviews(tmp_path)
    assert (card, rating) == ("capital", 1) and verdict == "almost"


def test_plain_a_huge_pasted_answer_is_cut_before_grading_and_saving(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks", "typed")
    result = study(tmp_path, "Paris" + "x" * 2_000_000 + "\n1\n")
    assert result.returncode == 0 and "Session over: 1 answered" in result.stdout
    with ProgressStore(tmp_path / "data" / "default.sqlite3") as store:
        [review] = store.reviews()
        assert review.response is not None and len(review.response) == MAX_RESPONSE_CHARS


def test_plain_eof_quits_cleanly_and_keeps_answers(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks", "typed", "truefalse")
    result = study(tmp_path, "Paris\n3\n")
    assert result.returncode == 0 and result.stderr == ""
    assert "Session over: 1 answered" in result.stdout
    assert len(reviews(tmp_path)) == 1


def test_plain_broken_deck_is_listed_and_the_good_one_works(tmp_path: Path) -> None:
    good = write_deck(tmp_path / "decks", "typed")
    broken = tmp_path / "broken.yaml"
    broken.write_text("deck: bad\ntitle: Bad\ncards:\n  - id: q\n    kind: typed\n", "utf-8")
    result = quizapp(tmp_path, "Paris\n3\n", "study", "--plain", decks=[good, broken])
    assert result.returncode == 0
    assert re.search(rf"^{re.escape(str(broken))}:\d+:\d+: .+", result.stderr, re.MULTILINE)
    assert "Correct." in result.stdout


def test_plain_quiz_without_schedule_and_unknown_deck(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks", "typed", "truefalse", "flat")
    out = study(tmp_path, "Paris\ny\nn\n", "--quiz", "2", "--no-schedule").stdout
    assert "Saved.\n" in out and "Next review" not in out
    assert "[1/2]" in out and "[2/2]" in out
    with ProgressStore(tmp_path / "data" / "default.sqlite3") as store:
        assert store.card_states() == []
        [session] = store.sessions(mode="quiz")
        assert session.answered == 2 and not session.scheduled
    bad = study(tmp_path, "", "--deck", "nope")
    assert bad.returncode == 2 and "no deck with id nope" in bad.stderr


class SlowLearner(io.StringIO):
    """Standard input of a learner who takes `seconds` over every line (on the test's clock)."""

    def __init__(self, text: str, clock: FixedClock, seconds: float) -> None:
        super().__init__(text)
        self.clock = clock
        self.seconds = seconds

    # typeshed gives StringIO two readline signatures (bytes from IOBase, str from TextIOBase)
    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        self.clock.advance(timedelta(seconds=self.seconds))
        return super().readline(-1 if size is None else size)


def one_second_quiz(tmp_path: Path, clock: FixedClock, lines: str, seconds_per_line: float) -> str:
    """A one-card quiz of one second, each line typed `seconds_per_line` after the one before;
    the output."""
    write_deck(tmp_path / "decks", "typed")
    out = io.StringIO()
    with open_services(tmp_path / "data", deck_paths=[tmp_path / "decks"], clock=clock) as services:
        session = services.start_session(SessionPlan(mode="quiz", count=1, time_limit=1))
        PlainSession(session, SlowLearner(lines, clock, seconds_per_line), out).run()
    return out.getvalue()


def test_plain_time_limit_ends_the_quiz(tmp_path: Path, fixed_clock: FixedClock) -> None:
    out = one_second_quiz(tmp_path, fixed_clock, "Paris\n3\n", 1.5)
    assert "Capital of France?" in out and "Time is up." in out
    assert reviews(tmp_path) == []


def test_plain_time_running_out_at_the_rating_keeps_the_checked_answer(
    tmp_path: Path, fixed_clock: FixedClock
) -> None:
    # "Paris" comes in at 0.6 s, in time; the rating at 1.2 s, after the limit.
    assert "Time is up." in one_second_quiz(tmp_path, fixed_clock, "Paris\n2\n", 0.6)
    assert reviews(tmp_path) == [("capital", "correct", 2)]


def test_plain_store_error_is_a_message(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks", "typed")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "default.sqlite3").write_text("not a database " * 20)
    result = study(tmp_path, "Paris\n")
    assert result.returncode == 1
    assert "not SQLite" in result.stderr and "Traceback" not in result.stderr


def test_stats_json_and_text_after_a_session(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks", "typed", "truefalse")
    study(tmp_path, "Paris\n4\n:q\n")
    data = json.loads(quizapp(tmp_path, "", "stats", "--json").stdout)
    assert (data["new"], data["learned"], data["reviews_today"]) == (1, 1, 1)
    assert data["retention"] == 1.0 and data["streak"] == {"current": 1, "best": 1}
    [deck] = data["decks"]
    assert deck["id"] == "geo" and deck["total"] == 2 and 0 < deck["mastery"] <= 0.5
    assert data["tags"][0]["tag"] == "europe" and len(data["forecast"]) == 30
    text = quizapp(tmp_path, "", "stats").stdout
    assert "Due today: 0" in text and "Streak: 1 day (best 1 day)" in text
    assert re.search(r"geo +due +0 +new +1 +learned +1/2", text)


def test_stats_of_a_profile_that_does_not_exist_names_those_that_do(tmp_path: Path) -> None:
    """`--profile con` (a typo) printed zeros and left a new, empty con.sqlite3 behind."""
    write_deck(tmp_path / "decks", "typed")
    quizapp(tmp_path, ":q\n", "study", "--plain", "--profile", "ana")
    result = quizapp(tmp_path, "", "stats", "--profile", "con")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("quizapp stats: no profile 'con' in ")
    assert result.stderr.rstrip().endswith("(profiles: ana)")
    assert not (tmp_path / "data" / "con.sqlite3").exists()
    assert quizapp(tmp_path, "", "stats", "--profile", "ana").returncode == 0
    assert quizapp(tmp_path, "", "stats").returncode == 0  # the default profile: zeros


def test_plain_near_miss_shows_the_difference_and_suggests_hard(tmp_path: Path) -> None:
    write_deck(tmp_path / "decks", "typed")
    out = study(tmp_path, "Pariss\n\n:q\n").stdout
    assert "Almost." in out and "Difference: Paris[-s-]" in out
    assert "[Enter = Hard]" in out
    assert reviews(tmp_path) == [("capital", "almost", 2)]
