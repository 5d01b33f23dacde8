"""Large decks load in linear time: a tripwire for accidental quadratic work or slow paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.deck_loader import MAX_FILE_BYTES, parse_deck

KIND_BODIES = (
    "kind: basic\n    front: Front of card {i}?\n    back: Back {i}",
    "kind: typed\n    question: Who founded company {i}?\n    answer: Person {i}\n"
    "    accept: [P{i}, Person-{i}]",
    "kind: choice\n    question: Which is option {i}?\n    options:\n      - Option {i}\n"
    "      - Other\n      - Third\n    answer: Option {i}",
    "kind: truefalse\n    statement: Card {i} is true.\n    answer: true",
    "kind: cloze\n    text: The {{{{answer {i}|alt}}}} is here in {{{{2022}}}}.",
    "kind: order\n    question: Order {i}\n    items: [first, second, third, fourth]",
    "kind: numeric\n    question: How many {i}?\n    answer: {i}\n    tolerance: 5%\n"
    "    unit: yuan",
)


def big_deck(cards: int) -> str:
    """A deck with `cards` cards of every kind, about 220 bytes per card."""
    parts = ["deck: big\ntitle: Big deck\nlanguage: fr\ncards:\n"]
    for i in range(cards):
        body = KIND_BODIES[i % len(KIND_BODIES)].format(i=i)
        parts.append(
            f"  - id: c{i}\n    tags: [t{i % 10}, history]\n"
            f"    explain: Because of reason number {i}, explained here at some length.\n"
            f"    {body}\n"
        )
    return "".join(parts)


def test_loader_10000_cards_of_every_kind_load() -> None:
    text = big_deck(10_000)
    deck = parse_deck(text, "big.yaml")
    assert len(deck.cards) == 10_000  # its speed is measured in bench/run.py, not asserted here


def test_lint_reports_problems_in_a_big_deck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = big_deck(10_000).replace("answer: Option 9998", "answer: Option 99")
    (tmp_path / "big.yaml").write_text(text)
    assert main(["lint", str(tmp_path / "big.yaml")]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.endswith(
        ":13: answer 'Option 99' is not one of the options (did you mean 'Option 9998'?)"
    )


@pytest.mark.slow
def test_loader_100000_cards_fit_under_the_size_limit_and_load() -> None:
    text = big_deck(100_000)
    assert 15_000_000 < len(text.encode()) < MAX_FILE_BYTES
    deck = parse_deck(text.encode(), "huge.yaml")
    assert len(deck.cards) == 100_000
    assert deck.cards[-1].id == "c99999"
