"""The crash-safe WAV writer and its repair, the level meter and the question bank (no audio stack)."""

from __future__ import annotations

import os

import numpy as np
import pytest
import soundfile as sf

from rehearse.coach import questions
from rehearse.capture.sound_card import Block, Fanout
from rehearse.capture.meter import CLIPPING, FLOOR_DB, TOO_QUIET, LevelMeter
from rehearse.capture.recording_file import (
    PartialWav, find_unfinished, new_recording_stem, recover_unfinished, slugify,
)

SR = 16000


def _tone(seconds: float, *, amp: float = 0.3, sr: int = SR) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (amp * 32767 * np.sin(2 * np.pi * 220 * t)).astype(np.int16)


def test_clean_close_gives_a_valid_wav(tmp_path):
    pcm = _tone(1.0)
    w = PartialWav(new_recording_stem(tmp_path, "Tell me about yourself."), sr=SR,
                   meta={"question": "Tell me about yourself."})
    for block in np.array_split(pcm, 20):
        w.write(block)
    path = w.close()
    assert path.name.endswith("_tell-me-about-yourself.wav")
    y, sr = sf.read(str(path), dtype="int16")
    assert sr == SR and np.array_equal(y, pcm)
    assert os.listdir(tmp_path) == [path.name]  # no partial, no sidecar left


@pytest.mark.parametrize("sync", [True, False], ids=["header-synced", "header-stale"])
def test_unfinished_recording_is_repaired(tmp_path, sync):
    pcm = _tone(2.0)
    w = PartialWav(new_recording_stem(tmp_path, "Why this job?"), sr=SR,
                   meta={"question": "Why this job?", "started": "2024-01-01T09:00:00"})
    w.write(pcm)
    if sync:
        w.sync()
    os.write(w._fd, b"\x01")  # half a sample: a write cut short by the crash
    os.close(w._fd)  # the process dies here: no close(), no rename
    assert find_unfinished(tmp_path) == [w.path]

    (found,) = recover_unfinished(tmp_path)
    assert found.question == "Why this job?" and found.started == "2024-01-01T09:00:00"
    assert found.duration_s == pytest.approx(2.0)
    y, sr = sf.read(str(found.path), dtype="int16")
    assert sr == SR and np.array_equal(y, pcm)
    assert find_unfinished(tmp_path) == [] and recover_unfinished(tmp_path) == []
    assert sorted(os.listdir(tmp_path)) == [found.path.name]


def test_empty_unfinished_recording_is_removed(tmp_path):
    w = PartialWav(new_recording_stem(tmp_path, None), sr=SR)
    os.close(w._fd)
    (found,) = recover_unfinished(tmp_path)
    assert found.path is None and os.listdir(tmp_path) == []


def test_names_never_collide(tmp_path):
    first = PartialWav(new_recording_stem(tmp_path, "Q"), sr=SR).close()
    second = new_recording_stem(tmp_path, "Q")
    assert second.name != first.stem


@pytest.mark.parametrize("crash", [False, True], ids=["close", "repair"])
def test_a_file_that_takes_the_final_name_meanwhile_is_never_replaced(tmp_path, crash):
    """The studio saves an upload under the name a `record` of the same question in the same
    second will finish to (it looked before the record began): both stay, each its own."""
    pcm = _tone(1.0)
    w = PartialWav(new_recording_stem(tmp_path, "Why this job?"), sr=SR)
    w.write(pcm)
    wanted = w.final_path
    sf.write(wanted, _tone(0.5, amp=0.1), SR, subtype="PCM_16")  # the upload, saved meanwhile
    taken = wanted.read_bytes()
    if crash:
        w.sync()
        os.close(w._fd)
        (found,) = recover_unfinished(tmp_path)
        mine = found.path
    else:
        mine = w.close()
    assert mine == wanted.with_name(wanted.stem + "-2.wav")
    assert wanted.read_bytes() == taken  # the upload, untouched
    assert np.array_equal(sf.read(str(mine), dtype="int16")[0], pcm)
    assert sorted(os.listdir(tmp_path)) == sorted([wanted.name, mine.name])


