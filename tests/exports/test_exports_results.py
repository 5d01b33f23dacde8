"""Student reports and the class gradebook: built from a real progress store, merged safely."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.exports.gradebook import export_gradebook
from quizapp.core.exports.report_file import load_report, report_csv, report_json
from quizapp.core.model import Deck, Rating
from quizapp.core.records import AnswerRecord
from quizapp.core.results import (
    ReportError,
    ReportInput,
    build_gradebook,
    build_report,
    deck_version,
    streaks,
)
from quizapp.core.scheduling import ReviewScheduler, SchedulerSettings
from quizapp.core.store import ProgressStore
from tests.exports.exports_helpers import nasty_deck

DATA = Path(__file__).resolve().parent / "data"
START = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)


def fill_store(store: ProgressStore, deck: Deck, plan: dict[str, list[str]], day: int = 0) -> None:
    """One quiz per day offset in `plan`: card id -> verdicts, answered in order."""
    scheduler = ReviewScheduler(SchedulerSettings(fuzz=False))
    started = START + timedelta(days=day)
    session = store.start_session("quiz", started, deck_ids=[deck.id], planned=len(plan))
    at = started
    for card_id, verdicts in plan.items():
        for verdict in verdicts:
            at += timedelta(seconds=30)
            rating = {"correct": Rating.GOOD, "almost": Rating.HARD}.get(verdict, Rating.AGAIN)
            store.record_answer(
                AnswerRecord(
                    session_id=session,
                    deck_id=deck.id,
                    card_id=card_id,
                    kind=deck.card(card_id).kind.value,
                    reviewed_at=at,
                    rating=rating,
                    verdict=verdict,
                    score={"correct": 1.0, "almost": 0.5}.get(verdict, 0.0),
                    response="x",
                    response_ms=4000,
                    schedule=scheduler.new_schedule(at),
                    was_new=False,
                    lapse=verdict == "wrong",
                    points=1 if verdict == "correct" else 0,
                )
            )
    store.finish_session(session, at + timedelta(seconds=30))


def make_report(tmp_path: Path, student: str, plans: list[dict[str, list[str]]], deck: Deck):  # type: ignore[no-untyped-def]
    with ProgressStore(tmp_path / f"{student}.sqlite3") as store:
        for day, plan in enumerate(plans):
            fill_store(store, deck, plan, day)
        data = ReportInput(
            student=student,
            profile=student,
            decks=[deck],
            answers=list(store.answer_outcomes()),
            sessions=store.sessions(),
            now=START + timedelta(days=len(plans) - 1, hours=8),
            app_version="test",
        )
    return build_report(data)


def test_exports_report_counts_quizzes_tags_cards_time_and_streak(tmp_path: Path) -> None:
    deck = nasty_deck()
    plans = [
        {"basic-short": ["wrong"], "typed-formula": ["correct"], "choice-multi": ["almost"]},
        {"basic-short": ["correct"], "typed-formula": ["correct"], "choice-multi": ["correct"]},
    ]
    report = make_report(tmp_path, "ana", plans, deck)
    assert report.total.answered == 6 and report.total.wrong == 1 and report.total.almost == 1
    assert report.total.accuracy == round(4.5 / 6, 4)
    (quiz,) = report.quizzes
    assert quiz.key == "nasty-deck" and quiz.attempts == 2
    assert quiz.best == 1.0 and quiz.last == 1.0
    tags = dict(report.tags)
    assert tags["formulas"].answered == 4 and tags["formulas"].accuracy == round(3.5 / 4, 4)
    assert tags["people"].wrong == 1
    cards = {c.card_id: c for c in report.cards}
    assert cards["basic-short"].tally.wrong == 1 and cards["basic-short"].last_verdict == "correct"
    assert cards["typed-formula"].prompt.startswith("Type the formula")
    assert report.study_seconds == 2 * 120  # two sessions of 4 x 30 s
    assert (report.streak_current, report.streak_longest) == (2, 2)
    assert report.decks[0].version == deck_version(deck)


def test_exports_report_counts_self_rated_answers_and_days_from_plain_rows() -> None:
    deck = nasty_deck()
    at = int(START.timestamp() * 1000)
    day = 86_400_000
    rows = [  # (deck, card, verdict, score, rating, response ms, session, reviewed ms)
        ("nasty-deck", "basic-short", None, None, int(Rating.AGAIN), None, None, at),
        ("nasty-deck", "basic-short", None, None, int(Rating.HARD), 2000, None, at + day),
        ("nasty-deck", "typed-formula", "almost", None, int(Rating.HARD), 1000, None, at + day),
        ("nasty-deck", "typed-formula", "almost", 0.8, int(Rating.GOOD), 0, None, at + 2 * day),
        ("other-deck", "x", "correct", 1.0, int(Rating.GOOD), 9000, None, at + 2 * day),
    ]
    report = build_report(
        ReportInput("s", "s", [deck], rows, [], START + timedelta(days=2), deck_ids=("nasty-deck",))
    )
    cards = {c.card_id: c for c in report.cards}
    assert (cards["basic-short"].tally.wrong, cards["basic-short"].tally.correct) == (1, 1)
    assert cards["basic-short"].last_verdict == "correct"  # Hard on a self-rated card
    assert cards["typed-formula"].tally.accuracy == round((0.5 + 0.8) / 2, 4)
    assert report.total.answered == 4  # the other deck's answer is left out
    assert report.study_seconds == 3  # answer times outside any session
    assert (report.streak_current, report.streak_longest) == (3, 3)


def test_exports_streaks() -> None:
    d = date(2026, 1, 10)
    days = [d, d + timedelta(1), d + timedelta(2), d + timedelta(5), d + timedelta(6)]
    assert streaks(days, d + timedelta(6)) == (2, 3)
    assert streaks(days, d + timedelta(7)) == (2, 3)  # today not studied yet
    assert streaks(days, d + timedelta(8)) == (0, 3)
    assert streaks([], d) == (0, 0)


def test_exports_report_round_trips_through_json_and_csv(tmp_path: Path) -> None:
    deck = nasty_deck()
    report = make_report(tmp_path, "=cmd|' /C calc'!A0", [{"basic-short": ["wrong"]}], deck)
    assert load_report(report_json(report), "r.json") == report
    data = report_csv(report)
    assert load_report(data, "r.csv") == report
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    assert json.loads(report_json(report))["format_version"] == 1


@pytest.mark.parametrize(
    "name", ["'=1+1", "'hello", "''", "'", "=cmd|' /C calc'!A0", "-5", "O'Brien"]
)
def test_exports_report_csv_gives_back_any_name(tmp_path: Path, name: str) -> None:
    report = make_report(tmp_path, "ana", [{"basic-short": ["wrong"]}], nasty_deck())
    named = dataclasses.replace(report, student=name)
    data = report_csv(named)
    assert load_report(data, "r.csv") == named
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not json at all {", "not a quizapp report"),
        (b"{broken", "broken JSON"),
        (b'{"format": "other"}', "not a quizapp report"),
        (b'{"format": "quizapp-report", "format_version": 99}', "newer"),
        (b'{"format": "quizapp-report", "format_version": 1}', "missing"),
        (b"\xff\xfe", "UTF-8"),
    ],
)
def test_exports_malformed_report_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ReportError, match=message):
        load_report(data, "bad")


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("decks", 0, "id"), "x\x1b]0;pwned\x07", "control character"),
        (("cards", 0, "card_id"), "two words", "not a card id"),
        (("cards", 0, "deck_id"), "Nasty_Deck", "not a deck id"),
        (("student",), "Ana\x1b[2J", "control character"),
        (("cards", 0, "prompt"), "bell\x07", "control character"),
        (("quizzes", 0, "key"), "=cmd|' /C calc'!A0", "not a quiz id"),
    ],
)
def test_exports_report_with_foreign_ids_or_control_characters_is_refused(
    tmp_path: Path, path: tuple[str | int, ...], value: str, message: str
) -> None:
    report = make_report(tmp_path, "ana", [{"basic-short": ["wrong"]}], nasty_deck())
    data = json.loads(report_json(report))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ReportError, match=message):
        load_report(json.dumps(data).encode(), "r.json")


def test_exports_gradebook_merges_students_and_flags_duplicates(tmp_path: Path) -> None:
    deck = nasty_deck()
    ana = make_report(tmp_path, "ana", [{"basic-short": ["wrong"], "tf-rtl": ["correct"]}], deck)
    ben = make_report(tmp_path, "ben", [{"basic-short": ["correct"], "tf-rtl": ["wrong"]}], deck)
    edited = dataclasses.replace(deck, cards=deck.cards[:-1])
    cid = make_report(tmp_path, "cid", [{"basic-short": ["wrong"]}], edited)
    ana_later = dataclasses.replace(ana, generated_at=ana.generated_at + timedelta(hours=1))
    book = build_gradebook(
        [("ana.json", ana), ("ben.json", ben), ("ana-copy.json", ana), ("cid.json", cid),
         ("ana2.json", ana_later)]
    )  # fmt: skip
    assert [s.student for s in book.students] == ["ana", "ben", "cid"]
    assert book.students[0].source == "ana2.json"
    assert any("ana-copy.json: same report as ana.json" in n for n in book.notes)
    assert any("a second report for student 'ana'" in n for n in book.notes)
    assert any("deck nasty-deck: 2 versions" in n for n in book.notes)
    hardest = book.cards[0]
    assert (hardest.card_id, hardest.students, hardest.missed) == ("basic-short", 3, 2)
    assert hardest.missed_share == round(2 / 3, 4)
    tf = next(c for c in book.cards if c.card_id == "tf-rtl")
    assert (tf.students, tf.missed) == (2, 1)


def test_exports_gradebook_files_are_escaped(tmp_path: Path) -> None:
    deck = nasty_deck()
    evil = make_report(tmp_path, '=HYPERLINK("x")<script>', [{"basic-short": ["wrong"]}], deck)
    book = build_gradebook([("evil.json", evil)])
    students, cards = export_gradebook(book, ".csv")
    assert cards.suffix == "-cards"
    rows = list(csv.reader(io.StringIO(students.data.decode("utf-8-sig"), newline="")))
    assert rows[1][0] == '\'=HYPERLINK("x")<script>'
    assert "nasty-deck (%)" in rows[0]
    (page,) = export_gradebook(book, ".html")
    text = page.data.decode()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "Content-Security-Policy" in text
    (sheet,) = export_gradebook(book, ".xlsx")
    with zipfile.ZipFile(io.BytesIO(sheet.data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                assert "<f>" not in xml
                # Text cells are strings; only the score and count columns hold numbers.
                for attrs, value in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", xml):
                    assert 't="s"' in attrs or re.fullmatch(r"<v>-?[\d.]+</v>", value), attrs
    import openpyxl  # type: ignore[import-untyped]

    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.data))["Students"].values)
    assert rows[1][0] == '=HYPERLINK("x")<script>'  # text, shown as typed, never run
    assert all(isinstance(rows[1][i], int | float) for i in (3, 4, 5, 6, 7))


def test_exports_gradebook_leaves_a_student_without_answers_blank_not_zero(
    tmp_path: Path,
) -> None:
    """Sorted by accuracy, a student who never answered came out as the weakest (0%)."""
    deck = nasty_deck()
    ana = make_report(tmp_path, "ana", [{"basic-short": ["correct"]}], deck)
    dan = make_report(tmp_path, "dan", [], deck)
    book = build_gradebook([("ana.json", ana), ("dan.json", dan)])
    students, _cards = export_gradebook(book, ".csv")
    header, *rows = csv.reader(io.StringIO(students.data.decode("utf-8-sig"), newline=""))
    accuracy = header.index("Accuracy (%)")
    assert [row[accuracy] for row in rows] == ["100.0", ""]
    assert [row[header.index("Answers")] for row in rows] == ["1", "0"]
    (sheet,) = export_gradebook(book, ".xlsx")
    import openpyxl

    values = list(openpyxl.load_workbook(io.BytesIO(sheet.data))["Students"].values)
    assert values[2][accuracy] is None  # a blank cell, not an empty text or a 0
    assert values[2][header.index("nasty-deck (%)")] is None


def test_exports_report_and_gradebook_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    shutil.copy(DATA / "nasty.yaml", decks / "nasty.yaml")
    from quizapp.core.deck_loader import load_deck

    deck = load_deck(decks / "nasty.yaml")
    home = tmp_path / "home"
    home.mkdir()
    for name, verdict in (("ana", "wrong"), ("ben", "correct")):
        with ProgressStore(home / f"{name}.sqlite3") as store:
            fill_store(store, deck, {"basic-short": [verdict], "tf-rtl": ["correct"]})
    common = ["--data-dir", str(home), "--decks", str(decks)]
    for name in ("ana", "ben"):
        out = tmp_path / f"{name}.{'json' if name == 'ana' else 'csv'}"
        assert main(["report", *common, "--profile", name, "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    broken = tmp_path / "broken.json"
    broken.write_text("{nope", encoding="utf-8")
    args = ["gradebook", str(tmp_path / "ana.json"), str(tmp_path / "ben.csv"), str(broken)]
    assert main([*args, str(tmp_path / "ana.json"), "-o", str(tmp_path / "class.csv")]) == 0
    captured = capsys.readouterr()
    assert "skipped" in captured.err and "broken.json" in captured.err
    assert "same report as" in captured.err
    assert "2 students" in captured.out
    table = (tmp_path / "class.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(table, newline="")))
    assert [r[0] for r in rows[1:]] == ["ana", "ben"]
    difficulty = (tmp_path / "class-cards.csv").read_bytes().decode("utf-8-sig")
    assert '"nasty-deck","basic-short"' in difficulty.splitlines()[1]
    assert main(["report", *common, "--profile", "nobody", "-o", str(tmp_path / "x.json")]) == 1
    assert "no progress yet" in capsys.readouterr().err
    named = ["report", *common, "--profile", "ana", "--name", "Ana\x1b[2J"]
    assert main([*named, "-o", str(tmp_path / "y.json")]) == 2
    assert "control character" in capsys.readouterr().err
    assert main(["gradebook", str(broken), "-o", str(tmp_path / "c.csv")]) == 1
    assert main(["gradebook", str(broken), "-o", str(tmp_path / "c.pdf")]) == 2


def test_exports_report_keeps_only_the_chosen_decks(tmp_path: Path) -> None:
    deck = nasty_deck()
    other = dataclasses.replace(deck, id="other-deck")
    with ProgressStore(tmp_path / "s.sqlite3") as store:
        fill_store(store, deck, {"basic-short": ["wrong"]})
        fill_store(store, other, {"basic-short": ["correct"], "tf-rtl": ["correct"]}, day=1)
        answers = list(store.answer_outcomes())
        sessions = store.sessions()
    now = START + timedelta(days=1, hours=1)
    both = build_report(ReportInput("s", "s", [deck, other], answers, sessions, now))
    assert [d.id for d in both.decks] == ["nasty-deck", "other-deck"]
    assert [q.key for q in both.quizzes] == ["nasty-deck", "other-deck"]
    only = build_report(
        ReportInput("s", "s", [deck, other], answers, sessions, now, deck_ids=("other-deck",))
    )
    assert [d.id for d in only.decks] == ["other-deck"]
    assert only.total.answered == 2 and only.total.wrong == 0
    assert [q.key for q in only.quizzes] == ["other-deck"]
    assert only.study_seconds == 90
