"""The deck codec gives back exactly the deck it was given: every kind, every field, every value."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import gen
from quizapp.core import deck_codec
from quizapp.core.deck_codec import (
    CODEC_VERSION,
    CardIndex,
    CodecError,
    EncodedCards,
    decode_deck,
    decode_index,
    decode_summary,
    encode_deck,
    encode_index,
    encode_summary,
    index_cards,
    summarize,
)
from quizapp.core.deck_loader import load_deck, parse_deck
from quizapp.core.model import (
    BasicCard,
    Card,
    CardKind,
    ChoiceCard,
    ClozeCard,
    ClozeGap,
    Deck,
    NumericCard,
    OrderCard,
    Source,
    SourceQuote,
    TrueFalseCard,
    TypedCard,
)
from quizapp.core.schema import CARD_ID_PATTERN
from quizapp.paths import bundled_decks_dir

REPO_ROOT = Path(__file__).resolve().parents[2]

FIXTURE_DECKS = [
    *sorted(bundled_decks_dir().glob("*.yaml")),
    *sorted((REPO_ROOT / "tests" / "loader" / "data" / "clean").iterdir()),
    *sorted((REPO_ROOT / "tests" / "tui" / "data" / "decks").glob("*.yaml")),
]


def round_trip(deck: Deck) -> Deck:
    """The deck encoded and decoded, checked equal to it field by field, types included."""
    head, cards = encode_deck(deck)
    back = decode_deck(head, cards, deck.path)
    assert back == deck
    # Equality would let a list stand for a tuple, or an int for a float: types must match.
    for before, after in zip(deck.cards, back.cards, strict=True):
        assert type(after) is type(before)
        for field in dataclasses.fields(before):
            assert type(getattr(after, field.name)) is type(getattr(before, field.name))
    return back


@pytest.mark.parametrize("path", FIXTURE_DECKS, ids=lambda path: path.name)
def test_codec_round_trips_the_bundled_and_fixture_decks(path: Path) -> None:
    round_trip(load_deck(path))


def test_codec_round_trips_the_generated_deck_of_every_kind(tmp_path: Path) -> None:
    path = tmp_path / "gen.yaml"
    path.write_text(gen.deck_text("gen-all-kinds", 210), encoding="utf-8")
    deck = load_deck(path)
    assert {card.kind.value for card in deck.cards} == set(gen.KINDS)
    round_trip(deck)


def test_codec_keeps_the_path_it_is_given_not_one_it_stored(tmp_path: Path) -> None:
    deck = parse_deck(
        "deck: d\ntitle: T\ncards:\n  - {id: a, kind: basic, front: F, back: B}\n", "a.yaml"
    )
    head, cards = encode_deck(deck)
    assert "a.yaml" not in head + "".join(cards)
    assert decode_deck(head, cards, tmp_path / "b.yaml").path == tmp_path / "b.yaml"


def test_codec_summary_and_card_index_round_trip(tmp_path: Path) -> None:
    deck = load_deck(FIXTURE_DECKS[0])
    summary = summarize(deck)
    assert summary.card_count == len(deck.cards) and summary.tags == deck.tags
    assert decode_summary(encode_summary(summary), deck.path) == summary
    index = index_cards(deck)
    assert index.ids == tuple(card.id for card in deck.cards)
    assert decode_index(encode_index(index)) == index


HEAD = {"v": CODEC_VERSION, "id": "d", "title": "T", "language": "en", "description": ""}
HEAD |= {"authors": [], "sources": [], "strict": False, "tags": []}


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        "{}",
        json.dumps({"v": CODEC_VERSION + 1, "id": "d"}),
        json.dumps(HEAD),  # no card count
        json.dumps(HEAD | {"count": 1}),  # the count does not match the cards
    ],
)
def test_codec_refuses_what_it_did_not_write(text: str) -> None:
    with pytest.raises(CodecError):
        decode_deck(text, [], None)
    with pytest.raises(CodecError):
        decode_summary(text, None)
    with pytest.raises(CodecError):
        decode_index(text)


def test_codec_refuses_an_index_that_is_not_the_decks() -> None:
    deck = load_deck(FIXTURE_DECKS[0])
    other = index_cards(dataclasses.replace(deck, cards=tuple(deck.cards)[1:]))
    with pytest.raises(CodecError):
        decode_deck(*encode_deck(deck), None, other)


def test_codec_builds_a_card_only_when_it_is_read() -> None:
    deck = load_deck(FIXTURE_DECKS[0])
    back = decode_deck(*encode_deck(deck), deck.path, index_cards(deck))
    assert isinstance(back.cards, EncodedCards)
    assert deck_codec.card_index_of(back) is back.cards.card_index
    assert back.cards[3] == deck.cards[3] and back.cards[-1] == deck.cards[-1]
    assert back.cards.built() == 2
    assert back.cards[1:3] == tuple(deck.cards[1:3])
    assert back.cards.built() == 4
    with pytest.raises(IndexError):
        back.cards[len(deck.cards)]
    # Equal to the tuple a parse gives, hashed and printed as it: a deck's version (a hash of
    # its cards' repr) is the same whether it came from the file or the cache.
    assert back == deck and hash(back.cards) == hash(tuple(deck.cards))
    assert repr(back.cards) == repr(tuple(deck.cards))
    assert back.cards.built() == len(deck.cards)


def test_codec_card_that_does_not_decode_is_recovered_or_refused() -> None:
    deck = load_deck(FIXTURE_DECKS[0])
    head, cards = encode_deck(deck)
    damaged = ["[99" + cards[0][3:], *cards[1:]]
    recovered = decode_deck(head, damaged, None, recover=lambda: deck.cards)
    assert recovered.cards[0] == deck.cards[0]
    broken = decode_deck(head, damaged, None)
    assert broken.cards[1] == deck.cards[1]  # the other cards still decode
    with pytest.raises(CodecError):
        broken.cards[0]
    with pytest.raises(CodecError):
        list(decode_deck(head, damaged, None).cards)
    assert list(decode_deck(head, damaged, None, recover=lambda: deck.cards).cards) == list(
        deck.cards
    )


def test_codec_refuses_a_model_field_of_a_type_it_cannot_store() -> None:
    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class OddCard(BasicCard):
        extra: dict[str, int]

    with pytest.raises(TypeError, match="OddCard.extra"):
        deck_codec._layout(OddCard)


# -- property: any deck the model can hold -------------------------------------------------

TEXT = st.text(max_size=12)
TEXTS = st.lists(TEXT, max_size=3).map(tuple)
FLOATS = st.floats(allow_nan=False)  # NaN never equals itself; the loader refuses it anyway
QUOTE = st.none() | st.builds(SourceQuote, ref=TEXT, quote=TEXT)
COMMON = {
    "id": TEXT,
    "tags": TEXTS,
    "explain": st.none() | TEXT,
    "source": QUOTE,
    "strict": st.none() | st.booleans(),
}
PART = TEXT | st.builds(ClozeGap, answer=TEXT, accept=TEXTS)
CARDS: st.SearchStrategy[Card] = st.one_of(
    st.builds(BasicCard, front=TEXT, back=TEXT, **COMMON),
    st.builds(TypedCard, question=TEXT, answer=TEXT, accept=TEXTS, **COMMON),
    st.builds(
        ChoiceCard,
        question=TEXT,
        options=TEXTS,
        correct=st.frozensets(st.integers(0, 5)),
        multiple=st.booleans(),
        shuffle=st.booleans(),
        **COMMON,
    ),
    st.builds(TrueFalseCard, statement=TEXT, answer=st.booleans(), **COMMON),
    st.builds(ClozeCard, text=TEXT, parts=st.lists(PART, max_size=4).map(tuple), **COMMON),
    st.builds(OrderCard, question=TEXT, items=TEXTS, **COMMON),
    st.builds(
        NumericCard,
        question=TEXT,
        answer=FLOATS,
        tolerance=FLOATS,
        relative=st.booleans(),
        unit=st.none() | TEXT,
        **COMMON,
    ),
)
SOURCES = st.builds(
    Source,
    id=TEXT,
    title=TEXT,
    file=st.none() | TEXT.map(lambda name: Path("/src") / (name or "x")),
    url=st.none() | TEXT,
)
DECKS = st.builds(
    Deck,
    id=TEXT,
    title=TEXT,
    cards=st.lists(CARDS, max_size=8).map(tuple),
    language=TEXT,
    description=TEXT,
    authors=TEXTS,
    sources=st.lists(SOURCES, max_size=2).map(tuple),
    strict=st.booleans(),
    path=st.just(Path("deck.yaml")),
    tags=TEXTS,
)


@settings(max_examples=200, deadline=None)
@given(DECKS)
def test_codec_round_trips_any_deck(deck: Deck) -> None:
    back = round_trip(deck)
    for before, after in zip(deck.cards, back.cards, strict=True):
        if isinstance(before, NumericCard):
            assert isinstance(after, NumericCard)
            # -0.0 == 0.0: the sign must survive too
            assert math.copysign(1, after.answer) == math.copysign(1, before.answer)


INDEX_ROWS = st.lists(
    st.tuples(
        st.from_regex(CARD_ID_PATTERN, fullmatch=True),
        st.sampled_from([kind.value for kind in CardKind]),
        TEXTS,
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(INDEX_ROWS)
def test_codec_round_trips_any_card_index(rows: list[tuple[str, str, tuple[str, ...]]]) -> None:
    index = CardIndex(
        tuple(row[0] for row in rows), tuple(row[1] for row in rows), tuple(row[2] for row in rows)
    )
    assert decode_index(encode_index(index)) == index


def test_codec_index_keeps_tag_lists_past_the_surrogate_range() -> None:
    # One character per distinct tag list: the 55,248th would be a surrogate, which SQLite
    # cannot store as UTF-8, so the numbering skips that range.
    count = 0xD800 + 100
    ids = tuple(f"c{n}" for n in range(count))
    index = CardIndex(ids, ("basic",) * count, tuple((str(n),) for n in range(count)))
    text = encode_index(index)
    text.encode()  # strict UTF-8: raises on a surrogate
    assert decode_index(text) == index


def test_codec_index_refuses_an_id_with_a_line_break() -> None:
    with pytest.raises(CodecError):
        encode_index(CardIndex(("a\nb", "c"), ("basic", "basic"), ((), ())))


def position(ids: Sequence[str], card_id: str) -> int | None:
    try:
        return ids.index(card_id)
    except ValueError:
        return None


@settings(max_examples=200, deadline=None)
@given(INDEX_ROWS)
def test_codec_decoded_index_reads_as_the_tuples_it_stands_for(
    rows: list[tuple[str, str, tuple[str, ...]]],
) -> None:
    index = CardIndex(
        tuple(row[0] for row in rows), tuple(row[1] for row in rows), tuple(row[2] for row in rows)
    )
    text = encode_index(index)
    back = decode_index(text)
    for lazy, plain in ((back.ids, index.ids), (back.kinds, index.kinds), (back.tags, index.tags)):
        assert lazy == plain and plain == lazy and hash(lazy) == hash(plain)
        assert repr(lazy) == repr(plain) and len(lazy) == len(plain)
        assert list(reversed(lazy)) == list(reversed(plain)) and lazy[1:3] == plain[1:3]
        every = range(-len(plain), len(plain))  # negative positions too
        assert [lazy[at] for at in every] == [plain[at] for at in every]
    # Looked up before and after the ids are split into strings: the same first positions.
    probes = [*index.ids, "missing", "", " ", "\n".join(index.ids[:2])]
    for ids in (decode_index(text).ids, back.ids):
        for card_id in probes:
            assert position(ids, card_id) == position(index.ids, card_id), card_id
            assert (card_id in ids) == (card_id in index.ids)


@pytest.mark.parametrize("line, damaged", [(1, "z"), (1, "A"), (2, "~"), (2, " ")])
def test_codec_refuses_an_index_whose_codes_have_no_value(line: int, damaged: str) -> None:
    index = CardIndex(("a", "b"), ("basic", "typed"), (("x",), ()))
    lines = encode_index(index).split("\n")
    lines[line] = lines[line][0] + damaged  # a kind letter, or a tag-list reference
    with pytest.raises(CodecError):
        decode_index("\n".join(lines))
