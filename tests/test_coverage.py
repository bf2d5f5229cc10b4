"""No speech silently lost (issue 14, class 1): sound that no word covers is decoded again.

Real speech of the shared corpus, the real model: a sentence that Whisper dropped comes back,
and a stretch that decoding cannot write is reported as unclear speech with its time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import run_cli, set_answer
from rehearse.measure.analysis import _uncovered

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


def test_uncovered_is_sound_that_nothing_explains():
    explained = [(0.75, 1.85), (5.75, 6.45)]  # two words' spans with their slack
    sound = [(0.9, 1.7), (2.5, 3.4), (3.6, 3.9), (5.0, 6.3)]
    # 2.5-3.4 has nothing on it; 3.6-3.9 is too short to be a dropped sentence; 5.0-5.75 lies
    # before the second word.
    assert _uncovered(sound, explained, min_s=0.5) == [(2.5, 3.4), (5.0, 5.75)]
    assert _uncovered([(0.9, 1.7)], explained, min_s=0.5) == []


@pytest.fixture(scope="module")
def sick_corpus(corpus):
    import soundfile as sf

    item = corpus["sp_michael_fillers"]
    y, sr = sf.read(str(item["path"]), dtype="float32")
    return item, y, sr


def test_dropped_sentence_is_decoded_again_and_spliced(sick_corpus):
    """Take Whisper's words for the corpus clip, remove one whole sentence, and repair."""
    from rehearse.measure import compute_features
    from rehearse.pipeline import complete_transcript
    from rehearse.speech import resolve_model
    from rehearse.speech.transcribe import TranscribeOptions, transcribe

    item, y, sr = sick_corpus
    choice = resolve_model(None)
    full = transcribe(y, sr=sr, model=choice)
    seg = next(s for s in item["segments"] if s["text"].startswith("the recording environment"))
    kept = tuple(w for w in full.words if not seg["start_s"] - 0.1 < (w.start_s + w.end_s) / 2 < seg["end_s"] + 0.1)
    assert len(kept) < len(full.words) - 5  # the sentence is gone
    gapped = type(full)(kept, full.language, full.model)
    fixed = complete_transcript(y, sr=sr, feats=compute_features(y, sr=sr), transcript=gapped,
                                choice=choice, options=TranscribeOptions())
    assert fixed.spliced >= 1
    back = [w.norm for w in fixed.transcript.words
            if seg["start_s"] - 0.1 < (w.start_s + w.end_s) / 2 < seg["end_s"] + 0.1]
    assert {"environment", "also", "quite", "different"} <= set(back)
    assert [w.start_s for w in fixed.transcript.words] == sorted(w.start_s for w in fixed.transcript.words)


def test_a_sentence_under_one_short_word_stretched_over_it_is_decoded_again(sick_corpus):
    """The held-out set's ``technical`` answer: tiny.en wrote "so I The logs pointed", its "I"
    (p 0.99) timed over 2.3 s, over "added logging around every screen change", and the
    sentence was lost unseen: the word seemed to explain the sound. Here Whisper's own words
    for the corpus clip, with one sentence replaced by a sure "I" timed over all of it."""
    import dataclasses

    from rehearse.measure import compute_features
    from rehearse.measure.analysis import doubts
    from rehearse.pipeline import complete_transcript
    from rehearse.speech import resolve_model
    from rehearse.speech.transcribe import TranscribeOptions, transcribe

    item, y, sr = sick_corpus
    choice = resolve_model(None)
    full = transcribe(y, sr=sr, model=choice)
    seg = next(s for s in item["segments"] if s["text"].startswith("the recording environment"))
    inside = [k for k, w in enumerate(full.words) if seg["start_s"] - 0.1 < (w.start_s + w.end_s) / 2 < seg["end_s"] + 0.1]
    assert len(inside) >= 5, full.words
    first, last = full.words[inside[0]], full.words[inside[-1]]
    stretched = dataclasses.replace(first, text=" I", start_s=first.start_s, end_s=last.end_s, probability=0.99)
    words = full.words[:inside[0]] + (stretched,) + full.words[inside[-1] + 1:]
    feats = compute_features(y, sr=sr)
    lost = doubts(feats, dataclasses.replace(full, words=words)).lost_s
    assert any(first.start_s < a and b < last.end_s for a, b in lost), (lost, first, last)
    fixed = complete_transcript(y, sr=sr, feats=feats, transcript=dataclasses.replace(full, words=words),
                                choice=choice, options=TranscribeOptions())
    back = {w.norm for w in fixed.transcript.words if first.start_s < (w.start_s + w.end_s) / 2 < last.end_s}
    assert len(back & {"recording", "reporting", "environment", "is", "also", "quite", "different"}) >= 3, back


