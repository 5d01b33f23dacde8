"""Moodle XML: the preferred Moodle target, built with ElementTree (spec section 2)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from quizapp.core.exports.common import (
    ExportFile,
    ExportOptions,
    ExportResult,
    ReportBuilder,
    clean,
    computed,
    html_text,
    moodle_spellings,
    number,
    tolerance_abs,
)
from quizapp.core.exports.gift import MAX_WEIGHTED, SHORT_BACK, weight
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

GAP_REFS = {
    "{": "&#123;",
    "}": "&#125;",
    "#": "&#35;",
    "~": "&#126;",
    "%": "&#37;",
    "=": "&#61;",
    ":": "&#58;",
    "\\": "&#92;",
}
"""Characters that end or change a cloze gap, as numeric references Moodle decodes (spec 2.3)."""


def gap_escape(text: str) -> str:
    """One alternative inside a `{1:SHORTANSWER:…}` gap: HTML, references, then `\\*`."""
    # Moodle's pattern never ends an answer right after `&amp;`, so `&` is a numeric reference.
    escaped = "".join(GAP_REFS.get(ch, ch) for ch in html_text(text))
    escaped = escaped.replace("&amp;", "&#38;")
    return escaped.replace("*", "\\*")


def _cloze_text(text: str) -> str:
    """Literal text around the gaps: HTML, with braces as references so nothing looks like a gap."""
    escaped = html_text(text, strip=False)
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, attrs)
    if text is not None:
        node.text = text
    return node


def _text_el(parent: ET.Element, tag: str, text: str, fmt: str | None = "html") -> ET.Element:
    node = _sub(parent, tag, **({"format": fmt} if fmt else {}))
    _sub(node, "text", text)
    return node


def _answer(parent: ET.Element, fraction: str, text: str, fmt: str = "html") -> ET.Element:
    node = _sub(parent, "answer", fraction=fraction, format=fmt)
    _sub(node, "text", text)
    _text_el(node, "feedback", "")
    return node


def _question(root: ET.Element, qtype: str, card: Card, text: str) -> ET.Element:
    q = _sub(root, "question", type=qtype)
    name = _sub(q, "name")
    _sub(name, "text", card.id)
    _text_el(q, "questiontext", text)
    _text_el(q, "generalfeedback", html_text(card.explain) if card.explain else "")
    _sub(q, "defaultgrade", "1")
    _sub(q, "penalty", "0.3333333")
    _sub(q, "hidden", "0")
    _sub(q, "idnumber", card.id)
    for tag in card.tags:
        tags = q.find("tags")
        if tags is None:
            tags = _sub(q, "tags")
        _sub(_sub(tags, "tag"), "text", clean(tag))
    return q


def _short_answers(q: ET.Element, answers: Sequence[str]) -> None:
    _sub(q, "usecase", "0")
    for text in dict.fromkeys(clean(a) for a in answers):
        # Short-answer keys are compared with the typed text as is: plain, `*` escaped.
        _answer(q, "100", text.replace("*", "\\*"), fmt="moodle_auto_format")


def _add(root: ET.Element, deck: Deck, card: Card, report: ReportBuilder) -> None:
    match card:
        case BasicCard():
            back = clean(card.back)
            if len(back) <= SHORT_BACK and "\n" not in back:
                report.change(card, "basic card written as a short-answer question")
                _short_answers(_question(root, "shortanswer", card, html_text(card.front)), [back])
                return
            report.change(card, "long back: written as an essay with the back as feedback")
            q = _question(root, "essay", card, html_text(card.front))
            feedback = html_text(card.back)
            if card.explain:
                feedback += f"<br><br>{html_text(card.explain)}"
            q.find("generalfeedback/text").text = feedback  # type: ignore[union-attr]
            _sub(q, "responseformat", "editor")
            _sub(q, "responserequired", "1")
            _sub(q, "responsefieldlines", "10")
            _text_el(q, "graderinfo", html_text(card.back))
        case TypedCard():
            q = _question(root, "shortanswer", card, html_text(card.question))
            _short_answers(q, moodle_spellings(deck, card, [card.answer, *card.accept], report))
        case ChoiceCard():
            _choice(root, card, report)
        case TrueFalseCard():
            q = _question(root, "truefalse", card, html_text(card.statement))
            _answer(q, "100" if card.answer else "0", "true", fmt="moodle_auto_format")
            _answer(q, "0" if card.answer else "100", "false", fmt="moodle_auto_format")
        case ClozeCard():
            pieces: list[str] = []
            for part in card.parts:
                if isinstance(part, str):
                    pieces.append(_cloze_text(part))
                else:
                    spellings = moodle_spellings(deck, card, [part.answer, *part.accept], report)
                    alts = "~".join(f"={gap_escape(a)}" for a in spellings)
                    pieces.append(f"{{1:SHORTANSWER:{alts}}}")
            _question(root, "cloze", card, "".join(pieces).strip())
        case OrderCard():
            q = _question(root, "ordering", card, html_text(card.question))
            for tag, value in (
                ("layouttype", "VERTICAL"),
                ("selecttype", "ALL"),
                ("selectcount", "0"),
                ("gradingtype", "ABSOLUTE_POSITION"),
                ("showgrading", "SHOW"),
                ("numberingstyle", "none"),
            ):
                _sub(q, tag, value)
            for position, item in enumerate(card.items, 1):  # the fraction is the position
                _answer(q, f"{position}.0000000", html_text(item))
        case NumericCard():
            text = html_text(card.question)
            if card.unit:
                text += html_text(f" [{card.unit}]", strip=False)
            q = _question(root, "numerical", card, text)
            node = _answer(q, "100", number(card.answer), fmt="moodle_auto_format")
            _sub(node, "tolerance", computed(tolerance_abs(card)))
            if card.unit:
                units = _sub(q, "units")
                unit = _sub(units, "unit")
                _sub(unit, "multiplier", "1")
                _sub(unit, "unit_name", clean(card.unit))
                _sub(q, "unitgradingtype", "0")
                _sub(q, "unitpenalty", "0.1000000")
                _sub(q, "showunits", "3")
                _sub(q, "unitsleft", "0")


def _choice(root: ET.Element, card: ChoiceCard, report: ReportBuilder) -> None:
    right = len(card.correct)
    if card.multiple and right > MAX_WEIGHTED:
        report.skip(card, "more than 10 correct options do not fit Moodle's grade list")
        return
    q = _question(root, "multichoice", card, html_text(card.question))
    _sub(q, "single", "false" if card.multiple else "true")
    _sub(q, "shuffleanswers", "true" if card.shuffle else "false")
    _sub(q, "answernumbering", "abc")
    w = weight(right) if card.multiple else "100"
    wrong = f"-{w}" if card.multiple else "0"
    for i, option in enumerate(card.options):
        _answer(q, w if i in card.correct else wrong, html_text(option))


def export_moodle_xml(deck: Deck, cards: Sequence[Card], options: ExportOptions) -> ExportResult:
    """Write a Moodle XML quiz: a category, then one question per card."""
    report = ReportBuilder("moodle-xml", deck.id, len(cards))
    root = ET.Element("quiz")
    category = _sub(root, "question", type="category")
    _sub(_sub(category, "category"), "text", f"$course$/top/quizapp/{deck.id}")
    _text_el(category, "info", html_text(deck.title))
    for card in cards:
        _add(root, deck, card, report)
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    return ExportResult((ExportFile(".xml", data),), report.build())
