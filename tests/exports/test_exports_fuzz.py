"""Any deck text, through every writer: the structure of each target survives and nothing runs."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.exports import export_deck
from quizapp.core.exports.common import clean
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
from tests.exports.test_exports_moodle import _split

HOSTILE = st.sampled_from(
    ["<script>", "=HYPERLINK(\"u\")", "~", "=", "#", "{", "}", ":", "\\", "%50%", "*", "->",
     "//", "]]>", "&&035;", "@", "+", "-", "\t", "\n", "\r\n", "\x07", "\U0001f600", "שלום",
     "\u202e", "&amp;", "{{c1::", "}}", "'", '"', " "]
)  # fmt: skip
TEXT = st.lists(st.one_of(HOSTILE, st.text(max_size=6)), min_size=1, max_size=6).map("".join)
WORD = TEXT.filter(lambda s: clean(s) != "")


@st.composite
def cards(draw: st.DrawFn) -> tuple[Card, ...]:
    found: list[Card] = []
    kinds = draw(st.lists(st.integers(0, 6), min_size=1, max_size=7))
    for n, kind in enumerate(kinds):
        cid = f"c{n}"
        if kind == 0:
            found.append(BasicCard(id=cid, front=draw(WORD), back=draw(WORD), explain=draw(TEXT)))
        elif kind == 1:
            accept = tuple(draw(st.lists(WORD, max_size=2)))
            found.append(TypedCard(id=cid, question=draw(WORD), answer=draw(WORD), accept=accept))
        elif kind == 2:
            options = tuple(draw(st.lists(WORD, min_size=2, max_size=6, unique=True)))
            right = draw(st.sets(st.integers(0, len(options) - 1), min_size=1))
            many = draw(st.booleans())
            found.append(
                ChoiceCard(
                    id=cid,
                    question=draw(WORD),
                    options=options,
                    correct=frozenset(right if many else {min(right)}),
                    multiple=many,
                )
            )
        elif kind == 3:
            found.append(TrueFalseCard(id=cid, statement=draw(WORD), answer=draw(st.booleans())))
        elif kind == 4:
            gaps = draw(st.lists(WORD, min_size=1, max_size=3))
            parts: list[str | ClozeGap] = [draw(TEXT)]
            for gap in gaps:
                parts += [ClozeGap(gap, tuple(draw(st.lists(WORD, max_size=1)))), draw(TEXT)]
            found.append(ClozeCard(id=cid, text="(fuzz)", parts=tuple(parts)))
        elif kind == 5:
            items = tuple(draw(st.lists(WORD, min_size=2, max_size=5, unique=True)))
            found.append(OrderCard(id=cid, question=draw(WORD), items=items))
        else:
            value = draw(st.floats(-1e9, 1e9, allow_nan=False))
            found.append(NumericCard(id=cid, question=draw(WORD), answer=value, unit=draw(TEXT)))
    return tuple(found)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cards())
def test_exports_any_text_keeps_every_target_well_formed(found: tuple[Card, ...]) -> None:
    deck = Deck(id="fuzz", title="Fuzz <b>", cards=found)

    gift = export_deck(deck, "gift")
    for line in gift.files[0].data.decode("utf-8").split("\n"):
        if line.startswith("::"):
            assert len(_split(line, "{")) == 2 and len(_split(line, "}")) == 2, line
            stem, rest = _split(line, "{")
            block, tail = _split(rest, "}")
            answers, *feedback = block.split("####")
            # Short-answer keys stay plain text (Moodle prints them through s()); all else is HTML.
            plain_keys = answers.startswith("=%100%") or answers.startswith("#")
            for shown in (stem, tail, *feedback, *([] if plain_keys else [answers])):
                assert "<script>" not in shown, line
    assert len(gift.report.skipped) + gift.report.exported == len(found)

    root = ET.fromstring(export_deck(deck, "moodle-xml").files[0].data)
    assert len(root.findall("question")) == 1 + sum(
        1 for c in found if not (isinstance(c, ChoiceCard) and len(c.correct) > 10)
    )
    for question in root.findall("question"):
        plain = {id(n) for n in question.findall("answer/text")}
        plain = plain if question.get("type") == "shortanswer" else set()
        for node in question.iter("text"):
            assert id(node) in plain or "<script>" not in (node.text or "")

    data = export_deck(deck, "csv").files[0].data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert len(rows) == len(found) + 1
    for row in rows:
        for cell in row:
            # A plain number ("-5", "+0") cannot run anything and stays as it is (exports.md 7.1).
            number = re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", cell.strip())
            assert cell.lstrip(" ")[:1] not in ("=", "+", "-", "@", "\t", "\r", "\n") or number

    page = export_deck(deck, "html").files[0].data.decode("utf-8")
    assert "<script" not in page.lower().replace("&lt;script", "")
    assert page.count('<li class="q"') == len(found)

    sheet = export_deck(deck, "kahoot").files[0].data
    with zipfile.ZipFile(io.BytesIO(sheet)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    assert all('t="s"' in a for a in re.findall(r"<c ([^>]*?)/?>", xml))

    for line in export_deck(deck, "quizlet").files[0].data.decode("utf-8").splitlines():
        assert line.count("\t") == 1
