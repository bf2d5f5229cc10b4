"""`rehearse interview` through the real audio stack: the interviewer speaks into the private
PulseAudio daemon's null sink (recorded from its monitor source), the answers come from the
virtual microphone, the real model analyses them, the real SQLite history keeps them.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
import soundfile as sf

from tests.conftest import run_cli
from tests.test_record import MATCH_DB, Recording, _align, _residual_db, mic  # noqa: F401  (the fixture)
from tests.virtual_mic import SR

MONITOR = "null.monitor"  # the null sink's monitor: what the "speakers" played
LOUD_DB = -45.0  # 10-ms frames above this at the monitor are the interviewer speaking
GAP_S = 1.0  # quieter stretches shorter than this are inside one utterance (a comma, a full stop)
FAST = ["--think", "0.3", "--end-silence", "1.5", "--max-seconds", "40"]

# Answers told only as "we": the interviewer asks for the speaker's own part.
ALL_WE = [("say", "We built a new billing system for our customers last spring."), ("pause", 0.5),
          ("say", "We planned the work together, and we split it into small parts."), ("pause", 0.5),
          ("say", "Our team met every morning, and we kept the plan simple and clear.")]
OWN_PART = [("say", "I wrote the plan myself, and I checked every part before it shipped."),
            ("pause", 0.5),
            ("say", "I also talked to three customers each week to hear what they needed."),
            ("pause", 0.5), ("say", "That work cut the support calls in half by the summer.")]


def _speech(steps) -> np.ndarray:
    from devtools import synth

    y, _ = synth.build(steps, noise_db=-60.0, seed=1, vary=False, lead_s=0.3, tail_s=0.1)
    return y


@pytest.fixture(scope="module")
def answers():
    return _speech(ALL_WE), _speech(OWN_PART)


class Monitor:
    """Records what the null sink plays (``parec`` on its monitor), with arrival times."""

    def __init__(self, env: dict):
        self.proc = subprocess.Popen(
            ["parec", "-d", MONITOR, "--format=s16le", f"--rate={SR}", "--channels=1",
             "--latency-msec=20"], env=env, stdout=subprocess.PIPE)
        self.chunks: list[bytes] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while chunk := self.proc.stdout.read(320):
            self.chunks.append(chunk)

    def stop(self) -> np.ndarray:
        self.proc.terminate()
        self.proc.wait(5)
        self._thread.join(5)
        return np.frombuffer(b"".join(self.chunks), "<i2").astype(np.float32) / 32768.0


def _frames_db(y: np.ndarray) -> np.ndarray:
    hop = SR // 100
    x = y[: len(y) // hop * hop].reshape(-1, hop)
    return 10 * np.log10(np.maximum((x * x).mean(axis=1), 1e-12))


def _utterances(y: np.ndarray) -> list[tuple[float, float, float]]:
    """(start_s, duration_s, rms dBFS) of each stretch of sound, gaps under GAP_S bridged."""
    from rehearse.measure.features import true_runs

    loud = _frames_db(y) > LOUD_DB
    runs = []
    for a, b in true_runs(loud):
        if runs and (a - runs[-1][1]) / 100 < GAP_S:
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    out = []
    for a, b in runs:
        seg = y[a * SR // 100: b * SR // 100]
        out.append((a / 100, (b - a) / 100, 10 * np.log10(np.mean(seg * seg))))
    return out


def _cached_speech(text: str) -> tuple[float, float]:
    """The interviewer's speech of ``text``, as cached: (duration_s, rms dBFS)."""
    from rehearse.speech.voice import cache_path

    y, sr = sf.read(str(cache_path(text)), dtype="float32")
    return len(y) / sr, 10 * np.log10(np.mean(y * y))


