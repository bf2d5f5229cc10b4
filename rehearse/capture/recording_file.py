"""Recordings on disk that survive a crash: a WAV whose header is kept true as audio arrives.

While a rehearsal records, its audio goes to ``NAME.partial.wav`` (16-bit PCM) with a small
``NAME.partial.json`` beside it (question, device, start time). Every ``SYNC_EVERY_S`` the WAV
header is rewritten to match the audio written so far and the file is fsynced, so after a
kill -9 or a power cut the file is a valid WAV holding all but the last moment of the answer.
A clean stop finalizes the header and renames the file to ``NAME.wav``. ``recover_unfinished``
turns any ``*.partial.wav`` left behind into a ``NAME.wav`` (header rebuilt from the file size).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import re
import struct
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rehearse.errors import AudioError
from rehearse.home import FILE_MODE, held_by_another, private_dir, private_file

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

SYNC_EVERY_S = 0.5  # seconds between header rewrites + fsync: the most a power cut can lose
HEADER_BYTES = 44  # canonical PCM WAV header
SAMPLE_BYTES = 2  # 16-bit PCM
PARTIAL_SUFFIX = ".partial.wav"
META_SUFFIX = ".partial.json"
SLUG_MAX = 48  # characters of the question kept in a file name


@dataclass(frozen=True)
class Recovered:
    """An unfinished recording found and repaired (or removed, if it held no audio)."""

    path: Path | None  # the repaired WAV; None when the partial held no audio and was removed
    duration_s: float
    question: str | None
    started: str | None  # ISO time the recording began


def slugify(text: str | None, *, max_len: int = SLUG_MAX) -> str:
    """``"Why do you want this job?"`` -> ``"why-do-you-want-this-job"``."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "answer"


def new_recording_stem(directory: Path, question: str | None, *, now: dt.datetime | None = None) -> Path:
    """``<dir>/2024-05-01_093012_tell-me-about-yourself``: unused as .wav and .partial.wav."""
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d_%H%M%S")
    base = directory / f"{stamp}_{slugify(question)}"
    stem, n = base, 1
    while any(stem.with_name(stem.name + s).exists() for s in (".wav", PARTIAL_SUFFIX)):
        n += 1
        stem = base.with_name(f"{base.name}-{n}")
    return stem


def _header(*, sr: int, channels: int, data_bytes: int) -> bytes:
    block_align = channels * SAMPLE_BYTES
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + data_bytes, b"WAVE", b"fmt ", 16, 1, channels,
        sr, sr * block_align, block_align, 8 * SAMPLE_BYTES, b"data", data_bytes,
    )


