"""Time from the end of an answer to the full report, through a real (virtual) microphone.

    python benchmarks/latency.py [--runs 3] [--seconds 120]

A private PulseAudio daemon with a pipe source plays a spoken answer in real time into
`rehearse record --json`; when the last sample has been fed, stdin is closed (what Enter
does) and the clock runs until the report is out. Baseline in the same run: `rehearse
analyze` on the saved recording, i.e. what the user would wait without live transcription.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.virtual_mic import SR, VirtualMic  # noqa: E402


STOP_AFTER_S = 0.8  # the user presses Enter this long after their last word


def answer(seconds: float) -> np.ndarray:
    """About ``seconds`` of the bundled answer (repeated), ending after a whole sentence."""
    path = ROOT / "recordings" / "tell-me-about-yourself.wav"
    y, sr = sf.read(path, dtype="float32")
    assert sr == SR
    truth = json.loads(path.with_suffix(".truth.json").read_text())
    reps = int(np.ceil(seconds * sr / len(y)))
    period = len(y) / sr
    ends = [k * period + a for k in range(reps) for a, b in truth["pauses"] if b - a >= STOP_AFTER_S]
    ends += [k * period + truth["speech_end_s"] for k in range(reps)]
    end = max(t for t in ends if t <= seconds)  # the last word before the limit
    return np.tile(y, reps)[: int((end + STOP_AFTER_S) * sr)]


def start_record(y: np.ndarray, env: dict) -> subprocess.Popen:
    """`rehearse record --json` for an answer of ``y``, returned once it records."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "rehearse", "record", "--json", "--no-countdown",
         "--max-seconds", str(len(y) / SR + 60), "--question", "Tell me about yourself"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    line = proc.stderr.readline().decode()
    while not line.startswith("Recording to "):
        if not line:
            sys.exit("record did not start: " + proc.stderr.read().decode())
        line = proc.stderr.readline().decode()
    return proc


def one_run(mic: VirtualMic, y: np.ndarray, env: dict) -> tuple[float, float, Path]:
    proc = start_record(y, env)
    mic.play(y)
    mic.wait_done(timeout=len(y) / SR + 60)
    time.sleep(0.15)  # the last 100-ms chunk reaches the recorder: the user presses Enter
    t_stop = time.perf_counter()
    proc.stdin.close()  # "Enter": the user stops
    proc.stdin = None  # communicate() must not touch it again
    out, err = proc.communicate(timeout=300)
    latency = time.perf_counter() - t_stop
    if proc.returncode != 0:
        sys.exit(f"record failed ({proc.returncode}):\n{err.decode()}")
    report = json.loads(out)
    path = Path(re.search(r"Recording saved: (.+\.wav)", err.decode()).group(1).strip())
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rehearse", "analyze", str(path), "--json", "--no-save"],
                   check=True, capture_output=True, env=env)
    offline = time.perf_counter() - t
    assert report["word_count"] > 0
    return latency, offline, path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=120.0)
    args = ap.parse_args()
    y = answer(args.seconds)
    with tempfile.TemporaryDirectory() as tmp:
        mic = VirtualMic(Path(tmp) / "pulse")
        mic.start()
        env = {**os.environ, **mic.env, "REHEARSE_HOME": str(Path(tmp) / "home"), "HF_HUB_OFFLINE": "1"}
        try:
            results = [one_run(mic, y, env) for _ in range(args.runs)]
        finally:
            mic.close()
    live = [r[0] for r in results]
    offline = [r[1] for r in results]
    print(f"machine: {os.cpu_count()} cores; answer {args.seconds:.0f} s through the virtual microphone; "
          f"{args.runs} runs")
    print(f"end of answer -> report (record, live transcription): median {statistics.median(live):.2f} s  "
          f"runs {', '.join(f'{x:.2f}' for x in live)}  (target <= 1.5 s)")
    print(f"baseline: rehearse analyze on the saved file:          median {statistics.median(offline):.2f} s  "
          f"runs {', '.join(f'{x:.2f}' for x in offline)}")
    print(f"ratio live / baseline: {statistics.median(live) / statistics.median(offline):.2f}")


if __name__ == "__main__":
    main()
