"""Where things live: the bundled decks and seeds, and each profile's data directory."""

from __future__ import annotations

import os
import re
from pathlib import Path

APP_NAME = "quizapp"
DEFAULT_PROFILE = "default"
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """A folder shipped with the app.

    A wheel carries it inside the package (`quizapp/_bundled/NAME`); a checkout or an
    editable install reads it from the repository's top level.
    """
    inside = _PACKAGE_DIR / "_bundled" / name
    return inside if inside.is_dir() else _PACKAGE_DIR.parent / name


def bundled_decks_dir() -> Path:
    return _bundled("decks")


def bundled_seeds_dir() -> Path:
    return _bundled("seeds")


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding every profile's database.

    `--data-dir` wins, then `QUIZAPP_HOME`, then the platform's user data folder.
    """
    if override:
        return Path(override).expanduser()
    env = os.environ.get("QUIZAPP_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def validate_profile(name: str) -> str:
    """Return `name` if it is a safe profile name (it becomes a file name).

    Raises:
        ValueError: the name has characters that could escape the data folder.
    """
    if not _PROFILE_NAME.match(name):
        raise ValueError(
            f"invalid profile name {name!r}: use letters, digits, '-', '_' or '.' (at most 64)"
        )
    return name


def database_path(
    profile: str = DEFAULT_PROFILE, override: str | os.PathLike[str] | None = None
) -> Path:
    """The SQLite file of one profile."""
    return data_dir(override) / f"{validate_profile(profile)}.sqlite3"


def user_decks_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The learner's own deck folder, scanned beside the bundled decks."""
    return data_dir(override) / "decks"


def deck_cache_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The deck cache, shared by every profile of the data folder (safe to delete)."""
    return data_dir(override) / "cache" / "decks.sqlite3"