@pytest.mark.parametrize("text, slug", [
    ("Why do you want this job?", "why-do-you-want-this-job"),
    ("Café — naïve résumé!", "cafe-naive-resume"),
    ("", "answer"), (None, "answer"), ("???", "answer"),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def _block(pcm: np.ndarray, start: int) -> Block:
    return Block(pcm, start, SR, 0.0)


def test_meter_levels_and_hints():
    meter = LevelMeter(window_s=1.0)
    assert meter.hint() is None and meter.rms_db == FLOOR_DB
    quiet = (np.random.default_rng(0).normal(0, 30, SR * 2)).astype(np.int16)  # about -61 dBFS
    for i, b in enumerate(np.array_split(quiet, 40)):
        meter(_block(b, i * len(b)))
    assert meter.rms_db == pytest.approx(-60.8, abs=1.5)
    assert meter.hint() == TOO_QUIET
    loud = _tone(0.05, amp=1.0)
    meter(_block(loud, 2 * SR))
    assert meter.peak_db == pytest.approx(0.0, abs=0.1)
    assert meter.hint() == CLIPPING
    normal = _tone(1.2, amp=0.3)
    meter(_block(normal, 3 * SR))
    assert meter.hint() is None
    assert meter.rms_db == pytest.approx(20 * np.log10(0.3 / np.sqrt(2)), abs=0.2)


def test_fanout_gives_every_subscriber_every_block():
    hub = Fanout()
    a, b = hub.subscribe(), hub.subscribe()
    seen = []
    hub.add_listener(seen.append)
    blocks = [_block(_tone(0.05), i * 800) for i in range(5)]
    for blk in blocks:
        hub.publish(blk)
    hub.publish(None)
    for q in (a, b):
        got = [q.get_nowait() for _ in range(6)]
        assert got[:5] == blocks and got[5] is None
    assert seen == blocks
    small = hub.subscribe(maxsize=1)  # a slow consumer loses blocks, the others do not
    hub.publish(blocks[0])
    hub.publish(blocks[1])
    assert small.qsize() == 1 and hub.dropped_blocks == 1


def test_question_bank_is_grouped_and_large_enough():
    assert set(questions.BANK) == {"about you", "behavioural", "strengths and weaknesses",
                                   "motivation", "closing"}
    texts = [q.text for q in questions.all_questions()]
    assert len(texts) >= 30 and len(set(texts)) == len(texts)
    assert questions.pick(group="closing").group == "closing"


def test_own_questions_from_the_data_home(home):
    home.mkdir(parents=True, exist_ok=True)
    (home / "questions.txt").write_text(
        "Why did you leave teaching?\n\n# Technical\nExplain a join to a child.\n")
    own = questions.own_questions()
    assert [(q.text, q.group) for q in own] == [
        ("Why did you leave teaching?", "your questions"), ("Explain a join to a child.", "Technical")]
    assert questions.pick(group="technical").text == "Explain a join to a child."


def test_recovery_leaves_a_recording_in_progress_alone(tmp_path):
    import subprocess
    import sys

    from rehearse.capture.recording_file import find_unfinished, recover_unfinished

    # Another process is recording: it holds the partial file open, as `rehearse record` does.
    code = (
        "import sys, time, numpy as np; from pathlib import Path;"
        "from rehearse.capture.recording_file import PartialWav;"
        "w = PartialWav(Path(sys.argv[1]) / 'live', sr=16000);"
        "w.write(np.zeros(1600, np.int16)); w.sync(); print('ready', flush=True); time.sleep(30)"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        assert recover_unfinished(tmp_path) == []
        assert len(find_unfinished(tmp_path)) == 1  # untouched
    finally:
        child.kill()
        child.wait()
    # Once that process is gone (even killed), its recording is recovered.
    recovered = recover_unfinished(tmp_path)
    assert len(recovered) == 1 and recovered[0].path.suffix == ".wav"
