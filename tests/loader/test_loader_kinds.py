"""Valid decks load into the model: every card kind, text kept as written, sources resolved."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.deck_loader import load_deck, parse_deck
from quizapp.core.model import (
    BasicCard,
    CardKind,
    ChoiceCard,
    ClozeCard,
    ClozeGap,
    NumericCard,
    OrderCard,
    SourceQuote,
    TrueFalseCard,
    TypedCard,
)

DATA = Path(__file__).parent / "data"
HEAD = "deck: t\ntitle: T\ncards:\n"


def one_card(body: str) -> object:
    """Parse a deck holding a single card written as `body` (indented under `- `)."""
    lines = body.strip("\n").splitlines()
    card = "  - " + lines[0] + "".join("\n    " + line for line in lines[1:])
    deck = parse_deck(HEAD + card + "\n", "t.yaml")
    assert len(deck.cards) == 1
    return deck.cards[0]


def test_loader_fixture_deck_has_every_kind() -> None:
    deck = load_deck(DATA / "clean" / "all-kinds.yaml")
    assert deck.id == "all-kinds"
    assert deck.title == "Every kind of card"
    assert deck.language == "fr"
    assert deck.description == "One card of each kind, for the loader tests."
    assert deck.authors == ("Ana", "Ben")
    assert deck.strict is True
    assert deck.tags == ("people",)
    assert {card.kind for card in deck.cards} == set(CardKind)
    source = deck.source("press")
    assert source is not None
    assert source.file == (DATA / "source.txt").resolve()
    assert source.url == "https://example.org/article"
    assert deck.path == DATA / "clean" / "all-kinds.yaml"


def test_loader_fixture_cards_map_to_the_model() -> None:
    deck = load_deck(DATA / "clean" / "all-kinds.yaml")
    assert deck.card("basic-1") == BasicCard(
        id="basic-1", tags=("people",), front="Who founded DeepSeek?", back="Liang Wenfeng"
    )
    typed = deck.card("typed-1")
    assert isinstance(typed, TypedCard)
    assert typed.accept == ("Andreessen",)
    assert typed.strict is False
    assert typed.explain == "Shown after answering."
    assert typed.source == SourceQuote("press", 'Marc Andreessen parle d\'un "moment Spoutnik"')
    single = deck.card("choice-1")
    assert isinstance(single, ChoiceCard)
    assert single.correct == frozenset({0})
    assert (single.multiple, single.shuffle) == (False, False)
    several = deck.card("choice-2")
    assert isinstance(several, ChoiceCard)
    assert several.correct == frozenset({0, 2})
    assert several.multiple is True
    assert several.shuffle is True
    assert several.correct_options == ("Nvidia", "AMD")
    assert deck.card("tf-1") == TrueFalseCard(
        id="tf-1", statement="DeepSeek is based in China.", answer=True
    )
    cloze = deck.card("cloze-1")
    assert isinstance(cloze, ClozeCard)
    assert cloze.parts == (
        "DeepSeek was founded by ",
        ClozeGap("Liang Wenfeng", ("Liang",)),
        " in ",
        ClozeGap("2023"),
        ".",
    )
    assert deck.card("order-1") == OrderCard(
        id="order-1", question="Put in order", items=("V3", "R1")
    )
    relative = deck.card("numeric-1")
    assert isinstance(relative, NumericCard)
    assert (relative.answer, relative.tolerance, relative.relative) == (600.0, 0.05, True)
    assert relative.unit == "billion dollars"
    absolute = deck.card("numeric-2")
    assert isinstance(absolute, NumericCard)
    assert (absolute.answer, absolute.tolerance, absolute.relative) == (2025.0, 0.5, False)
    assert absolute.unit is None


@pytest.mark.parametrize("written", ["2022", "no", "1_000", "0x1F", "yes", "true", "3.10", "~x"])
def test_loader_typed_answer_keeps_the_text_as_written(written: str) -> None:
    card = one_card(f"id: a\nkind: typed\nquestion: Q\nanswer: {written}\naccept: [{written}]")
    assert isinstance(card, TypedCard)
    assert card.answer == written
    assert card.accept == (written,)


def test_loader_ids_and_tags_keep_the_text_as_written() -> None:
    card = one_card("id: 007\nkind: basic\ntags: [2022, on]\nfront: 1.50\nback: off")
    assert card == BasicCard(id="007", tags=("2022", "on"), front="1.50", back="off")


@pytest.mark.parametrize(
    ("written", "value"),
    [("42", 42.0), ("-3.5", -3.5), ("1e3", 1000.0), ("0x1F", 31.0), ("+7", 7.0), ("0.25", 0.25)],
)
def test_loader_numeric_answer_reads_yaml_numbers(written: str, value: float) -> None:
    card = one_card(f"id: a\nkind: numeric\nquestion: Q\nanswer: {written}")
    assert isinstance(card, NumericCard)
    assert card.answer == value
    assert (card.tolerance, card.relative) == (0.0, False)


@pytest.mark.parametrize(("written", "value"), [('"10%"', 0.1), ("2.5%", 0.025), ("'0 %'", 0.0)])
def test_loader_numeric_percentage_tolerance_is_a_fraction(written: str, value: float) -> None:
    card = one_card(f"id: a\nkind: numeric\nquestion: Q\nanswer: 100\ntolerance: {written}")
    assert isinstance(card, NumericCard)
    assert card.relative is True
    assert card.tolerance == pytest.approx(value)


def test_loader_block_scalars_are_trimmed_text() -> None:
    card = one_card(
        "id: a\nkind: basic\nfront: |\n  line one\n  line two\nback: >-\n  folded\n  text"
    )
    assert isinstance(card, BasicCard)
    assert card.front == "line one\nline two"
    assert card.back == "folded text"


def test_loader_truefalse_accepts_yaml_12_booleans() -> None:
    card = one_card("id: a\nkind: truefalse\nstatement: S\nanswer: False")
    assert isinstance(card, TrueFalseCard)
    assert card.answer is False


def test_loader_cloze_gap_spellings_are_trimmed() -> None:
    card = one_card("id: a\nkind: cloze\ntext: 'A {{ b | c }} and {{d}}'")
    assert isinstance(card, ClozeCard)
    assert card.gaps == (ClozeGap("b", ("c",)), ClozeGap("d"))
    assert card.prompt == "A [1] and [2]"


def test_loader_accepts_a_byte_order_mark_and_crlf() -> None:
    data = (
        b"\xef\xbb\xbf"
        + (HEAD + "  - {id: a, kind: basic, front: F, back: B}\n").replace("\n", "\r\n").encode()
    )
    deck = parse_deck(data, "bom.yaml")
    assert deck.id == "t"
    assert deck.cards[0] == BasicCard(id="a", front="F", back="B")


def test_loader_quote_matches_across_lines_and_typographic_quotes(tmp_path: Path) -> None:
    (tmp_path / "src.txt").write_text("Il parle d’un «\u00a0moment\nSpoutnik\u00a0» ici.")
    deck_file = tmp_path / "d.yaml"
    deck_file.write_text(
        "deck: d\ntitle: T\nsources:\n  - {id: s, title: S, file: src.txt}\ncards:\n"
        "  - id: a\n    kind: basic\n    front: F\n    back: B\n"
        "    source: {ref: s, quote: 'parle d''un \"moment   Spoutnik\" ici'}\n"
    )
    deck = load_deck(deck_file)
    assert deck.cards[0].source == SourceQuote("s", 'parle d\'un "moment   Spoutnik" ici')


def test_loader_defaults_when_optional_keys_are_absent() -> None:
    deck = parse_deck(HEAD + "  - {id: a, kind: basic, front: F, back: B}\n", "t.yaml")
    assert (deck.language, deck.description, deck.authors, deck.sources) == ("en", "", (), ())
    assert deck.strict is False
    assert deck.cards[0].tags == ()
    assert deck.cards[0].strict is None
