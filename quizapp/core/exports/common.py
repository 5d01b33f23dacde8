"""Shared pieces of every exporter: results, the report, text cleaning, numbers and seeds."""

from __future__ import annotations

import hashlib
import html
import random
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from quizapp.core.errors import QuizAppError
from quizapp.core.model import Card, ChoiceCard, ClozeCard, Deck, NumericCard
from quizapp.core.normalize import display_form, primary_language, strip_accents


class ExportError(QuizAppError):
    """An export cannot be made (unknown format, no PDF renderer, unwritable file…)."""


class Action(StrEnum):
    """What an exporter did to a card that did not map one to one."""

    SKIPPED = "skipped"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class ReportLine:
    """One card that was left out or adapted, and why."""

    card_id: str
    action: Action
    reason: str

    def __str__(self) -> str:
        return f"{self.action.value}: {self.card_id}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What happened to each card of one export; printed by the CLI and saved beside the file."""

    target: str
    deck_id: str
    total: int
    """Cards offered to the exporter (after tag filtering)."""
    lines: tuple[ReportLine, ...] = ()

    @property
    def skipped(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(ln.card_id for ln in self.lines if ln.action is Action.SKIPPED))

    @property
    def changed(self) -> tuple[str, ...]:
        skipped = set(self.skipped)
        ids = (ln.card_id for ln in self.lines if ln.action is Action.CHANGED)
        return tuple(i for i in dict.fromkeys(ids) if i not in skipped)

    @property
    def exported(self) -> int:
        return self.total - len(self.skipped)

    def summary(self) -> str:
        return (
            f"{self.target}: {self.exported} of {self.total} cards exported "
            f"({len(self.changed)} changed, {len(self.skipped)} skipped)"
        )

    def render(self) -> str:
        """The text of the `*.export-report.txt` file: every line, then the summary."""
        body = [f"quizapp export of deck {self.deck_id} to {self.target}"]
        body.extend(str(line) for line in self.lines)
        body.append(self.summary())
        return "\n".join(body) + "\n"


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One file an exporter produced; the CLI names it `<stem><suffix><extension>`."""

    extension: str
    data: bytes
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class ExportResult:
    files: tuple[ExportFile, ...]
    report: ExportReport


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Settings that some targets read; every field has a deterministic default."""

    timestamp: float | None = None
    """Anki note modification time (seconds since the epoch); None means genanki's current time."""
    variants: int = 1
    """Worksheet versions A, B, C…"""
    seed: str = "0"
    paper: str = "A4"
    key: str = "appended"
    """Worksheet answer key: appended, separate or none."""
    lang: str | None = None
    time_limit: int = 20
    """Kahoot seconds per question."""


@dataclass
class ReportBuilder:
    """Collects report lines while a writer walks the cards (local to one export call)."""

    target: str
    deck_id: str
    total: int
    lines: list[ReportLine] = field(default_factory=list)

    def skip(self, card: Card, reason: str) -> None:
        self.lines.append(ReportLine(card.id, Action.SKIPPED, reason))

    def change(self, card: Card, reason: str) -> None:
        self.lines.append(ReportLine(card.id, Action.CHANGED, reason))

    def build(self) -> ExportReport:
        return ExportReport(self.target, self.deck_id, self.total, tuple(self.lines))


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean(text: str, *, strip: bool = True) -> str:
    """NFC, LF line ends, no control characters except tab and newline, ends trimmed (spec 0.1).

    `strip=False` keeps the ends, for the pieces of a cloze sentence.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _ILLEGAL.sub("", text)
    return text.strip() if strip else text


def html_text(text: str, *, strip: bool = True) -> str:
    """Plain deck text as HTML: `& < >` escaped and line breaks kept as `<br>`."""
    return html.escape(clean(text, strip=strip), quote=False).replace("\n", "<br>")


def one_line(text: str) -> str:
    """Tabs and line breaks (Unicode ones too) become spaces, for one-line-per-field targets."""
    return re.sub("[\t\n\x85\u2028\u2029]+", " ", clean(text))


def number(value: float) -> str:
    """A value from the deck: `.` as the decimal mark, no grouping, and the shortest text that
    reads back as the same value (spec 0.2), all 16 digits of 1234567890123456 included."""
    text = repr(float(value)).removesuffix(".0")
    return "0" if text == "-0" else text


def computed(value: float) -> str:
    """A value computed here (a margin from a percentage): 15 significant digits, which drop
    the float noise of the arithmetic (5% of 1234.5 is 61.725, not 61.72500000000001)."""
    text = format(value, ".15g")
    return "0" if text == "-0" else text


def tolerance_abs(card: NumericCard) -> float:
    """The tolerance as an absolute margin, whatever the deck wrote."""
    # Not from `bounds`: subtracting there adds float noise (61.7249999… for 5% of 1234.5).
    return abs(card.answer) * card.tolerance if card.relative else card.tolerance


def numeric_answer(card: NumericCard) -> str:
    """`value unit (± tol)` as shown on a card back or an answer key."""
    text = number(card.answer)
    if card.unit:
        text += f" {clean(card.unit)}"
    margin = tolerance_abs(card)
    if margin:
        text += f" (± {computed(margin)})"
    return text


def rng_for(*parts: str) -> random.Random:
    """A random generator seeded from text, so every shuffle is reproducible (spec 0.5)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def shuffled_order(count: int, rng: random.Random, *, avoid_identity: bool = False) -> list[int]:
    """A permutation of range(count); `avoid_identity` avoids the original order when it can."""
    order = list(range(count))
    rng.shuffle(order)
    if avoid_identity and count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


