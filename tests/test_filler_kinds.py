"""Each hesitation of a mixed run ("uh, um, uh") counted once, with its own kind (after round 8).

Answers of the development set (``benchmarks/build_heldout_set.py --dev``), rendered without
Piper's random variation (espeak-ng's is the same every time) and decoded by the real model.
Before, a run's bursts took the kind of the hesitation beside them, and a written "Um" moved
onto an "uh"'s burst kept its label, so every "uh" of the ``growth`` and ``mistake`` runs was
counted "um"; and Whisper's "Uh, um, um," over ``priorities``' three bursts put its last "um"
at the next word, a fourth filler (docs/accuracy.md, "Mixed runs").
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import set_answer
from devtools import synth
from rehearse.pipeline import analyze_file


@pytest.mark.parametrize("name", ["growth", "mistake", "priorities"])
def test_each_hesitation_of_a_mixed_run_is_counted_once_with_its_own_kind(name, tmp_path):
    y, truth = set_answer(name, "dev")
    path = tmp_path / f"{name}.wav"
    synth.write(path, y.astype(np.float32), truth)
    run = truth.fillers[-3:]  # each answer ends its fillers with a run of three, one an "um"
    assert sorted(k for _, _, k in run) == ["uh", "uh", "um"] and run[-1][1] - run[0][0] < 2.0, run
    found = [f for f in analyze_file(str(path)).fillers.items if f.text in ("um", "uh")]
    assert len([f for f in found if f.end_s > run[0][0] - 0.2]) == len(run), (run, found)  # none after it
    for start_s, end_s, kind in run:
        said = [f for f in found if start_s - 0.2 <= (f.start_s + f.end_s) / 2 <= end_s + 0.2]
        assert [f.text for f in said] == [kind], ((start_s, end_s, kind), found)
