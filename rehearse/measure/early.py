"""Pitch and glottal pulses computed while the answer is recorded, so that after Stop only its
first and last seconds remain.

After Stop the user waits for the signal features of the whole recording (0.55-0.7 s for a
2-minute answer, measured through the virtual microphone): pitch and pulses take half of
their 1.1 s of CPU, the spectrum the other half. Each frame's pitch and pulse value depends
only on the samples around it (``yin``, ``creak.pulse_aperiodicity``), and on the recording
high-passed by segments at fixed places (``highpass.HighPassed``), which, away from the
file's two ends, depend only on their own samples and a second either side. So a frame
whose reach lies in segments the recording has passed is computed here, from the audio fed
so far, to the same float as ``compute_features`` computes it from the saved file; the
first segment (the filter wraps around the file's ends there) and the last few seconds are
left for after Stop.

Whether what was fed is the saved file is checked, not assumed: ``known`` compares a CRC of
the samples read here with the recording's, and gives nothing if they differ.
"""

from __future__ import annotations

import logging
import threading
import zlib
from dataclasses import dataclass

import numpy as np

from rehearse.measure.features import HOP_S
from rehearse.measure.highpass import MARGIN, SEGMENT_FFT, WHOLE_MAX_SAMPLES

log = logging.getLogger(__name__)

SR = 16000
HOP = round(HOP_S * SR)  # samples between frames
REACH = 4000  # samples a frame's pitch or pulse value may read either side (0.25 s; they read < 0.1 s)
STEP = SEGMENT_FFT - 2 * MARGIN  # the high-pass filter's segments (HighPassed)
EVERY_S = 2.0  # look for frames to compute after this much new audio


@dataclass(frozen=True)
class Early:
    """Pitch (Hz, every frame: unvoiced is decided later) and pulse aperiodicity of
    ``frames``, computed from the first ``n_samples`` of the recording, whose float32 bytes
    have CRC-32 ``crc``."""

    frames: range
    f0_hz: np.ndarray
    pulse_ap: np.ndarray
    n_samples: int
    crc: int

    def known(self, y: np.ndarray, *, sr: int) -> Early | None:
        """Self, if ``y`` (the saved recording) is what was fed and frames still read as they
        did (a time limit can cut the file shorter than the stream); else None."""
        if sr != SR or len(self.frames) == 0 or len(y) < self.n_samples or y.dtype != np.float32:
            return None
        if self.frames.stop > _last_exact_frame(len(y)):
            return None
        if zlib.crc32(np.ascontiguousarray(y[:self.n_samples]).tobytes()) != self.crc:
            log.warning("the recording differs from the audio heard while recording: "
                        "its pitch is computed again")
            return None
        return self


