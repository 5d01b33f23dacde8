"""What `quizapp lint` must say first about each hostile deck: its line, column and message;
and where the hostile decks are, and what no output may hold.

Keys are file names without `.yaml`: the committed files in `corpus/` and the generated ones
(`corpus_gen.WRITERS`). A table in Python rather than a YAML file beside the decks, so that
linting the corpus folder does not lint the table too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
"""Broken decks, one problem each."""
GOOD = HERE / "good"
"""Valid decks with hostile text: markup, bidi, BOM, CRLF."""
MARKUP_DECK = GOOD / "markup.yaml"
TERMINAL_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""Anything but a newline that could act on the terminal reading the output (a tab included)."""


class Expect(NamedTuple):
    """The first problem `quizapp lint` reports for a file."""

    line: int
    column: int
    fragment: str
    """A part of the message that says what is wrong (or how to fix it)."""
    also: str = ""
    """A part of a later problem in the same file, when the first one is not the whole story."""


SYNTAX = "YAML syntax error: "
CONTROL = "is not allowed in a deck: remove it"
EMPTY = "empty file: a deck needs deck, title and cards"
NESTING = "nesting too deep: more than 32 levels of lists and mappings"
NOT_A_DECK = "expected a deck: a mapping with 'deck', 'title' and 'cards', got "

