"""QuizApp: the screens, the global keys, the command palette and the theme."""

from __future__ import annotations

import asyncio
import contextlib
import random
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from quizapp.core.errors import QuizAppError
from quizapp.tui.commands import QuizCommands

if TYPE_CHECKING:
    from quizapp.context import Services
    from quizapp.core.library import Progress
    from quizapp.core.session import StudySession
    from quizapp.core.session_plan import SessionPlan
    from quizapp.tui.queries import HomeFigures
    from quizapp.tui.screens.loading import LoadingScreen

Opener = Callable[["Progress | None"], "Services"]
"""Opens the services, telling the progress callback how the deck parsing goes."""

EAGER_CARDS = 5_000
"""Up to this many cards, the home figures are computed with the services, before the home
screen opens, and a session opens with its screen (a few milliseconds each): the screen then
paints once, complete. Beyond, the screen paints first and a worker computes the rest."""
LOADING_DELAY_S = 0.25
"""The loading screen shows when opening the services takes longer than this, or parses a deck."""
NEXT_SCREEN_MODULES = (
    "quizapp.core.session",
    "quizapp.tui.screens.study",
    # cards.card_view_for imports each kind's view with its first card:
    "quizapp.tui.widgets.card_input",
    "quizapp.tui.widgets.card_order",
    "quizapp.tui.widgets.card_pick",
)
"""Imported in the background as soon as the first screen is up: what the screen a key opens
from there (a review, `r`) and the next cards need, so that they do not wait for them
(about 25 ms)."""
LATER_MODULES = (
    "quizapp.core.grading",
    "quizapp.tui.screens.summary",
    "quizapp.tui.screens.home",
)
"""Imported in the background WARM_UP_DELAY_S after the first screen: the grader (rapidfuzz,
the number and date parsers) for the first answer, and the screens a session ends on (about
40 ms). Not at once: a key pressed as the first screen shows would have its screen built
while this import holds the interpreter, about half as fast."""
WARM_UP_DELAY_S = 0.5
DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


