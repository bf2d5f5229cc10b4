"""kill -9 at random moments (3 each of analyze and record; benchmarks/crash.py does 20), two
`record`s at once, and history files from every schema version, earlier and newer."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3

import pytest
import soundfile as sf

from benchmarks.crash import crash_analyze, crash_record, summary
from tests.conftest import run_cli
from tests.test_record import SR, Recording, mic  # noqa: F401

KILLS = 3


@pytest.fixture(scope="module")
def short_answer(answer, tmp_path_factory):
    y, sr = sf.read(str(answer[0]), dtype="float32")
    path = tmp_path_factory.mktemp("crash") / "answer.wav"
    sf.write(path, y[: 8 * sr], sr)
    return path, y[: 5 * SR]


def test_kill_9_of_analyze_loses_nothing(short_answer, tmp_path):
    outcomes = crash_analyze(tmp_path, short_answer[0], runs=KILLS, rng=random.Random(7))
    print("\n" + summary(outcomes))
    assert not [o.problems for o in outcomes if o.problems]


def test_kill_9_of_record_loses_nothing(mic, short_answer, tmp_path):
    outcomes = crash_record(tmp_path, mic, short_answer[1], runs=KILLS, rng=random.Random(7),
                            audio=short_answer[0])
    print("\n" + summary(outcomes))
    assert not [o.problems for o in outcomes if o.problems]
