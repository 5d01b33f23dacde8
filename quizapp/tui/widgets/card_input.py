"""Cards answered by typing: typed text, numbers, and cloze gaps laid out inside the sentence."""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Input, Static

from quizapp.core.grades import GradeResult
from quizapp.core.model import ClozeCard, ClozeGap, NumericCard
from quizapp.tui.text import plain, sanitize
from quizapp.tui.widgets.card_base import CardView


class AnswerInput(Input):
    """An input whose Enter is taken in turn with the keys typed around it.

    Textual runs the Enter binding once the key has bubbled up to the app, and by then a fast
    typist's next keys are in the field: "Paris", Enter, "Rome" was checked as "ParisRome".
    Here Enter submits what was typed before it, and once a `final` input has submitted, the
    characters typed after it (meant for the next card) are dropped, not added to this answer.
    """

    def __init__(self, value: str | None = None, *, final: bool = True, **kwargs: Any) -> None:
        super().__init__(value, **kwargs)
        self.final = final
        self.committed = False

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.committed:
            event.stop()
            event.prevent_default()
            self.committed = self.final
            await self.action_submit()
            return
        if self.committed and event.is_printable:
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        if self.committed:
            event.stop()
            return
        super()._on_paste(event)


class TypedCardView(CardView):
    """A question and a text input; Enter checks."""

    DEFAULT_CSS = """
    TypedCardView #answer-row { height: auto; }
    TypedCardView #answer-input { width: 1fr; max-width: 60; }
    TypedCardView #answer-unit { width: auto; padding: 1 1; }
    """

    placeholder = "Type the answer, Enter to check"

    def compose(self) -> ComposeResult:
        yield self.compose_prompt()
        with Horizontal(id="answer-row"):
            yield AnswerInput(
                placeholder=self.placeholder, id="answer-input", select_on_focus=False
            )
            unit = getattr(self.card, "unit", None)
            if unit:
                yield Static(plain(unit), id="answer-unit")

    @on(Input.Submitted, "#answer-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def seal(self) -> None:
        super().seal()
        self.query_one("#answer-input", Input).disabled = True

    def reopen(self) -> None:
        for field in self.query(AnswerInput):
            field.committed = False

    def focus_answer(self) -> None:
        self.query_one("#answer-input", Input).focus()

    def show_result(self, result: GradeResult) -> None:
        verdict = str(result.verdict)
        field = self.query_one("#answer-input", Input)
        for name in ("correct", "almost", "wrong"):
            field.set_class(verdict == name, f"-{name}")


class NumericCardView(TypedCardView):
    """A number, with the unit beside the input."""

    placeholder = "A number (10 000, 10k, 1,5…), Enter to check"

    def __init__(self, card: NumericCard, **kwargs: Any) -> None:
        super().__init__(card, **kwargs)


_TOKENS = re.compile(r"\n|[^\S\n]+|\S+")


def cloze_rows(
    parts: tuple[str | ClozeGap, ...], widths: list[int], width: int
) -> list[list[str | int]]:
    """Lay the sentence out in lines of at most `width` cells; an int is a gap's index.

    Words and gaps flow like text: a gap (of `widths[i]` cells) wraps to the next line as a
    word would. Pure, so it is tested without an app.
    """
    width = max(width, 8)
    rows: list[list[str | int]] = [[]]
    used = 0
    text = ""

    def flush() -> None:
        nonlocal text
        if text:
            rows[-1].append(text)
        text = ""

    def newline() -> None:
        nonlocal used, text
        text = text.rstrip()
        flush()
        rows.append([])
        used = 0

    gap_index = 0
    for part in parts:
        if isinstance(part, ClozeGap):
            gap_width = min(widths[gap_index], width)
            if used and used + gap_width > width:
                newline()
            flush()
            rows[-1].append(gap_index)
            used += gap_width
            gap_index += 1
            continue
        for token in _TOKENS.findall(sanitize(part)):
            if token == "\n":
                newline()
            elif token.isspace():
                if used:
                    text += " "
                    used += 1
            else:
                size = cell_len(token)
                if used and used + size > width:
                    newline()
                text += token
                used += size
    flush()
    return [row for row in rows if row] or [[]]


class ClozeCardView(CardView):
    """The sentence with an input per gap; Tab moves between gaps, Enter on the last checks."""

    DEFAULT_CSS = """
    ClozeCardView #cloze-flow { height: auto; }
    ClozeCardView .cloze-row { height: 1; width: 1fr; }
    ClozeCardView .cloze-row Static { width: auto; }
    ClozeCardView .cloze-row Input { margin: 0; }
    """

    def __init__(self, card: ClozeCard, **kwargs: Any) -> None:
        super().__init__(card, **kwargs)
        self.gaps = card.gaps
        self.values = ["" for _ in self.gaps]
        self.widths = [
            max(8, min(24, max(cell_len(a) for a in (g.answer, *g.accept)) + 2)) for g in self.gaps
        ]
        self._laid_out_for = -1
        self._focused_gap = 0

    def compose(self) -> ComposeResult:
        yield Static(plain("Fill in the gaps:"), classes="card-prompt")
        # A first layout from the terminal's width, so the gaps exist (and take the keyboard)
        # as soon as the card shows; `on_resize` redoes it for the real width.
        guess = max(20, min(self.app.size.width - 10, 96))
        self._laid_out_for = guess
        yield Vertical(*self._rows(guess), id="cloze-flow")

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self._reflow)

    def _rows(self, width: int) -> list[Horizontal]:
        """The sentence laid out for `width` cells, with one compact input per gap."""
        assert isinstance(self.card, ClozeCard)
        rows: list[Horizontal] = []
        for row in cloze_rows(self.card.parts, self.widths, width):
            cells: list[Static | Input] = []
            for cell in row:
                if isinstance(cell, int):
                    gap = AnswerInput(
                        self.values[cell],
                        final=cell == len(self.gaps) - 1,  # Enter on another gap moves on
                        id=f"gap-{cell}",
                        compact=True,
                        disabled=self.sealed,
                        select_on_focus=False,
                    )
                    gap.styles.width = self.widths[cell]
                    cells.append(gap)
                else:
                    cells.append(Static(plain(cell)))
            rows.append(Horizontal(*cells, classes="cloze-row"))
        return rows

    async def _reflow(self) -> None:
        """Lay the sentence out again when the width changed (the inputs keep their text)."""
        width = self.content_size.width or self.size.width or 60
        if width == self._laid_out_for:
            return
        self._laid_out_for = width
        flow = self.query_one("#cloze-flow", Vertical)
        had_focus = any(inp.has_focus for inp in self.query(Input))
        await flow.remove_children()
        await flow.mount_all(self._rows(width))
        # Unanswered, the gaps take the keyboard even if none had it yet (a resize as the card
        # appears): else the keys typed next reach the screen's bindings (`q` quits).
        if had_focus or not self.sealed:
            self.focus_answer()

    def _gap(self, index: int) -> Input | None:
        found = self.query(f"#gap-{index}")
        return found.first(Input) if found else None

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id and event.input.id.startswith("gap-"):
            self.values[int(event.input.id[4:])] = event.value

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = int((event.input.id or "gap-0")[4:])
        if index + 1 < len(self.gaps):
            target = self._gap(index + 1)
            if target is not None:
                target.focus()
            return
        self.submit(tuple(self.values))

    def on_descendant_focus(self) -> None:
        focused = self.screen.focused
        if isinstance(focused, Input) and focused.id and focused.id.startswith("gap-"):
            self._focused_gap = int(focused.id[4:])

    def focus_answer(self) -> None:
        target = self._gap(self._focused_gap)
        if target is not None:
            target.focus()

    def seal(self) -> None:
        super().seal()
        for gap in self.query(Input):
            gap.disabled = True

    def reopen(self) -> None:
        for gap in self.query(AnswerInput):
            gap.committed = False

    def show_result(self, result: GradeResult) -> None:
        parts = tuple(str(p) for p in result.parts)
        for index, verdict in enumerate(parts):
            gap = self._gap(index)
            if gap is not None:
                for name in ("correct", "almost", "wrong"):
                    gap.set_class(verdict == name, f"-{name}")
