"""Reads deck files safely (libyaml when present) and turns them into validated `Deck`s.

This is the only module that imports yaml. The document is read as a stream of parser events
into a small tree (`deck_rules.Scalar`/`Seq`/`Map`) that keeps every node's position; this is
about three times faster than `yaml.load` with the C loader, and uses half the memory. Reading
events ourselves also means an alias is never expanded, nesting depth is bounded without
recursion, tags are refused before anything is built, and every scalar keeps its text as
written (`answer: no` is "no").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from quizapp.core.collector import collector_paused
from quizapp.core.deck_check import MAX_PROBLEMS, Checker, TooManyProblems
from quizapp.core.deck_rules import Map, Scalar, Seq, plain_data, printable
from quizapp.core.errors import DeckError, Problem
from quizapp.core.model import Deck

MAX_FILE_BYTES = 40 * 1024 * 1024
"""A 100,000-card deck is about 30 MB; anything much bigger is refused before parsing."""
MAX_DEPTH = 32
"""Lists and mappings nested deeper than this are refused (a deck needs five levels)."""
MAX_NODES = 4_000_000
"""Values (texts, lists, mappings) per file. A 100,000-card deck holds about 1.6 million; 40 MiB
of one-letter list items would be 20 million, about 2 GB of memory, were they all built."""
PROGRESS_EVENTS = 4096
"""How often (in YAML events, about 400 cards) `parse_deck` reports its progress."""
MAX_PRE_PROBLEMS = 50
"""Character-level problems listed per file before the rest are summed up in one line."""

_Loader: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
_BOM = b"\xef\xbb\xbf"
_SCALAR_TAGS = frozenset({None, "!", "tag:yaml.org,2002:str"})
_COLLECTION_TAGS = frozenset({None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
_BAD_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
"""Control characters, and the line and paragraph separators that YAML counts as line breaks
where an editor does not (every line number after one would be off)."""
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_CHAR_NAMES = {
    0x00: "NUL character",
    0x1B: "escape character (ESC)",
    0x7F: "DEL character",
    0x2028: "line separator",
    0x2029: "paragraph separator",
}


def load_deck(path: Path | str) -> Deck:
    """Read and validate one deck file.

    Raises:
        DeckError: every problem found, each at the line and column of its YAML node.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DeckError([_too_large(path, size)])
        data = path.read_bytes()
    except OSError as exc:
        raise DeckError([Problem(path, 1, 1, f"cannot read deck file: {exc.strerror}")]) from None
    return parse_deck(data, path)


def parse_deck(
    data: bytes | str, path: Path | str, *, progress: Callable[[float], None] | None = None
) -> Deck:
    """Validate deck text already read; `path` names it in messages and anchors source files.

    `progress`, when given, is told the share of the text parsed so far (0 to 1) every
    `PROGRESS_EVENTS` YAML events, for a progress bar over a big first load.

    Raises:
        DeckError: every problem found, each at the line and column of its YAML node.
    """
    with collector_paused():  # the tree and the model: many small objects, all kept
        text = _decode(data, path)
        root = _compose(text, path, progress)
        checker = Checker(path, Path(path).resolve().parent, _read_source, text)
        try:
            deck = checker.deck(root)
        except TooManyProblems:
            deck = None
    if checker.problems or deck is None:
        found = sorted(checker.problems, key=lambda p: (p.line, p.column))
        raise DeckError(_capped(found, path))
    return deck


def load_yaml_data(data: bytes | str, path: Path | str = "<deck>") -> Any:
    """A deck file as JSON-like data, reading scalars as an editor does (YAML 1.2 core schema).

    For tools and the schema tests; it applies the same safety checks as `parse_deck`.

    Raises:
        DeckError: the file is not safe, well-formed YAML.
    """
    return plain_data(_compose(_decode(data, path), path))


