"""Each hesitation counted as the kind it was said (session 12): "um" or "uh", as Whisper hears
its sound alone wherever the sound does not back the label a rule gave it.

Real speech of the shared corpus and answers of the development sets
(``benchmarks/build_heldout_set.py --dev``, ``--dev2``, rendered without Piper's random
variation), through the real model; and (session 14) the sound's close read up to the next
word's onset, which a filler only the signal found takes where Whisper is unsure.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from conftest import set_answer
from devtools import synth


def test_whisper_hears_a_real_speakers_um_and_uh_apart(corpus):
    """The real speaker's own "uh"s and "um"s, cut from his spontaneous speech: where Whisper
    hears one kind e^2 over the other (the bar to relabel), it is the kind he said."""
    from rehearse.speech import resolve_model
    from rehearse.speech.hesitation_kind import hesitation_odds

    decided = []
    for name in ("sp_michael_fillers", "mfa_um", "mfa_uh"):
        item = corpus[name]
        y, sr = sf.read(str(item["path"]), dtype="float32")
        fillers = item["inserted_fillers"] or item["natural_fillers_timed"]
        odds = hesitation_odds(y, sr=sr, spans_s=[(a, b) for a, b, _ in fillers], model=resolve_model(None),
                               language="en")
        decided += [(name, kind, round(o, 2)) for (_, _, kind), o in zip(fillers, odds) if abs(o) >= 2.0]
    assert len(decided) >= 4, decided
    assert all((o > 0) == (kind == "um") for _, kind, o in decided), decided


def test_an_uh_labelled_um_by_a_moved_writing_is_counted_uh(tmp_path):
    """The second development set's ``ambiguity``: Whisper writes "Um," for its "uh" run,
    timed away from it; the writing is moved onto the "uh"'s burst and brought its label.
    The burst's sound ends open, not nasal, so it is heard again alone: "uh"."""
    from dataclasses import replace

    from rehearse.capture.audio import load_audio
    from rehearse.measure import analyse, compute_features
    from rehearse.measure.analysis import kinds_in_doubt
    from rehearse.pipeline import analyze_file, complete_transcript, heard_kinds
    from rehearse.speech import resolve_model
    from rehearse.speech.transcribe import TranscribeOptions, transcribe

    y, truth = set_answer("ambiguity", "dev2")
    path = tmp_path / "ambiguity.wav"
    synth.write(path, y.astype(np.float32), truth)
    start_s, end_s, kind = truth.fillers[-2]
    assert kind == "uh", truth.fillers

    def on_it(fillers):
        return [f for f in fillers if start_s - 0.2 <= (f.start_s + f.end_s) / 2 <= end_s + 0.2]

    audio, choice = load_audio(path), resolve_model(None)
    feats = compute_features(audio.y, sr=audio.sr)
    fixed = complete_transcript(audio.y, sr=audio.sr, feats=feats, choice=choice, options=TranscribeOptions(),
                                transcript=transcribe(audio.y, sr=audio.sr, model=choice))
    by_rules = analyse(feats, fixed.transcript, unclear_s=fixed.unclear, rechecked=fixed.rechecked,
                       believed=fixed.believed)
    before = on_it(by_rules.fillers.items)
    assert len(before) == 1, before
    # The label the moved writing brings ("Um,"). Whether the writing lands here at all varies
    # with the machine's arithmetic (on some the burst is found by the signal alone, "uh"), so
    # the failure this mends is set up, and heard again on the real sound by the real model.
    moved = replace(by_rules, fillers=replace(by_rules.fillers, items=tuple(
        replace(f, text="um") if f in before else f for f in by_rules.fillers.items)))
    assert (before[0].start_s, before[0].end_s) in kinds_in_doubt(moved, feats)
    heard = heard_kinds(moved, audio.y, sr=audio.sr, feats=feats, choice=choice, options=TranscribeOptions(),
                        language=fixed.transcript.language)
    assert [f.text for f in on_it(heard.fillers.items)] == ["uh"]
    after = on_it(analyze_file(str(path)).fillers.items)
    assert [f.text for f in after] == ["uh"], after


# Hesitations of the development sets' answers glued before a word (Piper's variation off):
# found 80-100 ms late, as the signal finds such ones, their span runs into that word.
GLUED_BEFORE_A_WORD = [("feedback", "dev", 12.75, "um"), ("growth", "dev", 8.67, "um"),
                       ("teamwork", "dev", 13.02, "uh")]


