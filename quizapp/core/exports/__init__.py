"""Deck exports to classroom tools: one module per target, pure writers over model records."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from quizapp.core.exports.common import (
    ExportError,
    ExportFile,
    ExportOptions,
    ExportReport,
    ExportResult,
    select_cards,
)
from quizapp.core.model import Card, Deck

Writer = Callable[[Deck, Sequence[Card], ExportOptions], ExportResult]

FORMATS = ("anki", "gift", "moodle-xml", "kahoot", "quizlet", "csv", "html")
"""The `--to` values, in the order the help lists them."""


def _writer(fmt: str) -> Writer:
    # Imported on demand so that `quizapp export --to gift` never loads genanki or xlsxwriter.
    if fmt == "anki":
        from quizapp.core.exports.anki import export_anki

        return export_anki
    if fmt == "gift":
        from quizapp.core.exports.gift import export_gift

        return export_gift
    if fmt == "moodle-xml":
        from quizapp.core.exports.moodle_xml import export_moodle_xml

        return export_moodle_xml
    if fmt == "kahoot":
        from quizapp.core.exports.kahoot import export_kahoot

        return export_kahoot
    if fmt == "quizlet":
        from quizapp.core.exports.quizlet import export_quizlet

        return export_quizlet
    if fmt == "csv":
        from quizapp.core.exports.csv_deck import export_csv

        return export_csv
    if fmt == "html":
        from quizapp.core.exports.worksheet import export_worksheet

        return export_worksheet
    raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")


def export_deck(
    deck: Deck, fmt: str, options: ExportOptions | None = None, tags: Iterable[str] = ()
) -> ExportResult:
    """Export `deck` (only cards carrying one of `tags`, when given) to the format `fmt`.

    Raises:
        ExportError: unknown format, no card left after filtering, or a bad option.
    """
    writer = _writer(fmt)
    wanted = tuple(tags)
    cards = select_cards(deck, wanted)
    if not cards:
        raise ExportError(f"deck {deck.id} has no card tagged {', '.join(wanted)}")
    return writer(deck, cards, options or ExportOptions())


__all__ = [
    "FORMATS",
    "ExportError",
    "ExportFile",
    "ExportOptions",
    "ExportReport",
    "ExportResult",
    "export_deck",
]
