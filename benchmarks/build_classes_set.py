"""Build the failure-class set (issue 14): real speech spliced into answers that provoke the
five failure classes seen on held-out recordings, with exact ground truth.

    .venv/bin/python benchmarks/build_classes_set.py --out benchmarks/data/classes

The material is one real speaker of the shared corpus (``sp_michael_fillers``: five phrases
and four real um/uh, each with exact bounds; ``sp_michael_pauses``: five more phrases), joined
with that recording's own room tone. Recipes:

- ``vanish_*`` (class 1): several sentences with an "um" just before a sentence, as in the
  answer whose 11-word sentence Whisper replaced by "Um...".
- ``long_*`` (class 2): one real hesitation drawn out to 1.4-1.6 s, which Whisper may write
  as several. Drawn out by holding its steady part (``_drawn_out``: its own pitch periods
  said again), not by a phase vocoder, which was no stand-in for a real long "um" (round 7
  of docs/accuracy.md): it took 2-7 dB off the vowel, smeared the nasal close over 0.2 s and
  left one "uh" with no voicing at all, where the corpus's real 1.3-1.4 s "um" and "uh"
  (``mfa_um``, ``mfa_uh``) hold one note at the speaker's full level and close at once.
- ``held_*`` (class 3): fluent phrases whose last syllable is drawn out 2.5-3.5 times (a
  phase-vocoder stretch of the final 120 ms, pitch kept), with no filler anywhere.
- ``lone_*`` (class 4): a 0.4-0.55-s "uh" alone between two pauses, then a sentence.
- ``short_*`` (class 5): runs of two or three short "uh"s (the real ones cut to 0.10-0.25 s).

``--sweep`` builds the shortest-"uh" sweep instead (``SWEEP``): the real "uh"s cut to
0.06-0.30 s, alone and in runs, to measure recall by length.

Writes ``NAME.wav`` plus ``NAME.truth.json`` in the synthetic set's format
(``devtools.synth.Truth``), so ``benchmarks/accuracy.py --classes`` scores it the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # devtools/ lives beside rehearse/
from devtools import synth  # noqa: E402

SR = 16000
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
FADE_S = 0.01


def _material(corpus: Path) -> tuple[list[tuple[np.ndarray, str]], list[tuple[np.ndarray, str]], np.ndarray]:
    """(phrases as (samples, text)), (fillers as (samples, kind)), room tone."""
    import soundfile as sf

    manifest = {it["id"]: it for it in json.loads((corpus / "manifest.json").read_text())["items"]}
    phrases, fillers, tone = [], [], None
    for name in ("sp_michael_fillers", "sp_michael_pauses"):
        item = manifest[name]
        y, sr = sf.read(str(corpus / item["file"]), dtype="float32")
        assert sr == SR, sr
        for seg in item["segments"]:
            piece = y[int(seg["start_s"] * SR):int(seg["end_s"] * SR)]
            (phrases if seg["type"] == "speech" else fillers).append((piece, seg["text"]))
        if tone is None:
            tone = y[:int(item["leading_silence_s"] * SR) - int(0.05 * SR)]
    return phrases, fillers, tone


def _faded(y: np.ndarray) -> np.ndarray:
    n = min(int(FADE_S * SR), len(y) // 2)
    ramp = np.linspace(0.0, 1.0, n, dtype=np.float32)
    out = y.copy()
    out[:n] *= ramp
    out[len(out) - n:] *= ramp[::-1]
    return out


def _tone(tone: np.ndarray, seconds: float, rng: np.random.Generator) -> np.ndarray:
    n = int(round(seconds * SR))
    start = int(rng.integers(0, len(tone)))
    return np.resize(np.roll(tone, -start), n).astype(np.float32)


def _stretched(y: np.ndarray, factor: float) -> np.ndarray:
    """``y`` drawn out ``factor`` times, pitch kept (phase vocoder)."""
    import librosa

    return librosa.effects.time_stretch(y, rate=1.0 / factor, n_fft=512).astype(np.float32)


def _steady(y: np.ndarray, *, hop: int) -> np.ndarray:
    """Per ``hop`` samples: True where the spectrum holds still (a held vowel or nasal), False
    at the onset, a transition (the lips closing on an "um") and the release."""
    import librosa

    power = np.abs(librosa.stft(y, n_fft=512, hop_length=hop, win_length=400)) ** 2
    mel = np.log(librosa.feature.melspectrogram(S=power, sr=SR, n_mels=24) + 1e-10)
    db = 10 * np.log10(power.sum(axis=0) + 1e-12)
    flux = np.r_[0.0, np.sqrt(np.mean(np.diff(mel, axis=1) ** 2, axis=0))]
    flux = np.maximum(flux, np.r_[flux[1:], 0.0])  # a change belongs to both frames around it
    return (flux < np.median(flux)) & (db > db.max() - 20)


def _drawn_out(y: np.ndarray, factor: float, *, hop_s: float = 0.01, grain_s: float = 0.04,
               search_s: float = 0.016) -> np.ndarray:
    """``y`` lengthened ``factor`` times the way a speaker draws a hesitation out: its steady
    stretches held longer, its onset, transitions and release at their own speed.

    Waveform-similarity overlap-add (WSOLA): each 40-ms grain is taken near where the time
    map points, shifted by up to 16 ms (more than one pitch period of this 68-100 Hz voice)
    to where it best continues the grain before, so the held part repeats the speaker's own
    pitch periods, in phase, at his own level.
    """
    hop, grain, search = int(hop_s * SR), int(grain_s * SR), int(search_s * SR)
    steady = _steady(y, hop=hop)
    n = len(steady)
    slow = (factor * n - (n - steady.sum())) / max(int(steady.sum()), 1)  # output per input frame
    out_at = np.r_[0.0, np.cumsum(np.where(steady, slow, 1.0))] * hop  # output time of each input frame edge
    in_at = np.arange(n + 1) * hop
    n_out = int(out_at[-1])
    pad = grain + search
    src = np.r_[np.zeros(pad), y.astype(np.float64), np.zeros(3 * grain + 2 * search)]
    window = np.hanning(grain)
    out = np.zeros(n_out + grain)
    weight = np.zeros(n_out + grain)
    step = grain // 2
    prev = None
    for o in range(0, n_out, step):
        pos = int(np.interp(o, out_at, in_at))
        if prev is not None:
            follow = src[pad + prev + step:pad + prev + step + grain]
            shifts = range(-search, search + 1)
            pos += max(shifts, key=lambda d: _similarity(src[pad + pos + d:pad + pos + d + grain], follow))
        out[o:o + grain] += src[pad + pos:pad + pos + grain] * window
        weight[o:o + grain] += window
        prev = pos
    return (out[:n_out] / np.maximum(weight[:n_out], 1e-3)).astype(np.float32)


def _similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-12))


def _held(y: np.ndarray, factor: float) -> np.ndarray:
    """The phrase with its final 120 ms drawn out ``factor`` times (a lengthened last syllable)."""
    tail = int(0.12 * SR)
    return np.concatenate([y[:-tail], _stretched(y[-tail:], factor)])


def _audible(y: np.ndarray, tone: np.ndarray, *, frame_s: float = 0.05) -> tuple[float, float]:
    """Where a drawn-out piece is heard: from its first to its last 50-ms frame louder than
    the loudest frame of the room tone, in seconds from its start.

    Drawing a piece out draws out its edges too: the nasal tail of the corpus's "um", 1-3 dB
    over the room (whose own frames rise at most 2.0 dB over its mean), lasted 0.3 s in
    ``long_b``, and the truth had it as "um" where the signal has silence: a true 0.35-s
    pause was written as a 0.1-s gap (session 10)."""
    def levels_db(x: np.ndarray) -> np.ndarray:
        n = int(frame_s * SR)
        frames = x[:len(x) // n * n].astype(np.float64).reshape(-1, n)
        return 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)

    loud = np.flatnonzero(levels_db(y) > levels_db(tone).max())
    if loud.size == 0:
        return 0.0, len(y) / SR
    return loud[0] * frame_s, min(len(y) / SR, (loud[-1] + 1) * frame_s)


def _short(y: np.ndarray, seconds: float) -> np.ndarray:
    """The middle ``seconds`` of a filler: a short "uh" of the same voice."""
    n = int(round(seconds * SR))
    mid = len(y) // 2
    return y[mid - n // 2:mid - n // 2 + n]


def build(steps: list[tuple], phrases, fillers, tone, *, seed: int) -> tuple[np.ndarray, synth.Truth]:
    """Join ``steps``: ("say", i), ("held", i, factor), ("filler", j), ("short", j, s),
    ("long", j, factor), ("gap", s)."""
    rng = np.random.default_rng(seed)
    parts = [_tone(tone, 0.6, rng)]
    t = 0.6
    units: list[tuple[float, float, str, str]] = []  # start, end, type, text
    for step in steps:
        kind = step[0]
        if kind == "gap":
            piece = _tone(tone, step[1], rng)
        elif kind in ("say", "held"):
            y, text = phrases[step[1]]
            piece = _faded(_held(y, step[2]) if kind == "held" else y)
            lo, hi = _audible(piece, tone) if kind == "held" else (0.0, len(piece) / SR)
            units.append((t + lo, t + hi, "speech", text))
        else:
            y, text = fillers[step[1]]
            if kind == "short":
                y = _short(y, step[2])
            elif kind == "long":
                y = _drawn_out(y, step[2])
            piece = _faded(y)
            lo, hi = _audible(piece, tone) if kind == "long" else (0.0, len(piece) / SR)
            units.append((t + lo, t + hi, "filler", text))
        parts.append(piece)
        t += len(piece) / SR
    parts.append(_tone(tone, 0.8, rng))
    y = np.concatenate(parts)
    pauses = [(round(a[1], 3), round(b[0], 3)) for a, b in zip(units, units[1:]) if b[0] - a[1] >= 0.05]
    words = " ".join(u[3] for u in units if u[2] == "speech")
    truth = synth.Truth(
        duration_s=round(len(y) / SR, 3), speech_start_s=round(units[0][0], 3),
        speech_end_s=round(units[-1][1], 3), text=words, word_count=len(words.split()),
        pauses=pauses, fillers=[(round(a, 3), round(b, 3), w) for a, b, k, w in units if k == "filler"],
        voice="sp_michael (real speech, spliced)")
    return y, truth


# Phrases: 0 "so this is the sick corpus", 1 "and i'm saying ... original one", 2 "the recording
# environment is also quite different", 3 "and here's a long pause ... probably good",
# 4 "alright thanks", 5 "this is the acoustic corpus ... we're just", 6 "this is me talking really
# slow and slightly", 7 "lower in intensity", 8 "we're just saying some words", 9 "and that should
# be all thanks". Fillers: 0 uh 0.48 s, 1 um 0.53 s, 2 uh 0.55 s, 3 um 0.39 s.
RECIPES: dict[str, list[tuple]] = {
    "vanish_a": [("say", 0), ("gap", 0.5), ("filler", 1), ("gap", 0.1), ("say", 1), ("gap", 0.6),
                 ("filler", 3), ("gap", 0.08), ("say", 2), ("gap", 0.7), ("say", 3)],
    "vanish_b": [("say", 5), ("gap", 0.4), ("filler", 1), ("gap", 0.05), ("say", 6), ("gap", 0.3),
                 ("say", 7), ("gap", 0.9), ("filler", 3), ("gap", 0.1), ("say", 1), ("gap", 0.5),
                 ("say", 9)],
    "vanish_c": [("say", 8), ("gap", 0.6), ("filler", 0), ("gap", 0.1), ("say", 3), ("gap", 0.5),
                 ("filler", 1), ("gap", 0.1), ("say", 1), ("gap", 0.4), ("filler", 3), ("gap", 0.1),
                 ("say", 2), ("gap", 0.6), ("say", 4)],
    "long_a": [("say", 0), ("gap", 0.5), ("long", 1, 3.0), ("gap", 0.5), ("say", 2), ("gap", 0.6),
               ("say", 9)],
    "long_b": [("say", 5), ("gap", 0.6), ("long", 2, 2.5), ("gap", 0.4), ("say", 8), ("gap", 0.5),
               ("long", 3, 3.5), ("gap", 0.1), ("say", 4)],
    "held_a": [("held", 0, 3.0), ("gap", 0.5), ("say", 1), ("gap", 0.6), ("held", 2, 2.5),
               ("gap", 0.5), ("say", 9)],
    "held_b": [("held", 8, 3.5), ("gap", 0.4), ("held", 6, 3.0), ("gap", 0.2), ("say", 7),
               ("gap", 0.7), ("say", 3)],
    "lone_a": [("say", 1), ("gap", 0.5), ("filler", 0), ("gap", 0.5), ("say", 2), ("gap", 0.5),
               ("say", 4)],
    "lone_b": [("say", 6), ("gap", 0.2), ("say", 7), ("gap", 0.6), ("filler", 2), ("gap", 0.4),
               ("say", 3), ("gap", 0.6), ("say", 9)],
    "short_a": [("say", 0), ("gap", 0.4), ("short", 0, 0.2), ("gap", 0.3), ("short", 2, 0.15),
                ("gap", 0.2), ("short", 0, 0.12), ("gap", 0.4), ("say", 2), ("gap", 0.5), ("say", 4)],
    "short_b": [("say", 8), ("gap", 0.5), ("short", 2, 0.25), ("gap", 0.35), ("short", 0, 0.2),
                ("gap", 0.5), ("say", 1), ("gap", 0.5), ("short", 2, 0.1), ("gap", 0.3),
                ("short", 0, 0.15), ("gap", 0.4), ("say", 9)],
}

# How short can an "uh" be and still be found (class 5)? The two real "uh"s cut to each length,
# three per answer: one alone between pauses, two in a run ("uh... uh"), in two answers of
# different phrases per length (``--sweep``).
SWEEP_S = (0.06, 0.08, 0.10, 0.12, 0.15, 0.20, 0.25, 0.30)
SWEEP: dict[str, list[tuple]] = {
    f"uh{round(d * 1000):03d}_{tag}": [("say", a), ("gap", 0.4), ("short", 0, d), ("gap", 0.4), ("say", b),
                                        ("gap", 0.5), ("short", 2, d), ("gap", 0.3), ("short", 0, d),
                                        ("gap", 0.4), ("say", c)]
    for d in SWEEP_S for tag, (a, b, c) in (("a", (0, 2, 4)), ("b", (8, 1, 9)))
}


def build_all(out: Path, corpus: Path = CORPUS, recipes: dict[str, list[tuple]] = RECIPES) -> list[Path]:
    phrases, fillers, tone = _material(corpus)
    written = []
    for i, (name, steps) in enumerate(recipes.items()):
        y, truth = build(steps, phrases, fillers, tone, seed=i)
        path = out / f"{name}.wav"
        synth.write(path, np.clip(y, -1, 1).astype(np.float32), truth)
        written.append(path)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "classes")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--sweep", action="store_true",
                    help="the shortest-uh sweep instead (score it: accuracy.py --classes OUT)")
    args = ap.parse_args()
    for p in build_all(args.out, args.corpus, SWEEP if args.sweep else RECIPES):
        print(p)


if __name__ == "__main__":
    main()
