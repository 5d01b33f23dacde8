"""Checks a composed deck document against the format and builds the model, with every problem.

The YAML layer (`deck_loader`) hands over a small tree of `deck_rules.Scalar`, `Seq` and `Map`
(or anything with the same attributes), each with the 0-based `line` and `column` where it starts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quizapp.core.deck_cards import CardRules
from quizapp.core.deck_rules import (
    NULLS,
    Map,
    Seq,
    closest,
    describe,
    is_plain,
    is_scalar,
    mark_of,
    normalize_quote,
    parse_number,
    plain_bool,
    printable,
    separated_number,
    short,
    suggest,
)
from quizapp.core.errors import Problem
from quizapp.core.model import Deck, Source
from quizapp.core.schema import (
    DECK_ID_PATTERN,
    DECK_KEYS,
    DECK_REQUIRED,
    LANGUAGE_PATTERN,
    MAX_ID_LENGTH,
    MAX_TEXT_LENGTH,
    SOURCE_KEYS,
    SOURCE_REQUIRED,
    URL_PATTERN,
)

_DECK_ID = re.compile(DECK_ID_PATTERN)
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
_URL = re.compile(URL_PATTERN)
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+,[0-9]{1,2}")
"""1,5 and 2,25: a French decimal (three digits after the comma are thousands: 1,000)."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
"""What a double-quoted text may not produce with an escape (`\\e`, `\\u2028`, `\\L`): the
characters refused when typed in the file, line and paragraph separators included."""

SourceReader = Callable[[Path], str]
"""Returns a source file's text; raises OSError or ValueError when it cannot."""
MAX_PROBLEMS = 50
"""Problems listed per file; past that the file is not checked further, so that a file of
100,000 broken cards or aliases costs neither minutes nor gigabytes."""


_HASH = re.compile(r"[ \t]#")
_CUT_BY_COMMENT = re.compile(r"[ \t]+#(?=\S|$)")
"""After a plain text: ' #5', ' #' at the end of the line. YAML reads them as a comment, but
an author who writes a comment leaves a space after the '#'."""


def hash_lines(text: str) -> dict[int, str]:
    """The lines (0-based, as the parser counts them) where a ' #' may start a comment.

    Few lines of a deck have one: the text checks look only at those.
    """
    if "#" not in text:
        return {}
    flat = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    found: dict[int, str] = {}
    line = last = 0
    for match in _HASH.finditer(flat):
        start = match.start()
        line += flat.count("\n", last, start)
        last = start
        if line not in found:
            end = flat.find("\n", start)
            found[line] = flat[flat.rfind("\n", 0, start) + 1 : len(flat) if end < 0 else end]
    return found


class _At:
    """A place in the file that no node starts at (for `Checker.fail`)."""

    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


class TooManyProblems(Exception):
    """Raised by `Checker.fail` past `MAX_PROBLEMS`: the walk stops there."""