class Interview(Recording):
    """`rehearse interview ...` in a child process; stderr lines are watched as they come."""

    def __init__(self, env: dict, *args: str):
        self.proc = subprocess.Popen([sys.executable, "-m", "rehearse", "--debug", "interview", *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env={**os.environ, **env})
        self.out: list[bytes] = []
        self.err: list[str] = []
        self._cond = threading.Condition()
        threading.Thread(target=lambda: self.out.append(self.proc.stdout.read()), daemon=True).start()
        threading.Thread(target=self._drain_err, daemon=True).start()

    def _drain_err(self) -> None:
        for raw in self.proc.stderr:
            with self._cond:
                self.err.append(raw.decode(errors="replace"))
                self._cond.notify_all()
        with self._cond:
            self.err.append("")  # end of stream
            self._cond.notify_all()

    def wait_for(self, pattern: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for line in self.err:
                    if re.search(pattern, line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or (self.err and self.err[-1] == ""):
                    self.proc.kill()
                    raise AssertionError(f"{pattern!r} never came:\n{self.stderr}")
                self._cond.wait(left)

    def wait(self, timeout: float) -> int:
        rc = self.proc.wait(timeout)
        self.wait_for("", 5)
        time.sleep(0.1)
        return rc


def _show_json(*args: str, env: dict) -> dict:
    proc = run_cli(*args, "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_two_questions_with_a_follow_up(mic, answers, home):
    """One question, one follow-up: both spoken at the sink, both answers recorded and ended by
    silence, the session kept with both rehearsals, its numbers those of `rehearse show`."""
    from rehearse.coach.questions import FOLLOW_UPS

    first, second = answers
    monitor = Monitor(mic.env)
    run = Interview(mic.env, "--questions", "1", "--group", "behavioural", "--json", *FAST)
    for n, answer in ((1, first), (2, second)):
        run.wait_for(rf"Recording answer {n} to ")
        mic.play(answer)
        run.wait_for(rf"Answer {n}: .* \(you stopped speaking\)", timeout=60)
    assert run.wait(timeout=60) == 0, run.stderr
    played = monitor.stop()
    session = json.loads(run.stdout)

    lines = session["answers"]
    assert [a["role"] for a in lines] == ["question", "follow-up"]
    assert lines[1]["question"] in FOLLOW_UPS["only we"], lines[1]["question"]
    assert session["ended"] == "completed"
    assert all(a["speech_found"] and a["rehearsal_id"] for a in lines)

    # Each question was played at the sink, whole and at the voice's level.
    heard = _utterances(played)
    assert len(heard) == 2, heard
    for (start, duration, level), line in zip(heard, lines):
        want_s, want_db = _cached_speech(line["question"])
        # The null sink's monitor, on a busy machine, drops the first ~0.3 s of a sound or bridges
        # it into the next noise: -0.33, -0.32 and +0.45 s in three full-suite runs (alone, 15 ms).
        assert duration == pytest.approx(want_s, abs=0.5), (line["question"], heard)
        assert level == pytest.approx(want_db, abs=3.0), (line["question"], heard)

    # Both answers recorded; nothing of the questions in them.
    for line, answer in zip(lines, answers):
        report = _show_json("show", str(line["rehearsal_id"]), env=mic.env)
        recorded, sr = sf.read(report["audio"]["path"], dtype="float32")
        assert sr == SR
        lag = _align(recorded, answer)
        assert lag >= 0 and _residual_db(recorded[lag:lag + len(answer)], answer) < MATCH_DB
        rest = recorded.copy()
        rest[lag:lag + len(answer)] -= answer
        assert _frames_db(rest).max() < LOUD_DB  # the answer taken away, only room tone is left
        # The line's numbers are those of the stored report.
        assert line["wpm"] == report["pace"]["wpm"]
        assert line["fillers_per_min"] == report["fillers"]["per_minute"]
        assert line["length_s"] == report["rambling"]["length_s"]
        assert report["transcript"]["text"] == session["reports"][line["number"] - 1]["transcript"]["text"]

    listed = _show_json("history", "--sessions", env=mic.env)["sessions"]
    assert [(s["id"], s["answer_count"], s["ended"]) for s in listed] == [(session["session_id"], 2, "completed")]
    again = _show_json("show", "--session", str(session["session_id"]), env=mic.env)
    assert again["answers"] == lines and again["tips"] == session["tips"]


def test_recording_starts_only_after_the_question_is_heard(mic, home):
    """The worst echo there is: the microphone IS what the speakers play. A recording begun
    while the interviewer still spoke would hold the question; these hold nothing."""
    echo = {**mic.env, "PULSE_SOURCE": MONITOR}
    monitor = Monitor(echo)
    run = Interview(echo, "--questions", "2", "--no-follow-ups", "--think", "0",
                    "--max-seconds", "2", "--json")
    assert run.wait(timeout=90) == 0, run.stderr
    played = monitor.stop()
    heard = _utterances(played)
    assert len(heard) == 2, heard  # the questions did reach the "microphone"
    paths = re.findall(r"Recording answer \d to (.+?\.partial\.wav)", run.stderr)
    assert len(paths) == 2, run.stderr
    for p in paths:
        recorded, _ = sf.read(p.replace(".partial.wav", ".wav"), dtype="float32")
        assert len(recorded) >= 1.5 * SR
        assert _frames_db(recorded).max() < -60.0, "the question leaked into the recording"
    session = json.loads(run.stdout)
    assert [a["speech_found"] for a in session["answers"]] == [False, False]


def test_ctrl_c_keeps_the_answers_given_and_no_voice_shows_only(mic, answers, home):
    """Without the voice (REHEARSE_NO_VOICE=1) the questions are on screen only; Ctrl-C in
    the second answer ends the session and keeps the first (and what there is of the second)."""
    first, _ = answers
    silent = {**mic.env, "REHEARSE_NO_VOICE": "1"}
    monitor = Monitor(silent)
    run = Interview(silent, "--questions", "3", "--no-follow-ups", *FAST)
    run.wait_for("No interviewer voice .*REHEARSE_NO_VOICE is set.*the questions are shown only")
    run.wait_for("Recording answer 1 to ")
    mic.play(first[: 4 * SR])
    mic.wait_done()
    time.sleep(0.5)
    run.proc.stdin.write(b"\n")  # Enter ends an answer too
    run.proc.stdin.flush()
    run.wait_for(r"Answer 1: .* \(stopped\)")
    run.wait_for("Recording answer 2 to ")
    mic.play(first[: 3 * SR])
    mic.wait_done()
    run.proc.send_signal(signal.SIGINT)
    assert run.wait(timeout=60) == 0, run.stderr
    assert _utterances(monitor.stop()) == []  # nothing spoken
    assert "Interview ended with Ctrl-C; the answers given are kept." in run.stderr
    assert "Question 3 of 3" not in run.stderr
    listed = _show_json("history", "--sessions", env=mic.env)["sessions"]
    assert [(s["answer_count"], s["ended"]) for s in listed] == [(2, "interrupted")]
    shown = _show_json("show", "--session", str(listed[0]["id"]), env=mic.env)
    assert [a["number"] for a in shown["answers"]] == [1, 2]
    assert "Mock interview" in run.stdout and "ended early" in run.stdout


def test_kill_9_loses_nothing_recorded(mic, answers, home):
    first, _ = answers
    run = Interview({**mic.env, "REHEARSE_NO_VOICE": "1"}, "--questions", "2", "--no-follow-ups", *FAST)
    run.wait_for("Recording answer 1 to ")
    mic.play(first[: 3 * SR])
    mic.wait_done()
    run.proc.stdin.write(b"\n")
    run.proc.stdin.flush()
    run.wait_for("answer analysed and kept as rehearsal 1")
    run.wait_for("Recording answer 2 to ")
    mic.play(first[: 3 * SR])
    mic.wait_done()
    os.kill(run.proc.pid, signal.SIGKILL)
    run.proc.wait(10)
    listed = _show_json("history", "--sessions", env=mic.env)  # any command repairs the recording
    assert [(s["answer_count"], s["finished_at"]) for s in listed["sessions"]] == [(1, None)]
    wavs = sorted((home / "recordings").glob("*.wav"))
    assert len(wavs) == 2 and not list((home / "recordings").glob("*.partial.*"))
    second, _ = sf.read(str(wavs[1]), dtype="float32")
    lag = _align(second, first[: 2 * SR])
    assert len(second) - lag >= 2.5 * SR  # the interrupted answer's audio survived the kill


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_on_a_terminal(mic, answers, home):
    """At a real terminal (tmux): the question, the think countdown, the live panel, Enter
    to end the answer, then the session report."""
    from tests.test_record_screen import _pane, _wait_for

    first, _ = answers
    env = {**mic.env, "REHEARSE_HOME": str(home), "HF_HUB_OFFLINE": "1", "TERM": "xterm-256color"}
    command = " ".join(["env", *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
                        shlex.quote(sys.executable), "-m", "rehearse", "interview", "--questions", "1",
                        "--no-follow-ups", "--think", "2", ";", "sleep", "30"])
    session = f"rehearse-interview-{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "45", command],
                   check=True)
    try:
        screen = _wait_for(session, "Enter to start now", timeout=60)
        assert "Question 1 of 1: Tell me about yourself." in screen
        _wait_for(session, "Enter: end the answer", timeout=10)
        mic.play(first[: 4 * SR])
        mic.wait_done(timeout=30)
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        report = _wait_for(session, "Mock interview 1", timeout=60)
        assert "Tell me about yourself." in report and "rehearse show ID" in _pane(session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_an_unknown_output_device_is_one_line(mic):
    proc = run_cli("interview", "--output-device", "No Such Speaker", env=mic.env, timeout=60)
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.startswith("Error: no output device called 'No Such Speaker'; available: ")
    assert len(proc.stderr.strip().splitlines()) == 1
