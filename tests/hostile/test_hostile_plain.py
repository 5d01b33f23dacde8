"""`quizapp study --plain` prints deck text verbatim, and nothing that acts on a terminal.

Decks cannot hold control characters (the loader refuses them); what a learner types or pipes
in can, and plain mode echoes it back.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path

from quizapp.cli import build_parser
from quizapp.cli.study import run_plain
from quizapp.core.deck_loader import load_deck
from quizapp.core.model import BasicCard, ChoiceCard, TypedCard
from tests.hostile.expected import MARKUP_DECK, TERMINAL_CONTROL
from tests.terminal import installed_quizapp

HOSTILE_ANSWER = "\x1b]0;pwned\x07[i]x\x08"
"""A typed answer that would retitle the terminal and back over a letter, were it echoed raw."""
# One answer line (and a rating line) per card, in the deck's order: basic, typed, choice,
# truefalse, cloze, order, numeric; then the input ends.
ANSWERS = ["", "3", HOSTILE_ANSWER, "", "3", "", "t", "", "capital", "", "1 2 3", "", "3", ""]


def test_plain_prints_deck_text_verbatim_and_no_control_characters(tmp_path: Path) -> None:
    run = subprocess.run(
        [installed_quizapp(), "study", "--plain", "--decks", str(MARKUP_DECK)],
        input="\n".join(ANSWERS) + "\n",
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        env={**os.environ, "QUIZAPP_HOME": str(tmp_path), "PYTHONUTF8": "1"},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert not TERMINAL_CONTROL.search(run.stdout + run.stderr), repr(
        TERMINAL_CONTROL.search(run.stdout)
    )
    deck = load_deck(MARKUP_DECK)
    basic, typed, choice = deck.cards[:3]
    assert isinstance(basic, BasicCard) and isinstance(typed, TypedCard)
    assert isinstance(choice, ChoiceCard)
    texts = [deck.title, basic.back, typed.answer, *choice.options]
    texts += [card.prompt for card in deck.cards]
    texts += [card.explain for card in deck.cards if card.explain]
    for text in texts:
        assert text in run.stdout, text
    assert "You answered: ␛]0;pwned␇[i]x␈" in run.stdout  # the echo and the feedback
    assert run.stdout.count("␛]0;pwned␇") == 2
    assert "Session over: 7 answered" in run.stdout


class _Terminal(io.StringIO):
    """A stdout that says it is a terminal, so that plain mode colours the verdicts."""

    def isatty(self) -> bool:
        return True


def test_plain_colours_the_verdict_only(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        ["--data-dir", str(tmp_path), "study", "--plain", "--decks", str(MARKUP_DECK)]
    )
    stdin = io.StringIO("\n".join(ANSWERS[:5]) + "\n")
    stdout, stderr = _Terminal(), io.StringIO()
    assert run_plain(args, stdin, stdout, stderr) == 0
    printed = stdout.getvalue()
    assert "\x1b[31mWrong.\x1b[0m\n" in printed  # verdict colours: the only escapes written
    assert "You answered: ␛]0;pwned␇[i]x␈\n" in printed
    assert TERMINAL_CONTROL.findall(re.sub(r"\x1b\[(3[123]|0)m", "", printed)) == []
