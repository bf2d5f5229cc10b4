"""A real microphone in software: a private PulseAudio daemon with a pipe source.

``module-pipe-source`` turns a FIFO into a PulseAudio source; PortAudio reaches it through
ALSA's ``pulse`` device (libasound2-plugins). The source has no clock of its own, so a feeder
thread writes to the FIFO in real time, 100 ms at a time, faint noise when nothing is queued
(a real microphone never gives digital silence), and drops what the FIFO cannot take, as a live microphone would.

Children get ``PULSE_SERVER``/``PULSE_SOURCE`` from ``VirtualMic.env`` and record with
sounddevice ``device="pulse"``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections import deque
from pathlib import Path

import numpy as np

SR = 16000  # Hz, the source's rate
CHUNK_S = 0.1  # seconds written per feeder tick
SOURCE = "rehearse_test_mic"
IDLE_NOISE_DB = -60.0  # dBFS RMS of what the mic "hears" when nothing plays: a real mic's hiss


def _die_with_parent() -> None:
    """In the daemon's child process: get SIGTERM when the test process dies (Linux)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class VirtualMicError(RuntimeError):
    pass


def pulseaudio_available() -> bool:
    return shutil.which("pulseaudio") is not None


class VirtualMic:
    """Start with ``start()``; ``play(y)`` queues float32 16 kHz audio; ``close()`` stops all."""

    def __init__(self, workdir: Path):
        self.dir = workdir
        self.runtime = workdir / "run"
        self.socket = self.runtime / "native"
        self.fifo = workdir / "mic.fifo"
        self.client_conf = workdir / "client.conf"
        self.log_path = workdir / "pulseaudio.log"
        self._daemon: subprocess.Popen | None = None
        self._pending: deque[np.ndarray] = deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._silent_until = 0.0  # monotonic time until which nothing is written (a stalled device)
        self._thread: threading.Thread | None = None
        self.dropped_bytes = 0  # what the FIFO could not take
        self.fed_until: float | None = None  # monotonic time the last queued sample was written
        self.played_samples = 0  # samples of queued audio written to the FIFO so far
        self._rng = np.random.default_rng(0)

    @property
    def env(self) -> dict[str, str]:
        return {"PULSE_SERVER": f"unix:{self.socket}", "PULSE_SOURCE": SOURCE,
                "PULSE_CLIENTCONFIG": str(self.client_conf)}

    def start(self, timeout: float = 15.0) -> None:
        if self.socket.exists():
            raise VirtualMicError(f"{self.socket} exists: another daemon uses {self.dir}")
        self.runtime.mkdir(parents=True, exist_ok=True)
        os.chmod(self.runtime, 0o700)
        self.client_conf.write_text("autospawn = no\n")
        env = {**os.environ, "XDG_RUNTIME_DIR": str(self.runtime), "HOME": str(self.dir),
               "PULSE_CLIENTCONFIG": str(self.client_conf)}
        env.pop("PULSE_SERVER", None)
        cmd = [
            "pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "--system=false",
            "--use-pid-file=no", "--disable-shm=yes", "-n",  # -n: no default.pa, only these
            f"--load=module-native-protocol-unix auth-anonymous=1 socket={self.socket}",
            f"--load=module-pipe-source source_name={SOURCE} file={self.fifo} "
            f"format=s16le rate={SR} channels=1",
            "--load=module-null-sink",
        ]
        with open(self.log_path, "wb") as log:
            self._daemon = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + timeout
        while not (self.socket.exists() and self.fifo.exists()):
            if self._daemon.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise VirtualMicError(
                    f"PulseAudio did not start (exit {self._daemon.returncode}): "
                    + self.log_path.read_text(errors="replace")[-2000:])
            time.sleep(0.05)
        self._thread = threading.Thread(target=self._feed, name="virtual-mic", daemon=True)
        self._thread.start()

    def play(self, y: np.ndarray) -> float:
        """Queue ``y`` (float32 mono 16 kHz); returns the seconds of audio queued before it."""
        pcm = (np.clip(y, -1, 1) * 32767).astype("<i2")
        with self._lock:
            ahead = sum(len(p) for p in self._pending) / SR
            self._pending.append(pcm)
        return ahead

    def stall(self, seconds: float) -> None:
        """Write nothing for ``seconds``, as a device that stopped delivering audio."""
        self._silent_until = time.monotonic() + seconds

    def wait_done(self, timeout: float = 120.0) -> None:
        """Block until everything queued has been written to the FIFO."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if not self._pending:
                    return
            if time.monotonic() > deadline:
                raise TimeoutError("virtual mic did not finish playing")
            time.sleep(0.02)

    def _next_chunk(self, n: int) -> tuple[bytes, bool]:
        hiss = self._rng.normal(0.0, 32767 * 10 ** (IDLE_NOISE_DB / 20), n)
        out, had_audio = hiss.round().astype("<i2"), False
        filled = 0
        with self._lock:
            while filled < n and self._pending:
                head = self._pending[0]
                take = min(n - filled, len(head))
                out[filled:filled + take] = head[:take]
                filled += take
                self.played_samples += take
                had_audio = True
                if take == len(head):
                    self._pending.popleft()
                else:
                    self._pending[0] = head[take:]
        return out.tobytes(), had_audio

    def _feed(self) -> None:
        fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)  # the daemon holds the read end
        n = int(SR * CHUNK_S)
        start = time.monotonic()
        tick = 0
        try:
            while not self._stop.is_set():
                if time.monotonic() < self._silent_until:
                    time.sleep(CHUNK_S)
                    start, tick = time.monotonic(), 0
                    continue
                data, had_audio = self._next_chunk(n)
                try:
                    written = os.write(fd, data)
                except BlockingIOError:
                    written = 0
                except BrokenPipeError:
                    return
                self.dropped_bytes += len(data) - written
                if had_audio:
                    self.fed_until = time.monotonic()
                tick += 1
                delay = start + tick * CHUNK_S - time.monotonic()
                if delay < -1.0:  # fell far behind (a stalled machine): resync, do not burst
                    start, tick = time.monotonic(), 0
                elif delay > 0:
                    time.sleep(delay)
        finally:
            os.close(fd)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._daemon is not None and self._daemon.poll() is None:
            self._daemon.terminate()
            try:
                self._daemon.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._daemon.kill()
                self._daemon.wait()
