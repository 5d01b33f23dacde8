"""Writes the hostile decks too big or too binary to commit, into a folder, at test time.

Each writer makes one file whose expected first problem is listed in `expected.py` under the
same name, like the committed files in `corpus/`. The sizes are what the issue asks for
(50 MB, 10,000-deep nesting, absurdly long strings); everything is deterministic.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from quizapp.core.deck_loader import MAX_FILE_BYTES

HEAD = "deck: {name}\ntitle: Generated\ncards:\n"
CARD = "  - {{id: c{i}, kind: typed, question: Question {i}?, answer: Answer {i}}}\n"
NESTING = 10_000


def _deck(name: str, cards: str) -> str:
    return HEAD.format(name=f"g-{name}") + cards


def _huge(path: Path) -> None:
    """50 MiB of a real deck: refused by its size before anything is parsed."""
    card_lines = "".join(CARD.format(i=i) for i in range(1000))
    block = card_lines.encode()
    with path.open("wb") as handle:
        handle.write(_deck("huge", "").encode())
        written = 0
        while written < 50 * 1024 * 1024:
            handle.write(block)
            written += len(block)


def _long_question(path: Path) -> None:
    """One question of 39 MiB on one line, just under the file limit."""
    length = MAX_FILE_BYTES - 1024 * 1024
    card = f"  - id: long\n    kind: typed\n    question: {'x' * length}\n    answer: a\n"
    path.write_text(_deck("long-question", card))


def _long_key(path: Path) -> None:
    """An unknown key of a million characters on a card."""
    card = f"  - id: a\n    kind: basic\n    front: F\n    back: B\n    {'k' * 1_000_000}: 1\n"
    path.write_text(_deck("long-key", card))


def _long_id(path: Path) -> None:
    """A card id of 100,000 characters."""
    card = f"  - id: {'a' * 100_000}\n    kind: basic\n    front: F\n    back: B\n"
    path.write_text(_deck("long-id", card))


def _binary_random(path: Path) -> None:
    """A mebibyte of seeded random bytes."""
    path.write_bytes(random.Random(7).randbytes(1024 * 1024))


def _binary_png(path: Path) -> None:
    """An image renamed to .yaml: the PNG signature starts with byte 0x89."""
    body = random.Random(8).randbytes(64 * 1024)
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + body)


def _binary_elf(path: Path) -> None:
    """A program renamed to .yaml: valid UTF-8 for a while, full of NULs and controls."""
    header = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00"
    path.write_bytes(header + b"\x00" * 64 * 1024)


def _null_bytes(path: Path) -> None:
    """Ten mebibytes of NUL bytes (a file truncated by a crash, say)."""
    path.write_bytes(b"\x00" * 10 * 1024 * 1024)


def _non_utf8_late(path: Path) -> None:
    """20,000 good cards, then one Latin-1 byte: its line is far down the file."""
    cards = "".join(CARD.format(i=i) for i in range(20_000))
    tail = "  - {id: late, kind: basic, front: Caf\xe9?, back: B}\n"
    path.write_bytes(_deck("non-utf8-late", cards).encode() + tail.encode("latin-1"))


def _alias_bomb(path: Path) -> None:
    """Billion laughs: nine levels of ten aliases each, 10^9 strings if expanded."""
    levels = ['lol0: &lol0 "lol"']
    levels += [f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 10) + "]" for n in range(1, 10)]
    card = "  - {id: a, kind: basic, front: F, back: B}\n"
    path.write_text(_deck("alias-bomb", card) + "\n".join(levels) + "\n")


def _alias_flood(path: Path) -> None:
    """One anchor and a million aliases to it (4 MB): each alias is a problem."""
    aliases = ", ".join(["*a"] * 1_000_000)
    path.write_text(_deck("alias-flood", f"  - &a {{id: a, kind: basic}}\n  - [{aliases}]\n"))


def _many_broken_cards(path: Path) -> None:
    """200,000 cards of an unknown kind (12 MB)."""
    cards = "".join(
        f"  - {{id: c{i}, kind: flashcard, front: F, back: B}}\n" for i in range(200_000)
    )
    path.write_text(_deck("many-broken-cards", cards))


def _list_flood(path: Path) -> None:
    """39 MiB of one-letter list items: 20 million values, were they all built."""
    items = "a, " * ((MAX_FILE_BYTES - 1024 * 1024) // 3)
    path.write_text(_deck("list-flood", "") + "  - [" + items + "a]\n")


def _many_escapes(path: Path) -> None:
    """A mebibyte of raw ANSI colour sequences in one question."""
    colours = "\x1b[31mred\x1b[0m " * (1024 * 1024 // 13)
    path.write_text(_deck("many-escapes", f"  - id: a\n    kind: basic\n    front: {colours}\n"))


def _deep(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text)

    return write


_IN_CARD = "deck: g-deep-in-card\ntitle: Deep\ncards:\n  - id: a\n    kind: typed\n    question: "

WRITERS: dict[str, Callable[[Path], None]] = {
    "huge-50mb": _huge,
    "long-question": _long_question,
    "long-key": _long_key,
    "long-card-id": _long_id,
    "binary-random": _binary_random,
    "binary-png": _binary_png,
    "binary-elf": _binary_elf,
    "null-bytes": _null_bytes,
    "non-utf8-late": _non_utf8_late,
    "alias-bomb": _alias_bomb,
    "alias-flood": _alias_flood,
    "many-broken-cards": _many_broken_cards,
    "list-flood": _list_flood,
    "many-escapes": _many_escapes,
    "deep-flow-sequence": _deep("[" * NESTING),
    "deep-flow-mapping": _deep("{a: " * NESTING),
    "deep-block-sequence": _deep("- " * NESTING + "x\n"),
    "deep-block-mapping": _deep("? " * NESTING + "x\n"),
    "deep-in-card": _deep(_IN_CARD + "[" * NESTING + "\n    answer: a\n"),
    "deep-block-in-card": _deep(_IN_CARD + "\n      " + "- " * NESTING + "x\n    answer: a\n"),
}
"""File name (without .yaml) -> its writer."""

CHEAP = ("binary-png", "binary-elf", "alias-bomb", "deep-flow-sequence", "deep-block-in-card")
"""Generated decks small enough to load in-process too (the TUI test)."""


def generate(folder: Path, names: tuple[str, ...] | None = None) -> list[Path]:
    """Write the generated decks (all, or those named) into `folder`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names or tuple(WRITERS):
        path = folder / f"{name}.yaml"
        WRITERS[name](path)
        written.append(path)
    return written