COMMITTED: dict[str, Expect] = {
    # -- YAML syntax --------------------------------------------------------------------
    "syntax-unclosed-bracket": Expect(9, 11, "did not find expected ',' or ']'"),
    "syntax-unclosed-quote": Expect(9, 1, "a quote is opened and never closed"),
    "syntax-colon-in-text": Expect(7, 23, "text holding ': ' must be put in quotes"),
    "syntax-apostrophe-in-quotes": Expect(8, 16, "a ' inside '…' text must be doubled"),
    "syntax-at-sign": Expect(8, 13, "text starting with @ must be put in quotes"),
    "syntax-backtick": Expect(8, 13, "text starting with ` must be put in quotes"),
    "syntax-percent-start": Expect(8, 13, "text starting with % must be put in quotes"),
    "syntax-over-indented": Expect(8, 12, "check the indentation of this line"),
    "syntax-under-indented": Expect(8, 4, "check the indentation of this line"),
    "syntax-cloze-unquoted-braces": Expect(7, 21, "text starting with { must be put in quotes"),
    "syntax-flow-mapping-unclosed": Expect(6, 5, "did not find expected ',' or '}'"),
    "syntax-missing-space-after-dash": Expect(6, 9, "mapping values are not allowed"),
    "syntax-missing-space-after-colon": Expect(7, 5, "write 'key: value', with a space after"),
    "tab-indentation": Expect(6, 1, "tab used for indentation: indent with spaces"),
    "tab-after-spaces": Expect(7, 3, "tab used for indentation: indent with spaces"),
    "second-document": Expect(6, 1, "a deck file holds a single YAML document"),
    "duplicate-key": Expect(9, 5, "duplicate key 'answer' (first used at line 8)"),
    # -- structure and types ------------------------------------------------------------
    "root-list": Expect(2, 1, NOT_A_DECK + "a list"),
    "root-text": Expect(2, 1, NOT_A_DECK + "text 'Capital of France? Paris'"),
    "missing-header": Expect(
        2, 1, "missing required key 'deck' at the top", also="missing required key 'title'"
    ),
    # One slip, one problem: not also "missing required key 'title'".
    "unknown-top-key": Expect(3, 1, "unknown key 'titel' at the top of the deck (did you mean"),
    "deck-invalid-id": Expect(2, 7, "invalid deck id 'My Capitals!'"),
    "language-invalid": Expect(4, 11, "invalid language 'French'"),
    "cards-mapping": Expect(5, 3, "expected a list of cards for 'cards', got a mapping"),
    "cards-empty": Expect(4, 8, "a deck needs at least one card"),
    "card-is-list": Expect(5, 5, "expected a card (a mapping with id, kind, …), got a list"),
    "card-is-text": Expect(5, 5, "expected a card (a mapping with id, kind, …), got text"),
    "card-unknown-key": Expect(8, 5, "unknown key 'anwser' for a typed card (did you mean"),
    "card-key-of-other-kind": Expect(9, 5, "key 'options' does not belong on a typed card"),
    "card-missing-id": Expect(5, 5, "missing required key 'id' for a basic card"),
    "card-invalid-id": Expect(5, 9, "invalid card id 'capital of France'"),
    "duplicate-card-id": Expect(6, 10, "duplicate card id 'capital' (first used at line 5)"),
    "unknown-kind": Expect(6, 11, "unknown kind 'multiple-choice' (expected one of: basic"),
    "missing-kind": Expect(5, 5, "missing required key 'kind'"),
    "question-is-list": Expect(7, 15, "expected text for 'question', got a list"),
    "tags-not-list": Expect(7, 11, "expected a list of strings for 'tags', got text"),
    "strict-not-boolean": Expect(7, 13, "expected true or false for 'strict', got text 'yes'"),
    # -- missing or impossible answers --------------------------------------------------
    "typed-missing-answer": Expect(5, 5, "missing required key 'answer' for a typed card"),
    "basic-empty-back": Expect(8, 5, "expected text for 'back', got nothing"),
    "answer-null": Expect(8, 13, "got null (put it in quotes for the word)"),
    "choice-answer-not-an-option": Expect(9, 13, "answer 'Paris' is not one of the options"),
    "choice-answer-index": Expect(9, 13, "answer '4' is not one of the options"),
    "choice-one-option": Expect(8, 14, "a choice card needs at least 2 options, got 1"),
    "choice-duplicate-options": Expect(8, 28, "duplicate item 'Paris' in 'options'"),
    "choice-answer-and-answers": Expect(10, 5, "use either 'answer' or 'answers', not both"),
    "choice-answers-empty": Expect(9, 14, "'answers' needs at least one entry, got 0"),
    "choice-missing-answer": Expect(5, 5, "missing required key 'answer' for a choice card"),
    "truefalse-yes": Expect(8, 13, "expected true or false for 'answer', got text 'yes'"),
    "cloze-no-gap": Expect(7, 11, "cloze text has no gap: write {{answer}}"),
    "cloze-unclosed-gap": Expect(7, 35, "unclosed gap '{{France.' in cloze text"),
    "cloze-empty-gap": Expect(7, 35, "empty gap '{{}}' in cloze text"),
    "order-one-item": Expect(8, 12, "an order card needs at least 2 items, got 1"),
    "order-duplicate-items": Expect(8, 21, "duplicate item 'V3' in 'items'"),
    "numeric-text-answer": Expect(8, 13, "numeric answer must be a number, got text 'about 600'"),
    "numeric-quoted-answer": Expect(8, 13, "got text '600' (remove the quotes)"),
    "numeric-separators": Expect(8, 13, "write the digits without separators"),
    "numeric-infinite": Expect(8, 13, "numeric answer must be a finite number, got '.inf'"),
    "numeric-negative-tolerance": Expect(9, 16, "tolerance must not be negative"),
    "numeric-bad-tolerance": Expect(9, 16, "a percentage such as \"5%\", got text 'five percent'"),
    "source-unknown-ref": Expect(9, 19, "unknown source 'reuters'"),
    "source-file-missing": Expect(7, 11, "source file not found: no-such-article.txt"),
    # -- YAML features a deck must not use ----------------------------------------------
    "python-object-apply": Expect(2, 7, "tag '!!python/object/apply:os.system' is not allowed"),
    "python-name-tag": Expect(3, 8, "tag '!!python/name:os.system' is not allowed"),
    "include-tag": Expect(5, 5, "tag '!include' is not allowed in a deck"),
    "anchor-merge-key": Expect(
        4, 11, "anchor '&defaults' is not supported", also="alias '*defaults' is not supported"
    ),
    # -- control characters and terminal escapes ----------------------------------------
    "ctrl-ansi-colour": Expect(7, 15, "escape character (ESC) U+001B " + CONTROL),
    "ctrl-osc8-hyperlink": Expect(7, 20, "escape character (ESC) U+001B " + CONTROL),
    "ctrl-osc-title": Expect(3, 16, "escape character (ESC) U+001B", also="U+0007 " + CONTROL),
    "ctrl-bell": Expect(8, 17, "control character U+0007 " + CONTROL),
    "ctrl-backspace": Expect(8, 15, "control character U+0008 " + CONTROL),
    # A lone CR ends a line, as in most editors: "Paris" is then a line without a key.
    "ctrl-carriage-return": Expect(9, 1, SYNTAX + "could not find expected ':'"),
    "ctrl-nul": Expect(7, 19, "NUL character U+0000 " + CONTROL),
    "ctrl-delete": Expect(7, 30, "DEL character U+007F " + CONTROL),
    "ctrl-c1-csi": Expect(9, 14, "control character U+009B " + CONTROL),
    "ctrl-line-separator": Expect(7, 19, "line separator U+2028 " + CONTROL),
    "escaped-ansi": Expect(7, 15, "control character U+001B is not allowed in 'question'"),
    "escaped-osc8": Expect(8, 11, "control character U+001B is not allowed in 'back'"),
    "escaped-bell-backspace": Expect(
        7, 15, "U+0007 is not allowed in 'question'", also="U+0008 is not allowed in 'answer'"
    ),
    "escaped-control-in-key": Expect(9, 5, "unknown key '\\x1b]0;pwned\\x07' for a basic card"),
    "escaped-control-in-kind": Expect(6, 11, "unknown kind '\\x1b[31mbasic'"),
    # -- encodings and emptiness --------------------------------------------------------
    "empty": Expect(1, 1, EMPTY),
    "blank": Expect(1, 1, EMPTY),
    "comment-only": Expect(1, 1, EMPTY),
    "bom-only": Expect(1, 1, EMPTY),
    "utf16": Expect(1, 1, "the file looks like UTF-16: save it as UTF-8"),
    "latin1": Expect(6, 34, "not valid UTF-8: byte 0xF9 at byte offset 179"),
    "utf8-encoded-surrogate": Expect(3, 9, "not valid UTF-8: byte 0xED at byte offset 108"),
}

