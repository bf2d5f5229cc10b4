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

from rehearse.measure.features import STEADY_NOTE_STD, Features, box_mean, true_runs
from rehearse.measure.pauses import Segment, estimate_levels, regions_mask

MIN_FILLER_S = 0.2  # shorter steady stretches are ordinary long vowels
MAX_FILLER_S = 2.0  # a held "ummmm" can last over a second
STEADY_PERCENTILE = 25  # a frame is steady when its spectral change is in the recording's lowest quarter
SMOOTH_FRAMES = 7  # 70 ms: spectral change averaged over about one syllable nucleus
BRIDGE_FRAMES = 3  # steady runs this close (30 ms) are one stretch
SILENCE_NEAR_S = 0.15  # a silence this close before or after marks a stretch as standing apart
NASAL_DROP_DB = 2.0  # fall of the 1-4 kHz / low-band ratio from first to last third: "um"
MIN_CONFIDENCE = 0.75
LOUD_DB, QUIET_DB = 10.0, 25.0  # a stretch this far below the speech level is fully / not at all vocal
VOCAL_WEIGHT = 0.4  # share of the confidence that hangs on the stretch being voiced and loud
JOIN_GAP_S = 0.1  # steady stretches this close are one filler: "um" breaks where the vowel turns nasal
WORD_BASE_S, WORD_PER_LETTER_S = 0.2, 0.1  # longest a word takes, even said slowly: 0.5 s for "the"
WORD_OVERLAP_PENALTY = 0.45  # confidence lost when Whisper heard a sure word over the whole stretch
BODY_DB = 15.0  # a hesitation's body: its frames within this of its loudest, not the quiet at its edges
ONSET_RISE_DB = 6.0  # a level rising this far out of a dip late in a hesitation's span: the next word's onset


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
    ``word_spans_s``: (start, end[, probability[, text]]) of transcribed non-filler
    words. A steady stretch that words cover is more likely a drawn-out vowel of a word
    ("in" before "half", a sentence-final "words") than a filler, the more so the surer
    Whisper was of those words: confidence falls with the probability-weighted share of
    the stretch that words cover. ``y`` itself is
    not needed once ``features`` exist; it is accepted for the librosa-style signature.
    """
    f = features
    if f.spectral_change is None or f.speech_db is None or f.n_frames < 10:
        return []
    hop = f.hop_s
    levels = estimate_levels(f.speech_db)
    sound = f.speech_db > levels.threshold_db
    if regions is not None:
        sound &= regions_mask(f, regions)
    if sound.sum() < 20:
        return []
    change = box_mean(f.spectral_change, (SMOOTH_FRAMES,))
    steady_level = np.percentile(change[sound], STEADY_PERCENTILE)
    steady = sound & (change < steady_level)
    # Bridge tiny gaps (a pitch break, one noisy frame) inside a held vowel.
    gaps = [(a, b) for a, b in true_runs(~steady) if b - a <= BRIDGE_FRAMES and a > 0 and b < len(steady)]
    for a, b in gaps:
        steady[a:b] = True
    out = []
    near = int(round(SILENCE_NEAR_S / hop))
    spans_near = _SpansNear(word_spans_s)
    for a, b in _joined(true_runs(steady), max_gap=int(round(JOIN_GAP_S / hop))):
        dur = (b - a) * hop
        if not MIN_FILLER_S <= dur <= MAX_FILLER_S:
            continue
        start, end = a * hop, b * hop
        apart = (not sound[max(0, a - near):a].all()) or (not sound[b:b + near].all())
        covered = _word_cover(start, end, spans_near(start, end))
        voiced = f.voiced[a:b]
        pitch_flat = True
        if voiced.mean() > 0.5:
            logf = np.log(f.f0_hz[a:b][voiced])
            pitch_flat = float(np.std(logf)) < STEADY_NOTE_STD  # a filler is said on one note
        steadiness = float(np.clip((steady_level - change[a:b].mean()) / max(steady_level, 1e-9) * 3, 0, 1))
        length = float(np.clip((dur - MIN_FILLER_S) / 0.3, 0, 1))
        conf = 0.3 + 0.25 * apart + 0.2 * length + 0.15 * steadiness + 0.1 * pitch_flat - WORD_OVERLAP_PENALTY * covered
        # A filled pause is vocalized: voiced, and near the speaker's own level. A steady
        # breath, hiss or room noise in a pause is neither; a creaky "uh" keeps its level
        # but loses pitch, so half the frames voiced already counts fully.
        voicing = float(np.clip(voiced.mean() / 0.5, 0, 1))
        rel_db = float(np.median(f.speech_db[a:b])) - levels.speech_level_db
        loudness = float(np.clip((rel_db + QUIET_DB) / (QUIET_DB - LOUD_DB), 0, 1))
        conf *= 1 - VOCAL_WEIGHT + VOCAL_WEIGHT * min(voicing, loudness)
        conf = float(np.clip(conf, 0, 1))
        if conf < min_confidence:
            continue
        out.append(FilledPause(round(start, 3), round(end, 3), _kind(f, a, b), round(conf, 2)))
    return out


def _joined(runs: list[tuple[int, int]], *, max_gap: int) -> list[tuple[int, int]]:
    """Runs closer than ``max_gap`` frames joined into one."""
    out: list[list[int]] = []
    for a, b in runs:
        if out and a - out[-1][1] <= max_gap:
            out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


class _SpansNear:
    """The spans (in time order) that can overlap [start, end], in their order: the others
    add exactly 0.0 to ``_word_cover``, and visiting every word for every stretch made an
    hour's answer take a minute."""

    def __init__(self, spans) -> None:
        import bisect

        self._spans = list(spans)
        self._starts = [s[0] for s in self._spans]
        self._ordered = self._starts == sorted(self._starts)
        self._longest = max((s[1] - s[0] for s in self._spans), default=0.0)
        self._bisect = bisect.bisect_left

    def __call__(self, start: float, end: float) -> list:
        if not self._ordered:
            return self._spans
        # A span starting before start - longest ends before start.
        lo = self._bisect(self._starts, start - self._longest - 1.0)
        hi = self._bisect(self._starts, end + 1.0)
        return self._spans[lo:hi]


