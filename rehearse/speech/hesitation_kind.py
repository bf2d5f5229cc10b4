"""Which hesitation a short sound is, "um" or "uh", as Whisper hears it: the odds of the one
over the other among the words it might write there.

Our own rules label a filler from where its label came from: a written hesitation moved onto
the sound beside it, a run's burst taking its neighbour's kind, a glued filler's decoding
alone, the signal's nasal close. On the two development sets (70 answers, 322 fillers found
on true ones) 23 were labelled the wrong kind, each one a miss and a false alarm at once:
the largest single cause of both. The signal alone does not settle it where the found span
is loose (the next word's onset or nasal in its last third): the nasal close
(``acoustic_fillers.nasal_end_db``) parts 99.7 % of the true spans at its best line, and puts
91.6 % of the found ones on the right side of -4 dB. Whisper,
given the sound alone with 0.2 s either side and the filler prompt, and read not by what it
writes but by how much of its belief at the hesitation's step goes to "um" against "uh",
points the right way on 93.5 % of the found spans, and on 253 of the 254 where its odds reach
e^2. Asked only where the signal does not back the label (41 spans), it mended 12 labels and
broke none (``benchmarks/kinds.py``; ``docs/accuracy.md``, session 12).

A 2-s window, not ``transcribe.SHORT_WINDOW_S``: what is asked is the kind of a sound already
known to be a hesitation, not whether it is one, and the encoder's cost follows the window.
All the spans go in one batch: 33 ms a span against 141 ms alone in an 8-s window, on two
cores.
"""

from __future__ import annotations

import logging

import numpy as np

from rehearse.speech.coverage import padded
from rehearse.speech.models import ModelChoice, load_model
from rehearse.speech.transcribe import TranscribeOptions, encode_windows, short_prompt, single_token_ids

WINDOW_S = 2.0
BATCH = 16  # spans encoded at a time (a 10-minute answer has ~100 fillers, a fifth of them in doubt)
NASAL = ("um", "umm", "mm", "hmm")
OPEN = ("uh", "uhh", "er", "ah")
FLOOR = 1e-4  # belief under this in either kind is as good as none
# Steps decoded: a hesitation comes first or after the word before it, and past it Whisper
# loops ("Um, um, um, um,") at full belief. Over the development sets 5 steps relabel the
# same fillers as a whole decoding (16 steps for a second of sound), 3 one fewer; the four
# spans in doubt of the 2-minute answer took 0.17 s against 0.24-0.29 s.
STEPS = 5

log = logging.getLogger(__name__)


def hesitation_odds(y: np.ndarray, *, sr: int, spans_s: list[tuple[float, float]], model: ModelChoice,
                    language: str, options: TranscribeOptions = TranscribeOptions()) -> list[float]:
    """For each span (start_s, end_s), the log odds of "um" over "uh" at the step of a greedy
    decoding (its first ``STEPS``) where Whisper's belief in either is highest: above 0 it
    hears "um"."""
    if not spans_s:
        return []
    whisper = load_model(model)
    tokenizer, prompt = short_prompt(whisper, language=language, options=options)
    nasal, open_ = single_token_ids(tokenizer, NASAL), single_token_ids(tokenizer, OPEN)
    odds: list[float] = []
    for k in range(0, len(spans_s), BATCH):
        clips = [y[slice(*padded(a, b, sr=sr, n=len(y)))] for a, b in spans_s[k:k + BATCH]]  # coverage.PAD_S either side
        encoded = encode_windows(whisper, clips, sr=sr, window_s=WINDOW_S)
        results = whisper.model.generate(encoded, [prompt] * len(clips), beam_size=1, max_length=len(prompt) + STEPS,
                                         return_logits_vocab=True, suppress_blank=True, suppress_tokens=[-1])
        odds.extend(_odds(r.logits[0], nasal, open_) for r in results)
    for (a, b), o in zip(spans_s, odds):
        log.info("hesitation %.2f-%.2f s heard alone: log odds of um over uh %.1f", a, b, o)
    return odds


def _odds(steps, nasal: list[int], open_: list[int]) -> float:
    best = (0.0, 0.0)
    for logits in steps:
        a = np.asarray(logits, np.float64).ravel()
        p = np.exp(a - a.max())
        p /= p.sum()
        um, uh = float(p[nasal].sum()), float(p[open_].sum())
        if um + uh > sum(best):
            best = (um, uh)
    return float(np.log((best[0] + FLOOR) / (best[1] + FLOOR)))
