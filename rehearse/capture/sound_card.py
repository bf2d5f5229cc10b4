"""Live audio from a microphone. The only module that touches the sound card.

A ``Capture`` opens a sounddevice ``InputStream`` whose callback hands each block of int16
samples to a ``Fanout``: any number of consumers subscribe a queue (the disk writer, a
future live transcriber) or a cheap callback (the level meter). The audio thread never
waits on a consumer. sounddevice is imported inside functions, so ``rehearse --help`` and
``rehearse analyze`` work without PortAudio.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from rehearse.errors import DeviceError

log = logging.getLogger(__name__)

PREFERRED_RATE = 16000  # Hz; what analysis wants, so nothing needs resampling
BLOCK_S = 0.05  # seconds of audio per callback block: 50 ms keeps the meter lively
STALL_S = 5.0  # no audio for this long from a running stream means the device is stuck
STOP_TIMEOUT_S = 2.0  # seconds to wait for PortAudio to stop a stream
INSTALL_HINT = ("install PortAudio (Debian/Ubuntu: sudo apt-get install libportaudio2) and "
                "sounddevice (pip install 'rehearse[record]')")


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    hostapi: str
    max_input_channels: int
    default_samplerate: float
    is_default: bool


@dataclass(frozen=True, eq=False)  # compared by identity: it holds an array
class Block:
    """One callback's worth of audio.

    pcm : np.ndarray [shape=(n,)], int16, mono at ``sr``.
    """

    pcm: np.ndarray
    start_frame: int  # frames captured before this block
    sr: int
    t_monotonic: float  # time.monotonic() when the block arrived

    @property
    def start_s(self) -> float:
        return self.start_frame / self.sr

    def to_float32(self) -> np.ndarray:
        """The samples as float32 in [-1, 1), what the analysis stages take."""
        return self.pcm.astype(np.float32) / 32768.0


END = None  # what a subscriber queue receives after the last block


def sounddevice_module():
    """Import sounddevice, or say in one sentence what to install."""
    try:
        import sounddevice
    except ImportError as exc:
        raise DeviceError(f"sounddevice is not installed: {INSTALL_HINT}") from exc
    except OSError as exc:  # raised when the PortAudio library itself is missing
        raise DeviceError(f"the PortAudio library was not found: {INSTALL_HINT}") from exc
    return sounddevice


def list_input_devices() -> list[InputDevice]:
    """Every device that can record, default first-marked."""
    sd = sounddevice_module()
    try:
        devices = sd.query_devices()
        hostapis = sd.query_hostapis()
        default_in = sd.default.device[0]
    except sd.PortAudioError as exc:
        raise DeviceError(f"the audio system did not answer ({exc}); is a sound server running?") from exc
    found = []
    for d in devices:
        if d["max_input_channels"] < 1:
            continue
        found.append(InputDevice(
            index=d["index"], name=d["name"], hostapi=hostapis[d["hostapi"]]["name"],
            max_input_channels=d["max_input_channels"],
            default_samplerate=float(d["default_samplerate"]),
            is_default=d["index"] == default_in,
        ))
    if found and not any(d.is_default for d in found):
        found[0] = dataclasses.replace(found[0], is_default=True)
    return found


def find_device(name: str | None) -> InputDevice:
    """The input device called ``name`` (exact, then a unique substring, or an index)."""
    devices = list_input_devices()
    if not devices:
        raise DeviceError("no microphone found: plug one in (or start the sound server), "
                          "then check with `rehearse devices`")
    if name is None:
        return next(d for d in devices if d.is_default)
    return match_device(devices, name, kind="input", hint=" (see `rehearse devices`)")


def match_device(devices: list, name: str, *, kind: str, hint: str = ""):
    """The one of ``devices`` (each with ``index`` and ``name``) that ``name`` means: an
    index, the exact name, or a unique part of one; else a ``DeviceError`` listing them."""
    if name.strip().isdigit():
        by_index = [d for d in devices if d.index == int(name)]
        if by_index:
            return by_index[0]
    exact = [d for d in devices if d.name == name]
    if exact:
        return exact[0]
    partial = [d for d in devices if name.lower() in d.name.lower()]
    if len(partial) == 1:
        return partial[0]
    names = ", ".join(repr(d.name) for d in devices[:8])
    if partial:
        raise DeviceError(f"{kind} device {name!r} is ambiguous: it matches "
                          f"{', '.join(repr(d.name) for d in partial)}; use the full name")
    raise DeviceError(f"no {kind} device called {name!r}; available: {names}{hint}")


def choose_format(device: InputDevice) -> tuple[int, int]:
    """(sample rate, channels) the device accepts: 16 kHz mono if it can, else its native rate."""
    sd = sounddevice_module()
    rates = [PREFERRED_RATE, int(device.default_samplerate), 48000, 44100]
    channel_options = [1, min(2, device.max_input_channels)]
    last = None
    for channels in dict.fromkeys(channel_options):
        for sr in dict.fromkeys(r for r in rates if r > 0):
            try:
                sd.check_input_settings(device=device.index, samplerate=sr, channels=channels,
                                        dtype="int16")
                return sr, channels
            except (sd.PortAudioError, ValueError) as exc:
                last = exc
    raise DeviceError(f"input device {device.name!r} accepts none of the usual formats "
                      f"({last}); choose another with --device")


class Fanout:
    """Hands every block to each subscriber; never blocks the audio thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: list[queue.Queue] = []
        self._callbacks: list[Callable[[Block], None]] = []
        self.dropped_blocks = 0  # blocks a full subscriber queue could not take

    def subscribe(self, maxsize: int = 0) -> queue.Queue:
        """A queue that receives every ``Block``, then ``END``. ``maxsize=0``: unbounded."""
        q: queue.Queue = queue.Queue(maxsize)
        with self._lock:
            self._queues.append(q)
        return q

    def unsubscribe(self, q: queue.Queue) -> None:
        with self._lock:
            if q in self._queues:
                self._queues.remove(q)

    def add_listener(self, fn: Callable[[Block], None]) -> None:
        """Call ``fn(block)`` on the audio thread: it must be quick and must not raise."""
        with self._lock:
            self._callbacks.append(fn)

    def publish(self, item: Block | None) -> None:
        with self._lock:
            queues, callbacks = list(self._queues), list(self._callbacks)
        for q in queues:
            try:
                q.put_nowait(item)
            except queue.Full:
                self.dropped_blocks += 1
        if item is not None:
            for fn in callbacks:
                try:
                    fn(item)
                except Exception:  # a broken listener must not kill the recording
                    log.exception("audio listener failed")


