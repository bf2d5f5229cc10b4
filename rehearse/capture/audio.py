"""Load any audio file as 16 kHz mono float32."""

from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rehearse.errors import AudioError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000  # Hz, what Whisper and every analysis here expect
MIN_DURATION_S = 1.0  # shorter than this holds no answer worth a report
# The longest file analysed at once. Measured (benchmarks/memory.py, /usr/bin/time -v,
# docs/performance.md): since answers over 30 s are decoded in chunks, analyze's peak is
# ~390 MiB at 2 minutes, ~460 at 10, 700 at an hour and 1.6 GiB at three hours (the audio
# itself, 230 MB an hour in float32, is most of what grows; 2026-12-02). Three hours leaves
# an 8-GiB laptop over 6 GiB for the system and a browser, and takes over 8 minutes on 2 cores.
MAX_DURATION_S = 3 * 60 * 60
MEMORY_NOTE = "three hours take about 1.6 GiB of memory and 8-10 minutes to analyse on a 2-core, 8-GiB machine"


@dataclass(frozen=True)
class Audio:
    """A decoded recording.

    y : np.ndarray [shape=(n,)], float32 in [-1, 1], mono at ``sr``.
    """

    path: str
    y: np.ndarray
    sr: int
    source_sr: int
    source_channels: int

    @property
    def duration_s(self) -> float:
        return len(self.y) / self.sr


def load_audio(path: str | Path, *, sr: int = SAMPLE_RATE) -> Audio:
    """Decode ``path`` (WAV, FLAC, OGG, MP3, M4A, ...) to mono float32 at ``sr``."""
    p = Path(path)
    if not p.exists():
        raise AudioError(f"{p}: no such file")
    if p.is_dir():
        raise AudioError(f"{p}: is a directory, not an audio file")
    if p.stat().st_size == 0:
        raise AudioError(f"{p}: the file is empty")
    _check_length(p)
    try:
        y, source_sr, channels = _read_soundfile(p, sr=sr)
    except _Unreadable:
        y, source_sr, channels = _read_av(p, sr=sr)
    if y.size == 0:
        raise AudioError(f"{p}: the file holds no audio (zero length)")
    # In place: an hour of audio is 230 MB, each copy as much again.
    y = np.nan_to_num(y, copy=False)
    np.clip(y, -1.0, 1.0, out=y)
    audio = Audio(str(p), y, sr, int(source_sr), int(channels))
    if audio.duration_s < MIN_DURATION_S:
        raise AudioError(
            f"{p}: only {audio.duration_s:.2f} s of audio, too short to judge; record a whole answer"
        )
    if audio.duration_s > MAX_DURATION_S:
        raise AudioError(_too_long(p, audio.duration_s))
    return audio


def _check_length(p: Path) -> None:
    """Refuse a file that is far too long before spending minutes decoding it."""
    import soundfile as sf

    try:
        with quiet_native_stderr():
            info = sf.info(str(p))
    except (sf.LibsndfileError, RuntimeError, TypeError):
        return  # not for libsndfile; PyAV checks as it decodes
    if info.samplerate and info.frames / info.samplerate > MAX_DURATION_S:
        raise AudioError(_too_long(p, info.frames / info.samplerate))


def _too_long(p: Path, seconds: float) -> str:
    return (f"{p}: {_h_min(seconds)} of audio is too long to analyse at once: the limit is "
            f"{_h_min(MAX_DURATION_S)} ({MEMORY_NOTE}); cut it into parts")


