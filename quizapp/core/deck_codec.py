"""A validated `Deck` as compact JSON and back, exactly: what the deck cache stores.

The cache keeps decks as text, never pickles (a pickle names classes and modules, and loading
one runs code). Cards are positional lists, `[kind, field, field, …]`, in the order of their
dataclass fields, so a 10,000-card deck is about the size of its YAML. Each card is its own
text (the cache keeps one row per card), and a decoded deck keeps them encoded
(`EncodedCards`): a card is read and built the first time it is asked for, so a session
drawing 30 cards of 100,000 reads and builds 30. The
field tables are read from the model's dataclasses at import: a new field of a known type is
picked up on its own, and a field of a type this module does not know fails at import (and in
the tests), rather than being dropped from the cache silently.
Bump `CODEC_VERSION` whenever the encoding changes: the cache drops entries of another version.
"""

from __future__ import annotations

import dataclasses
import json
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, overload

from quizapp.core.model import (
    BasicCard,
    Card,
    CardKind,
    ChoiceCard,
    ClozeCard,
    ClozeGap,
    ClozePart,
    Deck,
    NumericCard,
    OrderCard,
    Source,
    SourceQuote,
    TrueFalseCard,
    TypedCard,
)

T = TypeVar("T")

CODEC_VERSION = 3
"""Part of the cache's key: an entry written by another version is never decoded."""

CARD_CLASSES: tuple[type[Card], ...] = (
    BasicCard,
    TypedCard,
    ChoiceCard,
    TrueFalseCard,
    ClozeCard,
    OrderCard,
    NumericCard,
)
"""Index in this tuple = the kind code written first in each card's list (never reorder)."""

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _to_tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


def _encode_quote(value: SourceQuote | None) -> list[str] | None:
    return None if value is None else [value.ref, value.quote]


def _decode_quote(value: list[str] | None) -> SourceQuote | None:
    return None if value is None else SourceQuote(ref=value[0], quote=value[1])


def _encode_parts(parts: tuple[ClozePart, ...]) -> list[Any]:
    return [part if isinstance(part, str) else [part.answer, list(part.accept)] for part in parts]


def _decode_parts(parts: list[Any]) -> tuple[ClozePart, ...]:
    return tuple(
        part if isinstance(part, str) else ClozeGap(answer=part[0], accept=tuple(part[1]))
        for part in parts
    )


def _decode_float(value: Any) -> float:
    return float(value)


_BY_ANNOTATION: dict[str, tuple[Encoder, Decoder]] = {
    "str": (_same, _same),
    "str | None": (_same, _same),
    "bool": (_same, _same),
    "bool | None": (_same, _same),
    "float": (_same, _decode_float),
    "tuple[str, ...]": (list, _to_tuple),
    "frozenset[int]": (sorted, frozenset),
    "SourceQuote | None": (_encode_quote, _decode_quote),
    "tuple[ClozePart, ...]": (_encode_parts, _decode_parts),
}
"""How each field type of the card dataclasses goes to JSON and back (JSON keeps floats exact)."""


@dataclasses.dataclass(frozen=True, slots=True)
class _CardLayout:
    cls: type[Card]
    names: tuple[str, ...]
    encoders: tuple[Encoder | None, ...]
    """None where the value goes to JSON as it is."""
    decoders: tuple[Decoder, ...]
    values: Callable[[Any], tuple[Any, ...]]
    """The card's field values, in `names` order."""


def _layout(cls: type[Card]) -> _CardLayout:
    names: list[str] = []
    encoders: list[Encoder | None] = []
    decoders: list[Decoder] = []
    for field in dataclasses.fields(cls):
        annotation = field.type if isinstance(field.type, str) else repr(field.type)
        if annotation not in _BY_ANNOTATION:
            raise TypeError(f"deck_codec cannot store {cls.__name__}.{field.name}: {annotation}")
        encode, decode = _BY_ANNOTATION[annotation]
        names.append(field.name)
        encoders.append(None if encode is _same else encode)
        decoders.append(decode)
    values = operator.attrgetter(*names)
    return _CardLayout(cls, tuple(names), tuple(encoders), tuple(decoders), values)


