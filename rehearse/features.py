"""Frame-level signal features, computed once per recording and shared by every analysis."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

HOP_S = 0.010  # 10 ms between frames
FRAME_S = 0.025  # 25 ms analysis window for energy
PITCH_FRAME_S = 0.064  # 64 ms window: two periods of a 65 Hz voice
FMIN_HZ = 65.0
FMAX_HZ = 400.0
DB_FLOOR = -100.0  # dBFS given to digital silence, so logs stay finite


@dataclass(frozen=True)
class Features:
    """Per-frame features on a common 10 ms grid; frame ``i`` is centred at ``i * hop_s``.

    rms_db : np.ndarray [shape=(n_frames,)] energy in dBFS over ``FRAME_S``.
    f0_hz : np.ndarray [shape=(n_frames,)] pitch estimate, NaN where unvoiced.
    flatness : np.ndarray [shape=(n_frames,)] spectral flatness (0 tonal .. 1 noise).
    """

    sr: int
    hop_s: float
    frame_s: float
    rms_db: np.ndarray
    f0_hz: np.ndarray
    flatness: np.ndarray
    duration_s: float

    @property
    def n_frames(self) -> int:
        return len(self.rms_db)

    def times_s(self) -> np.ndarray:
        return np.arange(self.n_frames) * self.hop_s

    def frame_at(self, t_s: float) -> int:
        return int(np.clip(round(t_s / self.hop_s), 0, self.n_frames - 1))


def frame_rms_db(y: np.ndarray, *, sr: int, frame_s: float = FRAME_S, hop_s: float = HOP_S) -> np.ndarray:
    """RMS energy in dBFS per centred frame; shape ``(1 + len(y) // hop,)``."""
    hop = int(round(hop_s * sr))
    frame = int(round(frame_s * sr))
    pad = frame // 2
    padded = np.pad(y.astype(np.float64), (pad, pad))
    n_frames = 1 + len(y) // hop
    # Cumulative sum of squares: O(n) framing without a (frames x window) copy.
    csum = np.concatenate(([0.0], np.cumsum(padded * padded)))
    starts = np.arange(n_frames) * hop
    ends = np.minimum(starts + frame, len(padded))
    power = (csum[ends] - csum[starts]) / frame
    return np.maximum(10.0 * np.log10(np.maximum(power, 1e-12)), DB_FLOOR)


def compute_features(y: np.ndarray, *, sr: int) -> Features:
    """Energy, pitch and spectral flatness for ``y`` (mono float32, shape ``(n,)``)."""
    import librosa

    hop = int(round(HOP_S * sr))
    rms_db = frame_rms_db(y, sr=sr)
    n = len(rms_db)
    pitch_frame = int(2 ** np.ceil(np.log2(PITCH_FRAME_S * sr)))
    if len(y) >= pitch_frame:
        f0 = librosa.yin(
            y, fmin=FMIN_HZ, fmax=FMAX_HZ, sr=sr, frame_length=pitch_frame,
            hop_length=hop, trough_threshold=0.1, center=True,
        )
        spec = np.abs(librosa.stft(y, n_fft=512, hop_length=hop, center=True))
        flat = librosa.feature.spectral_flatness(S=spec)[0]
    else:
        f0 = np.full(n, np.nan)
        flat = np.ones(n)
    f0 = _fit(f0, n)
    flat = _fit(flat, n)
    # YIN returns a pitch for every frame; keep it only where the frame is voiced:
    # loud enough and tonal (noise and breath are spectrally flat).
    voiced = (flat < 0.3) & (rms_db > np.percentile(rms_db, 20) + 6.0)
    f0 = np.where(voiced & (f0 > FMIN_HZ * 1.01) & (f0 < FMAX_HZ * 0.99), f0, np.nan)
    return Features(sr, HOP_S, FRAME_S, rms_db, f0, flat, len(y) / sr)


def _fit(a: np.ndarray, n: int) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    if len(a) >= n:
        return a[:n]
    return np.pad(a, (0, n - len(a)), mode="edge")
