"""The progress database's schema as ordered forward migrations (`PRAGMA user_version`)."""

from __future__ import annotations

_V1 = """
CREATE TABLE card_state (
    deck_id TEXT NOT NULL,
    card_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    schedule TEXT,
    due_ms INTEGER,
    reps INTEGER NOT NULL DEFAULT 0,
    lapses INTEGER NOT NULL DEFAULT 0,
    suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    first_review_ms INTEGER,
    last_review_ms INTEGER,
    last_answer TEXT,
    PRIMARY KEY (deck_id, card_id)
) WITHOUT ROWID;
CREATE INDEX card_state_due ON card_state (deck_id, due_ms);
CREATE TABLE study_session (
    id INTEGER PRIMARY KEY,
    mode TEXT NOT NULL CHECK (mode IN ('review', 'quiz')),
    deck_ids TEXT NOT NULL DEFAULT '[]',
    tag TEXT,
    started_ms INTEGER NOT NULL,
    ended_ms INTEGER,
    answered INTEGER NOT NULL DEFAULT 0,
    correct INTEGER NOT NULL DEFAULT 0,
    score INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE review (
    id INTEGER PRIMARY KEY,
    session_id INTEGER REFERENCES study_session (id),
    deck_id TEXT NOT NULL,
    card_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    reviewed_ms INTEGER NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    verdict TEXT,
    score REAL,
    response TEXT,
    response_ms INTEGER,
    due_after_ms INTEGER,
    interval_ms INTEGER,
    was_new INTEGER NOT NULL DEFAULT 0,
    scheduled INTEGER NOT NULL DEFAULT 1,
    points INTEGER NOT NULL DEFAULT 0,
    state_before TEXT
);
CREATE INDEX review_card ON review (deck_id, card_id, reviewed_ms);
CREATE INDEX review_session ON review (session_id);
CREATE TRIGGER review_append_only BEFORE UPDATE ON review
BEGIN
    SELECT RAISE(ABORT, 'the review log is append-only');
END
"""

# v2: quiz bookkeeping on sessions, per-profile settings, and the time index that the daily
# limits and the stats need once the log holds millions of rows.
_V2 = """
ALTER TABLE study_session ADD COLUMN almost INTEGER NOT NULL DEFAULT 0;
ALTER TABLE study_session ADD COLUMN planned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE study_session ADD COLUMN scheduled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE study_session ADD COLUMN time_limit_s REAL;
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE INDEX review_time ON review (reviewed_ms, scheduled, was_new)
"""

# v3: today's queue straight from an index. `learning` copies the schedule's (re)learning state
# out of its JSON, and the per-deck index becomes (deck_id, suspended, learning, due_ms, kind),
# with the card id that every index of this table carries: the due reviews and the learning
# cards of a deck are each one range of it, read in due order, and the ids of a deck's
# scheduled cards with their kinds (what tells new cards from known ones) another, all without
# reading a schedule. Still one index that an answer moves, as before. The log's time index
# gains the rating: the stats' daily buckets read it alone.
_V3 = """
ALTER TABLE card_state ADD COLUMN learning INTEGER NOT NULL DEFAULT 0 CHECK (learning IN (0, 1));
UPDATE card_state SET learning = 1
    WHERE schedule IS NOT NULL AND json_extract(schedule, '$.state') <> 'review';
DROP INDEX card_state_due;
CREATE INDEX card_state_deck ON card_state (deck_id, suspended, learning, due_ms, kind);
DROP INDEX review_time;
CREATE INDEX review_time ON review (reviewed_ms, scheduled, was_new, rating)
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)
"""Migration N (1-based) brings a database from user_version N-1 to N; never edit a shipped one."""


# Column lists, in the order the row converters of store_rows.py read them.
STATE_COLUMNS = (
    "deck_id, card_id, kind, schedule, reps, lapses, suspended, flagged, "
    "first_review_ms, last_review_ms, last_answer"
)
REVIEW_COLUMNS = (
    "id, session_id, deck_id, card_id, reviewed_ms, rating, verdict, score, response, "
    "response_ms, due_after_ms, interval_ms, kind, was_new, scheduled"
)
SESSION_COLUMNS = (
    "id, mode, deck_ids, tag, started_ms, ended_ms, answered, correct, almost, score, "
    "planned, scheduled, time_limit_s"
)

INSERT_REVIEW = (
    "INSERT INTO review (session_id, deck_id, card_id, kind, reviewed_ms, rating, verdict,"
    " score, response, response_ms, due_after_ms, interval_ms, was_new, scheduled, points,"
    " state_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
UPSERT_STATE = (
    "INSERT INTO card_state (deck_id, card_id, kind, schedule, due_ms, learning, reps, lapses,"
    " first_review_ms, last_review_ms, last_answer) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)"
    " ON CONFLICT (deck_id, card_id) DO UPDATE SET kind = excluded.kind,"
    " schedule = excluded.schedule, due_ms = excluded.due_ms, learning = excluded.learning,"
    " reps = reps + 1,"
    " lapses = lapses + excluded.lapses,"
    " first_review_ms = coalesce(first_review_ms, excluded.first_review_ms),"
    " last_review_ms = excluded.last_review_ms, last_answer = excluded.last_answer"
)
INSERT_STATE = (
    "INSERT OR REPLACE INTO card_state (deck_id, card_id, kind, schedule, due_ms, learning,"
    " reps, lapses, suspended, flagged, first_review_ms, last_review_ms, last_answer)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