GENERATED: dict[str, Expect] = {
    "huge-50mb": Expect(1, 1, "file too large (50.0 MiB; a deck may be at most 40 MiB)"),
    "long-question": Expect(6, 15, "text of 'question' is too long (40,894,464 characters"),
    "long-key": Expect(8, 5, "a key may be at most 1024 characters long"),
    "long-card-id": Expect(4, 9, "text of card id is too long (100,000 characters"),
    "binary-random": Expect(1, 2, "not valid UTF-8: byte 0xB4 at byte offset 1"),
    "binary-png": Expect(1, 1, "not valid UTF-8: byte 0x89 at byte offset 0"),
    "binary-elf": Expect(1, 1, "DEL character U+007F", also="more problems of this kind follow"),
    "null-bytes": Expect(1, 1, "NUL character U+0000", also="more problems of this kind follow"),
    "non-utf8-late": Expect(20_004, 39, "not valid UTF-8: byte 0xE9"),
    "alias-bomb": Expect(5, 7, "anchor '&lol0' is not supported", also="alias '*lol0'"),
    "alias-flood": Expect(4, 5, "anchor '&a' is not supported", also="more problems follow"),
    "many-broken-cards": Expect(4, 20, "unknown kind 'flashcard'", also="more problems follow"),
    # The 4,000,000th value, in the one list on line 4.
    "list-flood": Expect(4, 11_999_979, "too many values: more than 4,000,000"),
    "many-escapes": Expect(6, 12, "escape character (ESC) U+001B", also="more problems"),
    "deep-flow-sequence": Expect(1, 33, NESTING),
    "deep-flow-mapping": Expect(1, 129, NESTING),
    "deep-block-sequence": Expect(1, 65, NESTING),
    "deep-block-mapping": Expect(1, 65, NESTING),
    "deep-in-card": Expect(6, 47, NESTING),
    "deep-block-in-card": Expect(7, 65, NESTING),
}
