"""Filled pauses (um, uh, er, hmm) found in the signal, whether or not Whisper wrote them.

A filled pause is a held, neutral vowel: the mouth does not move, so the spectrum stays
the same for 200 ms or more, where in words the formants move every 50-100 ms. It sits
between words, usually against a silence. "um" ends in a nasal: the mouth closes, and
the energy above 1 kHz falls away at its end; "uh" stays open.

Everything is measured against the recording itself (percentiles of its own sound
frames), not against constants tuned to one microphone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rehearse.features import Features
from rehearse.pauses import Segment, _runs, estimate_levels

MIN_FILLER_S = 0.2  # shorter steady stretches are ordinary long vowels
MAX_FILLER_S = 2.0  # a held "ummmm" can last over a second
STEADY_PERCENTILE = 25  # a frame is steady when its spectral change is in the recording's lowest quarter
SMOOTH_FRAMES = 7  # 70 ms: spectral change averaged over about one syllable nucleus
BRIDGE_FRAMES = 3  # steady runs this close (30 ms) are one stretch
SILENCE_NEAR_S = 0.15  # a silence this close before or after marks a stretch as standing apart
NASAL_DROP_DB = 2.0  # fall of the 1-4 kHz / low-band ratio from first to last third: "um"
MIN_CONFIDENCE = 0.75


@dataclass(frozen=True)
class FilledPause:
    start_s: float
    end_s: float
    kind: str  # "um" or "uh"
    confidence: float  # 0..1


def detect_filled_pauses(
    y: np.ndarray | None = None,
    *,
    sr: int,
    features: Features,
    regions: list[Segment] | None = None,
    word_spans_s: list[tuple[float, float]] = (),
    min_confidence: float = MIN_CONFIDENCE,
) -> list[FilledPause]:
    """Filled pauses in ``y`` (mono, shape ``(n,)``), from its precomputed ``features``.

    ``regions``: speech regions from ``pauses.speech_regions`` (silences bound fillers).
    ``word_spans_s``: (start, end) of transcribed non-filler words; a steady stretch that a
    word covers end to end is more likely a drawn-out word than a filler. ``y`` itself is
    not needed once ``features`` exist; it is accepted for the librosa-style signature.
    """
    from scipy.ndimage import uniform_filter1d

    f = features
    if f.spectral_change is None or f.speech_db is None or f.n_frames < 10:
        return []
    hop = f.hop_s
    levels = estimate_levels(f.speech_db)
    sound = f.speech_db > levels.threshold_db
    if regions is not None:
        inside = np.zeros(f.n_frames, dtype=bool)
        for r in regions:
            inside[f.frame_at(r.start_s):f.frame_at(r.end_s) + 1] = True
        sound &= inside
    if sound.sum() < 20:
        return []
    change = uniform_filter1d(f.spectral_change, SMOOTH_FRAMES, mode="nearest")
    steady_level = np.percentile(change[sound], STEADY_PERCENTILE)
    steady = sound & (change < steady_level)
    # Bridge tiny gaps (a pitch break, one noisy frame) inside a held vowel.
    gaps = [(a, b) for a, b in _runs(~steady) if b - a <= BRIDGE_FRAMES and a > 0 and b < len(steady)]
    for a, b in gaps:
        steady[a:b] = True
    out = []
    near = int(round(SILENCE_NEAR_S / hop))
    for a, b in _runs(steady):
        dur = (b - a) * hop
        if not MIN_FILLER_S <= dur <= MAX_FILLER_S:
            continue
        start, end = a * hop, b * hop
        apart = (not sound[max(0, a - near):a].all()) or (not sound[b:b + near].all())
        covered = any(ws <= start + 0.05 and we >= end - 0.05 for ws, we in word_spans_s)
        voiced = f.voiced[a:b]
        pitch_flat = True
        if voiced.mean() > 0.5:
            logf = np.log(f.f0_hz[a:b][voiced])
            pitch_flat = float(np.std(logf)) < 0.08  # a filler is said on one note
        steadiness = float(np.clip((steady_level - change[a:b].mean()) / max(steady_level, 1e-9) * 3, 0, 1))
        length = float(np.clip((dur - MIN_FILLER_S) / 0.3, 0, 1))
        conf = 0.3 + 0.25 * apart + 0.2 * length + 0.15 * steadiness + 0.1 * pitch_flat - 0.3 * covered
        conf = float(np.clip(conf, 0, 1))
        if conf < min_confidence:
            continue
        out.append(FilledPause(round(start, 3), round(end, 3), _kind(f, a, b), round(conf, 2)))
    return out


def _kind(f: Features, a: int, b: int) -> str:
    """"um" when the high band fades at the end (lips close), else "uh"."""
    third = max(1, (b - a) // 3)
    first = float(np.median(f.hf_ratio_db[a:a + third]))
    last = float(np.median(f.hf_ratio_db[b - third:b]))
    return "um" if first - last >= NASAL_DROP_DB else "uh"
