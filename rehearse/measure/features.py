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
MAX_PITCH_STEP = 0.12  # log-pitch change per 10 ms frame that a voice can make (~12%)
STEADY_NOTE_STD = 0.08  # std of log pitch (~8%) within which a voice holds one note
MIN_VOICED_RUN = 4  # frames: voicing shorter than 40 ms is noise
N_FFT = 512  # 32 ms at 16 kHz: spectral features
NOISE_PERCENTILE = 20  # per frequency bin, the 20th percentile over time is the noise
NOISE_PERCENTILE_TO_MEAN = 1.3  # mean / 20th percentile of power averaged over 15 cells
RUMBLE_HZ = (40.0, 70.0)  # high-pass edge: nothing of a voice lies below, its 65 Hz+ pitch lives in harmonics
SPEECH_BAND_HZ = (80.0, 7600.0)  # where speech energy is: above rumble, below the anti-alias roll-off
NOISE_OVERSUBTRACT = 2.0  # subtract twice the mean noise power: its fluctuation stays below


@dataclass(frozen=True)
class Features:
    """Per-frame features on a common 10 ms grid; frame ``i`` is centred at ``i * hop_s``.

    rms_db : np.ndarray [shape=(n_frames,)] energy in dBFS over ``FRAME_S``.
    f0_hz : np.ndarray [shape=(n_frames,)] pitch estimate, NaN where unvoiced.
    flatness : np.ndarray [shape=(n_frames,)] spectral flatness (0 tonal .. 1 noise).
    speech_db : np.ndarray [shape=(n_frames,)] energy above the recording's steady noise
        spectrum (fan, hiss, hum subtracted bin by bin), on the dBFS scale of ``rms_db``.
    hf_ratio_db : np.ndarray [shape=(n_frames,)] energy 1-4 kHz over energy 80 Hz-1 kHz;
        low in a nasal "mm" (the mouth is closed), higher in an open vowel.
    spectral_change : np.ndarray [shape=(n_frames,)] distance between the log spectra of
        neighbouring frames (0 = steady), small through a held vowel or hum.
    speech_prob : np.ndarray [shape=(n_frames,)] how speech-like the moment sounds (0..1),
        from a speech detection network (``rehearse.speech.vad``); None where it could not run.
    """

    sr: int
    hop_s: float
    frame_s: float
    rms_db: np.ndarray
    f0_hz: np.ndarray
    flatness: np.ndarray
    duration_s: float
    speech_db: np.ndarray | None = None
    hf_ratio_db: np.ndarray | None = None
    spectral_change: np.ndarray | None = None
    speech_prob: np.ndarray | None = None

    @property
    def voiced(self) -> np.ndarray:
        return ~np.isnan(self.f0_hz)

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


