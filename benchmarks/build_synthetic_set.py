"""Build the project's own accuracy set: synthesized answers with pauses and fillers at known
times, each rendered clean and under several kinds of steady noise.

    .venv/bin/python benchmarks/build_synthetic_set.py --out benchmarks/data/synthetic

Writes ``NAME.wav`` plus ``NAME.truth.json`` (see ``devtools.synth.Truth``). The same script is
rendered once and the noise added afterwards, so every condition shares the exact truth.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # devtools/ lives beside rehearse/
from devtools import synth  # noqa: E402

SR = synth.SAMPLE_RATE

# Fillers both set off by silences and glued to speech, as people say them.
SCRIPTS: dict[str, list[tuple]] = {
    "analyst": [
        ("say", "I have worked as a data analyst for three years."),
        ("pause", 1.2),
        ("say", "Most of my time goes into cleaning messy sales data."),
        ("pause", 0.4),
        ("filler", "um"),
        ("pause", 0.5),
        ("say", "Last spring I built a dashboard that the whole team now uses."),
        ("pause", 2.5),
        ("say", "It cut our weekly reporting time in half."),
        ("pause", 0.7),
        ("say", "I would like to keep doing that kind of work here."),
    ],
    "conflict": [
        ("say", "So the hardest part was a disagreement with my manager."),
        ("filler", "uh"),
        ("pause", 0.6),
        ("say", "We could not agree on the release date."),
        ("pause", 0.35),
        ("say", "I wrote down both plans and the risks of each one."),
        ("pause", 0.9),
        ("filler", "um"),
        ("say", "and we picked the later date together."),
        ("pause", 1.5),
        ("say", "The launch went well, and we still work together today."),
    ],
    "weakness": [
        ("say", "My biggest weakness is that I take on too much."),
        ("pause", 0.8),
        ("filler", "uh"),
        ("pause", 0.45),
        ("say", "Last year I said yes to four projects at once."),
        ("pause", 0.3),
        ("say", "Two of them slipped by a week."),
        ("pause", 1.1),
        ("filler", "um"),
        ("pause", 0.6),
        ("say", "Now I plan my capacity every Monday and say no earlier."),
        ("pause", 0.5),
        ("filler", "uh"),
        ("say", "it has made a real difference."),
    ],
}

CONDITIONS = ["clean", "white45", "white35", "pink35", "hum40", "breath_click", "reverb", "room_sounds"]
RT60_S = 0.5  # a bare living room or small office: the level falls 60 dB in half a second
DRR_DB = 0.0  # direct to reverberant energy: a laptop microphone an arm's length away


def white(n: int, db: float, rng) -> np.ndarray:
    return rng.normal(0.0, 10 ** (db / 20), n)


def pink(n: int, db: float, rng) -> np.ndarray:
    # Shape white noise by 1/sqrt(f) in the spectrum (power 1/f), then set its RMS.
    spec = np.fft.rfft(rng.normal(size=n))
    f = np.arange(len(spec), dtype=float)
    f[0] = 1.0
    x = np.fft.irfft(spec / np.sqrt(f), n)
    return x / np.sqrt(np.mean(x**2)) * 10 ** (db / 20)


def hum(n: int, db: float, *, mains_hz: float = 50.0) -> np.ndarray:
    # Mains hum: 50 Hz (60 in the Americas) and its harmonics, falling off, as a fridge or bad cable gives.
    t = np.arange(n) / SR
    x = sum(np.sin(2 * np.pi * mains_hz * k * t + k) / k for k in range(1, 8))
    return x / np.sqrt(np.mean(x**2)) * 10 ** (db / 20)


def _put_in_the_middle(y: np.ndarray, a: float, b: float, burst: np.ndarray) -> None:
    """Add ``burst`` to ``y`` centred in the pause [a, b] (seconds)."""
    i = int(((a + b) / 2 - len(burst) / SR / 2) * SR)
    y[i:i + len(burst)] += burst


def breaths_and_clicks(y: np.ndarray, pauses, rng) -> np.ndarray:
    """A breath in every other long pause, a mouth click in the rest: both must stay pause."""
    y = y.copy()
    for k, (a, b) in enumerate(pauses):
        if b - a < 0.5:
            continue
        if k % 2 == 0:
            n = int(0.25 * SR)
            env = np.hanning(n)
            noise = np.convolve(rng.normal(size=n), np.ones(4) / 4, mode="same")  # breathy, soft
            burst = env * noise / np.sqrt(np.mean(noise**2)) * 10 ** (-42 / 20)
        else:
            n = int(0.004 * SR)
            burst = rng.normal(size=n) * np.exp(-np.arange(n) / 10) * 0.1
        _put_in_the_middle(y, a, b, burst)
    return y


def reverberant(y: np.ndarray, rng, *, rt60_s: float = RT60_S, drr_db: float = DRR_DB) -> np.ndarray:
    """``y`` in a hard-walled room: the direct sound plus a tail of echoes decaying
    exponentially (60 dB over ``rt60_s``). The truth stays the dry speech: the room ringing
    on after a word is part of the pause."""
    n = int(rt60_s * SR)
    t = np.arange(n) / SR
    tail = rng.normal(size=n) * 10 ** (-3 * t / rt60_s)  # -60 dB at rt60
    tail *= np.sqrt(10 ** (-drr_db / 10) / np.sum(tail**2))
    ir = np.concatenate(([1.0], np.zeros(int(0.005 * SR)), tail))  # first echo after 5 ms
    wet = np.convolve(y, ir)[:len(y)]
    return wet / np.max(np.abs(wet)) * np.max(np.abs(y))


def room_sounds(y: np.ndarray, pauses, rng) -> np.ndarray:
    """Sounds of a room at home in the long pauses, louder than a breath: a chair creaking
    (a low, rough rumble) and typing on a keyboard (a run of sharp clicks). None is speech,
    so each pause must stay one pause."""
    y = y.copy()
    for k, (a, b) in enumerate(pauses):
        if b - a < 0.6:
            continue
        if k % 2 == 0:
            n = int(0.35 * SR)
            rough = np.convolve(rng.normal(size=n), np.ones(24) / 24, mode="same")  # below ~600 Hz
            burst = np.hanning(n) * rough / np.sqrt(np.mean(rough**2)) * 10 ** (-32 / 20)
        else:
            n = int(0.5 * SR)
            burst = np.zeros(n)
            for start in rng.uniform(0, n - 0.02 * SR, size=5).astype(int):
                m = int(0.012 * SR)
                burst[start:start + m] += rng.normal(size=m) * np.exp(-np.arange(m) / 25) * 0.05
        _put_in_the_middle(y, a, b, burst)
    return y


def render(name: str, steps, out: Path, conditions=CONDITIONS) -> None:
    # Seeded by the script name: each script draws its own filler lengths (synth.FILLER_DURATION_S).
    y0, truth = synth.build(steps, seed=zlib.crc32(name.encode()))
    for cond in conditions:
        rng = np.random.default_rng(zlib.crc32(f"{name}/{cond}".encode()))  # same noise every build
        y = y0.astype(np.float64)
        noise_db = None
        if cond.startswith("white"):
            noise_db = -float(cond[5:])
            y = y + white(len(y), noise_db, rng)
        elif cond.startswith("pink"):
            noise_db = -float(cond[4:])
            y = y + pink(len(y), noise_db, rng)
        elif cond.startswith("hum"):
            noise_db = -float(cond[3:])
            y = y + hum(len(y), noise_db)
        elif cond == "breath_click":
            y = breaths_and_clicks(y, truth.pauses, rng) + white(len(y), -55.0, rng)
            noise_db = -55.0
        elif cond == "reverb":
            y = reverberant(y, rng) + white(len(y), -60.0, rng)
            noise_db = -60.0
        elif cond == "room_sounds":
            y = room_sounds(y, truth.pauses, rng) + white(len(y), -55.0, rng)
            noise_db = -55.0
        t = dataclasses.replace(truth, noise_db=noise_db)
        synth.write(out / f"{name}_{cond}.wav", np.clip(y, -1, 1).astype(np.float32), t)


def build_all(out: Path, conditions=CONDITIONS) -> None:
    for name, steps in SCRIPTS.items():
        render(name, steps, out, conditions)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "synthetic")
    ap.add_argument("--only", nargs="+", choices=CONDITIONS, default=CONDITIONS, help="conditions to render")
    args = ap.parse_args()
    build_all(args.out, args.only)


if __name__ == "__main__":
    main()
