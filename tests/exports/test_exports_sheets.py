"""Kahoot XLSX, CSV and Quizlet: no formula can run, limits hold, text survives intact."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.exports import ExportOptions, export_deck
from quizapp.core.exports.common import clean
from quizapp.core.exports.csv_deck import COLUMNS, neutralise
from quizapp.core.exports.kahoot import HEADERS, TIME_LIMITS, allowed_time
from quizapp.core.model import ChoiceCard, Deck


def kahoot_xml(deck: Deck, **options: int) -> str:
    data = export_deck(deck, "kahoot", ExportOptions(**options)).files[0].data  # type: ignore[arg-type]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_exports_kahoot_has_no_formula_and_only_string_cells(deck: Deck) -> None:
    sheet = kahoot_xml(deck)
    assert "<f>" not in sheet and "<f " not in sheet
    cells = re.findall(r"<c ([^>]*?)/?>", sheet)
    assert cells
    for attrs in cells:
        assert 't="s"' in attrs or 't="inlineStr"' in attrs, attrs


def test_exports_kahoot_cells_are_strings_with_template_headers(deck: Deck) -> None:
    import openpyxl  # type: ignore[import-untyped]

    data = export_deck(deck, "kahoot").files[0].data
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert tuple(c.value or "" for c in sheet[8]) == HEADERS
    rows = [list(r) for r in sheet.iter_rows(min_row=9)]
    assert len(rows) == 3
    for row in rows:
        for cell in row:
            assert cell.value is None or cell.data_type == "s"
        question, *answers = (c.value or "" for c in row[1:6])
        assert len(question) <= 120 and all(len(a) <= 75 for a in answers)
        assert int(row[6].value) in TIME_LIMITS
        correct = [int(n) for n in row[7].value.split(",")]
        assert correct and all(answers[n - 1] for n in correct)
    by_question = {r[1].value: r for r in rows}
    single = by_question["Pick one ~ = # { } : \\ % * -> // \" ' < > & ]]> &&035;"]
    answers = [c.value for c in single[2:6]]
    assert "]]>" in answers and answers[int(single[7].value) - 1] == "]]>"
    risky = [c for c in single[2:6] if str(c.value).startswith(("+", "-", "@"))]
    assert risky and all(c.quotePrefix for c in risky)
    multi = by_question["Pick all the even numbers"]
    assert multi[7].value == "1,3"
    assert multi[5].value == "=1+1" and multi[5].data_type == "s"


def test_exports_kahoot_time_limit_is_rounded_and_reported(deck: Deck) -> None:
    assert [allowed_time(s) for s in (1, 7, 15, 25, 45, 100, 1000)] == [5, 5, 10, 20, 30, 90, 240]
    result = export_deck(deck, "kahoot", ExportOptions(time_limit=45))
    assert 't="s"' in kahoot_xml(deck, time_limit=45)
    assert any("rounded to 30 s" in line.reason for line in result.report.lines)


def test_exports_kahoot_reports_each_card_it_cannot_hold(deck: Deck) -> None:
    report = export_deck(deck, "kahoot").report
    assert report.exported == 3
    assert set(report.skipped) == {
        "basic-short", "basic-long", "typed-formula", "cloze-one", "cloze-two",
        "order-four", "order-two", "numeric-unit", "numeric-negative", "choice-long",
    }  # fmt: skip
    assert "3 of 13 cards exported (1 changed, 10 skipped)" in report.summary()


def test_exports_kahoot_skips_a_card_whose_options_read_the_same_on_one_line() -> None:
    card = ChoiceCard(
        id="lines", question="Which?", options=("line\none", "line one", "other"),
        correct=frozenset({0}),
    )  # fmt: skip
    report = export_deck(Deck(id="d", title="D", cards=(card,)), "kahoot").report
    assert report.skipped == ("lines",) and report.exported == 0
    assert "two options read the same on one line" in report.render()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-A1", "'-A1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\nx", "'\nx"),
        (" =1", "' =1"),
        ("-5", "-5"),
        ("+3.2", "+3.2"),
        ("1e3", "1e3"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_exports_csv_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


@given(st.text())
def test_exports_csv_neutralised_cell_never_starts_a_formula(cell: str) -> None:
    safe = neutralise(cell)
    assert safe == cell or safe == "'" + cell
    start = safe.lstrip(" ")[:1]
    assert start not in ("=", "+", "-", "@", "\t", "\r", "\n") or re.fullmatch(
        r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", cell.strip()
    )


def test_exports_csv_round_trips_through_csv_reader(deck: Deck) -> None:
    result = export_deck(deck, "csv")
    text = result.files[0].data.decode("utf-8-sig")
    assert text.count('"\r\n') == len(deck.cards) + 1
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(deck.cards) + 1
    by_id = {row[1]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}
    for card in deck.cards:
        assert by_id[card.id]["kind"] == card.kind.value
    assert by_id["typed-formula"]["answer"] == "'" + '=HYPERLINK("http://evil.example","click")'
    assert by_id["basic-long"]["prompt"] == clean(
        "Describe\nthe {process}: step\tby step \U0001f389"
    )
    assert by_id["numeric-negative"]["answer"] == "-5"
    assert by_id["tf-rtl"]["prompt"].startswith("שלום")
    assert by_id["typed-formula"]["prompt"] == "Type the formula { } : \\ bell"  # bell removed
    assert result.report.changed == ("typed-formula",)


def test_exports_quizlet_is_one_line_per_card(deck: Deck) -> None:
    text = export_deck(deck, "quizlet").files[0].data.decode("utf-8")
    lines = text.split("\n")
    assert lines[-1] == ""
    assert len(lines) - 1 == len(deck.cards)
    for line in lines[:-1]:
        assert line.count("\t") == 1
        term, definition = line.split("\t")
        assert term and definition
