"""Transcribe while the user speaks, so that only the last few seconds remain at the end.

Audio arrives in blocks (from the capture fan-out). A worker thread cuts the pending audio
at a pause, never mid-word, and transcribes each chunk with the same model and options as
``rehearse analyze``. When no pause comes for ``max_chunk_s`` it cuts at the quietest
moment and re-decodes from the first word that straddles the cut. The speech network's
probabilities (``rehearse.speech.vad``) are computed block by block as the audio arrives, and
most frames' pitch and pulses (``rehearse.measure.early``), so the report's signal features
need not compute them after the user stops.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import numpy as np

from rehearse.capture.audio import with_room
from rehearse.measure.early import Early, EarlyFeatures
from rehearse.speech import ModelChoice
# One window, the least silence to cut in, the frame hop and the noise floor's context:
# the same as for a saved answer's chunks.
from rehearse.speech.chunks import CONTEXT_S, HOP_S, MAX_CHUNK_S, MIN_GAP_S
from rehearse.speech.heap import give_back_free_memory
from rehearse.speech.transcribe import TranscribeOptions, transcribe
from rehearse.speech import Transcript, Word

log = logging.getLogger(__name__)

SR = 16000
MIN_CHUNK_S = 6.0  # shorter chunks give Whisper too little context
EAGER_GAP_S = 0.25  # this much silence up to now may be the end of the answer
MIN_EAGER_CHUNK_S = 1.0
GUARD_S = 0.5  # never cut this close to the live edge: a word may be starting
RECHECK_S = 0.15  # look for a cut after this much new audio
KEEP_MARGIN_S = 10.0  # audio kept beyond that context: a time limit may cut the file shorter


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
        self._recent = RecentAudio()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._done_until = 0  # samples already transcribed and committed
        self._words: list[Word] = []
        self._language = "en"
        self._stopping = False
        self._error: BaseException | None = None
        self.chunks: list[ChunkStats] = []
        self._vad_lock = threading.Lock()
        self._vad = _speech_network()
        self._early = EarlyFeatures()
        self._worker = threading.Thread(target=self._run, name="live-transcriber", daemon=True)
        self._worker.start()

    def feed(self, y: np.ndarray) -> None:
        block = np.asarray(y, dtype=np.float32).reshape(-1)
        with self._wake:
            self._blocks.append(block)
            self._n += len(block)
            self._wake.notify()
        self._early.feed(block)
        with self._vad_lock:
            if self._vad is not None:
                try:  # about a millisecond per 50-ms block, for all the gains
                    self._vad.feed(block)
                except Exception as exc:  # the report computes them itself instead
                    log.warning("speech network failed while recording: %s", exc)
                    self._vad = None

    def speech_probability(self, y: np.ndarray) -> np.ndarray | None:
        """The speech network's output for ``y``, the saved recording of what was fed, as
        ``vad.speech_probability`` gives it, once feeding has stopped; None if unknown."""
        with self._vad_lock:
            if self._vad is None:
                return None
            try:
                return self._vad.result(y, sr=SR)
            except Exception as exc:
                log.warning("speech network failed while recording: %s", exc)
                self._vad = None
                return None

    def early_features(self) -> Early | None:
        """Pitch and pulses computed while recording (``rehearse.measure.early``), once
        feeding has stopped; None if none."""
        return self._early.finish()

    @property
    def words_so_far(self) -> tuple[Word, ...]:
        with self._lock:
            return tuple(self._words)

    def finish(self, *, total_samples: int | None = None) -> Transcript:
        """Stop listening, transcribe what is left, and return every word.

        ``total_samples``: the length of the saved recording, if it stopped short of what
        was fed (a time limit cuts the file, not the live stream).
        """
        self.stop()
        if self._error is not None:
            raise self._error
        audio, base = self._snapshot()
        end = base + len(audio) if total_samples is None else min(total_samples, base + len(audio))
        if self._done_until < end and _holds_sound(audio, self._done_until - base, end - base):
            self._transcribe_chunk(audio, self._done_until, end, "final", base=base)
        with self._lock:
            self._words = [w for w in self._words if w.start_s < end / SR]
        return Transcript(tuple(self._words), self._language, self._choice.name)

    def stop(self) -> None:
        """Stop the worker, letting a chunk being decoded finish: a process that exits while
        CTranslate2 decodes on a daemon thread is aborted (\"terminate called\", code -6)."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._worker.join()
        self._early.finish()

    def _snapshot(self) -> tuple[np.ndarray, int]:
        """The audio still needed, and the index of its first sample in the whole answer.

        Appends only the new blocks: copying the whole answer every 0.15 s would cost more
        as the answer grows. Audio already transcribed is dropped once it is older than
        the noise context (plus a margin for a file cut short by the time limit), so a
        three-hour answer holds a minute or two here, not 700 MB.
        """
        with self._lock:
            blocks, self._blocks = self._blocks, []
        # One writer at a time: the worker, then finish() once it has stopped.
        self._recent.keep_from(min(self._done_until, self._recent.end - int((CONTEXT_S + KEEP_MARGIN_S) * SR)))
        for b in blocks:
            self._recent.append(b)
        return self._recent.view()

    def _run(self) -> None:
        looked_at = 0  # samples seen when we last looked for a cut
        try:
            while True:
                with self._wake:
                    # Look again only when a little more audio has come: blocks arrive every
                    # 50 ms, and looking costs more than waiting.
                    while not self._stopping and (
                        self._n - self._done_until < MIN_EAGER_CHUNK_S * SR
                        or self._n - looked_at < RECHECK_S * SR
                    ):
                        self._wake.wait(timeout=0.5)
                    if self._stopping:
                        return
                audio, base = self._snapshot()
                looked_at = base + len(audio)
                cut = find_cut(audio, start=self._done_until - base)
                if cut is not None:
                    end, kind = cut
                    self._transcribe_chunk(audio, self._done_until, base + end, kind, base=base)
        except BaseException as exc:  # surfaced to the caller by finish()
            self._error = exc

    def _transcribe_chunk(self, audio: np.ndarray, start: int, end: int, kind: str, *, base: int = 0) -> None:
        """Decode samples [start, end) of the answer; ``audio`` holds it from sample ``base``."""
        log.debug("live chunk %.2f-%.2f s (%s): decoding", start / SR, end / SR, kind)
        t = transcribe(audio[start - base:end - base], sr=SR, model=self._choice, options=self._options)
        if kind != "final":  # the report is waited for: the user stopped
            give_back_free_memory()
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


class RecentAudio:
    """The end of a growing recording: ``append`` blocks, ``keep_from`` lets the older part
    go, ``view`` is (samples, index of the first in the whole recording). Space is reused
    before it grows, so a long answer holds about what was last asked to be kept."""

    def __init__(self, *, hop: int = int(HOP_S * SR)) -> None:
        self._audio = np.zeros(60 * SR, np.float32)  # [:_filled] is audio from sample ``_base`` on
        self._filled = 0
        self._base = 0
        self._keep = 0
        self._hop = hop

    @property
    def end(self) -> int:
        return self._base + self._filled

    def keep_from(self, sample: int) -> None:
        # On the frame grid, so that frames (and cuts) fall where they did on the whole.
        self._keep = max(self._keep, sample - sample % self._hop)

    def append(self, block: np.ndarray) -> None:
        if self._filled + len(block) > len(self._audio):
            drop = min(self._keep - self._base, self._filled)
            if drop > 0:
                self._audio[:self._filled - drop] = self._audio[drop:self._filled]
                self._filled -= drop
                self._base += drop
        self._audio = with_room(self._audio, filled=self._filled, extra=len(block))
        self._audio[self._filled:self._filled + len(block)] = block
        self._filled += len(block)

    def view(self) -> tuple[np.ndarray, int]:
        return self._audio[:self._filled], self._base


def _speech_network():
    from rehearse.speech import vad

    try:
        return vad.LevelledStream() if vad.model_path() else None
    except Exception as exc:
        log.warning("speech network unavailable while recording: %s", exc)
        return None


def _quiet_tail_frames(quiet: np.ndarray) -> int:
    """How many frames at the end of ``quiet`` are True."""
    loud = np.flatnonzero(~quiet)
    return len(quiet) - (int(loud[-1]) + 1 if loud.size else 0)


def _holds_sound(audio: np.ndarray, start: int, end: int) -> bool:
    """Whether ``audio[start:end]`` has any sound above the recent noise floor.

    The tail after the last word is usually silence; decoding it would cost a second of
    the user's wait and can only produce words Whisper invents in silence.
    """
    from rehearse.measure.features import frame_rms_db
    from rehearse.measure.pauses import estimate_levels

    context = audio[max(0, end - int(CONTEXT_S * SR)):end]
    threshold = estimate_levels(frame_rms_db(context, sr=SR)).threshold_db
    return _enough_sound(frame_rms_db(audio[start:end], sr=SR), threshold)


def _enough_sound(rms_db: np.ndarray, threshold_db: float) -> bool:
    """More frames above the threshold than a click has."""
    from rehearse.measure.pauses import MIN_BURST_S

    return int((rms_db > threshold_db).sum()) >= int(MIN_BURST_S / HOP_S)


def find_cut(audio: np.ndarray, *, start: int) -> tuple[int, str] | None:
    """Where to end the next chunk: the middle of the last pause before the live edge.

    Returns (sample, "pause"), (sample, "forced") when the pending audio is too long to wait
    for a pause, or None to wait for more audio. Looks only at recent audio, so its cost
    does not grow with the length of the answer.
    """
    from rehearse.measure.features import frame_rms_db, true_runs
    from rehearse.measure.pauses import estimate_levels

    pending = len(audio) - start
    if pending < MIN_EAGER_CHUNK_S * SR:
        return None
    hop = int(HOP_S * SR)
    context = max(0, len(audio) - int(CONTEXT_S * SR))
    context -= context % hop
    begin = min(start - start % hop, context)
    rms = frame_rms_db(audio[begin:], sr=SR)
    threshold = estimate_levels(rms).threshold_db
    first = (start - begin) // hop  # frame of the chunk start within ``rms``
    live_edge = int((len(audio) - begin) / SR / HOP_S - GUARD_S / HOP_S)
    # [start, end) of quiet runs, relative to ``first``
    runs = np.array(true_runs(rms[first:live_edge] < threshold), dtype=int).reshape(-1, 2)
    long_enough = runs[:, 1] - runs[:, 0] >= int(MIN_GAP_S / HOP_S)
    mids = (runs[:, 0] + runs[:, 1]) // 2
    # A run still open at the live edge may be the start of a long pause: it is fine to cut
    # in it, the next chunk begins in the same silence.
    ok = long_enough & (mids * HOP_S >= MIN_CHUNK_S)
    # A silence going on right now may be the end of the answer: decode up to it at once,
    # however short the chunk, so that a user who stops here waits for (almost) nothing.
    tail = _quiet_tail_frames(rms[first:] < threshold)
    if tail >= int(EAGER_GAP_S / HOP_S) and not ok.any():
        cut = len(rms) - tail + int(EAGER_GAP_S / HOP_S) // 2  # inside the silence, near its start
        if (cut - first) * HOP_S >= MIN_EAGER_CHUNK_S and _enough_sound(rms[first:cut], threshold):
            return begin + cut * hop, "pause"
    if ok.any():
        mid = int(mids[ok][-1]) + first
        return begin + mid * hop, "pause"
    if pending >= MAX_CHUNK_S * SR:
        lo = first + int(MIN_CHUNK_S / HOP_S)
        hi = first + int(MAX_CHUNK_S / HOP_S)
        quietest = lo + int(np.argmin(rms[lo:hi]))
        return begin + quietest * hop, "forced"
    return None
