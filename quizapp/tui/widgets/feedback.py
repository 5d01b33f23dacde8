"""What the learner sees after answering: the verdict, the expected answer, explain and source."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from quizapp.core.grades import DiffSpan, GradeResult
from quizapp.core.model import Card, Deck
from quizapp.tui.text import plain, sanitize

VERDICT_TEXT = {"correct": "✓ Correct", "almost": "≈ Almost", "wrong": "✗ Wrong"}


def diff_content(spans: Sequence[DiffSpan]) -> Content:
    """The learner's answer against the expected one: missing letters underlined, extra struck."""
    styles = {"equal": "", "missing": "bold underline $text-success", "extra": "strike $text-error"}
    return Content.assemble(
        *((sanitize(span.text), styles.get(str(span.op), "")) for span in spans)
    )


class Feedback(VerticalScroll, can_focus=False):
    """Hidden until `show_result`; the screen fills it in.

    Its lines are mounted by the first `show_result`: a card shows before its feedback is
    needed, and the study screen's first frame styles and lays out five widgets fewer.
    """

    DEFAULT_CSS = """
    Feedback { height: auto; max-height: 12; display: none; padding: 0 1; }
    Feedback.-shown { display: block; }
    Feedback Static { height: auto; }
    """

    LINES = ("verdict", "expected", "diff", "explain", "source")

    def on_resize(self) -> None:
        # Shown (or laid out anew): on a long card the verdict was below the screen. Here,
        # once the layout has placed it; the screen's own call ran before that.
        if self.has_class("-shown"):
            self.scroll_visible(animate=False)

    def _mount_lines(self) -> None:
        if not self.children:
            self.mount_all(Static(id=f"feedback-{line}") for line in self.LINES)

    def clear(self) -> None:
        self.remove_class("-shown")
        for verdict in VERDICT_TEXT:
            self.remove_class(f"-{verdict}")

    def show_result(self, result: GradeResult | None, card: Card, deck: Deck | None) -> None:
        """Fill the panel: `result` is a GradeResult, or None for a self-rated basic card."""
        self._mount_lines()
        verdict_line = self.query_one("#feedback-verdict", Static)
        expected_line = self.query_one("#feedback-expected", Static)
        diff_line = self.query_one("#feedback-diff", Static)
        if result is not None:
            verdict = str(result.verdict)
            for name in VERDICT_TEXT:
                self.set_class(verdict == name, f"-{name}")
            note = f"  ({sanitize(result.note)})" if result.note else ""
            score = f"  {round(result.score * 100)}%" if 0 < result.score < 1 else ""
            verdict_line.update(Content(VERDICT_TEXT.get(verdict, verdict) + score + note))
            verdict_line.display = True
            expected_line.update(Content.assemble(("Answer: ", "bold"), plain(result.expected)))
            expected_line.display = verdict != "correct" or bool(result.expected)
            spans = result.diff
            if spans:
                diff_line.update(Content.assemble(("You typed: ", "bold"), diff_content(spans)))
            diff_line.display = bool(spans)
        else:
            verdict_line.display = expected_line.display = diff_line.display = False
        explain_line = self.query_one("#feedback-explain", Static)
        explain_line.update(plain(card.explain or ""))
        explain_line.display = bool(card.explain)
        source_line = self.query_one("#feedback-source", Static)
        if card.source is not None:
            source = deck.source(card.source.ref) if deck is not None else None
            title = source.title if source is not None else card.source.ref
            source_line.update(
                Content.assemble(
                    ("“", "italic"),
                    (sanitize(card.source.quote), "italic"),
                    ("” — ", "italic"),
                    plain(title),
                )
            )
        source_line.display = card.source is not None
        self.add_class("-shown")