_LAYOUTS: tuple[_CardLayout, ...] = tuple(_layout(cls) for cls in CARD_CLASSES)
_CODES: dict[type[Any], int] = {cls: code for code, cls in enumerate(CARD_CLASSES)}


_new = object.__new__
_set = object.__setattr__


class CodecError(ValueError):
    """The text is not a deck this version of the codec wrote (the cache treats it as a miss)."""


def encode_card(card: Card) -> list[Any]:
    code = _CODES[type(card)]
    layout = _LAYOUTS[code]
    encoded: list[Any] = [code]
    for encode, value in zip(layout.encoders, layout.values(card), strict=True):
        encoded.append(value if encode is None else encode(value))
    return encoded


def decode_card(data: list[Any]) -> Card:
    layout = _LAYOUTS[data[0]]
    if len(data) != len(layout.names) + 1:
        raise CodecError(f"a {layout.cls.__name__} needs {len(layout.names)} fields")
    # The fields are set directly, as the dataclass's own __init__ does (the model has no
    # __post_init__ to skip): about a third faster than building keyword arguments per card.
    card: Card = _new(layout.cls)
    for name, decode, value in zip(layout.names, layout.decoders, data[1:], strict=False):
        _set(card, name, decode(value))
    return card


_UNREADABLE = (ValueError, TypeError, LookupError, AttributeError)
"""What reading or decoding a text raises when it is missing or not this codec's."""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def encode_deck(deck: Deck) -> tuple[str, list[str]]:
    """The deck as JSON: its own fields (the head), and one text per card, in deck order.

    Its `path` is left out (the cache knows where the file is).
    """
    head = {
        "v": CODEC_VERSION,
        "id": deck.id,
        "title": deck.title,
        "language": deck.language,
        "description": deck.description,
        "authors": list(deck.authors),
        "sources": [
            [s.id, s.title, None if s.file is None else str(s.file), s.url] for s in deck.sources
        ],
        "strict": deck.strict,
        "tags": list(deck.tags),
        "count": len(deck.cards),
    }
    return _dumps(head), [_dumps(encode_card(card)) for card in deck.cards]


def decode_deck(
    head: str | bytes,
    cards: Sequence[str | bytes],
    path: Path | None,
    index: CardIndex | None = None,
    recover: Callable[[], Sequence[Card]] | None = None,
) -> Deck:
    """The deck `encode_deck` wrote, with `path` as its file; its cards stay encoded.

    Args:
        cards: the cards' texts, or a sequence that reads each from the cache when asked
            (`deck_cache.CardTexts`); a text it cannot give raises LookupError.
        index: the deck's card index, kept with the cards (`card_index_of`) so that a
            session can find cards by id, kind and tag without building them.
        recover: gives the deck's cards another way (parsing the file again) should a card
            be missing or fail to decode when it is first read; without it, that read raises
            CodecError.

    Raises:
        CodecError: the head is not a deck of this codec version, or the counts disagree.
    """
    try:
        data = json.loads(head)
        if data.get("v") != CODEC_VERSION:
            raise CodecError(f"codec version {data.get('v')!r}, expected {CODEC_VERSION}")
        if data["count"] != len(cards) or (index is not None and len(index.ids) != len(cards)):
            raise CodecError("the card count does not match the deck's")
        return Deck(
            id=data["id"],
            title=data["title"],
            cards=EncodedCards(cards, index, recover),
            language=data["language"],
            description=data["description"],
            authors=tuple(data["authors"]),
            sources=tuple(
                Source(id=s[0], title=s[1], file=None if s[2] is None else Path(s[2]), url=s[3])
                for s in data["sources"]
            ),
            strict=data["strict"],
            path=path,
            tags=tuple(data["tags"]),
        )
    except CodecError:
        raise
    except _UNREADABLE as error:
        raise CodecError(f"not a cached deck: {type(error).__name__}: {error}") from None


