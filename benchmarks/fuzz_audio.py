"""Fuzz the audio loader: every input is a report or one clear error; never a crash or a hang.

    python benchmarks/fuzz_audio.py [--cases 3000] [--seed 1]

A seeded generator (the same cases on every machine, so a failure can be replayed by its
number) writes hostile files: random bytes under audio names, real WAV/FLAC/OGG/MP3/M4A
files cut at random points, WAV headers with absurd sample rates, channel counts, sizes and
formats, zero-length data chunks, float WAVs full of NaN and infinity, 8-, 24-, 32- and 64-bit
WAVs, directories, FIFOs, unreadable files and dangling links. Each goes to
``rehearse.capture.load_audio`` in this process under a 10-s alarm; the outcome must be an
``Audio`` of finite samples in [-1, 1] or an ``AudioError``. Peak memory of the whole run
is printed (the test asserts it stays under 1 GB). tests/test_fuzz_audio.py runs 300 cases,
and a handful through the real command line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import stat
import struct
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASE_TIMEOUT_S = 10  # a case taking longer counts as a hang
AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3", ".m4a", ".aac", ".opus", ".webm", ".aiff")
SR = 16000


@dataclass(frozen=True)
class Case:
    number: int
    kind: str
    path: Path


@dataclass(frozen=True)
class Result:
    number: int
    kind: str
    outcome: str  # "audio", "error" or "FAIL"
    detail: str  # the error line, or what went wrong
    seconds: float


def _speech(rng: random.Random) -> np.ndarray:
    """A couple of seconds of something like a voice: real speech if the sample is here."""
    import soundfile as sf

    sample = ROOT / "recordings" / "tell-me-about-yourself.wav"
    if sample.is_file():
        y, _ = sf.read(str(sample), dtype="float32", frames=SR * 3, start=rng.randrange(0, SR * 30))
        return y
    t = np.arange(SR * 3) / SR
    return (0.3 * np.sin(2 * np.pi * 180 * t) * (np.sin(2 * np.pi * 3 * t) > 0)).astype(np.float32)


def _wav_header(*, fmt_tag=1, channels=1, sr=SR, bits=16, data_bytes=None, fmt_size=16,
                riff_size=None, extra=b"", payload=b"") -> bytes:
    block = max(1, channels * bits // 8) & 0xFFFF
    data_bytes = len(payload) if data_bytes is None else data_bytes
    fmt = struct.pack("<HHIIHH", fmt_tag & 0xFFFF, channels & 0xFFFF, sr & 0xFFFFFFFF,
                      (sr * block) & 0xFFFFFFFF, block, bits & 0xFFFF) + extra
    body = (b"WAVE" + b"fmt " + struct.pack("<I", fmt_size & 0xFFFFFFFF) + fmt
            + b"data" + struct.pack("<I", data_bytes & 0xFFFFFFFF) + payload)
    size = len(body) if riff_size is None else riff_size
    return b"RIFF" + struct.pack("<I", size & 0xFFFFFFFF) + body


def _real_file(rng: random.Random, folder: Path, n: int) -> Path:
    from tests.audio_files import write_any

    suffix = rng.choice((".wav", ".flac", ".ogg", ".mp3", ".m4a"))
    sr = rng.choice((8000, 16000, 22050, 44100, 48000))
    y = _speech(rng)
    if sr != SR:
        y = np.interp(np.arange(int(len(y) * sr / SR)) * SR / sr, np.arange(len(y)), y).astype(np.float32)
    return write_any(folder / f"real-{n}{suffix}", y, sr, channels=rng.choice((1, 2)))


def generate(n: int, rng: random.Random, folder: Path) -> Case:
    """Case ``n``: its kind chosen by the seeded ``rng``; the file written into ``folder``."""
    kind = rng.choice(("random bytes", "truncated", "truncated", "absurd header", "absurd header",
                       "zero-length data", "nan/inf float", "bit depths", "bit depths",
                       "not a file", "flipped bytes"))
    path = folder / f"case-{n}{rng.choice(AUDIO_SUFFIXES)}"
    if kind == "random bytes":
        size = rng.choice((0, 1, 4, 44, 100, 4096, 65536))
        head = rng.choice((b"", b"RIFF", b"fLaC", b"OggS", b"ID3", b"\xff\xfb", b"\0\0\0 ftypM4A "))
        path.write_bytes(head + rng.randbytes(size))
    elif kind == "truncated":
        data = _real_file(rng, folder, n).read_bytes()
        path = path.with_suffix(_real_suffix(folder, n))
        path.write_bytes(data[: rng.randrange(0, len(data) + 1)])
    elif kind == "flipped bytes":
        data = bytearray(_real_file(rng, folder, n).read_bytes())
        for _ in range(rng.choice((1, 8, 64))):
            i = rng.randrange(len(data))
            data[i] = rng.randrange(256)
        path = path.with_suffix(_real_suffix(folder, n))
        path.write_bytes(bytes(data))
    elif kind == "absurd header":
        payload = (np.clip(_speech(rng), -1, 1) * 32767).astype("<i2").tobytes()[: rng.choice((0, 2, 1000, 96000))]
        path = path.with_suffix(".wav")
        path.write_bytes(_wav_header(
            fmt_tag=rng.choice((1, 1, 3, 0, 2, 0x55, 0xFFFE, 0xFFFF)),
            channels=rng.choice((1, 2, 0, 3, 255, 65535)),
            sr=rng.choice((SR, 0, 1, 7, 96000, 384000, 2**31 - 1, 2**32 - 1)),
            bits=rng.choice((16, 0, 1, 7, 12, 24, 40, 64, 65535)),
            data_bytes=rng.choice((None, 0, 1, 2**31, 2**32 - 1)),
            fmt_size=rng.choice((16, 16, 18, 40, 0, 2**32 - 1)),
            riff_size=rng.choice((None, 0, 4, 2**32 - 1)),
            payload=payload))
    elif kind == "zero-length data":
        path = path.with_suffix(".wav")
        path.write_bytes(_wav_header(payload=b"", data_bytes=rng.choice((0, 0, 100000))))
    elif kind == "nan/inf float":
        import soundfile as sf

        y = _speech(rng).astype(np.float64)
        bad = rng.choice((np.nan, np.inf, -np.inf, 1e30, -1e300))
        if rng.random() < 0.5:
            y[:] = bad
        else:
            y[rng.randrange(len(y))::rng.choice((1, 7, 1000))] = bad
        path = path.with_suffix(".wav")
        sf.write(str(path), y, SR, subtype=rng.choice(("FLOAT", "DOUBLE")))
    elif kind == "bit depths":
        import soundfile as sf

        path = path.with_suffix(".wav")
        sf.write(str(path), _speech(rng), rng.choice((8000, SR, 44100)),
                 subtype=rng.choice(("PCM_U8", "PCM_16", "PCM_24", "PCM_32", "FLOAT", "DOUBLE",
                                     "ULAW", "ALAW", "IMA_ADPCM", "MS_ADPCM", "GSM610")))
    else:
        what = rng.choice(("directory", "fifo", "unreadable", "dangling link", "link loop",
                           "/dev/zero", "/dev/null"))
        kind = f"not a file: {what}"
        if what == "directory":
            path.mkdir()
        elif what == "fifo":
            os.mkfifo(path)
        elif what == "unreadable":
            path.write_bytes(_wav_header(payload=b"\0" * 64000))
            os.chmod(path, 0)
        elif what == "dangling link":
            path.symlink_to(folder / "nothing-here.wav")
        elif what == "link loop":
            path.symlink_to(path)
        else:
            path = Path(what)
    return Case(n, kind, path)


def _real_suffix(folder: Path, n: int) -> str:
    return next(folder.glob(f"real-{n}.*")).suffix


class _Hang(Exception):
    pass


def _alarm(signum, frame):
    raise _Hang()


def run_case(case: Case) -> Result:
    from rehearse.capture import load_audio
    from rehearse.errors import AudioError

    t0 = time.monotonic()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(CASE_TIMEOUT_S)
    try:
        audio = load_audio(case.path)
        ok = np.isfinite(audio.y).all() and np.abs(audio.y).max(initial=0) <= 1.0
        outcome, detail = ("audio", f"{audio.duration_s:.2f} s") if ok else ("FAIL", "samples not finite or beyond [-1, 1]")
    except AudioError as exc:
        text = str(exc)
        outcome, detail = ("error", text) if "\n" not in text and text else ("FAIL", f"not one line: {text!r}")
    except _Hang:
        outcome, detail = "FAIL", f"hang: more than {CASE_TIMEOUT_S} s"
    except Exception as exc:  # anything else would be a traceback at the command line
        outcome, detail = "FAIL", f"{type(exc).__name__}: {exc}"
    finally:
        signal.alarm(0)
    return Result(case.number, case.kind, outcome, detail[:200], round(time.monotonic() - t0, 3))


def fuzz(cases: int, seed: int, folder: Path) -> list[Result]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for n in range(cases):
        results.append(run_case(generate(n, rng, folder)))
    for p in folder.iterdir():  # unreadable files must not trouble the clean-up
        if not p.is_symlink() and p.is_file():
            os.chmod(p, stat.S_IRUSR | stat.S_IWUSR)
    return results


def peak_rss_mb() -> float:
    """This process's own peak resident memory. Not getrusage's ru_maxrss: on Linux that keeps
    the high-water mark of the process it was forked from (a 1-GB pytest showed as 1,086 MB
    here, where this process itself peaked at 85 MB)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="one JSON object: results and peak memory")
    a = ap.parse_args()
    import tempfile

    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="rehearse-fuzz-") as tmp:
        results = fuzz(a.cases, a.seed, Path(tmp))
    took = time.monotonic() - t0
    if a.json:
        print(json.dumps({"peak_rss_mb": peak_rss_mb(), "seconds": took,
                          "results": [r.__dict__ for r in results]}))
        return
    kinds = Counter(r.kind.split(":")[0] for r in results)
    outcomes = Counter(r.outcome for r in results)
    slowest = max(results, key=lambda r: r.seconds)
    print(f"{len(results)} cases (seed {a.seed}) in {took:.1f} s: {dict(outcomes)}; "
          f"kinds {dict(kinds)}; slowest case {slowest.number} ({slowest.kind}) "
          f"{slowest.seconds:.2f} s; peak memory {peak_rss_mb():.0f} MB")
    for r in results:
        if r.outcome == "FAIL":
            print(f"  FAIL case {r.number} ({r.kind}): {r.detail}")


if __name__ == "__main__":
    main()
