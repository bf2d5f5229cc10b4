"""Write test audio in the formats users bring: WAV, FLAC, OGG, MP3 (libsndfile), M4A (PyAV)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def write_any(path: Path, y: np.ndarray, sr: int, *, channels: int = 1) -> Path:
    """Write mono ``y`` to ``path`` (format from the suffix), duplicated to ``channels``."""
    data = np.repeat(y[:, None], channels, axis=1) if channels > 1 else y
    if path.suffix == ".m4a":
        return _write_m4a(path, data.reshape(len(y), channels), sr)
    import soundfile as sf

    sf.write(str(path), data, sr)
    return path


def _write_m4a(path: Path, data: np.ndarray, sr: int) -> Path:
    import av

    layout = "mono" if data.shape[1] == 1 else "stereo"
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=sr, layout=layout)
        pcm = (np.clip(data, -1, 1) * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout=layout)
        frame.sample_rate = sr
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path