def _class_answer(corpus, tmp_path, name: str):
    """One answer of the failure-class set or its shortest-"uh" sweep
    (benchmarks/build_classes_set.py), analysed."""
    from build_classes_set import RECIPES, SWEEP, _material, build

    from devtools import synth

    recipes = SWEEP if name in SWEEP else RECIPES
    phrases, fillers, tone = _material(corpus["sp_michael_fillers"]["path"].parent.parent)
    y, truth = build(recipes[name], phrases, fillers, tone, seed=list(recipes).index(name))
    path = tmp_path / f"{name}.wav"
    synth.write(path, y, truth)
    done = run_cli("analyze", str(path), "--json", "--no-save")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), truth


def test_answer_whose_sentence_tiny_en_drops_keeps_every_word(corpus, tmp_path):
    """The failure-class recipe ``long_a``: after a drawn-out "um", tiny.en wrote only "And"
    for "and that should be all thanks"; the report must keep the sentence (13 of 19 words
    without the repair, 19 with it)."""
    report, truth = _class_answer(corpus, tmp_path, "long_a")
    assert abs(report["word_count"] - truth.word_count) <= 1
    assert "should be all" in report["transcript"]["text"].lower()


def test_drawn_out_and_is_not_a_filler_but_the_real_uh_is(corpus, tmp_path):
    """Issue 14, class 3. ``lone_b``: the speaker draws out the "and" of "and here's a long
    pause" (0.4 s, alone between pauses), which Whisper timed 0.5 s later; the signal alone
    called it "um". Decoded alone it is "And...", so only the real "uh" (6.36-6.91 s) counts."""
    report, truth = _class_answer(corpus, tmp_path, "lone_b")
    hesitations = [(f["start_s"], f["end_s"], f["text"]) for f in report["fillers"]["items"]
                   if f["text"] in ("um", "uh")]
    (a, b, kind), = truth.fillers
    assert len(hesitations) == 1, hesitations
    assert a - 0.2 <= (hesitations[0][0] + hesitations[0][1]) / 2 <= b + 0.2



def test_a_drawn_out_um_alone_between_pauses_counts_once_over_its_sound(corpus, tmp_path):
    """Issue 14, class 2. ``long_a``: the real "um" drawn out to 1.45 s between two pauses.
    On one machine tiny.en wrote "Um," with no time 0.54 s into it; it must still count once,
    as an "um", over its sound, and none of that sound be reported as unclear speech."""
    report, truth = _class_answer(corpus, tmp_path, "long_a")
    found = [(f["start_s"], f["end_s"], f["text"]) for f in report["fillers"]["items"] if f["text"] in ("um", "uh")]
    (a, b, kind), = truth.fillers
    assert len(found) == 1 and found[0][2] == kind, found
    assert a - 0.2 <= found[0][0] and found[0][1] <= b + 0.2, (found, a, b)
    unclear = report["transcript"]["unclear"]
    assert not any(u0 < b and a < u1 for u0, u1 in unclear), unclear


