"""Where rehearse keeps its data: recordings, history, models; and keeping it private.

Everything rehearse writes into the data directory holds someone's voice or what they said
about their career, so it is created readable by its owner only (directories 0700, files
0600) with explicit modes, whatever the umask: ``private_dir`` and ``private_file`` are the
only ways rehearse creates them. ``tighten`` narrows a data directory made before that.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "rehearse"
HOME_ENV = "REHEARSE_HOME"
MODELS_ENV = "REHEARSE_MODELS"
DIR_MODE = 0o700  # owner only
FILE_MODE = 0o600  # owner only
DATABASE_NAME = "history.sqlite3"
DATABASE_SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's files beside the database
STUDIO_LOCK_NAME = "studio.lock"  # held by every studio serving the data directory


def data_home() -> Path:
    """The data directory: ``$REHEARSE_HOME`` if set, else the platform's user data dir."""
    explicit = os.environ.get(HOME_ENV)
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def recordings_dir() -> Path:
    return data_home() / "recordings"


def database_path() -> Path:
    return data_home() / DATABASE_NAME


def studio_lock_path() -> Path:
    return data_home() / STUDIO_LOCK_NAME


def models_dir() -> Path:
    """Where local speech models are looked up by name.

    ``$REHEARSE_MODELS`` wins; else the ``models/`` folder of a source checkout
    (next to the package), else ``<data home>/models``.
    """
    explicit = os.environ.get(MODELS_ENV)
    if explicit:
        return Path(explicit).expanduser()
    checkout = Path(__file__).resolve().parent.parent / "models"
    if (checkout / "README.md").is_file():
        return checkout
    return data_home() / "models"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents up to the data home) as 0700; returns it.

    Parents outside the data home are created with the usual mode: they are not ours.
    Raises ``OSError``.
    """
    path = Path(path)
    if path.is_dir():
        return path
    home = data_home()
    parent = path.parent
    if not parent.is_dir():
        if inside(parent, home):
            private_dir(parent)
        else:
            parent.mkdir(parents=True, exist_ok=True)
    try:
        os.mkdir(path, DIR_MODE)
    except FileExistsError:
        if path.is_dir():
            return path  # another rehearse made it a moment ago
        # REHEARSE_HOME set to a file, say: say so rather than "File exists".
        raise NotADirectoryError(errno.ENOTDIR, f"{path} is not a folder", str(path)) from None
    os.chmod(path, DIR_MODE)  # mkdir's mode is narrowed by the umask, never widened: be exact
    return path


def private_file(path: Path, *, binary: bool = True):
    """Open ``path`` for writing (truncated) as a 0600 file, whatever existed or the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    except OSError:
        os.close(fd)
        raise
    return os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"}))


def create_private(path: Path) -> None:
    """Make sure ``path`` exists as an (empty if new) 0600 file: SQLite then gives its -wal and
    -shm files the same mode as the database."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) & ~FILE_MODE:
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Tightened:
    """What ``tighten`` changed: the data home's old mode and how many entries it narrowed."""

    home: Path
    old_mode: int
    changed: int  # directories and files inside made owner-only
    failed: str | None = None  # why it could not, if it could not


def tighten(home: Path | None = None) -> Tightened | None:
    """If the data home is open to other accounts, make it and what it holds owner-only.

    Returns None when there was nothing to do (the usual case: one ``stat``). Symbolic links
    are not followed: a models folder linked from elsewhere is not ours to change.
    """
    home = Path(home or data_home())
    try:
        st = os.stat(home)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or not stat.S_IMODE(st.st_mode) & 0o077:
        return None
    old = stat.S_IMODE(st.st_mode)
    try:
        os.chmod(home, DIR_MODE)
    except OSError as exc:
        return Tightened(home, old, 0, exc.strerror or str(exc))
    changed = 0
    for root, dirs, files in os.walk(home):
        for name in dirs + files:
            p = os.path.join(root, name)
            try:
                s = os.lstat(p)
                if stat.S_ISLNK(s.st_mode) or not stat.S_IMODE(s.st_mode) & 0o077:
                    continue
                os.chmod(p, DIR_MODE if stat.S_ISDIR(s.st_mode) else
                         stat.S_IMODE(s.st_mode) & 0o700)
                changed += 1
            except OSError:
                continue  # not ours (another owner): the 0700 home already shuts it away
    return Tightened(home, old, changed)


def held_by_another(path: Path) -> bool:
    """Whether a process holds a ``flock`` on ``path`` (a recording being made, a studio
    running); False if there is no such file. Taking the lock is the only sure test."""
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops a lock we took
    return False


def inside(path: Path, home: Path) -> bool:
    """Whether ``path`` lies in ``home`` (compared as absolute paths, links not followed)."""
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(home))
    except ValueError:
        return False
    return True
