"""A rehearsal being recorded: microphone -> crash-safe file, with a level meter beside it.

The disk writer is one subscriber of the capture's ``Fanout`` and the meter another;
``Recorder.live`` is where further consumers (live transcription) subscribe.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import queue
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from rehearse.capture.sound_card import END, Capture, Fanout, InputDevice, choose_format, find_device
from rehearse.errors import AudioError
from rehearse.home import private_dir
from rehearse.capture.meter import LevelMeter
from rehearse.capture.recording_file import SYNC_EVERY_S, PartialWav, new_recording_stem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordingResult:
    path: Path
    duration_s: float
    sample_rate: int  # as stored; analysis resamples to 16 kHz
    device: str
    overflows: int  # times the system reported lost input
    dropped_frames: int  # frames lost in those overflows, as far as the device clock tells
    latency_s: float | None  # from starting the stream to the first audio


class Recorder:
    """Open the device now (errors surface before any countdown); ``start`` records."""

    def __init__(self, *, directory: Path, device: str | None = None, question: str | None = None,
                 max_seconds: float | None = None):
        try:  # like the device: a folder we cannot write to fails before the countdown
            private_dir(directory)
        except OSError as exc:
            raise AudioError(f"cannot create the recording in {directory}: "
                             f"{exc.strerror or exc}") from exc
        self.device: InputDevice = find_device(device)
        self.sr, channels = choose_format(self.device)
        self.directory, self.question = directory, question
        self.capture = Capture(self.device, sr=self.sr, channels=channels)
        self.meter = LevelMeter()
        self.capture.live.add_listener(self.meter)
        self._limit_frames = int(max_seconds * self.sr) if max_seconds else None
        self._queue = self.capture.live.subscribe()
        self._file: PartialWav | None = None
        self._writer: threading.Thread | None = None
        self.write_error: str | None = None

    @property
    def live(self) -> Fanout:
        """Subscribe here to read the audio as it arrives."""
        return self.capture.live

    @property
    def path(self) -> Path | None:
        return self._file.path if self._file else None

    @property
    def elapsed_s(self) -> float:
        return self.capture.elapsed_s

    @property
    def failure(self) -> str | None:
        """Why the recording cannot go on (device gone, disk full), else None."""
        return self.capture.check() or self.write_error

    def start(self) -> None:
        _no_kill_on_file_size_limit()
        started = dt.datetime.now()
        meta = {"question": self.question, "device": self.device.name,
                "started": started.astimezone().isoformat(timespec="seconds")}
        while self._file is None:
            stem = new_recording_stem(self.directory, self.question, now=started)
            try:
                self._file = PartialWav(stem, sr=self.sr, meta=meta)
            except FileExistsError:
                continue  # another rehearse took this name a moment ago: the next one is free
            except OSError as exc:
                raise AudioError(f"cannot create the recording in {self.directory}: "
                                 f"{exc.strerror or exc}") from exc
        self._writer = threading.Thread(target=self._write_loop, name="rehearse-writer", daemon=True)
        self._writer.start()
        try:
            self.capture.start()
        except Exception:
            self._queue.put(END)
            self._writer.join()
            self._file.discard()
            raise

    def stop(self) -> RecordingResult:
        """Stop, write everything captured, finalize the file."""
        self.capture.stop()
        assert self._writer is not None and self._file is not None
        self._writer.join()
        if self.write_error:
            # Keep every sample that reached the disk, as a valid WAV: the header was always
            # rewritten in place, which needs no new space.
            try:
                self._file.keep_whole_frames()
                path = self._file.close()
            except OSError as exc:
                raise AudioError(f"{self.write_error}; the recording could not be finished "
                                 f"({exc.strerror or exc}): the next rehearse command repairs "
                                 f"{self._file.path}") from exc
        else:
            path = self._file.close()
        log.debug("recorded %.2f s at %d Hz from %r; first audio %.3f s after start; "
                  "%d overflow(s)", self._file.duration_s, self.sr, self.device.name,
                  self.capture.latency_s or -1, self.capture.overflows)
        return RecordingResult(
            path=path, duration_s=round(self._file.duration_s, 3), sample_rate=self.sr,
            device=self.device.name, overflows=self.capture.overflows,
            dropped_frames=self.capture.dropped_frames, latency_s=self.capture.latency_s,
        )

    def abandon(self) -> None:
        """Stop and delete what was recorded."""
        self.capture.stop()
        if self._writer is not None:
            self._writer.join()
        if self._file is not None:
            self._file.discard()

    def _write_loop(self) -> None:
        assert self._file is not None
        written = 0
        while True:
            try:
                block = self._queue.get(timeout=SYNC_EVERY_S)
            except queue.Empty:
                block = False
            if block is END:
                break
            if self.write_error:
                continue  # keep draining so the queue does not grow
            try:
                if block is False:
                    self._file.sync()
                    continue
                pcm = block.pcm
                if self._limit_frames is not None:
                    pcm = pcm[: max(0, self._limit_frames - written)]
                if pcm.size:
                    self._file.write(pcm)
                    written += pcm.size
            except OSError as exc:
                self.write_error = _why_write_failed(exc)
                log.debug("writing %s failed: %s", self._file.path, exc)


def _why_write_failed(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full: recording stopped"
    if exc.errno == errno.EFBIG:
        return "the file size limit (ulimit -f) is reached: recording stopped"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is used up: recording stopped"
    return f"could not write the recording ({exc.strerror or exc}): recording stopped"


def _no_kill_on_file_size_limit() -> None:
    """Past ``ulimit -f`` the kernel kills the writer with SIGXFSZ unless it is ignored; ignored,
    the write fails with EFBIG and the recording ends like on a full disk, with its audio kept."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
