"""Builds the services the CLI and the TUI share: store, scheduler, deck library, clock."""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp import paths
from quizapp.core.clock import Clock, DayBoundary, SystemClock
from quizapp.core.errors import QuizAppError, UnknownDeckError
from quizapp.core.library import Library, Progress, default_deck_paths, load_library
from quizapp.core.scheduling import ReviewScheduler, SchedulerSettings
from quizapp.core.session import StudyLimits
from quizapp.core.session_plan import SessionPlan
from quizapp.core.store import ProgressStore

if TYPE_CHECKING:
    import random

    from quizapp.core.model import Deck
    from quizapp.core.session import StudySession

SETTINGS_KEY = "profile_settings"


@dataclass(frozen=True, slots=True)
class ProfileSettings:
    """A profile's study settings, saved in its own database."""

    scheduler: SchedulerSettings = field(default_factory=SchedulerSettings)
    limits: StudyLimits = field(default_factory=StudyLimits)
    day_start: int = 4
    """Hour at which a new study day begins (local time)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "scheduler": self.scheduler.to_dict(),
            "new_per_day": self.limits.new_per_day,
            "reviews_per_day": self.limits.reviews_per_day,
            "learn_ahead_minutes": self.limits.learn_ahead.total_seconds() / 60,
            "day_start": self.day_start,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProfileSettings:
        """Read saved settings; missing keys keep their defaults.

        Raises:
            QuizAppError: a saved value is out of range.
        """
        defaults = cls()
        try:
            limits = StudyLimits(
                new_per_day=int(data.get("new_per_day", defaults.limits.new_per_day)),
                reviews_per_day=int(data.get("reviews_per_day", defaults.limits.reviews_per_day)),
                learn_ahead=timedelta(
                    minutes=float(
                        data.get(
                            "learn_ahead_minutes",
                            defaults.limits.learn_ahead.total_seconds() / 60,
                        )
                    )
                ),
            )
            day_start = int(data.get("day_start", defaults.day_start))
            if not 0 <= day_start <= 23 or limits.new_per_day < 0 or limits.reviews_per_day < 0:
                raise ValueError("day_start must be 0-23 and the daily limits not negative")
            return cls(SchedulerSettings.from_dict(data.get("scheduler", {})), limits, day_start)
        except (TypeError, ValueError) as error:
            raise QuizAppError(f"the saved profile settings are invalid: {error}") from None


@dataclass(frozen=True, slots=True)
class Services:
    """What a front end needs to study: call `close()` (or use `with`) when done."""

    store: ProgressStore
    scheduler: ReviewScheduler
    library: Library
    clock: Clock
    settings: ProfileSettings
    profile: str = paths.DEFAULT_PROFILE
    deck_paths: tuple[Path, ...] = ()
    """The files and folders the decks were looked for in (for "no decks found")."""

    def day(self, tz: tzinfo | None = None) -> DayBoundary:
        """The learner's day boundary, in `tz` or the machine's local time (with its summer
        time: each moment gets the offset of its own date)."""
        return DayBoundary(tz, self.settings.day_start)

    def save_settings(self, settings: ProfileSettings) -> Services:
        """Store new settings and return services that use them."""
        self.store.set_setting(SETTINGS_KEY, settings.to_dict())
        return Services(
            self.store,
            ReviewScheduler(settings.scheduler),
            self.library,
            self.clock,
            settings,
            self.profile,
        )

    def start_session(self, plan: SessionPlan, rng: random.Random | None = None) -> StudySession:
        """Open the session `plan` asks for; only the decks it draws on have their cards read.

        Raises:
            UnknownDeckError: a deck id the library does not know.
        """
        from quizapp.core.session import StudySession
        from quizapp.core.session_queue import deck_index, read_together

        library = self.library
        known = {summary.id for summary in library.summaries}
        unknown = [deck_id for deck_id in plan.deck_ids if deck_id not in known]
        if unknown:
            raise UnknownDeckError(f"no deck with id {', '.join(unknown)}")
        ids = list(plan.deck_ids) or None
        if plan.only:
            wanted = set(plan.only)
            decks: list[Deck] = []
            for deck in library.select({deck_id for deck_id, _ in plan.only}):
                card_ids = enumerate(deck_index(deck).ids)
                positions = [at for at, card_id in card_ids if (deck.id, card_id) in wanted]
                read_together(deck, positions)  # one query for the missed cards, not one each
                cards = tuple(deck.cards[at] for at in positions)
                decks.append(dataclasses.replace(deck, cards=cards))
            return StudySession.quiz(
                self.store, self.scheduler, decks, self.clock, count=len(plan.only), rng=rng
            )
        decks = list(library.select(plan.deck_ids, plan.tag))
        if plan.mode == "quiz":
            return StudySession.quiz(
                self.store,
                self.scheduler,
                decks,
                self.clock,
                count=plan.count,
                deck_ids=ids,
                tag=plan.tag,
                rng=rng,
                schedule=plan.schedule,
                time_limit=plan.time_limit,
            )
        return StudySession.review(
            self.store,
            self.scheduler,
            decks,
            self.clock,
            deck_ids=ids,
            tag=plan.tag,
            limits=self.settings.limits,
            day=self.day(),
            rng=rng,
        )

    def close(self) -> None:
        self.store.close()
        self.library.close()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_services(
    data_dir: str | os.PathLike[str] | None = None,
    profile: str = paths.DEFAULT_PROFILE,
    deck_paths: Sequence[Path | str] | None = None,
    clock: Clock | None = None,
    progress: Progress | None = None,
) -> Services:
    """Open the profile's store, read its settings and load the decks.

    Decks go through the data folder's deck cache: an unchanged deck is not parsed again,
    and its cards are read only when a screen or command needs them. `progress` is told
    (bytes done, bytes to do) while new or changed deck files are parsed.

    Raises:
        QuizAppError: a bad profile name, or a store that cannot be used (`StoreError`).
    """
    try:
        db_path = paths.database_path(profile, data_dir)
    except ValueError as error:
        raise QuizAppError(str(error)) from None
    clock = clock or SystemClock()
    store = ProgressStore(db_path, clock=clock)
    try:
        saved = store.setting(SETTINGS_KEY)
        settings = ProfileSettings.from_dict(saved) if saved else ProfileSettings()
        looked_in = tuple(Path(p) for p in (deck_paths or default_deck_paths(data_dir)))
        library = load_library(
            list(looked_in), cache=paths.deck_cache_path(data_dir), progress=progress
        )
    except BaseException:
        store.close()
        raise
    # The decks live as long as the process: keep the collector from walking them again and
    # again (a full collection over 100,000 cards is a visible pause between two cards).
    gc.freeze()
    return Services(
        store,
        ReviewScheduler(settings.scheduler),
        library,
        clock,
        settings,
        profile,
        looked_in,
    )
