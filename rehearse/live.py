"""Transcribe while the user speaks, so that only the last few seconds remain at the end.

Audio arrives in blocks (from the capture fan-out). A worker thread cuts the pending audio
at a pause, never mid-word, and transcribes each chunk with the same model and options as
``rehearse analyze``. When no pause comes for ``max_chunk_s`` it cuts at the quietest
moment and re-decodes from the first word that straddles the cut.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import numpy as np

from rehearse.models import ModelChoice
from rehearse.transcribe import TranscribeOptions, transcribe
from rehearse.transcript import Transcript, Word

log = logging.getLogger(__name__)

SR = 16000
MIN_CHUNK_S = 6.0  # shorter chunks give Whisper too little context
MAX_CHUNK_S = 25.0  # stay inside one 30-s Whisper window
MIN_GAP_S = 0.3  # a cut needs a silence at least this long
GUARD_S = 0.5  # never cut this close to the live edge: a word may be starting
HOP_S = 0.01


@dataclass(frozen=True)
class ChunkStats:
    start_s: float
    end_s: float
    cut: str  # "pause", "forced", "final"


class LiveTranscriber:
    """Feed 16 kHz mono float32 blocks with ``feed``; ``finish`` returns the whole transcript."""

    def __init__(self, choice: ModelChoice, *, options: TranscribeOptions = TranscribeOptions()):
        self._choice = choice
        self._options = options
        self._blocks: list[np.ndarray] = []
        self._n = 0
        self._audio = np.zeros(0, np.float32)
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._done_until = 0  # samples already transcribed and committed
        self._words: list[Word] = []
        self._language = "en"
        self._stopping = False
        self._error: BaseException | None = None
        self.chunks: list[ChunkStats] = []
        self._worker = threading.Thread(target=self._run, name="live-transcriber", daemon=True)
        self._worker.start()

    def feed(self, y: np.ndarray) -> None:
        with self._wake:
            self._blocks.append(np.asarray(y, dtype=np.float32).reshape(-1))
            self._n += len(self._blocks[-1])
            self._wake.notify()

    @property
    def words_so_far(self) -> tuple[Word, ...]:
        with self._lock:
            return tuple(self._words)

    def finish(self, *, total_samples: int | None = None) -> Transcript:
        """Stop listening, transcribe what is left, and return every word.

        ``total_samples``: the length of the saved recording, if it stopped short of what
        was fed (a time limit cuts the file, not the live stream).
        """
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._worker.join()
        if self._error is not None:
            raise self._error
        audio = self._snapshot()
        end = len(audio) if total_samples is None else min(total_samples, len(audio))
        if self._done_until < end:
            self._transcribe_chunk(audio, self._done_until, end, "final")
        with self._lock:
            self._words = [w for w in self._words if w.start_s < end / SR]
        return Transcript(tuple(self._words), self._language, self._choice.name)

    def _snapshot(self) -> np.ndarray:
        with self._lock:
            if self._blocks:
                self._audio = np.concatenate([self._audio, *self._blocks])
                self._blocks = []
            return self._audio

    def _run(self) -> None:
        try:
            while True:
                with self._wake:
                    while not self._stopping and self._n - self._done_until < MIN_CHUNK_S * SR:
                        self._wake.wait(timeout=0.5)
                    if self._stopping:
                        return
                audio = self._snapshot()
                cut = find_cut(audio, start=self._done_until)
                if cut is None:
                    with self._wake:
                        self._wake.wait(timeout=0.25)  # wait for a pause to come
                    continue
                end, kind = cut
                self._transcribe_chunk(audio, self._done_until, end, kind)
        except BaseException as exc:  # surfaced to the caller by finish()
            self._error = exc

    def _transcribe_chunk(self, audio: np.ndarray, start: int, end: int, kind: str) -> None:
        t = transcribe(audio[start:end], sr=SR, model=self._choice, options=self._options)
        self._language = t.language
        offset = start / SR
        words = [Word(w.text, w.start_s + offset, w.end_s + offset, w.probability) for w in t.words]
        next_start = end
        if kind == "forced" and words:
            # A word may straddle a cut made without a pause: keep the words that end well
            # before it and decode the rest again with the next chunk.
            edge = end / SR - GUARD_S
            kept = [w for w in words if w.end_s <= edge]
            if kept and len(kept) < len(words):
                next_start = int(round(kept[-1].end_s * SR))
                words = kept
        with self._lock:
            self._words.extend(words)
            self._done_until = next_start
        self.chunks.append(ChunkStats(round(offset, 2), round(next_start / SR, 2), kind))
        log.debug("live chunk %.2f-%.2f s (%s): %d words", offset, next_start / SR, kind, len(words))


def find_cut(audio: np.ndarray, *, start: int) -> tuple[int, str] | None:
    """Where to end the next chunk: the middle of the last pause before the live edge.

    Returns (sample, "pause"), (sample, "forced") when the pending audio is too long to wait
    for a pause, or None to wait for more audio.
    """
    from rehearse.features import frame_rms_db
    from rehearse.pauses import estimate_levels

    pending = audio[start:]
    if len(pending) < MIN_CHUNK_S * SR:
        return None
    rms = frame_rms_db(audio, sr=SR)  # the whole recording sets the noise floor
    threshold = estimate_levels(rms).threshold_db
    first = start // int(HOP_S * SR)
    live_edge = (len(audio) / SR - GUARD_S) / HOP_S
    quiet = rms[first:] < threshold
    gap_frames = int(MIN_GAP_S / HOP_S)
    best = None
    run_start = None
    for i, q in enumerate(np.append(quiet, False)):
        if q and run_start is None:
            run_start = i
        elif not q and run_start is not None:
            mid = first + (run_start + i) // 2
            if i - run_start >= gap_frames and first + i <= live_edge and (mid - first) * HOP_S >= MIN_CHUNK_S:
                best = mid
            run_start = None
    if best is not None:
        return int(best * HOP_S * SR), "pause"
    if len(pending) >= MAX_CHUNK_S * SR:
        window = rms[first + int(MIN_CHUNK_S / HOP_S):first + int(MAX_CHUNK_S / HOP_S)]
        quietest = first + int(MIN_CHUNK_S / HOP_S) + int(np.argmin(window))
        return int(quietest * HOP_S * SR), "forced"
    return None
