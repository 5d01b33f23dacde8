"""Quizlet paste import: `term<TAB>definition` per line (spec 4.2)."""

from __future__ import annotations

from collections.abc import Sequence

from quizapp.core.exports.common import (
    ExportFile,
    ExportOptions,
    ExportResult,
    ReportBuilder,
    clean,
    labels,
    numeric_answer,
    one_line,
    rng_for,
    shuffled_order,
)
from quizapp.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    ClozeGap,
    Deck,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)


def term_and_definition(deck: Deck, card: Card, report: ReportBuilder) -> tuple[str, str]:
    """The two sides Quizlet keeps; what the card loses on the way is reported."""
    words = labels(deck.language)
    match card:
        case BasicCard():
            return card.front, card.back
        case TypedCard():
            also = f" ({words['also']}: {'; '.join(card.accept)})" if card.accept else ""
            return card.question, card.answer + also
        case ChoiceCard():
            report.change(card, "only the correct option is kept (Quizlet has no choices)")
            return card.question, "; ".join(card.correct_options)
        case TrueFalseCard():
            return card.statement, words["true"] if card.answer else words["false"]
        case ClozeCard():
            term = "".join("____" if isinstance(p, ClozeGap) else p for p in card.parts)
            return term, " / ".join(g.answer for g in card.gaps)
        case OrderCard():
            order = shuffled_order(
                len(card.items), rng_for(deck.id, card.id, "quizlet"), avoid_identity=True
            )
            term = f"{card.question} {words['in_order']}: " + ", ".join(
                card.items[i] for i in order
            )
            return term, " → ".join(card.items)
        case NumericCard():
            return card.question, numeric_answer(card)
    raise AssertionError(f"unknown card kind {card!r}")  # pragma: no cover


def export_quizlet(deck: Deck, cards: Sequence[Card], options: ExportOptions) -> ExportResult:
    """Write one `term<TAB>definition` line per card (Quizlet's default separators)."""
    report = ReportBuilder("quizlet", deck.id, len(cards))
    lines: list[str] = []
    for card in cards:
        term, definition = term_and_definition(deck, card, report)
        flat_term, flat_definition = one_line(term), one_line(definition)
        if not flat_term or not flat_definition:
            report.skip(card, "empty term or definition")
            continue
        if card.explain:
            report.change(card, "explanation left out (Quizlet has term and definition only)")
        if flat_term != clean(term) or flat_definition != clean(definition):
            report.change(card, "line breaks and tabs written as spaces")
        lines.append(f"{flat_term}\t{flat_definition}")
    text = "".join(line + "\n" for line in lines)
    return ExportResult((ExportFile(".txt", text.encode("utf-8")),), report.build())
