"""How long `rehearse analyze` takes next to bare faster-whisper, measured in the same run.

    python benchmarks/speed.py [--file F] [--runs 3] [--model tiny.en]

Both run as fresh processes that load the model, decode the file and transcribe it with the
same options, so the ratio is what rehearse adds: signal analysis, feedback, rendering.
Without --file a 2-minute answer is built from the bundled sample.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def two_minute_answer(out: Path) -> Path:
    import numpy as np
    import soundfile as sf

    y, sr = sf.read(ROOT / "recordings" / "tell-me-about-yourself.wav", dtype="float32")
    reps = int(np.ceil(120 * sr / len(y)))
    sf.write(out, np.tile(y, reps)[: 120 * sr], sr)
    return out


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--model", default="tiny.en")
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        audio = Path(args.file) if args.file else two_minute_answer(Path(tmp) / "answer-2min.wav")
        env_home = {"REHEARSE_HOME": tmp}
        os.environ.update(env_home)
        rows = {
            "python -c pass (baseline for --help)": [py, "-c", "pass"],
            "rehearse --help": [py, "-m", "rehearse", "--help"],
            "bare faster-whisper (baseline)": [py, str(ROOT / "benchmarks" / "_bare_whisper.py"), str(audio), args.model],
            "rehearse analyze --json --no-save": [py, "-m", "rehearse", "analyze", str(audio), "--json", "--no-save", "--model", args.model],
        }
        results = {}
        for name, cmd in rows.items():
            walls = []
            for _ in range(args.runs):
                wall, _ = timed(cmd)
                walls.append(wall)
            results[name] = statistics.median(walls)
        # Peak memory: one more run of each heavy command alone, so the children's maximum is its own.
        mem = {}
        for name in ("bare faster-whisper (baseline)", "rehearse analyze --json --no-save"):
            out = subprocess.run([py, "-c", (
                "import resource,subprocess,sys;subprocess.run(sys.argv[1:],capture_output=True);"
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"), *rows[name]],
                capture_output=True, text=True)
            mem[name] = int(out.stdout.strip()) / 1024
    import soundfile as sf

    dur = sf.info(str(audio)).duration if args.file else 120.0
    print(f"machine: {os.cpu_count()} cores; audio {dur:.0f} s; model {args.model}; median of {args.runs} runs")
    print(f"{'command':44} {'wall s':>8} {'x realtime':>10} {'peak MiB':>9}")
    for name, wall in results.items():
        print(f"{name:44} {wall:8.2f} {wall / dur:10.3f} {mem.get(name, float('nan')):9.0f}")
    ratio = results["rehearse analyze --json --no-save"] / results["bare faster-whisper (baseline)"]
    print(f"\nanalyze / bare faster-whisper: {ratio:.3f}  (target <= 1.15)")
    print(f"--help: {results['rehearse --help']:.3f} s, "
          f"{results['rehearse --help'] / results['python -c pass (baseline for --help)']:.1f} x bare python start (target <= 0.3 s)")


if __name__ == "__main__":
    main()