def _h_min(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


class _Unreadable(Exception):
    pass


@contextmanager
def quiet_native_stderr():
    """Keep a C decoder's chatter off the user's terminal: libmpg123 prints "Note: Trying to
    resync..." and the like straight to file descriptor 2 on a damaged MP3, which would break
    the promise of one error line. What it said goes to the debug log instead."""
    import tempfile

    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            said = sink.read(4096).decode(errors="replace").strip()
            if said:
                log.debug("the decoder said: %s", said)


def with_room(buf: np.ndarray, *, filled: int, extra: int) -> np.ndarray:
    """``buf`` if ``extra`` more samples fit after its first ``filled``, else a copy twice as
    large (doubling: appending n samples costs O(n) copies in all)."""
    if filled + extra <= len(buf):
        return buf
    grown = np.zeros(max(2 * len(buf), filled + extra), buf.dtype)
    grown[:filled] = buf[:filled]
    return grown


class _Mono:
    """Decoded blocks mixed to mono and resampled to ``sr`` as they come, into one growing
    float32 array: the whole file is never held at its own rate, channels or sample type.

    soxr's stream gives the same samples as ``librosa.resample(..., res_type="soxr_hq")`` on
    the whole signal (the last one aside, which librosa pads), so files read the same as
    when they were resampled whole.
    """

    def __init__(self, source_sr: int, *, sr: int, expected: int = 0) -> None:
        self._stream = None
        if source_sr != sr:
            import soxr

            self._stream = soxr.ResampleStream(source_sr, sr, 1, dtype="float32", quality="HQ")
        self._ratio = sr / source_sr
        self._n_in = 0
        self._y = np.empty(max(int(expected * self._ratio) + 1, 1), np.float32)
        self._n = 0

    def add(self, block: np.ndarray, *, channel_axis: int) -> None:
        mono = np.asarray(block.mean(axis=channel_axis), np.float32)
        self._n_in += len(mono)
        self._put(mono if self._stream is None else self._stream.resample_chunk(mono))

    def _put(self, x: np.ndarray) -> None:
        self._y = with_room(self._y, filled=self._n, extra=len(x))
        self._y[self._n:self._n + len(x)] = x
        self._n += len(x)

    def result(self) -> np.ndarray:
        if self._stream is not None:
            self._put(self._stream.resample_chunk(np.zeros(0, np.float32), last=True))
            want = int(np.ceil(self._n_in * self._ratio))  # librosa's length
            self._put(np.zeros(max(0, want - self._n), np.float32))
            self._n = min(self._n, want)
        self._y.resize(self._n, refcheck=False)  # shrinks in place: no second copy
        return self._y


def _read_soundfile(p: Path, *, sr: int) -> tuple[np.ndarray, int, int]:
    import soundfile as sf

    try:
        with quiet_native_stderr(), sf.SoundFile(str(p)) as f:
            source_sr, channels = int(f.samplerate), f.channels
            mono = _Mono(source_sr, sr=sr, expected=f.frames)
            while True:
                block = f.read(1 << 16, dtype="float32", always_2d=True)
                if not len(block):
                    break
                mono.add(block, channel_axis=1)
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        log.debug("soundfile could not read %s: %s", p, exc)
        raise _Unreadable from exc
    return mono.result(), source_sr, channels


def _read_av(p: Path, *, sr: int) -> tuple[np.ndarray, int, int]:
    """Containers libsndfile does not know (M4A, AAC, some MP3s), through PyAV."""
    import av

    try:
        with av.open(str(p), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioError(f"{p}: not an audio file (no audio stream found)")
            stream = container.streams.audio[0]
            if stream.codec_context is None:
                raise AudioError(f"{p}: not a readable audio file (no decoder for its audio)")
            if container.duration and container.duration / av.time_base > MAX_DURATION_S:
                raise AudioError(_too_long(p, container.duration / av.time_base))
            source_sr = stream.codec_context.sample_rate or stream.rate
            channels = stream.codec_context.channels or 1
            if not source_sr:
                raise AudioError(f"{p}: not a readable audio file (no sample rate)")
            expected = int(container.duration / av.time_base * source_sr) if container.duration else 0
            mono = _Mono(int(source_sr), sr=sr, expected=expected)
            # Planar float in the stream's own layout; we average the channels ourselves,
            # as for libsndfile files (FFmpeg's downmix adds 3 dB to stereo).
            resampler = av.AudioResampler(format="fltp", layout=stream.layout, rate=source_sr)
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    mono.add(out.to_ndarray(), channel_axis=0)
            for out in resampler.resample(None):
                mono.add(out.to_ndarray(), channel_axis=0)
    except AudioError:
        raise
    except Exception as exc:  # FFmpeg fails in many ways on a damaged file (fuzzing found
        # AttributeError on a stream without a codec): each means the same to the user
        raise AudioError(f"{p}: not a readable audio file ({_short(exc)})") from exc
    return mono.result(), int(source_sr), int(channels)


def _short(exc: Exception) -> str:
    # An OSError's (and PyAV's) own words, without the errno and the path it was given: the
    # message already leads with the path.
    text = getattr(exc, "strerror", None) or str(exc).strip()
    text = text.splitlines()[0] if text else type(exc).__name__
    return text[:120]
