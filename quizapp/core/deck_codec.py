"""A validated `Deck` as compact JSON and back, exactly: what the deck cache stores.

The cache keeps decks as text, never pickles (a pickle names classes and modules, and loading
one runs code). Cards are positional lists, `[kind, field, field, …]`, in the order of their
dataclass fields, so a 10,000-card deck is about the size of its YAML and decodes in a
fraction of a parse. The field tables are read from the model's dataclasses at import: a new
field of a known type is picked up on its own, and a field of a type this module does not
know fails at import (and in the tests), rather than being dropped from the cache silently.
Bump `CODEC_VERSION` whenever the encoding changes: the cache drops entries of another version.
"""

from __future__ import annotations

import dataclasses
import json
import operator
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quizapp.core.model import (
    BasicCard,
    Card,
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

CODEC_VERSION = 1
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


def encode_deck(deck: Deck) -> str:
    """The deck as JSON text; its `path` is left out (the cache knows where the file is)."""
    data = {
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
        "cards": [encode_card(card) for card in deck.cards],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def decode_deck(text: str | bytes, path: Path | None) -> Deck:
    """The deck `encode_deck` wrote, with `path` as its file.

    Raises:
        CodecError: the text is not a deck of this codec version.
    """
    try:
        data = json.loads(text)
        if data.get("v") != CODEC_VERSION:
            raise CodecError(f"codec version {data.get('v')!r}, expected {CODEC_VERSION}")
        return Deck(
            id=data["id"],
            title=data["title"],
            cards=tuple(decode_card(card) for card in data["cards"]),
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
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise CodecError(f"not a cached deck: {type(error).__name__}: {error}") from None


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

    ids: tuple[str, ...]
    kinds: tuple[str, ...]
    tags: tuple[tuple[str, ...], ...]


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


def index_cards(deck: Deck) -> CardIndex:
    return CardIndex(
        ids=tuple(card.id for card in deck.cards),
        kinds=tuple(card.kind.value for card in deck.cards),
        tags=tuple(card.tags for card in deck.cards),
    )


def encode_summary(summary: DeckSummary) -> str:
    fields = [summary.id, summary.title, summary.language, summary.description]
    data = [CODEC_VERSION, *fields, summary.card_count, list(summary.kinds), list(summary.tags)]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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


def encode_index(index: CardIndex) -> str:
    data = [CODEC_VERSION, list(index.ids), list(index.kinds), [list(t) for t in index.tags]]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def decode_index(text: str | bytes) -> CardIndex:
    """Raises: CodecError: not a card index of this codec version."""
    try:
        version, ids, kinds, tags = json.loads(text)
        if version != CODEC_VERSION or not len(ids) == len(kinds) == len(tags):
            raise CodecError("not a card index of this codec version")
        return CardIndex(tuple(ids), tuple(kinds), tuple(map(tuple, tags)))
    except CodecError:
        raise
    except (ValueError, TypeError) as error:
        raise CodecError(f"not a cached card index: {error}") from None


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