class _TupleLike(Sequence[T]):
    """A sequence read lazily from the cache that compares, hashes and prints as the tuple it
    stands for (the tuple a parsed deck holds)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _TupleLike | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


class EncodedCards(_TupleLike[Card]):
    """A deck's cards as the cache stored them, each built the first time it is read.

    A sequence like the tuple a parsed deck holds: equal to it, same hash and repr, and it
    iterates in deck order (building every card, as a tuple would have). Reads from several
    threads at once are safe: at worst a card is built twice and one copy kept.
    """

    __slots__ = ("_texts", "_built", "card_index", "_recover", "_recovered")

    def __init__(
        self,
        texts: Sequence[str | bytes],
        index: CardIndex | None = None,
        recover: Callable[[], Sequence[Card]] | None = None,
    ) -> None:
        self._texts = texts
        self._built: list[Card | None] = [None] * len(texts)
        self.card_index = index
        self._recover = recover
        self._recovered: Sequence[Card] | None = None

    def __len__(self) -> int:
        return len(self._built)

    @overload
    def __getitem__(self, position: int) -> Card: ...
    @overload
    def __getitem__(self, position: slice) -> tuple[Card, ...]: ...
    def __getitem__(self, position: int | slice) -> Card | tuple[Card, ...]:
        if isinstance(position, slice):
            return tuple(self[at] for at in range(*position.indices(len(self))))
        card = self._built[position]  # raises IndexError as a tuple would
        return card if card is not None else self._build(position % len(self._built))

    def build(self, positions: Iterable[int]) -> None:
        """Build these cards now, reading their texts together (`CardTexts.some`) where the
        texts can be read so: one query for a page of due cards, not one per card."""
        wanted = [at for at in positions if self._built[at] is None]
        some = getattr(self._texts, "some", None)
        if not wanted or some is None or self._recovered is not None:
            return
        try:
            texts: dict[int, str | bytes] = some(wanted)
        except _UNREADABLE:
            return  # each is read alone when asked for, or recovered then
        for at, text in texts.items():
            self._build(at, text)

    def built(self) -> int:
        """How many cards have been built so far (for tests and diagnostics)."""
        return sum(card is not None for card in self._built)

    def __iter__(self) -> Iterator[Card]:
        # One pass over the texts (the cache reads them in pages), not one read per card.
        texts: Iterator[str | bytes] | None = iter(self._texts) if None in self._built else None
        for position in range(len(self._built)):
            text = None
            if texts is not None:
                try:
                    text = next(texts)
                except (StopIteration, *_UNREADABLE):
                    texts = None  # the rest are read one by one, or recovered
            card = self._built[position]
            yield card if card is not None else self._build(position, text)

    def _build(self, position: int, text: str | bytes | None = None) -> Card:
        if self._recovered is None:
            try:
                card = decode_card(json.loads(self._texts[position] if text is None else text))
            except _UNREADABLE:
                self._recover_all()
            else:
                self._built[position] = card
                return card
        assert self._recovered is not None
        card = self._recovered[position]
        self._built[position] = card
        return card

    def _recover_all(self) -> None:
        if self._recover is None:
            raise CodecError("a card of this deck is missing from the cache or does not decode")
        recovered = self._recover()
        if len(recovered) != len(self._built):
            raise CodecError("the deck's cards read again are not as many as before")
        self._recovered = recovered


@dataclasses.dataclass(frozen=True, slots=True)
class DeckSummary:
    """What the deck list shows of a deck, without its cards (a few hundred bytes per deck)."""

    id: str
    title: str
    language: str
    description: str
    card_count: int
    kinds: tuple[str, ...]
    """The card kinds present, sorted (`CardKind` values)."""
    tags: tuple[str, ...]
    """Every tag used by a card, sorted (the deck's `tags`)."""
    path: Path | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class CardIndex:
    """Each card's id, kind and tags, in deck order: what counts and due figures need."""

    ids: Sequence[str]
    kinds: Sequence[str]
    tags: Sequence[tuple[str, ...]]
    """Tuples when built from cards; read from the cache, sequences that read the stored text
    as they are used (see `decode_index`), equal to those tuples."""


def summarize(deck: Deck) -> DeckSummary:
    return DeckSummary(
        id=deck.id,
        title=deck.title,
        language=deck.language,
        description=deck.description,
        card_count=len(deck.cards),
        kinds=tuple(sorted({card.kind.value for card in deck.cards})),
        tags=deck.tags,
        path=deck.path,
    )


def card_index_of(deck: Deck) -> CardIndex:
    """The deck's card index, without building its cards when the cache's index came along."""
    cards = deck.cards
    if isinstance(cards, EncodedCards) and cards.card_index is not None:
        return cards.card_index
    return index_cards(deck)


def index_cards(deck: Deck) -> CardIndex:
    return CardIndex(
        ids=tuple(card.id for card in deck.cards),
        kinds=tuple(card.kind.value for card in deck.cards),
        tags=tuple(card.tags for card in deck.cards),
    )


def encode_summary(summary: DeckSummary) -> str:
    fields = [summary.id, summary.title, summary.language, summary.description]
    data = [CODEC_VERSION, *fields, summary.card_count, list(summary.kinds), list(summary.tags)]
    return _dumps(data)


def decode_summary(text: str | bytes, path: Path | None) -> DeckSummary:
    """Raises: CodecError: not a summary of this codec version."""
    try:
        version, deck_id, title, language, description, count, kinds, tags = json.loads(text)
        if version != CODEC_VERSION:
            raise CodecError(f"codec version {version!r}, expected {CODEC_VERSION}")
        return DeckSummary(
            deck_id, title, language, description, int(count), tuple(kinds), tuple(tags), path
        )
    except CodecError:
        raise
    except (ValueError, TypeError) as error:
        raise CodecError(f"not a cached summary: {error}") from None


_KIND_VALUES = tuple(kind.value for kind in CardKind)
_KIND_CODES = {value: chr(ord("a") + code) for code, value in enumerate(_KIND_VALUES)}
_KIND_OF_CODE = {code: value for value, code in _KIND_CODES.items()}
_KIND_CODES_TEXT = re.compile(f"[{min(_KIND_OF_CODE)}-{max(_KIND_OF_CODE)}]*")


def encode_index(index: CardIndex) -> str:
    """The index as lines: a JSON head, the kinds and the tag lists (a character per card),
    then the ids, one per line (card ids hold no whitespace).

    Shaped for a fast decode: `decode_index` checks the codes with a regex and keeps the text,
    read as it is used (about 5 ms for 100,000 cards; a JSON list of ids took ~20 ms cold).

    Raises:
        CodecError: an id holds a line break (no deck the loader accepts has one).
    """
    tag_lists: dict[tuple[str, ...], str] = {}
    refs = "".join(tag_lists.setdefault(tags, _ref_char(len(tag_lists))) for tags in index.tags)
    kinds = "".join(_KIND_CODES[kind] for kind in index.kinds)
    ids = "\n".join(index.ids)
    if ids.count("\n") != max(0, len(index.ids) - 1):
        raise CodecError("a card id holds a line break")
    head = _dumps([CODEC_VERSION, len(index.ids), [list(tags) for tags in tag_lists]])
    return "\n".join((head, kinds, refs, ids))


def decode_index(text: str | bytes) -> CardIndex:
    """Raises: CodecError: not a card index of this codec version."""
    try:
        if isinstance(text, bytes):
            text = text.decode()
        head, kinds, refs, ids = text.split("\n", 3)
        version, count, tag_lists = json.loads(head)
        lines = ids.count("\n") + 1 if count else 0
        if version != CODEC_VERSION or not lines == len(kinds) == len(refs) == count:
            raise CodecError("not a card index of this codec version")
        shared = {_ref_char(number): tuple(tags) for number, tags in enumerate(tag_lists)}
        # Every code is looked up later, as read: check now (a regex scan, in C) that each
        # has its value. The text came from UTF-8, so it holds no surrogate.
        last_ref = re.escape(_ref_char(len(tag_lists) - 1)) if tag_lists else None
        if not _KIND_CODES_TEXT.fullmatch(kinds) or (
            refs and (last_ref is None or not re.fullmatch(f"[{_ref_char(0)}-{last_ref}]*", refs))
        ):
            raise CodecError("not a card index of this codec version")
        return CardIndex(_IdLines(ids, count), _Coded(kinds, _KIND_OF_CODE), _Coded(refs, shared))
    except CodecError:
        raise
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise CodecError(f"not a cached card index: {error}") from None


class _IdLines(_TupleLike[str]):
    """Card ids as the cache stores them, one per line, split into strings when first read.

    A review's first page looks up a few ids in each deck: `index` finds one by a scan of the
    text, in C, where splitting 100,000 ids into strings would cost about 7 ms at launch.
    """

    __slots__ = ("_text", "_count", "_items")

    def __init__(self, text: str, count: int) -> None:
        self._text = f"\n{text}\n"
        self._count = count
        self._items: list[str] | None = None

    def _list(self) -> list[str]:
        if self._items is None:
            self._items = self._text[1:-1].split("\n") if self._count else []
        return self._items

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, position: int) -> str: ...
    @overload
    def __getitem__(self, position: slice) -> tuple[str, ...]: ...
    def __getitem__(self, position: int | slice) -> str | tuple[str, ...]:
        if isinstance(position, slice):
            return tuple(self._list()[position])
        return self._list()[position]

    def __iter__(self) -> Iterator[str]:
        return iter(self._list())

    def __reversed__(self) -> Iterator[str]:
        return reversed(self._list())

    def __contains__(self, value: object) -> bool:
        try:
            self.index(value)
        except ValueError:
            return False
        return True

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        """The first position of `value`, as `tuple.index` gives it."""
        whole = start == 0 and (stop is None or stop >= self._count)
        if self._items is None and whole and isinstance(value, str) and "\n" not in value:
            found = self._text.find(f"\n{value}\n") if value else -1
            if found < 0:
                raise ValueError(f"{value!r} is not a card id of this deck")
            return self._text.count("\n", 0, found)
        return self._list().index(value, start, self._count if stop is None else stop)


