"""Kahoot! spreadsheet import (.xlsx): choice questions only, every cell a string (spec 4.1)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime

from quizapp.core.exports.common import (
    ExportFile,
    ExportOptions,
    ExportResult,
    ReportBuilder,
    clean,
    labels,
    one_line,
    rng_for,
    shuffled_order,
)
from quizapp.core.model import Card, ChoiceCard, Deck, TrueFalseCard

HEADERS = (
    "",
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)
HEADER_ROW = 7
"""0-based: the template's headers sit in row 8, questions start in row 9."""
MAX_QUESTION = 120
MAX_ANSWER = 75
MAX_ANSWERS = 4
TIME_LIMITS = (5, 10, 20, 30, 60, 90, 120, 240)
RISKY_START = ("=", "+", "-", "@", "\t", "\r", "\n")
CELL_LIMIT = 32_767


def allowed_time(seconds: int) -> int:
    """The nearest time limit Kahoot accepts (the lower one on a tie)."""
    return min(TIME_LIMITS, key=lambda t: (abs(t - seconds), t))


def _question(
    deck: Deck, card: Card, report: ReportBuilder
) -> tuple[str, list[str], list[int]] | None:
    """Question text, answers and 1-based correct numbers, or None (reported) if Kahoot cannot."""
    if isinstance(card, TrueFalseCard):
        words = labels(deck.language)
        return one_line(card.statement), [words["true"], words["false"]], [1 if card.answer else 2]
    if not isinstance(card, ChoiceCard):
        report.skip(card, f"{card.kind.value} cards cannot be Kahoot quiz questions")
        return None
    indexes = list(range(len(card.options)))
    if len(indexes) > MAX_ANSWERS:
        if card.multiple:
            report.skip(card, "more than 4 options: dropping some would change the answer")
            return None
        wrong = [i for i in indexes if i not in card.correct]
        kept = sorted(rng_for(deck.id, card.id, "kahoot").sample(wrong, MAX_ANSWERS - 1))
        indexes = sorted([*card.correct, *kept])
        dropped = len(card.options) - MAX_ANSWERS
        report.change(card, f"{dropped} wrong option(s) left out (Kahoot takes 4 answers)")
    if card.shuffle:  # in a seeded order: decks often write the right option first
        order = shuffled_order(len(indexes), rng_for(deck.id, card.id, "kahoot", "options"))
        indexes = [indexes[j] for j in order]
    answers = [one_line(card.options[i]) for i in indexes]
    if len(set(answers)) < len(answers):
        report.skip(card, "two options read the same on one line (Kahoot has no line breaks)")
        return None
    correct = [n for n, i in enumerate(indexes, 1) if i in card.correct]
    return one_line(card.question), answers, correct


def export_kahoot(deck: Deck, cards: Sequence[Card], options: ExportOptions) -> ExportResult:
    """Write Kahoot's template layout with one quiz question per row from row 9."""
    import xlsxwriter  # type: ignore[import-untyped]

    report = ReportBuilder("kahoot", deck.id, len(cards))
    limit = allowed_time(options.time_limit)
    rows: list[list[str]] = []
    for card in cards:
        question = _question(deck, card, report)
        if question is None:
            continue
        text, answers, correct = question
        if len(text) > MAX_QUESTION:
            report.skip(card, f"question has {len(text)} characters (Kahoot: {MAX_QUESTION})")
            continue
        too_long = [n for n, a in enumerate(answers, 1) if len(a) > MAX_ANSWER]
        if too_long:
            report.skip(card, f"answer {too_long[0]} is over {MAX_ANSWER} characters")
            continue
        originals = [card.prompt, *(card.options if isinstance(card, ChoiceCard) else ())]
        if any(one_line(t) != clean(t) for t in originals):
            report.change(card, "line breaks and tabs written as spaces")
        if limit != options.time_limit:
            report.change(card, f"time limit {options.time_limit} s rounded to {limit} s")
        if card.explain:
            report.change(card, "explanation left out (the template has no place for it)")
        padded = answers + [""] * (MAX_ANSWERS - len(answers))
        rows.append([str(len(rows) + 1), text, *padded, str(limit), ",".join(map(str, correct))])

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    # A fixed creation date keeps the file byte-stable for the same deck.
    book.set_properties({"title": clean(deck.title), "created": datetime(2000, 1, 1, tzinfo=UTC)})
    sheet = book.add_worksheet("Sheet1")
    quoted = book.add_format({"quote_prefix": True})
    bold = book.add_format({"bold": True})
    sheet.write_string(0, 1, "Quiz template")
    sheet.write_string(1, 1, clean(deck.title)[:CELL_LIMIT], quoted)
    for col, header in enumerate(HEADERS):
        sheet.write_string(HEADER_ROW, col, header, bold)
    for r, row in enumerate(rows, HEADER_ROW + 1):
        for col, value in enumerate(row):
            cell_format = quoted if value.lstrip(" ").startswith(RISKY_START) else None
            sheet.write_string(r, col, value[:CELL_LIMIT], cell_format)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 5, 30)
    book.close()
    return ExportResult((ExportFile(".xlsx", buffer.getvalue()),), report.build())
