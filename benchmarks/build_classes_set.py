"""Build the failure-class set (issue 14): real speech spliced into answers that provoke the
five failure classes seen on held-out recordings, with exact ground truth.

    .venv/bin/python benchmarks/build_classes_set.py --out benchmarks/data/classes

The material is one real speaker of the shared corpus (``sp_michael_fillers``: five phrases
and four real um/uh, each with exact bounds; ``sp_michael_pauses``: five more phrases), joined
with that recording's own room tone. Recipes:

- ``vanish_*`` (class 1): several sentences with an "um" just before a sentence, as in the
  answer whose 11-word sentence Whisper replaced by "Um...".
- ``long_*`` (class 2): one real hesitation drawn out to 1.2-1.6 s, which Whisper may write
  as several.
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


def _held(y: np.ndarray, factor: float) -> np.ndarray:
    """The phrase with its final 120 ms drawn out ``factor`` times (a lengthened last syllable)."""
    tail = int(0.12 * SR)
    return np.concatenate([y[:-tail], _stretched(y[-tail:], factor)])


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
            units.append((t, t + len(piece) / SR, "speech", text))
        else:
            y, text = fillers[step[1]]
            if kind == "short":
                y = _short(y, step[2])
            elif kind == "long":
                y = _stretched(y, step[2])
            piece = _faded(y)
            units.append((t, t + len(piece) / SR, "filler", text))
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
