"""YIN on signals whose pitch is known by construction."""

import numpy as np
import pytest

from rehearse.measure.pitch import yin

SR = 16000


def _voice_like(hz: float, seconds: float = 1.0) -> np.ndarray:
    t = np.arange(int(SR * seconds)) / SR
    return sum(0.3 / k * np.sin(2 * np.pi * k * hz * t) for k in range(1, 6)).astype(np.float32)


@pytest.mark.parametrize("hz", [70.0, 110.0, 180.0, 260.0, 380.0])
def test_pitch_of_harmonic_tones(hz):
    f0, ap = yin(_voice_like(hz), sr=SR)
    assert len(f0) == 1 + SR // 160
    mid = slice(10, -10)
    assert np.median(f0[mid]) == pytest.approx(hz, rel=0.01)
    assert np.median(ap[mid]) < 0.1


def test_gliding_pitch_is_tracked():
    t = np.arange(SR) / SR
    hz = 100 + 100 * t  # 100 -> 200 Hz over a second
    y = 0.3 * np.sin(2 * np.pi * np.cumsum(hz) / SR)
    f0, _ = yin(y.astype(np.float32), sr=SR)
    assert f0[25] == pytest.approx(125, rel=0.03)
    assert f0[75] == pytest.approx(175, rel=0.03)


@pytest.mark.parametrize("kind", ["noise", "silence"])
def test_noise_and_silence_are_aperiodic(kind):
    rng = np.random.default_rng(1)
    y = rng.normal(0, 0.1, SR).astype(np.float32) if kind == "noise" else np.zeros(SR, np.float32)
    _, ap = yin(y, sr=SR)
    assert np.median(ap) > 0.5


def test_flatness_tone_against_noise():
    from rehearse.measure import compute_features

    rng = np.random.default_rng(2)
    gap = np.zeros(SR, np.float32)  # voicing is judged against the recording's quiet frames
    tone = compute_features(np.concatenate([gap, _voice_like(150, 2.0), gap]), sr=SR)
    noise = compute_features(rng.normal(0, 0.1, 2 * SR).astype(np.float32), sr=SR)
    assert np.median(tone.flatness[120:280]) < 0.05
    assert np.median(noise.flatness) > 0.4
    assert np.nanmedian(tone.f0_hz) == pytest.approx(150, rel=0.01)
    assert np.isnan(noise.f0_hz).mean() > 0.9