def compute_features(y: np.ndarray, *, sr: int, vad_probs: np.ndarray | None = None) -> Features:
    """Energy, pitch and spectral flatness for ``y`` (mono float32, shape ``(n,)``).

    Plain numpy throughout: librosa's ``yin`` and scipy would cost seconds of import and
    JIT compilation on every run, next to a transcription that takes a few seconds.
    ``vad_probs``: the speech probabilities of ``y`` if already computed while recording.
    """
    from rehearse.speech import vad
    from rehearse.measure.pitch import yin

    raw = y  # the speech network was trained on unfiltered audio
    hop = int(round(HOP_S * sr))
    y = highpass(y, sr=sr)
    rms_db = frame_rms_db(y, sr=sr)
    n = len(rms_db)
    if len(y) >= int(PITCH_FRAME_S * sr):
        from concurrent.futures import ThreadPoolExecutor

        # Pitch and the spectrum are independent and numpy releases the GIL in both: on
        # two cores they take half the time, which the user waits for after recording.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pitch = pool.submit(yin, y, sr=sr, fmin_hz=FMIN_HZ, fmax_hz=FMAX_HZ, hop_s=HOP_S,
                                threshold=0.1)
            if vad_probs is None:
                vad_probs = vad.speech_probability(raw, sr=sr)
            spec = stft_magnitude(y, n_fft=N_FFT, hop=hop)
            power = np.maximum(spec.astype(np.float64) ** 2, 1e-10)
            flat = np.exp(np.mean(np.log(power), axis=0)) / np.mean(power, axis=0)
            speech_db, hf_db, change = _spectral_tracks(spec, rms_db=_fit(rms_db, spec.shape[1]), sr=sr)
            f0, _ = pitch.result()
    else:
        f0 = np.full(n, np.nan)
        flat = np.ones(n)
        speech_db, hf_db, change = rms_db.copy(), np.zeros(n), np.zeros(n)
    f0 = _fit(f0, n)
    flat = _fit(flat, n)
    speech_db, hf_db, change = _fit(speech_db, n), _fit(hf_db, n), _fit(change, n)
    # YIN returns a pitch for every frame; keep it only where the frame is voiced:
    # loud enough and tonal (noise and breath are spectrally flat).
    voiced = (flat < 0.3) & (rms_db > np.percentile(rms_db, 20) + 6.0)
    voiced &= (f0 > FMIN_HZ * 1.01) & (f0 < FMAX_HZ * 0.99)
    voiced = _steady_pitch(f0, voiced)
    f0 = np.where(voiced, f0, np.nan)
    prob = None if vad_probs is None else vad.on_frames(vad_probs, n_frames=n, hop_s=HOP_S)
    return Features(sr, HOP_S, FRAME_S, rms_db, f0, flat, len(y) / sr, speech_db, hf_db, change, prob)


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
    spec = np.fft.rfft(y.astype(np.float64))
    f = np.fft.rfftfreq(n, 1 / sr)
    lo, hi = cutoff_hz
    gain = np.clip((f - lo) / (hi - lo), 0.0, 1.0)
    spec *= 0.5 - 0.5 * np.cos(np.pi * gain)
    return np.fft.irfft(spec, n).astype(np.float32)


