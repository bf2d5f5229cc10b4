"""Build the long-answer set: the truthed items joined end to end into answers of 2 to 10
minutes, which Whisper decodes over many 30-s windows, with exact ground truth.

    .venv/bin/python benchmarks/build_long_set.py --out /tmp/long
    .venv/bin/python benchmarks/accuracy.py --classes /tmp/long

Nothing is committed: the answers are joined at run time from the synthetic set
(``build_synthetic_set.py``) and the failure-class set (``build_classes_set.py``), each built
first if its folder is empty. Answers (``ANSWERS``):

- four of 1.8 minutes: the three synthetic scripts (analyst, conflict, weakness) under one
  condition, then the same three under the condition of the nearest noise floor (the set has
  no second noise like pink -35 dB: in ``pink35_white35`` the noise turns white halfway);
- ``classes``: the 11 items of the failure-class set (one real speaker, spliced), 2.3 min;
- ``everything``: all 35 items, 9.5 minutes, conditions ordered by noise floor so that it
  changes 8 times (clean, reverb, breaths, room sounds, white -45, hum, pink, white -35, then
  the real speaker).

Items are joined at their speech: the pause between the last sound of one item and the first
of the next is drawn per join from ``JOIN_PAUSE_S`` (seeded by the answer's name), and is
filled with the items' own room tone, never new silence: the end of the left item (its
reverb tail rings out there) crossfaded into the start of the right one, the right one's
leading tone repeated only if the two are too short. The truth (``devtools.synth.Truth``, the
items' own format) is the items' truth shifted to where each item landed, plus each join as a
true pause. Each answer's make-up is written beside it as ``NAME.parts.json``.

All items are 16 kHz mono; ``load_audio`` would resample any that were not. The real
speaker's speech is 10 dB quieter than the synthetic voice (loud frames, ``LEVEL_PERCENTILE``);
in ``everything`` its items are raised (room tone and all) towards the rest, as far as its
peaks allow without clipping (+5.8 dB).
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # devtools/ and rehearse/ live beside benchmarks/
sys.path.insert(0, str(HERE))
from build_classes_set import _tone  # noqa: E402
from devtools import synth  # noqa: E402

SR = synth.SAMPLE_RATE
JOIN_PAUSE_S = (0.6, 1.2)
CROSSFADE_S = 0.02  # where two items' room tones meet: no step in the noise, no click
MIN_LEAD_S = 0.1  # of the right item's own tone kept before its speech at a join
LEVEL_FRAME_S = 0.05
LEVEL_PERCENTILE = 95  # the loud frames of speech: a level the pauses inside do not pull down
SCRIPTS = ("analyst", "conflict", "weakness")
# Neighbours by noise floor: digital silence, -60 dB, -55 dB (breaths, room sounds), -45 dB...
CONDITION_ORDER = ("clean", "reverb", "breath_click", "room_sounds", "white45", "hum40", "pink35", "white35")
CLASSES = ("vanish_a", "vanish_b", "vanish_c", "long_a", "long_b", "held_a", "held_b",
           "lone_a", "lone_b", "short_a", "short_b")
ANSWERS: dict[str, list[str]] = {
    **{f"{a}_{b}": [f"{s}_{c}" for c in (a, b) for s in SCRIPTS]
       for a, b in zip(CONDITION_ORDER[::2], CONDITION_ORDER[1::2])},
    "classes": [f"classes/{n}" for n in CLASSES],
    "everything": [f"{s}_{c}" for c in CONDITION_ORDER for s in SCRIPTS] + [f"classes/{n}" for n in CLASSES],
}


@dataclass(frozen=True)
class Piece:
    """One truthed item: its samples at ``SR`` and its truth as written beside it."""

    id: str
    y: np.ndarray
    truth: dict
    source: tuple[int, int]  # the file's sample rate and channels

    @property
    def start(self) -> int:  # first sample of speech
        return int(round(self.truth["speech_start_s"] * SR))

    @property
    def end(self) -> int:  # first sample after speech
        return int(round(self.truth["speech_end_s"] * SR))


def load_piece(wav: Path, item_id: str) -> Piece:
    from rehearse.capture import load_audio

    audio = load_audio(wav, sr=SR)  # mono at SR whatever the file holds
    truth = json.loads(wav.with_suffix(".truth.json").read_text())
    return Piece(item_id, audio.y.astype(np.float32), truth, (audio.source_sr, audio.source_channels))


def speech_level_db(p: Piece) -> float:
    """Level of the loud frames of ``p``'s speech (dBFS)."""
    y = p.y[p.start:p.end].astype(np.float64)
    n = int(LEVEL_FRAME_S * SR)
    frames = y[:len(y) // n * n].reshape(-1, n)
    return float(np.percentile(10 * np.log10(np.mean(frames**2, axis=1) + 1e-12), LEVEL_PERCENTILE))


def join(pieces: list[Piece], *, seed: int) -> tuple[np.ndarray, synth.Truth, list[dict]]:
    """``pieces`` end to end, a pause from ``JOIN_PAUSE_S`` between each one's speech and
    the next's: (samples, truth, where each piece landed)."""
    rng = np.random.default_rng(seed)
    xf = int(CROSSFADE_S * SR)
    pause_n = [int(round(rng.uniform(*JOIN_PAUSE_S) * 100)) * SR // 100 for _ in pieces[1:]]
    # Each piece keeps pieces[i].y[cut_a[i]:cut_b[i]]; cut_a < 0 asks for repeated tone in front.
    cut_a, cut_b = [0], []
    for left, right, n in zip(pieces, pieces[1:], pause_n):
        kept_tail = min(len(left.y) - left.end, n - min(int(MIN_LEAD_S * SR), right.start))
        cut_b.append(left.end + kept_tail)
        cut_a.append(right.start - (n - kept_tail) - xf)  # xf more to crossfade under the tail
    cut_b.append(len(pieces[-1].y))
    out, parts, pauses, fillers = np.zeros(0, np.float32), [], [], []
    for i, p in enumerate(pieces):
        a, b = cut_a[i], cut_b[i]
        y = p.y[max(a, 0):b]
        if a < 0:
            lead = p.y[:max(p.start - xf, 1)]
            y = np.concatenate([_tone(lead, -a / SR, rng)[:-a], y])
        at = len(out) - (xf if i else 0)  # joined sample of y[0]
        if i:
            ramp = np.linspace(0.0, 1.0, xf, dtype=np.float32)
            out[at:] = out[at:] * ramp[::-1] + y[:xf] * ramp
            y = y[xf:]
        out = np.concatenate([out, y])
        shift = (at - a) / SR  # item time + shift = joined time
        t = p.truth
        if i:
            pauses.append((round(parts[-1]["speech_end_s"], 3), round(t["speech_start_s"] + shift, 3)))
        pauses += [(round(s + shift, 3), round(e + shift, 3)) for s, e in t["pauses"]]
        fillers += [(round(s + shift, 3), round(e + shift, 3), k) for s, e, k in t["fillers"]]
        parts.append({"id": p.id, "shift_s": round(shift, 4), "speech_start_s": t["speech_start_s"] + shift,
                      "speech_end_s": t["speech_end_s"] + shift, "word_count": t["word_count"],
                      "noise_db": t.get("noise_db"), "voice": t.get("voice", "")})
    noise = {q["noise_db"] for q in parts}
    truth = synth.Truth(
        duration_s=round(len(out) / SR, 3), speech_start_s=round(parts[0]["speech_start_s"], 3),
        speech_end_s=round(parts[-1]["speech_end_s"], 3),
        text=" ".join(p.truth["text"] for p in pieces), word_count=sum(q["word_count"] for q in parts),
        pauses=pauses, fillers=fillers, noise_db=noise.pop() if len(noise) == 1 else None,
        voice=" + ".join(dict.fromkeys(q["voice"] for q in parts)))
    for q in parts:
        q["speech_start_s"], q["speech_end_s"] = round(q["speech_start_s"], 3), round(q["speech_end_s"], 3)
    return out, truth, parts


def _sources(synthetic: Path, classes: Path) -> dict[str, Path]:
    """Item id -> its WAV, building either set first if its folder holds none."""
    if not any(synthetic.glob("*.truth.json")):
        from build_synthetic_set import build_all

        build_all(synthetic)
    if not any(classes.glob("*.truth.json")):
        from build_classes_set import build_all as build_classes

        build_classes(classes)
    found = {w.stem: w for w in synthetic.glob("*.wav")}
    found |= {f"classes/{w.stem}": w for w in classes.glob("*.wav")}
    return found


def build_all(out: Path, synthetic: Path, classes: Path, answers: dict[str, list[str]] = ANSWERS) -> list[str]:
    """Write every answer of ``answers`` to ``out``; one line per answer saying what it holds."""
    wavs = _sources(synthetic, classes)
    missing = sorted({i for ids in answers.values() for i in ids} - wavs.keys())
    if missing:
        raise SystemExit(f"items missing from {synthetic} / {classes}: {', '.join(missing)}")
    pieces = {i: load_piece(wavs[i], i) for ids in answers.values() for i in ids}
    synthetic_db = np.median([speech_level_db(p) for i, p in pieces.items() if not i.startswith("classes/")])
    classes_db = np.median([speech_level_db(p) for i, p in pieces.items() if i.startswith("classes/")])
    sources = ", ".join(f"{sr} Hz x {ch}" for sr, ch in sorted({p.source for p in pieces.values()}))
    lines = [f"items read: {sources} (resampled to {SR} Hz mono where not)",
             f"speech level (loud frames, median): synthetic {synthetic_db:.1f} dBFS, "
             f"classes {classes_db:.1f} dBFS"]
    for name, ids in answers.items():
        chosen = [pieces[i] for i in ids]
        mixed = len({i.startswith("classes/") for i in ids}) > 1
        gain_db = 0.0
        if mixed:  # one speaker's level through the answer, as one microphone would give
            gain_db = float(synthetic_db - classes_db)
            peak = max(np.abs(p.y).max() for p in chosen if p.id.startswith("classes/"))
            gain_db = min(gain_db, -1.0 - 20 * float(np.log10(peak)))  # never clip
            g = np.float32(10 ** (gain_db / 20))
            chosen = [Piece(p.id, p.y * g, p.truth, p.source) if p.id.startswith("classes/") else p for p in chosen]
        y, truth, parts = join(chosen, seed=zlib.crc32(name.encode()))
        path = out / f"{name}.wav"
        synth.write(path, np.clip(y, -1, 1).astype(np.float32), truth)
        path.with_suffix(".parts.json").write_text(json.dumps(
            {"classes_gain_db": round(gain_db, 1), "parts": parts}, indent=1) + "\n")
        joins = [b["speech_start_s"] - a["speech_end_s"] for a, b in zip(parts, parts[1:])]
        lines.append(
            f"{name}: {truth.duration_s / 60:.1f} min, {len(parts)} items, {truth.word_count} words, "
            f"{sum(b - a >= 0.3 - 1e-6 for a, b in truth.pauses)} pauses >= 0.3 s, {len(truth.fillers)} fillers; "
            f"joins {min(joins):.2f}-{max(joins):.2f} s" + (f"; real speaker +{gain_db:.1f} dB" if gain_db else "")
            + "\n    " + " ".join(i.removeprefix("classes/") for i in ids))
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/long"))
    ap.add_argument("--synthetic", type=Path, default=HERE / "data" / "synthetic")
    ap.add_argument("--classes", type=Path, default=HERE / "data" / "classes")
    args = ap.parse_args()
    for line in build_all(args.out, args.synthetic, args.classes):
        print(line)


if __name__ == "__main__":
    main()
