"""Lint, types and layering run as part of the suite, so CI enforces them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    """The venv's own copy first; else require_tool (skips locally, fails on CI)."""
    return shutil.which(name, path=str(Path(sys.executable).parent)) or require_tool(name)


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "quizapp", "tests", "bench"],
        ["ruff", "format", "--check", "quizapp", "tests", "bench"],
        ["mypy", "quizapp", "bench", "tests"],  # strict, from pyproject.toml
        ["lint-imports"],  # the import layers hold
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict", "import-layers"],
)
def test_quality_tool_reports_nothing(command: list[str]) -> None:
    result = subprocess.run(
        [_tool(command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
