"""Commands that need no speech model must not import the heavy stack (issue: instant start)."""

import json
import subprocess
import sys

import pytest

HEAVY = ("faster_whisper", "ctranslate2", "librosa", "sounddevice", "matplotlib", "numba", "scipy", "numpy")

PROBE = """
import json, runpy, sys
sys.argv = ["rehearse", *json.loads(sys.argv[1])]
try:
    runpy.run_module("rehearse", run_name="__main__")
except SystemExit:
    pass
print("\\nHEAVY:" + json.dumps(sorted(m for m in %r if m in sys.modules)))
""" % (HEAVY,)


def _heavy_imports(*args: str) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args))],
                          capture_output=True, text=True, timeout=120)
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("HEAVY:")][-1]
    return json.loads(line[len("HEAVY:"):])


@pytest.mark.parametrize("args", [("--help",), ("analyze", "--help"), ("where",), ("history",),
                                  ("record", "--help"), ("studio", "--help"), ("interview", "--help")])
def test_no_heavy_imports(args):
    assert _heavy_imports(*args) == []
