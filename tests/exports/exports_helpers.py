"""Helpers of the export tests: a deck with every card kind and every character that breaks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quizapp.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    ClozeGap,
    Deck,
    NumericCard,
    OrderCard,
    SourceQuote,
    TrueFalseCard,
    TypedCard,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
NASTY = "~ = # { } : \\ % * -> // \" ' < > & ]]> &&035;"
SCRIPT = "<script>alert(1)</script>"
RTL = "שלום עולם مرحبا"


def nasty_cards() -> tuple[Card, ...]:
    return (
        BasicCard(
            id="basic-short",
            tags=("people", "two words"),
            explain=f"Explained {SCRIPT}",
            front=f"Who wrote {SCRIPT}?",
            back="Ada & Co ~ = #",
        ),
        BasicCard(
            id="basic-long",
            explain="Because ~ {it} = #1",
            front="Describe\nthe {process}: step\tby step \U0001f389",
            back="First line of a long answer that goes on and on.\nSecond line ]]> end.",
        ),
        TypedCard(
            id="typed-formula",
            tags=("formulas",),
            question="Type the formula { } : \\ \x07bell",
            answer='=HYPERLINK("http://evil.example","click")',
            accept=("a*b", "%50%half"),
            source=SourceQuote(ref="src", quote="a quote"),
        ),
        ChoiceCard(
            id="choice-single",
            question=f"Pick one {NASTY}",
            options=("@SUM(1+1)", "+1", "-5", "]]>", "plain \U0001f389"),
            correct=frozenset({3}),
        ),
        ChoiceCard(
            id="choice-multi",
            tags=("formulas",),
            question="Pick all the even numbers",
            options=("2", "3", "4", "=1+1"),
            correct=frozenset({0, 2}),
            multiple=True,
            shuffle=False,
        ),
        TrueFalseCard(id="tf-rtl", statement=f"{RTL} is a greeting", answer=True),
        ClozeCard(
            id="cloze-one",
            text="Water boils at {{100 °C|100}} at sea level ~ # {x}",
            parts=("Water boils at ", ClozeGap("100 °C", ("100",)), " at sea level ~ # {x}"),
        ),
        ClozeCard(
            id="cloze-two",
            text="{{Paris}} is the capital of {{France|la France}}, }} {{c1::x}}",
            parts=(
                ClozeGap("Paris"),
                " is the capital of ",
                ClozeGap("France", ("la France", "a::b}}")),
                ", }} {{c1::x}}",
            ),
        ),
        OrderCard(
            id="order-four",
            question="Put in order: a -> b",
            items=("first -> one", "second\ttab", "third <b>", "fourth =x"),
        ),
        OrderCard(id="order-two", question="Two items", items=("before", "after")),
        NumericCard(
            id="numeric-unit",
            question="Speed of the train?",
            answer=1234.5,
            tolerance=0.05,
            relative=True,
            unit="km/h",
        ),
        NumericCard(id="numeric-negative", question="Minus five?", answer=-5.0),
        ChoiceCard(
            id="choice-long",
            question="A question far too long for Kahoot " + "x" * 100,
            options=("yes", "no"),
            correct=frozenset({0}),
        ),
    )


def nasty_deck() -> Deck:
    cards = nasty_cards()
    tags = sorted({t for c in cards for t in c.tags})
    return Deck(
        id="nasty-deck",
        title="Nasty :: deck / {title}",
        cards=cards,
        language="en",
        description="Every kind and every hard character.",
        tags=tuple(tags),
    )


def check_golden(name: str, text: str) -> None:
    """Compare with `golden/NAME`; set QUIZAPP_UPDATE_GOLDEN=1 to rewrite the file."""
    path = GOLDEN / name
    if os.environ.get("QUIZAPP_UPDATE_GOLDEN") or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        if not os.environ.get("QUIZAPP_UPDATE_GOLDEN"):
            pytest.fail(f"golden file {name} was missing and has been written; check it in")
    assert path.read_bytes().decode("utf-8") == text
