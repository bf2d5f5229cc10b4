"""Shared fixtures: a private data home for every test, real synthesized speech, the corpus."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("REHEARSE_CORPUS", ROOT.parent / "shared" / "corpus"))


def pytest_configure(config):
    # Module- and session-scoped fixtures run before the per-test ``home`` below: without
    # this they would write into the real data directory of whoever runs the tests.
    import tempfile

    os.environ["REHEARSE_HOME"] = tempfile.mkdtemp(prefix="rehearse-test-home-")
    # A shell without job control starts a background command with Ctrl-C ignored, and a
    # child inherits that: the tests that press Ctrl-C on a command (record, interview,
    # analyze) then saw it run on to the end and fail. Children of a handler get the default.
    import signal

    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """Every test gets its own empty data home (recordings, history)."""
    h = tmp_path / "home"
    monkeypatch.setenv("REHEARSE_HOME", str(h))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return h


def run_cli(*args: str, env: dict | None = None, input: str | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real entry point in a child process, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "rehearse", *args], capture_output=True,
                          text=True, env=full_env, input=input, timeout=timeout)


@pytest.fixture(scope="session")
def answer(tmp_path_factory):
    """A synthesized answer with pauses and fillers at known times: (wav path, truth dict)."""
    from benchmarks.build_synthetic_set import SCRIPTS
    from devtools import synth

    steps = SCRIPTS["analyst"]  # the benchmark's first answer: one script, two uses
    # The same samples on every run: a test must not pass or fail with the voice's mood.
    y, truth = synth.build(steps, noise_db=-55.0, seed=3, vary=False)
    path = tmp_path_factory.mktemp("answer") / "answer.wav"
    synth.write(path, y, truth)
    return path, json.loads(path.with_suffix(".truth.json").read_text())


@functools.lru_cache(maxsize=None)
def _said(name: str, which: str):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from build_heldout_set import answer as build

    y, truth = build(name, which=which, vary=False)
    y.flags.writeable = False
    return y, truth


def set_answer(name: str, which: str):
    """One answer of a development or held-out set as ``build_heldout_set.answer`` says it with
    Piper's variation off: (samples, truth). Said once per run (2-7 s of Piper each): several
    tests read the same answer, in other conditions or for other classes."""
    y, truth = _said(name, which)
    return y.copy(), truth


@pytest.fixture(scope="session")
def corpus():
    """The shared corpus of real human speech; tests using it skip cleanly without it."""
    manifest = CORPUS / "manifest.json"
    if not manifest.is_file():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    data = json.loads(manifest.read_text())
    return {item["id"]: {**item, "path": CORPUS / item["file"]} for item in data["items"]}