def stft_magnitude(y: np.ndarray, *, n_fft: int, hop: int) -> np.ndarray:
    """|STFT| with a periodic Hann window on zero-padded, centred frames.

    Returns shape ``(1 + n_fft // 2, 1 + len(y) // hop)``, as ``librosa.stft`` would.
    """
    n_frames = 1 + len(y) // hop
    padded = np.pad(y.astype(np.float32), (n_fft // 2, n_fft // 2 + hop))
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)).astype(np.float32)
    out = np.empty((1 + n_fft // 2, n_frames), np.float32)
    for a in range(0, n_frames, 2048):  # batches bound the memory of long recordings
        idx = np.arange(a, min(a + 2048, n_frames)) * hop
        frames = padded[idx[:, None] + np.arange(n_fft)[None, :]] * window
        out[:, a:a + len(idx)] = np.abs(np.fft.rfft(frames, axis=1)).T
    return out


def box_mean(a: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Mean over a ``size`` box around each cell, edges repeated (scipy's uniform_filter, mode="nearest")."""
    out = np.asarray(a, dtype=np.float64)
    for axis, width in enumerate(size):
        if width <= 1:
            continue
        pad = [(0, 0)] * out.ndim
        pad[axis] = (width // 2, (width - 1) // 2)
        padded = np.pad(out, pad, mode="edge")
        n = out.shape[axis]
        views = [padded[(slice(None),) * axis + (slice(k, k + n),)] for k in range(width)]
        # A sum of shifted views, in place: the boxes here are a few cells wide.
        acc = views[0].copy()
        for view in views[1:]:
            acc += view
        acc /= width
        out = acc
    return out


def _spectral_tracks(spec: np.ndarray, *, rms_db: np.ndarray, sr: int):
    """Noise-subtracted energy, high/low band ratio and spectral change from one STFT.

    ``spec``: magnitudes, shape ``(1 + N_FFT // 2, n_frames)``. The noise spectrum is the
    mean power of the quietest frames; subtracting it (twice over, so that its random
    fluctuation does not pass for sound) removes steady hiss, fan noise and mains hum while
    speech, which is far above the noise in some bins, keeps its energy.
    """
    power = spec.astype(np.float64) ** 2
    # Smooth over 5 bins and 3 frames before subtracting: per-bin noise power is
    # exponentially distributed, and averaging 15 cells shrinks its spread ~4x, so that
    # coloured noise (pink, fan) with few dominant bins leaves no residue that passes for sound.
    smooth = box_mean(power, (5, 3))
    freqs = np.arange(power.shape[0]) * sr / N_FFT
    total = power.sum(axis=0)
    # Per bin, the level it sits at most of the time: a low percentile over time. Choosing
    # "quiet frames" by total energy instead would pick frames where the few loud bins of
    # coloured noise happened to dip, and underestimate the noise.
    noise = np.percentile(smooth, NOISE_PERCENTILE, axis=1, keepdims=True) * NOISE_PERCENTILE_TO_MEAN
    # Only the band speech occupies counts: below ~80 Hz there is no voice (the lowest
    # pitch is 65 Hz, and its energy sits in the harmonics above), only rumble, mains hum
    # and the slow drift of pink/traffic noise, which wanders too much for a percentile to
    # model and would pass for sound.
    in_band = (freqs >= SPEECH_BAND_HZ[0]) & (freqs < SPEECH_BAND_HZ[1])
    excess = np.maximum(smooth[in_band] - NOISE_OVERSUBTRACT * noise[in_band], 0.0).sum(axis=0)
    # Put the excess on the dBFS scale of rms_db: the two agree on loud frames.
    total_db = 10 * np.log10(np.maximum(total, 1e-20))
    loud = rms_db > np.percentile(rms_db, 80)
    offset = float(np.median(rms_db[loud] - total_db[loud])) if loud.any() else 0.0
    speech_db = np.maximum(10 * np.log10(np.maximum(excess, 1e-20)) + offset, DB_FLOOR)
    low = power[(freqs >= 80) & (freqs < 1000)].sum(axis=0)
    high = power[(freqs >= 1000) & (freqs < 4000)].sum(axis=0)
    hf_db = 10 * np.log10((high + 1e-12) / (low + 1e-12))
    # Spectral change on a coarse, smoothed spectrum (~300 Hz bands, where formants live):
    # fine bins change with every noise fluctuation, formant shapes only when the mouth moves.
    band = (freqs >= 100) & (freqs < 3000)
    coarse = np.log(box_mean(smooth[band], (9, 1))[::9] + 1e-10)
    coarse -= coarse.mean(axis=0, keepdims=True)  # shape, not loudness
    change = np.zeros(power.shape[1])
    change[2:] = np.sqrt(np.mean((coarse[:, 2:] - coarse[:, :-2]) ** 2, axis=0))
    return speech_db, hf_db, change


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) index pairs of the True runs in ``mask``."""
    if mask.size == 0:
        return []
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _steady_pitch(f0: np.ndarray, voiced: np.ndarray) -> np.ndarray:
    """Voiced frames whose pitch continues smoothly for at least ``MIN_VOICED_RUN`` frames.

    YIN finds a "pitch" in breath and clicks too, but it jumps from frame to frame there;
    a voice glides.
    """
    step = np.abs(np.diff(np.log(np.where(voiced, f0, 1.0))))
    smooth = np.concatenate(([False], step < MAX_PITCH_STEP)) & voiced
    smooth[:-1] |= np.concatenate((step < MAX_PITCH_STEP, [False]))[:-1] & voiced[:-1]
    smooth &= voiced
    out = np.zeros_like(smooth)
    for a, b in true_runs(smooth):  # runs, not frames: a few hundred per minute
        if b - a >= MIN_VOICED_RUN:
            out[a:b] = True
    return out


def _fit(a: np.ndarray, n: int) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    if len(a) >= n:
        return a[:n]
    return np.pad(a, (0, n - len(a)), mode="edge")
