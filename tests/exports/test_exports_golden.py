"""Golden files: each exporter's output for the fixture deck, byte for byte (or cell for cell)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest

from quizapp.core.exports import FORMATS, ExportOptions, export_deck
from quizapp.core.model import Deck
from tests.exports.exports_helpers import check_golden

TEXT_FORMATS = {"gift": "gift.txt", "moodle-xml": "moodle.xml", "quizlet": "quizlet.txt"}


@pytest.mark.parametrize("fmt", sorted(TEXT_FORMATS))
def test_exports_text_target_matches_golden(deck: Deck, fmt: str) -> None:
    result = export_deck(deck, fmt)
    check_golden(TEXT_FORMATS[fmt], result.files[0].data.decode("utf-8"))


def test_exports_csv_matches_golden(deck: Deck) -> None:
    data = export_deck(deck, "csv").files[0].data
    assert data.startswith(b"\xef\xbb\xbf")
    # Rows, not raw text: CRLF row ends beside LF inside cells would not survive every checkout.
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    check_golden("deck-csv-rows.json", json.dumps(rows, ensure_ascii=False, indent=1) + "\n")


def test_exports_worksheet_matches_golden(deck: Deck) -> None:
    result = export_deck(deck, "html", ExportOptions(variants=2, seed="7"))
    check_golden("worksheet.html", result.files[0].data.decode("utf-8"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_report_matches_golden(deck: Deck, fmt: str) -> None:
    check_golden(f"{fmt}.export-report.txt", export_deck(deck, fmt).report.render())


def anki_notes(apkg: bytes) -> list[dict[str, object]]:
    """The notes of an .apkg as plain records, read with sqlite3 from its collection."""
    with zipfile.ZipFile(io.BytesIO(apkg)) as archive, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        db.write_bytes(archive.read("collection.anki2"))
        con = sqlite3.connect(db)
        try:
            rows = con.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
        finally:
            con.close()
    return [
        {"guid": g, "model": m, "fields": f.split("\x1f"), "tags": t.split()} for g, m, f, t in rows
    ]


def test_exports_anki_notes_match_golden(deck: Deck) -> None:
    result = export_deck(deck, "anki", ExportOptions(timestamp=1_700_000_000.0))
    notes = anki_notes(result.files[0].data)
    check_golden("anki-notes.json", json.dumps(notes, ensure_ascii=False, indent=1) + "\n")


def test_exports_kahoot_cells_match_golden(deck: Deck) -> None:
    import openpyxl  # type: ignore[import-untyped]

    data = export_deck(deck, "kahoot").files[0].data
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    check_golden("kahoot-cells.json", json.dumps(rows, ensure_ascii=False, indent=1) + "\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_deterministic(deck: Deck, fmt: str) -> None:
    options = ExportOptions(timestamp=1_700_000_000.0)
    first = export_deck(deck, fmt, options)
    second = export_deck(deck, fmt, options)
    if fmt == "anki":  # the zip stores write times; the notes are what must not move
        assert anki_notes(first.files[0].data) == anki_notes(second.files[0].data)
    else:
        assert first.files == second.files
    assert first.report == second.report
