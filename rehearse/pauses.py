"""Pauses measured from the signal against the recording's own noise floor."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rehearse.features import Features

MIN_PAUSE_S = 0.25
MIN_BURST_S = 0.06  # louder blips shorter than this inside a silence are clicks, not speech
LONG_PAUSE_S = 1.0
VERY_LONG_PAUSE_S = 2.0


@dataclass(frozen=True)
class Segment:
    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class Levels:
    """The recording's own loudness scale, from which the silence threshold follows."""

    noise_floor_db: float
    speech_level_db: float
    threshold_db: float


def estimate_levels(rms_db: np.ndarray) -> Levels:
    """Noise floor and speech level from the distribution of frame energies.

    A threshold relative to the loudest frame (librosa's ``top_db``) fails on noisy
    recordings; one between the recording's own floor and its speech level does not.
    """
    floor = float(np.percentile(rms_db, 5))
    speech = float(np.percentile(rms_db, 95))
    span = max(speech - floor, 0.0)
    # 35% of the way up from the floor, but at least 6 dB above it and 12 dB below speech.
    threshold = floor + max(6.0, 0.35 * span)
    threshold = min(threshold, speech - 12.0) if span > 18.0 else floor + span / 2
    return Levels(floor, speech, threshold)


def speech_regions(feats: Features, *, min_pause_s: float = MIN_PAUSE_S) -> list[Segment]:
    """Stretches of sound separated by silences of at least ``min_pause_s``."""
    levels = estimate_levels(feats.rms_db)
    if levels.speech_level_db - levels.noise_floor_db < 10.0:
        return []  # no frame stands out from the floor: silence or steady noise
    loud = feats.rms_db > levels.threshold_db
    runs = _runs(loud)
    hop = feats.hop_s
    half = feats.frame_s / 2
    # Drop clicks: short loud runs are not speech.
    min_burst = max(1, int(round(MIN_BURST_S / hop)))
    runs = [(a, b) for a, b in runs if b - a >= min_burst]
    regions: list[list[float]] = []
    for a, b in runs:
        # A frame is loud when any part of its window is: pull edges in by half a window.
        start = max(0.0, a * hop + half - hop / 2)
        end = min(feats.duration_s, (b - 1) * hop - half + hop / 2)
        if end <= start:
            start, end = a * hop, (b - 1) * hop
        if regions and start - regions[-1][1] < min_pause_s:
            regions[-1][1] = end
        else:
            regions.append([start, end])
    return [Segment(s, e) for s, e in regions]


def silences_between(regions: list[Segment]) -> list[Segment]:
    """The gaps between consecutive speech regions (leading/trailing silence excluded)."""
    return [Segment(a.end_s, b.start_s) for a, b in zip(regions, regions[1:])]


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) index pairs of the True runs in ``mask``."""
    if mask.size == 0:
        return []
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))
