"""`rehearse record` and `rehearse devices` through the real audio stack (virtual microphone).

PortAudio -> ALSA ``pulse`` plugin -> a private PulseAudio daemon -> ``module-pipe-source``
fed in real time from the test. No mocks: the real entry point records in a child process.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.conftest import run_cli
from tests.virtual_mic import SR, VirtualMic, VirtualMicError, pulseaudio_available

PAUSE_TOLERANCE_S = 0.15  # pause edges vs the truth: the analysis itself is off by up to ~0.12 s
MATCH_DB = -40.0  # residual after alignment, relative to the signal: int16 rounding is ~-90


def started_mic(folder) -> VirtualMic:
    """The virtual microphone, running; one that cannot start fails the test."""
    vm = VirtualMic(folder)
    try:
        vm.start()
    except (VirtualMicError, OSError) as exc:
        pytest.fail(f"could not start the virtual microphone: {exc}")
    return vm


@pytest.fixture(scope="module")
def mic(tmp_path_factory):
    if not pulseaudio_available() and os.geteuid() != 0:
        pytest.skip("pulseaudio is not installed (run scripts/setup.sh --test)")
    vm = started_mic(tmp_path_factory.mktemp("pulse"))
    yield vm
    vm.close()


class Recording:
    """`rehearse record ...` running in a child process; stdin stays open until stop()."""

    def __init__(self, mic: VirtualMic, *args: str, env: dict | None = None, preexec_fn=None):
        env = {**os.environ, **mic.env, **(env or {})}
        self.proc = subprocess.Popen([sys.executable, "-m", "rehearse", "record", *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env, preexec_fn=preexec_fn)
        self.out: list[bytes] = []
        self.err: list[str] = []
        self.started = threading.Event()
        self._threads = [threading.Thread(target=self._drain_out, daemon=True),
                         threading.Thread(target=self._drain_err, daemon=True)]
        for t in self._threads:
            t.start()

    def _drain_out(self) -> None:
        self.out.append(self.proc.stdout.read())

    def _drain_err(self) -> None:
        for raw in self.proc.stderr:
            line = raw.decode(errors="replace")
            self.err.append(line)
            if line.startswith("Recording to "):
                self.started.set()

    def wait_started(self, timeout: float = 30) -> None:
        if not self.started.wait(timeout):
            self.proc.kill()
            raise AssertionError("recording did not start:\n" + self.stderr)

    def wait(self, timeout: float) -> int:
        rc = self.proc.wait(timeout)
        for t in self._threads:
            t.join(5)
        return rc

    @property
    def stdout(self) -> str:
        return b"".join(self.out).decode()

    @property
    def stderr(self) -> str:
        return "".join(self.err)


def _align(recorded: np.ndarray, fed: np.ndarray) -> int:
    """Lag (samples) at which ``fed`` best matches ``recorded``, by FFT cross-correlation."""
    from scipy.signal import correlate

    c = correlate(recorded, fed, mode="full", method="fft")
    return int(np.argmax(c)) - (len(fed) - 1)


def _residual_db(recorded: np.ndarray, fed: np.ndarray) -> float:
    err = recorded - fed
    return 10 * np.log10(np.mean(err ** 2) / np.mean(fed ** 2) + 1e-20)


def _saved_path(stderr: str) -> Path:
    m = re.search(r"Recording saved: (.+\.wav)", stderr)
    assert m, stderr
    return Path(m.group(1).strip())


@pytest.fixture(scope="module")
def fed_answer(answer):
    path, truth = answer
    y, sr = sf.read(str(path), dtype="float32")
    assert sr == SR
    return y, truth


def test_record_end_to_end(mic, fed_answer, home):
    y, truth = fed_answer
    limit = len(y) / SR + 2.0
    rec = Recording(mic, "--max-seconds", f"{limit:.1f}", "--json", "--no-countdown",
                    "--question", "Tell me about yourself")
    rec.wait_started()
    time.sleep(0.3)  # some room noise first, as when a person draws breath
    mic.play(y)
    assert rec.wait(timeout=limit + 120) == 0, rec.stderr
    report = json.loads(rec.stdout)  # stdout is pure JSON; the path went to stderr
    path = _saved_path(rec.stderr)
    assert path.parent == home / "recordings" and path.is_file()
    assert "tell-me-about-yourself" in path.name
    assert not list(path.parent.glob("*.partial.*"))

    recorded, sr = sf.read(str(path), dtype="float32")
    assert sr == SR
    assert len(recorded) / SR == pytest.approx(limit, abs=0.06)  # the limit stops it exactly
    lag = _align(recorded, y)
    print(f"\nlatency of the virtual mic path: {lag / SR * 1000:.0f} ms")
    assert 0.25 * SR <= lag and lag + len(y) <= len(recorded)
    assert _residual_db(recorded[lag:lag + len(y)], y) < MATCH_DB
    assert "overflow" not in rec.stderr

    shift = lag / SR
    assert report["question"] == "Tell me about yourself"
    assert report["audio"]["path"] == str(path)
    assert report["word_count"] == pytest.approx(truth["word_count"], abs=1)
    expected = [(a + shift, b + shift) for a, b in truth["pauses"] if b - a >= 0.25]
    found = [(p["start_s"], p["end_s"]) for p in report["pauses"]["items"]]
    assert len(found) == len(expected), (found, expected)
    for (ta, tb), (fa, fb) in zip(expected, found):
        assert fa == pytest.approx(ta, abs=PAUSE_TOLERANCE_S)
        assert fb == pytest.approx(tb, abs=PAUSE_TOLERANCE_S)
    _assert_same_as_analyze(report, path)


def _assert_same_as_analyze(live: dict, path: Path) -> None:
    """The report made while recording (live transcription) matches `analyze` on the file."""
    import difflib

    proc = run_cli("analyze", str(path), "--json", "--no-save")
    assert proc.returncode == 0, proc.stderr
    offline = json.loads(proc.stdout)
    # Pauses come from the saved audio in both: identical times. (Their kind follows
    # Whisper's punctuation, which may differ where a chunk ended.)
    times = [[(p["start_s"], p["end_s"]) for p in r["pauses"]["items"]] for r in (live, offline)]
    assert times[0] == times[1]
    words = [[w["text"].strip(".,?!").lower() for w in r["transcript"]["words"]] for r in (live, offline)]
    similarity = difflib.SequenceMatcher(a=words[0], b=words[1]).ratio()
    print(f"\nlive vs file transcript: {similarity:.3f} word similarity, "
          f"{len(words[0])} / {len(words[1])} words")
    assert similarity >= 0.9, (live["transcript"]["text"], offline["transcript"]["text"])
    assert abs(live["word_count"] - offline["word_count"]) <= 2
    kinds = [[(f["text"], round(f["start_s"], 1)) for f in r["fillers"]["items"]] for r in (live, offline)]
    assert len(kinds[0]) == len(kinds[1]), kinds
    for (a, ta), (b, tb) in zip(*kinds):
        assert a == b and abs(ta - tb) <= 0.2, kinds


def test_kill_mid_answer_then_recover(mic, fed_answer, home):
    y, _ = fed_answer
    rec = Recording(mic, "--max-seconds", "120", "--no-analyze", "--no-countdown",
                    "--question", "Why do you want this job?")
    rec.wait_started()
    mic.wait_done()  # nothing else queued: what plays next is the answer alone
    before = mic.played_samples
    mic.play(y)
    time.sleep(6.0)
    os.kill(rec.proc.pid, signal.SIGKILL)
    fed_s = (mic.played_samples - before) / SR  # seconds of the answer fed before the kill
    rec.wait(timeout=10)
    partials = list((home / "recordings").glob("*.partial.wav"))
    assert len(partials) == 1, list((home / "recordings").iterdir())
    # Even unrepaired it is a valid WAV: its header was true as of the last sync (<= 0.5 s ago).
    synced_s = sf.info(str(partials[0])).frames / SR
    assert synced_s >= fed_s - 1.0

    proc = run_cli("devices", env=mic.env)  # any later run of record/devices recovers
    assert proc.returncode == 0, proc.stderr
    assert "Recovered an unfinished recording for 'Why do you want this job?'" in proc.stderr
    assert not list((home / "recordings").glob("*.partial.*"))
    wavs = list((home / "recordings").glob("*.wav"))
    assert len(wavs) == 1 and "why-do-you-want-this-job" in wavs[0].name
    assert str(wavs[0]) in proc.stderr

    recorded, sr = sf.read(str(wavs[0]), dtype="float32")  # a valid WAV again
    assert sr == SR
    lag = _align(recorded, y[: 3 * SR])  # the answer's first seconds are surely in it
    kept_s = (len(recorded) - lag) / SR  # seconds of the answer recovered
    print(f"\nfed {fed_s:.2f} s of the answer before kill -9; its header covered "
          f"{synced_s - lag / SR:.2f} s; recovered {kept_s:.2f} s")
    assert kept_s >= fed_s - 1.0
    assert kept_s <= fed_s + 0.5
    n = len(recorded) - lag
    assert _residual_db(recorded[lag:], y[:n]) < MATCH_DB

    again = run_cli("devices", env=mic.env)
    assert "Recovered" not in again.stderr  # told once


def test_stop_with_enter_keeps_the_audio(mic, home):
    rec = Recording(mic, "--max-seconds", "60", "--no-analyze", "--no-countdown", "--random")
    rec.wait_started()
    time.sleep(1.5)
    rec.proc.stdin.write(b"\n")
    rec.proc.stdin.flush()
    assert rec.wait(timeout=20) == 0, rec.stderr
    path = _saved_path(rec.stdout)  # without --json the path goes to stdout
    assert path.is_file()
    assert 1.0 < sf.info(str(path)).duration < 5.0
    assert "Question: " in rec.stderr


def test_ctrl_c_stops_and_keeps_the_audio(mic, home):
    rec = Recording(mic, "--max-seconds", "60", "--no-analyze", "--no-countdown", "-q", "Hi?")
    rec.wait_started()
    time.sleep(1.5)
    rec.proc.send_signal(signal.SIGINT)
    assert rec.wait(timeout=20) == 0, rec.stderr
    assert "stopped with Ctrl-C; the audio is kept" in rec.stderr
    path = _saved_path(rec.stdout)
    assert 1.0 < sf.info(str(path)).duration < 5.0


def test_device_that_stops_sending_audio(mic, home):
    rec = Recording(mic, "--max-seconds", "60", "--no-analyze", "--no-countdown", "-q", "Hi?")
    rec.wait_started()
    time.sleep(1.0)
    mic.stall(30)
    try:
        rc = rec.wait(timeout=30)
    finally:
        mic.stall(0)
    assert rc == 4, rec.stderr
    assert re.search(r"Error: input device .* stopped sending audio for 5 s; check .*kept \d", rec.stderr)
    path = _saved_path(rec.stdout)  # what came before the failure is kept
    assert 0.5 < sf.info(str(path)).duration < 3.0


def test_devices_lists_the_pulse_device(mic):
    proc = run_cli("devices", "--json", env=mic.env)
    assert proc.returncode == 0, proc.stderr
    devices = json.loads(proc.stdout)
    assert "pulse" in [d["name"] for d in devices]
    assert sum(d["is_default"] for d in devices) == 1
    table = run_cli("devices", env=mic.env)
    assert "pulse" in table.stdout and "*" in table.stdout


def _one_line_error(proc: subprocess.CompletedProcess, code: int, *needles: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), proc.stderr
    for needle in needles:
        assert needle in lines[0]
    assert "Traceback" not in proc.stderr


def test_unknown_device_name(mic):
    proc = run_cli("record", "--device", "No Such Microphone", "--no-analyze", "-q", "Hi?",
                   env=mic.env, timeout=60)
    _one_line_error(proc, 4, "no input device called 'No Such Microphone'", "rehearse devices")


def test_no_input_device_when_the_sound_server_is_gone(tmp_path, mic):
    dead = {**mic.env, "PULSE_SERVER": f"unix:{tmp_path / 'no-server'}"}
    proc = run_cli("record", "--no-analyze", "-q", "Hi?", env=dead, timeout=60)
    _one_line_error(proc, 4, "no microphone found")
    listing = run_cli("devices", env=dead, timeout=60)
    assert listing.returncode == 0 and "No input devices found" in listing.stdout


def test_missing_portaudio_is_one_line():
    code = ("import sys; sys.modules['sounddevice'] = None; sys.argv = ['rehearse', 'devices']\n"
            "from rehearse.cli import main\nmain()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    _one_line_error(proc, 4, "libportaudio2")


@pytest.mark.parametrize("args", [["--help"], ["analyze", "--help"], ["record", "--help"]])
def test_help_never_imports_sounddevice(args):
    code = ("import sys; sys.argv = ['rehearse', *sys.argv[1:]]\nfrom rehearse.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "assert 'sounddevice' not in sys.modules, 'sounddevice imported'")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
