"""The line-mode study loop of `quizapp study --plain`: plain text in, plain text out."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import IO

from quizapp.cli.study import format_interval
from quizapp.core.errors import QuizAppError
from quizapp.core.grades import GradeResult, Response, Verdict
from quizapp.core.model import (
    BasicCard,
    ChoiceCard,
    ClozeCard,
    NumericCard,
    OrderCard,
    Rating,
    TrueFalseCard,
)
from quizapp.core.session import StudyItem, StudySession

TRUE_WORDS = frozenset({"t", "true", "y", "yes", "v", "vrai", "oui", "o"})
FALSE_WORDS = frozenset({"f", "false", "n", "no", "faux", "non"})
RATING_WORDS = {
    "1": Rating.AGAIN,
    "a": Rating.AGAIN,
    "again": Rating.AGAIN,
    "2": Rating.HARD,
    "h": Rating.HARD,
    "hard": Rating.HARD,
    "3": Rating.GOOD,
    "g": Rating.GOOD,
    "good": Rating.GOOD,
    "4": Rating.EASY,
    "e": Rating.EASY,
    "easy": Rating.EASY,
}
HELP = (
    "Type your answer and press Enter. Then press Enter to accept the suggested rating, or\n"
    "type 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy). Commands: :q quit (progress is saved),\n"
    ":u undo the last answer, :f flag this card for editing, :h this help.\n"
    "A near miss shows its difference as [-letters you typed-] and {+letters missing+}."
)
_COLORS = {Verdict.CORRECT: "32", Verdict.ALMOST: "33", Verdict.WRONG: "31"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Text safe to print: control characters (ESC, BEL, backspace, CR…) become symbols (␛).

    A deck cannot hold them (the loader refuses them), but a learner's pasted or piped answer
    can, and it is echoed back: raw, an escape sequence would act on the terminal.
    """
    return _CONTROL.sub(_picture, text)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures", e.g. ␛ for ESC
    return "\u2421" if code == 0x7F else "\ufffd"


class _Quit(Exception):
    """The learner typed :q or the input ended."""


class _Undo(Exception):
    """The learner typed :u."""


