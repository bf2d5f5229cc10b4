"""Speech to words with timestamps, through faster-whisper on the CPU."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

from rehearse.speech.models import ModelChoice, load_model
from rehearse.speech.transcript import Transcript, Word

log = logging.getLogger(__name__)

# Stock Whisper writes fluent text and leaves out "um"/"uh"; a short prompt that
# contains them makes it keep most. Longer prompts made tiny.en drop sentences.
FILLER_PROMPT = "Um, uh, so, like, you know."
DECODERS = 2  # chunks decoded at once (the model has as many workers: models.WORKERS)


@dataclass(frozen=True)
class TranscribeOptions:
    """Every decoding option in one place (see docs/accuracy.md for how they were chosen)."""

    beam_size: int = 5  # 1 = greedy
    initial_prompt: str | None = FILLER_PROMPT  # keeps fillers in the text
    language: str | None = None  # None: English for .en models, detected otherwise
    condition_on_previous_text: bool = False  # stops a hallucinated sentence repeating
    temperature: float = 0.0
    word_timestamps: bool = True  # every analysis needs word times
    vad_filter: bool = False  # Silero VAD would cut fillers out before decoding
    hallucination_silence_threshold: float | None = 2.0  # s; skip text invented in silence
    max_new_tokens: int | None = None  # per 30-s window; None: as many as the context holds

    def decode_kwargs(self, model: ModelChoice) -> dict:
        """Keyword arguments for ``WhisperModel.transcribe`` with ``model``."""
        kwargs = asdict(self)
        if kwargs["language"] is None and model.english_only:
            kwargs["language"] = "en"
        return kwargs


ProgressFn = Callable[[float], None]


def transcribe(
    y: np.ndarray,
    *,
    sr: int,
    model: ModelChoice,
    options: TranscribeOptions = TranscribeOptions(),
    on_progress: ProgressFn | None = None,
) -> Transcript:
    """Transcribe mono float32 audio ``y`` (shape ``(n,)`` at 16 kHz).

    An answer longer than one Whisper window is cut in its pauses and the chunks decoded
    two at a time, each with the prompt (``rehearse.speech.chunks``).
    ``on_progress`` is called with the share of the audio done, from 0 to 1.
    """
    from rehearse.speech.chunks import cut_at_pauses

    chunks = cut_at_pauses(y, sr=sr)
    if len(chunks) == 1:
        return _transcribe_window(y, sr=sr, model=model, options=options, on_progress=on_progress)
    from concurrent.futures import ThreadPoolExecutor

    load_model(model)  # once, before two threads ask for it
    words: list[Word] = []
    language = None
    with ThreadPoolExecutor(max_workers=DECODERS, thread_name_prefix="rehearse-decode") as pool:
        futures = [pool.submit(_transcribe_window, y[a:b], sr=sr, model=model, options=options)
                   for a, b in chunks]
        try:
            for (a, b), future in zip(chunks, futures):
                t = future.result()
                language = language or t.language
                words.extend(Word(w.text, w.start_s + a / sr, w.end_s + a / sr, w.probability) for w in t.words)
                log.debug("chunk %.2f-%.2f s: %d words", a / sr, b / sr, len(t.words))
                if on_progress is not None:
                    on_progress(b / len(y))
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return Transcript(tuple(words), language or "en", model.name)


def _transcribe_window(y: np.ndarray, *, sr: int, model: ModelChoice, options: TranscribeOptions,
                       on_progress: ProgressFn | None = None) -> Transcript:
    """``y`` decoded by faster-whisper as it is, window after window."""
    whisper = load_model(model)
    kwargs = options.decode_kwargs(model)
    duration_s = len(y) / sr
    segments, info = whisper.transcribe(y, **kwargs)
    words: list[Word] = []
    for seg in segments:  # a lazy generator: decoding happens while we iterate
        for w in seg.words or ():
            if w.word.strip():
                words.append(Word(w.word.strip(), float(w.start), float(w.end), float(w.probability)))
        if on_progress is not None and duration_s > 0:
            on_progress(min(1.0, seg.end / duration_s))
    if on_progress is not None:
        on_progress(1.0)
    return Transcript(tuple(words), info.language, model.name)
