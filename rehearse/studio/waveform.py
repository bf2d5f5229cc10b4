"""The waveform's outline for the report page, computed once on the server.

Measured (benchmarks/studio.py, 3-minute answer, headless Chromium): letting wavesurfer.js
fetch and decode the whole WAV drew the waveform 505 ms after navigation; handing it these
peaks in the page's data draws it without decoding. This is drawing, not analysis: the
loudest sample in each of a few thousand slices.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

POINTS = 4000  # slices across the whole answer: finer than the page is wide, at 200 % too


def peaks(path: Path) -> dict | None:
    """``{"peaks": [...], "duration_s": s}`` for a file soundfile reads, else None (the page
    then lets the browser decode the audio itself)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _peaks(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _peaks(path: str, mtime_ns: int, size: int) -> dict | None:
    import numpy as np
    import soundfile as sf

    try:
        y, sr = sf.read(path, dtype="float32", always_2d=True)
    except (RuntimeError, sf.LibsndfileError, OSError):  # MP3, M4A...: the browser decodes
        return None
    level = np.abs(y).max(axis=1) if y.size else np.zeros(1, np.float32)
    step = max(1, -(-len(level) // POINTS))
    padded = np.pad(level, (0, (-len(level)) % step))
    top = padded.reshape(-1, step).max(axis=1)
    return {"peaks": np.round(top, 3).tolist(), "duration_s": round(len(y) / sr, 3)}
