"""The stats screen: review calendar, due forecast, retention over time, mastery per tag."""

from __future__ import annotations

from typing import ClassVar

from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState
from textual_plotext import PlotextPlot

from quizapp.core.stats import StudyStats
from quizapp.tui.app import QuizApp
from quizapp.tui.queries import study_stats
from quizapp.tui.text import percent
from quizapp.tui.widgets.bars import PercentBars
from quizapp.tui.widgets.heatmap import Heatmap
from quizapp.tui.widgets.key_bar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar


class StatsScreen(Screen[None]):
    """Charts over the review log; the queries run in a thread worker."""

    app = getters.app(QuizApp)

    SUB_TITLE = "Statistics"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Refresh", id="stats.refresh"),
        Binding("escape,q", "back", "Back", id="stats.back"),
    ]
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (110, "-wide"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Content("Reading your review log…"), id="stats-summary")
        with VerticalScroll(id="stats-scroll"), Grid(id="stats-grid"):
            with Vertical(classes="stats-panel", id="stats-calendar-panel") as panel:
                panel.border_title = "Reviews per day"
                yield Heatmap(id="stats-heatmap")
            with Vertical(classes="stats-panel", id="stats-forecast-panel") as panel:
                panel.border_title = "Due in the next 30 days"
                yield PlotextPlot(id="stats-forecast")
            with Vertical(classes="stats-panel", id="stats-retention-panel") as panel:
                panel.border_title = "Retention per week"
                yield PlotextPlot(id="stats-retention")
            with Vertical(classes="stats-panel", id="stats-mastery-panel") as panel:
                panel.border_title = "Mastery per tag"
                yield PercentBars(id="stats-mastery")
        yield KeyBar()

    def on_mount(self) -> None:
        self.action_reload()
        self.query_one("#stats-scroll").focus()

    def action_reload(self) -> None:
        self.query_one("#stats-scroll").loading = True
        self._load()

    def action_back(self) -> None:
        self.dismiss()

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def _load(self) -> StudyStats:
        app = self.app
        return study_stats(app.services)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "stats":
            return
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, StudyStats):
            self.query_one("#stats-scroll").loading = False
            self._draw(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.query_one("#stats-scroll").loading = False
            self.query_one("#stats-summary", Static).update(
                Content(f"Could not read the statistics: {event.worker.error}")
            )

    def _draw(self, figures: StudyStats) -> None:
        app = self.app
        self.query_one("#stats-summary", Static).update(
            Content.assemble(
                ("Due today ", "bold"),
                f"{figures.due_today} · ",
                ("Learned ", "bold"),
                f"{figures.learned} · ",
                ("Retention (30 days) ", "bold"),
                f"{percent(figures.retention)} · ",
                ("Streak ", "bold"),
                f"{figures.streak.current} (best {figures.streak.best})",
            )
        )
        heatmap = self.query_one(Heatmap)
        heatmap.today = app.services.day().local_day(app.services.clock.now())
        heatmap.counts = dict(figures.heatmap)
        counts = [count for _day, count in figures.forecast]

        forecast = self.query_one("#stats-forecast", PlotextPlot)
        plt = forecast.plt
        plt.clear_data()
        plt.clear_figure()
        plt.bar(list(range(len(counts))), counts, marker="hd")
        plt.xlabel("days from today")
        plt.xticks([0.0, 7.0, 14.0, 21.0, 28.0], ["0", "7", "14", "21", "28"])
        peak = max(counts, default=0)
        step = max(1, -(-peak // 4))
        plt.yticks(list(range(0, peak + step, step)))
        forecast.refresh()

        retention = self.query_one("#stats-retention", PlotextPlot)
        plt = retention.plt
        plt.clear_data()
        plt.clear_figure()
        weeks = figures.weekly_retention[-26:]
        if weeks:
            values = [round(week.retention * 100, 1) for week in weeks]
            positions = list(range(len(values)))
            plt.plot(positions, values, marker="braille")
            plt.scatter(positions, values, marker="dot")
            labels = [week.week_start.strftime("%d %b") for week in weeks]
            step = max(1, len(labels) // 4)
            plt.xticks([float(p) for p in positions[::step]], labels[::step])
        else:
            plt.text("no reviews yet", x=0.5, y=50, alignment="center")
            plt.xlim(0, 1)
        plt.ylim(0, 100)
        plt.ylabel("%")
        retention.refresh()

        self.query_one(PercentBars).values = {
            tag.tag: tag.mastery for tag in sorted(figures.tags, key=lambda t: -t.mastery)
        }