def test_um_glued_to_the_next_sentence_is_counted_on_its_sound(corpus, tmp_path):
    """Issue 14, class 4. ``vanish_c``: after a pause the speaker says "um, the reporting
    environment..." in one breath; Whisper wrote "Um," with no time of its own 0.6 s after the
    sound resumed, at the next word. Each of the three hesitations counts once, on its sound."""
    report, truth = _class_answer(corpus, tmp_path, "vanish_c")
    found = [(f["start_s"], f["end_s"], f["text"]) for f in report["fillers"]["items"] if f["text"] in ("um", "uh")]
    assert len(found) == len(truth.fillers) == 3, found
    for (a, b, kind), (fa, fb, fkind) in zip(truth.fillers, found):
        assert fkind == kind and a - 0.2 <= (fa + fb) / 2 <= b + 0.2, (a, b, kind, fa, fb, fkind)


def test_a_run_of_uhs_written_once_counts_each(corpus, tmp_path):
    """Issue 14, class 5. ``uh300_a`` ends with "uh... uh" (0.3 s each, 0.3 s apart) before
    "alright thanks"; Whisper wrote one "Uh," for the two. The other lone burst, with the
    counted one's timbre, decodes alone as "Uh,": both count, each on its sound."""
    report, truth = _class_answer(corpus, tmp_path, "uh300_a")
    found = [(f["start_s"], f["end_s"], f["text"]) for f in report["fillers"]["items"] if f["text"] in ("um", "uh")]
    assert len(found) == len(truth.fillers) == 3, found
    for (a, b, kind), (fa, fb, fkind) in zip(truth.fillers, found):
        assert fkind == kind and a - 0.2 <= (fa + fb) / 2 <= b + 0.2, (a, b, kind, fa, fb, fkind)


def test_a_doubted_word_over_the_room_tone_that_took_the_next_words_sound_is_not_counted(corpus, tmp_path):
    """``short_b`` opens with the speaker's slow "we're just saying some words": tiny.en
    wrote "Oh," (probability 0.04) from the room tone into the "w", and "we're" after it
    with no time of its own; the report counted 29 words for 28."""
    report, truth = _class_answer(corpus, tmp_path, "short_b")
    assert report["word_count"] == truth.word_count
    assert "oh" not in [w["text"].strip(",.").lower() for w in report["transcript"]["words"]][:2]


def test_a_run_burst_too_short_for_whisper_to_write_still_counts_and_parts_its_pauses(corpus, tmp_path):
    """Issue 14, class 5. ``short_b`` ends "[0.5 s] uh (0.10 s) [0.3 s] uh (0.15 s) [0.4 s] and
    that should be all": decoded alone, the first "uh" (70 ms over the room) writes nothing.
    It has the second's timbre and is voiced, so it counts, and the two pauses around it stay
    two (they were one of 0.94 s)."""
    report, truth = _class_answer(corpus, tmp_path, "short_b")
    found = [(f["start_s"], f["end_s"]) for f in report["fillers"]["items"] if f["text"] in ("um", "uh")]
    for a, b, _ in truth.fillers:
        assert sum(a - 0.2 <= (fa + fb) / 2 <= b + 0.2 for fa, fb in found) == 1, (a, b, found)
    pauses = [(p["start_s"], p["end_s"]) for p in report["pauses"]["items"]]
    for a, b in truth.pauses:
        if b - a >= 0.3:
            assert any(abs(pa - a) <= 0.15 and abs(pb - b) <= 0.15 for pa, pb in pauses), (a, b, pauses)


def test_a_word_the_filler_prompt_wrote_as_uh_is_decoded_again_without_it(corpus, tmp_path):
    """Issue 14's words target. ``short_a`` says "uh [0.3 s] uh [0.2 s] uh [0.4 s] the recording
    environment is also quite different": tiny.en with the filler prompt wrote "uh, uh, uh, uh,
    reporting environment", the last "uh" and "reporting" (p 0.21) at instants on the sound of
    "the recording", and the "the" was lost (14 words of 15). That region, decoded again
    without the prompt, writes the "the"; the hesitations counted stay the three said."""
    report, truth = _class_answer(corpus, tmp_path, "short_a")
    assert report["word_count"] == truth.word_count
    said = [w["text"].strip(",.").lower() for w in report["transcript"]["words"]]
    said = [w for w in said if w not in ("uh", "um")]
    # What comes before "the" varies with the machine's arithmetic ("sick purpose", "sick corpus").
    assert "the" in said[said.index("environment") - 2:said.index("environment")], said
    found = [(f["start_s"], f["end_s"]) for f in report["fillers"]["items"] if f["text"] in ("um", "uh")]
    assert len(found) == len(truth.fillers) == 3, found
    for (a, b, _), (fa, fb) in zip(truth.fillers, found):
        assert a - 0.2 <= (fa + fb) / 2 <= b + 0.2, (a, b, fa, fb)


