"""Creaky voice (vocal fry): a train of glottal pulses too slow and too irregular for pitch.

A speaker who runs out of breath on a hesitation often creaks: the corpus speaker's short
"uh"s are single glottal pulses 30-33 ms apart (sometimes one skipped), each ringing through
his formants (700, 1300, 2500, 3700 Hz). YIN on the waveform, from 65 Hz up, finds no pitch
there (the waveform of each pulse differs, and two periods need 66 ms), and the speech
network rates them under 0.22, so such an "uh" counted as silence. The pulses are plain in
the envelope, though: its self-similarity at 20-80 Hz is what this module measures.

Measured per frame as YIN's aperiodicity of the 1-kHz envelope of the pre-emphasised signal
(pre-emphasis keeps the formants each pulse excites and drops the room's rumble) over 120 ms,
at lags of 12.5-50 ms. Runs of at least 50 ms under ``PULSE_AP`` and above the silence
threshold, on the corpus, the synthetic, classes and long sets and the sweep (docs/accuracy.md,
round 8): 6-11 frames on every creaky "uh" of 0.12 s or more that had been missed; at most 2
in any true pause (room tone, breaths, clicks, keyboards, the chair's rumble, white and pink
noise, reverberant tails). Mains hum is periodic at 50 Hz in the envelope too, but steady, so the
noise subtraction leaves it under the silence threshold.
"""

from __future__ import annotations

import numpy as np

ENVELOPE_SR = 1000  # Hz: 1-ms bins, fine enough for pulses 12-50 ms apart
WINDOW_S = 0.12  # three or more periods of a 33 Hz creak
PULSE_HZ = (20.0, 80.0)  # glottal pulse rates of vocal fry
PULSE_AP = 0.5  # envelope aperiodicity under which a frame is a pulse train
MIN_PULSE_S = 0.05  # a run of pulse-train frames this long is a creaking voice


class _Envelope:
    """The 1-kHz envelope of ``y``, read by slices like an array, so that YIN reads only the
    bins its frames need (bounded memory) and each bin is the same whatever the slice."""

    def __init__(self, y, *, sr: int) -> None:
        self._y = y
        self._k = sr // ENVELOPE_SR
        self._n = len(y) // self._k

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, s: slice) -> np.ndarray:
        from rehearse.measure.features import read_padded

        a, b = s.start, s.stop
        k = self._k
        # One bin either side for the smoothing, one sample before for the pre-emphasis.
        x = read_padded(self._y, (a - 1) * k - 1, (b + 1) * k + 0, np.float32)
        d = np.diff(x)
        lo, hi = a - 1, b + 1
        e = np.sqrt(np.mean((d * d).reshape(hi - lo, k), axis=1))
        e[(np.arange(lo, hi) < 0) | (np.arange(lo, hi) >= self._n)] = 0.0
        return ((e[:-2] + e[1:-1] + e[2:]) / 3).astype(np.float32)


def pulse_aperiodicity(y, *, sr: int, hop_s: float, frames: range) -> np.ndarray:
    """Per frame in ``frames`` (centred at ``i * hop_s``): how far the envelope of ``y`` is
    from a train of pulses at 20-80 Hz (0 a clean train .. 1 none); shape ``(len(frames),)``."""
    from rehearse.measure.pitch import yin

    return yin(_Envelope(y, sr=sr), sr=ENVELOPE_SR, fmin_hz=PULSE_HZ[0], fmax_hz=PULSE_HZ[1],
               hop_s=hop_s, threshold=0.3, frames=frames, window_s=WINDOW_S)[1]
