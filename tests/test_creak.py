"""A creaking "uh" (vocal fry: glottal pulses ~30 ms apart, no pitch to YIN, under 0.22 to the
speech network) is sound, while nothing in a real pause is (issue 14, class 5; round 8 of
docs/accuracy.md)."""

from __future__ import annotations

import json

import numpy as np
import soundfile as sf

from conftest import run_cli


def test_a_creaky_uh_between_pauses_is_a_filler_with_a_pause_either_side(corpus, tmp_path):
    """``short_b`` (benchmarks/build_classes_set.py) opens with "uh... uh" after its first
    phrase: the first, 0.25 s of the corpus speaker's creaky "uh" (3.42-3.67 s), was silence
    to the signal, so the report measured one pause over 2.92-4.02 s and counted 3 of the 4
    hesitations."""
    from benchmarks.build_classes_set import RECIPES, _material, build

    from devtools import synth

    phrases, fillers, tone = _material(corpus["sp_michael_fillers"]["path"].parent.parent)
    y, truth = build(RECIPES["short_b"], phrases, fillers, tone, seed=list(RECIPES).index("short_b"))
    path = tmp_path / "short_b.wav"
    synth.write(path, y, truth)
    done = run_cli("analyze", str(path), "--json", "--no-save")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    found = [(f["start_s"], f["end_s"]) for f in report["fillers"]["items"] if f["text"] in ("um", "uh")]
    assert len(truth.fillers) == 4

    def on(fa, fb, a, b):
        return a - 0.1 <= (fa + fb) / 2 <= b + 0.1

    # Every filler of 0.12 s or more (the shortest found reliably until session 22), the
    # creaky one first, is found on its own sound, and nothing else. The third, 0.1 s, is
    # below that: its 0.07-s burst decoded alone as "Uh" on the CPU of sessions 1-6 and as
    # nothing on an AMD EPYC (session 7), so it may go uncounted.
    for a, b, _ in truth.fillers:
        if b - a >= 0.12:
            assert any(on(fa, fb, a, b) for fa, fb in found), (a, b, found)
    assert all(any(on(fa, fb, a, b) for a, b, _ in truth.fillers) for fa, fb in found), found
    pauses = [(p["start_s"], p["end_s"]) for p in report["pauses"]["items"]]
    for a, b in truth.pauses[:2]:  # either side of the creaky "uh", each on its own
        assert any(abs(pa - a) <= 0.05 and abs(pb - b) <= 0.05 for pa, pb in pauses), (a, b, pauses)


def test_no_creak_in_the_corpus_pauses(corpus):
    """Room tone, breaths, lip noise and digital silence in the real recordings' pauses
    never pass for a creaking voice; their real "uh"s and "um"s do."""
    from rehearse.measure.features import compute_features
    from rehearse.measure.pauses import creaky_voice, energy_db, estimate_levels, local_threshold

    creaky_fillers, n_fillers = 0, 0
    for item in corpus.values():
        y, sr = sf.read(item["path"], dtype="float32")
        feats = compute_features(y, sr=sr)
        db = energy_db(feats)
        creak = creaky_voice(feats, db > local_threshold(db, estimate_levels(db), hop_s=feats.hop_s))
        for a, b, *_ in (item.get("natural_pauses_ge_0_3_s") or []) + (item.get("inserted_pauses") or []):
            if item["id"] == "mfa_acoustic_corpus" and a < 14.5 < b:
                continue  # it holds an "uh" (from 14.52 s) that its alignment does not time
            assert not creak[feats.frame_at(a + 0.05):feats.frame_at(b - 0.05)].any(), (item["id"], a, b)
        for a, b, _ in (item.get("natural_fillers_timed") or []) + (item.get("inserted_fillers") or []):
            creaky_fillers += bool(creak[feats.frame_at(a):feats.frame_at(b)].any())
            n_fillers += 1
    assert creaky_fillers == n_fillers == 14


def test_every_uh_of_60_to_80_ms_between_pauses_is_sound_of_its_own(corpus):
    """Issue 14, class 5: the shortest-"uh" sweep's 60- and 80-ms "uh"s, alone between pauses
    and in runs. Cut that short a real "uh" holds 40 ms of voicing, and the creaky one cut to
    80 ms (``uh080_b`` at 7.89 s) two glottal pulses: with 50 ms asked for, 4 of these 12 were
    silence to the signal and the pauses either side of each were measured as one."""
    from benchmarks.build_classes_set import SR, SWEEP, _material, build

    from rehearse.measure.features import compute_features
    from rehearse.measure.pauses import speech_regions

    phrases, fillers, tone = _material(corpus["sp_michael_fillers"]["path"].parent.parent)
    for name in ("uh060_a", "uh060_b", "uh080_a", "uh080_b"):
        y, truth = build(SWEEP[name], phrases, fillers, tone, seed=list(SWEEP).index(name))
        regions = [(r.start_s, r.end_s) for r in speech_regions(compute_features(y, sr=SR))]
        for a, b, _ in truth.fillers:  # each its own region, on its sound
            assert any(a - 0.03 <= ra and rb <= b + 0.03 for ra, rb in regions), (name, a, b, regions)
        for a, b in truth.pauses:  # and nothing in the pauses
            assert not any(ra < b - 0.03 and a + 0.03 < rb for ra, rb in regions), (name, a, b, regions)


def test_a_burst_near_the_speech_level_is_a_voice_whatever_it_decodes_as(corpus):
    """A burst nothing explains that decodes alone as nothing is a room sound, and the pause
    around it one pause, unless it is as loud as a voice: the third held-out set's
    ``yourself`` lost a 0.18-s "um" of a run that way (4 dB under the speech level); the
    room sounds in every set's pauses peak 16-20 dB under it. ``uh060_b``'s three 60-ms
    "uh"s: the first and last 8 dB under the speech level stay sound; the middle one, 15 dB
    under it, goes when it decodes as nothing."""
    from benchmarks.build_classes_set import SR, SWEEP, _material, build

    from rehearse.measure.analysis import _without_room_sounds
    from rehearse.measure.features import compute_features
    from rehearse.measure.pauses import speech_regions

    phrases, fillers, tone = _material(corpus["sp_michael_fillers"]["path"].parent.parent)
    y, truth = build(SWEEP["uh060_b"], phrases, fillers, tone, seed=list(SWEEP).index("uh060_b"))
    feats = compute_features(y, sr=SR)
    regions = speech_regions(feats)
    bursts = [r for r in regions if r.duration_s < 0.1]
    assert len(bursts) == 3, regions
    nothing = tuple((r.start_s, r.end_s, ()) for r in bursts)
    kept = _without_room_sounds(regions, [], (), nothing, feats)
    assert [r for r in bursts if r in kept] == [bursts[0], bursts[2]], kept
    assert not any(r in _without_room_sounds(regions, [], (), nothing) for r in bursts)  # level unread
