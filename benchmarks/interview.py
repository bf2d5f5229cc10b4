"""How long after an answer ends the interviewer speaks again, through the real audio stack.

    python benchmarks/interview.py [--runs 2]

A private PulseAudio daemon (tests/virtual_mic.py): the answers are played into its pipe
source in real time, the interviewer speaks into its null sink, whose monitor is recorded
here with arrival times. `rehearse --debug interview` logs (on the shared monotonic clock)
when it decided an answer was over (the silence detected) and when it asked the sound card
to play the next question; the monitor says when the question was actually heard.

Run 1 starts with an empty voice cache (cold), the later runs reuse it (warm). Each run asks
two questions; every answer is told as "we", so each question gets a follow-up, which waits
for the analysis of the answer it follows. Baseline in the same run: a cached question
played with sounddevice alone, from the request to the sound at the monitor (the audio
stack's own start-up), and the synthesis of a new question (the voice loaded and not).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.virtual_mic import SR, VirtualMic  # noqa: E402

LOUD_DB = -45.0  # a 10-ms chunk at the monitor above this is the interviewer speaking
ANSWER = [("say", "We built a new billing system for our customers last spring."), ("pause", 0.5),
          ("say", "We planned the work together, and we split it into small parts."), ("pause", 0.5),
          ("say", "Our team met every morning, and we kept the plan simple and clear.")]


class Monitor:
    """Arrival time (monotonic) of every 10-ms chunk the null sink plays that is loud."""

    def __init__(self, env: dict):
        self.proc = subprocess.Popen(["parec", "-d", "null.monitor", "--format=s16le", f"--rate={SR}",
                                      "--channels=1", "--latency-msec=10"], env=env, stdout=subprocess.PIPE)
        self.loud: list[float] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while chunk := self.proc.stdout.read(SR // 100 * 2):
            x = np.frombuffer(chunk, "<i2").astype(np.float32) / 32768
            if 10 * np.log10(np.mean(x * x) + 1e-12) > LOUD_DB:
                self.loud.append(time.monotonic())

    def first_after(self, t: float) -> float | None:
        return next((x for x in list(self.loud) if x > t), None)

    def close(self) -> None:
        self.proc.terminate()


def one_session(mic: VirtualMic, answer: np.ndarray, env: dict, monitor: Monitor) -> dict:
    launched = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "rehearse", "--debug", "interview", "--questions", "2",
                             "--think", "0.5", "--end-silence", "1.5", "--max-seconds", "40", "--json"],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    over: list[tuple[float, str]] = []  # (t, kind of the next question)
    playing: list[tuple[float, str]] = []  # (t, "cached" or "synthesised": in this session, ahead of time)
    kinds: list[str] = []
    ready = float("nan")
    for raw in proc.stderr:
        line = raw.decode(errors="replace")
        if m := re.search(r"Recording answer (\d+) to ", line):
            mic.play(answer)
        elif m := re.search(r"answer \d+ over \(\w+\) at t=([\d.]+)", line):
            over.append(float(m.group(1)))
        elif m := re.search(r"session report ready at t=([\d.]+)", line):
            ready = float(m.group(1))
        elif m := re.search(r"question playing at t=([\d.]+) \((\w+)\)", line):
            playing.append((float(m.group(1)), m.group(2)))
        elif line.startswith("Follow-up: "):
            kinds.append("follow-up")
        elif re.match(r"Question \d+ of \d+: ", line):
            kinds.append("question")
    if proc.wait() != 0:
        sys.exit("the interview failed")
    heard = [monitor.first_after(t) for t, _ in playing]
    first_heard = heard[0] - launched if heard and heard[0] else float("nan")
    gaps = []
    for i, t_over in enumerate(over[:-1]):  # answer i ends -> question i + 1
        t_play, how = playing[i + 1]
        gaps.append({"next": kinds[i + 1], "to_request_s": t_play - t_over,
                     "to_sound_s": (heard[i + 1] or float("nan")) - t_over, "speech": how})
    return {"first_question_heard_s": first_heard, "gaps": gaps, "first": playing[0][1],
            "report_after_s": ready - over[-1]}


def baseline(env: dict, home: str, monitor: Monitor) -> dict:
    code = r"""
import time, json
t0 = time.monotonic()
from rehearse.speech import voice
load0 = time.monotonic(); voice.piper_voice(); load1 = time.monotonic()
s0 = time.monotonic(); voice.speak("How did you choose that approach over the others?"); s1 = time.monotonic()
voice.speak("What would you change if you did it again?"); s2 = time.monotonic()
sp = voice.speak("What was the outcome?")
from rehearse.capture.playback import find_output_device, play
dev = find_output_device(None)
r0 = time.monotonic(); play(sp.y, sr=sp.sr, device=dev)
print(json.dumps({"load_s": load1 - load0, "synth_s": s1 - s0, "synth2_s": s2 - s1, "request": r0}))
"""
    import json

    proc = subprocess.run([sys.executable, "-c", code], env={**env, "REHEARSE_HOME": home},
                          capture_output=True, text=True, check=True)
    out = json.loads(proc.stdout)
    heard = monitor.first_after(out["request"])
    return {"voice_load_s": out["load_s"], "new_question_synthesis_s": out["synth_s"],
            "next_new_question_synthesis_s": out["synth2_s"],
            "play_request_to_sound_s": (heard or float("nan")) - out["request"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2, help="sessions; the first with a cold cache")
    args = parser.parse_args()
    from devtools import synth

    answer, _ = synth.build(ANSWER, noise_db=-60.0, seed=1, vary=False, lead_s=0.3, tail_s=0.1)
    with tempfile.TemporaryDirectory() as tmp:
        mic = VirtualMic(Path(tmp) / "pulse")
        mic.start()
        home = str(Path(tmp) / "home")
        env = {**os.environ, **mic.env, "REHEARSE_HOME": home}
        monitor = Monitor(env)
        try:
            time.sleep(0.5)
            base = baseline(env, str(Path(tmp) / "base-home"), monitor)
            runs = [one_session(mic, answer, env, monitor) for _ in range(args.runs)]
        finally:
            monitor.close()
            mic.close()
    print(f"baseline: voice load {base['voice_load_s']:.2f} s, synthesis of a first new question "
          f"{base['new_question_synthesis_s']:.2f} s, of the next {base['next_new_question_synthesis_s']:.2f} s, "
          f"sounddevice play request -> sound at the sink "
          f"{base['play_request_to_sound_s']:.2f} s")
    for i, r in enumerate(runs):
        print(f"run {i + 1} ({'cold' if i == 0 else 'warm'} cache, first question {r['first']}): "
              f"launch -> first question heard {r['first_question_heard_s']:.2f} s; "
              f"last answer over -> session report ready {r['report_after_s']:.2f} s")
        for g in r["gaps"]:
            print(f"  answer over -> next {g['next']:9s} ({g['speech']}): play requested after "
                  f"{g['to_request_s']:.2f} s, heard after {g['to_sound_s']:.2f} s")
    for kind in ("question", "follow-up"):
        req = [g["to_request_s"] for r in runs for g in r["gaps"] if g["next"] == kind]
        snd = [g["to_sound_s"] for r in runs for g in r["gaps"] if g["next"] == kind]
        if req:
            print(f"median, answer over -> next {kind}: requested {statistics.median(req):.2f} s, "
                  f"heard {statistics.median(snd):.2f} s (n={len(req)})")


if __name__ == "__main__":
    main()
