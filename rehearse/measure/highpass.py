"""The recording without its rumble, read a stretch at a time so long files need no copy of it.

The filter is defined in the frequency domain over the whole recording, as if it repeated
end to start (one FFT of the whole signal). On a long recording that FFT and its float64
copies cost ~20 bytes per sample (1.1 GiB for an hour), so beyond ``WHOLE_MAX_SAMPLES`` the
same filter runs on overlapping segments of ``SEGMENT_FFT`` samples (overlap-save, with the
wrap-around at the file's ends kept): the part of its impulse response longer than
``MARGIN`` (1 s) is all that is lost. Measured on a 2-minute answer with a DC offset, the
two agree to 6e-8, the last bit of a float32 sample (1/16 s of margin: 3e-7).
"""

from __future__ import annotations

import numpy as np

RUMBLE_HZ = (40.0, 70.0)  # high-pass edge: nothing of a voice lies below, its 65 Hz+ pitch lives in harmonics
WHOLE_MAX_SAMPLES = 1 << 19  # 33 s at 16 kHz: up to this the whole file is filtered at once
SEGMENT_FFT = 1 << 17  # samples per FFT when filtering a long file by segments
MARGIN = 1 << 14  # samples read either side of a segment: 1 s, where the response has died away


def highpass(y: np.ndarray, *, sr: int, cutoff_hz: tuple[float, float] = RUMBLE_HZ) -> np.ndarray:
    """``y`` without its content below the speech band (DC, rumble, infrasonic drift).

    Done once on the whole signal in the frequency domain, with a raised-cosine edge from
    ``cutoff_hz[0]`` (gone) to ``cutoff_hz[1]`` (kept), which rings for less than a frame.
    Rumble far louder than the voice otherwise leaks through the window's sidelobes into the
    low speech bins of every frame, and its slow swell reads as sound in the pauses.
    """
    n = len(y)
    if n < 2:
        return y
    return _filtered(y.astype(np.float64), n, sr=sr, cutoff_hz=cutoff_hz).astype(np.float32)


def _gain(n: int, *, sr: int, cutoff_hz: tuple[float, float]) -> np.ndarray:
    f = np.fft.rfftfreq(n, 1 / sr)
    lo, hi = cutoff_hz
    gain = np.clip((f - lo) / (hi - lo), 0.0, 1.0)
    return 0.5 - 0.5 * np.cos(np.pi * gain)


def _filtered(x: np.ndarray, n: int, *, sr: int, cutoff_hz, gain: np.ndarray | None = None) -> np.ndarray:
    spec = np.fft.rfft(x)
    spec *= _gain(n, sr=sr, cutoff_hz=cutoff_hz) if gain is None else gain
    return np.fft.irfft(spec, n)


class HighPassed:
    """``highpass(y, sr=sr)`` as a read-only sequence: ``hp[a:b]`` filters only what it needs.

    Short recordings are filtered whole (exactly ``highpass``); long ones by segments at
    fixed places, so a sample's value does not depend on which stretch asked for it.
    """

    def __init__(self, y: np.ndarray, *, sr: int, cutoff_hz: tuple[float, float] = RUMBLE_HZ) -> None:
        self._y = y
        self._sr = sr
        self._cutoff = cutoff_hz
        self._whole = highpass(y, sr=sr, cutoff_hz=cutoff_hz) if len(y) <= WHOLE_MAX_SAMPLES else None
        self._step = SEGMENT_FFT - 2 * MARGIN
        self._gain = None if self._whole is not None else _gain(SEGMENT_FFT, sr=sr, cutoff_hz=cutoff_hz)
        self._cache: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._y)

    def reader(self) -> HighPassed:
        """Another reader of the same filtered signal, with a cache of its own: for another
        thread, or another stretch read meanwhile."""
        other = HighPassed.__new__(HighPassed)
        other.__dict__.update(self.__dict__)
        other._cache = {}
        return other

    def __getitem__(self, s: slice) -> np.ndarray:
        start, stop, step = s.indices(len(self._y))
        if step != 1:
            raise ValueError("HighPassed reads contiguous stretches only")
        if self._whole is not None:
            return self._whole[start:stop]
        if stop <= start:
            return np.zeros(0, np.float32)
        first, last = start // self._step, (stop - 1) // self._step
        parts = [self._segment(k) for k in range(first, last + 1)]
        out = parts[0] if len(parts) == 1 else np.concatenate(parts)
        return out[start - first * self._step:stop - first * self._step]

    def _segment(self, k: int) -> np.ndarray:
        if k not in self._cache:
            n = len(self._y)
            a = k * self._step
            # Indices wrap around the ends, as the whole-file FFT does.
            idx = np.arange(a - MARGIN, a + self._step + MARGIN) % n
            x = self._y[idx].astype(np.float64)
            out = _filtered(x, SEGMENT_FFT, sr=self._sr, cutoff_hz=self._cutoff, gain=self._gain)
            seg = out[MARGIN:MARGIN + min(self._step, n - a)].astype(np.float32)
            if len(self._cache) >= 2:  # readers move forward: the last two segments suffice
                del self._cache[min(self._cache)]
            self._cache[k] = seg
        return self._cache[k]
