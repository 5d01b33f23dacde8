"""QuizApp: the screens, the global keys, the command palette and the theme."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from quizapp.core.errors import QuizAppError
from quizapp.tui.commands import QuizCommands

if TYPE_CHECKING:
    from quizapp.context import Services

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
        opener: Callable[[], Services] | None = None,
        elapsed_timer: Callable[[], float] | None = time.monotonic,
        quiz_length: int = 10,
        light: bool = False,
        animate: bool = True,
        seed: int | None = None,
    ) -> None:
        super().__init__()
        self.rng = random.Random(seed) if seed is not None else None
        """Shuffles quizzes and options; seeded in tests so that every run looks the same."""
        self._services = services
        self.opener = opener
        """Opens the services in a worker when `services` is None (decks load off the UI thread)."""
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

    def on_mount(self) -> None:
        from quizapp.tui.screens.home import HomeScreen
        from quizapp.tui.screens.loading import LoadingScreen

        if self._services is not None:
            self.push_screen(HomeScreen())
            return
        self.push_screen(LoadingScreen())
        self._open_services()

    @work(thread=True, exclusive=True, group="open-services", exit_on_error=False)
    def _open_services(self) -> Services:
        assert self.opener is not None
        return self.opener()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        from quizapp.tui.screens.home import HomeScreen

        if event.worker.group != "open-services":
            return
        if event.state == WorkerState.SUCCESS:
            self._services = event.worker.result
            self.switch_screen(HomeScreen())
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            shown = error if isinstance(error, QuizAppError | ValueError) else repr(error)
            self.exit(return_code=1, message=Text(f"quizapp: {shown}"))

    # -- navigation ------------------------------------------------------------------------

    def start_study(
        self, mode: str, deck_ids: tuple[str, ...] = (), tag: str | None = None
    ) -> None:
        """Open a review or quiz session on these decks (all when empty) and tag."""
        from quizapp.tui.screens.study import StudyScreen

        if any(isinstance(screen, StudyScreen) for screen in self.screen_stack):
            self.notify("Finish or quit the current session first (q).", severity="warning")
            return
        self.push_screen(StudyScreen(mode=mode, deck_ids=deck_ids, tag=tag))

    def action_open_stats(self) -> None:
        from quizapp.tui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def action_open_browse(self) -> None:
        from quizapp.tui.screens.browse import BrowseScreen

        if not isinstance(self.screen, BrowseScreen):
            self.push_screen(BrowseScreen())

    def action_go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme != LIGHT_THEME else DARK_THEME

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(binding_sections()))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Theme: Toggle light/dark", "Switch themes (ctrl+t)", self.action_toggle_theme
        )
        yield SystemCommand("Help: Keys", "Every key binding (?)", self.action_help)

    def on_unmount(self) -> None:
        if self._services is not None:
            self._services.store.close()


def binding_sections() -> list[tuple[str, list[BindingType]]]:
    """Every binding in the app, grouped by screen or widget, for the help dialog."""
    from quizapp.tui.screens.browse import BrowseScreen, HistoryScreen
    from quizapp.tui.screens.help import HelpScreen
    from quizapp.tui.screens.home import HomeScreen
    from quizapp.tui.screens.stats import StatsScreen
    from quizapp.tui.screens.study import StudyScreen
    from quizapp.tui.screens.summary import SummaryScreen
    from quizapp.tui.widgets.card_base import BasicCardView
    from quizapp.tui.widgets.card_order import OrderCardView
    from quizapp.tui.widgets.card_pick import ChoiceCardView, TrueFalseCardView
    from quizapp.tui.widgets.rating_bar import RatingBar

    return [
        ("Everywhere", [*QuizApp.BINDINGS, Binding("ctrl+p", "command_palette", "Commands")]),
        ("Home", list(HomeScreen.BINDINGS)),
        ("Study", list(StudyScreen.BINDINGS)),
        ("Basic card", list(BasicCardView.BINDINGS)),
        ("Typed, numeric", [Binding("enter", "check", "Check the answer")]),
        (
            "Cloze",
            [Binding("tab", "next", "Next gap"), Binding("enter", "check", "Next gap / check")],
        ),
        (
            "Choice card",
            [b for b in ChoiceCardView.BINDINGS if "pick-" not in str(getattr(b, "id", ""))]
            + [Binding("1-9", "pick", "Pick an option")],
        ),
        ("True/false", list(TrueFalseCardView.BINDINGS)),
        ("Order card", list(OrderCardView.BINDINGS)),
        ("Rating", list(RatingBar.BINDINGS)),
        ("Summary", list(SummaryScreen.BINDINGS)),
        ("Stats", list(StatsScreen.BINDINGS)),
        ("Browse", list(BrowseScreen.BINDINGS)),
        ("Card history", list(HistoryScreen.BINDINGS)),
        ("Help", list(HelpScreen.BINDINGS)),
    ]
