"""Regression tests for the bugs the hostile corpus found, one per fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core import deck_loader
from quizapp.core.deck_loader import parse_deck
from quizapp.core.errors import DeckError
from quizapp.core.grading import Verdict, grade
from quizapp.core.model import ClozeCard, ClozeGap, TypedCard

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HEAD = "deck: t\ntitle: T\ncards:\n  - id: a\n    kind: basic\n    front: F\n    back: B\n"


def messages(text: str | bytes) -> list[str]:
    with pytest.raises(DeckError) as caught:
        parse_deck(text, "h.yaml")
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ('    "\\e]0;pwned\\a": 1\n', "unknown key '\\x1b]0;pwned\\x07' for a basic card"),
        ('    "two\\nlines": 1\n', "unknown key 'two\\x0alines' for a basic card"),
        ('    "\\u2028": 1\n', "unknown key '\\u2028' for a basic card"),
    ],
)
def test_messages_escape_control_characters_from_yaml_escapes(line: str, shown: str) -> None:
    [message] = messages(HEAD + line)
    assert message == f"h.yaml:8:5: {shown}"


def test_messages_escape_control_characters_in_kinds_and_tags() -> None:
    kind = HEAD.replace("kind: basic", 'kind: "\\e[31mbasic"')
    [message] = messages(kind)
    assert message.startswith("h.yaml:5:11: unknown kind '\\x1b[31mbasic' (expected one of")
    [tag] = messages(HEAD.replace("front: F", "front: !x%1B%5D0 F"))  # a URI escape in a tag
    assert tag == "h.yaml:6:12: tag '!x\\x1b]0' is not allowed in a deck: remove it"


def test_lint_output_holds_no_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "key.yaml").write_text(HEAD + '    "\\e]0;pwned\\a": 1\n')
    (tmp_path / "name\x1b[31m.yaml").write_text("deck: [\n")
    assert main(["lint", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2
    assert not CONTROL.search(out + err), out
    assert "name\\x1b[31m.yaml:2:1: YAML syntax error" in out


@pytest.mark.parametrize(("char", "name"), [("\u2028", "line"), ("\u2029", "paragraph")])
def test_unicode_line_separators_are_refused_where_they_are(char: str, name: str) -> None:
    # libyaml counts U+2028/U+2029 as line breaks: every later line number was one too high.
    text = HEAD.replace("front: F", f"front: F{char}G") + "    bak: B\n"
    assert messages(text) == [
        f"h.yaml:6:13: {name} separator U+{ord(char):04X} is not allowed in a deck: remove it"
    ]


@pytest.mark.parametrize(
    ("line", "column"),
    [("    front:Capital\n", 5), ("    back Paris\n", 5), ("    front: Lyon\rParis\n", 1)],
)
def test_a_key_without_its_colon_is_reported_on_its_own_line(line: str, column: int) -> None:
    # libyaml only notices at the next line; the message used to point there.
    text = "deck: t\ntitle: T\ncards:\n  - id: a\n    kind: basic\n" + line + "    explain: x\n"
    [message] = messages(text)
    row = 7 if "\r" in line else 6  # a lone CR ends a line, as in most editors
    assert message == (
        f"h.yaml:{row}:{column}: YAML syntax error: could not find expected ':': "
        "write 'key: value', with a space after the colon"
    )


@pytest.mark.parametrize(
    ("body", "first"),
    [
        # 100,000 aliases used to cost a Problem each: 1,000,000 took 6 s and 580 MB.
        ("cards: [&a x, " + ", ".join(["*a"] * 100_000) + "]\n", "alias '*a' is not supported"),
        ("cards: [" + ", ".join(["!x a"] * 100_000) + "]\n", "tag '!x' is not allowed"),
        (
            "cards:\n"
            + "".join(f"  - {{id: c{i}, kind: nope, front: F}}\n" for i in range(100_000)),
            "unknown kind 'nope'",
        ),
    ],
    ids=["aliases", "tags", "broken-cards"],
)
def test_a_flood_of_problems_is_cut_at_fifty(body: str, first: str) -> None:
    found = messages("deck: t\ntitle: T\n" + body)
    assert len(found) == 50
    assert first in found[1] and "more problems" not in found[-2]
    assert found[-1].endswith(": more problems follow (not listed)")


def test_a_key_longer_than_yaml_allows_is_named_as_such() -> None:
    # YAML reads a key of more than 1024 characters as text missing its ':'; the hint was wrong.
    [message] = messages("deck: t\ntitle: T\n" + "k" * 5000 + ": 1\ncards: []\n")
    assert message == (
        "h.yaml:3:1: YAML syntax error: could not find expected ':': "
        "a key may be at most 1024 characters long"
    )


@pytest.mark.parametrize("items", ["[" + "a, " * 2000 + "a]", "[" + "[], " * 2000 + "[]]"])
def test_too_many_values_are_refused_before_they_fill_memory(
    items: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 40 MiB of one-letter list items took 24 s and 2.2 GB; the limit is lowered here to 1,000.
    monkeypatch.setattr(deck_loader, "MAX_NODES", 1000)
    [message] = messages("deck: t\ntitle: T\ncards: " + items + "\n")
    assert message.startswith("h.yaml:3:")
    assert ": too many values: more than 1,000 texts, lists and mappings" in message
    assert parse_deck(HEAD, "h.yaml").id == "t"


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        # Lines end at a lone CR for the rest of the loader: the bad byte is on line 2.
        (b"deck: t\rtitle: caf\xe9\r", "h.yaml:2:11: not valid UTF-8: byte 0xE9 at byte offset 18"),
        # The offset counts the byte order mark, which is in the file.
        (b"\xef\xbb\xbfdeck: \xff\n", "h.yaml:1:7: not valid UTF-8: byte 0xFF at byte offset 9"),
    ],
)
def test_a_bad_byte_is_placed_as_the_file_reads(data: bytes, shown: str) -> None:
    [message] = messages(data)
    assert message.startswith(shown)


@pytest.mark.parametrize("answer", ["?", "...", "«", "-", "« »"])
def test_an_answer_of_punctuation_only_is_correct_when_typed(answer: str) -> None:
    # The fuzz found it: the exact answer normalised to nothing and was graded "no answer".
    card = TypedCard(id="c", question="Which sign?", answer=answer)
    assert grade(card, f" {answer} ").verdict is Verdict.CORRECT
    assert grade(card, "!").verdict is Verdict.WRONG
    gap = ClozeCard(id="z", text="x {{y}}", parts=("x ", ClozeGap(answer)))
    assert grade(gap, (answer,)).verdict is Verdict.CORRECT


def test_messages_quoting_deck_text_stay_on_one_line() -> None:
    # Found by the fuzz: an option holding a tab or a line break was echoed as it was.
    card = '  - {id: c, kind: choice, question: Q, options: [A, "b\\tc", "d\\ne"], answer: "b c"}\n'
    source = 'sources: [{id: s, title: S, file: "no\\nsuch.txt"}]\n'
    found = messages("deck: t\ntitle: T\n" + source + "cards:\n" + card)
    assert all("\n" not in message and "\t" not in message for message in found), found
    assert found[0].startswith("h.yaml:3:35: source file not found: no\\x0asuch.txt")
    assert found[1].endswith(": answer 'b c' is not one of the options (did you mean 'b\\x09c'?)")
