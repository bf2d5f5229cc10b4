"""The history schema as an ordered list of small migrations.

Migration ``n`` (1-based) takes a database at ``PRAGMA user_version = n - 1`` to ``n``. The
store applies each in its own transaction, with the version bump inside it, so a database
is always at one version or the next and an old database is upgraded, never dropped.
Append new migrations; never edit or reorder the ones already released.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from rehearse.history.metrics import extract, normalise_question


def _m1_rehearsals(db: sqlite3.Connection) -> None:
    """The first schema: one row per rehearsal, with the whole report as JSON."""
    db.execute("""
        CREATE TABLE rehearsals (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,      -- ISO 8601, UTC
            question TEXT,
            audio_path TEXT NOT NULL,
            duration_s REAL NOT NULL,
            model TEXT NOT NULL,
            report_json TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX rehearsals_created ON rehearsals (created_at)")


def _m2_question_key(db: sqlite3.Connection) -> None:
    """Link attempts of one question through its normalised text."""
    db.execute("ALTER TABLE rehearsals ADD COLUMN question_key TEXT")
    rows = db.execute("SELECT id, question FROM rehearsals WHERE question IS NOT NULL").fetchall()
    db.executemany("UPDATE rehearsals SET question_key = ? WHERE id = ?",
                   [(normalise_question(q), i) for i, q in rows])
    db.execute("CREATE INDEX rehearsals_question ON rehearsals (question_key, created_at)")


def _m3_metrics(db: sqlite3.Connection) -> None:
    """Key metrics as rows (one per rehearsal and metric), filled from the stored reports."""
    db.execute("""
        CREATE TABLE metrics (
            rehearsal_id INTEGER NOT NULL REFERENCES rehearsals (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY (rehearsal_id, name)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX metrics_by_name ON metrics (name, rehearsal_id)")
    for rid, text in db.execute("SELECT id, report_json FROM rehearsals").fetchall():
        try:
            values = extract(json.loads(text))
        except (ValueError, TypeError, KeyError):
            values = {}  # an unreadable stored report keeps its row, without metrics
        db.executemany("INSERT INTO metrics (rehearsal_id, name, value) VALUES (?, ?, ?)",
                       [(rid, k, v) for k, v in values.items()])


def _m4_sessions(db: sqlite3.Connection) -> None:
    """Mock interviews: one row per session; each answer is a rehearsal linked to it."""
    db.execute("""
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,            -- "interview"
            started_at TEXT NOT NULL,      -- ISO 8601, UTC
            finished_at TEXT,              -- NULL while it runs, or if it was killed
            ended TEXT,                    -- "completed" or "interrupted"
            settings_json TEXT NOT NULL DEFAULT '{}'
        )""")
    db.execute("ALTER TABLE rehearsals ADD COLUMN session_id INTEGER REFERENCES sessions (id)")
    db.execute("ALTER TABLE rehearsals ADD COLUMN session_role TEXT")  # question, follow-up, curveball
    db.execute("CREATE INDEX rehearsals_session ON rehearsals (session_id, id)")


def _m5_talking_points(db: sqlite3.Connection) -> None:
    """The talking points the user means to make, one list per question."""
    db.execute("""
        CREATE TABLE talking_points (
            question_key TEXT PRIMARY KEY,
            question TEXT NOT NULL,        -- as the user last wrote it
            points_json TEXT NOT NULL,     -- JSON array of strings, in the user's order
            updated_at TEXT NOT NULL       -- ISO 8601, UTC
        ) WITHOUT ROWID""")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _m1_rehearsals,
    _m2_question_key,
    _m3_metrics,
    _m4_sessions,
    _m5_talking_points,
)
SCHEMA_VERSION = len(MIGRATIONS)