def test_a_drawn_out_fillers_truth_ends_where_it_is_heard(corpus):
    """The failure-class builder draws a real "um" out 3.5 times, its faint nasal tail with it:
    that tail, under the room tone's loudest frame, is silence in the truth, so ``long_b``
    has a true pause (0.35 s) where the speaker stops, not a 0.1-s gap."""
    from build_classes_set import RECIPES, _audible, _material, build

    phrases, fillers, tone = _material(corpus["sp_michael_fillers"]["path"].parent.parent)
    loud = np.concatenate([tone[:1600] * 0.5, np.full(4800, 0.1, np.float32), tone[:3200]])
    lo, hi = _audible(loud, tone)
    assert lo == pytest.approx(0.1, abs=0.05) and hi == pytest.approx(0.4, abs=0.05), (lo, hi)
    _, truth = build(RECIPES["long_b"], phrases, fillers, tone, seed=list(RECIPES).index("long_b"))
    (a, b, kind) = truth.fillers[-1]
    assert kind == "um" and b - a < 1.3, truth.fillers
    assert any(pb - pa >= 0.3 and abs(pa - b) < 0.01 for pa, pb in truth.pauses), truth.pauses


def test_a_voice_models_click_after_a_word_is_no_speech_in_the_truth():
    """Piper ends "Two of them slipped by a week." with a 12-ms click 0.1 s after the word
    (the synthetic set's ``weakness``): the Piper sets' truth began the pause after it, 0.12 s
    later than the speaker stops and than rehearse's detector starts it, even on the clean
    render, so every noisy render counted a miss and a false alarm there."""
    from devtools import synth
    from rehearse.measure.features import compute_features
    from rehearse.measure.pauses import speech_regions

    sr, said = synth.SAMPLE_RATE, "Two of them slipped by a week."
    loud = np.flatnonzero(synth._short_rms(synth.speak(said, vary=False), sr=sr) > synth.TRIM_LEVEL)
    before_click = loud[loud < loud[-1] - 0.025 * sr]
    assert loud[-1] - before_click[-1] > 0.075 * sr, "the voice no longer clicks after the word"
    y, truth = synth.build([("say", said), ("pause", 0.6), ("say", "Now I plan my capacity every Monday.")],
                           vary=False)
    (a, b), = [(pa, pb) for pa, pb in truth.pauses if pb - pa >= 0.3]
    found = [r.end_s for r in speech_regions(compute_features(y, sr=sr)) if r.end_s < b]
    assert found and abs(found[-1] - a) < 0.03, (found, a)


def test_a_doubted_word_timed_over_a_short_uh_and_its_pauses_is_decoded_again(corpus, tmp_path):
    """Issue 14, class 5. ``uh080_a``: "...the sick corpus [0.4 s] uh (0.08 s) [0.4 s] the
    recording environment...". tiny.en wrote "reporting" (probability 0.42) from the first
    pause over the "uh" and the second pause, and lost "the": 14 words for 15. The stretch,
    decoded alone, writes "the reporting" on its sound."""
    report, truth = _class_answer(corpus, tmp_path, "uh080_a")
    assert report["word_count"] == truth.word_count
    words = [(w["text"].strip(",.").lower(), w["start_s"], w["end_s"]) for w in report["transcript"]["words"]]
    for a, b in truth.pauses:  # no word spans a pause (Whisper's edges drift by up to 0.25 s)
        assert not any(min(b, wb) - max(a, wa) > 0.25 for text, wa, wb in words if text not in ("uh", "um")), (a, b, words)


