"""A wheel built from the repository carries the bundled decks and seeds and works anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("quizapp-*.whl")
    return built


def test_packaging_wheel_contains_every_deck_and_seed(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("decks", "seeds"):
        for file in (ROOT / folder).iterdir():
            if file.is_file():
                assert f"quizapp/_bundled/{folder}/{file.name}" in names


def test_packaging_installed_wheel_finds_its_decks_from_any_directory(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "import quizapp.paths as p; print(p.bundled_decks_dir()); print(p.bundled_seeds_dir())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    decks_dir, seeds_dir = (Path(line) for line in result.stdout.split())
    assert decks_dir == target / "quizapp" / "_bundled" / "decks"
    assert sorted(f.name for f in seeds_dir.iterdir()) == sorted(
        f.name for f in (ROOT / "seeds").iterdir()
    )
    lint = subprocess.run(
        [sys.executable, "-m", "quizapp", "lint"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
