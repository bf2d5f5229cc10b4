"""The rehearsal history: a SQLite file in the data home. The only module that touches SQLite.

The database runs in WAL mode with a busy timeout, so several rehearse processes can read
and write at once; its schema comes from ``rehearse.history.migrations``. Every failure to open,
read or write it becomes a one-line ``StoreError`` naming the file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rehearse.errors import StoreError
from rehearse.home import create_private, database_path, private_dir
from rehearse.history.metrics import extract, normalise_question
from rehearse.history.migrations import MIGRATIONS

BUSY_TIMEOUT_S = 5.0  # how long a writer waits for another one before giving up


@dataclass(frozen=True)
class Rehearsal:
    id: int
    created_at: str  # ISO 8601, UTC
    question: str | None
    question_key: str | None  # normalised question: equal for attempts of one question
    audio_path: str
    duration_s: float
    model: str
    metrics: dict[str, float] = field(default_factory=dict)
    report: dict | None = None  # the whole report, only when asked for
    session_id: int | None = None  # the mock interview it was an answer in
    session_role: str | None = None  # there: "question", "follow-up" or "curveball"


@dataclass(frozen=True)
class Session:
    """A mock interview (``rehearse interview``); its answers are rehearsals."""

    id: int
    kind: str
    started_at: str  # ISO 8601, UTC
    finished_at: str | None  # None while it runs, or if it was killed
    ended: str | None  # "completed" or "interrupted"
    settings: dict
    answer_count: int


class Store:
    """An open history database; use as a context manager, or call ``close``."""

    def __init__(self, db: sqlite3.Connection, path: Path, lock_fd: int | None = None):
        self._db = db
        self.path = path
        self._lock_fd = lock_fd  # a shared flock on the file, held while it is open

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing drops the lock
            self._lock_fd = None

    def save(self, report: dict, *, session_id: int | None = None,
             session_role: str | None = None) -> int:
        """Keep one rehearsal (a ``rehearse.report.report.to_dict`` dict); returns its id.

        ``session_id``, ``session_role``: the mock interview it answered a question of."""
        audio = report.get("audio") or {}
        values = extract(report)
        with self._errors(), self._transaction():
            cur = self._db.execute(
                "INSERT INTO rehearsals (created_at, question, question_key, audio_path, "
                "duration_s, model, report_json, session_id, session_role) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (report["created_at"], report.get("question"),
                 normalise_question(report.get("question")), _absolute(audio.get("path", "")),
                 float(audio.get("duration_s") or 0.0), str(report.get("model", "")),
                 json.dumps(report, ensure_ascii=False), session_id, session_role))
            rid = cur.lastrowid
            self._db.executemany(
                "INSERT INTO metrics (rehearsal_id, name, value) VALUES (?, ?, ?)",
                [(rid, k, v) for k, v in values.items()])
        return rid

    def rehearsals(self, *, question_key: str | None = None, before_id: int | None = None,
                   with_reports: bool = False, session_id: int | None = None) -> list[Rehearsal]:
        """Rehearsals oldest first; of one question if ``question_key``; older than
        ``before_id``; the answers of one session if ``session_id``."""
        where, args = [], []
        if session_id is not None:
            where.append("session_id = ?")
            args.append(session_id)
        if question_key is not None:
            where.append("question_key = ?")
            args.append(question_key)
        if before_id is not None:
            where.append("(created_at, id) < (SELECT created_at, id FROM rehearsals WHERE id = ?)")
            args.append(before_id)
        sql = (f"SELECT {_COLUMNS}{', report_json' if with_reports else ''} FROM rehearsals"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY created_at, id")
        with self._errors():
            rows = self._db.execute(sql, args).fetchall()
            metrics = self._metrics([r[0] for r in rows])
        return [_rehearsal(r, metrics.get(r[0], {}), with_reports) for r in rows]

    def get(self, rehearsal_id: int) -> Rehearsal | None:
        """One rehearsal with its whole report, or None."""
        with self._errors():
            row = self._db.execute(f"SELECT {_COLUMNS}, report_json FROM rehearsals WHERE id = ?",
                                   (rehearsal_id,)).fetchone()
            if row is None:
                return None
            return _rehearsal(row, self._metrics([rehearsal_id]).get(rehearsal_id, {}), True)

    def start_session(self, *, kind: str, started_at: str, settings: dict) -> int:
        """A new session, not finished yet; returns its id."""
        with self._errors(), self._transaction():
            cur = self._db.execute(
                "INSERT INTO sessions (kind, started_at, settings_json) VALUES (?, ?, ?)",
                (kind, started_at, json.dumps(settings, ensure_ascii=False)))
        return cur.lastrowid

    def finish_session(self, session_id: int, *, finished_at: str, ended: str) -> None:
        with self._errors(), self._transaction():
            self._db.execute("UPDATE sessions SET finished_at = ?, ended = ? WHERE id = ?",
                             (finished_at, ended, session_id))

    def sessions(self, *, session_id: int | None = None) -> list[Session]:
        """Sessions oldest first, each with its number of answers kept; or just ``session_id``."""
        sql = ("SELECT s.id, s.kind, s.started_at, s.finished_at, s.ended, s.settings_json, "
               "(SELECT COUNT(*) FROM rehearsals r WHERE r.session_id = s.id) FROM sessions s"
               + (" WHERE s.id = ?" if session_id is not None else "") + " ORDER BY s.started_at, s.id")
        with self._errors():
            rows = self._db.execute(sql, () if session_id is None else (session_id,)).fetchall()
        return [Session(*r[:5], settings=json.loads(r[5] or "{}"), answer_count=r[6]) for r in rows]

    def delete(self, rehearsal_id: int) -> bool:
        """Forget one rehearsal and its metrics; False if there was none."""
        with self._errors():
            with self._transaction():
                self._db.execute("DELETE FROM metrics WHERE rehearsal_id = ?", (rehearsal_id,))
                cur = self._db.execute("DELETE FROM rehearsals WHERE id = ?", (rehearsal_id,))
            # The old pages also sit in the write-ahead log until a checkpoint: copy the
            # zeroed pages into the database now and empty the log.
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return cur.rowcount > 0

    def points(self, question: str) -> tuple[str, ...] | None:
        """The talking points kept for ``question`` (any wording that normalises alike), or None."""
        with self._errors():
            row = self._db.execute("SELECT points_json FROM talking_points WHERE question_key = ?",
                                   (normalise_question(question),)).fetchone()
        return None if row is None else tuple(json.loads(row[0]))

    def all_points(self) -> list[tuple[str, tuple[str, ...]]]:
        """(question, points) for every question with points, by question."""
        with self._errors():
            rows = self._db.execute(
                "SELECT question, points_json FROM talking_points ORDER BY question_key").fetchall()
        return [(q, tuple(json.loads(p))) for q, p in rows]

    def set_points(self, question: str, points: tuple[str, ...]) -> None:
        """Keep ``points`` for ``question``, replacing any kept before."""
        import datetime as dt

        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self._errors(), self._transaction():
            self._db.execute(
                "INSERT INTO talking_points (question_key, question, points_json, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (question_key) DO UPDATE SET "
                "question = excluded.question, points_json = excluded.points_json, "
                "updated_at = excluded.updated_at",
                (normalise_question(question), question, json.dumps(list(points), ensure_ascii=False), now))

    def clear_points(self, question: str) -> bool:
        """Forget the points of ``question``; False if it had none."""
        with self._errors(), self._transaction():
            cur = self._db.execute("DELETE FROM talking_points WHERE question_key = ?",
                                   (normalise_question(question),))
        return cur.rowcount > 0

    def _metrics(self, ids: list[int]) -> dict[int, dict[str, float]]:
        out: dict[int, dict[str, float]] = {}
        for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for rid, name, value in self._db.execute(
                    f"SELECT rehearsal_id, name, value FROM metrics WHERE rehearsal_id IN ({marks})",
                    chunk):
                out.setdefault(rid, {})[name] = value
        return out

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:  # Ctrl-C included: nothing half-written stays
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from exc


_COLUMNS = ("id, created_at, question, question_key, audio_path, duration_s, model, "
            "session_id, session_role")


def _rehearsal(row: tuple, metrics: dict[str, float], with_report: bool) -> Rehearsal:
    report = json.loads(row[9]) if with_report else None
    return Rehearsal(*row[:7], metrics=metrics, report=report, session_id=row[7],
                     session_role=row[8])


def _absolute(path: str) -> str:
    """Audio paths are kept absolute, so `delete` finds the file from any folder."""
    return os.path.abspath(os.path.expanduser(path)) if path else ""


def exists(path: Path | None = None) -> bool:
    """Whether there is a history yet (reading it would otherwise create it)."""
    return (path or database_path()).is_file()


def open_store(path: Path | None = None, *, timeout_s: float = BUSY_TIMEOUT_S) -> Store:
    """Open (creating or upgrading) the history database; raises ``StoreError``."""
    path = Path(path or database_path())
    try:
        private_dir(path.parent)
        lock_fd = _hold_shared(path)
    except OSError as exc:
        raise StoreError(f"cannot create the history database {path}: "
                         f"{exc.strerror or exc}") from exc
    db = None
    try:
        db = sqlite3.connect(path, timeout=timeout_s, isolation_level=None)
        db.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
        _refuse_newer(db, path)  # before WAL mode, which would rewrite the file's header
        _use_wal(db, timeout_s)
        db.execute("PRAGMA foreign_keys = ON")
        # A deleted rehearsal's text is overwritten with zeros, not left in free pages.
        db.execute("PRAGMA secure_delete = ON")
        _migrate(db, path)
    except sqlite3.Error as exc:
        if db is not None:
            db.close()
        os.close(lock_fd)
        raise _store_error(path, exc, timeout_s) from exc
    except BaseException:
        if db is not None:
            db.close()
        os.close(lock_fd)
        raise
    return Store(db, path, lock_fd)


def _hold_shared(path: Path) -> int:
    """A descriptor holding a shared ``flock`` on the database file (created 0600 if new,
    before SQLite would make it 0644; its -wal and -shm inherit the mode).

    ``rehearse forget`` takes the lock exclusively before it removes the files, so it never
    pulls the history from under a process that has it open (a save would go into the
    removed file and be lost). One that opened the file while `forget` held it finds the
    file gone once it gets the lock, and opens the new one. SQLite's own locks are POSIX
    record locks, which ``flock`` does not touch.
    """
    import fcntl

    while True:
        create_private(path)
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            held, now = os.fstat(fd), os.stat(path)
        except FileNotFoundError:
            os.close(fd)
            continue  # removed while we waited for the lock
        except BaseException:
            os.close(fd)
            raise
        if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
            return fd
        os.close(fd)


@contextmanager
def history_to_myself(path: Path | None = None, *, wait_s: float = BUSY_TIMEOUT_S) -> Iterator[None]:
    """Hold the history database exclusively (see ``_hold_shared``) for as long as the
    block runs, waiting up to ``wait_s`` for other rehearse processes to close it (a save
    takes milliseconds); raises ``StoreError`` if one keeps it open longer."""
    import fcntl

    path = Path(path or database_path())
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        yield  # no history yet: nothing to hold
        return
    except OSError as exc:
        raise StoreError(f"cannot open the history database {path}: {exc.strerror or exc}") from exc
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(f"another rehearse has the history open ({path}); "
                                     "let it finish, then try again") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def _use_wal(db: sqlite3.Connection, timeout_s: float) -> None:
    """Switch to WAL mode, waiting for other processes as for any write.

    SQLite answers "database is locked" at once, without calling the busy handler, when
    two processes create the database and switch its journal mode at the same moment.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    if mode.lower() != "wal":
        raise sqlite3.OperationalError(f"cannot switch to WAL mode (stays {mode})")


def _refuse_newer(db: sqlite3.Connection, path: Path) -> None:
    """A history written by a newer rehearse is left exactly as it is."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise StoreError(f"the history database {path} is from a newer rehearse "
                         f"(schema {version}, this one knows {len(MIGRATIONS)}); upgrade rehearse "
                         "(the file was not changed)")


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    """Apply the missing migrations, each in its own transaction with its version bump."""
    while True:
        _refuse_newer(db, path)  # another process may have upgraded it meanwhile
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == len(MIGRATIONS):
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version < len(MIGRATIONS):
                MIGRATIONS[version](db)
                db.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def _store_error(path: Path, exc: sqlite3.Error, timeout_s: float = BUSY_TIMEOUT_S) -> StoreError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(f"the history database {path} is locked by another process "
                          f"(waited {timeout_s:g} s); try again")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(f"the history database {path} is damaged ({text}); "
                          "move it aside to start a new history")
    if "readonly" in text or "unable to open" in text or "disk I/O" in text:
        return StoreError(f"cannot open the history database {path} ({text})")
    return StoreError(f"history database {path}: {text}")