LABELS = {
    "en": {
        "name": "Name", "date": "Date", "version": "version", "key": "Answer key",
        "tick": "tick all that apply", "order": "write each item's position in its box",
        "true": "True", "false": "False", "also": "also",
        "all_that_apply": "select all that apply", "true_or_false": "true or false?",
        "in_order": "Order",
    },
    "fr": {
        "name": "Nom", "date": "Date", "version": "version", "key": "Corrigé",
        "tick": "cochez toutes les bonnes réponses",
        "order": "écrivez la position de chaque élément dans sa case",
        "true": "Vrai", "false": "Faux", "also": "accepté aussi",
        "all_that_apply": "plusieurs réponses possibles", "true_or_false": "vrai ou faux ?",
        "in_order": "Ordre",
    },
}  # fmt: skip
"""The words an export adds to the cards (worksheet, Anki, Quizlet, Kahoot), in the deck's
language: a French deck had "(true or false?)" in Anki. English when the language has none."""


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(primary_language(lang), LABELS["en"])


def moodle_spellings(
    deck: Deck, card: Card, answers: Sequence[str], report: ReportBuilder
) -> list[str]:
    """The answers, then the spellings quizapp takes for them that Moodle, which compares a
    short answer as typed (case aside), would mark wrong: without a leading article or the
    punctuation at either end, and without accents unless the card is strict.

    The additions are listed in the report, once per card.
    """
    written = [clean(answer) for answer in answers]
    strict = deck.is_strict(card)
    found: dict[str, str] = {}
    for answer in written:
        bare = display_form(answer, language=deck.language)
        plain = () if strict else (strip_accents(answer), strip_accents(bare))
        for spelling in (answer, bare, *plain):
            if spelling.strip():
                found.setdefault(spelling.casefold(), spelling)
    added = len(found) - len({answer.casefold() for answer in written})
    if added > 0:
        report.change(
            card,
            f"{added} spelling{'s' if added != 1 else ''} quizapp also accepts added as answers "
            "(Moodle compares short answers as typed)",
        )
    return list(found.values())


def option_order(deck: Deck, card: ChoiceCard, target: str) -> list[int]:
    """A choice card's options in a seeded order (the written one with `shuffle: false`).

    Decks often list the right option first: kept as written, it was always "A" in Anki and
    the red triangle in Kahoot. The seed is the deck and card ids, so a re-export of an
    unchanged card gives the same order (Anki updates the note instead of changing it).
    """
    if not card.shuffle:
        return list(range(len(card.options)))
    return shuffled_order(len(card.options), rng_for(deck.id, card.id, target, "options"))


def slugify(name: str) -> str:
    """A safe file-name stem: `[A-Za-z0-9._-]`, no leading dot, at most 100 characters."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return slug[:100] or "deck"


def select_cards(deck: Deck, tags: Iterable[str] = ()) -> tuple[Card, ...]:
    """The deck's cards in deck order, only those carrying one of `tags` when any are given."""
    wanted = set(tags)
    if not wanted:
        return tuple(deck.cards)
    return tuple(card for card in deck.cards if wanted & set(card.tags))


def gap_texts(card: ClozeCard) -> list[str]:
    """The text parts of a cloze, one more than the gaps (each gap sits between two parts)."""
    texts = [""]
    for part in card.parts:
        if isinstance(part, str):
            texts[-1] += part
        else:
            texts.append("")
    return texts


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th… (matching labels for ordering cards)."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def letters(indexes: Sequence[int]) -> str:
    """0-based indexes as option letters: [0, 2] -> "A, C"."""
    return ", ".join(chr(ord("A") + i) for i in indexes)
