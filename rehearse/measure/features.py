"""Frame-level signal features, computed once per recording and shared by every analysis."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from rehearse.measure.highpass import RUMBLE_HZ, HighPassed, highpass  # noqa: F401  (public here too)
from rehearse.measure.row_percentile import RowPercentile, SegmentPercentiles

if TYPE_CHECKING:
    from rehearse.measure.early import Early

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
SPEECH_BAND_HZ = (80.0, 7600.0)  # where speech energy is: above rumble, below the anti-alias roll-off
HISS_CLEAR_DB = -6.0  # the sibilance is read where the hiss left above 4 kHz is at least this much of that band's noise
NOISE_OVERSUBTRACT = 2.0  # subtract twice the mean noise power: its fluctuation stays below
BLOCK_FRAMES = 512  # frames computed at a time (5 s): bounds the features' working memory (~45 MiB)
CONTEXT_FRAMES = 4  # a frame's spectral tracks read the spectra up to 3 frames before it and 1 after
NOISE_SEGMENT_FRAMES = 1000  # 10 s: recordings longer than ONE_NOISE_FRAMES get a noise spectrum per segment...
NOISE_WINDOW_SEGMENTS = 3  # ... the median of its own and its neighbours' (see _spectral_tracks)
ONE_NOISE_FRAMES = NOISE_SEGMENT_FRAMES * NOISE_WINDOW_SEGMENTS  # up to 30 s: one spectrum for the whole recording
REJECTED_PROB = 0.2  # voicing the speech network rates under this throughout is heard again afresh
# (``pauses.NOT_SPEECH_PROB``: sound it never rates this likely is not speech)


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
    nasal_db : np.ndarray [shape=(n_frames,)] energy 80-400 Hz over energy 400 Hz-1 kHz:
        high in a nasal murmur (one low resonance, the first formant gone), low in the open
        vowel of "uh", whose first formant lies at 500-800 Hz.
    spectral_change : np.ndarray [shape=(n_frames,)] distance between the log spectra of
        neighbouring frames (0 = steady), small through a held vowel or hum.
    speech_prob : np.ndarray [shape=(n_frames,)] how speech-like the moment sounds (0..1),
        from a speech detection network (``rehearse.speech.vad``); None where it could not run.
    pulse_ap : np.ndarray [shape=(n_frames,)] how far the envelope is from a train of glottal
        pulses at 20-80 Hz (0 a clean train .. 1 none): a creaking voice that has no pitch
        (``rehearse.measure.creak``).
    fresh_prob : np.ndarray [shape=(n_frames,)] over each voiced stretch the network rated
        under ``REJECTED_PROB``, what it rates it heard from a fresh state (``vad.heard_afresh``);
        NaN elsewhere. None where the network could not run.
    sibilance_db : np.ndarray [shape=(n_frames,)] energy above the noise at 4-7.6 kHz over
        that at 1-4 kHz: high in a hiss of the teeth (a final "s"), low in a breath, whose
        noise the open vocal tract shapes like a vowel's, under 4 kHz.
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
    pulse_ap: np.ndarray | None = None
    fresh_prob: np.ndarray | None = None
    nasal_db: np.ndarray | None = None
    sibilance_db: np.ndarray | None = None

    @functools.cached_property
    def voiced(self) -> np.ndarray:
        # Read per run and per frame by the pause rules (1,655 times for a 10-minute answer):
        # computed anew each time, it grew with the square of the length (speech_regions on
        # an hour: 1.7 s, 0.8 s once). Read-only, so that no caller can change it for the others.
        out = ~np.isnan(self.f0_hz)
        out.setflags(write=False)
        return out

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


def compute_features(y: np.ndarray, *, sr: int, vad_probs: np.ndarray | None = None,
                     block_frames: int | None = BLOCK_FRAMES, early: Early | None = None) -> Features:
    """Energy, pitch and spectral flatness for ``y`` (mono float32, shape ``(n,)``).

    Plain numpy throughout: librosa's ``yin`` and scipy would cost seconds of import and
    JIT compilation on every run, next to a transcription that takes a few seconds.
    ``vad_probs``: the speech probabilities of ``y`` if already computed while recording.
    ``block_frames``: frames computed at a time, None for all at once. The features are
    the same float for float whatever the blocks (``tests/test_blockwise.py``); the blocks
    bound their working memory, which whole grew by ~160 MiB a minute of audio.
    ``early``: pitch and pulses computed while ``y`` was recorded (``rehearse.measure.early``),
    used where they are known to be the same.
    """
    from rehearse.speech import vad

    raw = y  # the speech network was trained on unfiltered audio
    n = 1 + len(y) // int(round(HOP_S * sr))
    if len(y) >= int(PITCH_FRAME_S * sr):
        from concurrent.futures import ThreadPoolExecutor

        blocks = _blocks(n, block_frames)
        # Pitch and the spectrum are independent and numpy releases the GIL in both: on
        # two cores they take half the time, which the user waits for after recording.
        known = early.known(raw, sr=sr) if early is not None else None
        with ThreadPoolExecutor(max_workers=1) as pool:
            pitch = pool.submit(_pitch_and_pulses, raw, sr=sr, n_frames=n, blocks=blocks, known=known)
            if vad_probs is None:
                vad_probs = vad.speech_probability(raw, sr=sr)
            rms_db, flat, speech_db, hf_db, change, nasal_db, sibilance_db = _spectral_tracks(
                HighPassed(y, sr=sr), sr=sr, n_frames=n, blocks=blocks)
            f0, pulse_ap = pitch.result()
    else:
        y = highpass(y, sr=sr)
        rms_db = frame_rms_db(y, sr=sr)
        f0 = np.full(n, np.nan)
        flat = np.ones(n)
        speech_db, hf_db, change, nasal_db, sibilance_db = rms_db.copy(), *(np.zeros(n) for _ in range(4))
        pulse_ap = np.ones(n)
    # YIN returns a pitch for every frame; keep it only where the frame is voiced:
    # loud enough and tonal (noise and breath are spectrally flat).
    voiced = (flat < 0.3) & (rms_db > np.percentile(rms_db, 20) + 6.0)
    voiced &= (f0 > FMIN_HZ * 1.01) & (f0 < FMAX_HZ * 0.99)
    voiced = _steady_pitch(f0, voiced)
    f0 = np.where(voiced, f0, np.nan)
    prob = None if vad_probs is None else vad.on_frames(vad_probs, n_frames=n, hop_s=HOP_S)
    fresh = None if prob is None else _heard_afresh(raw, sr=sr, voiced=voiced, prob=prob)
    return Features(sr, HOP_S, FRAME_S, rms_db, f0, flat, len(y) / sr, speech_db, hf_db, change, prob, pulse_ap, fresh,
                    nasal_db, sibilance_db)


def _heard_afresh(y: np.ndarray, *, sr: int, voiced: np.ndarray, prob: np.ndarray) -> np.ndarray:
    """``Features.fresh_prob``: each voiced run the network rejects, heard again from a fresh
    state. Computed here, from the saved recording, whether ``prob`` came from this file or
    from the live stream, so ``analyze`` and ``record`` judge alike."""
    from rehearse.speech import vad

    runs = [(a, b) for a, b in true_runs(voiced) if prob[a:b].max() < REJECTED_PROB]
    fresh = np.full(len(prob), np.nan)
    heard = vad.heard_afresh(y, sr=sr, spans_s=[(a * HOP_S, b * HOP_S) for a, b in runs])
    for (a, b), (centres, probs) in zip(runs, heard):
        fresh[a:b] = np.interp(np.arange(a, b) * HOP_S, centres, probs)
    return fresh


def _blocks(n_frames: int, block_frames: int | None) -> list[range]:
    """Consecutive ranges of frames, none of a single frame: numpy sums the columns of a
    one-column array in another order (pairwise), which changes the last bit."""
    step = n_frames if block_frames is None else max(2, block_frames)
    starts = list(range(0, n_frames, step))
    if len(starts) > 1 and n_frames - starts[-1] < 2:
        starts.pop()
    return [range(a, b) for a, b in zip(starts, [*starts[1:], n_frames])]


def _pitch_and_pulses(y: np.ndarray, *, sr: int, n_frames: int, blocks: list[range],
                      known: Early | None) -> tuple[np.ndarray, np.ndarray]:
    """Pitch (of the high-passed ``y``) and pulse aperiodicity of every frame, but those
    ``known`` already."""
    f0, pulse_ap = np.empty(n_frames), np.empty(n_frames)
    todo = blocks
    if known is not None:
        done = known.frames
        f0[done.start:done.stop], pulse_ap[done.start:done.stop] = known.f0_hz, known.pulse_ap
        todo = _blocks_between(0, done.start, blocks) + _blocks_between(done.stop, n_frames, blocks)
    hp = HighPassed(y, sr=sr)
    for frames in todo:
        f0[frames.start:frames.stop], pulse_ap[frames.start:frames.stop] = pitch_and_pulses(y, hp, sr=sr, frames=frames)
    return f0, pulse_ap


def pitch_and_pulses(y, hp: HighPassed, *, sr: int, frames: range) -> tuple[np.ndarray, np.ndarray]:
    """Pitch and pulse aperiodicity of ``frames``: of ``y`` read through ``hp``, its
    high-passed signal, and of ``y`` itself. Each frame's values are the same whatever the
    frames asked with it (ranges of two or more: see ``_blocks``)."""
    from rehearse.measure.creak import pulse_aperiodicity
    from rehearse.measure.pitch import yin

    f0 = yin(hp, sr=sr, fmin_hz=FMIN_HZ, fmax_hz=FMAX_HZ, hop_s=HOP_S, threshold=0.1, frames=frames)[0]
    return f0, pulse_aperiodicity(y, sr=sr, hop_s=HOP_S, frames=frames)


def read_padded(y, lo: int, hi: int, dtype=np.float32) -> np.ndarray:
    """Samples [lo, hi) of ``y`` (an array or ``HighPassed``), zero outside it."""
    out = np.zeros(hi - lo, dtype)
    a, b = max(lo, 0), min(hi, len(y))
    if b > a:
        out[a - lo:b - lo] = y[a:b]
    return out


def stft_magnitude(y: np.ndarray, *, n_fft: int, hop: int, frames: range | None = None) -> np.ndarray:
    """|STFT| with a periodic Hann window on zero-padded, centred frames.

    Returns shape ``(1 + n_fft // 2, len(frames))``; for all frames ``(1 + n_fft // 2,
    1 + len(y) // hop)``, as ``librosa.stft`` would. ``y``: an array or ``HighPassed``.
    """
    frames = range(1 + len(y) // hop) if frames is None else frames
    lo = frames.start * hop - n_fft // 2
    padded = read_padded(y, lo, (frames.stop - 1) * hop + n_fft // 2)
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)).astype(np.float32)
    out = np.empty((1 + n_fft // 2, len(frames)), np.float32)
    for a in range(0, len(frames), 2048):  # batches bound the memory of long recordings
        idx = np.arange(a, min(a + 2048, len(frames))) * hop
        block = padded[idx[:, None] + np.arange(n_fft)[None, :]] * window
        out[:, a:a + len(idx)] = np.abs(np.fft.rfft(block, axis=1)).T
    return out


class _Energy:
    """``frame_rms_db`` of a long signal, block after block, the same to the last bit: the
    running sum of squares is carried from block to block, as one ``np.cumsum`` makes it."""

    def __init__(self, y, *, sr: int) -> None:
        self._y = y
        self._hop = int(round(HOP_S * sr))
        self._frame = int(round(FRAME_S * sr))
        self._carry = 0.0  # sum of squares before the next block's first frame

    def frames_db(self, frames: range) -> np.ndarray:
        pad = self._frame // 2
        lo = frames.start * self._hop  # in the coordinates of the signal padded by ``pad``
        x = read_padded(self._y, lo - pad, (frames.stop - 1) * self._hop + self._frame - pad, np.float64)
        csum = np.cumsum(np.concatenate(([self._carry], x * x)))
        starts = np.arange(len(frames)) * self._hop
        ends = np.minimum(starts + self._frame, len(self._y) + 2 * pad - lo)
        power = (csum[ends] - csum[starts]) / self._frame
        self._carry = float(csum[len(frames) * self._hop])
        return np.maximum(10.0 * np.log10(np.maximum(power, 1e-12)), DB_FLOOR)


def _spectral_tracks(hp: HighPassed, *, sr: int, n_frames: int, blocks: list[range]):
    """Energy, flatness, noise-subtracted energy, band ratios and spectral change; the
    sibilance (``Features.sibilance_db``) is read above the noise, as the energy is: white
    noise as loud as the "s" would flatten it. A final "s" at about -40 dBFS under white noise
    at -40 dBFS still hisses 14 dB or more in every frame once the noise is subtracted
    (the held-out ``technical``); a frame with nothing left at 1-4 kHz reads 40 dB. Where
    the hiss left above 4 kHz is under a quarter of that band's noise (``HISS_CLEAR_DB``)
    the ratio is of two remnants of the noise, anything from -40 to +40 dB frame to frame,
    and the frame reads -40 dB: under pink noise at -45 dBFS (the corpus's
    ``mfa_cold_corpus``, ``test_local_noise``) faint runs 25-40 dB under the speaker read
    +20 to +40 dB with their hiss 15-108 dB under the band's noise, and one kept as a word's
    "s" cost a pause; every "s" of that answer, of the held-out Piper answers and of the
    noisy tests' "minutes." left at least -4.2 dB (most 2-20 dB), runs of room tone at most -11 dB.

    The noise spectrum is the mean power of the quietest frames; subtracting it (twice
    over, so that its random fluctuation does not pass for sound) removes steady hiss, fan
    noise and mains hum while speech, which is far above the noise in some bins, keeps its
    energy. Up to ``ONE_NOISE_FRAMES`` (30 s) it is one percentile over the whole
    recording, exact, so the blocks are read three times: for everything local and a count
    of the values, for the values at the percentile, and for the energy above the noise.
    The spectra are cheap (~6 % of the features' time each); holding them would cost
    6 MiB a minute of audio.

    A longer answer's noise may change (a fan starts, the air conditioning, a long mock
    interview): one spectrum for a recording whose noise turns from pink to white at -35 dB
    left -38 dB of the white half's noise after subtraction, above every pause threshold
    there, and the pause detector found 0 of its 17 pauses. So each 10-s segment (from
    frame 0) gets its own 20th percentile, and its noise is, per bin, the median of its
    own and its two neighbours': a segment of unbroken speech, whose percentile is speech,
    is outvoted by its neighbours, while a change of noise is followed within a segment (a
    30-s window's percentile follows a rise only once 80 % of it is past the change: 9 s
    late on either side). Between segment centres the spectrum is interpolated, so no step
    is made where nothing changed. Measured on real speech with pauses (the bundled
    sample, the classes answer, the corpus), a 10-s segment's percentile was within 1.5 dB
    of the whole file's in 9 bins of 10 in 28 segments of 29 (2.8 dB in the other); a 5-s
    one was 11 dB over it in 1 of 14. 10 s of the sample's speech with every pause cut out
    sat 2-3 dB over its noise in the median bin, 12-14 dB in the top tenth: what the median
    of neighbours is for. On the long-answer set, pauses found by the signal alone in
    ``pink35_white35``: 17 of 35 with one spectrum, 33 with 30-s windows, 34 with this; in
    ``everything``, 141, 167 and 174 of 192. The segments are read once
    (``SegmentPercentiles``): two passes over the blocks, not three.
    """
    n = n_frames
    rms_db, flat, total_db, hf_db, change, nasal_db = (np.empty(n) for _ in range(6))
    tracks = (flat, total_db, hf_db, change, nasal_db)
    bands = _Bands(sr)
    local = n > ONE_NOISE_FRAMES
    energy = _Energy(hp, sr=sr)
    # Per bin, the level it sits at most of the time: a low percentile over time. Choosing
    # "quiet frames" by total energy instead would pick frames where the few loud bins of
    # coloured noise happened to dip, and underestimate the noise.
    if local:
        # Two workers, each its own half of the frames (its own stretch of the high-passed
        # signal, its own segments' noise). Every value is the same float whatever the
        # blocks, so halves change nothing, while after Stop they halve what the user waits
        # for: the spectrum is most of the features' time.
        half = NOISE_SEGMENT_FRAMES * (n // NOISE_SEGMENT_FRAMES // 2)
        halves = [_blocks_between(0, half, blocks), _blocks_between(half, n, blocks)]
        noises = [SegmentPercentiles(bands.n_in, n=n, segment=NOISE_SEGMENT_FRAMES, q=NOISE_PERCENTILE, first=first)
                  for first in (0, half)]

        def first_pass(k: int) -> None:
            own = hp if k == 0 else hp.reader()
            for frames in halves[k]:
                if k == 0:
                    rms_db[frames.start:frames.stop] = energy.frames_db(frames)
                noises[k].add(_local_tracks(own, frames, sr=sr, n_frames=n, bands=bands, out=tracks))
            if k == 0:  # the running sum of squares goes through the whole, in order
                for frames in halves[1]:
                    rms_db[frames.start:frames.stop] = energy.frames_db(frames)

        _both(first_pass)
        rows = np.where((np.arange(noises[0].n_segments) < half // NOISE_SEGMENT_FRAMES)[:, None],
                        noises[0].result, noises[1].result)
        noise_power = _NoiseTrack(_median_of_neighbours(rows) * NOISE_PERCENTILE_TO_MEAN, noises[0].starts)
    else:
        halves = [blocks]
        noise = RowPercentile(bands.n_in, q=NOISE_PERCENTILE)
        for frames in blocks:
            rms_db[frames.start:frames.stop] = energy.frames_db(frames)
            noise.count(_local_tracks(hp, frames, sr=sr, n_frames=n, bands=bands, out=tracks))
        for frames in blocks:
            _, smooth, keep = _block_power(hp, frames, sr=sr, n_frames=n)
            noise.collect(smooth[bands.in_band][:, keep])
        noise_power = _NoiseTrack((noise.result() * NOISE_PERCENTILE_TO_MEAN)[None, :], [0, n])
    # Put the excess on the dBFS scale of rms_db: the two agree on loud frames.
    loud = rms_db > np.percentile(rms_db, 80)
    offset = float(np.median(rms_db[loud] - total_db[loud])) if loud.any() else 0.0
    speech_db, sibilance_db = np.empty(n), np.empty(n)

    def second_pass(k: int) -> None:
        own = hp if k == 0 else hp.reader()
        for frames in halves[k]:
            _, smooth, keep = _block_power(own, frames, sr=sr, n_frames=n)
            noise = noise_power.at(frames)
            above = np.maximum(smooth[bands.in_band][:, keep] - NOISE_OVERSUBTRACT * noise, 0.0)
            excess = above.sum(axis=0)
            speech_db[frames.start:frames.stop] = np.maximum(10 * np.log10(np.maximum(excess, 1e-20)) + offset, DB_FLOOR)
            hiss, mid = above[bands.hiss_in_band].sum(axis=0), above[bands.mid_in_band].sum(axis=0)
            band_noise = noise[bands.hiss_in_band].sum(axis=0)
            clear = (hiss > 0) & (hiss >= band_noise * 10 ** (HISS_CLEAR_DB / 10))
            sibilance_db[frames.start:frames.stop] = np.where(
                clear, np.clip(10 * np.log10((hiss + 1e-12) / (mid + 1e-12)), -40.0, 40.0), -40.0)

    if local:
        _both(second_pass)
    else:
        second_pass(0)
    return rms_db, flat, speech_db, hf_db, change, nasal_db, sibilance_db


class _Bands:
    """The frequency bands the spectral tracks read, as masks over the bins of ``N_FFT``."""

    def __init__(self, sr: int) -> None:
        freqs = np.arange(1 + N_FFT // 2) * sr / N_FFT
        # Only the band speech occupies counts: below ~80 Hz there is no voice (the lowest
        # pitch is 65 Hz, and its energy sits in the harmonics above), only rumble, mains hum
        # and the slow drift of pink/traffic noise, which wanders too much for a percentile to
        # model and would pass for sound.
        self.in_band = (freqs >= SPEECH_BAND_HZ[0]) & (freqs < SPEECH_BAND_HZ[1])
        self.n_in = int(self.in_band.sum())
        self.low = (freqs >= 80) & (freqs < 1000)
        self.high = (freqs >= 1000) & (freqs < 4000)
        self.murmur = (freqs >= 80) & (freqs < 400)
        self.first_formant = (freqs >= 400) & (freqs < 1000)
        self.formant = (freqs >= 100) & (freqs < 3000)
        # Rows of the in-band spectrum (the noise is subtracted there only).
        self.hiss_in_band = (freqs[self.in_band] >= 4000)
        self.mid_in_band = (freqs[self.in_band] >= 1000) & (freqs[self.in_band] < 4000)


def _local_tracks(hp: HighPassed, frames: range, *, sr: int, n_frames: int, bands: _Bands, out) -> np.ndarray:
    """Flatness, total energy, band ratios and spectral change of ``frames``, written into
    ``out`` (five arrays over every frame); returns their smoothed in-band spectra, for
    the noise's percentile. Each frame's values are the same whatever the blocks."""
    flat, total_db, hf_db, change, nasal_db = out
    part = slice(frames.start, frames.stop)
    power, smooth, keep = _block_power(hp, frames, sr=sr, n_frames=n_frames)
    floored = np.maximum(power[:, keep], 1e-10)
    flat[part] = np.exp(np.mean(np.log(floored), axis=0)) / np.mean(floored, axis=0)
    total_db[part] = 10 * np.log10(np.maximum(power[:, keep].sum(axis=0), 1e-20))
    low = power[bands.low][:, keep].sum(axis=0)
    high = power[bands.high][:, keep].sum(axis=0)
    hf_db[part] = 10 * np.log10((high + 1e-12) / (low + 1e-12))
    murmur = power[bands.murmur][:, keep].sum(axis=0)
    nasal_db[part] = 10 * np.log10((murmur + 1e-12) / (power[bands.first_formant][:, keep].sum(axis=0) + 1e-12))
    # Spectral change on a coarse, smoothed spectrum (~300 Hz bands, where formants
    # live): fine bins change with every noise fluctuation, formant shapes only when
    # the mouth moves.
    coarse = np.log(box_mean(smooth[bands.formant], (9, 1))[::9] + 1e-10)
    coarse -= coarse.mean(axis=0, keepdims=True)  # shape, not loudness
    first = max(0, 2 - frames.start)  # the first two frames of the recording have no change
    now, before = slice(keep.start + first, keep.stop), slice(keep.start + first - 2, keep.stop - 2)
    change[part][:first] = 0.0
    # Slices, not index arrays: numpy sums a C-ordered difference in the same order as
    # on the whole recording, and gets the same float.
    change[part][first:] = np.sqrt(np.mean((coarse[:, now] - coarse[:, before]) ** 2, axis=0))
    return smooth[bands.in_band][:, keep]


def _both(work) -> None:
    """``work(0)`` here and ``work(1)`` on a second thread: numpy releases the GIL in both."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="rehearse-features") as pool:
        other = pool.submit(work, 1)
        work(0)
        other.result()


def _blocks_between(start: int, stop: int, blocks: list[range]) -> list[range]:
    """``blocks`` cut to frames [start, stop), none of a single frame (see ``_blocks``)."""
    cut = [range(max(b.start, start), min(b.stop, stop)) for b in blocks if b.start < stop and b.stop > start]
    out: list[range] = []
    for b in cut:
        if out and (len(b) < 2 or len(out[-1]) < 2):
            out[-1] = range(out[-1].start, b.stop)
        else:
            out.append(b)
    return out


def _median_of_neighbours(spectra: np.ndarray) -> np.ndarray:
    """Per bin, the median of each segment's spectrum and its neighbours' (the ends repeated)."""
    h = NOISE_WINDOW_SEGMENTS // 2
    padded = np.concatenate([spectra[:1]] * h + [spectra] + [spectra[-1:]] * h)
    return np.median(np.stack([padded[i:i + len(spectra)] for i in range(2 * h + 1)]), axis=0)


class _NoiseTrack:
    """The noise power of every frame from one spectrum per segment, shape (segments, bins):
    constant over one segment (the whole recording), interpolated between segment centres."""

    def __init__(self, spectra: np.ndarray, starts: list[int]) -> None:
        self._spectra = spectra
        self._centres = (np.array(starts[:-1], np.float64) + np.array(starts[1:])) / 2

    def at(self, frames: range) -> np.ndarray:
        """Shape (bins, 1) for one spectrum, else (bins, len(frames))."""
        if len(self._spectra) == 1:
            return self._spectra[0][:, None]
        t = np.arange(frames.start, frames.stop, dtype=np.float64)
        right = np.clip(np.searchsorted(self._centres, t, side="right"), 1, len(self._centres) - 1)
        w = np.clip((t - self._centres[right - 1]) / (self._centres[right] - self._centres[right - 1]), 0.0, 1.0)
        return self._spectra[right - 1].T * (1 - w) + self._spectra[right].T * w


def _block_power(hp: HighPassed, frames: range, *, sr: int, n_frames: int):
    """Power spectra of ``frames`` and a few frames either side, smoothed over 5 bins and
    3 frames; ``keep`` picks the columns of ``frames``."""
    with_context = range(max(0, frames.start - CONTEXT_FRAMES), min(n_frames, frames.stop + CONTEXT_FRAMES))
    spec = stft_magnitude(hp, n_fft=N_FFT, hop=int(round(HOP_S * sr)), frames=with_context)
    power = spec.astype(np.float64) ** 2
    # Smooth over 5 bins and 3 frames before subtracting: per-bin noise power is
    # exponentially distributed, and averaging 15 cells shrinks its spread ~4x, so that
    # coloured noise (pink, fan) with few dominant bins leaves no residue that passes for sound.
    smooth = box_mean(power, (5, 3))
    keep = slice(frames.start - with_context.start, frames.stop - with_context.start)
    return power, smooth, keep


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
