"""Bad input: a one-line error and a non-zero exit, never a traceback."""

import numpy as np
import pytest
import soundfile as sf

from tests.conftest import run_cli


def _assert_clean_error(proc, *, code=None, says=None):
    assert proc.returncode != 0, proc.stdout + proc.stderr
    if code is not None:
        assert proc.returncode == code
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in proc.stderr + proc.stdout
    if says:
        assert says in lines[0].lower(), lines[0]


def test_missing_file(tmp_path):
    _assert_clean_error(run_cli("analyze", str(tmp_path / "nope.wav")), code=2, says="no such file")


def test_directory(tmp_path):
    _assert_clean_error(run_cli("analyze", str(tmp_path)), code=2, says="directory")


def test_not_audio(tmp_path):
    p = tmp_path / "notes.wav"
    p.write_text("these are my interview notes, not audio\n" * 50)
    proc = run_cli("analyze", str(p))
    _assert_clean_error(proc, code=2, says="not a readable audio file")
    assert "errno" not in proc.stderr.lower()  # the decoder's words, not its error number


def test_empty_file(tmp_path):
    p = tmp_path / "empty.wav"
    p.write_bytes(b"")
    _assert_clean_error(run_cli("analyze", str(p)), code=2, says="empty")


def test_truncated_header(tmp_path):
    good = tmp_path / "good.wav"
    sf.write(str(good), np.zeros(16000, np.float32), 16000)
    bad = tmp_path / "cut.wav"
    bad.write_bytes(good.read_bytes()[:30])  # half a header
    _assert_clean_error(run_cli("analyze", str(bad)), code=2)


def test_zero_length_audio(tmp_path):
    p = tmp_path / "zero.wav"
    sf.write(str(p), np.zeros(0, np.float32), 16000)
    _assert_clean_error(run_cli("analyze", str(p)), code=2)


def test_too_short(tmp_path):
    p = tmp_path / "blip.wav"
    sf.write(str(p), np.zeros(8000, np.float32), 16000)  # 0.5 s
    _assert_clean_error(run_cli("analyze", str(p)), code=2, says="too short")


def _silent_file(path, seconds, sr=1000):
    """A long file written in a moment: a low rate keeps hours small on disk."""
    with sf.SoundFile(str(path), "w", samplerate=sr, channels=1, subtype="PCM_U8") as f:
        block = np.zeros(sr * 600, np.float32)
        for start in range(0, int(seconds * sr), len(block)):
            f.write(block[: int(seconds * sr) - start])
    return path


def test_very_long_file_is_refused_before_decoding(tmp_path):
    from rehearse.capture.audio import MAX_DURATION_S

    p = _silent_file(tmp_path / "long.wav", MAX_DURATION_S + 60)
    proc = run_cli("analyze", str(p))
    _assert_clean_error(proc, code=2, says="too long")
    limit = f"{MAX_DURATION_S // 3600} h {MAX_DURATION_S % 3600 // 60:02d} min"
    assert f"the limit is {limit} (" in proc.stderr and "8-gib machine" in proc.stderr.lower(), proc.stderr


def test_length_limit_is_checked_from_the_header(tmp_path):
    from rehearse.capture.audio import MAX_DURATION_S, _check_length
    from rehearse.errors import AudioError

    _check_length(_silent_file(tmp_path / "under.wav", MAX_DURATION_S - 60))
    with pytest.raises(AudioError, match="too long"):
        _check_length(_silent_file(tmp_path / "over.wav", MAX_DURATION_S + 1))


@pytest.mark.parametrize("kind", ["silence", "noise"])
def test_no_speech_gives_a_report_saying_so(tmp_path, kind):
    sr = 16000
    rng = np.random.default_rng(0)
    y = np.zeros(sr * 5, np.float32) if kind == "silence" else (0.05 * rng.standard_normal(sr * 5)).astype(np.float32)
    p = tmp_path / f"{kind}.wav"
    sf.write(str(p), y, sr)
    proc = run_cli("analyze", str(p))
    assert proc.returncode == 2
    assert "No speech was found" in proc.stdout
    assert "Traceback" not in proc.stderr
    proc = run_cli("analyze", str(p), "--json")
    import json

    doc = json.loads(proc.stdout)
    assert doc["speech_found"] is False and doc["word_count"] == 0


def test_bad_option_value(answer):
    path, _ = answer
    proc = run_cli("analyze", str(path), "--target-wpm", "fast")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "120-160" in proc.stderr


def test_unknown_model_offline(answer):
    path, _ = answer
    proc = run_cli("analyze", str(path), "--model", "no-such-model-xyz")
    _assert_clean_error(proc, code=3, says="could not be downloaded")


def test_model_dir_missing_files(tmp_path, answer):
    path, _ = answer
    d = tmp_path / "broken-model"
    d.mkdir()
    (d / "config.json").write_text("{}")
    _assert_clean_error(run_cli("analyze", str(path), "--model", str(d)), code=3, says="model.bin")
