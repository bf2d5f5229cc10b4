"""No speech lost silently: sound that no written word explains is decoded again on its own.

tiny.en, with the filler prompt and a long context, sometimes writes "Um..." where an "um"
was followed by a whole sentence, and drops the sentence. Each stretch the signal says was
spoken but nothing explains (``rehearse.measure.analysis.unexplained_sound``) is transcribed
again alone, first with the prompt and then without; the words found are spliced in. What
still yields nothing is kept as ``unclear`` with its time, so the report can say so instead
of pretending the speaker was silent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import numpy as np

from rehearse.speech.models import ModelChoice
from rehearse.speech.transcribe import TranscribeOptions, transcribe
from rehearse.speech.transcript import Transcript, Word

log = logging.getLogger(__name__)

PAD_S = 0.2  # decode a little of the quiet around the stretch, so its first sound is whole
MIN_KEPT_PROBABILITY = 0.2  # a word found in the repair needs this much belief


@dataclass(frozen=True)
class Repair:
    transcript: Transcript
    redecoded: int  # stretches of possibly lost speech decoded again
    spliced: int  # of which gave words
    unclear: tuple[tuple[float, float], ...]  # of which gave none, in seconds
    rechecked: tuple[tuple[float, float, tuple[Word, ...]], ...]  # (start_s, end_s, every word
    # decoded alone, however unsure) of each filler only the signal found


def repair(y: np.ndarray, *, sr: int, transcript: Transcript, lost_s: list[tuple[float, float]],
           heard_only_s: list[tuple[float, float]] = (), model: ModelChoice,
           options: TranscribeOptions = TranscribeOptions()) -> Repair:
    """``transcript`` with the words of each stretch in ``lost_s`` decoded again alone, and
    what each filler in ``heard_only_s`` decodes as alone (a held "and..." decodes as "And")."""
    words = list(transcript.words)
    unclear = []
    spliced = 0
    for a, b in lost_s:
        found = _decode_alone(y, sr=sr, start_s=a, end_s=b, model=model, options=options)
        log.info("uncovered sound %.2f-%.2f s decoded again: %d words", a, b, len(found))
        if found:
            words.extend(found)
            spliced += 1
        else:
            unclear.append((round(a, 3), round(b, 3)))
    words.sort(key=lambda w: w.start_s)
    rechecked = []
    for a, b in heard_only_s:
        # With the filler prompt only: without it Whisper turns a long "uh" into words.
        found = _decode_alone(y, sr=sr, start_s=a, end_s=b, model=model, options=options,
                              prompts=(options.initial_prompt,), min_probability=0.0)
        log.info("steady sound %.2f-%.2f s decoded again: %r", a, b, " ".join(w.text for w in found))
        rechecked.append((a, b, tuple(found)))
    return Repair(replace(transcript, words=tuple(words)), len(lost_s), spliced, tuple(unclear),
                  tuple(rechecked))


def _decode_alone(y: np.ndarray, *, sr: int, start_s: float, end_s: float, model: ModelChoice,
                  options: TranscribeOptions, prompts: tuple[str | None, ...] | None = None,
                  min_probability: float = MIN_KEPT_PROBABILITY) -> list[Word]:
    lo = max(0, int((start_s - PAD_S) * sr))
    hi = min(len(y), int((end_s + PAD_S) * sr))
    offset = lo / sr
    for prompt in prompts or dict.fromkeys((options.initial_prompt, None)):
        t = transcribe(y[lo:hi], sr=sr, model=model, options=replace(options, initial_prompt=prompt))
        kept = [Word(w.text, round(w.start_s + offset, 3), round(w.end_s + offset, 3), w.probability)
                for w in t.words if w.probability >= min_probability]
        # Only words said inside the stretch: the padding before it may catch the end of the
        # word before. After it, a word's time may drift into the padding (a closing "Thanks."
        # timed past the end of the sound).
        kept = [w for w in kept if start_s <= (w.start_s + w.end_s) / 2 <= end_s + PAD_S]
        if kept:
            return kept
    return []