class _Coded(_TupleLike[T]):
    """Values stored a character each (a card's kind, its tag list), looked up as read."""

    __slots__ = ("_codes", "_table")

    def __init__(self, codes: str, table: Mapping[str, T]) -> None:
        self._codes = codes
        self._table = table

    def __len__(self) -> int:
        return len(self._codes)

    @overload
    def __getitem__(self, position: int) -> T: ...
    @overload
    def __getitem__(self, position: slice) -> tuple[T, ...]: ...
    def __getitem__(self, position: int | slice) -> T | tuple[T, ...]:
        if isinstance(position, slice):
            return tuple(map(self._table.__getitem__, self._codes[position]))
        return self._table[self._codes[position]]

    def __iter__(self) -> Iterator[T]:
        return map(self._table.__getitem__, self._codes)


def _ref_char(number: int) -> str:
    """The character that stands for the `number`th distinct tag list: from "0" up, so never
    a line feed, and never a surrogate (SQLite stores the text as UTF-8)."""
    code = 0x30 + number
    return chr(code if code < 0xD800 else code + 0x800)


if any(hasattr(cls, "__post_init__") for cls in CARD_CLASSES):  # pragma: no cover
    raise TypeError("deck_codec builds cards without __init__: a __post_init__ would be skipped")
for _cls, _names in (
    (Deck, {"id", "title", "cards", "language", "description", "authors", "sources", "strict"}),
    (Source, {"id", "title", "file", "url"}),
    (SourceQuote, {"ref", "quote"}),
    (ClozeGap, {"answer", "accept"}),
):
    # Deck's `path` and `tags` are handled apart (the path is the file's, tags are written).
    if {f.name for f in dataclasses.fields(_cls)} - {"path", "tags"} != _names:  # pragma: no cover
        raise TypeError(f"deck_codec does not know every {_cls.__name__} field")
