"""Without libyaml, the pure-Python SafeLoader gives the same decks and the same problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizapp.core import deck_loader
from quizapp.core.deck_loader import load_deck, parse_deck
from quizapp.core.errors import DeckError

DATA = Path(__file__).parent / "data"


@pytest.fixture
def pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deck_loader, "_Loader", yaml.SafeLoader)


def test_loader_uses_libyaml_when_present() -> None:
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    assert deck_loader._Loader is yaml.CSafeLoader


def test_loader_fallback_builds_the_same_deck(monkeypatch: pytest.MonkeyPatch) -> None:
    path = DATA / "clean" / "all-kinds.yaml"
    with_default_loader = load_deck(path)
    monkeypatch.setattr(deck_loader, "_Loader", yaml.SafeLoader)
    assert load_deck(path) == with_default_loader


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "deck: t\ntitle: T\ncards:\n  - {id: a, kind: typed, question: Q, answer: no, x: 1}\n",
            (4, 51, "unknown key 'x' for a typed card"),
        ),
        (
            "a: &x [*x]\n",
            (
                1,
                4,
                "anchor '&x' is not supported: write each value out in full "
                "(a text that starts with '&' goes in quotes)",
            ),
        ),
        ("[" * 10_000, (1, 33, "nesting too deep: more than 32 levels of lists and mappings")),
        (
            "deck: !!python/name:os.system x\n",
            (1, 7, "tag '!!python/name:os.system' is not allowed in a deck: remove it"),
        ),
    ],
)
def test_loader_fallback_reports_the_same_positions(
    pure_python: None, text: str, expected: tuple[int, int, str]
) -> None:
    with pytest.raises(DeckError) as caught:
        parse_deck(text, "t.yaml")
    first = caught.value.first
    assert (first.line, first.column, first.message) == expected


def test_loader_fallback_keeps_plain_text(pure_python: None) -> None:
    deck = parse_deck(
        "deck: t\ntitle: T\ncards:\n  - {id: 1, kind: typed, question: Q, answer: 0x1F}\n", "t.yaml"
    )
    assert (deck.cards[0].id, deck.cards[0].answer) == ("1", "0x1F")  # type: ignore[union-attr]
