"""Export injection (issue 6): the cases no test under tests/exports covered yet.

Already covered, and not repeated here:
- CSV formula triggers, cell by cell: tests/exports/test_exports_sheets.py
  (`test_exports_csv_neutralise` for = + - @ tab newline and a leading space, and the
  property `test_exports_csv_neutralised_cell_never_starts_a_formula` for any text, CR too);
  `test_exports_csv_round_trips_through_csv_reader` for `=HYPERLINK(...)` in a real export.
- XLSX (Kahoot): no `<f>` element, only string cells, `quotePrefix` on + - @ cells, "=1+1" kept
  as text: `test_exports_kahoot_has_no_formula_and_only_string_cells`,
  `test_exports_kahoot_cells_are_strings_with_template_headers`.
- Gradebook CSV/XLSX/HTML with a student named `=HYPERLINK("x")<script>`:
  tests/exports/test_exports_results.py `test_exports_gradebook_files_are_escaped`.
- HTML worksheet inert (no script, no on* handler, CSP, `<script>` shown as text):
  tests/exports/test_exports_worksheet.py `test_exports_worksheet_is_inert`.
- XML (Moodle) and `]]>`, `<script>` in question text: tests/exports/test_exports_moodle.py
  `test_exports_moodle_xml_parses_with_grades_and_cloze_gaps`.
- GIFT `~ = # { } :` escaped and round-tripped: `test_exports_gift_escape_round_trips_and_
  leaves_no_special` (any text) and `test_exports_gift_questions_are_single_lines_with_one_block`.
- Every target on random hostile text: tests/exports/test_exports_fuzz.py.

Added here: each trigger (= + - @ tab CR) at the start of every text field of a real CSV deck
export, of the student report CSV (deck title, tags, card prompts, student name) and of the
gradebook CSV/XLSX (student name); and an attribute break-out in the HTML worksheet.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pytest

from quizapp.core.exports import export_deck
from quizapp.core.exports.csv_deck import PLAIN_NUMBER
from quizapp.core.exports.gradebook import export_gradebook
from quizapp.core.exports.report_file import report_csv
from quizapp.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    Deck,
    OrderCard,
    SourceQuote,
    TypedCard,
)
from quizapp.core.results import build_gradebook
from tests.exports.test_exports_results import make_report
from tests.exports.test_exports_worksheet import parse

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PAYLOAD = "cmd|' /C calc'!A0"


def dangerous(cell: str) -> bool:
    """Would a spreadsheet run this cell? (a leading quote makes it text; numbers are numbers)"""
    start = cell.lstrip(" ")[:1]
    return start in ("=", "+", "-", "@", "\t", "\r", "\n") and not PLAIN_NUMBER.fullmatch(
        cell.strip()
    )


def hostile_deck(trigger: str) -> Deck:
    evil = f"{trigger}{PAYLOAD}"
    cards: tuple[Card, ...] = (
        TypedCard(
            id="typed",
            question=evil,
            answer=evil,
            accept=(evil,),
            tags=(f"{trigger}tag",),
            explain=evil,
            source=SourceQuote(ref="src", quote=evil),
        ),
        BasicCard(id="basic", front=evil, back=evil),
        ChoiceCard(id="choice", question=evil, options=(evil, "b"), correct=frozenset({0})),
        OrderCard(id="order", question=evil, items=(evil, "z")),
    )
    return Deck(id="evil", title=f"{trigger}Deck {PAYLOAD}", cards=cards, tags=(f"{trigger}tag",))


def csv_cells(data: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [cell for row in rows for cell in row]


@pytest.mark.parametrize("trigger", TRIGGERS, ids=repr)
def test_exports_csv_deck_neutralises_each_trigger_in_every_field(trigger: str) -> None:
    cells = csv_cells(export_deck(hostile_deck(trigger), "csv").files[0].data)
    assert sum(PAYLOAD in cell for cell in cells) >= 10  # the text is kept, made inert
    assert [cell for cell in cells if dangerous(cell)] == []


@pytest.mark.parametrize("trigger", TRIGGERS, ids=repr)
def test_exports_report_csv_neutralises_titles_tags_prompts_and_name(
    tmp_path: Path, trigger: str
) -> None:
    deck = hostile_deck(trigger)
    report = make_report(tmp_path, "ana", [{"typed": ["wrong"], "basic": ["correct"]}], deck)
    report = dataclasses.replace(report, student=f"{trigger}Student", profile=f"{trigger}ana")
    cells = csv_cells(report_csv(report))
    assert any(PAYLOAD in cell for cell in cells) and any("Student" in cell for cell in cells)
    assert [cell for cell in cells if dangerous(cell)] == []


@pytest.mark.parametrize("trigger", TRIGGERS, ids=repr)
def test_exports_gradebook_csv_and_xlsx_keep_each_trigger_as_text(
    tmp_path: Path, trigger: str
) -> None:
    report = make_report(tmp_path, "ana", [{"typed": ["wrong"]}], hostile_deck(trigger))
    report = dataclasses.replace(report, student=f"{trigger}{PAYLOAD}")
    book = build_gradebook([("evil.json", report)])
    students, cards = export_gradebook(book, ".csv")
    cells = csv_cells(students.data) + csv_cells(cards.data)
    assert any(PAYLOAD in cell for cell in cells)
    assert [cell for cell in cells if dangerous(cell)] == []
    (sheet,) = export_gradebook(book, ".xlsx")
    with zipfile.ZipFile(io.BytesIO(sheet.data)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
    assert sheets and not any("<f>" in xml or "<f " in xml for xml in sheets)
    import openpyxl  # type: ignore[import-untyped]

    name = openpyxl.load_workbook(io.BytesIO(sheet.data))["Students"]["A2"]
    assert PAYLOAD in name.value and name.data_type == "s"  # text (a tab or CR is dropped)


def test_exports_worksheet_attribute_break_out_stays_text() -> None:
    breakout = "\"'><img src=x onerror=alert(1)></textarea><svg onload=alert(2)>"
    deck = Deck(
        id="evil",
        title=breakout,
        cards=(
            TypedCard(id="t", question=breakout, answer=breakout, explain=breakout),
            ChoiceCard(id="c", question="Pick", options=(breakout, "b"), correct=frozenset({0})),
        ),
    )
    html = export_deck(deck, "html").files[0].data
    page = html.decode("utf-8")
    parsed = parse(html)
    names = {tag for tag, _ in parsed.tags}
    assert "img" not in names and "svg" not in names and "script" not in names
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    assert "".join(parsed.text).count("<img src=x onerror=alert(1)>") >= 3  # shown, intact
    assert not re.search(r"<img|<svg", page, re.IGNORECASE)
