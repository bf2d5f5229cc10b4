"""Delivery from the signal: pitch variation (monotone?) and loudness consistency."""

from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the report's dataclasses are read by `show` and `history`: no numpy there
    import numpy as np

    from rehearse.measure.features import Features

MONOTONE_SEMITONES = 2.0  # pitch spread below this sounds flat
LOUDNESS_WINDOW_S = 1.0
UNEVEN_LOUDNESS_DB = 6.0


@dataclass(frozen=True)
class Delivery:
    median_pitch_hz: float | None
    pitch_variation_semitones: float | None  # std of pitch around its median
    monotone: bool
    loudness_db: float | None  # median speech loudness, dBFS
    loudness_variation_db: float | None  # std of 1-s speech loudness
    trailing_off_db: float | None  # last fifth of the answer against the rest (negative: quieter)
    uneven_volume: bool


def measure_delivery(feats: Features, *, speech_mask: np.ndarray) -> Delivery:
    """``speech_mask``: boolean per frame, True inside speech regions."""
    import numpy as np

    f0 = feats.f0_hz[speech_mask]
    f0 = f0[np.isfinite(f0)]
    if len(f0) >= 50:  # half a second of voiced frames
        median = float(np.median(f0))
        semis = 12.0 * np.log2(f0 / median)
        # Clip octave errors of the tracker rather than let them inflate the spread.
        semis = semis[np.abs(semis) < 12.0]
        spread = float(np.std(semis))
        pitch, variation = round(median, 1), round(spread, 2)
    else:
        pitch = variation = None
    levels = _windowed_levels(feats, speech_mask)
    if len(levels) >= 2:
        loud = round(float(np.median(levels)), 1)
        var = round(float(np.std(levels)), 1)
        tail = max(1, len(levels) // 5)
        trailing = round(float(np.mean(levels[-tail:]) - np.mean(levels[:-tail])), 1) if len(levels) >= 5 else None
    else:
        loud = round(float(np.median(feats.rms_db[speech_mask])), 1) if speech_mask.any() else None
        var = trailing = None
    uneven = (var is not None and var > UNEVEN_LOUDNESS_DB) or (trailing is not None and trailing < -UNEVEN_LOUDNESS_DB)
    return Delivery(pitch, variation, variation is not None and variation < MONOTONE_SEMITONES,
                    loud, var, trailing, bool(uneven))


def _windowed_levels(feats: Features, speech_mask: np.ndarray) -> np.ndarray:
    """Mean speech loudness (dB of mean power) per second that holds enough speech."""
    import numpy as np

    per = int(round(LOUDNESS_WINDOW_S / feats.hop_s))
    out = []
    for a in range(0, feats.n_frames, per):
        m = speech_mask[a:a + per]
        if m.sum() >= per // 3:
            power = np.mean(10 ** (feats.rms_db[a:a + per][m] / 10))
            out.append(10 * np.log10(power))
    return np.array(out)
