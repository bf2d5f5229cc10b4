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
APART_S = 0.6  # silence between spans decoded side by side, so Whisper keeps them apart
CLIP_S = 28.0  # spans decoded side by side fill at most one Whisper window


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
    rechecked = _decode_side_by_side(y, sr=sr, spans_s=list(heard_only_s), model=model, options=options)
    return Repair(replace(transcript, words=tuple(words)), len(lost_s), spliced, tuple(unclear),
                  tuple(rechecked))


def _decode_side_by_side(y: np.ndarray, *, sr: int, spans_s: list[tuple[float, float]], model: ModelChoice,
                         options: TranscribeOptions) -> list[tuple[float, float, tuple[Word, ...]]]:
    """What each short span decodes as on its own, every word however unsure.

    The spans are laid side by side, apart by ``APART_S`` of silence, into clips of up to
    ``CLIP_S`` and decoded together: one decoding costs about as much for a second of
    audio as for thirty (Whisper pads every window to 30 s), and five signal-only fillers of
    a 2-minute answer decoded one by one took 60 % as long as the whole answer's decoding.
    With the filler prompt only: without it Whisper turns a long "uh" into words.
    """
    gap = np.zeros(int(APART_S * sr), np.float32)
    out = []
    batch: list[tuple[float, float, int, int]] = []  # span, and where its audio lies in y
    length = 0
    for i, (a, b) in enumerate(spans_s):
        lo, hi = max(0, int((a - PAD_S) * sr)), min(len(y), int((b + PAD_S) * sr))
        batch.append((a, b, lo, hi))
        length += hi - lo + len(gap)
        last = i == len(spans_s) - 1
        if not last and length + (spans_s[i + 1][1] - spans_s[i + 1][0] + 2 * PAD_S) * sr + len(gap) <= CLIP_S * sr:
            continue
        clip = np.concatenate([part for _, _, lo, hi in batch for part in (y[lo:hi], gap)])
        t = transcribe(clip, sr=sr, model=model, options=options)
        start = 0
        for a, b, lo, hi in batch:
            end = start + hi - lo
            offset = (lo - start) / sr
            found = tuple(Word(w.text, round(w.start_s + offset, 3), round(w.end_s + offset, 3), w.probability)
                          for w in t.words if start / sr <= (w.start_s + w.end_s) / 2 < end / sr + APART_S / 2)
            log.info("steady sound %.2f-%.2f s decoded again: %r", a, b, " ".join(w.text for w in found))
            out.append((a, b, found))
            start = end + len(gap)
        batch, length = [], 0
    return out


def _decode_alone(y: np.ndarray, *, sr: int, start_s: float, end_s: float, model: ModelChoice,
                  options: TranscribeOptions) -> list[Word]:
    lo = max(0, int((start_s - PAD_S) * sr))
    hi = min(len(y), int((end_s + PAD_S) * sr))
    offset = lo / sr
    for prompt in dict.fromkeys((options.initial_prompt, None)):
        t = transcribe(y[lo:hi], sr=sr, model=model, options=replace(options, initial_prompt=prompt))
        kept = [Word(w.text, round(w.start_s + offset, 3), round(w.end_s + offset, 3), w.probability)
                for w in t.words if w.probability >= MIN_KEPT_PROBABILITY]
        # Only words said inside the stretch: the padding before it may catch the end of the
        # word before. After it, a word's time may drift into the padding (a closing "Thanks."
        # timed past the end of the sound).
        kept = [w for w in kept if start_s <= (w.start_s + w.end_s) / 2 <= end_s + PAD_S]
        if kept:
            return kept
    return []
