"""GIFT read back the way Moodle's importer reads it: question types, answer texts, weights.

`moodle_reads` follows the rules of Moodle's GIFT import (question/format/gift): escaped
characters become placeholders first, the block runs from the first `{` to the last `}`, the
general feedback (`####`) is cut, then the type is picked from the block ('' essay, `#`
numerical, any `~` multiple choice, `=` with `->` matching, T/F true-false, else short
answer). In a multiple-choice block a `=` option is worth 100% and is not followed by a
weight; elsewhere `%n%` after `=` or `~` is a weight.
"""

from __future__ import annotations

import html
import re

from quizapp.core.exports import export_deck
from quizapp.core.exports.common import computed, number
from quizapp.core.model import (
    BasicCard,
    ChoiceCard,
    ClozeCard,
    ClozeGap,
    Deck,
    NumericCard,
    TypedCard,
)

ESCAPES = {":": "058", "#": "035", "=": "061", "{": "123", "}": "125", "~": "126"}
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def _pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;").replace("\\n", "&&010")
    for char, code in ESCAPES.items():
        text = text.replace("\\" + char, f"&&{code};")
    return text.replace("&&092;", "\\")


def _post(text: str) -> str:
    for char, code in ESCAPES.items():
        text = text.replace(f"&&{code};", char)
    return text.replace("&&010", "\n")


def _answers(block: str, sep: str) -> list[str]:
    parts = block.split(sep)
    if not parts[0].strip():
        parts = parts[1:]
    return [part.strip() for part in parts]


def moodle_reads(line: str) -> tuple[str, list[tuple[float, str]]]:
    """The question type Moodle gives a GIFT line, and its (weight, answer text) pairs."""
    body = _pre(line.split("::", 2)[2])
    block = body[body.index("{") + 1 : body.rindex("}")].strip()
    if "####" in block:
        block = block[: block.rindex("####")].strip()
    if block == "":
        return "essay", []
    if block.startswith("#"):
        return "numerical", []
    if "~" in block:
        found = []
        for answer in _answers(block.replace("=", "~="), "~"):
            if answer.startswith("="):
                weight, text = 1.0, answer[1:]
            elif match := WEIGHT.match(answer):
                weight, text = float(match.group(1)) / 100, answer[match.end() :]
            else:
                weight, text = 0.0, answer
            found.append((weight, _post(text.split("#", 1)[0].strip())))
        return "multichoice", found
    if "=" in block and "->" in block:
        return "match", []
    if block.split("#", 1)[0].strip() in ("T", "TRUE", "F", "FALSE"):
        return "truefalse", []
    found = []
    for answer in _answers(block, "="):
        match = WEIGHT.match(answer)
        weight, text = 1.0, answer
        if match:
            weight, text = float(match.group(1)) / 100, answer[match.end() :]
        found.append((weight, _post(text.split("#", 1)[0].strip())))
    return "shortanswer", found


def questions(deck: Deck) -> tuple[dict[str, str], str]:
    """Card id -> its GIFT line, and the export report."""
    result = export_deck(deck, "gift")
    text = result.files[0].data.decode("utf-8")
    lines = {}
    for line in text.splitlines():
        if line.startswith("::"):
            lines[line[2:].split("::", 1)[0]] = line
    return lines, result.report.render()


def deck(*cards: BasicCard | ChoiceCard | ClozeCard | NumericCard | TypedCard) -> Deck:
    return Deck(id="gift-import", title="GIFT import", cards=cards)


def test_gift_single_answer_choice_imports_with_the_option_texts_and_one_right() -> None:
    options = ("Oxygen", "%50 off", "a = b", "Nitrogen # 7", "x -> y")
    for right in range(len(options)):
        card = ChoiceCard(id="gas", question="Which?", options=options, correct=frozenset({right}))
        lines, _ = questions(deck(card))
        kind, answers = moodle_reads(lines["gas"])
        assert kind == "multichoice"
        assert [html.unescape(text) for _, text in answers] == list(options)
        assert [weight for weight, _ in answers] == [float(i == right) for i in range(5)]


def test_gift_short_answers_import_as_short_answers_or_are_reported() -> None:
    cards = (
        TypedCard(id="aliases", question="Q?", answer="Paris", accept=("A -> B", "x*y", "É=mc²")),
        TypedCard(id="arrow", question="Q?", answer="reactants -> products"),
        TypedCard(id="placeholder", question="Q?", answer="R&&035;D"),
        BasicCard(id="basic-arrow", front="Q?", back="A -> B"),
        ClozeCard(id="cloze-arrow", text="Write {{A -> B}}", parts=("Write ", ClozeGap("A -> B"))),
    )
    lines, report = questions(deck(*cards))
    kind, answers = moodle_reads(lines["aliases"])
    assert kind == "shortanswer"
    texts = [text.replace("\\*", "*") for _, text in answers]
    assert texts[:3] == ["Paris", "x*y", "É=mc²"]  # as written, then what quizapp also takes:
    assert set(texts[3:]) == {"É=mc2", "E=mc²", "E=mc2"}  # superscript and accent set aside
    assert "aliases: accepted answer 'A -> B' left out" in report
    assert "arrow" not in lines and "placeholder" not in lines and "cloze-arrow" not in lines
    assert "skipped: arrow:" in report and "skipped: placeholder:" in report
    assert "skipped: cloze-arrow:" in report
    assert moodle_reads(lines["basic-arrow"]) == ("essay", [])  # the back becomes feedback
    assert "A -&gt; B" in lines["basic-arrow"]


def test_exports_numbers_keep_every_digit_and_margins_lose_float_noise() -> None:
    assert number(1234567890123456.0) == "1234567890123456"  # 16 digits: .15g lost the 6
    assert float(number(0.1 + 0.2)) == 0.1 + 0.2
    assert (number(2.5), number(-0.0), number(1e-7), number(3.0)) == ("2.5", "0", "1e-07", "3")
    assert computed(1234.5 * 0.05) == "61.725"
    card = NumericCard(id="big", question="How many?", answer=1234567890123456.0)
    lines, _ = questions(deck(card))
    assert "{#1234567890123456:0}" in lines["big"]