@pytest.mark.parametrize("name, which, start_s, kind", GLUED_BEFORE_A_WORD)
def test_a_hesitation_found_late_into_the_next_word_is_heard_before_that_word(name, which, start_s, kind):
    """"instead, um, like why", "other people, um, I'm not", "talking, uh, and bring": read over
    a span 0.1 s late, the next word's louder onset became the body whose close says the kind
    (the "um"s read -13.0 and -4.7 dB, the "uh" before the "n" of "and" 0.4 dB: each on the
    wrong side of the line); read up to that word's onset, each is its own kind."""
    from rehearse.measure import compute_features
    from rehearse.measure.acoustic_fillers import nasal_end_db
    from rehearse.measure.analysis import NASAL_LINE_DB

    y, truth = set_answer(name, which)
    (a, b, said), = [f for f in truth.fillers if abs(f[0] - start_s) < 0.01]
    assert said == kind
    feats = compute_features(y.astype(np.float32), sr=synth.SAMPLE_RATE)
    nasal = nasal_end_db(feats, feats.frame_at(a + 0.1), feats.frame_at(b + 0.1))
    assert (nasal >= NASAL_LINE_DB) == (kind == "um"), nasal


def test_a_signal_only_uh_whisper_is_unsure_of_is_an_um_where_its_sound_closes_on_the_lips():
    """In doubt (its sound does not back its label) and Whisper unsure (log odds under 2): an
    "uh" only the signal found whose sound closes on the lips is an "um"; a written "uh" keeps
    its label, and so does a signal-only "um" whose sound ends open (a short "um"'s "m" can go
    unheard). Where Whisper is sure, its kind counts."""
    from rehearse.measure import compute_features
    from rehearse.measure.analysis import Analysis, with_heard_kinds
    from rehearse.measure.fillers import Filler
    from rehearse.report.report import Fillers

    y, truth = set_answer("feedback", "dev")
    feats = compute_features(y.astype(np.float32), sr=synth.SAMPLE_RATE)
    um = next(f for f in truth.fillers if abs(f[0] - 12.75) < 0.01)
    uh = next(f for f in truth.fillers if abs(f[0] - 15.04) < 0.01)
    late = (round(um[0] + 0.1, 2), round(um[1] + 0.1, 2))
    items = (Filler("uh", *late, "acoustic", 0.75), Filler("uh", late[0] + 5, late[1] + 5, "transcript", 0.9),
             Filler("um", round(uh[0], 2), round(uh[1], 2), "acoustic", 0.75))
    result = Analysis((), 0, None, None, Fillers(items, 3, 0.0, 0.0, {"uh": 2, "um": 1}, "uh"), None, None)
    spans = tuple((f.start_s, f.end_s) for f in items)
    unsure = with_heard_kinds(result, spans, [0.7, 0.7, -0.7], feats=feats)
    assert [f.text for f in unsure.fillers.items] == ["um", "uh", "um"], unsure.fillers.items
    assert unsure.fillers.by_kind == {"um": 2, "uh": 1}
    sure = with_heard_kinds(result, spans, [-2.5, 2.5, -2.5], feats=feats)
    assert [f.text for f in sure.fillers.items] == ["uh", "um", "uh"]


def test_whisper_reading_back_its_words_believes_in_a_glued_uh_and_not_between_fluent_words():
    """The third held-out set's ``remote`` (Piper's variation off): "a place to settle
    disagreements, uh, not to share news", the "uh" said with no pause either side. Whisper
    writes "disagreements, not", and the stretch decoded alone writes words ("It's not.").
    Given the sound around it and its own words up to "disagreements" as the text so far, its
    belief that "uh" or "um" comes next is over the bar to count (``BELIEVED_MIN_LOGP``), and
    says "uh"; after "share", in the same fluent sentence, it is far under."""
    from rehearse.measure.analysis import BELIEVED_MIN_LOGP
    from rehearse.speech import resolve_model
    from rehearse.speech.belief import hesitation_beliefs
    from rehearse.speech.transcribe import transcribe

    y, truth = set_answer("remote", "third")
    y = y.astype(np.float32)
    a, b, kind = truth.fillers[3]
    assert kind == "uh" and 30 < a < 35, truth.fillers
    choice = resolve_model(None)
    words = transcribe(y, sr=synth.SAMPLE_RATE, model=choice).words
    before = [w for w in words if w.end_s <= a + 0.1][-1:]
    assert [w.norm for w in before] == ["disagreements"], [(w.text, w.start_s, w.end_s) for w in words
                                                            if abs(w.start_s - a) < 2]
    # The candidate's span reaches back to that word's end: on one machine Whisper timed
    # "not" (p 0.38) over the "uh", ending "disagreements" 0.28 s before it (an overlong "not").
    share = next(w for w in words if w.norm == "share" and w.start_s > b)
    glued, fluent = hesitation_beliefs(y, sr=synth.SAMPLE_RATE,
                                       spans_s=[(min(a, before[0].end_s), b), (share.start_s, share.end_s)],
                                       words=words, model=choice, language="en")
    assert glued.logp >= BELIEVED_MIN_LOGP and glued.kind == "uh" and glued.after.startswith("disagreements"), glued
    assert fluent.logp < BELIEVED_MIN_LOGP - 3, fluent
