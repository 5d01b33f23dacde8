"""The examples in docs/deck-format.md load, and its error table matches real messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.core.deck_loader import parse_deck
from quizapp.core.errors import DeckError
from quizapp.core.model import CardKind

DOC = Path(__file__).resolve().parents[2] / "docs" / "deck-format.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_loader_docs_whole_deck_example_loads_with_its_quote_checked() -> None:
    whole = next(block for block in BLOCKS if "\ncards:" in block)
    # the example's source file is ../seeds/…, relative to a deck in a folder beside seeds/
    deck = parse_deck(whole, DOC.parent / "example.yaml")
    assert deck.id == "deepseek-fr"
    assert deck.cards[0].source is not None


def test_loader_docs_have_one_loading_example_per_kind() -> None:
    kinds: list[CardKind] = []
    for block in BLOCKS:
        if not block.startswith("  - id:"):
            continue
        deck = parse_deck("deck: d\ntitle: T\ncards:\n" + block, "doc.yaml")
        kinds.extend(card.kind for card in deck.cards)
    assert set(kinds) == set(CardKind)


@pytest.mark.parametrize(
    ("card", "message"),
    [
        ("{id: a, kind: typed, question: Q, anwser: A}", "unknown key 'anwser' for a typed card"),
        ("{id: a, kind: cloze, text: x}", "cloze text has no gap: write {{answer}}"),
        ("{id: a, kind: order, question: Q, items: [x]}", "an order card needs at least 2 items"),
    ],
)
def test_loader_docs_error_table_quotes_real_messages(card: str, message: str) -> None:
    assert message in DOC.read_text(encoding="utf-8")
    with pytest.raises(DeckError, match=re.escape(message)):
        parse_deck("deck: d\ntitle: T\ncards:\n  - " + card + "\n", "doc.yaml")
