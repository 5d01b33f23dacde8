"""Each mistake a deck author can make is reported at its node, with what was expected."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Literal

import pytest

from quizapp.core.deck_loader import load_deck, parse_deck
from quizapp.core.deck_rules import HINT_CHARS, did_you_mean
from quizapp.core.errors import DeckError

DATA = Path(__file__).parent / "data"
HEAD = "deck: t\ntitle: T\n"


def problems(text: str, path: str = "t.yaml") -> list[tuple[int, int, str]]:
    with pytest.raises(DeckError) as caught:
        parse_deck(text, path)
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def card(*lines: str) -> str:
    """A deck (lines 1-3 are the head) whose single card starts on line 4, column 5."""
    return HEAD + "cards:\n  - " + "\n    ".join(lines) + "\n"


CASES = {
    "unknown card key": (
        card("id: a", "kind: typed", "question: Q", "answer: A", "anwser: B"),
        [(8, 5, "unknown key 'anwser' for a typed card (did you mean 'answer'?)")],
    ),
    "unknown top-level key": (
        "deck: t\ntitel: T\ncards: [{id: a, kind: basic, front: F, back: B}]\n",
        [
            (2, 1, "unknown key 'titel' at the top of the deck (did you mean 'title'?)"),
        ],
    ),
    "key of another kind": (
        card("id: a", "kind: typed", "question: Q", "answer: A", "options: [x, y]"),
        [(8, 5, "key 'options' does not belong on a typed card (used by: choice)")],
    ),
    "missing required key": (
        card("id: a", "kind: typed", "answer: A"),
        [(4, 5, "missing required key 'question' for a typed card")],
    ),
    "missing kind": (
        card("id: a", "front: F"),
        [
            (
                4,
                5,
                "missing required key 'kind' (one of: basic, typed, choice, truefalse, "
                "cloze, order, numeric)",
            )
        ],
    ),
    "bad kind": (
        card("id: a", "kind: chioce", "question: Q"),
        [
            (
                5,
                11,
                "unknown kind 'chioce' (expected one of: basic, typed, choice, truefalse, "
                "cloze, order, numeric) (did you mean 'choice'?)",
            )
        ],
    ),
    "list of strings expected": (
        card("id: a", "kind: typed", "question: Q", "answer: A", "accept: 5"),
        [(8, 13, "expected a list of strings for 'accept', got a number")],
    ),
    "text expected, got a mapping": (
        card("id: a", "kind: basic", "front: {a: b}", "back: B"),
        [(6, 12, "expected text for 'front', got a mapping")],
    ),
    "text expected, got nothing": (
        card("id: a", "kind: basic", "front:", "back: B"),
        [(6, 5, "expected text for 'front', got nothing")],
    ),
    "empty quoted text": (
        card("id: a", "kind: basic", "front: '  '", "back: B"),
        [(6, 12, "expected text for 'front', got an empty string")],
    ),
    "duplicate card id": (
        HEAD
        + "cards:\n  - {id: x, kind: basic, front: F, back: B}\n"
        + "  - {id: x, kind: basic, front: G, back: C}\n",
        [(5, 10, "duplicate card id 'x' (first used at line 4)")],
    ),
    "duplicate key": (
        card("id: a", "kind: basic", "front: F", "back: B", "front: G"),
        [(8, 5, "duplicate key 'front' (first used at line 6)")],
    ),
    "bad card id": (
        card("id: -a b", "kind: basic", "front: F", "back: B"),
        [
            (
                4,
                9,
                "invalid card id '-a b': use letters, digits, '_', '.' and '-', "
                "starting with a letter or digit (at most 64 characters)",
            )
        ],
    ),
    "bad deck id": (
        "deck: My Deck\ntitle: T\ncards: [{id: a, kind: basic, front: F, back: B}]\n",
        [
            (
                1,
                7,
                "invalid deck id 'My Deck': use lowercase letters, digits and '-', "
                "starting with a letter or digit (at most 64 characters)",
            )
        ],
    ),
    "choice answer not an option": (
        card("id: a", "kind: choice", "question: Q", "options: [Paris, Lyon]", "answer: Marseille"),
        [(8, 13, "answer 'Marseille' is not one of the options")],
    ),
    "choice answer with a case slip": (
        card("id: a", "kind: choice", "question: Q", "options: [Paris, Lyon]", "answer: paris"),
        [(8, 13, "answer 'paris' is not one of the options (did you mean 'Paris'?)")],
    ),
    "choice answers not options": (
        card("id: a", "kind: choice", "question: Q", "options: [A, B, C]", "answers: [A, D]"),
        [(8, 18, "answer 'D' is not one of the options")],
    ),
    "choice both answer and answers": (
        card(
            "id: a", "kind: choice", "question: Q", "options: [A, B]", "answer: A", "answers: [B]"
        ),
        [(9, 5, "use either 'answer' or 'answers', not both")],
    ),
    "choice without an answer": (
        card("id: a", "kind: choice", "question: Q", "options: [A, B]"),
        [
            (
                4,
                5,
                "missing required key 'answer' for a choice card "
                "(or 'answers' when several options are correct)",
            )
        ],
    ),
    "choice with one option": (
        card("id: a", "kind: choice", "question: Q", "options: [A]", "answer: A"),
        [(7, 14, "a choice card needs at least 2 options, got 1")],
    ),
    "choice duplicate option": (
        card("id: a", "kind: choice", "question: Q", "options: [A, B, A]", "answer: A"),
        [(7, 21, "duplicate item 'A' in 'options' (first at line 7)")],
    ),
    "cloze without a gap": (
        card("id: a", "kind: cloze", "text: No gap here"),
        [(6, 11, "cloze text has no gap: write {{answer}}")],
    ),
    "cloze empty gap": (
        card("id: a", "kind: cloze", "text: 'A {{}} gap'"),
        [(6, 14, "empty gap '{{}}' in cloze text: write the answer between the braces")],
    ),
    "cloze empty spelling": (
        card("id: a", "kind: cloze", "text: 'A {{b||c}} gap'"),
        [(6, 14, "empty spelling in gap '{{b||c}}': remove the extra '|'")],
    ),
    "cloze unclosed gap": (
        card("id: a", "kind: cloze", "text: 'A {{b} gap'"),
        [(6, 14, "unclosed gap '{{b} gap' in cloze text: '{{' without '}}'")],
    ),
    "order with one item": (
        card("id: a", "kind: order", "question: Q", "items: [only]"),
        [(7, 12, "an order card needs at least 2 items, got 1")],
    ),
    "numeric answer is text": (
        card("id: a", "kind: numeric", "question: Q", "answer: about ten"),
        [(7, 13, "numeric answer must be a number, got text 'about ten'")],
    ),
    "numeric answer is quoted": (
        card("id: a", "kind: numeric", "question: Q", "answer: '42'"),
        [(7, 13, "numeric answer must be a number, got text '42' (remove the quotes)")],
    ),
    "numeric answer with separators": (
        card("id: a", "kind: numeric", "question: Q", "answer: 1_000"),
        [
            (
                7,
                13,
                "numeric answer must be a number, got text '1_000' "
                "(write the digits without separators: 1000, 2.5)",
            )
        ],
    ),
    "numeric answer is infinite": (
        card("id: a", "kind: numeric", "question: Q", "answer: .inf"),
        [(7, 13, "numeric answer must be a finite number, got '.inf'")],
    ),
    "numeric negative tolerance": (
        card("id: a", "kind: numeric", "question: Q", "answer: 1", "tolerance: -2"),
        [(8, 16, "tolerance must not be negative")],
    ),
    "numeric bad tolerance": (
        card("id: a", "kind: numeric", "question: Q", "answer: 1", "tolerance: [1]"),
        [(8, 16, 'tolerance must be a number (absolute) or a percentage such as "5%", got a list')],
    ),
    "truefalse yes": (
        card("id: a", "kind: truefalse", "statement: S", "answer: yes"),
        [(7, 13, "expected true or false for 'answer', got text 'yes'")],
    ),
    "strict must be boolean": (
        card("id: a", "kind: basic", "front: F", "back: B", "strict: 1"),
        [(8, 13, "expected true or false for 'strict', got a number")],
    ),
    "unknown source": (
        "deck: t\ntitle: T\nsources: [{id: press, title: P}]\ncards:\n"
        "  - {id: a, kind: basic, front: F, back: B, source: {ref: scmp, quote: q}}\n",
        [(5, 59, "unknown source 'scmp' (known: press)")],
    ),
    "unknown source without sources": (
        card("id: a", "kind: basic", "front: F", "back: B", "source: {ref: scmp, quote: q}"),
        [(8, 19, "unknown source 'scmp' (known: the deck lists no sources)")],
    ),
    "card source missing quote": (
        "deck: t\ntitle: T\nsources: [{id: s, title: S}]\ncards:\n"
        "  - {id: a, kind: basic, front: F, back: B, source: {ref: s}}\n",
        [(5, 53, "missing required key 'quote' in a card's source")],
    ),
    "null word": (
        card("id: a", "kind: basic", "front: null", "back: B"),
        [(6, 12, "expected text for 'front', got null (put it in quotes for the word)")],
    ),
    "too long": (
        card("id: a", "kind: basic", "front: " + "x" * 10_001, "back: B"),
        [(6, 12, "text of 'front' is too long (10,001 characters, at most 10,000)")],
    ),
    "escape sequence in quotes": (
        card("id: a", "kind: basic", 'front: "red \\e[31m"', "back: B"),
        [(6, 12, "control character U+001B is not allowed in 'front'")],
    ),
    "no cards": (HEAD + "cards: []\n", [(3, 8, "a deck needs at least one card")]),
    "cards not a list": (
        HEAD + "cards: 3\n",
        [(3, 8, "expected a list of cards for 'cards', got a number")],
    ),
    "card not a mapping": (
        HEAD + "cards:\n  - just text\n",
        [(4, 5, "expected a card (a mapping with id, kind, …), got text 'just text'")],
    ),
    "bad language": (
        "deck: t\ntitle: T\nlanguage: French!\ncards: [{id: a, kind: basic, front: F, back: B}]\n",
        [(3, 11, "invalid language 'French!': use a code such as en, fr or fr-CA")],
    ),
    "bad url": (
        "deck: t\ntitle: T\nsources: [{id: s, title: S, url: example.org}]\n"
        "cards: [{id: a, kind: basic, front: F, back: B}]\n",
        [(3, 34, "invalid url 'example.org': write http://… or https://…")],
    ),
    "duplicate source id": (
        "deck: t\ntitle: T\nsources:\n  - {id: s, title: S}\n  - {id: s, title: U}\n"
        "cards: [{id: a, kind: basic, front: F, back: B}]\n",
        [(5, 10, "duplicate source id 's' (first used at line 4)")],
    ),
    "a French decimal comma": (
        card("id: a", "kind: numeric", "question: Q", "answer: 1,5"),
        [
            (
                7,
                13,
                "numeric answer must be a number, got text '1,5' (write decimals with a point: "
                "1.5)",
            )
        ],
    ),
    "a tolerance in words": (
        card("id: a", "kind: numeric", "question: Q", "answer: 5", "tolerance: 5 pourcent"),
        [
            (
                8,
                16,
                'tolerance must be a number (absolute) or a percentage such as "5%", got text '
                "'5 pourcent'",
            )
        ],
    ),
    "a key of another kind on an order card": (
        card("id: a", "kind: order", "question: Q", "items: [x, y]", "shuffle: false"),
        [(8, 5, "key 'shuffle' does not belong on an order card (used by: choice)")],
    ),
    "an option with ': ' in it": (
        card(
            "id: a", "kind: choice", "question: Q", "options: [Yes, Maybe: not sure]", "answer: Yes"
        ),
        [
            (
                7,
                20,
                "expected text for an item of 'options', got a mapping (a ': ' inside a text "
                "makes it a mapping: put the text in quotes)",
            )
        ],
    ),
    "text cut by a comment": (
        card("id: a", "kind: typed", "question: Who wrote Symphony #5?", "answer: C #"),
        [
            (
                6,
                34,
                "the text stops at 'Who wrote Symphony': YAML reads ' #' and what follows as "
                "a comment; put the whole text in quotes",
            ),
            (
                7,
                15,
                "the text stops at 'C': YAML reads ' #' and what follows as a comment; put the "
                "whole text in quotes",
            ),
        ],
    ),
    "text cut by a comment, Windows line ends": (
        card("id: a", "kind: basic", "front: Tag #x", "back: B").replace("\n", "\r\n"),
        [
            (
                6,
                16,
                "the text stops at 'Tag': YAML reads ' #' and what follows as a comment; put "
                "the whole text in quotes",
            )
        ],
    ),
    "top level is a list": (
        "- a\n- b\n",
        [(1, 1, "expected a deck: a mapping with 'deck', 'title' and 'cards', got a list")],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_loader_reports_problem_at_its_node(name: str) -> None:
    text, expected = CASES[name]
    assert problems(text) == expected


def test_loader_source_file_not_in_utf8_says_so_in_words(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_bytes("Le caf\u00e9\ncr\u00e8me".encode("latin-1"))
    deck = tmp_path / "d.yaml"
    deck.write_text(
        "deck: d\ntitle: T\nsources: [{id: s, title: S, file: article.txt}]\n"
        "cards: [{id: a, kind: basic, front: F, back: B, source: {ref: s, quote: Le}}]\n",
        encoding="utf-8",
    )
    with pytest.raises(DeckError) as caught:
        load_deck(deck)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (3, 35)  # the file name
    assert problem.message == (
        "cannot read source file article.txt: it is not UTF-8 text (line 1 has byte 0xe9): "
        "save it as UTF-8"
    )


def test_loader_cloze_problem_points_at_the_gap_inside_a_block_of_text() -> None:
    """It pointed at the `>-` that starts the block, four lines above the slip."""
    text = (
        "deck: t\ntitle: T\ncards:\n  - id: a\n    kind: cloze\n    text: >-\n"
        "      In 1957 the Soviet Union launched {{Sputnik 1}}, the first\n"
        "      artificial satellite; in 1969 {{Neil Armstrong}} walked\n"
        "      on the {{Moon}.\n"
        "  - id: b\n    kind: cloze\n    text: A b}} c {{d}}\n"
    )
    assert problems(text) == [
        (9, 14, "unclosed gap '{{Moon}.' in cloze text: '{{' without '}}'"),
        (12, 11, "'}}' without a matching '{{' in cloze text, at 'A b}}'"),
    ]


def test_loader_takes_comments_written_as_comments() -> None:
    """A '# ' comment after a value, a quoted '#', a '#' inside a word: all fine."""
    text = (
        "deck: t  # the id\ntitle: 'Pick #1'\ncards:\n"
        "  # the first card\n"
        "  - id: a\n    kind: typed\n    question: C# or F#?  # a comment\n"
        '    answer: "C #"\n    accept: [C#]\n'
    )
    deck = parse_deck(text, "t.yaml")
    card = deck.cards[0]
    assert (deck.title, card.prompt) == ("Pick #1", "C# or F#?")


def test_loader_reports_all_problems_in_file_order() -> None:
    text = (
        "deck: t\ntitle: T\ncards:\n"
        "  - {id: a, kind: typed, question: Q, anwser: A}\n"
        "  - {id: b, kind: order, question: Q, items: [x]}\n"
        "  - {id: a, kind: numeric, question: Q, answer: many}\n"
    )
    assert problems(text) == [
        (4, 39, "unknown key 'anwser' for a typed card (did you mean 'answer'?)"),
        (5, 46, "an order card needs at least 2 items, got 1"),
        (6, 10, "duplicate card id 'a' (first used at line 4)"),
        (6, 49, "numeric answer must be a number, got text 'many'"),
    ]


def test_loader_problem_renders_as_path_line_column_message() -> None:
    with pytest.raises(DeckError) as caught:
        parse_deck(HEAD + "cards: 3\n", "decks/x.yaml")
    assert (
        str(caught.value) == "decks/x.yaml:3:8: expected a list of cards for 'cards', got a number"
    )


def test_loader_quote_not_in_source_file() -> None:
    with pytest.raises(DeckError) as caught:
        load_deck(DATA / "quote-missing.yaml")
    assert [(p.line, p.column, p.message) for p in caught.value.problems] == [
        (12, 14, "quote not found in source.txt (it matches up to '1 000 milliards de ')"),
    ]


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_loader_quote_matches_its_source_whichever_way_accents_are_encoded(
    tmp_path: Path, form: Literal["NFC", "NFD"]
) -> None:
    """A quote copied from a PDF or on macOS has e + U+0300: "not found" in the source."""
    source = "Liang Wenfeng a discrètement fait don de 138 millions de yuans."
    (tmp_path / "article.txt").write_text(unicodedata.normalize("NFC", source), "utf-8")
    quote = unicodedata.normalize(form, "a discrètement fait don")
    deck = tmp_path / "d.yaml"
    deck.write_text(
        "deck: d\ntitle: T\nsources: [{id: s, title: S, file: article.txt}]\n"
        "cards: [{id: a, kind: basic, front: F, back: B,"
        f' source: {{ref: s, quote: "{quote}"}}}}]\n',
        encoding="utf-8",
    )
    assert [card.id for card in load_deck(deck).cards] == ["a"]


def source_file_problem(folder: Path, file: str) -> tuple[int, int, str]:
    """The one problem of a deck in `folder` whose source names `file` (on line 6, column 11)."""
    deck_file = folder / "d.yaml"
    deck_file.write_text(
        f"deck: d\ntitle: T\nsources:\n  - id: s\n    title: S\n    file: {file}\n"
        "cards:\n  - {id: a, kind: basic, front: F, back: B, source: {ref: s, quote: q}}\n"
    )
    with pytest.raises(DeckError) as caught:
        load_deck(deck_file)
    [problem] = caught.value.problems
    return problem.line, problem.column, problem.message


def test_loader_missing_source_file_is_reported_at_file(tmp_path: Path) -> None:
    line, column, message = source_file_problem(tmp_path, "../nowhere.txt")
    assert (line, column) == (6, 11)
    assert message.startswith("source file not found: ../nowhere.txt (looked for ")


def test_loader_unreadable_deck_path_is_a_deck_error(tmp_path: Path) -> None:
    with pytest.raises(DeckError) as caught:
        load_deck(tmp_path / "absent.yaml")
    assert caught.value.first.message.startswith("cannot read deck file: ")


def test_loader_long_user_text_is_shortened_in_messages() -> None:
    long_key = ["? " + "x" * 5000, ": 1"]  # an explicit key: implicit ones stop at 1024
    found = problems(card("id: a", "kind: basic", "front: F", "back: B", *long_key))
    assert found == [(8, 7, "unknown key '" + "x" * 39 + "…' for a basic card")]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1" + "0" * 400, "numeric answer must be a finite number, got '1000"),  # past float
        ("0x" + "f" * 400, "numeric answer must be a finite number, got '0xfff"),
        ("0x-1", "numeric answer must be a number, got text '0x-1'"),  # Python's int() reads -1
        ("0x1_0", "numeric answer must be a number, got text '0x1_0'"),
        ("0o-7", "numeric answer must be a number, got text '0o-7'"),
    ],
)
def test_loader_refuses_numbers_yaml_does_not_have_or_floats_cannot_hold(
    value: str, message: str
) -> None:
    [(line, column, found)] = problems(
        card("id: a", "kind: numeric", "question: Q", f"answer: {value}")
    )
    assert (line, column) == (7, 13) and found.startswith(message)


def test_loader_reads_yaml_hex_and_octal_numbers() -> None:
    deck = parse_deck(card("id: a", "kind: numeric", "question: Q", "answer: 0x1F"), "t.yaml")
    assert deck.cards[0].answer == 31  # type: ignore[union-attr]


def test_loader_source_file_in_a_symlink_loop_is_reported_at_its_name(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to("loop")
    line, column, message = source_file_problem(tmp_path, "loop")
    assert (line, column) == (6, 11)
    assert message.startswith("cannot read source file loop: ")


def test_loader_accepts_tabs_inside_a_block_of_text_but_not_as_indentation() -> None:
    code = card("id: a", "kind: basic", "front: Code?", "back: |", "  def f():", "  \treturn 1")
    back = parse_deck(code, "t.yaml").cards[0].back  # type: ignore[union-attr]
    assert back == "def f():\n\treturn 1"
    tabbed = HEAD + "cards:\n\t- id: a\n"
    assert problems(tabbed) == [(4, 1, "tab used for indentation: indent with spaces")]


def test_loader_lists_at_most_fifty_tab_problems_however_many_lines() -> None:
    found = problems(HEAD + "cards:\n" + "\t- x\n" * 200_000)
    assert len(found) == 50 and found[-1][2] == "more problems of this kind follow (not listed)"


def test_loader_reads_a_tagged_scalar_as_text_as_yaml_does() -> None:
    truefalse = card("id: a", "kind: truefalse", "statement: S", "answer: !!str true")
    assert problems(truefalse) == [(7, 13, "expected true or false for 'answer', got text 'true'")]
    numeric = card("id: a", "kind: numeric", "question: Q", "answer: ! 42")
    [(line, column, message)] = problems(numeric)
    assert (line, column) == (7, 13) and message.startswith("numeric answer must be a number")
    typed = card("id: a", "kind: typed", "question: Q", "answer: !!str 42")
    assert parse_deck(typed, "t.yaml").cards[0].answer == "42"  # type: ignore[union-attr]


def test_loader_hint_compares_short_texts_only() -> None:
    assert did_you_mean("anwser", ["answer", "accept"]) == " (did you mean 'answer'?)"
    long = "x" * (HINT_CHARS + 1)
    assert did_you_mean(long + "y", [long + "z"]) == ""  # close, but too long to compare
    assert did_you_mean(long.upper(), [long]).startswith(" (did you mean")  # same but for case


@pytest.mark.parametrize("encoding", ["utf-16-be", "utf-16-le"])
def test_loader_names_utf16_without_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    deck_file = tmp_path / "d.yaml"
    deck_file.write_bytes(card("id: a", "kind: typed", "question: Q", "answer: A").encode(encoding))
    with pytest.raises(DeckError) as caught:
        load_deck(deck_file)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (1, 1)
    assert problem.message.startswith("the file looks like UTF-16")


@pytest.mark.parametrize("escape", ["\\u2028", "\\L", "\\P", "\\uFFFE"])
def test_loader_refuses_separators_written_as_escapes(escape: str) -> None:
    text = card("id: a", "kind: typed", f'question: "a{escape}b"', "answer: A")
    [(line, column, message)] = problems(text)
    assert (line, column) == (6, 15) and message.endswith("is not allowed in 'question'")