def _each_uh_on_its_burst(report: dict, truth) -> None:
    found = [(f["start_s"], f["end_s"]) for f in report["fillers"]["items"] if f["text"] in ("um", "uh")]
    assert len(found) == len(truth.fillers) == 3, found
    for (a, b, _), (fa, fb) in zip(truth.fillers, found):
        assert a - 0.05 <= fa and fb <= b + 0.05, (a, b, found)


@pytest.mark.parametrize("name", ["uh080_b", "uh060_b"])
def test_a_run_of_60_to_80_ms_uhs_counts_each_with_its_pauses(corpus, tmp_path, name):
    """Issue 14, class 5. "...the original one [0.5 s] uh [0.3 s] uh [0.4 s] and that should
    be all", three "uh"s, none written, each 0.08 s (``uh080_b``) or 0.06 s (``uh060_b``).
    ``uh080_b``'s second is creaky (two glottal pulses, 40 ms of voicing): its burst was
    silence to the signal, one pause was measured over 7.39-8.27 s and the "uh" went
    uncounted. ``uh060_b``'s bursts, decoded side by side, wrote "Uh," for the first and
    nothing for the others, which were then dropped as room sounds: 1 of 3 counted, the run's
    pauses measured as one; each of them alone writes "Uh,". Each "uh" counts on its burst,
    and each pause is measured on its own."""
    report, truth = _class_answer(corpus, tmp_path, name)
    _each_uh_on_its_burst(report, truth)
    pauses = [(p["start_s"], p["end_s"]) for p in report["pauses"]["items"]]
    for a, b in truth.pauses:
        assert any(abs(pa - a) <= 0.05 and abs(pb - b) <= 0.05 for pa, pb in pauses), (a, b, pauses)


def test_a_second_uh_written_at_the_onset_of_words_is_not_counted_over_them(corpus, tmp_path):
    """Issue 14, class 4. ``uh200_b``: "...the original one [0.5 s] uh [0.3 s] uh [0.4 s] and
    that should be all thanks", written "one. Uh, uh, and that should...", the first "Uh," on
    the second burst and the second at the onset of "and that should be all thanks" (1.1 s,
    short enough to be a long filler). That "uh" was counted over all those words; the
    signal finds the first burst, and the three "uh"s are the three said."""
    report, truth = _class_answer(corpus, tmp_path, "uh200_b")
    _each_uh_on_its_burst(report, truth)


def _dev_answer_fillers(name: str, condition: str, tmp_path, *, which: str = "dev"):
    """One of the development sets' answers (``which``: ``dev`` or ``dev2``), Piper's variation
    off, in one of its conditions, analysed as ``rehearse analyze`` does (in this process, the
    model loaded once for all): (true fillers, hesitations found as (start_s, end_s, kind))."""
    from build_heldout_set import render

    from rehearse.pipeline import analyze_file

    path, = render(name, tmp_path, [condition], which=which, vary=False, said=set_answer(name, which))
    truth = [tuple(f) for f in json.loads(path.with_suffix(".truth.json").read_text())["fillers"]]
    found = [(f.start_s, f.end_s, f.text) for f in analyze_file(str(path)).fillers.items if f.text in ("uh", "um")]
    return truth, found


def _each_on_its_sound(truth, found) -> None:
    assert len(found) == len(truth) == 5, found
    for (a, b, kind), (fa, fb, fkind) in zip(truth, found):
        assert fkind == kind and a - 0.2 <= (fa + fb) / 2 <= b + 0.2, (a, b, kind, fa, fb, fkind)


@pytest.mark.parametrize("name", ["mistake", "teamwork", "growth", "feedback"])
def test_a_filler_glued_to_the_words_either_side_is_counted(name, tmp_path):
    """Issue 14, the misses left after sessions 7 and 8 (the development set's answers),
    each said in one breath with the words around it:

    - "within ten minutes, uh, and told", "working together, uh, and bring": Whisper wrote
      no "uh" and timed "and" over it (0.56 s), so the signal's steady stretch, apart from no
      silence and covered by a word, stayed under the bar (0.45 and 0.59). Decoded alone it
      writes "uh".
    - "other people, um, not only", "instead, um, like why": a 0.17-0.24-s "um", too short
      for a steady stretch at all, in a gap between two written words. Decoded alone with
      0.05 s of the words, it writes "Um".

    Every hesitation of the answer counts, each of its kind on its sound, and no other does."""
    _each_on_its_sound(*_dev_answer_fillers(name, "clean", tmp_path))


