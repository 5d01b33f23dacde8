"""Generic CSV: one row per card with every field, safe to open in a spreadsheet (spec 7.1)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence

from quizapp.core.exports.common import (
    ExportFile,
    ExportOptions,
    ExportResult,
    ReportBuilder,
    clean,
    computed,
    number,
)
from quizapp.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    Deck,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)

COLUMNS = (
    "deck",
    "id",
    "kind",
    "prompt",
    "answer",
    "accept",
    "options",
    "correct",
    "multiple",
    "shuffle",
    "items",
    "tolerance",
    "unit",
    "tags",
    "explain",
    "strict",
    "source_ref",
    "source_quote",
)
"""Column order is part of the format; list cells are JSON arrays."""

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(cell: str) -> str:
    """Prefix `'` to a cell a spreadsheet would run as a formula; plain numbers stay as they are."""
    probe = cell.lstrip(" ")
    if probe[:1] in TRIGGERS and not PLAIN_NUMBER.fullmatch(cell.strip()):
        return "'" + cell
    return cell


def _json(values: Sequence[object]) -> str:
    return json.dumps(list(values), ensure_ascii=False) if values else ""


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def card_row(deck: Deck, card: Card) -> dict[str, str]:
    """Every field of a card as text, keyed by column name."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        deck=deck.id,
        id=card.id,
        kind=card.kind.value,
        tags=_json(card.tags),
        explain=clean(card.explain or ""),
        strict=_flag(card.strict),
        source_ref=card.source.ref if card.source else "",
        source_quote=clean(card.source.quote) if card.source else "",
    )
    match card:
        case BasicCard():
            row.update(prompt=clean(card.front), answer=clean(card.back))
        case TypedCard():
            row.update(prompt=clean(card.question), answer=clean(card.answer))
            row.update(accept=_json([clean(a) for a in card.accept]))
        case ChoiceCard():
            row.update(prompt=clean(card.question), options=_json(map_clean(card.options)))
            row.update(answer=_json(map_clean(card.correct_options)))
            row.update(correct=_json([i + 1 for i in sorted(card.correct)]))
            row.update(multiple=_flag(card.multiple), shuffle=_flag(card.shuffle))
        case TrueFalseCard():
            row.update(prompt=clean(card.statement), answer=_flag(card.answer))
        case ClozeCard():
            row.update(
                prompt=clean(card.text), answer=_json(map_clean(g.answer for g in card.gaps))
            )
            row.update(accept=_json([map_clean(g.accept) for g in card.gaps]))
        case OrderCard():
            row.update(prompt=clean(card.question), items=_json(map_clean(card.items)))
        case NumericCard():
            row.update(prompt=clean(card.question), answer=number(card.answer))
            if card.tolerance:
                tol = (
                    computed(card.tolerance * 100) + "%"
                    if card.relative
                    else number(card.tolerance)
                )
                row.update(tolerance=tol)
            row.update(unit=clean(card.unit or ""))
    return row


def map_clean(values: Iterable[str]) -> list[str]:
    return [clean(v) for v in values]


def export_csv(deck: Deck, cards: Sequence[Card], options: ExportOptions) -> ExportResult:
    """Write UTF-8 (with BOM, for Excel) CSV, every cell quoted and formula triggers neutralised."""
    report = ReportBuilder("csv", deck.id, len(cards))
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for card in cards:
        row = card_row(deck, card)
        cells = []
        for column in COLUMNS:
            safe = neutralise(row[column])
            if safe != row[column]:
                report.change(card, f"{column} starts with {row[column][:1]!r}: prefixed with '")
            cells.append(safe)
        writer.writerow(cells)
    data = out.getvalue().encode("utf-8-sig")
    return ExportResult((ExportFile(".csv", data),), report.build())