class Capture:
    """A running microphone stream; blocks go to ``self.live`` (a ``Fanout``)."""

    def __init__(self, device: InputDevice, *, sr: int, channels: int = 1, block_s: float = BLOCK_S):
        self.device, self.sr, self.channels = device, sr, channels
        self.live = Fanout()
        self.frames = 0  # frames captured so far
        self.overflows = 0  # callbacks that reported lost input (the system could not keep up)
        self.dropped_frames = 0  # estimated frames lost in those overflows
        self.started_at: float | None = None  # time.monotonic() when the stream started
        self.first_block_at: float | None = None
        self.last_block_at: float | None = None
        self.failure: str | None = None  # set if the stream died while running
        self._block = max(1, int(sr * block_s))
        self._stream = None
        self._next_adc: float | None = None  # device time the next block should start at

    @property
    def elapsed_s(self) -> float:
        return self.frames / self.sr

    @property
    def latency_s(self) -> float | None:
        """Seconds from starting the stream to the first block of audio."""
        if self.started_at is None or self.first_block_at is None:
            return None
        return self.first_block_at - self.started_at

    def start(self) -> None:
        sd = sounddevice_module()
        try:
            self._stream = sd.InputStream(
                device=self.device.index, samplerate=self.sr, channels=self.channels,
                dtype="int16", blocksize=self._block, callback=self._callback,
                finished_callback=self._finished,
            )
            self.started_at = time.monotonic()
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            self._stream = None
            raise DeviceError(f"could not open input device {self.device.name!r} ({exc}); "
                              "check it is connected and not in use, or pick another with "
                              "--device (see `rehearse devices`)") from exc

    def stop(self) -> None:
        """Stop the stream; subscribers then receive ``END``."""
        stream, self._stream = self._stream, None
        if stream is not None:
            # A stalled device can hang PortAudio's stop forever: never wait on it for long.
            closer = threading.Thread(target=_close_stream, args=(stream,), daemon=True,
                                      name="rehearse-stream-close")
            closer.start()
            closer.join(STOP_TIMEOUT_S)
            if closer.is_alive():
                log.debug("the input device did not stop within %.0f s; leaving it", STOP_TIMEOUT_S)
                _skip_portaudio_shutdown()
        self.live.publish(END)

    def check(self) -> str | None:
        """Why the stream is not delivering audio, or None while it is."""
        if self.failure or self._stream is None or self.started_at is None:
            return self.failure
        last = self.last_block_at or self.started_at
        if time.monotonic() - last > STALL_S:
            what = "stopped sending" if self.last_block_at else "sends no"
            return (f"input device {self.device.name!r} {what} audio for {STALL_S:.0f} s; "
                    "check it is connected and not muted, or pick another with --device")
        return None

    def __enter__(self) -> Capture:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _callback(self, indata, frames, time_info, status) -> None:
        now = time.monotonic()
        if self.first_block_at is None:
            self.first_block_at = now
        self.last_block_at = now
        adc = time_info.inputBufferAdcTime
        if status.input_overflow:
            self.overflows += 1
            if adc and self._next_adc is not None:  # the device clock says how much was lost
                self.dropped_frames += max(0, int(round((adc - self._next_adc) * self.sr)))
        self._next_adc = adc + frames / self.sr if adc else None
        pcm = indata[:, 0].copy() if self.channels == 1 else indata.mean(axis=1).astype(np.int16)
        block = Block(pcm, self.frames, self.sr, now)
        self.frames += frames
        self.live.publish(block)

    def _finished(self) -> None:
        if self._stream is not None:  # finished without stop(): the device went away
            self.failure = "the input stream ended unexpectedly (device unplugged?)"


def _close_stream(stream) -> None:
    try:
        stream.stop()
        stream.close()
    except Exception as exc:  # the device may already be gone
        log.debug("closing the stream: %s", exc)


def _skip_portaudio_shutdown() -> None:
    """A stream PortAudio cannot stop also hangs its shutdown at exit: leave that to the OS."""
    import atexit

    handler = getattr(sounddevice_module(), "_exit_handler", None)
    if handler is not None:
        atexit.unregister(handler)
