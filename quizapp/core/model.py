"""The deck model: immutable values that every other layer reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import TypeAlias


class CardKind(StrEnum):
    """The kinds of card a deck author can write (the YAML `kind:` value)."""

    BASIC = "basic"
    TYPED = "typed"
    CHOICE = "choice"
    TRUEFALSE = "truefalse"
    CLOZE = "cloze"
    ORDER = "order"
    NUMERIC = "numeric"


class Rating(IntEnum):
    """How well the learner recalled a card; the values match FSRS's ratings."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True, slots=True)
class Source:
    """A document the cards come from, named once in the deck's `sources`."""

    id: str
    title: str
    file: Path | None = None
    """Resolved absolute path of the source text, when the deck names a file."""
    url: str | None = None


@dataclass(frozen=True, slots=True)
class SourceQuote:
    """Where a card's fact comes from: a source id and a verbatim quote."""

    ref: str
    quote: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CardBase:
    """Fields every card kind has."""

    id: str
    """Stable id, unique in its deck: progress is keyed on (deck id, card id)."""
    tags: tuple[str, ...] = ()
    explain: str | None = None
    """Shown after the learner answers."""
    source: SourceQuote | None = None
    strict: bool | None = None
    """Accent-strict grading; None means the deck's setting applies."""

    @property
    def kind(self) -> CardKind:
        raise NotImplementedError

    @property
    def prompt(self) -> str:
        """The question as shown to the learner."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class BasicCard(CardBase):
    """Front and back; the learner reveals the back and rates themselves."""

    front: str
    back: str

    @property
    def kind(self) -> CardKind:
        return CardKind.BASIC

    @property
    def prompt(self) -> str:
        return self.front


@dataclass(frozen=True, slots=True, kw_only=True)
class TypedCard(CardBase):
    """The learner types the answer; `accept` lists other accepted spellings."""

    question: str
    answer: str
    accept: tuple[str, ...] = ()

    @property
    def kind(self) -> CardKind:
        return CardKind.TYPED

    @property
    def prompt(self) -> str:
        return self.question


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceCard(CardBase):
    """Options with one correct answer, or several when `multiple` is set."""

    question: str
    options: tuple[str, ...]
    correct: frozenset[int]
    """Indexes into `options` of the correct option(s)."""
    multiple: bool = False
    """True when the deck used `answers:` (pick all that apply)."""
    shuffle: bool = True

    @property
    def kind(self) -> CardKind:
        return CardKind.CHOICE

    @property
    def prompt(self) -> str:
        return self.question

    @property
    def correct_options(self) -> tuple[str, ...]:
        return tuple(self.options[i] for i in sorted(self.correct))


@dataclass(frozen=True, slots=True, kw_only=True)
class TrueFalseCard(CardBase):
    """A statement that is either true or false."""

    statement: str
    answer: bool

    @property
    def kind(self) -> CardKind:
        return CardKind.TRUEFALSE

    @property
    def prompt(self) -> str:
        return self.statement


@dataclass(frozen=True, slots=True)
class ClozeGap:
    """One gap of a cloze: the answer and other accepted spellings."""

    answer: str
    accept: tuple[str, ...] = ()


ClozePart: TypeAlias = str | ClozeGap


@dataclass(frozen=True, slots=True, kw_only=True)
class ClozeCard(CardBase):
    """A sentence with gaps, written `{{answer|other spelling}}` in the YAML."""

    text: str
    """The text as written, gap markup included."""
    parts: tuple[ClozePart, ...]
    """The text split into literal strings and gaps, in order."""

    @property
    def kind(self) -> CardKind:
        return CardKind.CLOZE

    @property
    def gaps(self) -> tuple[ClozeGap, ...]:
        return tuple(part for part in self.parts if isinstance(part, ClozeGap))

    @property
    def prompt(self) -> str:
        """The text with each gap shown as `[1]`, `[2]`, …."""
        shown: list[str] = []
        number = 0
        for part in self.parts:
            if isinstance(part, ClozeGap):
                number += 1
                shown.append(f"[{number}]")
            else:
                shown.append(part)
        return "".join(shown)

    @property
    def full_text(self) -> str:
        """The text with every gap filled with its answer."""
        return "".join(p.answer if isinstance(p, ClozeGap) else p for p in self.parts)


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderCard(CardBase):
    """Items written in the right order and shown shuffled (timelines)."""

    question: str
    items: tuple[str, ...]

    @property
    def kind(self) -> CardKind:
        return CardKind.ORDER

    @property
    def prompt(self) -> str:
        return self.question


@dataclass(frozen=True, slots=True, kw_only=True)
class NumericCard(CardBase):
    """A number, accepted within an absolute or relative tolerance."""

    question: str
    answer: float
    tolerance: float = 0.0
    """Absolute tolerance, or a fraction of `answer` when `relative` is set."""
    relative: bool = False
    """True when the deck wrote the tolerance as a percentage."""
    unit: str | None = None

    @property
    def kind(self) -> CardKind:
        return CardKind.NUMERIC

    @property
    def prompt(self) -> str:
        return self.question

    @property
    def bounds(self) -> tuple[float, float]:
        """The accepted closed interval."""
        margin = abs(self.answer) * self.tolerance if self.relative else self.tolerance
        return (self.answer - margin, self.answer + margin)


Card: TypeAlias = (
    BasicCard | TypedCard | ChoiceCard | TrueFalseCard | ClozeCard | OrderCard | NumericCard
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Deck:
    """A validated deck file."""

    id: str
    """Stable deck id (the YAML `deck:` key); progress is keyed on it."""
    title: str
    cards: Sequence[Card]
    """A tuple, or the cache's `EncodedCards`, which builds each card when first read."""
    language: str = "en"
    """BCP 47 code such as `fr` or `en`; grading uses it for articles and numbers."""
    description: str = ""
    authors: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    strict: bool = False
    """Accent-strict grading for every card that does not say otherwise."""
    path: Path | None = None
    tags: tuple[str, ...] = field(default=())
    """Every tag used by a card, sorted."""

    def card(self, card_id: str) -> Card:
        """Return the card with this id.

        Raises:
            KeyError: no card has this id.
        """
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def is_strict(self, card: Card) -> bool:
        return self.strict if card.strict is None else card.strict