def locate_top_level_key(path: Path, key: str) -> tuple[int, int]:
    """1-based line and column of a top-level key's value in a deck file (1, 1 if not found).

    Used for problems found across decks (a deck id used twice), after each deck loaded; the
    file is read as the loader reads it (a byte order mark, CR line ends, a quoted key), but
    only as far as the key: the deck was parsed already, and may be 30 MB.
    """
    try:
        loader = _Loader(_decode(path.read_bytes(), path))
    except (OSError, DeckError):
        return 1, 1
    depth = 0
    is_key, found = True, False
    try:
        while not isinstance(event := loader.get_event(), yaml.StreamEndEvent):
            if isinstance(event, yaml.CollectionStartEvent | yaml.ScalarEvent) and depth == 1:
                if found and (mark := event.start_mark) is not None:  # the key's value
                    return mark.line + 1, mark.column + 1
                found = is_key and isinstance(event, yaml.ScalarEvent) and event.value == key
                is_key = not is_key
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return 1, 1


def _read_source(file: Path) -> str:
    if file.stat().st_size > MAX_FILE_BYTES:
        raise ValueError("the file is larger than 40 MiB")
    data = file.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(
            f"it is not UTF-8 text (line {line} has byte 0x{data[error.start]:02x}): "
            "save it as UTF-8"
        ) from None


def _too_large(path: Path | str, size: int) -> Problem:
    return Problem(
        path,
        1,
        1,
        f"file too large ({size / 1_048_576:.1f} MiB; a deck may be at most "
        f"{MAX_FILE_BYTES // 1_048_576} MiB): split it into several decks",
    )


def _decode(data: bytes | str, path: Path | str) -> str:
    """Text ready for the YAML parser, or DeckError for encoding and character problems."""
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
        if len(text) > MAX_FILE_BYTES:
            raise DeckError([_too_large(path, len(text))])
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            line, column = _position(text, exc.start)
            message = f"invalid character U+{ord(text[exc.start]):04X} (a lone surrogate)"
            raise DeckError([Problem(path, line, column, message)]) from None
    else:
        if len(data) > MAX_FILE_BYTES:
            raise DeckError([_too_large(path, len(data))])
        # A UTF-8 byte order mark is harmless: accepted and skipped.
        skipped = len(_BOM) if data.startswith(_BOM) else 0
        data = data[skipped:]
        if _looks_like_utf16(data):
            message = (
                "the file looks like UTF-16 (a zero byte beside each letter): save it as UTF-8"
            )
            raise DeckError([Problem(path, 1, 1, message)])
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DeckError([_not_utf8(data, exc.start, path, skipped)]) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DeckError([Problem(path, 1, 1, "empty file: a deck needs deck, title and cards")])
    problems = _character_problems(text, path)
    if problems:
        raise DeckError(problems)
    return text


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 text without a byte order mark (one with a mark gets its hint from `_not_utf8`):
    it decodes as UTF-8 with a NUL beside each letter, and 50 'NUL character' problems would
    not say why. Most of the first 100 byte pairs are then a zero and a printable ASCII byte."""
    head = data[:200]
    if len(head) < 8 or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    pairs = len(head) // 2
    for zero, letter in ((0, 1), (1, 0)):  # big-endian, little-endian
        ascii_pairs = sum(
            1
            for i in range(pairs)
            if head[2 * i + zero] == 0
            and (32 <= head[2 * i + letter] < 127 or head[2 * i + letter] in b"\t\n\r")
        )
        if ascii_pairs >= 0.9 * pairs:
            return True
    return False


def _not_utf8(data: bytes, offset: int, path: Path | str, skipped: int = 0) -> Problem:
    """The first bad byte, at `offset` in `data`, which follows `skipped` bytes of BOM."""
    before = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")  # as lines are read
    line_start = before.rfind(b"\n") + 1
    line = before.count(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", "replace")) + 1
    hint = "save it as UTF-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        hint = "the file looks like UTF-16: save it as UTF-8"
    where = offset + skipped
    message = f"not valid UTF-8: byte 0x{data[offset]:02X} at byte offset {where} ({hint})"
    return Problem(path, line, column, message)


def _position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _inside(text: str, line: int, column: int) -> tuple[int, int]:
    """A line and column of `text`: libyaml places an error at the end of a file with no final
    newline on the line after the last, which an editor cannot jump to."""
    lines = text.count("\n") + 1
    if line > lines:
        return lines, len(text) - text.rfind("\n")
    length = len(text.split("\n", line)[line - 1])
    return line, min(column, length + 1)


def _character_problems(text: str, path: Path | str) -> list[Problem]:
    """Control characters, before YAML sees them."""
    found: list[tuple[int, str]] = []
    for match in _BAD_CHAR.finditer(text):
        code = ord(match.group())
        name = _CHAR_NAMES.get(code, "control character" if code < 0xA0 else "character")
        found.append((match.start(), f"{name} U+{code:04X} is not allowed in a deck: remove it"))
        if len(found) > MAX_PRE_PROBLEMS:
            break
    return _listed(found, text, path)


def _tab_problems(text: str, path: Path | str) -> list[Problem]:
    """Lines indented with tabs: asked for only when YAML could not read the file, since a tab
    is fine inside text, in a block scalar's lines included (a code snippet)."""
    found: list[tuple[int, str]] = []
    for match in _TAB_INDENT.finditer(text):
        found.append((match.end() - 1, "tab used for indentation: indent with spaces"))
        if len(found) > MAX_PRE_PROBLEMS:
            break
    return _listed(found, text, path)


