"""Pitch by YIN in plain numpy, at 8 kHz: what delivery and filler detection need, cheaply.

librosa's ``yin`` pulls in numba and scipy (seconds of import and JIT on every run) and
frames the signal at 16 kHz; voice pitch needs neither.
"""

from __future__ import annotations

import numpy as np

PITCH_SR = 8000  # Hz; voice fundamentals lie far below its 4 kHz Nyquist limit
WINDOW_S = 0.064  # two periods of the lowest voice
_BLOCK_FRAMES = 256  # frames per FFT batch: bounds memory on long recordings


def decimate_by_2(y: np.ndarray) -> np.ndarray:
    """Halve the sample rate: windowed-sinc low-pass at 0.45 x the new rate, then every 2nd sample."""
    taps = 63
    n = np.arange(taps) - (taps - 1) / 2
    cutoff = 0.45 * 0.5  # of the input rate
    h = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(taps)
    h /= h.sum()
    return np.convolve(y.astype(np.float32), h.astype(np.float32), mode="same")[::2]


def yin(
    y: np.ndarray,
    *,
    sr: int,
    fmin_hz: float = 65.0,
    fmax_hz: float = 400.0,
    hop_s: float = 0.01,
    threshold: float = 0.15,
    frames: range | None = None,
    window_s: float = WINDOW_S,
) -> tuple[np.ndarray, np.ndarray]:
    """Fundamental frequency per centred frame.

    Parameters
    ----------
    y : np.ndarray [shape=(n,)] mono audio at ``sr`` (16 kHz input is decimated to 8 kHz),
        or anything sliced like one (``y[a:b]``, ``len(y)``), of which only what ``frames``
        needs is read
    window_s : the analysis window (longer for slower periods, as ``rehearse.measure.creak``'s)
    frames : the frames wanted (frame ``i`` is centred at ``i * hop_s``); all by default.
        Each frame's value does not depend on which others are asked for.

    Returns
    -------
    f0_hz : np.ndarray [shape=(len(frames),)] pitch estimate of each frame
    aperiodicity : np.ndarray [shape=(len(frames),)] YIN's normalised difference at the
        chosen period: near 0 for a clean voiced frame, near 1 for noise or silence
    """
    frames = range(1 + len(y) // int(round(hop_s * sr))) if frames is None else frames
    halvings = 0
    while sr > PITCH_SR and sr % 2 == 0 and sr // 2 >= PITCH_SR:
        sr, halvings = sr // 2, halvings + 1
    hop = int(round(hop_s * sr))
    width = int(round(window_s * sr))
    tau_min = max(2, int(np.floor(sr / fmax_hz)))
    tau_max = min(width // 2, int(np.ceil(sr / fmin_hz)))
    inner = width - tau_max  # YIN's integration window
    nfft = 1 << int(np.ceil(np.log2(width + inner)))
    f0 = np.full(len(frames), np.nan)
    ap = np.ones(len(frames))
    for a in range(0, len(frames), _BLOCK_FRAMES):
        starts = np.asarray(frames[a:a + _BLOCK_FRAMES]) * hop - width // 2
        lo, hi = int(starts[0]), int(starts[-1]) + width
        x, x0, n = _decimated(y, lo, hi, halvings)
        # Zero outside the signal, as if it were padded with silence.
        padded = np.zeros(hi - lo, np.float32)
        padded[x0 - lo:x0 - lo + len(x)] = x
        block = padded[(starts - lo)[:, None] + np.arange(width)[None, :]]
        f0[a:a + len(starts)], ap[a:a + len(starts)] = _yin_frames(
            block, sr=sr, inner=inner, tau_min=tau_min, tau_max=tau_max, nfft=nfft,
            threshold=threshold)
    return f0, ap


def _decimated(y, lo: int, hi: int, halvings: int) -> tuple[np.ndarray, int, int]:
    """Samples [lo, hi) of ``y`` halved in rate ``halvings`` times, clipped to the signal:
    (samples, index of the first, length of the whole decimated signal).

    Each halving reads the filter's reach (31 samples) either side; at the signal's ends
    ``np.convolve`` sees the same edge as on the whole signal, so the values are the same.
    """
    if halvings == 0:
        a, b = max(lo, 0), min(hi, len(y))
        return np.asarray(y[a:max(a, b)], np.float32), a, len(y)
    x, x0, n = _decimated(y, 2 * lo - 32, 2 * hi + 32, halvings - 1)
    half = decimate_by_2(x)  # x0 is even, so x0 // 2 is the first one's index
    a, b = max(lo, 0), min(hi, (n + 1) // 2)
    return half[a - x0 // 2:max(a, b) - x0 // 2], a, (n + 1) // 2


def _yin_frames(frames, *, sr, inner, tau_min, tau_max, nfft, threshold):
    # Difference function d(tau) = E(0) + E(tau) - 2 r(tau), r by FFT cross-correlation.
    spec_full = np.fft.rfft(frames, nfft)
    spec_head = np.fft.rfft(frames[:, :inner], nfft)
    r = np.fft.irfft(np.conj(spec_head) * spec_full, nfft)[:, : tau_max + 1]
    sq = np.concatenate([np.zeros((len(frames), 1)), np.cumsum(frames**2, axis=1)], axis=1)
    taus = np.arange(tau_max + 1)
    energy_tau = sq[:, taus + inner] - sq[:, taus]
    d = np.maximum(energy_tau[:, :1] + energy_tau - 2 * r, 0.0)
    # Cumulative mean normalised difference.
    cum = np.cumsum(d[:, 1:], axis=1)
    cmnd = np.ones_like(d)
    with np.errstate(divide="ignore", invalid="ignore"):
        cmnd[:, 1:] = np.where(cum > 0, d[:, 1:] * taus[1:] / cum, 1.0)
    band = cmnd[:, tau_min:tau_max]
    # The first dip under the threshold that is a local minimum; else the global minimum.
    local_min = np.zeros_like(band, dtype=bool)
    local_min[:, 1:-1] = (band[:, 1:-1] <= band[:, :-2]) & (band[:, 1:-1] <= band[:, 2:])
    under = local_min & (band < threshold)
    first = np.where(under.any(axis=1), under.argmax(axis=1), band.argmin(axis=1))
    rows = np.arange(len(band))
    # Parabolic interpolation around the chosen lag for sub-sample precision.
    k = np.clip(first, 1, band.shape[1] - 2)
    left, mid, right = band[rows, k - 1], band[rows, k], band[rows, k + 1]
    denom = left - 2 * mid + right
    safe = np.where(np.abs(denom) > 1e-12, denom, 1.0)
    shift = np.where(np.abs(denom) > 1e-12, 0.5 * (left - right) / safe, 0.0)
    shift = np.where(first == k, np.clip(shift, -1, 1), 0.0)
    tau = tau_min + first + shift
    return sr / tau, np.clip(band[rows, first], 0.0, 1.0)
