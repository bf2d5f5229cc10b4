"""The signal features computed block by block are the features of the whole file, to the last
frame and the last bit: real recordings (the corpus, the bundled sample) and a long synthetic
file with the hard cases (a DC offset, digital silence, a constant tone, rumble)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from rehearse.measure.features import NOISE_SEGMENT_FRAMES, ONE_NOISE_FRAMES, compute_features
from rehearse.measure.highpass import WHOLE_MAX_SAMPLES, HighPassed, highpass
from rehearse.measure.pitch import yin
from rehearse.measure.row_percentile import RowPercentile, SegmentPercentiles

SR = 16000
ROOT = Path(__file__).resolve().parent.parent
TRACKS = ("rms_db", "f0_hz", "flatness", "speech_db", "hf_ratio_db", "spectral_change", "speech_prob", "pulse_ap", "fresh_prob", "nasal_db",
          "sibilance_db")


def _assert_same(whole, blocked, what):
    for name in TRACKS:
        a, b = getattr(whole, name), getattr(blocked, name)
        assert a.shape == b.shape, f"{what}: {name} has {len(b)} frames, not {len(a)}"
        differ = np.flatnonzero(~((a == b) | (np.isnan(a) & np.isnan(b))))
        assert differ.size == 0, f"{what}: {name} differs at frames {differ[:5]} of {len(a)}"


def test_corpus_blockwise_equals_whole(corpus):
    for item in corpus.values():
        y, sr = sf.read(item["path"], dtype="float32")
        whole = compute_features(y, sr=sr, block_frames=None)
        # 37 frames: blocks far smaller than any context, edges everywhere, a short last block.
        for block in (300, 37):
            _assert_same(whole, compute_features(y, sr=sr, block_frames=block), f"{item['id']}, blocks of {block}")


@pytest.fixture(scope="module")
def long_file():
    """~100 s, long enough to be high-passed by segments and to have ten noise spectra (one
    per 10 s, the noise changing between them): the sample answer with a DC offset
    and rumble, then digital silence, a 100-Hz tone whose period is the hop (every frame's
    spectrum the same), and corpus speech to the end."""
    y, sr = sf.read(ROOT / "recordings" / "tell-me-about-yourself.wav", dtype="float32")
    t = np.arange(len(y)) / sr
    speech = y + 0.02 + 0.05 * np.sin(2 * np.pi * 25 * t).astype(np.float32)
    tone = 0.2 * np.sin(2 * np.pi * 100 * np.arange(8 * sr) / sr)
    parts = [speech, np.zeros(5 * sr), tone, y[: 20 * sr], np.zeros(3 * sr + 77)]
    out = np.concatenate(parts).astype(np.float32)
    assert len(out) > 3 * WHOLE_MAX_SAMPLES
    return out


def test_long_file_blockwise_equals_whole(long_file):
    n_frames = 1 + len(long_file) // 160
    assert n_frames > ONE_NOISE_FRAMES and n_frames // NOISE_SEGMENT_FRAMES >= 9
    whole = compute_features(long_file, sr=SR, block_frames=None)
    # 1001 and 999 frames: block edges drift across the noise segments' (every 1000 frames).
    for block in (2048, 1001, 999):
        _assert_same(whole, compute_features(long_file, sr=SR, block_frames=block), f"long file, blocks of {block}")
    assert np.isfinite(whole.speech_db).all() and whole.voiced.sum() > 1000


def test_segmented_highpass_differs_from_one_fft_only_in_the_last_bit(long_file):
    # The one difference from filtering with one FFT of the whole file: the filter's
    # response beyond 1 s, below float32's resolution even with a DC offset and rumble.
    one_fft = highpass(long_file, sr=SR)
    hp = HighPassed(long_file, sr=SR)
    segmented = hp[0:len(long_file)]
    assert np.max(np.abs(segmented - one_fft)) < 1e-6
    # A sample is the same whichever stretch it is read with.
    a, b = 98_000, 330_001
    assert np.array_equal(HighPassed(long_file, sr=SR)[a:b], segmented[a:b])
    # The rumble and the offset are gone from the speech part.
    assert abs(float(np.mean(segmented[SR:60 * SR]))) < 1e-4


def test_pitch_of_some_frames_equals_pitch_of_all(long_file):
    y = long_file[: 40 * SR]
    f0, ap = yin(y, sr=SR)
    for frames in (range(0, 5), range(1234, 3001), range(len(f0) - 3, len(f0))):
        part, part_ap = yin(y, sr=SR, frames=frames)
        assert np.array_equal(part, f0[frames.start:frames.stop], equal_nan=True)
        assert np.array_equal(part_ap, ap[frames.start:frames.stop])


@pytest.mark.parametrize("n", [1, 2, 5, 101, 4097])
def test_row_percentile_is_numpys(n):
    rng = np.random.default_rng(n)
    rows = [rng.exponential(1e-6, n), np.round(rng.exponential(1.0, n) * 10) / 10,  # ties, zeros
            np.full(n, 3.0), np.concatenate([np.zeros(n // 2), rng.exponential(1e-30, n - n // 2)]),
            rng.exponential(1e-60, n)]
    a = np.stack(rows)
    rp = RowPercentile(len(a), q=20)
    blocks = [a[:, i:i + 37] for i in range(0, n, 37)]
    for block in blocks:
        rp.count(block)
    for block in blocks:
        rp.collect(block)
    assert np.array_equal(rp.result(), np.percentile(a, 20, axis=1))


def test_segment_percentiles_within_a_bucket_of_numpys_whatever_the_blocks():
    rng = np.random.default_rng(5)
    n, segment = 2600, 1000  # two segments, the last one taking the remainder (1600)
    gain = np.where(np.arange(n) < 1000, 1.0, 30.0)  # the noise rises 15 dB after the first
    a = np.stack([rng.exponential(1e-6, n) * gain, rng.exponential(1.0, n) * gain,
                  np.full(n, 3.0), np.concatenate([np.zeros(1500), rng.exponential(1e-4, n - 1500)])])
    results = []
    for step in (n, 37, 1000, 999):
        sp = SegmentPercentiles(len(a), n=n, segment=segment, q=20)
        for i in range(0, n, step):
            sp.add(a[:, i:i + step])
        results.append(sp.result)
    assert sp.starts == [0, 1000, n]
    assert all(np.array_equal(r, results[0]) for r in results[1:])
    # Two instances, each fed its own segments (the features' two workers), read the same.
    halves = [SegmentPercentiles(len(a), n=n, segment=segment, q=20, first=first) for first in (0, 1000)]
    halves[0].add(a[:, :1000])
    halves[1].add(a[:, 1000:])
    assert np.array_equal(np.stack([halves[0].result[0], halves[1].result[1]]), results[0])
    exact = np.stack([np.percentile(a[:, lo:hi], 20, axis=1) for lo, hi in ((0, 1000), (1000, n))])
    # Within the value's bucket of the histogram: 1/64 octave.
    assert np.all(np.abs(results[0] - exact) <= exact / 64), (results[0], exact)


def _fed_while_recording(y: np.ndarray):
    """What ``EarlyFeatures`` computed from ``y`` fed in 50-ms blocks, as the microphone
    delivers them, but forty times as fast (its thread looks every 2 s of audio)."""
    import time

    from rehearse.measure.early import EarlyFeatures

    early = EarlyFeatures()
    for i in range(0, len(y), SR // 20):
        early.feed(y[i:i + SR // 20])
        if i % (2 * SR) == 0:
            time.sleep(0.05)
    time.sleep(1.0)  # the user stops a moment after the last word
    return early.finish()


def test_pitch_and_pulses_computed_while_recording_are_the_saved_files(long_file, caplog):
    whole = compute_features(long_file, sr=SR)
    early = _fed_while_recording(long_file)
    # All but the first segment of the filter (it wraps around the file's ends) and the
    # last seconds: those are computed after Stop.
    n = whole.n_frames
    assert early is not None and early.frames.start < 700 and early.frames.stop > n // 2
    _assert_same(whole, compute_features(long_file, sr=SR, early=early), "pitch and pulses computed while recording")
    # A time limit cut the file 20 s short of what was fed: its last frames read otherwise.
    cut = long_file[:-20 * SR]
    assert early.known(cut, sr=SR) is None
    _assert_same(compute_features(cut, sr=SR), compute_features(cut, sr=SR, early=early), "a file cut short")
    # A file that is not what was fed (one sample differs) is computed afresh, and said so.
    other = long_file.copy()
    other[40 * SR] += np.float32(0.01)
    assert early.known(other, sr=SR) is None and "differs from the audio heard" in caplog.text
    _assert_same(compute_features(other, sr=SR), compute_features(other, sr=SR, early=early), "another file")
    # A short answer is high-passed whole: every sample depends on every other, nothing early.
    assert _fed_while_recording(long_file[:WHOLE_MAX_SAMPLES]) is None
