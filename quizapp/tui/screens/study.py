"""The study screen: one card at a time, the verdict, the ratings; each answer saved at once."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from quizapp.core.errors import QuizAppError
from quizapp.core.model import Rating
from quizapp.tui.app import EAGER_CARDS, QuizApp
from quizapp.tui.text import duration, one_line
from quizapp.tui.widgets.card_base import BasicCardView, CardView
from quizapp.tui.widgets.cards import card_view_for
from quizapp.tui.widgets.feedback import Feedback
from quizapp.tui.widgets.key_bar import KeyBar
from quizapp.tui.widgets.rating_bar import RATING_NAMES, RatingBar
from quizapp.tui.widgets.session_bar import SessionBar

if TYPE_CHECKING:
    from quizapp.core.session import StudySession
    from quizapp.core.session_items import StudyItem
    from quizapp.core.session_plan import SessionPlan

KIND_LABELS = {
    "basic": "Flashcard: space shows the answer",
    "typed": "Type the answer",
    "numeric": "Give a number",
    "choice": "Choose: number keys, or arrows and Enter",
    "truefalse": "True or false: t / f, or arrows and Enter",
    "cloze": "Fill the gaps: Tab moves, Enter on the last gap checks",
    "order": "Put in order: ⇧↑/⇧↓ (or space to grab), Enter checks",
}


class _Unfocusable(VerticalScroll, can_focus=False):
    """A scroll area that Tab skips."""


class StudyScreen(Screen[None]):
    """Asks the session's current card, shows the grade, saves the rating, moves on."""

    app = getters.app(QuizApp)

    AUTO_FOCUS = ""
    """Nothing: each card focuses its own answer control as it shows (see `show_current`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # ctrl+z / ctrl+f work while typing an answer; u / f are the short forms elsewhere.
        Binding("ctrl+z", "undo", "Undo", id="study.undo"),
        Binding("u", "undo", "Undo", show=False, id="study.undo-short"),
        Binding("ctrl+f", "flag", "Flag", id="study.flag"),
        Binding("f", "flag", "Flag", show=False, id="study.flag-short"),
        Binding("q,escape", "quit_session", "Quit", id="study.quit"),
        # Once the answer is checked the ratings take their keys wherever the focus went
        # (a Tab, a click): the rating bar has them too, and answers first when focused.
        *(
            Binding(str(r.value), f"rate({r.value})", name, show=False, id=f"study.screen-{r}")
            for r, name in RATING_NAMES.items()
        ),
        Binding("enter", "accept_rating", "Accept rating", id="study.screen-accept"),
        Binding("pageup", "scroll_card(-1)", "Scroll up", show=False, id="study.page-up"),
        Binding("pagedown", "scroll_card(1)", "Scroll down", show=False, id="study.page-down"),
    ]

    def __init__(self, plan: SessionPlan, session: StudySession | None = None) -> None:
        """Study `plan`; with `session` already open (`quizapp study`), its card shows at once."""
        super().__init__()
        self.plan = plan
        self.session = session
        self._shown_at: float | None = None
        self._checked = False
        self._not_opened: QuizAppError | ValueError | None = None
        self._composed_view: CardView | None = None
        """The first card's view, built with the screen so that its first frame shows it."""

    def compose(self) -> ComposeResult:
        if self.session is None and self._cards_to_read() <= EAGER_CARDS:
            # A small library's session opens in a few milliseconds: here, rather than behind
            # a loading indicator and a worker, which would cost more than the opening.
            try:
                self.session = self.app.services.start_session(self.plan, self.app.rng)
            except (QuizAppError, ValueError) as error:
                self._not_opened = error  # told in on_mount, once the screen is up
        item = self.session.current if self.session is not None else None
        if item is not None:
            # Composed with the screen rather than mounted after it: one layout, one frame.
            self._composed_view = self._view_for(item)
        yield SessionBar(id="study-status")
        # The scroll areas take no focus: Tab moves between the answer controls (a cloze
        # card's gaps) and the rating bar only; the keys of a focused card scroll them.
        with _Unfocusable(id="study-body"):
            yield Static(self._kind_text(item) if item is not None else "", id="study-kind")
            with _Unfocusable(id="card-holder"):
                if self._composed_view is not None:
                    yield self._composed_view
            yield Feedback(id="feedback")
        yield RatingBar(id="rating-bar")
        yield KeyBar()

    async def on_mount(self) -> None:
        if self._not_opened is not None:
            self._not_started(self._not_opened)
            return
        if self.session is not None:
            await self._started()
            return
        self.query_one("#study-body").loading = True
        self._open_session()

    def _cards_to_read(self) -> int:
        """The cards of the decks this session may draw on (an upper bound)."""
        plan = self.plan
        wanted = set(plan.deck_ids) | {deck_id for deck_id, _ in plan.only}
        return sum(
            deck.card_count
            for deck in self.app.services.library.summaries
            if not wanted or deck.id in wanted
        )

    def _not_started(self, error: BaseException | None) -> None:
        self.notify(f"Could not start the session: {error}", severity="error", markup=False)
        self.app.close_screen()

    def on_unmount(self) -> None:
        """Close the session row when the screen goes without the summary (app quit, Home)."""
        if self.session is None:
            return
        # Best effort: every answer is already saved but one checked and not yet rated (the
        # terminal closed on it), and the session's end time.
        with contextlib.suppress(Exception):
            self._keep_checked_answer()
        with contextlib.suppress(Exception):
            self.session.finish()

    @work(thread=True, exclusive=True, group="study-open", exit_on_error=False)
    def _open_session(self) -> StudySession:
        app = self.app
        return app.services.start_session(self.plan, app.rng)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "study-open":
            return
        if event.state == WorkerState.SUCCESS:
            self.session = event.worker.result
            self.query_one("#study-body").loading = False
            await self._started()
        elif event.state == WorkerState.ERROR:
            self.query_one("#study-body").loading = False
            self._not_started(event.worker.error)

    async def _started(self) -> None:
        if self.session is not None and self.session.time_limit is not None:
            self.set_interval(1.0, self._tick)
        await self.show_current()

    # -- showing -------------------------------------------------------------------------

    def _title(self) -> str:
        plan = self.plan
        if plan.only:
            return "missed cards"
        if plan.tag:
            return f"tag {plan.tag}"
        if len(plan.deck_ids) == 1:
            deck = self.app.services.library.summary(plan.deck_ids[0])
            return deck.title if deck else plan.deck_ids[0]
        return "all decks"

    def _remaining(self) -> float | None:
        """Seconds left in a timed quiz (None when untimed)."""
        session = self.session
        if session is None or session.time_limit is None:
            return None
        app = self.app
        spent = (app.services.clock.now() - session.started).total_seconds()
        return max(0.0, session.time_limit - spent)

    async def _tick(self) -> None:
        """Once a second in a timed quiz: show the time left; end the quiz when it is up."""
        if self.session is None or not self.is_current:
            return
        if self.session.time_up:
            self.notify("Time is up.", timeout=3)
            self._keep_checked_answer()
            self._to_summary()
            return
        self._update_status()

    def _update_status(self) -> None:
        session = self.session
        if session is None:
            return
        mode = "Quiz" if self.plan.is_quiz else "Review"
        status = self.query_one(SessionBar)
        status.label = Content.assemble(
            (mode, "bold"),
            " · ",
            one_line(self._title(), 26),
            f" · {min(session.position, session.total)}/{session.total}",
            f" · score {session.score}",
            *((f" · ⏱ {duration(left)}",) if (left := self._remaining()) is not None else ()),
        )
        status.done, status.total = session.answered, session.total

    async def show_current(self) -> None:
        """Show the session's current card, or the summary when none is left."""
        session = self.session
        if session is None:
            return
        self._checked = False
        self._update_status()
        item = session.current
        if item is None and session.answered == 0:
            session.finish()
            nothing = (
                "No card to quiz on here: suspended cards are left out."
                if self.plan.is_quiz
                else "Nothing to study here right now: no card is due or new."
            )
            self.notify(nothing, timeout=4)
            self.app.close_screen()
            return
        if item is None:
            self._to_summary()
            return
        view, self._composed_view = self._composed_view, None
        if view is None:
            holder = self.query_one("#card-holder", VerticalScroll)
            await holder.remove_children()
            view = self._view_for(item)
            await holder.mount(view)
            self.query_one("#study-kind", Static).update(self._kind_text(item))
            self.query_one(Feedback).clear()
            self.query_one(RatingBar).remove_class("-shown")
            self.query_one("#study-body", VerticalScroll).scroll_home(animate=False)
        app = self.app
        self._shown_at = app.elapsed_timer() if app.elapsed_timer else None
        view.focus_answer()  # at once: keys typed while the screen repaints go to the answer

    @staticmethod
    def _view_for(item: StudyItem) -> CardView:
        return card_view_for(
            item.card,
            language=item.deck.language,
            option_order=item.option_order,
            item_order=item.item_order,
        )

    @staticmethod
    def _kind_text(item: StudyItem) -> Content:
        """What kind of card this is and how to answer it, then its tags."""
        tags = ", ".join(item.card.tags)
        new = "new · " if item.is_new else ""
        return Content(f"{new}{KIND_LABELS[item.card.kind.value]}" + (f" · {tags}" if tags else ""))

    def _elapsed(self) -> float | None:
        app = self.app
        if self._shown_at is None or app.elapsed_timer is None:
            return None
        return float(app.elapsed_timer() - self._shown_at)

    def _offer_ratings(self, suggested: Rating | None) -> None:
        assert self.session is not None
        bar = self.query_one(RatingBar)
        bar.offer(self.session.intervals(), suggested)
        bar.add_class("-shown")
        bar.focus()  # the feedback scrolls itself into view once laid out

    def on_resize(self) -> None:
        # A resize leaves the scroll where it was: bring back the control being typed into.
        focused = self.focused
        if focused is not None and not self._checked:
            self.call_after_refresh(focused.scroll_visible, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rate", "accept_rating"):
            return self._checked and self.query_one(RatingBar).has_class("-shown")
        return True

    def action_rate(self, value: int) -> None:
        self.query_one(RatingBar).action_rate(value)

    def action_accept_rating(self) -> None:
        self.query_one(RatingBar).action_accept()

    def action_scroll_card(self, pages: int) -> None:
        body = self.query_one("#study-body", VerticalScroll)
        if pages < 0:
            body.scroll_page_up(animate=False)
        else:
            body.scroll_page_down(animate=False)

    # -- messages from the card and the rating bar ---------------------------------------

    @on(CardView.Answered)
    def _answered(self, event: CardView.Answered) -> None:
        session = self.session
        if session is None or session.current is None or self._checked:
            return
        try:
            result = session.check(event.response, self._elapsed())
        except (QuizAppError, ValueError, TypeError) as error:
            self.notify(f"Could not check this answer: {error}", severity="error", markup=False)
            event.view.reopen()
            return
        self._checked = True
        event.view.seal()
        event.view.show_result(result)
        self.query_one(Feedback).show_result(result, session.current.card, session.current.deck)
        self._offer_ratings(result.suggested)

    @on(BasicCardView.Revealed)
    def _revealed(self, event: BasicCardView.Revealed) -> None:
        session = self.session
        if session is None or session.current is None:
            return
        self._checked = True
        self.query_one(Feedback).show_result(None, session.current.card, session.current.deck)
        self._offer_ratings(None)

    @on(RatingBar.RatingChosen)
    async def _rated(self, event: RatingBar.RatingChosen) -> None:
        if self.session is None or not self._checked:
            return
        if not self._save_answer(event.rating):
            self._to_summary()
            return
        await self.show_current()

    def _save_answer(self, rating: Rating | None) -> bool:
        """Save the checked answer (None: the suggested rating); False, and said, if it failed."""
        assert self.session is not None
        try:
            self.session.answer(rating)
        except QuizAppError as error:
            message = f"Your answer could not be saved: {error}"
            self.notify(message, severity="error", timeout=10, markup=False)
            return False
        return True

    # -- actions -------------------------------------------------------------------------

    # The undo, flag and quit bindings run in the app's task, ahead of the messages this screen
    # has yet to handle: "Enter, Ctrl+Z" typed fast undid the card before the one just rated,
    # whose rating, handled after, was lost. Queued here, they come after it.

    def action_undo(self) -> None:
        self.call_later(self._undo)

    def action_flag(self) -> None:
        self.call_later(self._flag)

    def action_quit_session(self) -> None:
        self.call_later(self._quit_session)

    async def _undo(self) -> None:
        if self.session is None:
            return
        try:
            undone = self.session.undo()
        except QuizAppError as error:
            self.notify(f"Could not undo: {error}", severity="error", markup=False)
            return
        if undone:
            self.notify("Last answer undone", timeout=2)
            await self.show_current()
        else:
            self.notify("Nothing to undo", severity="warning", timeout=2)

    def _flag(self) -> None:
        if self.session is None or self.session.current is None:
            return
        try:
            self.session.flag()
        except QuizAppError as error:
            self.notify(f"Could not flag: {error}", severity="error", markup=False)
            return
        self.notify("Flagged for editing later", timeout=2)

    def _quit_session(self) -> None:
        if self.session is None:
            self.app.close_screen()
            return
        self._keep_checked_answer()
        self._to_summary()

    def _keep_checked_answer(self) -> None:
        """A checked response is an answer given: kept, with the suggested rating, as Enter
        would, when the session ends before it is rated (a basic card only revealed has none,
        and is not counted)."""
        session = self.session
        if session is not None and self._checked and session.result is not None:
            self._save_answer(None)

    def _to_summary(self) -> None:
        from quizapp.tui.screens.summary import SummaryScreen

        assert self.session is not None
        try:
            summary = self.session.finish()
        except QuizAppError as error:
            self.notify(f"Could not close the session: {error}", severity="error", markup=False)
            self.app.close_screen()
            return
        self.app.switch_screen(SummaryScreen(summary))
