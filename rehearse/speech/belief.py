"""Whether Whisper, reading back the words it wrote, expects a hesitation after one of them.

A filler said with no pause on either side ("settle disagreements, uh, not to share") is
the class held-out speech misses most: the first decoding writes the words and not the
"uh", and the sound decoded alone, cut out of its sentence, comes out as words ("It's
not.", "So now."). Asked otherwise, Whisper hears it: given the sound of a few words around
it and its own words up to the boundary as the text so far (teacher forcing: the decoder
runs over the forced tokens and gives its belief in the next one at every step, in one
call), its belief that "uh" or "um" comes next is what this module measures.

Measured over the candidates decoded alone of eight sets (session 18: glued stretches,
voiced gaps and overlong words whose decoding wrote no hesitation), with 1.5 s of words
before and 0.5 s after in a 4-s window: at a log belief of -2.5 or more, 14 of the 24 true
fillers nothing counted of the second development and third held-out sets, against 1 of
the candidates on no filler; 3 s before and 1 s after in an 8-s window did no better (14
and 2) at twice the encoder's cost. After a sentence's end or a written hesitation the
belief says nothing: the filler prompt ("Um, uh, so,") makes "Um," a likely first word of
any sentence (log belief -0.2 to -1.0 after "one." and "much." over a breath or a room's
sound in the long set), and "uh," a likely word after "uh,"; those boundaries are not read.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import numpy as np

from rehearse.speech.models import ModelChoice, load_model
from rehearse.speech.transcribe import TranscribeOptions, encode_windows, short_prompt, single_token_ids
from rehearse.speech.transcript import Word

CONTEXT_BEFORE_S = 1.5  # words starting this long before a span are read as the text so far
CONTEXT_AFTER_S = 0.5  # ... and after it, so the sound after the boundary is heard whole
TAIL_S = 0.3  # sound kept after the last word read
WINDOW_S = 4.0  # the encoder's cost follows the window (``transcribe.decode_short``)
EDGE_S = 0.15  # a boundary this near a span's ends (a word's end, or the next one's start) is in it
BATCH = 16
NASAL = ("um", "umm")  # not "mm", "hmm" as in ``hesitation_kind``: the kind of a known hesitation is
OPEN = ("uh", "uhh")  # asked there; here whether one comes at all, and "Mm-hmm." is no hesitation
COMMA_MIN_LOGP = -6.0  # a boundary where a comma is this unlikely is not read as "word, uh"
NONE = -30.0  # the log belief of a span with no boundary to read
_SENTENCE_END = re.compile(r"[.?!]$")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Belief:
    start_s: float
    end_s: float
    logp: float  # log of Whisper's belief that "uh" or "um" follows ``after``
    kind: str  # "um" or "uh": the likelier of the two there
    after: str  # the written word it would follow
    after_end_s: float  # where Whisper's span of that word ends


def hesitation_beliefs(y: np.ndarray, *, sr: int, spans_s: list[tuple[float, float]], words: tuple[Word, ...],
                       model: ModelChoice, language: str,
                       options: TranscribeOptions = TranscribeOptions()) -> tuple[Belief, ...]:
    """For each span (start_s, end_s), Whisper's highest belief, at a word boundary in it, that
    a hesitation comes next, reading ``words`` (the transcript's) as the text so far.

    Where the word before the boundary has no comma, "word, uh" is read too: the belief in a
    comma times the belief in a hesitation after it."""
    if not spans_s:
        return ()
    from rehearse.measure.words import is_hesitation

    whisper = load_model(model)
    tokenizer, prompt = short_prompt(whisper, language=language, options=options)
    nasal, open_ = single_token_ids(tokenizer, NASAL), single_token_ids(tokenizer, OPEN)
    comma = tokenizer.encode(",")[0]
    asks = []  # per span: (clip, tokens, [(token index, word) at each boundary read])
    for a, b in spans_s:
        read = [w for w in words if a - CONTEXT_BEFORE_S <= w.start_s < b + CONTEXT_AFTER_S]
        tokens, marks = [], []
        for i, w in enumerate(read):
            tokens += tokenizer.encode(" " + w.text.strip())
            nxt = read[i + 1].start_s if i + 1 < len(read) else w.end_s
            if ((a - EDGE_S <= w.end_s <= b + EDGE_S or a - EDGE_S <= nxt <= b + EDGE_S)
                    and not _SENTENCE_END.search(w.text.strip()) and not is_hesitation(w.norm)):
                marks.append((len(tokens), w))
        end_s = max([b] + [w.end_s for w in read]) + TAIL_S
        start_s = read[0].start_s if read else a
        asks.append((y[max(0, int(start_s * sr)):min(len(y), int(end_s * sr))], tokens, marks))
    out = []
    for k in range(0, len(asks), BATCH):
        batch = asks[k:k + BATCH]
        encoded = encode_windows(whisper, [clip for clip, _, _ in batch], sr=sr, window_s=WINDOW_S)
        steps = _forced(whisper, encoded, [prompt + tokens for _, tokens, _ in batch],
                        [[at for at, _ in marks] for _, _, marks in batch])
        # "word, uh": the comma forced after each boundary that lacks one, all in one more call
        follow = [(j, at) for j, (_, _, marks) in enumerate(batch) for at, w in marks
                  if not w.text.strip().endswith(",") and at in steps[j] and steps[j][at][comma] >= COMMA_MIN_LOGP]
        after_comma = {}
        if follow:
            forced = [prompt + batch[j][1][:at] + [comma] for j, at in follow]
            again = _forced(whisper, _rows(encoded, [j for j, _ in follow]), forced, [[at + 1] for _, at in follow])
            after_comma = {(j, at): got[at + 1] for (j, at), got in zip(follow, again) if at + 1 in got}
        for j, (a, b) in enumerate(spans_s[k:k + BATCH]):
            best = Belief(a, b, NONE, "uh", "", a)
            for at, w in batch[j][2]:
                lp = steps[j].get(at)
                if lp is None:
                    continue
                um, uh = _logsum(lp[nasal]), _logsum(lp[open_])
                later = after_comma.get((j, at))
                if later is not None:
                    um = np.logaddexp(um, lp[comma] + _logsum(later[nasal]))
                    uh = np.logaddexp(uh, lp[comma] + _logsum(later[open_]))
                total = float(np.logaddexp(um, uh))
                if total > best.logp:
                    best = Belief(a, b, round(total, 3), "um" if um > uh else "uh", w.text.strip(), w.end_s)
            log.info("sound %.2f-%.2f s read back: log belief %.1f in an %s after %r", a, b, best.logp, best.kind,
                     best.after)
            out.append(best)
    return tuple(out)


def _forced(whisper, encoded, prompts: list[list[int]], wanted: list[list[int]]) -> list[dict[int, np.ndarray]]:
    """Per prompt (the short prompt, then forced text), the log belief over the vocabulary at
    each step of ``wanted``: step i is the belief in the token after the first i forced ones.
    A step is missing where Whisper would end the text before it."""
    results = whisper.model.generate(encoded, prompts, beam_size=1, max_length=max(len(p) for p in prompts) + 1,
                                     return_logits_vocab=True, suppress_blank=False, suppress_tokens=[])
    out = []
    for steps, r in zip(wanted, results):
        rows = r.logits[0]
        got = {}
        for i in steps:
            if i < len(rows):
                lg = np.asarray(rows[i], np.float64).ravel()
                got[i] = lg - np.logaddexp.reduce(lg)
        out.append(got)
    return out


def _rows(encoded, picks: list[int]):
    """The encodings of a batch at ``picks``, as a batch."""
    import ctranslate2

    return ctranslate2.StorageView.from_array(np.ascontiguousarray(np.asarray(encoded)[picks]))


def _logsum(a: np.ndarray) -> float:
    return float(np.logaddexp.reduce(a)) if len(a) else NONE