def _word_cover(start: float, end: float, spans) -> float:
    """Share of [start, end] covered by words, each weighted by Whisper's probability (0..1).

    Whisper stretches a word's span over a neighbouring silence or filler, but then it is
    seldom sure of the word; a confident word over the stretch means the stretch is that word.
    """
    dur = max(end - start, 1e-9)
    total = 0.0
    for span in spans:
        ws, we = span[0], span[1]
        p = span[2] if len(span) > 2 else 1.0
        n_letters = len(span[3]) if len(span) > 3 else 0
        if n_letters:
            # A span far longer than the word could take ("the" over 1.3 s) holds something
            # else too, a silence or a filler: its word explains only that share of it.
            p *= min(1.0, (WORD_BASE_S + WORD_PER_LETTER_S * n_letters) / max(we - ws, 1e-9))
        total += max(0.0, min(end, we) - max(start, ws)) / dur * p
    return min(total, 1.0)


def _kind(f: Features, a: int, b: int) -> str:
    """"um" when the high band fades at the end (lips close), else "uh"."""
    return "um" if end_fall_db(f, a, b) >= NASAL_DROP_DB else "uh"


def end_fall_db(f: Features, a: int, b: int) -> float:
    """How far the high band (over the low) falls from the first third of frames [a, b) to
    the last: an "um"'s lips close on it, an "uh" stays open (negative: it rises)."""
    third = max(1, (b - a) // 3)
    return float(np.median(f.hf_ratio_db[a:a + third]) - np.median(f.hf_ratio_db[b - third:b]))


def nasal_end_db(f: Features, a: int, b: int) -> float | None:
    """How nasal the last third of the body of frames [a, b) sounds (``Features.nasal_db``):
    high where the lips have closed on an "um", low where an "uh" is still open (the line
    between them: ``analysis.NASAL_LINE_DB``). None for a span under three frames.

    The span is read up to the next word's onset (``_before_onset``): a hesitation glued to
    the word after it is often found 30-110 ms late, running into that word, whose louder
    onset then became the body ("phones. Um, I shared": the "m" at 13.96-14.02 s, 15-18 dB
    nasal, left out, the "I" at 14.08 s read). On the development sets' 330 hesitations found
    on true ones, the close read this way is on the right side of the line for 319 (96.7 %),
    against 300 (90.9 %) over the whole span; on the true spans, 328."""
    if f.nasal_db is None or b - a < 3:
        return None
    b = _before_onset(f, a, b)
    level = f.rms_db[a:b]
    body = np.flatnonzero(level >= level.max() - BODY_DB)
    lo, hi = a + body[0], a + body[-1] + 1
    third = max(2, (hi - lo) // 3)
    return float(np.median(f.nasal_db[max(lo, hi - third):hi]))


def _before_onset(f: Features, a: int, b: int) -> int:
    """The end of frames [a, b) before a word's onset in it: the quietest frame of the last
    two thirds, if the level after it rises ``ONSET_RISE_DB`` out of it (the closure of an
    "um"'s lips, the gap before the next word); else ``b``. A hesitation's own level only
    falls to its end."""
    lo = a + max(1, (b - a) // 3)
    if b - lo < 3:
        return b
    k = lo + int(np.argmin(f.rms_db[lo:b]))
    return k + 1 if k + 1 < b and f.rms_db[k:b].max() - f.rms_db[k] >= ONSET_RISE_DB else b
