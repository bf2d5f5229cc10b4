"""Peak memory and time of `rehearse analyze` against bare faster-whisper, by length of audio.

    python benchmarks/memory.py [--minutes 2 10 60] [--runs 1] [--model tiny.en]

For each length a 16-kHz answer is built from the bundled sample and the shared corpus
joined end to end (no two neighbours the same), and three fresh processes run on it one
after the other, never at once (with --runs N, analyze and bare alternate N times and
the medians are shown: timings on a shared machine move by 10-20 % from run to run):
  - `rehearse analyze --json --no-save`;
  - bare faster-whisper with the same model and options (benchmarks/_bare_whisper.py);
  - the signal features alone (`compute_features` on the loaded audio): the peak of the
    resident set while they run (sampled every 2 ms) above what it was before, and their time.
Peak memory is the child's maximum resident set (getrusage RUSAGE_CHILDREN, read in a
fresh parent per child so that it is that child's own).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("REHEARSE_CORPUS", ROOT.parent / "shared" / "corpus"))
SR = 16000

_MEASURE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t
print(json.dumps({"rc": proc.returncode, "wall_s": wall, "err": proc.stderr[-400:],
                  "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

_FEATURES = """
import json, sys, threading, time
from rehearse.capture.audio import load_audio
from rehearse.measure import compute_features
from rehearse.speech import vad

def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20

audio = load_audio(sys.argv[1])
vad._session()  # the network's runtime is counted once, in analyze, not here
before = peak = rss()
done = False
def sample():
    global peak
    while not done:
        peak = max(peak, rss())
        time.sleep(0.002)
sampler = threading.Thread(target=sample)
sampler.start()
t = time.perf_counter()
compute_features(audio.y, sr=audio.sr)
wall = time.perf_counter() - t
done = True
sampler.join()
print(json.dumps({"extra_mib": peak - before, "wall_s": wall, "loaded_mib": before}))
"""


def build_answer(out: Path, minutes: float) -> Path:
    """The bundled sample, then every corpus recording, over and over, to ``minutes``."""
    import numpy as np
    import soundfile as sf

    sources = [ROOT / "recordings" / "tell-me-about-yourself.wav"]
    sources += sorted((CORPUS / "audio").glob("*.wav")) if (CORPUS / "audio").is_dir() else []
    pieces = []
    for path in sources:
        y, sr = sf.read(path, dtype="float32")
        if y.ndim > 1:
            y = y.mean(axis=1)
        if sr != SR:
            raise SystemExit(f"{path}: {sr} Hz, expected {SR}")
        pieces.append(y)
    need = int(minutes * 60 * SR)
    with sf.SoundFile(out, "w", SR, 1, subtype="PCM_16") as f:
        written, i = 0, 0
        while written < need:  # written piece by piece: an hour of float32 is 230 MB
            piece = pieces[i % len(pieces)][: need - written]
            f.write(piece)
            written += len(piece)
            i += 1
    return out


def measure(cmd: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True,
                         env={**os.environ, "HF_HUB_OFFLINE": "1"})
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result['err']}")
    return result


def features_alone(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _FEATURES, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _median(results: list[dict]) -> dict:
    import statistics

    return {key: statistics.median([r[key] for r in results]) for key in ("peak_mib", "wall_s")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, nargs="+", default=[2, 10, 60])
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--model", default="tiny.en")
    args = ap.parse_args()
    py = sys.executable
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REHEARSE_HOME"] = tmp
        for minutes in args.minutes:
            audio = build_answer(Path(tmp) / f"answer-{minutes:g}min.wav", minutes)
            runs = []
            for _ in range(args.runs):
                runs.append((measure([py, "-m", "rehearse", "analyze", str(audio), "--json", "--no-save", "--model", args.model]),
                             measure([py, str(ROOT / "benchmarks" / "_bare_whisper.py"), str(audio), args.model])))
                print(f"{minutes:g} min, one run: analyze {runs[-1][0]['peak_mib']:.0f} MiB {runs[-1][0]['wall_s']:.1f} s; "
                      f"bare {runs[-1][1]['peak_mib']:.0f} MiB {runs[-1][1]['wall_s']:.1f} s", flush=True)
            analyze, bare = (_median([r[i] for r in runs]) for i in (0, 1))
            feats = features_alone(audio)
            rows.append((minutes, analyze, bare, feats))
            print(f"{minutes:g} min: analyze {analyze['peak_mib']:.0f} MiB {analyze['wall_s']:.1f} s; "
                  f"bare {bare['peak_mib']:.0f} MiB {bare['wall_s']:.1f} s; features +{feats['extra_mib']:.0f} MiB "
                  f"{feats['wall_s']:.1f} s", flush=True)
            audio.unlink()
    print(f"\nmachine: {os.cpu_count()} cores; model {args.model}; median of {args.runs} run(s) each, "
          f"one process at a time\n")
    print("| audio | rehearse analyze | bare faster-whisper | analyze - bare | analyze / bare time | signal features alone |")
    print("|---|---|---|---|---|---|")
    for minutes, analyze, bare, feats in rows:
        print(f"| {minutes:g} min | {analyze['peak_mib']:.0f} MiB, {analyze['wall_s']:.1f} s "
              f"| {bare['peak_mib']:.0f} MiB, {bare['wall_s']:.1f} s "
              f"| {analyze['peak_mib'] - bare['peak_mib']:+.0f} MiB (target <= +150) "
              f"| {analyze['wall_s'] / bare['wall_s']:.3f} (target <= 1.10) "
              f"| +{feats['extra_mib']:.0f} MiB over the process with the audio loaded ({feats['loaded_mib']:.0f} MiB), {feats['wall_s']:.1f} s |")


if __name__ == "__main__":
    main()