def _listed(found: list[tuple[int, str]], text: str, path: Path | str) -> list[Problem]:
    """(offset, message) pairs as problems in file order, at most MAX_PRE_PROBLEMS of them."""
    problems = [Problem(path, *_position(text, offset), message) for offset, message in found]
    if len(problems) > MAX_PRE_PROBLEMS:
        last = problems[MAX_PRE_PROBLEMS - 1]
        problems[MAX_PRE_PROBLEMS - 1 :] = [
            Problem(path, last.line, last.column, "more problems of this kind follow (not listed)")
        ]
    return problems


def _compose(text: str, path: Path | str, progress: Callable[[float], None] | None = None) -> Any:
    """The document's tree; DeckError for syntax errors, anchors, aliases, tags, deep nesting."""
    loader = _Loader(text)
    if progress is not None:
        loader.get_event = _reporting(loader.get_event, len(text), progress)
    try:
        return _build_tree(loader, path)
    except yaml.MarkedYAMLError as exc:
        tabs = _tab_problems(text, path) if "\t" in text else []
        if tabs:  # the likely cause, said plainly rather than as libyaml's token error
            raise DeckError(tabs) from None
        if "maximum nesting depth" in (exc.problem or ""):
            # libyaml (0.2.6+) scans far ahead of the events and stops at its own limit of
            # 1000 levels before our limit of MAX_DEPTH is seen: report ours, where it is passed.
            offset = _flow_depth_offset(text, MAX_DEPTH + 1)
            if offset is not None:
                message = f"nesting too deep: more than {MAX_DEPTH} levels of lists and mappings"
                raise DeckError([Problem(path, *_position(text, offset), message)]) from None
        mark = exc.problem_mark or exc.context_mark
        if _missing_colon(exc):
            # Noticed where the next line starts; the key without its ': ' is the line before.
            mark = exc.context_mark
        line, column = _inside(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise DeckError([Problem(path, line, column, _syntax_message(exc, text))]) from None
    except yaml.YAMLError as exc:
        raise DeckError([Problem(path, 1, 1, f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()


def _flow_depth_offset(text: str, depth: int) -> int | None:
    """Where `[` and `{` first open `depth` levels (quoted text skipped), or None."""
    level = 0
    quote = ""
    for offset, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "[{":
            level += 1
            if level == depth:
                return offset
        elif char in "]}":
            level = max(level - 1, 0)
    return None


def _missing_colon(exc: yaml.MarkedYAMLError) -> bool:
    """A line read as the start of a key that never gets its ':' (`front:text`, `back Paris`)."""
    return (
        (exc.problem or "").startswith("could not find expected ':'")
        and (exc.context or "").startswith("while scanning a simple key")
        and exc.context_mark is not None
    )


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = exc.problem or exc.context or "invalid YAML"
    message = f"YAML syntax error: {problem}"
    key_mark = exc.context_mark
    if _missing_colon(exc) and key_mark is not None:
        lines = text.split("\n", key_mark.line + 1)
        line_text = lines[key_mark.line] if key_mark.line < len(lines) else ""
        if line_text.find(": ", key_mark.column) - key_mark.column >= 1024:  # YAML's key limit
            return f"{message}: a key may be at most 1024 characters long"
        return f"{message}: write 'key: value', with a space after the colon"
    if exc.context and exc.problem and exc.context_mark is not None:
        message += f" ({exc.context} at line {exc.context_mark.line + 1})"
    mark = exc.problem_mark
    if mark is None:
        return message
    lines = text.split("\n", mark.line + 1)
    line_text = lines[mark.line] if mark.line < len(lines) else ""
    hint = _syntax_hint(problem, exc.context or "", line_text, mark.column)
    return f"{message}: {hint}" if hint else message


def _syntax_hint(problem: str, context: str, line_text: str, column: int) -> str:
    """A likely fix for libyaml's most common complaints, from the offending line."""
    stripped = line_text.lstrip(" ")
    first_colon = line_text.find(": ")
    if "'\\t'" in problem or "\t" in line_text[max(column - 1, 0) : column + 1]:
        return "use spaces, not tabs"
    if problem.startswith("mapping values are not allowed"):
        if 0 <= first_colon < column:
            return "text holding ': ' must be put in quotes"
        return "check the indentation of this line"
    if problem.startswith("found unexpected end of stream") and "quoted scalar" in context:
        return "a quote is opened and never closed"
    starts_badly = line_text[column : column + 1] in ("@", "`", "%")
    if problem.startswith("found character that cannot start any token") and starts_badly:
        return f"text starting with {line_text[column]} must be put in quotes"
    if problem.startswith(("did not find expected key", "did not find expected '-'")):
        value = line_text[first_colon + 2 :].lstrip() if first_colon >= 0 else stripped
        if value[:1] in ("'", '"') and value.count(value[0]) > 2:
            quote = value[0]
            return f"a {quote} inside {quote}…{quote} text must be doubled, or use the other quote"
        if value[:1] in ("{", "["):
            return f"text starting with {value[0]} must be put in quotes"
        return "check the indentation of this line"
    return ""


def _build_tree(loader: Any, path: Path | str) -> Any:
    """Consume parser events into Seq/Map/scalar nodes, refusing what decks must not use."""
    problems: list[Problem] = []
    stack: list[Any] = []
    top: list[Any] = []  # receives the root node
    append = top.append
    documents = 0
    nodes_left = MAX_NODES
    get_event = loader.get_event
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    while True:
        event = get_event()
        kind = event.__class__
        if kind is scalar_event:
            if event.anchor is not None or event.tag not in _SCALAR_TAGS:
                _check_properties(event, _SCALAR_TAGS, problems, path)
            style = event.style
            if event.tag is not None and not style:
                style = "!"  # tagged (`!!str true`, `! 42`): text, whatever it looks like
            append(Scalar(event.value, style, event.start_mark))
            nodes_left -= 1
            if not nodes_left:
                raise DeckError([*problems, _too_many_nodes(path, event.start_mark)])
        elif kind is mapping_end or kind is sequence_end:
            node = stack.pop()
            append = stack[-1].items.append if stack else top.append
            append(node)
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag not in _COLLECTION_TAGS:
                _check_properties(event, _COLLECTION_TAGS, problems, path)
            if len(stack) >= MAX_DEPTH:
                mark = event.start_mark
                message = f"nesting too deep: more than {MAX_DEPTH} levels of lists and mappings"
                raise DeckError([*problems, Problem(path, mark.line + 1, mark.column + 1, message)])
            node = Map(event.start_mark) if kind is mapping_start else Seq(event.start_mark)
            stack.append(node)
            append = node.items.append
            nodes_left -= 1
            if not nodes_left:
                raise DeckError([*problems, _too_many_nodes(path, event.start_mark)])
        elif kind is alias_event:
            mark = event.start_mark
            message = (
                f"alias '*{event.anchor}' is not supported: write the value out in full "
                "(a text that starts with '*' goes in quotes)"
            )
            problems.append(Problem(path, mark.line + 1, mark.column + 1, message))
            if len(problems) > MAX_PROBLEMS:  # a flood of aliases: stop reading
                raise DeckError(_capped(problems, path))
            append(_Placeholder(event.start_mark))
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                message = "a deck file holds a single YAML document: remove the second '---'"
                raise DeckError([*problems, Problem(path, mark.line + 1, mark.column + 1, message)])
        elif kind is yaml.StreamEndEvent:
            break
    root = top[0] if top else None
    if problems:
        raise DeckError(problems)
    if root is None:
        raise DeckError([Problem(path, 1, 1, "empty file: a deck needs deck, title and cards")])
    return root


def _check_properties(
    event: Any, allowed_tags: frozenset[str | None], problems: list[Problem], path: Path | str
) -> None:
    mark = event.start_mark
    if event.anchor is not None:
        message = (
            f"anchor '&{event.anchor}' is not supported: write each value out in full "
            "(a text that starts with '&' goes in quotes)"
        )
        problems.append(Problem(path, mark.line + 1, mark.column + 1, message))
    tag = event.tag
    if tag not in allowed_tags:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        shown = printable(shown if len(shown) <= 60 else shown[:59] + "…")  # %1B is ESC
        message = f"tag '{shown}' is not allowed in a deck: remove it"
        problems.append(Problem(path, mark.line + 1, mark.column + 1, message))
    if len(problems) > MAX_PROBLEMS:  # a flood of anchors or tags: stop reading
        raise DeckError(_capped(problems, path))


def _too_many_nodes(path: Path | str, mark: Any) -> Problem:
    message = (
        f"too many values: more than {MAX_NODES:,} texts, lists and mappings (100,000 cards "
        "hold about 1.6 million): split it into several decks"
    )
    return Problem(path, mark.line + 1, mark.column + 1, message)


MORE_PROBLEMS = "more problems follow (not listed)"
"""The message of the line that ends a capped list of problems (it is not one itself)."""


def _capped(problems: list[Problem], path: Path | str) -> list[Problem]:
    """At most MAX_PROBLEMS problems, the last one saying that more follow."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    last = problems[MAX_PROBLEMS - 1]
    more = Problem(path, last.line, last.column, MORE_PROBLEMS)
    return [*problems[: MAX_PROBLEMS - 1], more]


def _reporting(get_event: Any, length: int, progress: Callable[[float], None]) -> Any:
    """`get_event`, telling `progress` how far into the text it is every PROGRESS_EVENTS events.

    Only wrapped in when a progress callback is given: the plain load keeps its tight loop.
    """
    count = 0
    share = 1 / max(length, 1)

    def next_event() -> Any:
        nonlocal count
        event = get_event()
        count += 1
        if count % PROGRESS_EVENTS == 0:
            progress(min(event.start_mark.index * share, 1.0))
        return event

    return next_event


class _Placeholder:
    """Stands in for an alias while the rest of the document is read for more problems."""

    __slots__ = ("line", "column")
    value = ""
    style = "'"

    def __init__(self, mark: Any) -> None:
        self.line = mark.line
        self.column = mark.column
