"""Profile files from other quizapp versions, written directly with sqlite3."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from quizapp.core.store import SCHEMA_VERSION
from quizapp.core.store_schema import MIGRATIONS


def make_v1(path: Path, deck_id: str = "d", card_id: str = "old") -> None:
    """A version-1 profile: a quiz session of 2 answers, one card state of 7 repetitions, and
    one review of that card."""
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO study_session (mode, started_ms, answered) VALUES ('quiz', 1, 2)")
    db.execute(
        "INSERT INTO card_state (deck_id, card_id, kind, reps) VALUES (?, ?, 'typed', 7)",
        (deck_id, card_id),
    )
    db.execute(
        "INSERT INTO review (session_id, deck_id, card_id, kind, reviewed_ms, rating)"
        " VALUES (1, ?, ?, 'typed', 1000, 3)",
        (deck_id, card_id),
    )
    db.commit()
    db.close()


def newer_version_in_wal(path: Path) -> None:
    """What a newer quizapp leaves when it dies just after migrating a profile: its schema
    version is only in the -wal file (the process exits without a checkpoint)."""
    code = (
        "import os, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('PRAGMA journal_mode = WAL')\n"
        "db.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "db.execute('CREATE TABLE future (x)')\n"
        f"db.execute('PRAGMA user_version = {SCHEMA_VERSION + 1}')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
