"""A breath drawn in a pause is not part of the word before it (issue 14, pauses)."""

from __future__ import annotations

from rehearse.capture import load_audio
from rehearse.measure import compute_features
from rehearse.measure.pauses import silences_between, speech_regions


def test_a_breath_after_a_word_does_not_start_the_pause_late(corpus):
    """mfa_acoustic_corpus, "...slightly lower in intensity. [breath] Uh, we're just saying":
    0.1 s after the last vowel a breath (14.02-14.28 s: unvoiced, 23 dB under the speech
    level, rated up to 0.77 by the speech network) passed as the word's last consonant, so
    the pause started at 14.26 s. It runs from the end of the word (13.9 s: the forced
    alignment and the signal agree) to the held "uh" (voiced from 14.52 s), which the
    alignment does not hold and the truth's pause (to 14.87 s) therefore spans."""
    audio = load_audio(corpus["mfa_acoustic_corpus"]["path"])
    gaps = silences_between(speech_regions(compute_features(audio.y, sr=audio.sr)))
    found = [(round(g.start_s, 2), round(g.end_s, 2)) for g in gaps if 13.5 < g.end_s < 15.0]
    assert len(found) == 1, found
    start, end = found[0]
    assert abs(start - 13.9) <= 0.05 and abs(end - 14.52) <= 0.05, found
