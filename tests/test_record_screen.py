"""The live screen on a real terminal (tmux), fed through the virtual microphone."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time

import pytest
import soundfile as sf

from tests.test_record import mic  # noqa: F401  (the virtual microphone fixture)

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _pane(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                          text=True).stdout


def _wait_for(session: str, needle: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = _pane(session)
        if needle in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} never appeared on the screen:\n{_pane(session)}")


def test_live_transcript_and_report_on_a_terminal(mic, answer, home):  # noqa: F811
    path, _ = answer
    y, _ = sf.read(str(path), dtype="float32")
    env = {**mic.env, "REHEARSE_HOME": str(home), "HF_HUB_OFFLINE": "1", "TERM": "xterm-256color"}
    command = " ".join(
        ["env", *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
         shlex.quote(sys.executable), "-m", "rehearse", "record", "--live-transcript",
         "--no-countdown", "--max-seconds", "60", "--question", "'Tell me about yourself'",
         "--no-save", ";", "sleep", "30"])
    session = f"rehearse-test-{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "110", "-y", "45", command],
                   check=True)
    try:
        _wait_for(session, "Enter: stop", timeout=30)
        mic.play(y)
        # Words appear on the screen while the answer is still being spoken.
        screen = _wait_for(session, "data analyst", timeout=len(y) / 16000 + 10)
        assert "you said" in screen and "fillers" in screen
        mic.wait_done(timeout=60)
        time.sleep(0.5)
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        report = _wait_for(session, "What to work on", timeout=60)
        # The report's top may have scrolled off the 45-line pane: any of its sections will do.
        assert "Recording saved:" in report or "Metrics" in report or "Content" in report
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
