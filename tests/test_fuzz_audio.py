"""Bad input in bulk: 300 seeded hostile audio files through the loader (benchmarks/fuzz_audio.py,
in a child process so its peak memory is its own), a handful through the command line, and
hostile text: huge, right-to-left and emoji questions, odd data directories."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.test_record import Recording, mic  # noqa: F401

CASES = 300
MAX_MEMORY_MB = 1024
# Through the command line, one of each (a report costs a model load: a few seconds each).
CLI_KINDS = ("random bytes", "truncated", "absurd header", "nan/inf float", "bit depths",
             "not a file: fifo", "not a file: directory")


def one_error_line(proc) -> str:
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    return lines[0]


def test_300_hostile_files_through_the_loader():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "fuzz_audio.py"),
                           "--cases", str(CASES), "--seed", "16", "--json"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(done.stdout)
    results = data["results"]
    assert len(results) == CASES
    failures = [r for r in results if r["outcome"] == "FAIL"]
    assert not failures, failures
    kinds = {r["kind"].split(":")[0] for r in results}
    assert kinds == {"random bytes", "truncated", "flipped bytes", "absurd header",
                     "zero-length data", "nan/inf float", "bit depths", "not a file"}
    outcomes = {r["outcome"] for r in results}
    assert outcomes == {"audio", "error"}  # both happen: the generator is not all garbage
    assert data["peak_rss_mb"] < MAX_MEMORY_MB
    print(f"\n{CASES} cases in {data['seconds']:.1f} s, peak memory {data['peak_rss_mb']:.0f} MB, "
          f"slowest {max(r['seconds'] for r in results):.2f} s")


@pytest.fixture(scope="module")
def cli_cases(tmp_path_factory):
    """A few cases of each kind, picked from the generator, to run as a user would."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.fuzz_audio import generate

    folder = tmp_path_factory.mktemp("fuzz-cli")
    rng = random.Random(5)
    picked: dict[str, Path] = {}
    for n in range(400):
        case = generate(n, rng, folder)
        key = case.kind.split(":")[0] if not case.kind.startswith("not a file") else case.kind
        if key not in picked and key in CLI_KINDS:
            picked[key] = case.path
    return picked


# A small launcher runs each command and reports its children's peak memory: measured from
# pytest itself, ru_maxrss would carry pytest's own high-water mark into every child it forks.
LAUNCHER = ("import resource, subprocess, sys\n"
            "done = subprocess.run(sys.argv[2:], capture_output=True, text=True)\n"
            "sys.stdout.write(done.stdout); sys.stderr.write(done.stderr)\n"
            "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
            "sys.exit(done.returncode)\n")


def test_a_handful_through_the_command_line(cli_cases, home, tmp_path):
    peak = 0.0
    seen = {"report": 0, "error": 0}
    for kind, path in sorted(cli_cases.items()):
        out = tmp_path / "peak_kb"
        done = subprocess.run([sys.executable, "-c", LAUNCHER, str(out), sys.executable, "-m", "rehearse",
                               "analyze", str(path), "--json", "--no-save"],
                              capture_output=True, text=True, timeout=120)
        peak = max(peak, int(out.read_text()) / 1024)
        if done.returncode == 0:
            report = json.loads(done.stdout)
            assert report["audio"]["duration_s"] >= 1.0, kind
            seen["report"] += 1
        else:
            line = one_error_line(done)
            assert str(path) in line or "speech" in line, (kind, line)
            seen["error"] += 1
    assert seen["report"] and seen["error"] and sum(seen.values()) == len(CLI_KINDS), seen
    assert peak < MAX_MEMORY_MB


def test_a_10000_character_question_and_rtl_and_emoji(answer, home):
    long_q = ("Tell me about a time " * 500)[:10_000]
    rtl = "ספר לי על עצמך 🙂 — لماذا تريد هذه الوظيفة؟"
    for q in (long_q, rtl):
        done = run_cli("analyze", str(answer[0]), "-q", q, "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["question"] == q
    listing = run_cli("history")
    assert listing.returncode == 0 and "Traceback" not in listing.stderr
    assert "ספר" in listing.stdout and "🙂" in listing.stdout
    stored = json.loads(run_cli("history", "--json").stdout)["rehearsals"]
    assert [r["question"] for r in stored] == [long_q, rtl]
    assert run_cli("compare").returncode == 0


def test_a_data_directory_that_is_a_file(answer, tmp_path, mic):
    afile = tmp_path / "not-a-folder"
    afile.write_text("x")
    env = {"REHEARSE_HOME": str(afile), **mic.env}
    line = one_error_line(run_cli("history", env=env))
    assert "is not a folder" in line
    analysed = run_cli("analyze", str(answer[0]), env=env)
    assert analysed.returncode == 5 and "What to work on" in analysed.stdout  # report first
    assert "is not a folder" in one_error_line(analysed)
    recorded = run_cli("record", "--no-analyze", "--max-seconds", "1", "-q", "Hi?", env=env,
                       input="")
    assert "is not a folder" in one_error_line(recorded)


def test_a_read_only_data_directory(answer, tmp_path, mic):
    ro = tmp_path / "read-only"
    ro.mkdir(mode=0o700)
    if os.geteuid() == 0:  # root writes through modes: a read-only mount it must be
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k,mode=0700", "tmpfs",
                               str(ro)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a read-only tmpfs: {done.stderr.strip()}")
    else:
        os.chmod(ro, 0o500)
    try:
        env = {"REHEARSE_HOME": str(ro), **mic.env}
        analysed = run_cli("analyze", str(answer[0]), env=env)
        assert analysed.returncode == 5 and "What to work on" in analysed.stdout
        assert "history.sqlite3" in one_error_line(analysed)
        recorded = run_cli("record", "--no-analyze", "--max-seconds", "1", "-q", "Hi?",
                           env=env, input="")
        assert "cannot create the recording" in one_error_line(recorded)
        assert run_cli("where", env=env).returncode == 0
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", "-l", str(ro)], check=False)
        else:
            os.chmod(ro, 0o700)


def test_a_path_with_spaces_and_letters_from_everywhere(answer, tmp_path, mic):
    home = tmp_path / "my rehearsals — ünïcødé 面接 (2025)"
    env = {"REHEARSE_HOME": str(home), **mic.env}
    audio = tmp_path / "an answer — ünïcødé 面接.wav"
    shutil.copy(answer[0], audio)
    done = run_cli("analyze", str(audio), "-q", "Why?", env=env)
    assert done.returncode == 0, done.stderr
    rec = Recording(mic, "--no-analyze", "--max-seconds", "1.5", "--no-countdown", "-q", "面接?",
                    env={"REHEARSE_HOME": str(home)})
    assert rec.wait(timeout=60) == 0, rec.stderr
    wavs = list((home / "recordings").glob("*.wav"))
    assert len(wavs) == 1
    listing = json.loads(run_cli("history", "--json", env=env).stdout)["rehearsals"]
    assert listing[0]["audio_path"] == str(audio)
    backup = tmp_path / "backup — 面接.zip"
    assert run_cli("export", "--with-audio", "-o", str(backup), env=env).returncode == 0
    assert "Imported 1" in run_cli("import", str(backup),
                                   env={"REHEARSE_HOME": str(tmp_path / "other ü")}).stdout
