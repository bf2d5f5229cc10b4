"""Speech to words with timestamps, through faster-whisper on the CPU."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

import numpy as np

from rehearse.speech.models import ModelChoice, load_model, solo_model
from rehearse.speech.transcript import Transcript, Word

log = logging.getLogger(__name__)

# Stock Whisper writes fluent text and leaves out "um"/"uh"; a short prompt that
# contains them makes it keep most. Longer prompts made tiny.en drop sentences.
FILLER_PROMPT = "Um, uh, so, like, you know."
# A segment this repetitive (Whisper's own fallback threshold: we decode at one temperature,
# so nothing falls back) that the model itself thinks is silence is text invented there:
# "Thank you so much for watching ... bye, bye, bye" in the second of quiet that ends a
# chunk cut in a pause (ratio 7-11, no-speech 0.75-0.87; real segments 1.3-1.5 and < 0.1).
# So is a segment whose words after the first take no time (no sound to align them to) when
# the model doubts it: "Thank you very much." in the 0.3 s that ended a chunk, its words all
# at one instant, average log-probability -1.28, no-speech 0.53.
LOOP_RATIO = 2.4
LOOP_NO_SPEECH = 0.5
DECODERS = 2  # chunks decoded at once (the model has as many workers: models.WORKERS)
TOKENS_PER_S = 8  # fast speech is 5-6 tokens a second; a decoding caught in a loop ("see you
TOKENS_EXTRA = 8  # in the next video" 40 times) stops here instead of filling the window: on a
# 10-min answer, 15 lost stretches took 5.6 s to decode again instead of 7.2 s, same words kept
MAX_TOKENS = 200  # the prompt and the new tokens share Whisper's 448-token context
WORD_END_SLACK_S = 0.2  # Whisper's word ends fall up to this far before the sound's end
LEAST_SOUND_S = 0.05  # less sound than this after the last word is no word


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
    solo: bool = False,
) -> Transcript:
    """Transcribe mono float32 audio ``y`` (shape ``(n,)`` at 16 kHz).

    An answer longer than one Whisper window is cut in its pauses and the chunks decoded
    two at a time, each with the prompt (``rehearse.speech.chunks``).
    ``on_progress`` is called with the share of the audio done, from 0 to 1.
    ``solo``: nothing else decodes meanwhile; a window then takes every core if the model
    was loaded for it (``models.solo_model``).
    """
    from rehearse.speech.chunks import cut_at_pauses

    chunks = cut_at_pauses(y, sr=sr)
    if len(chunks) == 1:
        return _transcribe_window(y, sr=sr, model=model, options=options, on_progress=on_progress, solo=solo)
    from concurrent.futures import ThreadPoolExecutor

    words: list[Word] = []
    language = None
    with ThreadPoolExecutor(max_workers=DECODERS, thread_name_prefix="rehearse-decode") as pool:
        futures = [pool.submit(_transcribe_chunk, y[a:b], sr=sr, model=model, options=options)
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


def _invented(seg) -> bool:
    """Whether a faster-whisper segment is text the model made up in silence, not speech:
    a loop, or words that no sound could be aligned to, from a model unsure it heard any."""
    unsure = seg.no_speech_prob > LOOP_NO_SPEECH
    if seg.compression_ratio > LOOP_RATIO and unsure:
        return True
    words = seg.words or []
    timeless = len(words) >= 2 and all(w.end - w.start < 0.01 for w in words[1:])
    return timeless and (unsure or seg.avg_logprob < -1.0)


def _silence_after(y: np.ndarray, *, sr: int) -> Callable[[float], bool]:
    """Whether ``y`` holds no sound after a time: less than ``LEAST_SOUND_S`` of frames above
    its energy threshold (the pause threshold chunks are cut at, estimated on ``y`` itself)
    from ``WORD_END_SLACK_S`` after that time to the end.

    When Whisper's window ends short of the audio's end without closing its last segment,
    faster-whisper decodes the rest in a window of its own, a 30-s encoding and a decoding
    however little is left. A chunk ends in a pause, so the rest is mostly that pause: a
    10-min answer's 36 chunks took 68 windows, and what the extra ones wrote was mostly
    text invented in the quiet ("Thank you.", "Okay.", "see you in the next video" x12).
    Once the words reach the last sound, the rest is not decoded.
    """
    from rehearse.measure.features import frame_rms_db
    from rehearse.measure.pauses import estimate_levels
    from rehearse.speech.chunks import HOP_S

    rms = frame_rms_db(y, sr=sr, hop_s=HOP_S)
    loud = (rms >= estimate_levels(rms).threshold_db).astype(np.int32)
    left = np.cumsum(loud[::-1])[::-1]  # loud frames from each frame to the end
    least = int(round(LEAST_SOUND_S / HOP_S))  # 0.05 / 0.01 is 5.000000000000001 in floats

    def silent_after(t_s: float) -> bool:
        i = int(round((t_s + WORD_END_SLACK_S) / HOP_S))
        return i >= len(left) or left[i] < least

    return silent_after


def token_cap(said_s: float) -> int:
    """New tokens allowed for ``said_s`` seconds of audio in one window."""
    return min(MAX_TOKENS, int(TOKENS_PER_S * said_s) + TOKENS_EXTRA)


def _transcribe_chunk(y: np.ndarray, *, sr: int, model: ModelChoice, options: TranscribeOptions) -> Transcript:
    from rehearse.speech.heap import give_back_free_memory

    t = _transcribe_window(y, sr=sr, model=model, options=options)
    give_back_free_memory()  # 2-30 ms: without it, two decoders' freed memory piles up
    return t


def _transcribe_window(y: np.ndarray, *, sr: int, model: ModelChoice, options: TranscribeOptions,
                       on_progress: ProgressFn | None = None, solo: bool = False) -> Transcript:
    """``y`` decoded by faster-whisper as it is, window after window."""
    if options.max_new_tokens is None:  # a loop in the quiet after the last word stops soon
        options = replace(options, max_new_tokens=token_cap(len(y) / sr))
    whisper = (solo and solo_model(model)) or load_model(model)
    kwargs = options.decode_kwargs(model)
    duration_s = len(y) / sr
    silent_after = _silence_after(y, sr=sr)
    segments, info = whisper.transcribe(y, **kwargs)
    words: list[Word] = []
    for seg in segments:  # a lazy generator: decoding happens while we iterate
        if _invented(seg):
            log.info("skipped text invented in silence at %.2f s: %r", seg.start, seg.text[:60])
            continue
        for w in seg.words or ():
            if w.word.strip():
                words.append(Word(w.word.strip(), float(w.start), float(w.end), float(w.probability)))
        if on_progress is not None and duration_s > 0:
            on_progress(min(1.0, seg.end / duration_s))
        if words and silent_after(words[-1].end_s):
            break
    if on_progress is not None:
        on_progress(1.0)
    return Transcript(tuple(words), info.language, model.name)


SHORT_WINDOW_S = 8.0  # a sound of a second or so is decoded in a window this long, not Whisper's 30 s


def decode_short(y: np.ndarray, *, sr: int, model: ModelChoice, language: str,
                 options: TranscribeOptions = TranscribeOptions()) -> str:
    """What ``y``, a second or so of sound, says: decoded alone in a ``SHORT_WINDOW_S`` window,
    text only, with ``options``' prompt and beam.

    faster-whisper pads every window to 30 s, and the encoder's cost follows the window, not
    the sound: tiny.en's encoder took 0.75-0.95 s on 30 s, 0.14 s on 10 s and 0.065 s on 5 s
    on two cores (CTranslate2 takes the shorter input); a whole decoding of a span, 1-2 s in a
    30-s window with word times, 0.15-0.22 s here. The model was trained on 30-s windows and
    reads a short one less steadily: the same glued "uh" came out "It's Intel Intel Intel" in
    3 s, "It's, uh, Intel." in 5 and 8 s, "It's in total." in 10 and 15 s. Over the 53 steady
    stretches under the bar of the development set, 8 s wrote a hesitation on 13 of the 15 on
    true fillers and on none of the 38 others (3 s: 11 and 1, 5 s: 12 and 0). So the text
    tells whether a sound is a hesitation; it is not for the transcript. No word times: one
    sound a call.
    """
    whisper = load_model(model)
    encoded = encode_windows(whisper, [y], sr=sr, window_s=SHORT_WINDOW_S)
    tokenizer, prompt = short_prompt(whisper, language=language, options=options)
    result = whisper.model.generate(encoded, [prompt], beam_size=options.beam_size,
                                    max_length=len(prompt) + token_cap(len(y) / sr),
                                    suppress_blank=True, suppress_tokens=[-1])
    return tokenizer.decode(result[0].sequences_ids[0]).strip()


def encode_windows(whisper, clips: list[np.ndarray], *, sr: int, window_s: float):
    """Whisper's encoding of each clip, each alone in a window of ``window_s`` (or of the
    longest clip), as one batch: the encoder's cost follows the window (``decode_short``)."""
    import ctranslate2

    n = max(max(len(c) for c in clips), int(window_s * sr))
    mels = []
    for clip in clips:
        window = np.zeros(n, np.float32)
        window[:len(clip)] = clip
        mel = whisper.feature_extractor(window)
        mels.append(mel[:, :mel.shape[-1] - mel.shape[-1] % 2])  # the encoder halves the frames
    return whisper.model.encode(ctranslate2.StorageView.from_array(np.ascontiguousarray(np.stack(mels), np.float32)),
                                to_cpu=False)


def short_prompt(whisper, *, language: str, options: TranscribeOptions):
    """The tokenizer and the prompt tokens (``options``' prompt, no timestamps) of a short decoding."""
    from faster_whisper.tokenizer import Tokenizer

    tokenizer = Tokenizer(whisper.hf_tokenizer, whisper.model.is_multilingual, task="transcribe", language=language)
    previous = tokenizer.encode(" " + options.initial_prompt.strip()) if options.initial_prompt else []
    return tokenizer, whisper.get_prompt(tokenizer, previous, without_timestamps=True)


def single_token_ids(tokenizer, words: tuple[str, ...]) -> list[int]:
    """The single tokens that spell one of ``words``, capitalised or not, with or without a space."""
    out = set()
    for word in words:
        for form in (word, word.capitalize()):
            for text in (form, " " + form):
                ids = tokenizer.encode(text)
                if len(ids) == 1:
                    out.add(ids[0])
    return sorted(out)