class QuizApp(App[int]):
    """The study app; it receives its services and never reads globals."""

    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    COMMANDS = App.COMMANDS | {QuizCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False, id="app.toggle-theme"),
        Binding("ctrl+s", "open_stats", "Stats", show=False, id="app.stats"),
        Binding("ctrl+b", "open_browse", "Browse", show=False, id="app.browse"),
    ]

    def __init__(
        self,
        services: Services | None,
        *,
        opener: Opener | None = None,
        elapsed_timer: Callable[[], float] | None = time.monotonic,
        quiz_length: int = 10,
        light: bool = False,
        animate: bool = True,
        seed: int | None = None,
        start: SessionPlan | None = None,
    ) -> None:
        super().__init__()
        self.rng = random.Random(seed) if seed is not None else None
        """Shuffles quizzes and options; seeded in tests so that every run looks the same."""
        self._services = services
        self.opener = opener
        """Opens the services in a worker when `services` is None (decks load off the UI thread)."""
        self.start = start
        """Open on this session (`quizapp study`) instead of the home screen."""
        self._loading: LoadingScreen | None = None
        self._first_figures: HomeFigures | None = None
        self._first_session: StudySession | None = None
        self.elapsed_timer = elapsed_timer
        """Measures answer time for the suggested rating; None leaves time out (tests)."""
        self.quiz_length = quiz_length
        self.theme = LIGHT_THEME if light else DARK_THEME
        if not animate:
            self.animation_level = "none"

    @property
    def services(self) -> Services:
        """The store, scheduler, decks and clock; ready before any screen but the loading one."""
        if self._services is None:
            raise RuntimeError("the services are still loading")
        return self._services

    @dataclass
    class LoadProgressed(Message):
        """New or changed deck files are being parsed: `done` of `total` bytes."""

        done: int
        total: int

    def on_mount(self) -> None:
        hangup = getattr(signal, "SIGHUP", None)  # not on Windows
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            # A closed terminal (SIGHUP) ends the app as `q` does, so that the study screen
            # keeps an answer checked and waiting for its rating (it was killed mid-answer).
            if hangup is not None:
                asyncio.get_running_loop().add_signal_handler(hangup, self.exit)
        if self._services is not None:
            self._show_first_screen()
            return
        # Unchanged decks come from the deck cache in a few milliseconds: the home screen
        # is then the first screen. The loading screen shows for a slow start, and at once
        # when a deck file has to be parsed (with a progress bar).
        self._open_services()
        self.set_timer(LOADING_DELAY_S, self._show_loading)

    def _show_loading(self) -> None:
        from quizapp.tui.screens.loading import LoadingScreen

        if self._services is None and self._loading is None:
            self._loading = LoadingScreen()
            self.push_screen(self._loading)

    def _show_first_screen(self) -> None:
        """The study screen when the app opens on a session, else the home screen."""
        first: Screen[Any]
        if self.start is None:
            from quizapp.tui.screens.home import HomeScreen

            first = HomeScreen(self._first_figures)
            self._first_figures = None
        else:
            from quizapp.tui.screens.study import StudyScreen

            first = StudyScreen(self.start, self._first_session)
            self._first_session = None
        if self._loading is None:
            self.push_screen(first)
        else:
            self._loading = None
            self.switch_screen(first)
        self.call_after_refresh(self._warm_up)

    def _warm_up(self) -> None:
        self._import_modules(NEXT_SCREEN_MODULES)
        self.set_timer(WARM_UP_DELAY_S, lambda: self._import_modules(LATER_MODULES))

    @work(thread=True, group="warm-up", exit_on_error=False)
    def _import_modules(self, modules: Iterable[str]) -> None:
        import importlib

        for module in modules:
            importlib.import_module(module)

    @work(thread=True, exclusive=True, group="open-services", exit_on_error=False)
    def _open_services(self) -> Services:
        assert self.opener is not None
        services = self.opener(self._report_loading)
        try:
            if self.start is not None:
                # The first card's session opens here, off the UI thread, with the services.
                self._first_session = services.start_session(self.start, self.rng)
            elif sum(s.card_count for s in services.library.summaries) <= EAGER_CARDS:
                from quizapp.tui.queries import home_figures

                self._first_figures = home_figures(services)
        except BaseException:
            services.close()  # the app stops with the error: leave the profile as found
            raise
        return services

    def _report_loading(self, done: int, total: int) -> None:
        """Called in the loading worker while deck files are parsed (about 20 times/s)."""
        self.post_message(self.LoadProgressed(done, total))  # thread-safe

    def on_quiz_app_load_progressed(self, event: LoadProgressed) -> None:
        if self._services is not None:
            return
        self._show_loading()
        if self._loading is not None:
            self._loading.show_progress(event.done, event.total)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "open-services":
            return
        if event.state == WorkerState.SUCCESS:
            self._services = event.worker.result
            self._show_first_screen()
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            shown = error if isinstance(error, QuizAppError | ValueError) else repr(error)
            code = error.exit_code if isinstance(error, QuizAppError) else 1
            self.exit(return_code=code, message=Text(f"quizapp: {shown}"))

    # -- navigation ------------------------------------------------------------------------

    def start_study(
        self, mode: str, deck_ids: tuple[str, ...] = (), tag: str | None = None
    ) -> None:
        """Open a review, or a quiz after its dialog, on these decks (all when empty) and tag."""
        from quizapp.core.session_items import pool_positions
        from quizapp.core.session_plan import SessionPlan
        from quizapp.tui.screens.quiz_dialog import QuizDialog, QuizOptions
        from quizapp.tui.screens.study import StudyScreen

        if any(isinstance(screen, StudyScreen) for screen in self.screen_stack):
            self.notify("Finish or quit the current session first (q).", severity="warning")
            return
        if mode != "quiz":
            self.push_screen(StudyScreen(SessionPlan("review", deck_ids, tag)))
            return

        def begin(options: QuizOptions | None) -> None:
            if options is not None:
                plan = SessionPlan(
                    "quiz", deck_ids, tag, options.count, options.schedule, options.time_limit
                )
                self.push_screen(StudyScreen(plan))

        library = self.services.library
        store = self.services.store
        decks = [d for d in library.summaries if not deck_ids or d.id in deck_ids]
        count = 0
        for deck in decks:
            suspended = store.suspended_cards(deck.id)
            if tag is None and not suspended:
                count += deck.card_count
            elif tag is None or tag in deck.tags:
                # Card indexes, not cards: a big deck's are read from the deck cache.
                index = library.card_index(deck.id)
                if index is not None:
                    count += sum(1 for _ in pool_positions(index, suspended, tag))
        titles = {d.id: d.title for d in decks}
        target = (
            f"tag {tag}" if tag else ", ".join(titles.get(i, i) for i in deck_ids) or "all decks"
        )
        self.push_screen(QuizDialog(target, self.quiz_length, count), callback=begin)

    def action_open_stats(self) -> None:
        from quizapp.tui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def action_open_browse(self) -> None:
        from quizapp.tui.screens.browse import BrowseScreen

        if not isinstance(self.screen, BrowseScreen):
            self.push_screen(BrowseScreen())

    def close_screen(self) -> None:
        """Leave the current screen: back to the one below, or home when the app opened on it."""
        if len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            from quizapp.tui.screens.home import HomeScreen

            self.switch_screen(HomeScreen())

    def action_go_home(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.switch_screen(HomeScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme != LIGHT_THEME else DARK_THEME

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen, binding_sections

        if not isinstance(self.screen, HelpScreen):
            everywhere = [*self.BINDINGS, Binding("ctrl+p", "command_palette", "Commands")]
            self.push_screen(HelpScreen(binding_sections(everywhere)))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Theme: Toggle light/dark", "Switch themes (ctrl+t)", self.action_toggle_theme
        )
        yield SystemCommand("Help: Keys", "Every key binding (?)", self.action_help)

    def on_unmount(self) -> None:
        if self._services is not None:
            self._services.store.close()
