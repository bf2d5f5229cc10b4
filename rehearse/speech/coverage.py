"""No speech lost silently: sound that no written word explains is decoded again on its own.

tiny.en, with the filler prompt and a long context, sometimes writes "Um..." where an "um"
was followed by a whole sentence, and drops the sentence. Each stretch the signal says was
spoken but nothing explains (``rehearse.measure.analysis.unexplained_sound``) is transcribed
again alone, first with the prompt and then without; the words found are spliced in. What
still yields nothing is kept as ``unclear`` with its time, so the report can say so instead
of pretending the speaker was silent.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, replace

import numpy as np

from rehearse.speech.belief import Belief, hesitation_beliefs
from rehearse.speech.models import ModelChoice
from rehearse.speech.transcribe import TranscribeOptions, decode_short, token_cap, transcribe
from rehearse.speech.transcript import Transcript, Word

log = logging.getLogger(__name__)

PAD_S = 0.2  # decode a little of the quiet around the stretch, so its first sound is whole
GAP_PAD_S = 0.05  # a gap between two words is decoded with this little of them (see ``repair``)
RETRY_PAD_S = 0.1  # ... and a span whose decoding wrote no hesitation, once more with this (``_decode_each_short``)
MIN_KEPT_PROBABILITY = 0.2  # a word found in the repair needs this much belief
APART_S = 0.6  # silence between spans decoded side by side, so Whisper keeps them apart
LOST_APART_S = 1.5  # between lost stretches: over 0.6 s of silence, Whisper timed a word of
# one stretch's looping "words, words" into the next, a breath ("where." on a 2-min answer)
CLIP_S = 28.0  # spans decoded side by side fill at most one Whisper window


@dataclass(frozen=True)
class Repair:
    transcript: Transcript
    redecoded: int  # stretches of possibly lost speech decoded again
    spliced: int  # of which gave words
    unclear: tuple[tuple[float, float], ...]  # of which gave none, in seconds
    rechecked: tuple[tuple[float, float, tuple[Word, ...]], ...]  # (start_s, end_s, every word
    # decoded alone, however unsure) of each short sound in ``short_s``
    stretched: int = 0  # stretches where a doubted word spans a pause, decoded again
    retimed: int = 0  # of which the surer decoding replaced the words
    reworded: int = 0  # stretches decoded again without the prompt (a word written "uh"?)
    unprompted: int = 0  # of which the surer decoding replaced the words
    believed: tuple[Belief, ...] = ()  # of each span of ``glued_s`` and ``gaps_s`` whose decoding
    # wrote no hesitation: Whisper's belief in one there, reading the transcript's words
    misplaced: int = 0  # regions whose words Whisper could not place, decoded again
    rewritten: int = 0  # of which the surer decoding replaced the words


def repair(y: np.ndarray, *, sr: int, transcript: Transcript, lost_s: list[tuple[float, float]],
           short_s: list[tuple[float, float]] = (), stretched_s: list[tuple[float, float, float]] = (),
           glued_s: list[tuple[float, float]] = (), gaps_s: list[tuple[float, float]] = (),
           reworded_s: list[tuple[float, float]] = (), misplaced_s: list[tuple[float, float]] = (),
           model: ModelChoice, options: TranscribeOptions = TranscribeOptions()) -> Repair:
    """``transcript`` with the words of each stretch in ``lost_s`` decoded again alone, and
    what each short sound in ``short_s`` decodes as alone (a filler only the signal found
    may be a held "and...", a lone burst one more "uh" or a chair's creak). The words of each
    stretch in ``stretched_s`` (start_s, from_s, end_s: a doubted word timed over a pause,
    from the pause's start) are replaced by what its sound, from ``from_s``, decodes as
    alone, if that is surer (``_surer``). So are those of each stretch in ``reworded_s`` (speech
    where the filler prompt may have turned a word into "uh"), by what it decodes as without
    the prompt, in a window of their own; and those of each region in ``misplaced_s`` (words
    in a row written at instants) by what it decodes as alone with the prompt, beside the lost
    stretches, unless a stretch above already decodes it again.

    Each span of ``glued_s`` (a steady stretch between words, under the bar to count alone:
    a filler glued to them?) is decoded alone too, with ``PAD_S`` either side, in a short
    window (``transcribe.decode_short``: 0.15 s a span on the development set, against 1-2 s
    for a 30-s window), and reported in ``rechecked`` after those of ``short_s`` with its
    words untimed (the span's times, probability 0): only whether a hesitation is written
    there is asked. Not side by side with the short sounds: there, a chair's creak in a pause
    that had decoded as nothing decoded as a word, and split its pause. Each span of
    ``gaps_s`` (a voiced gap between two written words, or a word written overlong, with no
    pause in it) likewise, but with only ``GAP_PAD_S`` either side: with more, the words
    around it take over. On the development set's 11 gaps over a glued "um", 0.05 s wrote
    "Um" on all 11, 0.1 s on 10 ("I'm like one."), 0.2 s on 4 ("I'm not."); with none, "Uh,"
    or "Um," also came out of 4 of the 43 gaps of 0.1 s or more over nothing. Over an
    overlong "and" that hides an "uh", 0.05 s wrote it first in 15 of 17, 0.2 s in 8. Where
    such a decoding writes no hesitation, Whisper is asked once more, reading back the
    transcript's own words around the span, how much it believes one comes next there
    (``belief.hesitation_beliefs``: 55 ms a span, in ``believed``).

    Each span is decoded on its own sound, but the lost stretches side by side in as few
    Whisper windows as they fill (``_decode_side_by_side``), with the prompt and, at the
    same time, without it, for those the prompt leaves without a word; the fillers likewise,
    with the prompt only (without it Whisper turns a long "uh" into words). One decoding of a lone stretch costs
    as much as one of 30 s (0.8-1.2 s on two cores): a 2-minute answer of the corpus's
    spontaneous speech with four doubtful stretches spent 9.6 s in eight such decodings,
    one at a time, against 7.7 s for transcribing the whole answer; side by side, 2.3 s.
    """
    from concurrent.futures import ThreadPoolExecutor

    lost_s, short_s, stretched_s, reworded_s = list(lost_s), list(short_s), list(stretched_s), list(reworded_s)
    misplaced_s = [(a, b) for a, b in misplaced_s
                   if not any(a < d and c < b for c, d in reworded_s + [(s, e) for s, _, e in stretched_s])]
    each_short = [(a, b, PAD_S) for a, b in glued_s] + [(a, b, GAP_PAD_S) for a, b in gaps_s]
    side = functools.partial(_decode_side_by_side, y, sr=sr, model=model)
    unprompted = replace(options, initial_prompt=None)
    passes = [bool(short_s), bool(lost_s or stretched_s or misplaced_s),
              bool(lost_s) and options.initial_prompt is not None, bool(reworded_s)]
    # One pass of whole windows alone (the short sounds' one window, after the user stops)
    # takes every core; the short windows of ``each_short`` beside it cost a fifth as much.
    solo = sum(passes) == 1
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="rehearse-recheck") as pool:
        # The passes run side by side (the model has two workers). Apart from the lost
        # stretches: next to a stretch of speech, a short "uh" decodes otherwise ("Uh," alone,
        # "Yeah." beside one on the bundled sample), and with the lost stretches' wider
        # spacing the shortest-"uh" sweep lost 2 of its 39 hesitations. In one window with
        # the lost stretches (each with its own spacing) the 2-minute joined answer's two
        # fillers decoded as nothing, and it took longer (2.2-2.6 s against 1.6).
        short = pool.submit(_short_sounds, y, sr=sr, spans_s=short_s, model=model, options=options, solo=solo)
        glued = pool.submit(_decode_and_believe, y, sr=sr, spans_s=each_short, words=transcript.words,
                            model=model, options=options, language=transcript.language)
        # Without the prompt, every lost stretch, before knowing which the prompted pass
        # leaves empty: it costs a worker that would wait, and took the 2-minute answer's
        # repair from 2.8 s to 2.0 s, every score of the accuracy sets the same.
        bare = (pool.submit(side, spans_s=lost_s, options=unprompted, apart_s=LOST_APART_S)
                if lost_s and options.initial_prompt is not None else None)
        # Apart from the lost stretches, whose decoding it would change. Rare: over the tuned,
        # sweep, development, held-out and long sets (233 answers) 4 stretches, 1 replaced.
        reread = pool.submit(side, spans_s=reworded_s, options=unprompted, apart_s=LOST_APART_S, solo=solo)
        # The stretched words' sound, from shortly before it resumes (``analysis._stretched``),
        # shares the lost stretches' window (a few seconds of speech each, decoded with the
        # prompt like them): rare (4 in the long set's 3087 words, 3 in the shortest-"uh"
        # sweep), so one window more at most.
        # So do the misplaced regions: rarer still (3 of 232 answers).
        first = side(spans_s=lost_s + [(s, b) for _, s, b in stretched_s] + misplaced_s, options=options,
                     apart_s=LOST_APART_S, solo=solo)
        first, again, rewritten = (first[:len(lost_s)], first[len(lost_s):len(lost_s) + len(stretched_s)],
                                   first[len(lost_s) + len(stretched_s):])
        found = [_inside(words, a, b) for a, b, words in first]
        if bare is not None and not all(found):
            found = [kept or _inside(words, a, b) for kept, (a, b, words) in zip(found, bare.result())]
        each, believed = glued.result()
        rechecked = short.result() + each
    words = list(transcript.words)
    retimed = unprompted_kept = rewritten_kept = 0
    for (a, _, b), (_, _, decoded) in zip(stretched_s, again):
        words, kept = _if_surer(words, a, b, decoded, why="words over a pause")
        retimed += kept
    for (a, b), (_, _, decoded) in zip(reworded_s, reread.result()):
        # From the padding on: Whisper starts the region's first word in it ("the" at 4.09 s
        # for sound from 4.29 s).
        words, kept = _if_surer(words, a - PAD_S, b, decoded, why="words after an instant's hesitation, without the prompt,")
        unprompted_kept += kept
    for a, b, decoded in rewritten:
        words, kept = _if_surer(words, a - PAD_S, b, decoded, why="words Whisper could not place")
        rewritten_kept += kept
    unclear = []
    for (a, b), kept in zip(lost_s, found):
        log.info("uncovered sound %.2f-%.2f s decoded again: %d words", a, b, len(kept))
        if kept:
            words.extend(kept)
        else:
            unclear.append((round(a, 3), round(b, 3)))
    words.sort(key=lambda w: w.start_s)
    return Repair(replace(transcript, words=tuple(words)), len(lost_s), len(lost_s) - len(unclear),
                  tuple(unclear), tuple(rechecked), len(stretched_s), retimed, len(reworded_s), unprompted_kept,
                  believed, len(misplaced_s), rewritten_kept)


def _if_surer(words: list[Word], a: float, b: float, decoded: tuple[Word, ...], *, why: str) -> tuple[list[Word], bool]:
    """``words`` with those of [a, b) replaced by the ``decoded`` ones if those are surer.

    Only words are replaced: the hesitations written there stay, and one decoded there
    is not added (on a 0.06 s "uh" merged into its pauses, the "Uh," written alone
    landed on the next word's sound, a false filler); the short sounds' decoding and
    the signal judge those. A word begun inside the stretch is decoded again even if
    Whisper timed it past the end.
    """
    from rehearse.measure.words import is_hesitation

    old = [w for w in words if a <= (w.start_s + w.end_s) / 2 and w.start_s < b and not is_hesitation(w.norm)]
    new = [w for w in decoded if a <= (w.start_s + w.end_s) / 2 <= b + PAD_S and not is_hesitation(w.norm)]
    log.info("%s %.2f-%.2f s: %r decoded again as %r", why, a, b, " ".join(w.text for w in old),
             " ".join(w.text for w in new))
    if not _surer(new, old):
        return words, False
    # A hesitation written before the stretch's words stays before them: the new first word
    # may be timed from inside the padding, before it ("Um, uh, uh, nobody" became "Um, uh,
    # Nobody uh," in the development set's ``mistake`` under pink noise, which broke the row
    # of three that each had its burst, and two of its three hesitations were lost).
    first = words.index(old[0]) if old else len(words)
    start = min(w.start_s for w in new)
    kept = [replace(w, start_s=min(w.start_s, start), end_s=min(w.end_s, start))
            if i < first and a <= w.start_s and is_hesitation(w.norm) else w
            for i, w in enumerate(words) if w not in old]
    return kept + new, True


def _short_sounds(y: np.ndarray, *, sr: int, spans_s: list[tuple[float, float]], model: ModelChoice,
                  options: TranscribeOptions, solo: bool = False) -> list[tuple[float, float, tuple[Word, ...]]]:
    """What each short sound says on its own: side by side (``_decode_side_by_side``), and
    each that wrote nothing there beside other sounds, once more alone, that reading taken
    where it writes a hesitation.

    Side by side, Whisper writes a run of like short sounds once: the sweep's ``uh060_b``,
    three 45-ms "uh"s, wrote "Uh," for the first and nothing for the others, and each of them
    alone writes "Uh,". Taken for room sounds, their bursts were dropped and the pauses either
    side joined. Alone, no room sound of any set wrote a hesitation: nothing, "Yeah." or
    "Mm-hmm.", which are not taken. Over the 12 accuracy sets (314 answers) a span was
    decoded alone 24 times, and 9 of those readings wrote a hesitation (session 22).
    """
    decoded = _decode_side_by_side(y, sr=sr, spans_s=spans_s, model=model, options=options, solo=solo)
    if len(decoded) < 2:
        return decoded
    out = []
    for a, b, words in decoded:
        if not words:
            (_, _, alone), = _decode_side_by_side(y, sr=sr, spans_s=[(a, b)], model=model, options=options, solo=solo)
            words = alone if _hesitates(alone) else words
        out.append((a, b, words))
    return out


def _decode_and_believe(y: np.ndarray, *, sr: int, spans_s: list[tuple[float, float, float]], words: tuple[Word, ...],
                        model: ModelChoice, options: TranscribeOptions,
                        language: str) -> tuple[list[tuple[float, float, tuple[Word, ...]]], tuple[Belief, ...]]:
    """Each span decoded alone (``_decode_each_short``) and, for those whose decoding wrote no
    hesitation, Whisper's belief in one there, reading ``words`` (``belief.hesitation_beliefs``):
    one job, so the beliefs wait on no other pass."""
    each = _decode_each_short(y, sr=sr, spans_s=spans_s, model=model, options=options, language=language)
    quiet = [(a, b) for a, b, found in each if not _hesitates(found)]
    return each, hesitation_beliefs(y, sr=sr, spans_s=quiet, words=words, model=model, language=language,
                                    options=options)


def _decode_each_short(y: np.ndarray, *, sr: int, spans_s: list[tuple[float, float, float]], model: ModelChoice,
                       options: TranscribeOptions, language: str) -> list[tuple[float, float, tuple[Word, ...]]]:
    """What each span (start_s, end_s, with pad_s either side) says alone, in a short window;
    its words untimed: each at the span's times, probability 0.

    Whisper reads a short window unsteadily: the same glued "um" wrote "Like what?" with
    0.05 s of the words around it and "That, um, like what?" with 0.1 s. So a gap or an
    overlong word (decoded with ``GAP_PAD_S``) whose decoding writes no hesitation is decoded
    once more with ``RETRY_PAD_S``, and that reading is taken if it writes one. Over the two
    development sets (70 answers), of the 157 spans that were candidates and did not count,
    15 lay on fillers nothing counted: 0.1 s wrote a hesitation of the said kind on 7, and
    one on none of the 133 over no filler (0.2 s: 8 and 1; 0.4 s: 6 and 3). Not a glued
    stretch (decoded with ``PAD_S``): two of the corpus's real speaker's held word ends (one
    the end of "words.", 22.18 s of ``mfa_acoustic_corpus``) wrote "uh" with 0.1 s, two false
    alarms.

    A decoding that writes a hesitation after a word ("And, uh,") is read once more too, and
    the second reading taken if it opens with one: the overlong "and" of the second
    development set's ``strength`` ("controlled, uh, and split") wrote "And, uh," with 0.05 s
    on one machine, where another wrote "Uh, and split." (as it does with 0.1 s on both), and
    only a hesitation first counts there (``analysis._confirmed_overlong``). Over this
    session's draws of every set, that second reading found 3 more hesitations (second
    development, second held-out, third held-out set), took one false alarm away and added one
    (a held "a", "still a customer", read "Uh, uh, uh, uh,": no "a" is an overlong candidate
    since, ``analysis.SAID_AS_HESITATION``); the corpus, synthetic,
    classes, long, sweep, development and held-out sets were unchanged (session 16).
    """
    from rehearse.measure.words import is_hesitation

    def decode(a: float, b: float, pad_s: float) -> tuple[Word, ...]:
        lo, hi = padded(a, b, sr=sr, n=len(y), pad_s=pad_s)
        text = decode_short(y[lo:hi], sr=sr, model=model, language=language, options=options)
        log.info("sound %.2f-%.2f s decoded alone in a short window (%.2f s either side): %r", a, b, pad_s, text)
        return tuple(Word(t, a, b, 0.0) for t in text.split())

    def opens(words: tuple[Word, ...]) -> bool:
        return bool(words) and is_hesitation(words[0].norm)

    out = []
    for a, b, pad_s in spans_s:
        words = decode(a, b, pad_s)
        if not opens(words) and pad_s == GAP_PAD_S:
            again = decode(a, b, RETRY_PAD_S)
            words = again if opens(again) or (_hesitates(again) and not _hesitates(words)) else words
        out.append((a, b, words))
    return out


def _hesitates(words: tuple[Word, ...]) -> bool:
    from rehearse.measure.words import is_hesitation

    return any(is_hesitation(w.norm) for w in words)


def padded(start_s: float, end_s: float, *, sr: int, n: int, pad_s: float = PAD_S) -> tuple[int, int]:
    """The samples of a span with ``pad_s`` either side, within a recording of ``n``."""
    return max(0, int((start_s - pad_s) * sr)), min(n, int((end_s + pad_s) * sr))


def _surer(new: list[Word], old: list[Word]) -> bool:
    """Whether the words of a stretch decoded alone are believed more, on average, than
    those written there."""
    if not new:
        return False
    return not old or sum(w.probability for w in new) / len(new) > sum(w.probability for w in old) / len(old)


def _inside(words: tuple[Word, ...], start_s: float, end_s: float) -> list[Word]:
    """The words of a lost stretch worth splicing in: believed, and said inside it. The
    padding before it may catch the end of the word before; after it, a word's time may
    drift into the padding (a closing "Thanks." timed past the end of the sound)."""
    return [w for w in words if w.probability >= MIN_KEPT_PROBABILITY
            and start_s <= (w.start_s + w.end_s) / 2 <= end_s + PAD_S]


def _decode_side_by_side(y: np.ndarray, *, sr: int, spans_s: list[tuple[float, float]], model: ModelChoice,
                         options: TranscribeOptions, apart_s: float = APART_S, solo: bool = False,
                         ) -> list[tuple[float, float, tuple[Word, ...]]]:
    """What each span decodes as on its own, every word however unsure.

    The spans are laid side by side, apart by ``apart_s`` of silence, into clips of up to
    ``CLIP_S`` and decoded together: one decoding costs about as much for a second of
    audio as for thirty (Whisper pads every window to 30 s), and five signal-only fillers of
    a 2-minute answer decoded one by one took 60 % as long as the whole answer's decoding.
    A span longer than a clip is decoded alone.
    """
    gap = np.zeros(int(apart_s * sr), np.float32)
    out = []
    batch: list[tuple[float, float, int, int]] = []  # span, and where its audio lies in y
    length = 0
    for i, (a, b) in enumerate(spans_s):
        lo, hi = padded(a, b, sr=sr, n=len(y))
        batch.append((a, b, lo, hi))
        length += hi - lo + len(gap)
        last = i == len(spans_s) - 1
        if not last and length + (spans_s[i + 1][1] - spans_s[i + 1][0] + 2 * PAD_S) * sr + len(gap) <= CLIP_S * sr:
            continue
        clip = np.concatenate([part for _, _, lo, hi in batch for part in (y[lo:hi], gap)])
        said_s = sum(hi - lo for _, _, lo, hi in batch) / sr
        t = transcribe(clip, sr=sr, model=model, options=replace(options, max_new_tokens=token_cap(said_s)),
                       solo=solo)
        start = 0
        for a, b, lo, hi in batch:
            end = start + hi - lo
            offset = (lo - start) / sr
            found = tuple(Word(w.text, round(w.start_s + offset, 3), round(w.end_s + offset, 3), w.probability)
                          for w in t.words if start / sr <= (w.start_s + w.end_s) / 2 < end / sr + apart_s / 2)
            log.info("sound %.2f-%.2f s decoded again: %r", a, b, " ".join(w.text for w in found))
            out.append((a, b, found))
            start = end + len(gap)
        batch, length = [], 0
    return out
