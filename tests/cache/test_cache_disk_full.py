"""On a nearly full disk the deck cache steps aside: the progress store needs the space."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from quizapp.context import open_services
from quizapp.core import deck_cache
from quizapp.core.clock import FixedClock
from quizapp.core.session_plan import SessionPlan
from quizapp.paths import bundled_decks_dir

CLOCK = FixedClock(datetime(2026, 1, 27, 9, 0, tzinfo=UTC))


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 200 KB file system, as a nearly full disk (needs root; skipped elsewhere)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def study_one(data_dir: Path) -> int:
    """Open the bundled decks, answer one card; the number of answers stored."""
    with open_services(data_dir, clock=CLOCK) as services:
        session = services.start_session(SessionPlan(deck_ids=("deepseek-en",)))
        assert session.current is not None
        session.check("not the answer")
        session.answer()
        session.finish()
        return sum(1 for _ in services.store.reviews())


def test_cache_is_not_used_when_free_space_is_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.disk_usage

    def short(path: Any) -> Any:
        return real(path)._replace(free=deck_cache.MIN_FREE_BYTES - 1)

    monkeypatch.setattr(shutil, "disk_usage", short)
    assert study_one(tmp_path) == 1
    assert not (tmp_path / "cache" / "decks.sqlite3").exists()


def test_cache_gives_its_space_back_when_the_disk_fills(
    tiny_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its write-ahead log took the last 72 KB and stayed: no session could start, at every
    launch ("database or disk is full")."""
    monkeypatch.setattr(deck_cache, "MIN_FREE_BYTES", 0)  # let it try
    assert sum(p.stat().st_size for p in bundled_decks_dir().glob("*.yaml")) > 100_000
    for launch in (1, 2):
        assert study_one(tiny_disk) == launch
        assert list((tiny_disk / "cache").glob("decks.sqlite3*")) == []