class Checker:
    """Walks one deck document; `problems` collects what is wrong, each at its node."""

    def __init__(
        self, path: Path | str, base_dir: Path, read_source: SourceReader, text: str = ""
    ) -> None:
        self.path = path
        self.base_dir = base_dir
        self.read_source = read_source
        self.source_text = text
        """The deck file's text, to point inside a long value (`locate`)."""
        self.hash_lines = hash_lines(text)
        """The deck's lines with a ' #' in them, by 0-based number (see `text`)."""
        self.problems: list[Problem] = []
        self.sources: dict[str, Source] = {}
        self.source_files: dict[str, tuple[Any, str]] = {}
        """Source id -> (the `file:` node, the file name as written), for quote messages."""

    # -- reporting -------------------------------------------------------------------------

    def fail(self, node: Any, message: str) -> None:
        line, column = mark_of(node)
        # One printable line, whatever deck text (a file name, an option) the message quotes.
        self.problems.append(Problem(self.path, line, column, printable(message)))
        if len(self.problems) > MAX_PROBLEMS:
            raise TooManyProblems

    def locate(self, node: Any, piece: str) -> Any:
        """Where `piece` of the node's text is written: the first place after the node's start
        (a block of text may run over many lines); the node itself when it is not found as
        written (escapes, folded lines) or the file has CR-only line ends."""
        text = self.source_text
        if not piece or not text or ("\r" in text and "\n" not in text):
            return node
        start = 0
        for _ in range(node.line):
            start = text.find("\n", start) + 1
            if start == 0:
                return node
        start += node.column
        found = text.find(piece, start)
        if found < 0:
            return node
        line = node.line + text.count("\n", start, found)
        return _At(line, found - (text.rfind("\n", 0, found) + 1))

    # -- mappings --------------------------------------------------------------------------

    def index(self, node: Any) -> dict[str, tuple[Any, Any]]:
        """The mapping's entries by key text; reports odd and repeated keys."""
        items = node.items
        keys = items[0::2]
        try:
            names = [key.value for key in keys]  # Seq and Map have no value: slow path
        except AttributeError:
            pass
        else:
            entries = dict(zip(names, zip(keys, items[1::2], strict=True), strict=True))
            if len(entries) == len(names):
                return entries
        entries = {}
        for position in range(0, len(items), 2):
            key, value = items[position], items[position + 1]
            if not is_scalar(key):
                self.fail(key, f"expected a key (a word such as 'question'), got {describe(key)}")
                continue
            name = key.value
            if name in entries:
                first = mark_of(entries[name][0])[0]
                self.fail(key, f"duplicate key '{short(name)}' (first used at line {first})")
                continue
            entries[name] = (key, value)
        return entries

    def unknown_keys(
        self, entries: dict[str, tuple[Any, Any]], allowed: tuple[str, ...], where: str
    ) -> set[str]:
        """Report the keys not in `allowed`; return the allowed keys they look like slips for."""
        meant: set[str] = set()
        for name, (key, _value) in entries.items():
            if name not in allowed:
                close = closest(name, allowed)
                self.fail(key, f"unknown key '{short(name)}'{where}{suggest(close)}")
                if close is not None:
                    meant.add(close)
        return meant

    def missing_keys(
        self,
        node: Any,
        entries: dict[str, Any],
        required: tuple[str, ...],
        where: str,
        meant: set[str] | frozenset[str] = frozenset(),
    ) -> None:
        """Report the required keys absent, but those a misspelt key stands for (`meant`):
        `anwser:` is one slip, reported once, as "unknown key 'anwser' (did you mean …)"."""
        for name in required:
            if name not in entries and name not in meant:
                self.fail(node, f"missing required key '{name}'{where}")

    # -- values ----------------------------------------------------------------------------

    def text(self, entry: tuple[Any, Any], what: str | None = None) -> str | None:
        """A text field: the scalar's text as written, trimmed; None (and a problem) if not."""
        node = entry[1]
        cls = node.__class__
        if cls is not Seq and cls is not Map:
            value = node.value
            style = node.style
            if (
                (style or value not in NULLS)
                and len(value) <= MAX_TEXT_LENGTH
                and (style != '"' or not _CONTROL.search(value))
            ):
                stripped = value.strip()
                if stripped:
                    if not style and node.line in self.hash_lines:
                        self._cut_by_comment(node)
                    return str(stripped)
        self._bad_text(entry, what or f"'{entry[0].value}'")
        return None

    def _cut_by_comment(self, node: Any) -> None:
        """`question: Symphony #5?` reads as "Symphony": say so, at the '#'."""
        line = self.hash_lines[node.line]
        end = node.column + len(node.value)
        if "\n" in node.value or line[node.column : end] != node.value:
            return  # a text over several lines: not checked
        cut = _CUT_BY_COMMENT.match(line, end)
        if cut:
            self.fail(
                _At(node.line, cut.end() - 1),
                f"the text stops at '{short(node.value)}': YAML reads ' #' and what follows "
                "as a comment; put the whole text in quotes",
            )

    def _bad_text(self, entry: tuple[Any, Any], what: str) -> None:
        key, node = entry
        if not is_scalar(node):
            hint = ""
            first = node.items[0] if isinstance(node, Map) and len(node.items) == 2 else None
            if first is not None and is_scalar(first) and mark_of(first) == mark_of(node):
                # `- Maybe: not sure`: the ': ' made a mapping of a text.
                hint = " (a ': ' inside a text makes it a mapping: put the text in quotes)"
            self.fail(node, f"expected text for {what}, got {describe(node)}{hint}")
            return
        value = node.value
        found = _CONTROL.search(value) if node.style == '"' else None
        if is_plain(node) and value == "":
            self.fail(key, f"expected text for {what}, got nothing")
        elif is_plain(node) and value in NULLS:
            self.fail(
                node, f"expected text for {what}, got {value} (put it in quotes for the word)"
            )
        elif len(value) > MAX_TEXT_LENGTH:
            self.fail(
                node,
                f"text of {what} is too long ({len(value):,} characters, "
                f"at most {MAX_TEXT_LENGTH:,})",
            )
        elif found:
            code = ord(found.group())
            kind = "control character" if code < 0xA0 else "character"
            self.fail(node, f"{kind} U+{code:04X} is not allowed in {what}")
        else:
            self.fail(node, f"expected text for {what}, got an empty string")

    def text_list(
        self,
        entry: tuple[Any, Any],
        *,
        min_items: int = 0,
        unique: bool = False,
        too_few: str | None = None,
    ) -> tuple[str, ...] | None:
        """A list of texts; `too_few` starts the message when it is shorter than `min_items`."""
        key, node = entry
        name = key.value
        if not isinstance(node, Seq):
            self.fail(node, f"expected a list of strings for '{name}', got {describe(node)}")
            return None
        values: list[str] = []
        firsts: dict[str, Any] = {}
        ok = True
        label = f"an item of '{name}'"
        for item in node.items:
            value = self.text((key, item), label)
            if value is None:
                ok = False
                continue
            if unique:
                if value in firsts:
                    first = mark_of(firsts[value])[0]
                    self.fail(
                        item, f"duplicate item '{short(value)}' in '{name}' (first at line {first})"
                    )
                    ok = False
                    continue
                firsts[value] = item
            values.append(value)
        if ok and len(node.items) < min_items:
            lead = too_few or f"'{name}' needs"
            wanted = f"at least {min_items} {name}" if min_items > 1 else "at least one entry"
            self.fail(node, f"{lead} {wanted}, got {len(node.items)}")
            return None
        return tuple(values) if ok else None

    def boolean(self, entry: tuple[Any, Any]) -> bool | None:
        key, node = entry
        value = plain_bool(node)
        if value is None:
            self.fail(node, f"expected true or false for '{key.value}', got {describe(node)}")
        return value

    def identifier(self, entry: tuple[Any, Any], pattern: re.Pattern[str], what: str) -> str | None:
        value = self.text(entry, what)
        if value is None:
            return None
        if len(value) > MAX_ID_LENGTH or not pattern.match(value):
            allowed = (
                "lowercase letters, digits and '-'"
                if pattern is _DECK_ID
                else "letters, digits, '_', '.' and '-'"
            )
            self.fail(
                entry[1],
                f"invalid {what} '{short(value)}': use {allowed}, starting with a letter or digit "
                f"(at most {MAX_ID_LENGTH} characters)",
            )
            return None
        return value

    def number(self, entry: tuple[Any, Any], what: str) -> float | None:
        _key, node = entry
        if is_plain(node):
            value = parse_number(node.value)
            if value is not None:
                try:
                    as_float = float(value)
                except OverflowError:  # an integer past float's range (1 and 400 zeros)
                    as_float = math.inf
                if math.isfinite(as_float):
                    return as_float
                self.fail(node, f"{what} must be a finite number, got '{short(node.value)}'")
                return None
        if is_scalar(node) and not is_plain(node) and parse_number(node.value) is not None:
            got = f"text '{short(node.value)}' (remove the quotes)"
        elif is_scalar(node) and _DECIMAL_COMMA.fullmatch(node.value.strip()):
            point = node.value.strip().replace(",", ".")
            got = f"text '{short(node.value)}' (write decimals with a point: {point})"
        elif is_scalar(node) and separated_number(node.value):
            got = f"text '{short(node.value)}' (write the digits without separators: 1000, 2.5)"
        else:
            got = describe(node)
        self.fail(node, f"{what} must be a number, got {got}")
        return None

    # -- the deck --------------------------------------------------------------------------

    def deck(self, root: Any) -> Deck | None:
        if not isinstance(root, Map):
            self.fail(
                root,
                "expected a deck: a mapping with 'deck', 'title' and 'cards', "
                f"got {describe(root)}",
            )
            return None
        entries = self.index(root)
        meant = self.unknown_keys(entries, DECK_KEYS, " at the top of the deck")
        self.missing_keys(root, entries, DECK_REQUIRED, " at the top of the deck", meant)
        deck_id = (
            self.identifier(entries["deck"], _DECK_ID, "deck id") if "deck" in entries else None
        )
        title = self.text(entries["title"]) if "title" in entries else None
        language = "en"
        if "language" in entries:
            language = self.text(entries["language"]) or "en"
            if not _LANGUAGE.match(language):
                self.fail(
                    entries["language"][1],
                    f"invalid language '{short(language)}': use a code such as en, fr or fr-CA",
                )
        description = self.text(entries["description"]) if "description" in entries else ""
        authors = self.text_list(entries["authors"]) if "authors" in entries else ()
        strict = self.boolean(entries["strict"]) if "strict" in entries else False
        if "sources" in entries:
            self.check_sources(entries["sources"])
        cards = CardRules(self).cards(entries["cards"]) if "cards" in entries else None
        if self.problems or cards is None:
            return None
        assert deck_id is not None and title is not None
        tags = sorted({tag for card in cards for tag in card.tags})
        return Deck(
            id=deck_id,
            title=title,
            cards=cards,
            language=language,
            description=description or "",
            authors=authors or (),
            sources=tuple(self.sources.values()),
            strict=bool(strict),
            path=Path(self.path),
            tags=tuple(tags),
        )

    def check_sources(self, entry: tuple[Any, Any]) -> None:
        _key, node = entry
        if not isinstance(node, Seq):
            self.fail(node, f"expected a list of sources for 'sources', got {describe(node)}")
            return
        first_lines: dict[str, int] = {}
        for item in node.items:
            if not isinstance(item, Map):
                self.fail(item, f"expected a source (id, title, file, url), got {describe(item)}")
                continue
            entries = self.index(item)
            self.unknown_keys(entries, SOURCE_KEYS, " in a source")
            self.missing_keys(item, entries, SOURCE_REQUIRED, " in a source")
            source_id = (
                self.identifier(entries["id"], _DECK_ID, "source id") if "id" in entries else None
            )
            title = self.text(entries["title"]) if "title" in entries else None
            url = self.text(entries["url"]) if "url" in entries else None
            if url is not None and not _URL.match(url):
                self.fail(
                    entries["url"][1], f"invalid url '{short(url)}': write http://… or https://…"
                )
            file_path = self.source_file(entries["file"]) if "file" in entries else None
            if source_id is None:
                continue
            if source_id in first_lines:
                self.fail(
                    entries["id"][1],
                    f"duplicate source id '{source_id}' (first used at line "
                    f"{first_lines[source_id]})",
                )
                continue
            first_lines[source_id] = mark_of(entries["id"][1])[0]
            if title is not None:
                self.sources[source_id] = Source(id=source_id, title=title, file=file_path, url=url)
            if file_path is not None:
                self.source_files[source_id] = (entries["file"][1], entries["file"][1].value)

    def source_file(self, entry: tuple[Any, Any]) -> Path | None:
        written = self.text(entry)
        if written is None:
            return None
        looked = self.base_dir / written
        try:
            resolved = looked.resolve()
            found = resolved.is_file()
        except (OSError, RuntimeError) as exc:  # a name too long, a symlink loop
            self.fail(entry[1], f"cannot read source file {short(written)}: {exc}")
            return None
        if not found:
            self.fail(entry[1], f"source file not found: {written} (looked for {resolved})")
            return None
        return resolved

    def check_quotes(self, quotes: list[tuple[Any, str, str]]) -> None:
        """Each (quote node, source id, quote) must occur in that source's file."""
        texts: dict[Path, str | None] = {}
        for node, ref, quote in quotes:
            source = self.sources.get(ref)
            if source is None or source.file is None:
                continue
            if source.file not in texts:
                texts[source.file] = self._read_normalized(ref, source.file)
            haystack = texts[source.file]
            wanted = normalize_quote(quote)
            if haystack is not None and wanted not in haystack:
                written = self.source_files[ref][1]
                self.fail(node, f"quote not found in {written}{_partial_match(wanted, haystack)}")

    def _read_normalized(self, ref: str, file: Path) -> str | None:
        try:
            return normalize_quote(self.read_source(file))
        except (OSError, ValueError) as exc:
            node, written = self.source_files[ref]
            self.fail(node, f"cannot read source file {written}: {exc}")
            return None


def _partial_match(quote: str, haystack: str) -> str:
    """Where a quote stops matching its source, to help find the slip."""
    low, high = 0, len(quote)  # quote[:low] occurs in the source, quote[:high + 1] does not
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in haystack:
            low = middle
        else:
            high = middle - 1
    if low < 12:
        return ""
    matched = quote[:low]
    shown = matched if len(matched) <= 40 else "…" + matched[-39:]
    return f" (it matches up to '{shown}')"


__all__ = ["MAX_PROBLEMS", "Checker", "SourceReader", "TooManyProblems"]