@pytest.mark.parametrize("name, condition", [("feedback", "sounds"), ("feedback", "pink30"),
                                             ("priorities", "clean")])
def test_each_written_hesitation_takes_its_own_sound(name, condition, tmp_path):
    """Issue 14, class 4 (a written filler far from its sound), as left after session 8:

    - ``feedback``: "um (0.15 s of silence) uh" before the next sentence, written "Um, uh,":
      under the 0.25 s a pause needs, the two were one region of sound, and both writings
      took its one steady stretch (a false "um" on the "uh" and a miss, or two "um"s).
    - ``priorities``: "the same day. (0.3 s) Um, so I asked", the "um" said on the head of
      "so": the steady "day" before the pause took the "Um," (a false alarm 0.5 s early and a
      miss), and with that ruled out, the stretch of "asked them" after it.

    Every hesitation of the answer counts, each of its kind on its sound."""
    _each_on_its_sound(*_dev_answer_fillers(name, condition, tmp_path))


def test_a_filler_glued_before_a_word_whisper_timed_over_it_is_counted(tmp_path):
    """Issue 14: "I listed what we still controlled, uh, and split it" (the second development
    set's ``strength``, Piper's variation off): Whisper writes no "uh" and times "and" over it
    (0.5 s, twice as long as an "and" takes), the steady stretch is too unsure to decode
    alone (0.31). The overlong word, decoded alone, begins "Uh, and split.": the "uh" counts
    on the head of the word's span, and every hesitation counted is a true one."""
    truth, found = _dev_answer_fillers("strength", "clean", tmp_path, which="dev2")
    assert any(kind == "uh" and 9.86 - 0.2 <= (fa + fb) / 2 <= 10.06 + 0.2 for fa, fb, kind in found), found
    for fa, fb, kind in found:
        assert any(k == kind and a - 0.2 <= (fa + fb) / 2 <= b + 0.2 for a, b, k in truth), (fa, fb, kind, truth)


def test_a_filler_under_a_word_written_a_little_long_is_counted(tmp_path):
    """The same answer's "three days, um, and the launch slipped" under pink noise (Piper's
    variation off): Whisper writes no "um" and times "and" over it, 0.40 s long, 0.14 s more
    than an "and" takes: under the 0.15 s that made a word overlong until session 10, over
    its 0.12 s. Decoded alone, it begins with the "um", which counts."""
    truth, found = _dev_answer_fillers("strength", "pink30", tmp_path, which="dev2")
    assert any(kind == "um" and 15.17 - 0.2 <= (fa + fb) / 2 <= 15.41 + 0.2 for fa, fb, kind in found), found
    for fa, fb, kind in found:
        assert any(k == kind and a - 0.2 <= (fa + fb) / 2 <= b + 0.2 for a, b, k in truth), (fa, fb, kind, truth)


def test_a_gap_that_wrote_no_hesitation_is_decoded_once_more_with_more_of_the_words(tmp_path):
    """The second development set's ``onboarding`` in the 0.8-s room (Piper's variation off):
    "one retry job, um, so I started there", the "um" glued to both words. The gap Whisper
    left there (11.96-12.14 s), decoded alone with 0.05 s of the words, wrote "I'm so"; with
    0.1 s, "Um, so.". Every hesitation of the answer counts, each of its kind on its sound,
    and no other does."""
    _each_on_its_sound(*_dev_answer_fillers("onboarding", "room08", tmp_path, which="dev2"))


