"""A breath drawn in a pause is not part of the word before it (issue 14, pauses)."""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

from devtools import synth
from rehearse.capture import load_audio
from rehearse.measure import compute_features
from rehearse.measure.pauses import silences_between, speech_regions

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from build_synthetic_set import hum, white  # noqa: E402


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


@pytest.mark.parametrize("noise, length_scale", [("white", 1.35), ("hum", 1.0)])
def test_a_words_last_s_after_a_stop_is_no_breath(noise, length_scale):
    """"...for thirty minutes. | Crashes on those phones": the "s" of "minutes." comes 0.15 s
    after the closure of its "t", 20 dB under the word, unvoiced: under noise at -40 dBFS it
    looked a breath drawn after the word (the held-out ``technical``, 4 noisy renders of 6), and
    the pause started with the "t", 0.24-0.3 s before the word ends. Its hiss says it is the
    word's; the breath of the corpus (above) does not hiss and is still left out."""
    (start, _), found = _pause_found("I replaced that reference with a weak one and wrote a test that scrolled for "
                                     "thirty minutes.", "Crashes on those phones dropped by half.",
                                     noise=noise, length_scale=length_scale, pause_s=0.6)
    assert len(found) == 1 and abs(found[0][0] - start) <= 0.05, (found, start)


def _pause_found(said: str, then: str, *, noise: str, length_scale: float,
                 pause_s: float = 0.5) -> tuple[tuple[float, float], list]:
    """The true pause between two sentences, and the pauses found over it under ``noise`` at -40 dBFS."""
    y, truth = synth.build([("say", said), ("pause", pause_s), ("say", then)], vary=False, length_scale=length_scale)
    (start, end), = [p for p in truth.pauses if p[1] - p[0] >= 0.3]
    rng = np.random.default_rng(zlib.crc32(noise.encode()))
    heard = y + (white(len(y), -40.0, rng) if noise == "white" else hum(len(y), -40.0, mains_hz=60.0))
    gaps = silences_between(speech_regions(compute_features(heard.astype(np.float32), sr=synth.SAMPLE_RATE)))
    return (start, end), [(round(g.start_s, 2), round(g.end_s, 2)) for g in gaps if g.start_s < end and start < g.end_s]


def test_a_words_tail_the_network_hears_is_no_breath():
    """"...before giving answers. | I also take": under mains hum the "s" of "answers." was
    unvoiced, apart and quiet, and hissed too little to pass, so it was dropped as a breath
    and the pause started 0.24 s early (the development set's ``growth``; ``teamwork``'s
    "talking." under white noise). The speech network hears it as speech (0.74 on average in
    ``growth``), as it hears no breath of any set (0.62 at most)."""
    (start, end), found = _pause_found("Those meetings taught me to ask questions before giving answers.",
                                       "I also take one course each year.", noise="hum", length_scale=1.35)
    assert len(found) == 1 and abs(found[0][0] - start) <= 0.05 and abs(found[0][1] - end) <= 0.05, (found, start)


@pytest.mark.parametrize("length_scale", [1.2, 1.35])
def test_a_last_s_after_an_unvoiced_n_stays_with_its_word(length_scale):
    """"...afraid to ask me questions. | A junior colleague": under white noise the "n" before
    the last "s" loses its voicing too, so the hiss stood more than ``HISS_ATTACH_S`` from the
    last voiced frame and the pause started 0.25-0.4 s early (the fifth held-out set's
    ``critique``). The hiss is near the word's sound, voiced or not. Said faster (length
    scale 1.0 and under) the pause still starts 0.2 s early: the hiss is then trimmed as a
    quiet edge the network does not hear, and keeping it kept a long room's ring as speech
    (docs/accuracy.md, session 19)."""
    (start, end), found = _pause_found("The hardest feedback I had was that my code reviews made people afraid to "
                                       "ask me questions.", "A junior colleague told our lead.",
                                       noise="white", length_scale=length_scale)
    assert len(found) == 1 and abs(found[0][0] - start) <= 0.05 and abs(found[0][1] - end) <= 0.05, (found, start)
