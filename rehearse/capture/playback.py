"""The interviewer speaks: audio out to the default output device (or ``--output-device``).

Beside ``sound_card`` (the microphone), the only other code that touches the sound card.
``play`` returns once the last sample has left the stream: PortAudio calls the stream's
finished callback only after the buffers the callback filled have been played, so a
recording started afterwards cannot pick up the question through the speakers (measured
through PulseAudio: the sound at the sink's monitor ends within 15 ms of that callback).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import numpy as np

from rehearse.capture.sound_card import match_device, sounddevice_module
from rehearse.errors import DeviceError

log = logging.getLogger(__name__)

POLL_S = 0.05  # how often the waiting thread wakes, so Ctrl-C is felt at once
GRACE_S = 5.0  # a stream this long past its audio's length has stalled


@dataclass(frozen=True)
class OutputDevice:
    index: int
    name: str
    default_samplerate: float


@dataclass(frozen=True)
class Played:
    duration_s: float  # of the audio handed to the device
    started_at: float  # time.monotonic() when the stream started
    first_block_at: float  # ... when the device first asked for audio
    ended_at: float  # ... when the device had played the last sample


def find_output_device(name: str | None) -> OutputDevice:
    """The output device called ``name`` (an index, the exact name, or a unique part of
    one); the default output without a name."""
    sd = sounddevice_module()
    try:
        devices = [d for d in sd.query_devices() if d["max_output_channels"] > 0]
        default_out = sd.default.device[1]
    except sd.PortAudioError as exc:
        raise DeviceError(f"the audio system did not answer ({exc}); is a sound server running?") from exc
    found = [OutputDevice(d["index"], d["name"], float(d["default_samplerate"])) for d in devices]
    if not found:
        raise DeviceError("no output device (speakers or headphones) found; use --no-voice "
                          "to see the questions only")
    if name is None:
        return next((d for d in found if d.index == default_out), found[0])
    return match_device(found, name, kind="output")


def play(y: np.ndarray, *, sr: int, device: OutputDevice) -> Played:
    """Play float32 mono ``y`` at ``sr`` and wait until it has been heard.

    Ctrl-C stops the sound at once and is raised again.
    """
    sd = sounddevice_module()
    y, sr = _for_device(y, sr=sr, device=device)
    pos = 0
    done = threading.Event()
    first: list[float] = []

    def callback(out, frames, time_info, status) -> None:
        nonlocal pos
        if not first:
            first.append(time.monotonic())
        n = min(frames, len(y) - pos)
        out[:n, 0] = y[pos:pos + n]
        out[n:] = 0
        pos += n
        if n < frames:
            raise sd.CallbackStop

    try:
        stream = sd.OutputStream(device=device.index, samplerate=sr, channels=1, dtype="float32",
                                 callback=callback, finished_callback=done.set)
        started = time.monotonic()
        stream.start()
    except (sd.PortAudioError, ValueError) as exc:
        raise DeviceError(f"could not open output device {device.name!r} ({exc}); pick another "
                          "with --output-device, or use --no-voice") from exc
    deadline = started + len(y) / sr + GRACE_S
    try:
        while not done.wait(POLL_S):
            if time.monotonic() > deadline:
                raise DeviceError(f"output device {device.name!r} stopped playing; pick another "
                                  "with --output-device, or use --no-voice")
    finally:
        ended = time.monotonic()
        try:
            stream.abort() if not done.is_set() else None
            stream.close()
        except Exception as exc:  # the device may already be gone
            log.debug("closing the output stream: %s", exc)
    return Played(len(y) / sr, started, first[0] if first else started, ended)


def _for_device(y: np.ndarray, *, sr: int, device: OutputDevice) -> tuple[np.ndarray, int]:
    """``y`` at a rate the device takes: its own if it can, else the device's default."""
    sd = sounddevice_module()
    try:
        sd.check_output_settings(device=device.index, samplerate=sr, channels=1, dtype="float32")
        return np.ascontiguousarray(y, np.float32), sr
    except (sd.PortAudioError, ValueError):
        pass
    import librosa

    target = int(device.default_samplerate)
    return librosa.resample(y, orig_sr=sr, target_sr=target, res_type="soxr_hq").astype(np.float32), target