def test_a_filler_that_only_the_signal_found_is_not_a_held_word_for_the_words_after_it(tmp_path):
    """Issue 14, class 3 the other way round: "your team fixes exactly that, uh, and I would"
    (the second development set's ``bakery``, espeak-ng). The "uh" only the signal found
    (0.75) decoded alone, with 0.2 s of sound after it, as "Uh, and not.": the words lie after
    its sound, so it is no held word and counts; and the unsure stretch of "that" before it,
    whose decoding ends in that same "uh", is not counted as one more."""
    _each_on_its_sound(*_dev_answer_fillers("bakery", "clean", tmp_path, which="dev2"))


@pytest.mark.parametrize("script", [
    # "and" timed back over the pause and the "um" (Piper at length_scale 1.2)
    "The budget was cut by a third in the spring. [0.33] <um 0.22> and nobody wanted to drop their own project. "
    "[0.9] I asked each lead for one thing to pause.",
    # the "um" in the gap Whisper left between "month." and "hours", across the pause before it
    "We lost two engineers in one month. [0.36] <um 0.2> hours of review piled up on the rest of us. [0.9] "
    "I split the reviews by area.",
])
def test_a_filler_glued_to_the_next_word_after_a_pause_is_counted(script, tmp_path):
    """A filler said after a pause and glued to the word after it (issue 14, session 15). Whisper
    writes no "um"; it times the next word, or the gap before it, back over the pause and the
    "um", so the span held the pause and was never decoded alone. From the sound after the
    pause on it is ("Um, and nobody.", "Um, hours."): the "um" counts on its sound, and no
    other hesitation does."""
    _one_glued_filler_counted(script, tmp_path, length_scale=1.2)


@pytest.mark.parametrize("condition", ["clean", "white40"])
def test_a_glued_filler_whose_sound_alone_decodes_as_words_counts_where_whisper_believes_it(condition, tmp_path):
    """Issue 14, session 18: the third held-out set's ``remote`` (Piper's variation off), "a
    place to settle disagreements, uh, not to share news", the "uh" glued to both words.
    Whisper writes "disagreements, not", timing "not" over the "uh"; the steady stretch there,
    too unsure to count alone, decoded alone writes "It's not.", so nothing counted it (in six
    of its seven conditions so rendered). Reading back its own words, Whisper believes
    an "uh" follows "disagreements" (``speech.belief``): every hesitation of the answer
    counts, each of its kind on its sound, and no other does."""
    _each_on_its_sound(*_dev_answer_fillers("remote", condition, tmp_path, which="third"))


def test_an_overlong_word_beside_a_glued_stretch_that_decoded_as_words_is_read_for_its_filler(tmp_path):
    """Issue 14, session 21: the fourth held-out set's ``motivation`` (Piper's variation off),
    "I took the tally to the support office, uh, and they fixed the cause". Whisper times "and"
    over the "uh"; the steady stretch there, decoded alone, counted nothing, and until now it
    kept the overlong "and" from being decoded too, whose span writes "Uh, and they". The "uh"
    counts on its sound, and every hesitation found is a true one."""
    truth, found = _dev_answer_fillers("motivation", "clean", tmp_path, which="fourth")
    a, b, kind = next(f for f in truth if 25 < f[0] < 26)
    assert kind == "uh"
    assert any(k == "uh" and a - 0.2 <= (fa + fb) / 2 <= b + 0.2 for fa, fb, k in found), found
    for fa, fb, k in found:
        assert any(k == tk and ta - 0.2 <= (fa + fb) / 2 <= tb + 0.2 for ta, tb, tk in truth), (fa, fb, k)


@pytest.mark.parametrize("script", [
    "I rewrote the import job over a weekend. [0.6] It ran faster, <um 0.22> and the nightly failures stopped. "
    "[0.8] My lead asked me to document it.",
    "Our sales team wanted a feature by Friday. [0.6] I showed them <um 0.2> what we would have to drop to make "
    "it. [0.8] They chose to wait a week.",
])
def test_a_filler_written_as_on_is_counted_and_is_no_word(script, tmp_path):
    """Issue 14, session 15: a filler glued to the words either side, which tiny.en with the
    filler prompt writes as the word "on" ("faster on and", "showed them on what"), surely
    (p 0.87-0.93), so no rule doubted it. Decoded alone, the "on" begins with the hesitation:
    it counts, of its kind, on its sound, and the answer's words are the words said."""
    found, words = _one_glued_filler_counted(script, tmp_path, length_scale=1.0)
    assert "on" not in words, words


