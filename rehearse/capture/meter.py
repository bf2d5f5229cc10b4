"""The live level meter: dBFS of the latest audio, and a hint when the input is too quiet or clips.

A ``LevelMeter`` is a capture listener: it is called with every ``Block`` on the audio
thread, does a few numpy reductions and keeps the numbers the live screen shows.
"""

from __future__ import annotations

import threading
from collections import deque

import numpy as np

FULL_SCALE = 32768.0  # int16
FLOOR_DB = -90.0  # dBFS shown for digital silence
QUIET_DB = -40.0  # loudest peak of the last HINT_WINDOW_S below this: "too quiet"
CLIP_SAMPLE = 32700  # |sample| at or above this (about -0.02 dBFS) counts as clipping
HINT_WINDOW_S = 4.0  # seconds the hints look back over

TOO_QUIET = "too quiet: move closer to the microphone or raise its input volume"
CLIPPING = "clipping: move back a little or lower the input volume"


def dbfs(value: float) -> float:
    """Amplitude in int16 units -> dBFS, floored at ``FLOOR_DB``."""
    if value <= 0:
        return FLOOR_DB
    return max(FLOOR_DB, 20.0 * float(np.log10(value / FULL_SCALE)))


class LevelMeter:
    """Latest RMS and peak in dBFS, and recent history for the hints."""

    def __init__(self, *, window_s: float = HINT_WINDOW_S):
        self.window_s = window_s
        self.rms_db = FLOOR_DB
        self.peak_db = FLOOR_DB
        self.clipped_samples = 0
        self._recent: deque[tuple[float, float, bool]] = deque()  # (start_s, peak_db, clipped)
        self._lock = threading.Lock()

    def __call__(self, block) -> None:
        x = block.pcm.astype(np.float32)
        if x.size == 0:
            return
        peak = float(np.abs(x).max())
        clipped = int(np.count_nonzero(np.abs(x) >= CLIP_SAMPLE))
        with self._lock:
            self.rms_db = dbfs(float(np.sqrt(np.mean(x * x))))
            self.peak_db = dbfs(peak)
            self.clipped_samples += clipped
            end_s = block.start_s + x.size / block.sr
            self._recent.append((end_s, self.peak_db, clipped > 0))
            while self._recent and self._recent[0][0] < end_s - self.window_s:
                self._recent.popleft()

    def hint(self) -> str | None:
        """``CLIPPING`` if anything clipped lately, ``TOO_QUIET`` if nothing was loud lately."""
        with self._lock:
            recent = list(self._recent)
        if not recent:
            return None
        if any(c for _, _, c in recent):
            return CLIPPING
        covered = recent[-1][0] - recent[0][0]
        if covered >= self.window_s * 0.9 and max(p for _, p, _ in recent) < QUIET_DB:
            return TOO_QUIET
        return None