class PartialWav:
    """Appends 16-bit PCM to ``STEM.partial.wav``; ``close`` renames it to ``STEM.wav``.

    Not thread-safe: one writer thread owns it.
    """

    def __init__(self, stem: Path, *, sr: int, channels: int = 1, meta: dict | None = None,
                 sync_every_s: float = SYNC_EVERY_S):
        private_dir(stem.parent)
        self.path = stem.with_name(stem.name + PARTIAL_SUFFIX)
        self.final_path = stem.with_name(stem.name + ".wav")
        self.meta_path = stem.with_name(stem.name + META_SUFFIX)
        self.sr, self.channels = sr, channels
        self.data_bytes = 0
        self._synced_bytes = -1
        self._sync_every_s = sync_every_s
        self._last_sync = time.monotonic()
        # The file appears under its name already locked and with its header: made under a
        # name of this process's own, then linked, which fails if another rehearse took the
        # name in the same second (FileExistsError: pick another). Recovery running in another
        # terminal can therefore never see it unlocked and empty, and take it for a crash.
        own = self.path.with_name(f"{self.path.name}.{os.getpid()}.new")
        self._fd = os.open(own, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            # Held while recording; the kernel drops it when the process dies, however it dies.
            # Recovery skips a file whose lock is held: another rehearse is recording into it.
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            _write_all(self._fd, _header(sr=sr, channels=channels, data_bytes=0))
            os.fsync(self._fd)
            os.link(own, self.path)
        except BaseException:
            os.close(self._fd)
            raise
        finally:
            own.unlink(missing_ok=True)
        _write_atomic(self.meta_path, json.dumps({"sample_rate": sr, "channels": channels,
                                                   **(meta or {})}, indent=2))
        _fsync_dir(self.path.parent)

    @property
    def duration_s(self) -> float:
        return self.data_bytes / (self.sr * self.channels * SAMPLE_BYTES)

    def write(self, pcm: np.ndarray) -> None:
        """Append int16 samples, shape (n,) or (n, channels); syncs when it is due."""
        import numpy as np

        data = np.ascontiguousarray(pcm, dtype="<i2").tobytes()
        _write_all(self._fd, data)
        self.data_bytes += len(data)
        if time.monotonic() - self._last_sync >= self._sync_every_s:
            self.sync()

    def sync(self) -> None:
        """Make the header tell the truth about what is written, and put it all on disk."""
        if self._synced_bytes != self.data_bytes:
            os.pwrite(self._fd, _header(sr=self.sr, channels=self.channels,
                                        data_bytes=self.data_bytes), 0)
            os.fsync(self._fd)
            self._synced_bytes = self.data_bytes
        self._last_sync = time.monotonic()

    def keep_whole_frames(self) -> None:
        """After a failed write (disk full): count every whole frame that reached the file.

        A block whose write failed half-way left some of its samples on disk: they are kept,
        and a torn last frame is cut off (truncating frees space, so it works on a full disk).
        """
        block_align = self.channels * SAMPLE_BYTES
        on_disk = os.fstat(self._fd).st_size - HEADER_BYTES
        self.data_bytes = max(0, on_disk // block_align * block_align)
        os.ftruncate(self._fd, HEADER_BYTES + self.data_bytes)

    def close(self) -> Path:
        """Finalize: true header, fsync, rename to ``STEM.wav`` (``STEM-2.wav`` if a file took
        that name meanwhile); returns the final path."""
        self.sync()
        self.final_path = take_unused_name(self.path, self.final_path)
        os.close(self._fd)  # the lock is held until the unfinished name is gone
        self.meta_path.unlink(missing_ok=True)
        _fsync_dir(self.path.parent)
        return self.final_path

    def discard(self) -> None:
        """Throw the recording away (the user abandoned it)."""
        os.close(self._fd)
        self.path.unlink(missing_ok=True)
        self.meta_path.unlink(missing_ok=True)


def take_unused_name(src: Path, wanted: Path) -> Path:
    """Give the file ``src`` the name ``wanted``, or ``wanted-2``, ``-3``... the first that no
    file has, then drop the name ``src``; returns the name it now has.

    Never replaces a file: ``link`` fails on an existing name, where a look and then a
    ``rename`` would overwrite what another rehearse put there in between (the studio saving
    an upload while a `record` finishes, both named after the same question and second).
    """
    base = wanted.name[: -len(wanted.suffix)] if wanted.suffix else wanted.name
    path, n = wanted, 1
    while True:
        try:
            os.link(src, path)
            break
        except FileExistsError:
            n += 1
            path = wanted.with_name(f"{base}-{n}{wanted.suffix}")
    os.unlink(src)
    return path


def find_unfinished(directory: Path) -> list[Path]:
    """The ``*.partial.wav`` files a crashed recording left in ``directory``."""
    if not directory.is_dir():
        return []
    return sorted(directory.glob("*" + PARTIAL_SUFFIX))


class InUse(Exception):
    """The partial recording is locked by a process that is still recording."""


def is_in_use(partial: Path) -> bool:
    """Whether another process is still recording into ``partial`` (it holds the lock)."""
    return held_by_another(partial)


def repair(partial: Path) -> Recovered:
    """Rebuild the header of ``partial`` from its size and rename it to ``NAME.wav``."""
    stem = partial.with_name(partial.name[: -len(PARTIAL_SUFFIX)])
    meta_path = stem.with_name(stem.name + META_SUFFIX)
    meta = _read_meta(meta_path)
    with open(partial, "r+b") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InUse(partial) from None
        head = f.read(HEADER_BYTES)
        sr, channels = _format_of(head, meta, partial)
        size = os.fstat(f.fileno()).st_size
        block_align = channels * SAMPLE_BYTES
        data_bytes = max(0, (size - HEADER_BYTES) // block_align * block_align)
        if data_bytes:
            f.truncate(HEADER_BYTES + data_bytes)
            f.seek(0)
            f.write(_header(sr=sr, channels=channels, data_bytes=data_bytes))
            f.flush()
            os.fsync(f.fileno())
    question, started = meta.get("question"), meta.get("started")
    if not data_bytes:
        partial.unlink()
        meta_path.unlink(missing_ok=True)
        return Recovered(None, 0.0, question, started)
    final = take_unused_name(partial, stem.with_name(stem.name + ".wav"))
    meta_path.unlink(missing_ok=True)
    _fsync_dir(partial.parent)
    return Recovered(final, data_bytes / (sr * block_align), question, started)


def recover_unfinished(directory: Path) -> list[Recovered]:
    """Repair every unfinished recording in ``directory``; unreadable ones are logged, kept."""
    found = []
    for partial in find_unfinished(directory):
        try:
            found.append(repair(partial))
        except InUse:
            continue  # a recording in progress, not a crashed one
        except (OSError, AudioError) as exc:
            log.warning("could not repair %s: %s", partial, exc)
    return found


def _format_of(head: bytes, meta: dict, path: Path) -> tuple[int, int]:
    if len(head) == HEADER_BYTES and head[:4] == b"RIFF" and head[8:16] == b"WAVEfmt ":
        _, channels, sr = struct.unpack("<HHI", head[20:28])
        if channels and sr:
            return sr, channels
    if meta.get("sample_rate"):  # killed before the first header reached the disk
        return int(meta["sample_rate"]), int(meta.get("channels", 1))
    raise AudioError(f"{path}: neither the header nor the note beside it gives the sample rate")


def _read_meta(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with private_file(tmp, binary=False) as f:
        f.write(text + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
