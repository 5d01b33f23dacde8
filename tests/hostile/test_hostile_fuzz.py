"""Hypothesis fuzz of the loader and the grader: only the project's own errors, never a crash.

Builds on `tests/loader/test_loader_hostile.py` (arbitrary text and bytes, light mutations;
both check every problem with `tests.deck_checks.assert_only_deck_errors`): here the inputs
are YAML-shaped (deck keys, odd scalars, indentation) or mutated with YAML's own structural
characters, the pure-Python YAML fallback is fuzzed too, and the grader gets every card kind
with responses of every type. Derandomized and without an example database, so CI is
deterministic.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any
from unittest.mock import patch

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core import deck_loader
from quizapp.core.grading import GradeResult, Verdict, grade
from quizapp.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    ClozeGap,
    NumericCard,
    OrderCard,
    Rating,
    TrueFalseCard,
    TypedCard,
)
from tests.answers import right_response
from tests.deck_checks import assert_only_deck_errors

FUZZ = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
VALID = (Path(__file__).resolve().parent / "good" / "markup.yaml").read_text(encoding="utf-8")
STRUCTURAL = ":-[]{}'\"#&*!|>%@` \n\t"


# -- the loader ------------------------------------------------------------------------------


KEYS = st.sampled_from(
    [
        "deck", "title", "cards", "language", "description", "authors", "strict", "sources",
        "id", "kind", "front", "back", "question", "answer", "answers", "accept", "options",
        "shuffle", "statement", "text", "items", "tolerance", "unit", "tags", "explain",
        "source", "ref", "quote", "file", "url", "anwser", "? x", "<<", "'k'", '"k"',
    ]
)  # fmt: skip
SCALARS = st.sampled_from(
    [
        "", "basic", "typed", "choice", "truefalse", "cloze", "order", "numeric", "x", "a1",
        "yes", "no", "true", "null", "~", "0", "-5", "1e309", ".inf", ".nan", "0x1F", "5%",
        "10 000", "'q'", "'it''s'", '"\\e[31m"', '"\\x1b"', '"\\u2028"', '"\\N"', "|", ">-",
        "[a, b]", "[]", "{}", "{a: 1}", "&a x", "*a", "!!python/object:os.system x", "!x y",
        "{{gap}} z", "'{{gap|alt}} z'", "'{{}}'", "https://x.example", "# c", "@at", "`b`",
        "é", "\u202e", "x" * 50,
    ]
)  # fmt: skip


@st.composite
def yamlish(draw: st.DrawFn) -> str:
    """Deck-shaped text: lines of `indent [- ]key: value`, some of them broken."""
    lines = []
    for _ in range(draw(st.integers(1, 24))):
        indent = " " * draw(st.sampled_from([0, 0, 2, 4, 4, 6, 1, 3]))
        dash = draw(st.sampled_from(["", "", "- ", "-", "- - "]))
        if draw(st.integers(0, 5)) == 0:
            lines.append(indent + dash + draw(SCALARS))
            continue
        colon = draw(st.sampled_from([": ", ": ", ":", " : ", ":\t"]))
        lines.append(indent + dash + draw(KEYS) + colon + draw(SCALARS))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\r\n"]))


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """The valid markup deck with structural characters inserted, deleted or swapped."""
    text = VALID
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, len(text)))
        end = start + draw(st.sampled_from([0, 0, 1, 2, 5]))
        insert = draw(st.text(st.sampled_from(STRUCTURAL), max_size=3))
        text = text[:start] + insert + text[end:]
    return text


@FUZZ
@given(yamlish())
def test_fuzz_yamlish_text_gives_a_deck_or_positioned_problems(text: str) -> None:
    assert_only_deck_errors(text)


@FUZZ
@given(mutated())
def test_fuzz_mutated_deck_gives_positioned_problems(text: str) -> None:
    assert_only_deck_errors(text)


@FUZZ
@given(st.data())
def test_fuzz_bytes_of_a_mutated_deck(data: st.DataObject) -> None:
    raw = bytearray(VALID.encode())
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(raw)))
        insert = data.draw(
            st.sampled_from([b"\xff", b"\xc3", b"\xef\xbb\xbf", b"\x00", b"\r", b"\xe2\x80\xa8"])
            | st.binary(max_size=4)
        )
        raw[position:position] = insert
    assert_only_deck_errors(bytes(raw))


@FUZZ
@given(st.text(max_size=200) | yamlish())
def test_fuzz_any_text_with_the_pure_python_yaml_fallback(text: str) -> None:
    with patch.object(deck_loader, "_Loader", yaml.SafeLoader):
        assert_only_deck_errors(text)


# -- the grader ------------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30).filter(
    lambda text: text.strip() != ""
)
LANGUAGES = st.sampled_from(["en", "fr", "fr-CA", "de", "zh-Hans", "es"])
NUMBERS = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False) | st.integers(-(10**6), 10**6)


@st.composite
def cards(draw: st.DrawFn) -> Card:
    """Any card the loader could build, with arbitrary (printable) unicode text."""
    kind = draw(st.sampled_from(["basic", "typed", "choice", "truefalse", "cloze", "order", "num"]))
    common: dict[str, Any] = {"id": "c", "strict": draw(st.none() | st.booleans())}
    if kind == "basic":
        return BasicCard(**common, front=draw(TEXT), back=draw(TEXT))
    if kind == "typed":
        accept = tuple(draw(st.lists(TEXT, max_size=3)))
        return TypedCard(**common, question=draw(TEXT), answer=draw(TEXT), accept=accept)
    if kind == "choice":
        options = tuple(draw(st.lists(TEXT, min_size=2, max_size=6, unique=True)))
        multiple = draw(st.booleans())
        picks = st.sets(st.integers(0, len(options) - 1), min_size=1, max_size=len(options))
        correct = draw(picks) if multiple else {draw(st.integers(0, len(options) - 1))}
        return ChoiceCard(
            **common, question=draw(TEXT), options=options, correct=frozenset(correct),
            multiple=multiple,
        )  # fmt: skip
    if kind == "truefalse":
        return TrueFalseCard(**common, statement=draw(TEXT), answer=draw(st.booleans()))
    if kind == "cloze":
        parts: list[str | ClozeGap] = []
        for _ in range(draw(st.integers(1, 3))):
            if draw(st.booleans()):
                parts.append(draw(TEXT))
            parts.append(ClozeGap(draw(TEXT), tuple(draw(st.lists(TEXT, max_size=2)))))
        text = "".join(p if isinstance(p, str) else "{{" + p.answer + "}}" for p in parts)
        return ClozeCard(**common, text=text, parts=tuple(parts))
    if kind == "order":
        items = tuple(draw(st.lists(TEXT, min_size=2, max_size=6, unique=True)))
        return OrderCard(**common, question=draw(TEXT), items=items)
    tolerance = draw(st.sampled_from([0.0, 0.5, 0.05]))
    return NumericCard(
        **common, question=draw(TEXT), answer=float(draw(NUMBERS)), tolerance=tolerance,
        relative=draw(st.booleans()), unit=draw(st.none() | TEXT | st.sampled_from(
            ["millions de dollars", "billion dollars", "%", "km", "$", "M$", "yuan"])),
    )  # fmt: skip


RESPONSES = st.one_of(
    st.sampled_from(list(Rating)),
    st.text(max_size=40),
    st.booleans(),
    st.frozensets(st.integers(-3, 8), max_size=5),
    st.tuples(st.text(max_size=10), st.text(max_size=10)),
    st.lists(st.text(max_size=10), max_size=4).map(tuple),
    st.lists(st.integers(-3, 8), max_size=7).map(tuple),
    st.sampled_from([None, 3.5, math.nan, [1, 2], {"a": 1}, b"bytes", (), frozenset()]),
)


def assert_sane(result: GradeResult, card: Card) -> None:
    assert isinstance(result, GradeResult)
    assert result.verdict in set(Verdict)
    assert 0.0 <= result.score <= 1.0  # also false for NaN
    assert result.suggested in set(Rating)
    assert isinstance(result.expected, str) and isinstance(result.given, str)
    assert all(span.op in ("equal", "missing", "extra") for span in result.diff)
    assert all(part in set(Verdict) for part in result.parts)
    if isinstance(card, ClozeCard):
        assert len(result.parts) == len(card.gaps)
    if result.verdict is Verdict.WRONG:
        assert result.suggested is Rating.AGAIN


@FUZZ
@given(
    cards(),
    RESPONSES,
    LANGUAGES,
    st.booleans(),
    st.none() | st.floats(allow_nan=True, allow_infinity=True),
)
def test_fuzz_grade_any_card_any_response(
    card: Card, response: object, language: str, strict: bool, elapsed: float | None
) -> None:
    result = grade(card, response, language=language, strict=strict, elapsed=elapsed)  # type: ignore[arg-type]
    assert_sane(result, card)


@FUZZ
@given(cards(), LANGUAGES, st.booleans())
def test_fuzz_grade_the_right_answer_is_correct(card: Card, language: str, strict: bool) -> None:
    result = grade(card, right_response(card), language=language, strict=strict)
    assert_sane(result, card)
    assert result.verdict is Verdict.CORRECT, (card, result)
    assert result.score == 1.0
