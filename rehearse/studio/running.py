"""Whether a studio serves this data directory, so `rehearse forget` can refuse rather than
pull the history and the recordings from under it.

Each studio holds a shared lock on ``studio.lock`` in the data directory for as long as it
runs; the kernel drops it however the studio ends, kill -9 included. The studio opens the
history per request, but an upload being analysed or a recording being reported is saved
whenever it finishes: a `forget` between its last look and that save would unlink the
database under it, and the page would say "saved" over a rehearsal that is gone.

Standard library only: `forget` asks without the studio's extra installed.
"""

from __future__ import annotations

import fcntl
import os

from rehearse.errors import UsageError
from rehearse.home import FILE_MODE, data_home, held_by_another, private_dir, studio_lock_path

_held: list[int] = []  # the lock's descriptor, open for the life of the studio's process


def hold_studio_lock() -> None:
    """Mark the data directory as served by this process (several studios may share it)."""
    try:
        private_dir(data_home())
        fd = os.open(studio_lock_path(), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
    except OSError as exc:
        raise UsageError(f"cannot use the data directory {data_home()}: "
                         f"{exc.strerror or exc}") from exc
    os.fchmod(fd, FILE_MODE)
    fcntl.flock(fd, fcntl.LOCK_SH)
    _held.append(fd)


def studio_running() -> bool:
    """Whether a studio (this process's or another) serves the data directory now."""
    return held_by_another(studio_lock_path())
