"""Where live transcription cuts the audio: at pauses, never inside speech (signals known by construction)."""

from pathlib import Path

import numpy as np
import pytest

from rehearse.capture.live import MAX_CHUNK_S, MIN_CHUNK_S, SR, find_cut

ROOT = Path(__file__).resolve().parent.parent

RNG = np.random.default_rng(0)


def _speech(seconds: float) -> np.ndarray:
    """Voiced-like sound: a buzz with a syllable-rate envelope, well above the hiss."""
    t = np.arange(int(seconds * SR)) / SR
    env = 0.6 + 0.4 * np.sin(2 * np.pi * 4 * t) ** 2
    return (0.2 * env * np.sign(np.sin(2 * np.pi * 140 * t))).astype(np.float32)


def _silence(seconds: float) -> np.ndarray:
    return (RNG.normal(0, 10 ** (-60 / 20), int(seconds * SR))).astype(np.float32)


def test_waits_for_enough_audio():
    assert find_cut(np.concatenate([_speech(0.5)]), start=0) is None


def test_cuts_in_the_middle_of_the_last_pause():
    audio = np.concatenate([_speech(4), _silence(0.6), _speech(3), _silence(0.8), _speech(2)])
    cut, kind = find_cut(audio, start=0)
    assert kind == "pause"
    assert (7.6 + 0.0) * SR < cut < (7.6 + 0.8) * SR  # inside the second pause, after MIN_CHUNK_S
    assert abs(cut / SR - 8.0) < 0.1  # its middle


def test_decodes_at_once_when_a_silence_may_end_the_answer():
    audio = np.concatenate([_speech(2.5), _silence(0.6)])
    cut, kind = find_cut(audio, start=0)
    assert kind == "pause" and 2.5 * SR < cut < 3.1 * SR


def test_silence_alone_is_not_decoded():
    assert find_cut(_silence(5), start=0) is None


def test_speech_without_pause_is_cut_at_its_quietest_when_too_long():
    speech = _speech(MAX_CHUNK_S + 1)
    dip = int(12 * SR)
    speech[dip:dip + int(0.1 * SR)] *= 0.05  # a soft spot, too short to be a pause
    assert find_cut(speech[: int((MAX_CHUNK_S - 1) * SR)], start=0) is None
    cut, kind = find_cut(speech, start=0)
    assert kind == "forced"
    assert MIN_CHUNK_S * SR <= cut <= MAX_CHUNK_S * SR
    assert abs(cut - (dip + 0.05 * SR)) < 0.06 * SR


def test_cut_never_precedes_the_chunk_start():
    audio = np.concatenate([_speech(4), _silence(0.6), _speech(3), _silence(0.8), _speech(2)])
    first, _ = find_cut(audio, start=0)
    again = find_cut(audio, start=first)
    assert again is None or again[0] > first


def _feed_as_a_microphone(live, y: np.ndarray) -> None:
    for i in range(0, len(y), SR // 20):  # 50-ms blocks, as the capture delivers them
        live.feed(y[i:i + SR // 20])


def test_speech_network_runs_while_recording_as_on_the_saved_file(answer):
    # Fed in 50-ms blocks as the microphone delivers them, the live transcriber's speech
    # probabilities are those of the whole recording: the report need not compute them.
    from rehearse.speech import vad
    from rehearse.capture import load_audio
    from rehearse.capture import LiveTranscriber
    from rehearse.speech import load_model, resolve_model

    choice = resolve_model(None)
    load_model(choice)
    y = load_audio(answer[0]).y
    live = LiveTranscriber(choice)
    _feed_as_a_microphone(live, y)
    live.finish()
    probs = live.speech_probability(y)
    assert probs is not None and np.array_equal(probs, vad.speech_probability(y, sr=SR))
    # A time limit cut the file short of what was fed: the same, but for the last window,
    # which holds audio past the cut where the file's holds silence.
    cut = y[:-SR]
    assert np.array_equal(live.speech_probability(cut)[:-1], vad.speech_probability(cut, sr=SR)[:-1])
    # A quiet microphone: the network hears the recording brought up to its level.
    quiet = LiveTranscriber(choice)
    soft = y * np.float32(10 ** (-30 / 20))
    _feed_as_a_microphone(quiet, soft)
    quiet.finish()
    assert vad.gain_db(soft, sr=SR) >= vad.gain_db(y, sr=SR) + 24  # brought up, in 6-dB steps
    assert np.array_equal(quiet.speech_probability(soft), vad.speech_probability(soft, sr=SR))


def test_pitch_and_pulses_are_computed_while_recording():
    # Fed as the microphone delivers it, a 40-s answer's pitch and pulses are mostly
    # computed by the time the user stops, and are the saved file's.
    import soundfile as sf

    from rehearse.capture import LiveTranscriber
    from rehearse.measure import compute_features
    from rehearse.speech import load_model, resolve_model

    choice = resolve_model(None)
    load_model(choice)
    y, _ = sf.read(ROOT / "recordings" / "tell-me-about-yourself.wav", dtype="float32")
    y = y[:40 * SR]
    live = LiveTranscriber(choice)
    _feed_as_a_microphone(live, y)
    live.finish()
    early = live.early_features()
    assert early is not None and early.known(y, sr=SR) is early and len(early.frames) > 3000
    mine, whole = compute_features(y, sr=SR, early=early), compute_features(y, sr=SR)
    assert np.array_equal(mine.f0_hz, whole.f0_hz, equal_nan=True) and np.array_equal(mine.pulse_ap, whole.pulse_ap)


def test_failed_live_decoding_falls_back_to_the_saved_recording(answer, caplog):
    # Should decoding while recording fail, the report is made from the saved file instead.
    from rehearse.capture import load_audio
    from rehearse.pipeline import finish_live as _finish_live
    from rehearse.capture import LiveTranscriber
    from rehearse.speech import load_model, resolve_model
    from rehearse.measure.words import is_hesitation, spoken_word_count

    choice = resolve_model(None)
    load_model(choice)
    audio = load_audio(answer[0])
    live = LiveTranscriber(choice)

    def crash(*args, **kwargs):
        raise RuntimeError("decoder crashed")

    live._transcribe_chunk = crash  # the worker's next chunk, or the final one, fails
    _feed_as_a_microphone(live, audio.y)
    transcript = _finish_live(live, audio, choice)
    assert "live transcription failed (decoder crashed)" in caplog.text
    words = sum(spoken_word_count(w.norm) for w in transcript.words if not is_hesitation(w.norm))
    assert abs(words - answer[1]["word_count"]) <= 2


def test_recent_audio_keeps_what_is_asked_and_no_more():
    # A 3-hour answer must not be held whole while it is transcribed: the buffer lets the
    # transcribed part go, and what it still holds is the answer, sample for sample.
    from rehearse.capture.live import RecentAudio

    recent = RecentAudio()
    rng = np.random.default_rng(1)
    whole = rng.normal(0, 0.1, 10 * 60 * SR).astype(np.float32)  # 10 minutes in 50-ms blocks
    for i, start in enumerate(range(0, len(whole), 800)):
        recent.append(whole[start:start + 800])
        if i % 20 == 0:  # every second, the transcriber has kept up to 40 s ago
            recent.keep_from(recent.end - 40 * SR - 77)
            audio, base = recent.view()
            assert base % 160 == 0 and base <= max(0, recent.end - 40 * SR - 77)
            assert np.array_equal(audio, whole[base:recent.end])
    assert recent.end == len(whole)
    assert len(recent.view()[0]) <= 2 * 60 * SR  # about a minute or two, not ten
