"""Memory of `rehearse record` over a long answer, through a real (virtual) microphone.

    python benchmarks/record_memory.py [--minutes 10]

A private PulseAudio daemon with a pipe source plays the bundled answer, repeated, in real
time into `rehearse record --json` (live transcription on, as by default); the resident set
of the record process is read from /proc every second while the answer plays and while
the report is made after it. Printed: the resident set minute by minute (median and max),
its growth per minute while recording (a least-squares line from the second minute on,
with its standard error) next to what the audio itself takes (16 kHz float32: 3.66 MiB a
minute), the extrapolation to 60 minutes, and the peak while the report is made. It runs
in real time: 10 minutes take 10 minutes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from latency import answer, start_record  # noqa: E402
from tests.virtual_mic import SR, VirtualMic  # noqa: E402

AUDIO_MIB_PER_MIN = SR * 4 * 60 / 2**20


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    args = ap.parse_args()
    y = answer(args.minutes * 60)
    samples: list[tuple[float, float, str]] = []  # (seconds since the answer began, MiB, phase)
    with tempfile.TemporaryDirectory() as tmp:
        mic = VirtualMic(Path(tmp) / "pulse")
        mic.start()
        env = {**os.environ, **mic.env, "REHEARSE_HOME": str(Path(tmp) / "home"), "HF_HUB_OFFLINE": "1"}
        try:
            proc = start_record(y, env)
            # Both pipes drained as they fill: the report of a long answer is larger than a
            # pipe holds, and record would wait on it forever.
            err: list[bytes] = []
            outs: list[bytes] = []
            drains = [threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True),
                      threading.Thread(target=lambda: outs.append(proc.stdout.read()), daemon=True)]
            for drain in drains:
                drain.start()
            t0 = time.perf_counter()
            mic.play(y)
            phase = "recording"
            stopped = None
            while proc.poll() is None:
                now = time.perf_counter() - t0
                if stopped is None and mic.played_samples >= len(y) and now > len(y) / SR:
                    time.sleep(0.15)  # the last chunk reaches the recorder: the user presses Enter
                    proc.stdin.close()
                    proc.stdin = None
                    stopped, phase = now, "report"
                mib = rss_mib(proc.pid)
                if mib is not None:
                    samples.append((now, mib, phase))
                time.sleep(1.0 if phase == "recording" else 0.05)
            for drain in drains:
                drain.join(timeout=5)
            out = b"".join(outs)
            if proc.returncode != 0:
                sys.exit(f"record failed ({proc.returncode}):\n{b''.join(err).decode()[-2000:]}")
        finally:
            mic.close()
    rec = np.array([(t, m) for t, m, ph in samples if ph == "recording"])
    report_peak = max(m for _, m, ph in samples if ph == "report")
    late = rec[rec[:, 0] >= 60]
    (slope, intercept), cov = np.polyfit(late[:, 0] / 60, late[:, 1], 1, cov=True)
    print(f"machine: {os.cpu_count()} cores; a {len(y) / SR / 60:.1f}-minute answer through the virtual "
          f"microphone, live transcription on; report JSON {len(out)} bytes")
    # Per minute, the median and the largest of its one-second samples: a chunk being
    # decoded adds ~50 MiB for a second or two, so a single sample says little.
    print("\n| minute | resident set of `rehearse record`, median | max |\n|---|---|---|")
    for minute in range(int(rec[-1, 0] // 60) + 1):
        inside = rec[(rec[:, 0] >= minute * 60) & (rec[:, 0] < (minute + 1) * 60), 1]
        if inside.size:
            print(f"| {minute}-{minute + 1} | {np.median(inside):.0f} MiB | {inside.max():.0f} MiB |")
    print(f"\nwhile recording: {slope:+.2f} MiB a minute (± {np.sqrt(cov[0, 0]):.2f}; least squares over "
          f"{len(late)} samples from minute 1; the audio itself is "
          f"{AUDIO_MIB_PER_MIN:.2f} MiB a minute); max {rec[:, 1].max():.0f} MiB")
    print(f"extrapolated to 60 minutes of recording: {intercept + slope * 60:.0f} MiB")
    print(f"peak while the report is made after the answer: {report_peak:.0f} MiB")


if __name__ == "__main__":
    main()
