"""Broken and hostile files get a DeckError with a position: never a traceback, never code."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.deck_loader import MAX_FILE_BYTES, load_deck, parse_deck
from quizapp.core.errors import DeckError
from tests.deck_checks import assert_only_deck_errors

DATA = Path(__file__).parent / "data"
VALID = (DATA / "clean" / "all-kinds.yaml").read_text(encoding="utf-8")
SMALL = "deck: t\ntitle: T\ncards:\n  - {id: a, kind: basic, front: F, back: B}\n"


def problems(data: str | bytes) -> list[tuple[int, int, str]]:
    with pytest.raises(DeckError) as caught:
        parse_deck(data, "h.yaml")
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_loader_syntax_error_points_at_libyaml_mark() -> None:
    assert problems("deck: t\ntitle: [unclosed\ncards: []\n") == [
        (
            3,
            6,
            "YAML syntax error: did not find expected ',' or ']' "
            "(while parsing a flow sequence at line 2)",
        )
    ]


CARD = "deck: t\ntitle: T\ncards:\n  - id: a\n    kind: typed\n"


@pytest.mark.parametrize(
    ("line", "position", "hint"),
    [
        ("    question: Il a dit: bonjour ?", (6, 23), "text holding ': ' must be put in quotes"),
        ("     answer: x", (6, 12), "check the indentation of this line"),
        ("    question: 'l'heure'", (6, 18), "a ' inside '…' text must be doubled"),
        ("    question: @home", (6, 15), "text starting with @ must be put in quotes"),
        ("    text: {{gap}} first", (6, 19), "text starting with { must be put in quotes"),
        ('    question: "open', (7, 1), "a quote is opened and never closed"),
    ],
)
def test_loader_syntax_errors_suggest_a_fix(
    line: str, position: tuple[int, int], hint: str
) -> None:
    [(found_line, found_column, message)] = problems(CARD + line + "\n")
    assert (found_line, found_column) == position
    assert message.startswith("YAML syntax error: ")
    assert hint in message


def test_loader_tab_indentation_is_refused() -> None:
    assert problems("deck: t\ncards:\n  - id: a\n\t  kind: basic\n") == [
        (4, 1, "tab used for indentation: indent with spaces")
    ]


def test_loader_non_utf8_reports_the_byte_position() -> None:
    assert problems("deck: t\ntitle: café\n".encode("latin-1")) == [
        (2, 11, "not valid UTF-8: byte 0xE9 at byte offset 18 (save it as UTF-8)")
    ]


def test_loader_utf16_file_gets_a_hint() -> None:
    [(line, column, message)] = problems(SMALL.encode("utf-16"))
    assert (line, column) == (1, 1)
    assert "the file looks like UTF-16: save it as UTF-8" in message


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", b"\xef\xbb\xbf"])
def test_loader_empty_file(text: str | bytes) -> None:
    assert problems(text) == [(1, 1, "empty file: a deck needs deck, title and cards")]


def test_loader_too_large_data_is_refused_before_parsing() -> None:
    data = b"#" * (50 * 1024 * 1024)
    [(line, column, message)] = problems(data)
    assert (line, column) == (1, 1)
    assert message == (
        "file too large (50.0 MiB; a deck may be at most 40 MiB): split it into several decks"
    )


def test_loader_too_large_file_is_refused_without_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: nothing is written or read
    with pytest.raises(DeckError) as caught:
        load_deck(huge)
    assert caught.value.first.message.startswith("file too large (200.0 MiB;")


def test_loader_file_just_under_the_limit_is_read(tmp_path: Path) -> None:
    padding = ("# " + "x" * 1000 + "\n") * ((MAX_FILE_BYTES - 4096) // 1003)
    big = tmp_path / "big.yaml"
    big.write_text(SMALL + padding)
    assert load_deck(big).id == "t"


def test_loader_alias_bomb_is_refused_without_expansion() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    found = problems("\n".join(levels) + "\n")
    assert found[0] == (
        1,
        5,
        "anchor '&a0' is not supported: write each value out in full "
        "(a text that starts with '&' goes in quotes)",
    )
    assert found[2] == (
        2,
        10,
        "alias '*a0' is not supported: write the value out in full "
        "(a text that starts with '*' goes in quotes)",
    )


def test_loader_recursive_alias_is_refused() -> None:
    assert problems("a: &x [*x]\n") == [
        (
            1,
            4,
            "anchor '&x' is not supported: write each value out in full "
            "(a text that starts with '&' goes in quotes)",
        ),
        (
            1,
            8,
            "alias '*x' is not supported: write the value out in full "
            "(a text that starts with '*' goes in quotes)",
        ),
    ]


def test_loader_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"deck: !!python/object/apply:os.system ['touch {marker}']\ntitle: T\n"
    assert problems(text) == [
        (1, 7, "tag '!!python/object/apply:os.system' is not allowed in a deck: remove it")
    ]
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "tag", "column"),
    [
        ("deck: !foo x\n", "!foo", 7),
        ("deck: !!int 3\n", "!!int", 7),
        ("x: !!set {a}\n", "!!set", 4),
    ],
)
def test_loader_any_unknown_tag_is_refused(text: str, tag: str, column: int) -> None:
    assert problems(text) == [(1, column, f"tag '{tag}' is not allowed in a deck: remove it")]


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("[" * 10_000, (1, 33)),
        ("{a: " * 100_000, (1, 129)),
        ("- " * 10_000 + "x\n", (1, 65)),
        ("".join("  " * i + f"k{i}:\n" for i in range(200)), (33, 65)),
    ],
)
def test_loader_deep_nesting_is_refused(text: str, position: tuple[int, int]) -> None:
    assert problems(text) == [
        (*position, "nesting too deep: more than 32 levels of lists and mappings")
    ]


def test_loader_raw_escape_character_is_refused() -> None:
    text = SMALL.replace("front: F", "front: \x1b[31mred\x1b[0m")
    assert problems(text) == [
        (4, 33, "escape character (ESC) U+001B is not allowed in a deck: remove it"),
        (4, 41, "escape character (ESC) U+001B is not allowed in a deck: remove it"),
    ]


@pytest.mark.parametrize(
    ("char", "name"),
    [("\x00", "NUL character"), ("\x07", "control character"), ("\x9b", "control character")],
)
def test_loader_control_characters_are_refused(char: str, name: str) -> None:
    [(line, column, message)] = problems("deck: t\ntitle: a" + char + "b\n")
    assert (line, column) == (2, 9)
    assert message == f"{name} U+{ord(char):04X} is not allowed in a deck: remove it"


def test_loader_many_control_characters_are_summed_up() -> None:
    found = problems("deck: t\n" + "\x01" * 500 + "\n")
    assert len(found) == 50
    assert found[-1][2] == "more problems of this kind follow (not listed)"


def test_loader_second_document_is_refused() -> None:
    assert problems(SMALL + "---\ndeck: u\n") == [
        (5, 1, "a deck file holds a single YAML document: remove the second '---'")
    ]


def test_loader_lone_surrogate_in_text_is_refused() -> None:
    assert problems("deck: \ud800\n") == [(1, 7, "invalid character U+D800 (a lone surrogate)")]


def test_loader_huge_number_is_not_a_crash() -> None:
    text = "deck: t\ntitle: T\ncards:\n  - {id: a, kind: numeric, question: Q, answer: %s}\n"
    [(_line, _column, message)] = problems(text % ("9" * 5000))
    assert message.startswith("numeric answer must be a finite number")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_loader_arbitrary_text_only_raises_deck_error(text: str) -> None:
    assert_only_deck_errors(text)


@settings(max_examples=300, deadline=None)
@given(st.binary())
def test_loader_arbitrary_bytes_only_raise_deck_error(data: bytes) -> None:
    assert_only_deck_errors(data)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_loader_mutated_valid_deck_only_raises_deck_error(data: st.DataObject) -> None:
    text = VALID
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 40)))
        insert = data.draw(
            st.sampled_from(
                ["", ":", "- ", "[", "{", "}", "'", '"', "\n", "  ", "&a ", "*a", "!!", "#"]
            )
            | st.text(max_size=5)
        )
        text = text[:start] + insert + text[end:]
    assert_only_deck_errors(text)


@pytest.mark.parametrize(
    ("text", "where"), [("{", (1, 2)), ("[", (1, 2)), ("deck: t\ntitle: [a", (2, 10))]
)
def test_loader_error_at_the_end_of_a_file_without_newline_points_into_it(
    text: str, where: tuple[int, int]
) -> None:
    [(line, column, message)] = problems(text)
    assert (line, column) == where and message.startswith("YAML syntax error")
