"""open_services: one database per profile, saved settings, clear errors."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest

from quizapp.context import SETTINGS_KEY, ProfileSettings, open_services
from quizapp.core.clock import FixedClock
from quizapp.core.errors import QuizAppError, StoreError
from quizapp.core.scheduling import SchedulerSettings
from quizapp.core.session import StudyLimits


def test_context_opens_one_database_per_profile(tmp_path: Path, fixed_clock: FixedClock) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "d.yaml").write_text(
        "deck: d\ntitle: D\ncards:\n  - {id: a, kind: typed, question: Q?, answer: A}\n",
        encoding="utf-8",
    )
    with open_services(tmp_path, "ana", [decks], fixed_clock) as ana:
        assert ana.store.path == tmp_path / "ana.sqlite3"
        assert [deck.id for deck in ana.library.decks] == ["d"]
        assert ana.clock is fixed_clock and ana.profile == "ana"
        ana.store.set_flagged("d", "a", True)
    with open_services(tmp_path, "ben", [decks], fixed_clock) as ben:
        assert ben.store.card_states() == []
    assert (tmp_path / "ana.sqlite3").exists() and (tmp_path / "ben.sqlite3").exists()


def test_context_uses_quizapp_home_by_default(isolated_home: Path) -> None:
    with open_services(deck_paths=[isolated_home / "none"]) as services:
        assert services.store.path == isolated_home / "default.sqlite3"
        assert services.library.decks == ()


def test_context_saves_and_reads_profile_settings(tmp_path: Path) -> None:
    chosen = ProfileSettings(
        SchedulerSettings(desired_retention=0.85, fuzz=False),
        StudyLimits(new_per_day=5, reviews_per_day=50, learn_ahead=timedelta(minutes=5)),
        day_start=0,
    )
    with open_services(tmp_path, deck_paths=[tmp_path / "none"]) as services:
        assert services.settings == ProfileSettings()
        updated = services.save_settings(chosen)
        assert updated.scheduler.settings == chosen.scheduler
    with open_services(tmp_path, deck_paths=[tmp_path / "none"]) as services:
        assert services.settings == chosen
        assert services.scheduler.settings.desired_retention == 0.85
        assert services.day(UTC).day_start == 0


def test_context_errors_are_messages(tmp_path: Path) -> None:
    with pytest.raises(QuizAppError, match="invalid profile name"):
        open_services(tmp_path, "../escape")
    with open_services(tmp_path, deck_paths=[tmp_path / "none"]) as services:
        services.store.set_setting(SETTINGS_KEY, {"new_per_day": -3})
    with pytest.raises(QuizAppError, match="settings are invalid"):
        open_services(tmp_path, deck_paths=[tmp_path / "none"])
    (tmp_path / "bad.sqlite3").write_bytes(b"garbage" * 50)
    with pytest.raises(StoreError):
        open_services(tmp_path, "bad")
