"""The JSON Schema accepts the bundled decks and rejects what the loader rejects (common cases)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from quizapp.core.deck_loader import load_yaml_data, parse_deck
from quizapp.core.errors import DeckError
from quizapp.core.schema import deck_schema
from quizapp.paths import bundled_decks_dir

DATA = Path(__file__).parent / "data"
VALIDATOR = Draft202012Validator(deck_schema())
BUNDLED = sorted(bundled_decks_dir().glob("*.yaml"))


def schema_errors(text: str) -> list[str]:
    data: Any = load_yaml_data(text)
    return [error.message for error in VALIDATOR.iter_errors(data)]


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(deck_schema())
    assert deck_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_schema_accepts_every_bundled_deck(path: Path) -> None:
    errors = schema_errors(path.read_text(encoding="utf-8"))
    assert errors == []
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=deck.schema.json"


@pytest.mark.parametrize("path", sorted((DATA / "clean").glob("*.y*ml")), ids=lambda p: p.name)
def test_schema_accepts_the_clean_fixtures(path: Path) -> None:
    assert schema_errors(path.read_text(encoding="utf-8")) == []


def test_schema_accepts_text_that_editors_read_as_numbers_or_booleans() -> None:
    text = (
        "deck: t\ntitle: 2024\ncards:\n"
        "  - {id: 7, kind: typed, question: 1.5, answer: no, accept: [2022, true]}\n"
    )
    assert parse_deck(text, "t.yaml").cards[0].id == "7"
    assert schema_errors(text) == []


def test_schema_accepts_ids_as_the_loader_reads_them_numbers_and_padded_text() -> None:
    """The loader takes an id's text, trimmed; the schema refused `deck: 2024` and `"a "`."""
    text = (
        "deck: 2024\ntitle: T\nsources: [{id: 12, title: S}]\ncards:\n"
        "  - {id: 'a ', kind: basic, front: F, back: B, source: {ref: 12, quote: q}}\n"
        "  - {id: ' b', kind: basic, front: F, back: B}\n"
    )
    deck = parse_deck(text, "t.yaml")
    assert (deck.id, [card.id for card in deck.cards]) == ("2024", ["a", "b"])
    assert schema_errors(text) == []


def test_schema_patterns_carry_a_message_for_editors() -> None:
    """VS Code's YAML extension showed 'String does not match the pattern of "\\{\\{\\s*…"'."""
    text = json.dumps(deck_schema())
    patterns = text.count('"pattern"')
    assert patterns and text.count('"patternErrorMessage"') == patterns
    assert "write {{answer}}" in text and 'such as \\"5%\\"' in text


HEAD = "deck: t\ntitle: T\ncards:\n  - "
REJECTED = {
    "unknown key": HEAD + "{id: a, kind: typed, question: Q, answer: A, anwser: B}\n",
    "unknown top-level key": "deck: t\ntitle: T\ncolour: red\ncards: [{id: a, kind: basic}]\n",
    "missing field": HEAD + "{id: a, kind: typed, answer: A}\n",
    "missing id": HEAD + "{kind: basic, front: F, back: B}\n",
    "missing cards": "deck: t\ntitle: T\n",
    "wrong type": HEAD + "{id: a, kind: typed, question: Q, answer: A, accept: {x: y}}\n",
    "text is a list": HEAD + "{id: a, kind: basic, front: [F], back: B}\n",
    "bad kind": HEAD + "{id: a, kind: chioce, question: Q}\n",
    "key of another kind": HEAD + "{id: a, kind: basic, front: F, back: B, options: [x, y]}\n",
    "bad deck id": "deck: My Deck\ntitle: T\ncards: [{id: a, kind: basic, front: F, back: B}]\n",
    "bad card id": HEAD + "{id: -a, kind: basic, front: F, back: B}\n",
    "card id with a space inside": HEAD + "{id: 'a b', kind: basic, front: F, back: B}\n",
    "negative deck id": "deck: -5\ntitle: T\ncards: [{id: a, kind: basic, front: F, back: B}]\n",
    "order with one item": HEAD + "{id: a, kind: order, question: Q, items: [x]}\n",
    "choice with no answer": HEAD + "{id: a, kind: choice, question: Q, options: [A, B]}\n",
    "choice with both answers": HEAD
    + "{id: a, kind: choice, question: Q, options: [A, B], answer: A, answers: [B]}\n",
    "duplicate options": HEAD + "{id: a, kind: choice, question: Q, options: [A, A], answer: A}\n",
    "cloze without a gap": HEAD + "{id: a, kind: cloze, text: no gap}\n",
    "numeric answer is text": HEAD + "{id: a, kind: numeric, question: Q, answer: many}\n",
    "numeric answer quoted": HEAD + "{id: a, kind: numeric, question: Q, answer: '4'}\n",
    "bad tolerance": HEAD + "{id: a, kind: numeric, question: Q, answer: 4, tolerance: lots}\n",
    "truefalse yes": HEAD + "{id: a, kind: truefalse, statement: S, answer: yes}\n",
    "strict not boolean": HEAD + "{id: a, kind: basic, front: F, back: B, strict: maybe}\n",
    "empty text": HEAD + "{id: a, kind: basic, front: '', back: B}\n",
    "no cards": "deck: t\ntitle: T\ncards: []\n",
    "source without quote": "deck: t\ntitle: T\nsources: [{id: s, title: S}]\ncards:\n  - "
    + "{id: a, kind: basic, front: F, back: B, source: {ref: s}}\n",
}


@pytest.mark.parametrize("name", list(REJECTED))
def test_schema_rejects_what_the_loader_rejects(name: str) -> None:
    text = REJECTED[name]
    with pytest.raises(DeckError):
        parse_deck(text, "t.yaml")
    assert schema_errors(text), f"the schema accepts: {text!r}"
