"""Clocks passed into the core, so that no core function reads the wall clock itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Gives the current time as a UTC-aware datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock for tests: it stands still until `advance` moves it."""

    current: datetime = field(default_factory=lambda: datetime(2026, 1, 27, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


@dataclass(frozen=True, slots=True)
class DayBoundary:
    """When the learner's day begins: a time zone and an hour (Anki starts days at 4:00)."""

    tz: tzinfo | None = UTC
    """The zone days are counted in; None: the machine's local time, summer time included
    (today's fixed UTC offset put the answers of the other half of the year given within an
    hour of `day_start` on the day before, and broke streaks)."""
    day_start: int = 4
    """Hour of the local day at which "today" begins, 0 to 23."""

    def local_day(self, moment: datetime) -> date:
        return (moment.astimezone(self.tz) - timedelta(hours=self.day_start)).date()

    def start_of(self, day: date) -> datetime:
        """The aware moment at which `day` begins."""
        begins = datetime.combine(day, time(self.day_start))
        return begins.replace(tzinfo=self.tz) if self.tz is not None else begins.astimezone()

    def start_of_day(self, moment: datetime) -> datetime:
        return self.start_of(self.local_day(moment))
