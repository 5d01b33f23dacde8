"""Property: any deck written with valid values loads back to exactly those values."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.deck_loader import parse_deck
from quizapp.core.model import ChoiceCard, OrderCard, TypedCard

# Printable text without the characters a deck may not hold (controls, surrogates, U+FFFE/F),
# and without the line separators YAML itself treats as line breaks.
TEXT = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs"),
        blacklist_characters="\ufffe\uffff\u2028\u2029\u0085",
    ),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() != "")
CARD_ID = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,20}", fullmatch=True)


def quoted(text: str) -> str:
    """A JSON string is a valid YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


@settings(max_examples=150, deadline=None)
@given(
    card_id=CARD_ID,
    question=TEXT,
    answer=TEXT,
    accept=st.lists(TEXT, max_size=4),
)
def test_loader_typed_card_round_trips(
    card_id: str, question: str, answer: str, accept: list[str]
) -> None:
    text = (
        "deck: t\ntitle: T\ncards:\n"
        f"  - id: {card_id}\n    kind: typed\n    question: {quoted(question)}\n"
        f"    answer: {quoted(answer)}\n    accept: [{', '.join(map(quoted, accept))}]\n"
    )
    [card] = parse_deck(text, "t.yaml").cards
    assert card == TypedCard(
        id=card_id,
        question=question.strip(),
        answer=answer.strip(),
        accept=tuple(a.strip() for a in accept),
    )


@settings(max_examples=150, deadline=None)
@given(
    options=st.lists(TEXT, min_size=2, max_size=6, unique_by=str.strip),
    data=st.data(),
)
def test_loader_choice_and_order_round_trip(options: list[str], data: st.DataObject) -> None:
    correct = data.draw(st.sets(st.integers(0, len(options) - 1), min_size=1))
    answers = [options[i] for i in sorted(correct)]
    listed = ", ".join(map(quoted, options))
    text = (
        "deck: t\ntitle: T\ncards:\n"
        f"  - {{id: c, kind: choice, question: Q, options: [{listed}],"
        f" answers: [{', '.join(map(quoted, answers))}]}}\n"
        f"  - {{id: o, kind: order, question: Q, items: [{listed}]}}\n"
    )
    choice, order = parse_deck(text, "t.yaml").cards
    stripped = tuple(option.strip() for option in options)
    assert choice == ChoiceCard(
        id="c", question="Q", options=stripped, correct=frozenset(correct), multiple=True
    )
    assert order == OrderCard(id="o", question="Q", items=stripped)
