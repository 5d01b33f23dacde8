"""Moodle GIFT: one question per line, every piece of deck text escaped (spec section 1)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from quizapp.core.exports.common import (
    ExportFile,
    ExportOptions,
    ExportResult,
    ReportBuilder,
    clean,
    computed,
    gap_texts,
    html_text,
    moodle_spellings,
    number,
    ordinal,
    tolerance_abs,
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

GIFT_SPECIAL = frozenset("\\~=#{}:")
SHORT_BACK = 40
"""A basic card's back up to this length becomes a short-answer key; longer backs an essay."""
MAX_WEIGHTED = 10
"""100/n is in Moodle's grade list only for n = 1…10."""
UNWRITABLE_KEY = re.compile(r"->|&&\d{3}")
"""What a short-answer key cannot hold, having no escape: `->` makes Moodle read the block as
a matching question (which then fails to import), and `&&035;` and the like are Moodle's own
placeholders for escaped characters, decoded on import (`R&&035;D` would become `R#D`)."""


def gift_escape(text: str) -> str:
    """Escape `\\ ~ = # { } :` with a backslash and newlines as `\\n` (Moodle's own rule)."""
    out: list[str] = []
    for ch in text.replace("\r\n", "\n").replace("\r", "\n"):
        if ch in GIFT_SPECIAL:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    return "".join(out)


def _text(text: str) -> str:
    """Question, option or feedback text: HTML first, then GIFT (spec 0.1 step 4)."""
    return gift_escape(html_text(text))


def _short_answer(text: str) -> str:
    """A short-answer key: plain text (Moodle compares it with the typed response as is, so it
    is not HTML-escaped); `*` is Moodle's wildcard and is written `\\*` before GIFT escaping."""
    return gift_escape(clean(text).replace("*", "\\*"))


def weight(count: int) -> str:
    """100/count with 5 decimals, trailing zeros dropped: a value from Moodle's grade list."""
    return f"{100 / count:.5f}".rstrip("0").rstrip(".")


def _answers_block(card: Card, answers: Sequence[str], report: ReportBuilder) -> str | None:
    """`=%100%key …` for the keys GIFT can hold; None when the first (the answer) is not one.
    The accepted alternatives it cannot hold are left out and listed in the report."""
    keys = list(dict.fromkeys(answers))
    if UNWRITABLE_KEY.search(keys[0]):
        return None
    for key in keys[1:]:
        if UNWRITABLE_KEY.search(key):
            report.change(card, f"accepted answer {key!r} left out: {_why(key)}")
    return " ".join(f"=%100%{_short_answer(k)}" for k in keys if not UNWRITABLE_KEY.search(k))


def _why(key: str) -> str:
    if "->" in key:
        return "GIFT reads '->' in a short answer as a matching question"
    return "GIFT decodes '&&' followed by three digits in a short answer"


def _feedback(card: Card) -> str:
    return f" ####{_text(card.explain)}" if card.explain else ""


