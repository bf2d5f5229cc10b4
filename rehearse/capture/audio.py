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
MAX_DURATION_S = 3 * 60 * 60  # three hours: longer is almost surely a mistake


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
        y, source_sr, channels = _read_soundfile(p)
    except _Unreadable:
        y, source_sr, channels = _read_av(p)
    if y.size == 0:
        raise AudioError(f"{p}: the file holds no audio (zero length)")
    if source_sr != sr:
        import librosa

        y = librosa.resample(y, orig_sr=source_sr, target_sr=sr, res_type="soxr_hq")
    y = np.clip(np.nan_to_num(y), -1.0, 1.0).astype(np.float32, copy=False)
    audio = Audio(str(p), y, sr, int(source_sr), int(channels))
    if audio.duration_s < MIN_DURATION_S:
        raise AudioError(
            f"{p}: only {audio.duration_s:.2f} s of audio, too short to judge; record a whole answer"
        )
    if audio.duration_s > MAX_DURATION_S:
        raise AudioError(f"{p}: {audio.duration_s / 3600:.1f} hours is too long for one answer")
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
        hours = info.frames / info.samplerate / 3600
        raise AudioError(f"{p}: {hours:.1f} hours is too long for one answer (limit 3 hours)")


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


def _read_soundfile(p: Path) -> tuple[np.ndarray, int, int]:
    import soundfile as sf

    try:
        with quiet_native_stderr():
            data, source_sr = sf.read(str(p), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        log.debug("soundfile could not read %s: %s", p, exc)
        raise _Unreadable from exc
    return data.mean(axis=1), int(source_sr), data.shape[1]


def _read_av(p: Path) -> tuple[np.ndarray, int, int]:
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
                raise AudioError(f"{p}: too long for one answer (limit 3 hours)")
            source_sr = stream.codec_context.sample_rate or stream.rate
            channels = stream.codec_context.channels or 1
            # Planar float in the stream's own layout; we average the channels ourselves,
            # as for libsndfile files (FFmpeg's downmix adds 3 dB to stereo).
            resampler = av.AudioResampler(format="fltp", layout=stream.layout, rate=source_sr)
            chunks = []
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().mean(axis=0))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().mean(axis=0))
    except AudioError:
        raise
    except Exception as exc:  # FFmpeg fails in many ways on a damaged file (fuzzing found
        # AttributeError on a stream without a codec): each means the same to the user
        raise AudioError(f"{p}: not a readable audio file ({_short(exc)})") from exc
    y = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    if not source_sr:
        raise AudioError(f"{p}: not a readable audio file (no sample rate)")
    return y, int(source_sr), int(channels)


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
