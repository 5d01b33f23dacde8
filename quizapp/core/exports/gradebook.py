"""The class gradebook as CSV, XLSX or HTML: a student table and a card difficulty table."""

from __future__ import annotations

import csv
import html
import io
from datetime import UTC, datetime

from quizapp.core.exports.common import ExportError, ExportFile, clean
from quizapp.core.exports.csv_deck import neutralise
from quizapp.core.exports.kahoot import CELL_LIMIT, RISKY_START
from quizapp.core.exports.worksheet import CSP
from quizapp.core.results import Gradebook

Table = tuple[list[str], list[list[str]]]
FORMATS = (".csv", ".xlsx", ".html")


def _percent(value: float) -> str:
    return f"{value * 100:.1f}"


def student_table(book: Gradebook) -> Table:
    """One row per student, a column per quiz (best score, %), then the totals."""
    header = ["Student", "Profile", "Report date", *(f"{q} (%)" for q in book.quizzes)]
    header += ["Accuracy (%)", "Answers", "Study time (min)", "Streak (days)", "Report file"]
    rows = []
    for s in book.students:
        scores = [_percent(s.scores[q]) if q in s.scores else "" for q in book.quizzes]
        rows.append(
            [
                clean(s.student),
                clean(s.profile),
                s.generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                *scores,
                _percent(s.accuracy) if s.answered else "",  # no answers: no figure, not 0
                str(s.answered),
                f"{s.study_seconds / 60:.0f}",
                str(s.streak),
                clean(s.source),
            ]
        )
    return header, rows


def card_table(book: Gradebook) -> Table:
    """The cards the class finds hardest first: share of students who missed each one."""
    header = ["Deck", "Card", "Prompt", "Students", "Missed", "Missed (%)", "Accuracy (%)"]
    rows = [
        [
            c.deck_id,
            c.card_id,
            clean(c.prompt),
            str(c.students),
            str(c.missed),
            _percent(c.missed_share),
            _percent(c.accuracy),
        ]
        for c in book.cards
    ]
    return header, rows


def _csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    header, rows = table
    for row in (header, *rows):
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def _xlsx(book: Gradebook) -> bytes:
    import xlsxwriter  # type: ignore[import-untyped]

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties({"created": datetime(2000, 1, 1, tzinfo=UTC)})
    quoted = workbook.add_format({"quote_prefix": True})
    bold = workbook.add_format({"bold": True})
    students = student_table(book)
    student_numbers = set(range(3, len(students[0]) - 1))
    tables = (("Students", students, student_numbers), ("Cards", card_table(book), {3, 4, 5, 6}))
    for name, (header, rows), numeric in tables:
        sheet = workbook.add_worksheet(name)
        for col, title in enumerate(header):
            sheet.write_string(0, col, title[:CELL_LIMIT], bold)
        for r, row in enumerate(rows, 1):
            for col, value in enumerate(row):
                if not value:
                    continue  # a blank cell, which sorts and averages as one
                if col in numeric:
                    # Scores and counts stay numbers, so a teacher can sort and average them.
                    sheet.write_number(r, col, float(value))
                    continue
                risky = value.lstrip(" ").startswith(RISKY_START)
                sheet.write_string(r, col, value[:CELL_LIMIT], quoted if risky else None)
    if book.notes:
        sheet = workbook.add_worksheet("Notes")
        for r, note in enumerate(book.notes):
            sheet.write_string(r, 0, clean(note)[:CELL_LIMIT], quoted)
    workbook.close()
    return buffer.getvalue()


def _html_table(caption: str, table: Table) -> str:
    header, rows = table
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>\n"
        for row in rows
    )
    return (
        f"<table>\n<caption>{html.escape(caption)}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"
    )


def _html(book: Gradebook) -> bytes:
    notes = "".join(f"<li>{html.escape(clean(n))}</li>" for n in book.notes)
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        "<title>Gradebook</title>\n<style>\n"
        "body { font: 11pt/1.4 sans-serif; margin: 1em; }\n"
        "table { border-collapse: collapse; margin: 0 0 2em; }\n"
        "th, td { border: 1px solid #999; padding: 2px 6px; text-align: left; }\n"
        "caption { font-weight: bold; text-align: left; padding: 0 0 4px; }\n"
        "td { overflow-wrap: anywhere; unicode-bidi: plaintext; }\n"
        "</style>\n</head>\n<body>\n<h1>Gradebook</h1>\n"
        + _html_table("Students (best score per quiz)", student_table(book))
        + _html_table("Cards, hardest first (share of students who missed each)", card_table(book))
        + (f"<h2>Notes</h2>\n<ul>\n{notes}</ul>\n" if notes else "")
        + "</body>\n</html>\n"
    )
    return page.encode("utf-8")


def export_gradebook(book: Gradebook, extension: str) -> tuple[ExportFile, ...]:
    """The gradebook files for `.csv` (two files: students and `-cards`), `.xlsx` or `.html`.

    Raises:
        ExportError: another extension.
    """
    extension = extension.lower()
    if extension == ".csv":
        return (
            ExportFile(".csv", _csv(student_table(book))),
            ExportFile(".csv", _csv(card_table(book)), suffix="-cards"),
        )
    if extension == ".xlsx":
        return (ExportFile(".xlsx", _xlsx(book)),)
    if extension == ".html":
        return (ExportFile(".html", _html(book)),)
    raise ExportError(f"gradebook files end in {', '.join(FORMATS)}, not {extension or '(none)'}")