def _first_exact_frame() -> int:
    # Segment 0 of the filter reads the file's end (wrap-around): frames reaching into it wait.
    return -(-(STEP + REACH) // HOP)


def _last_exact_frame(n: int) -> int:
    """The end of the frames whose values are final once ``n`` samples are known: their reach
    lies in segments whose own reach (``MARGIN``) is inside the audio."""
    if n <= WHOLE_MAX_SAMPLES:  # filtered whole: every sample depends on every other
        return 0
    stable_end = STEP * ((n - MARGIN) // STEP)
    return max(0, (stable_end - REACH) // HOP)


class EarlyFeatures:
    """``feed`` 16-kHz float32 blocks as they are recorded; ``finish`` stops and returns what
    was computed (``Early``), or None. A thread of its own computes frames as they become
    final, a few seconds behind the live edge."""

    def __init__(self) -> None:
        self._fed = _Fed()
        self._wake = threading.Condition()
        self._stopping = False
        self._from = _first_exact_frame()
        self._until = self._from  # frames [_from, _until) computed
        self._f0: list[np.ndarray] = []
        self._ap: list[np.ndarray] = []
        self._used = (0, 0)  # (samples, crc) of the audio the frames were computed from
        self._failed = False
        self._worker = threading.Thread(target=self._run, name="rehearse-early-features", daemon=True)
        self._worker.start()

    def feed(self, block: np.ndarray) -> None:
        if self._failed:  # nothing will read it: keep nothing
            return
        self._fed.append(np.asarray(block, np.float32).reshape(-1))
        with self._wake:
            self._wake.notify()

    def finish(self) -> Early | None:
        """Stop, once a computation under way is done (a few milliseconds)."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._worker.join()
        if self._failed or self._until == self._from:
            return None
        if len(self._f0) > 1:
            self._f0, self._ap = [np.concatenate(self._f0)], [np.concatenate(self._ap)]
        n, crc = self._used
        return Early(range(self._from, self._until), self._f0[0], self._ap[0], n, crc)

    def _run(self) -> None:
        looked = 0
        try:
            while True:
                with self._wake:
                    while not self._stopping and len(self._fed) - looked < EVERY_S * SR:
                        self._wake.wait(timeout=1.0)
                    if self._stopping:
                        return
                looked = len(self._fed)
                self._compute(self._fed.snapshot())
        except Exception as exc:  # the report computes every frame itself instead
            log.warning("features while recording failed: %s", exc)
            self._failed = True
            self._fed.forget_before(len(self._fed))

    def _compute(self, audio: _Stretch) -> None:
        from rehearse.measure.features import pitch_and_pulses
        from rehearse.measure.highpass import HighPassed

        until = _last_exact_frame(len(audio))
        if until - self._until < 2:  # a block of one frame sums in another order
            return
        f0, ap = pitch_and_pulses(audio, HighPassed(audio, sr=SR), sr=SR, frames=range(self._until, until))
        self._f0.append(f0)
        self._ap.append(ap)
        self._until = until
        self._used = (len(audio), audio.crc)
        # What the next frames may read: from their filter segment's reach on.
        self._fed.forget_before(STEP * (max(0, until * HOP - REACH) // STEP) - MARGIN)


class _Fed:
    """The audio fed so far: its end kept (blocks), its length and running CRC-32 whole."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._parts: list[tuple[int, np.ndarray]] = []  # (index of first sample, block)
        self._n = 0
        self._crc = 0

    def __len__(self) -> int:
        return self._n

    def append(self, block: np.ndarray) -> None:
        with self._lock:
            self._parts.append((self._n, block))
            self._n += len(block)
            self._crc = zlib.crc32(block.tobytes(), self._crc)

    def forget_before(self, sample: int) -> None:
        with self._lock:
            self._parts = [(a, b) for a, b in self._parts if a + len(b) > sample]

    def snapshot(self) -> _Stretch:
        with self._lock:
            return _Stretch(list(self._parts), self._n, self._crc)


class _Stretch:
    """The audio fed up to a moment, read like the whole recording (``len``, slices, and the
    contiguous index arrays ``HighPassed`` reads with) where it is still kept."""

    def __init__(self, parts: list[tuple[int, np.ndarray]], n: int, crc: int) -> None:
        self._parts, self._n, self.crc = parts, n, crc

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, key) -> np.ndarray:
        if isinstance(key, slice):
            a, b, step = key.indices(self._n)
            if step != 1:
                raise ValueError("contiguous stretches only")
        else:
            idx = np.asarray(key)
            a, b = int(idx[0]), int(idx[-1]) + 1
            if b - a != len(idx) or not 0 <= a <= b <= self._n:
                raise ValueError("contiguous stretches inside the audio only")
        if b <= a:
            return np.zeros(0, np.float32)
        pieces = [block[max(0, a - s):b - s] for s, block in self._parts if s < b and s + len(block) > a]
        if not self._parts or self._parts[0][0] > a:
            raise ValueError(f"samples from {a} are no longer kept")
        return np.concatenate(pieces)