def _one_glued_filler_counted(script: str, tmp_path, *, length_scale: float):
    """One short answer with one filler, Piper's variation off, analysed as ``rehearse analyze``
    does: its one filler counted, of its kind, on its sound, and no other. Returns (the
    hesitations found, the answer's words)."""
    import zlib

    from build_heldout_set import steps

    from devtools import synth
    from rehearse.pipeline import analyze_file

    y, truth = synth.build(steps(script), seed=zlib.crc32(script.encode()), voice="piper",
                           length_scale=length_scale, vary=False)
    path = tmp_path / "answer.wav"
    synth.write(path, y, truth)
    report = analyze_file(str(path))
    found = [(f.start_s, f.end_s, f.text) for f in report.fillers.items if f.text in ("uh", "um")]
    (a, b, kind), = truth.fillers
    assert len(found) == 1 and found[0][2] == kind and a - 0.2 <= (found[0][0] + found[0][1]) / 2 <= b + 0.2, found
    return found, [w.norm for w in report.transcript.words]


def test_words_whisper_could_not_place_on_the_sound_are_decoded_again(tmp_path):
    """Issue 14, words (session 23): the fourth held-out set's ``gap`` under mains hum (Piper's
    variation off). At the end of its first chunk tiny.en wrote "to track his And I'm going
    to end up going into this." for "to track his medicines and appointments.", "to end up"
    each at one instant: no sound to align them to. The region decoded again alone writes the
    sentence, and the answer's word count is within 3 % of the 123 words said (132 before)."""
    from build_heldout_set import render

    from rehearse.pipeline import analyze_file

    path, = render("gap", tmp_path, ["hum60"], which="fourth", vary=False, said=set_answer("gap", "fourth"))
    truth = json.loads(path.with_suffix(".truth.json").read_text())
    report = analyze_file(str(path))
    text = report.transcript.text.lower()
    assert "going to end up" not in text and "medicines and appointments" in text, text
    assert abs(report.word_count - truth["word_count"]) <= 0.03 * truth["word_count"], (report.word_count, text)


def test_a_you_whisper_invents_over_a_pause_in_noise_is_no_word(tmp_path):
    """Issue 14, words (session 24): the development set's ``teamwork`` under pink noise
    (Piper's variation off). tiny.en wrote "You" at belief 0.02 into the pause after "a
    fifteen-minute review.", over no sound at all: the answer counted 83 words for the 81
    said. The invented word is dropped; the count is within one of the truth."""
    from build_heldout_set import render

    from rehearse.pipeline import analyze_file

    path, = render("teamwork", tmp_path, ["pink30"], which="dev", vary=False, said=set_answer("teamwork", "dev"))
    truth = json.loads(path.with_suffix(".truth.json").read_text())
    report = analyze_file(str(path))
    assert "you" not in [w.norm for w in report.transcript.words], report.transcript.text
    assert abs(report.word_count - truth["word_count"]) <= 1, (report.word_count, report.transcript.text)


@pytest.mark.parametrize("condition", ["white40", "clean"])
def test_a_hesitation_glued_after_a_clauses_last_word_before_a_pause_is_counted(condition, tmp_path):
    """Issue 14, session 23: the third held-out set's ``yourself`` (Piper's variation off),
    "after our reporting pipeline, um [pause] which turns", the "um" said straight after
    "pipeline," and written nowhere. No steady stretch, gap or overlong word showed it; the
    region's sound after the word does, and decoded alone it writes "Um,". The "um" counts on
    its sound, and the answer's five other hesitations as before, each on its own."""
    truth, found = _dev_answer_fillers("yourself", condition, tmp_path, which="third")
    assert len(found) == len(truth) == 6, found
    for (a, b, kind), (fa, fb, fkind) in zip(truth, found):
        assert fkind == kind and a - 0.2 <= (fa + fb) / 2 <= b + 0.2, (a, b, kind, fa, fb, fkind)
