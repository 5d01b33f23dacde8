"""Fixtures for the study-engine tests: a store, a scheduler without fuzz (decks: engine_decks)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.core.clock import FixedClock
from quizapp.core.scheduling import ReviewScheduler, SchedulerSettings
from quizapp.core.store import ProgressStore


@pytest.fixture
def scheduler() -> ReviewScheduler:
    return ReviewScheduler(SchedulerSettings(fuzz=False))


@pytest.fixture
def store(tmp_path: Path, fixed_clock: FixedClock) -> Iterator[ProgressStore]:
    with ProgressStore(tmp_path / "profile.sqlite3", clock=fixed_clock) as opened:
        yield opened