def _question(deck: Deck, card: Card, report: ReportBuilder) -> str | None:
    """The body after the title: `[html]text{answers}`, or None when GIFT cannot hold the card."""
    fb = _feedback(card)
    match card:
        case BasicCard():
            back = clean(card.back)
            if len(back) <= SHORT_BACK and "\n" not in back:
                block = _answers_block(card, [back], report)
                if block is not None:
                    report.change(card, "basic card written as a short-answer question")
                    return f"[html]{_text(card.front)}{{{block}{fb}}}"
                report.change(card, f"written as an essay with the back as feedback: {_why(back)}")
            else:
                report.change(card, "long back: written as an essay with the back as feedback")
            feedback = _text(card.back) + (f"<br><br>{_text(card.explain)}" if card.explain else "")
            return f"[html]{_text(card.front)}{{####{feedback}}}"
        case TypedCard():
            spellings = moodle_spellings(deck, card, [card.answer, *card.accept], report)
            block = _answers_block(card, spellings, report)
            if block is None:
                report.skip(card, f"{_why(clean(card.answer))}: use moodle-xml for this card")
                return None
            return f"[html]{_text(card.question)}{{{block}{fb}}}"
        case ChoiceCard():
            return _choice(card, report, fb)
        case TrueFalseCard():
            return f"[html]{_text(card.statement)}{{{'TRUE' if card.answer else 'FALSE'}{fb}}}"
        case ClozeCard():
            if len(card.gaps) != 1:
                report.skip(card, "GIFT holds one gap per question: use moodle-xml for this cloze")
                return None
            before, after = gap_texts(card)
            gap = card.gaps[0]
            block = _answers_block(
                card, moodle_spellings(deck, card, [gap.answer, *gap.accept], report), report
            )
            if block is None:
                report.skip(card, f"{_why(clean(gap.answer))}: use moodle-xml for this cloze")
                return None
            # A block at the very end is removed, not blanked, so draw the blank ourselves.
            blank = "" if after.strip() else "_____"
            tail = gift_escape(html_text(after, strip=False)) if after.strip() else ""
            head = gift_escape(html_text(before, strip=False))
            return f"[html]{head}{blank}{{{block}{fb}}}{tail}"
        case OrderCard():
            if len(card.items) < 3:
                report.skip(card, "ordering needs 3 items to become a GIFT matching question")
                return None
            report.change(card, "ordering written as matching (item -> position)")
            pairs = " ".join(
                f"={_text(item)} -> {ordinal(i)}" for i, item in enumerate(card.items, 1)
            )
            return f"[html]{_text(card.question)}{{{pairs}{fb}}}"
        case NumericCard():
            text = _text(card.question)
            if card.unit:
                text += gift_escape(html_text(f" [{card.unit}]", strip=False))
                report.change(card, "GIFT has no units: the unit is shown in the question")
            return f"[html]{text}{{#{number(card.answer)}:{computed(tolerance_abs(card))}{fb}}}"
    raise AssertionError(f"unknown card kind {card!r}")  # pragma: no cover


def _choice(card: ChoiceCard, report: ReportBuilder, fb: str) -> str | None:
    stem = _text(card.question)
    if not card.multiple:
        # `=` marks the right option, with no weight after it: in a multiple-choice block
        # Moodle reads `=%100%x` as the text "%100%x" (a weight follows `~` only).
        opts = [
            f"={_text(o)}" if i in card.correct else f"~%0%{_text(o)}"
            for i, o in enumerate(card.options)
        ]
        return f"[html]{stem}{{{' '.join(opts)}{fb}}}"
    right = len(card.correct)
    if right > MAX_WEIGHTED:
        report.skip(card, "more than 10 correct options do not fit Moodle's grade list")
        return None
    w = weight(right)
    opts = [
        f"~%{w}%{_text(o)}" if i in card.correct else f"~%-{w}%{_text(o)}"
        for i, o in enumerate(card.options)
    ]
    return f"[html]{stem}{{{' '.join(opts)}{fb}}}"


def export_gift(deck: Deck, cards: Sequence[Card], options: ExportOptions) -> ExportResult:
    """Write a GIFT file: a category block, then one commented, titled line per question."""
    report = ReportBuilder("gift", deck.id, len(cards))
    blocks = [
        f"// quizapp deck: {one_comment(deck.id)}",
        f"$CATEGORY: $course$/top/quizapp/{deck.id}",
    ]
    for card in cards:
        body = _question(deck, card, report)
        if body is None:
            continue
        blocks.append(f"// id: {deck.id}/{card.id}\n::{gift_escape(card.id)}::{body}")
    text = "\n\n".join(blocks) + "\n"
    return ExportResult((ExportFile(".txt", text.encode("utf-8")),), report.build())


def one_comment(text: str) -> str:
    """Text safe on a `//` comment line (no line breaks)."""
    return " ".join(clean(text).split())
