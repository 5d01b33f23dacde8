"""Fixtures every test folder may use."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.clock import FixedClock

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fixed_clock() -> FixedClock:
    """A clock standing at 2026-01-27 09:00 UTC, the day of the market sell-off."""
    return FixedClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The profile folder of an app under test."""
    return tmp_path / "data"


@pytest.fixture
def utc_days() -> Iterator[None]:
    """Local days (streaks, heatmap, due dates) are computed in UTC, whatever the machine says.

    `time.tzset` makes the process read TZ again: setting the variable alone changes nothing.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "UTC")
        time.tzset()
        yield
    time.tzset()


@pytest.fixture
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor would make snapshots flaky (Textual imported only when asked for)."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def make_test_app(data_dir: Path, fixed_clock: FixedClock) -> Iterator[Any]:
    """Build deterministic apps (fixed clock, no fuzz, untimed answers, seeded shuffles) on
    the given deck paths: see `tests.tui.tui_helpers.app_maker`."""
    from tests.tui.tui_helpers import app_maker  # Textual, only for the tests that ask

    with app_maker(data_dir, fixed_clock) as build:
        yield build


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point QUIZAPP_HOME at a fresh folder so no test touches the real user data."""
    home = tmp_path_factory.mktemp("quizapp-home")
    monkeypatch.setenv("QUIZAPP_HOME", str(home))
    yield home


@pytest.fixture(autouse=True)
def private_tmux_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Give each test its own tmux server, so one test's last session going never races another's.

    tmux keeps its socket under $TMUX_TMPDIR; with the default one shared, a test starting a
    session while the previous test's server exits gets "server exited unexpectedly".
    """
    folder = tempfile.mkdtemp(prefix="qtmux-")  # short: a socket path has ~100 bytes at most
    monkeypatch.setenv("TMUX_TMPDIR", folder)
    monkeypatch.delenv("TMUX", raising=False)
    yield
    tmux = shutil.which("tmux")
    if tmux and any(Path(folder).iterdir()):
        subprocess.run([tmux, "kill-server"], capture_output=True, check=False)
    shutil.rmtree(folder, ignore_errors=True)


def require_tool(name: str) -> str:
    """Return the path of an external program; skip without it, except on CI where it must exist."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required on CI (.ci/run installs it)")
    pytest.skip(f"{name} is not installed")
