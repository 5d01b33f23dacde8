"""Builds the app from its services, for the CLI (`run_app`) and the tests (`make_app`)."""

from __future__ import annotations

import dataclasses
import gc
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.core.clock import Clock
from quizapp.core.errors import QuizAppError
from quizapp.tui.app import QuizApp

UI_SWITCH_INTERVAL_S = 0.001
"""How long a CPU-bound worker may keep the interpreter while the UI thread waits for it."""
START_UP_GC_PAUSE_S = 2.0
"""The garbage collector is off for this long after launch. Start-up allocates objects that
live as long as the app (modules, styles, widgets, decks) and little garbage: the collector
ran about 170 times before the first card, 23 ms of a 0.44 s launch, to free some 4,000
small objects. It then resumes with everything alive so far frozen, as `open_services` does
for the decks, so that its first run does not walk them all."""

if TYPE_CHECKING:
    from quizapp.context import Services
    from quizapp.core.library import Progress
    from quizapp.core.session_plan import SessionPlan


def make_app(
    *,
    data_dir: Path | str | None = None,
    profile: str = "default",
    deck_paths: Sequence[Path | str] | None = None,
    clock: Clock | None = None,
    fuzz: bool | None = None,
    measure_time: bool = True,
    light: bool = False,
    quiz_length: int = 10,
    animate: bool = True,
    seed: int | None = None,
    services: Services | None = None,
    lazy: bool = False,
    start: SessionPlan | None = None,
) -> QuizApp:
    """Open the services and build a `QuizApp` on them.

    Args:
        data_dir: the folder of the profile databases (None: `--data-dir`/`$QUIZAPP_HOME`/default).
        profile: the learner profile.
        deck_paths: deck files or folders instead of the bundled and user decks.
        clock: the clock (a `FixedClock` in tests).
        fuzz: override the profile's interval fuzz (False in snapshot tests).
        measure_time: time answers for the suggested rating; off for deterministic tests.
        light: start in the light theme.
        quiz_length: cards in a quiz.
        animate: off in tests, so that no transition lands half-way in a snapshot.
        seed: seeds the shuffling of quizzes and options (tests).
        services: already opened services (they win over the other service arguments).
        lazy: open the services (load the decks) in a worker behind a loading screen, with
            a progress bar while new deck files are parsed, instead of before returning; the
            command line does this.
        start: open on this session instead of the home screen (`quizapp study`).

    Raises:
        QuizAppError: the database or the settings cannot be used.
    """

    def opener(progress: Progress | None = None) -> Services:
        from quizapp.context import open_services

        opened = open_services(
            data_dir=Path(data_dir) if data_dir is not None else None,
            profile=profile,
            deck_paths=[Path(p) for p in deck_paths] if deck_paths is not None else None,
            clock=clock,
            progress=progress,
        )
        return _with_fuzz(opened, fuzz)

    if services is not None:
        services = _with_fuzz(services, fuzz)
    elif not lazy:
        services = opener()
    return QuizApp(
        services,
        opener=opener,
        elapsed_timer=time.monotonic if measure_time else None,
        quiz_length=quiz_length,
        light=light,
        animate=animate,
        seed=seed,
        start=start,
    )


def _with_fuzz(services: Services, fuzz: bool | None) -> Services:
    """The services with interval fuzz forced on or off (None keeps the profile's setting)."""
    if fuzz is None or services.scheduler.settings.fuzz == fuzz:
        return services
    from quizapp.core.scheduling import ReviewScheduler

    settings = dataclasses.replace(services.scheduler.settings, fuzz=fuzz)
    return dataclasses.replace(
        services,
        scheduler=ReviewScheduler(settings),
        settings=dataclasses.replace(services.settings, scheduler=settings),
    )


def run_app(args: Any, start: SessionPlan | None = None) -> int:
    """Run the app for `quizapp` / `quizapp study`; errors become one clear line, exit code 1.

    Args:
        args: the parsed options (`data_dir`, `profile`, `decks`, `seed`; missing ones default).
        start: open on this session (`quizapp study`) instead of the home screen.
    """
    gc.disable()
    resume = threading.Timer(START_UP_GC_PAUSE_S, _resume_gc)
    resume.daemon = True
    resume.start()
    try:
        return _run(args, start)
    finally:
        resume.cancel()
        gc.enable()


def _resume_gc() -> None:
    gc.freeze()
    gc.enable()


def _run(args: Any, start: SessionPlan | None) -> int:
    try:
        app = make_app(
            data_dir=getattr(args, "data_dir", None),
            profile=getattr(args, "profile", "default") or "default",
            deck_paths=getattr(args, "decks", None),
            seed=getattr(args, "seed", None),
            lazy=True,
            start=start,
        )
    except (QuizAppError, ValueError) as error:
        print(f"quizapp: {error}", file=sys.stderr)
        return 1
    # Workers (the home figures, stats, exports) hold the interpreter in turns with the UI
    # thread; a waiting thread gets it back after the switch interval (5 ms by default),
    # and the UI thread waits that long every time it has read a key or drawn a frame.
    sys.setswitchinterval(UI_SWITCH_INTERVAL_S)
    app.run()
    return int(app.return_code or 0)
