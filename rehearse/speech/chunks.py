"""Where to cut a long answer for decoding: in its pauses, into chunks of one Whisper window.

faster-whisper decodes a long file window after window, each starting where the last one's
final timestamp fell, and gives the filler prompt to the first window only (with
``condition_on_previous_text`` off, the context is reset after every window): from the
second window on, "um" and "uh" were written less. ``record`` has always decoded in chunks
cut at pauses, each with the prompt, and kept a sentence the whole-file decoding lost
(issue 14). Cutting every answer longer than a window the same way gives ``analyze`` and
``record`` one behaviour, and the chunks are independent: two are decoded at once, on the
core faster-whisper leaves idle (on two cores, bare faster-whisper keeps 1.26 of them busy).
"""

from __future__ import annotations

import numpy as np

WINDOW_S = 30.0  # one Whisper window: an answer this short is decoded whole
MAX_CHUNK_S = 25.0  # a chunk fits in one window with room for its last word's timestamp
MIN_CHUNK_S = 8.0  # each chunk costs a 30-s encoding however short it is
LATE_SHARE = 0.6  # prefer a pause in the last 40 % of the reach: fewer, fuller windows
MIN_GAP_S = 0.3  # a cut needs a silence at least this long
TAIL_S = 0.3  # of it, at most this much ends the chunk: in a 10-min answer cut in the middle of
# its pauses, tiny.en invented "Thank you so much for watching..." in the quiet that ended 8
# of 34 chunks, and 3 with 0.3 s (each such loop costs up to the chunk's token cap)
CONTEXT_S = 30.0  # the noise floor for a cut comes from this much audio around it
HOP_S = 0.01


def cut_at_pauses(y: np.ndarray, *, sr: int, max_chunk_s: float = MAX_CHUNK_S,
                  min_chunk_s: float = MIN_CHUNK_S) -> list[tuple[int, int]]:
    """[start, end) samples of the chunks ``y`` is decoded in, covering it without gaps.

    Each cut lies ``TAIL_S`` into (or in the middle of) the longest pause of at least
    ``MIN_GAP_S`` between ``min_chunk_s`` and ``max_chunk_s`` after the chunk's start,
    preferring one late in that reach; with no pause there, at its quietest 10 ms. An
    answer of up to ``WINDOW_S`` is one chunk. Looks at ``CONTEXT_S`` of audio at a time, so
    memory does not grow with ``y``.
    """
    from rehearse.measure.features import frame_rms_db, true_runs
    from rehearse.measure.pauses import estimate_levels

    n = len(y)
    if n <= WINDOW_S * sr:
        return [(0, n)]
    hop = int(HOP_S * sr)
    chunks = []
    start = 0
    while n - start > max_chunk_s * sr:
        end_reach = start + int(max_chunk_s * sr)
        context = y[max(0, end_reach - int(CONTEXT_S * sr)):end_reach]
        threshold = estimate_levels(frame_rms_db(context, sr=sr)).threshold_db
        rms = frame_rms_db(y[start:end_reach], sr=sr)
        lo, hi = int(min_chunk_s / HOP_S), len(rms) - 1
        runs = [(a, b) for a, b in true_runs(rms < threshold)
                if b - a >= int(MIN_GAP_S / HOP_S) and lo <= (a + b) // 2 < hi]
        if runs:
            late = [r for r in runs if (r[0] + r[1]) // 2 >= LATE_SHARE * hi] or runs
            a, b = max(late, key=lambda r: (r[1] - r[0], r[0]))
            cut = min((a + b) // 2, a + int(TAIL_S / HOP_S))
        else:
            cut = lo + int(np.argmin(rms[lo:hi]))
        chunks.append((start, start + cut * hop))
        start += cut * hop
    chunks.append((start, n))
    return chunks
