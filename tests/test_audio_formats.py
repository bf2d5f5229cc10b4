"""Every common format, sample rate and channel count decodes to the same 16 kHz mono signal."""

import numpy as np
import pytest

from rehearse.capture.audio import SAMPLE_RATE, load_audio
from tests.audio_files import write_any


def _tone(sr: int, seconds: float = 2.0, hz: float = 220.0) -> np.ndarray:
    t = np.arange(int(sr * seconds)) / sr
    return (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


@pytest.mark.parametrize("suffix,sr,channels", [
    (".wav", 16000, 1), (".wav", 44100, 2), (".flac", 48000, 1), (".ogg", 22050, 2),
    (".mp3", 44100, 1), (".m4a", 44100, 2), (".m4a", 16000, 1),
])
def test_decodes_to_16k_mono(tmp_path, suffix, sr, channels):
    path = write_any(tmp_path / f"tone{suffix}", _tone(sr), sr, channels=channels)
    audio = load_audio(path)
    assert audio.sr == SAMPLE_RATE
    assert audio.y.ndim == 1 and audio.y.dtype == np.float32
    assert audio.source_sr == sr and audio.source_channels == channels
    # AAC adds its encoder delay (1024+ samples) at the start; the rest is the 2 s written.
    assert audio.duration_s == pytest.approx(2.0, abs=0.15)
    # The content survives: the 220 Hz tone dominates the spectrum.
    mid = audio.y[4000:28000]
    spectrum = np.abs(np.fft.rfft(mid))
    peak_hz = np.argmax(spectrum) * SAMPLE_RATE / len(mid)
    assert peak_hz == pytest.approx(220.0, abs=2.0)
    assert np.sqrt(np.mean(mid**2)) == pytest.approx(0.3 / np.sqrt(2), rel=0.1)
