"""An answer longer than one Whisper window is decoded in chunks cut at its pauses.

Real speech of the shared corpus joined into a 100-s answer, the real model. Decoded whole,
faster-whisper gave the filler prompt to its first window only and wrote none of the
answer's nine hesitations; in chunks, each with the prompt, it writes them.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

SR = 16000
PARTS = ("sp_michael_pauses", "jfk", "mfa_um", "mfa_acoustic_corpus", "sp_michael_fillers", "mfa_uh")
GAP_S = 1.0


@pytest.fixture(scope="module")
def long_answer(corpus):
    """(y, the joined gaps as (start_s, end_s), the items' words, their hesitations)."""
    from rehearse.capture import load_audio

    rng = np.random.default_rng(7)
    parts, gaps, t = [], [], 0.0
    for i, name in enumerate(PARTS):
        if i:
            parts.append((rng.standard_normal(int(GAP_S * SR)) * 10 ** (-60 / 20)).astype(np.float32))
            gaps.append((t, t + GAP_S))
            t += GAP_S
        y = load_audio(corpus[name]["path"]).y
        parts.append(y)
        t += len(y) / SR
    words = sum(corpus[name]["word_count"] for name in PARTS)
    fillers = sum(corpus[name]["filler_count"] for name in PARTS)
    return np.concatenate(parts), gaps, words, fillers


@pytest.fixture(scope="module")
def decoded_and_windows(long_answer):
    """The transcript, and how many 30-s windows Whisper encoded for it."""
    from faster_whisper import WhisperModel

    from rehearse.speech import resolve_model
    from rehearse.speech.transcribe import transcribe

    y, *_ = long_answer
    windows = []
    encode = WhisperModel.encode

    def counted(self, features):
        windows.append(features.shape)
        return encode(self, features)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(WhisperModel, "encode", counted)
        return transcribe(y, sr=SR, model=resolve_model(None)), len(windows)


@pytest.fixture(scope="module")
def decoded(decoded_and_windows):
    return decoded_and_windows[0]


def test_cuts_lie_in_pauses_and_cover_the_answer(long_answer, decoded):
    from rehearse.speech.chunks import MAX_CHUNK_S, cut_at_pauses

    y, gaps, *_ = long_answer
    chunks = cut_at_pauses(y, sr=SR)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(y)
    assert all(b == c for (_, b), (c, _) in zip(chunks, chunks[1:]))
    assert len(chunks) >= len(y) / SR / MAX_CHUNK_S
    assert all(b - a <= MAX_CHUNK_S * SR for a, b in chunks)
    for _, cut in chunks[:-1]:
        cut_s = cut / SR
        # in a joined gap, or in a pause inside an item: no word is being said there
        in_gap = any(a <= cut_s <= b for a, b in gaps)
        assert in_gap or not any(w.start_s + 0.05 < cut_s < w.end_s - 0.05 for w in decoded.words), cut_s


def test_a_long_answer_keeps_its_words_and_writes_its_hesitations(long_answer, decoded):
    from rehearse.measure.words import is_hesitation, spoken_word_counts

    y, gaps, true_words, true_fillers = long_answer
    norms = [re.sub(r"[^\w']", "", w.text.lower()) for w in decoded.words]
    said = sum(spoken_word_counts([n for n in norms if n and not is_hesitation(n)]))
    written = sum(1 for n in norms if is_hesitation(n))
    assert abs(said - true_words) <= 0.03 * true_words, (said, true_words)
    assert written >= 0.8 * true_fillers, (written, true_fillers)
    assert [w.start_s for w in decoded.words] == sorted(w.start_s for w in decoded.words)
    # nothing invented in the quiet between items (a chunk ending in silence once looped
    # "Thank you so much for watching ... bye, bye" there)
    assert not [w.text for w in decoded.words for a, b in gaps if a + 0.2 < (w.start_s + w.end_s) / 2 < b - 0.2]
    assert len(y) / SR > 90


def test_a_chunk_whose_words_reach_its_last_sound_is_one_window(long_answer, decoded_and_windows):
    """The rest of a chunk after its last word is the pause it was cut in: faster-whisper
    decoded it in a window of its own (13 windows for these 6 chunks), where tiny.en
    invents text ("Thank you."). Two chunks still need more: one holds speech after the
    first window's last word ("Montreal forced..." after JFK), one a 0.18-s burst after it."""
    from rehearse.speech.chunks import cut_at_pauses

    y, *_ = long_answer
    chunks = cut_at_pauses(y, sr=SR)
    _, windows = decoded_and_windows
    assert len(chunks) <= windows <= len(chunks) + 3, (windows, len(chunks))


def test_a_short_answer_is_one_chunk(corpus):
    from rehearse.capture import load_audio
    from rehearse.speech.chunks import cut_at_pauses

    y = load_audio(corpus["mfa_acoustic_corpus"]["path"]).y
    assert cut_at_pauses(y, sr=SR) == [(0, len(y))]