class PlainSession:
    """Drives a `StudySession` from text lines; knows nothing of terminals beyond colour."""

    def __init__(
        self,
        session: StudySession,
        stdin: IO[str],
        stdout: IO[str],
        *,
        color: bool = False,
        timer: Callable[[], float] | None = None,
    ) -> None:
        self.session = session
        self._in = stdin
        self._out = stdout
        self._color = color
        self._timer = timer
        self._echo = not _is_tty(stdin)
        """Piped input is not shown by a terminal: echo it so the transcript reads well."""

    def say(self, text: str = "", color: str | None = None) -> None:
        """Print a line, made `visible`; `color` is an ANSI colour code for the whole line."""
        shown = visible(text)
        if color:
            shown = f"\x1b[{color}m{shown}\x1b[0m"
        self._out.write(shown + "\n")
        self._out.flush()

    def _read(self, prompt: str) -> str:
        """One input line; commands raise, other lines come back stripped."""
        while True:
            self._out.write(prompt)
            self._out.flush()
            line = self._in.readline()
            if not line:
                self.say()
                raise _Quit
            text = line.strip()
            if self._echo:
                self._out.write(visible(text) + "\n")
            if text == ":q":
                raise _Quit
            if text == ":u":
                raise _Undo
            if text == ":h":
                self.say(HELP)
                continue
            if text == ":f":
                self.session.flag()
                self.say("Flagged for editing.")
                continue
            return text

    def run(self) -> None:
        session = self.session
        if session.current is None:
            self.say("Nothing to study now.")
        while session.current is not None:
            try:
                self._one_card(session.current)
            except _Undo:
                try:
                    self.say("Undone." if session.undo() else "Nothing to undo.")
                except QuizAppError as error:
                    self.say(f"Could not undo: {error}")
            except (_Quit, KeyboardInterrupt):
                break  # Ctrl+C too: the session is closed and summed up
        if session.time_up:
            self.say("Time is up.")
        self._summary()

    def _one_card(self, item: StudyItem) -> None:
        session = self.session
        self.say()
        self.say(f"[{session.position}/{session.total}] {item.deck.title}")
        started = self._timer() if self._timer else None
        response = self._ask(item)
        elapsed = self._timer() - started if self._timer and started is not None else None
        if session.current is None:
            return  # a timed quiz ran out while the learner was typing
        try:
            result = session.check(response, elapsed)
        except ValueError:
            return  # ... or in the instant since
        self._show(item, result)
        intervals = session.intervals()
        rating: Rating | None = None
        if intervals and not isinstance(item.card, BasicCard):
            try:
                rating = self._rating(intervals, result.suggested)
            except (_Quit, KeyboardInterrupt):
                # The learner saw the verdict: the answer is kept with the suggested rating,
                # as in the app (a basic card only revealed is not counted).
                session.answer(None)
                self.say("Saved.")
                raise
        elif isinstance(item.card, BasicCard):
            rating = result.suggested
        session.answer(rating)
        saved = "Saved."
        if intervals and rating is not None:
            saved = f"Saved. Next review in {format_interval(intervals[rating])}."
        self.say(saved)

    def _rating(self, intervals: dict[Rating, timedelta], suggested: Rating) -> Rating:
        buttons = "  ".join(
            f"{int(r)} {r.name.capitalize()}"
            + (f" ({format_interval(intervals[r])})" if r in intervals else "")
            for r in Rating
        )
        while True:
            text = self._read(f"{buttons}  [Enter = {suggested.name.capitalize()}] ").lower()
            if not text:
                return suggested
            if text in RATING_WORDS:
                return RATING_WORDS[text]
            self.say("Type 1, 2, 3 or 4, or press Enter.")

    def _ask(self, item: StudyItem) -> Response:
        card = item.card
        if isinstance(card, BasicCard):
            self.say(card.front)
            self._read("(press Enter to show the answer) ")
            self.say(f"Answer: {card.back}")
            return self._rating(self.session.intervals(), Rating.GOOD)
        if isinstance(card, ChoiceCard):
            self.say(card.question)
            for number, index in enumerate(item.option_order, start=1):
                self.say(f"  {number}. {card.options[index]}")
            hint = "numbers of every right option, e.g. 1 3" if card.multiple else "a number"
            while True:
                picked = _numbers(self._read(f"({hint}) > "), len(item.option_order))
                if picked and (card.multiple or len(picked) == 1):
                    return frozenset(item.option_order[n - 1] for n in picked)
                self.say(f"Type {hint}, between 1 and {len(item.option_order)}.")
        if isinstance(card, TrueFalseCard):
            self.say(card.statement)
            while True:
                word = self._read("(true/false) > ").lower()
                if word in TRUE_WORDS or word in FALSE_WORDS:
                    return word in TRUE_WORDS
                self.say("Type true or false (t/f, y/n, vrai/faux, oui/non).")
        if isinstance(card, OrderCard):
            self.say(card.question)
            for number, index in enumerate(item.item_order, start=1):
                self.say(f"  {number}. {card.items[index]}")
            count = len(item.item_order)
            while True:
                picked = _numbers(self._read("(the numbers in the right order) > "), count)
                if picked and sorted(picked) == list(range(1, count + 1)):
                    return tuple(item.item_order[n - 1] for n in picked)
                self.say(f"Type each number from 1 to {count} once, in the right order.")
        if isinstance(card, ClozeCard):
            self.say(card.prompt)
            gaps = len(card.gaps)
            return tuple(self._read(f"[{n}] > ") for n in range(1, gaps + 1))
        if isinstance(card, NumericCard):
            unit = f" ({card.unit})" if card.unit else ""
            self.say(card.question + unit)
            return self._read("> ")
        self.say(card.prompt)
        return self._read("> ")

    def _show(self, item: StudyItem, result: GradeResult) -> None:
        card, deck = item.card, item.deck
        if not isinstance(card, BasicCard):
            verdict = {
                Verdict.CORRECT: "Correct.",
                Verdict.ALMOST: "Almost.",
                Verdict.WRONG: "Wrong.",
            }[result.verdict]
            if result.note:
                verdict += f" ({result.note})"
            self.say(verdict, _COLORS[result.verdict] if self._color else None)
            if result.verdict is not Verdict.CORRECT:
                self.say(f"You answered: {result.given}")
            if result.diff:
                self.say(f"Difference: {_diff_text(result)}")
            self.say(f"Expected: {result.expected}")
        if card.explain:
            self.say(f"Why: {card.explain}")
        if card.source is not None:
            source = deck.source(card.source.ref)
            title = source.title if source else card.source.ref
            self.say(f'Source: {title}: "{card.source.quote}"')

    def _summary(self) -> None:
        summary = self.session.finish()
        minutes, seconds = divmod(round(summary.duration.total_seconds()), 60)
        self.say()
        self.say(
            f"Session over: {summary.answered} answered, {summary.correct} correct, "
            f"{summary.almost} almost, {summary.wrong} wrong; accuracy "
            f"{f'{summary.accuracy:.0%}' if summary.answered else '–'}; score {summary.score}; "
            f"time {minutes}:{seconds:02d}."
        )
        if summary.not_reached:
            left = summary.not_reached
            self.say(f"Not reached: {left} card{'s' if left != 1 else ''}.")
        if summary.missed:
            self.say("Missed: " + ", ".join(f"{d}/{c}" for d, c in summary.missed))


def _diff_text(result: GradeResult) -> str:
    """A near miss in plain text, git word-diff style: [-typed-] and {+missing+} letters."""
    marks = {"equal": "{}", "extra": "[-{}-]", "missing": "{{+{}+}}"}
    return "".join(marks[span.op].format(span.text) for span in result.diff)


def _numbers(text: str, limit: int) -> list[int]:
    """The 1-based numbers typed (spaces or commas between); [] if any is not valid."""
    parts = text.replace(",", " ").split()
    if not parts or not all(part.isdigit() for part in parts):
        return []
    values = [int(part) for part in parts]
    if any(value < 1 or value > limit for value in values) or len(set(values)) != len(values):
        return []
    return values


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
