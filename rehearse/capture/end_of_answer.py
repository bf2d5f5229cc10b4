"""When an answer is over: a silence of ``end_silence_s`` after at least ``min_speech_s`` of it.

A capture listener, called with every block on the audio thread. It judges sound the way
the live transcriber judges where to cut (``capture.live.find_cut``): 10-ms frame energies
against the threshold ``measure.pauses.estimate_levels`` finds between the recent noise
floor and speech level, and a run of sound counts only once it outlasts a click
(``MIN_BURST_S``). Energy, not the speech network: the network's level is only known once
the recording ends (``speech.vad.LevelledStream``), and a pause needs no more than energy.
"""

from __future__ import annotations

import threading
from collections import deque

import numpy as np

from rehearse.measure.features import DB_FLOOR, HOP_S
from rehearse.measure.pauses import MIN_BURST_S, estimate_levels

MIN_SPEECH_S = 10.0  # an answer shorter than this is not over at its first silence
END_SILENCE_S = 3.0
CONTEXT_S = 30.0  # the floor and speech level come from this much recent audio
MIN_SNR_DB = 12.0  # sound must stand this far above the floor (room tone alone has no speech level)


class EndOfAnswer:
    """Call with each ``Block``; ``over`` turns True when the answer has ended."""

    def __init__(self, *, end_silence_s: float = END_SILENCE_S, min_speech_s: float = MIN_SPEECH_S):
        self.end_silence_s, self.min_speech_s = end_silence_s, min_speech_s
        self._recent: deque[float] = deque(maxlen=int(CONTEXT_S / HOP_S))
        self._lock = threading.Lock()
        self._run = 0  # loud frames in a row, up to now
        self._frames = 0  # frames seen
        self._first: int | None = None  # frame where speech began
        self._last: int | None = None  # frame after the last loud one
        self._burst = max(1, int(round(MIN_BURST_S / HOP_S)))

    def __call__(self, block) -> None:
        hop = max(1, int(round(HOP_S * block.sr)))
        x = block.pcm[: len(block.pcm) // hop * hop].astype(np.float32).reshape(-1, hop) / 32768.0
        if x.size == 0:
            return
        db = 10 * np.log10(np.maximum(np.mean(x * x, axis=1), 10 ** (DB_FLOOR / 10)))
        with self._lock:
            self._recent.extend(db.tolist())
            levels = estimate_levels(np.fromiter(self._recent, float, len(self._recent)))
            loud = db > max(levels.threshold_db, levels.noise_floor_db + MIN_SNR_DB)
            for is_loud in loud:
                self._frames += 1
                self._run = self._run + 1 if is_loud else 0
                if self._run >= self._burst:
                    if self._first is None:
                        self._first = self._frames - self._run
                    self._last = self._frames

    @property
    def speech_s(self) -> float:
        """From the first sound to the last, so far."""
        with self._lock:
            return 0.0 if self._first is None else (self._last - self._first) * HOP_S

    @property
    def silence_s(self) -> float:
        """Since the last sound (or since the start, before any)."""
        with self._lock:
            return (self._frames - (self._last or 0)) * HOP_S

    @property
    def over(self) -> bool:
        return self.speech_s >= self.min_speech_s and self.silence_s >= self.end_silence_s
