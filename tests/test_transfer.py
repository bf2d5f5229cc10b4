"""`export` then `import` moves a history to another machine; `forget` removes everything.

Real analyses, real SQLite files in two separate data homes, the real entry point.
"""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest

from tests.conftest import run_cli
from tests.test_privacy import assert_private, run_with_umask

QUESTION = "Why do you want this job?"


def ok(*args, **kw):
    done = run_cli(*args, **kw)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def two_rehearsals(answer, tmp_path_factory):
    """Two real analyses: of a file from elsewhere, and of a recording in the home."""
    home = tmp_path_factory.mktemp("two") / "home"
    env = {"REHEARSE_HOME": str(home)}
    ok("analyze", str(answer[0]), "-q", QUESTION, env=env)
    (home / "recordings").mkdir(mode=0o700)
    recorded = home / "recordings" / "2025-01-01_100000_why-do-you-want-this-job.wav"
    shutil.copy(answer[0], recorded)
    ok("analyze", str(recorded), "-q", QUESTION, env=env)
    return home


@pytest.fixture
def filled_home(two_rehearsals, home):
    """A copy of those two rehearsals in this test's home, audio paths pointing into it."""
    shutil.copytree(two_rehearsals, home)
    import sqlite3

    db = sqlite3.connect(home / "history.sqlite3")
    db.execute("UPDATE rehearsals SET audio_path = replace(audio_path, ?, ?), "
               "report_json = replace(report_json, ?, ?)", (str(two_rehearsals), str(home)) * 2)
    db.commit()
    db.close()
    return home


def _history(env):
    return json.loads(ok("history", "--json", env=env).stdout)["rehearsals"]


def _reports(env, ids):
    return [json.loads(ok("show", str(i), "--json", env=env).stdout) for i in ids]


def test_export_with_audio_then_import_on_another_machine(filled_home, answer, tmp_path):
    backup = tmp_path / "backup.zip"
    done = run_with_umask(0o000, "export", "--with-audio", "-o", str(backup))
    assert done.returncode == 0, done.stderr
    assert "Exported 2 rehearsal(s), 2 audio file(s)" in done.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # it holds voices: owner only
    before = _history(None)

    other = {"REHEARSE_HOME": str(tmp_path / "other-machine")}
    first = ok("import", str(backup), env=other)
    assert "Imported 2 rehearsal(s); 2 audio file(s)" in first.stdout
    again = ok("import", str(backup), env=other)
    assert "Imported 0 rehearsal(s); 2 already in your history (skipped)" in again.stdout
    after = _history(other)
    assert len(after) == 2
    for a, b in zip(before, after):
        assert (a["created_at"], a["question"], a["metrics"]) == (b["created_at"], b["question"], b["metrics"])
        assert b["audio_path"].startswith(other["REHEARSE_HOME"] + "/recordings/")
        with open(a["audio_path"], "rb") as fa, open(b["audio_path"], "rb") as fb:
            assert fa.read() == fb.read()  # the very samples
    for ra, rb in zip(_reports(None, [1, 2]), _reports(other, [1, 2])):
        ra.pop("history"), rb.pop("history")
        assert ra["audio"]["path"] != rb["audio"]["path"]
        ra["audio"].pop("path"), rb["audio"].pop("path")
        assert ra == rb
    assert_private(tmp_path / "other-machine")
    # The restored recording belongs to the new home: `delete` removes it there.
    ok("delete", "2", "--yes", env=other)
    assert not os.path.exists(after[1]["audio_path"])


def test_json_export_round_trips_and_imports_once(filled_home, tmp_path):
    dump = tmp_path / "all.json"
    ok("export", "--format", "json", "-o", str(dump))
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    other = {"REHEARSE_HOME": str(tmp_path / "elsewhere")}
    ok("import", str(dump), env=other)
    ok("import", str(dump), env=other)
    assert _reports(None, [1, 2]) == _reports(other, [1, 2])  # exact, audio paths included
    assert len(_history(other)) == 2
    stdout_dump = json.loads(ok("export", "--format", "json").stdout)  # the same data on stdout
    assert stdout_dump == json.loads(dump.read_text())


@pytest.mark.parametrize("content, needle", [(b"not json at all", "not JSON"),
                                             (b'{"a": 1}', "expected a list"),
                                             (b"PK\x05\x06" + b"\0" * 18, "without rehearsals.json")])
def test_import_of_something_else_is_one_line(tmp_path, content, needle):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    done = run_cli("import", str(bad))
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and needle in done.stderr, done.stderr


def test_forget_asks_then_removes_everything_and_says_what(filled_home, tmp_path):
    home = filled_home
    env = {"REHEARSE_MODELS": str(home / "models")}  # a pip install keeps models in the home
    (home / "models" / "base").mkdir(parents=True)
    (home / "models" / "base" / "model.bin").write_bytes(b"\0" * 1000)
    (home / "questions.txt").write_text("My own question?\n")
    (home / "voice").mkdir(mode=0o700)  # the interviewer's spoken questions
    (home / "voice" / "0123abcd.wav").write_bytes(b"RIFF" + b"\0" * 100)
    (home / "recordings" / "2025-01-02_090000_hi.wav").write_bytes(b"RIFF" + b"\0" * 100)

    no = run_cli("forget", input="n\n", env=env)
    assert no.returncode == 0 and "Nothing removed." in no.stdout
    assert "Remove 2 recording file(s)" in no.stdout and "the history (2 rehearsal(s))" in no.stdout
    assert len(_history(None)) == 2

    done = ok("forget", "--yes", env=env)
    assert ("Removed 2 recording file(s) (0.6 MB), the history (2 rehearsal(s): 1 database "
            "file(s)) and 2 cache(s): voice, base.") in done.stdout, done.stdout
    assert "Kept (not made by rehearse): questions.txt" in done.stdout
    assert not list((home / "recordings").iterdir())
    assert not [p for p in home.iterdir() if p.name.startswith("history.sqlite3")]
    assert not (home / "models" / "base").exists() and not (home / "voice").exists()
    assert (home / "questions.txt").is_file()
    assert "No rehearsals yet." in ok("history").stdout
    assert "Nothing to forget" in ok("forget", "--yes", env=env).stdout


def test_forget_leaves_a_recording_in_progress_alone(home):
    from rehearse.capture.recording_file import PartialWav

    (home).mkdir(mode=0o700)
    live = PartialWav(home / "recordings" / "now", sr=16000, meta={"question": "Hi?"})
    try:
        done = ok("forget", "--yes")
        assert "still recording into it" in done.stderr
        assert live.path.exists() and live.meta_path.exists()
    finally:
        live.discard()


def test_forget_refuses_while_a_studio_runs_then_forgets_once_it_stops(filled_home):
    """A studio may be analysing an upload or reporting a recording, saved when it finishes:
    forget must not unlink the history under it (the page would say "saved" over nothing)."""
    pytest.importorskip("starlette", reason="the studio needs its extra")
    from devtools.browser import Studio

    home = filled_home
    before = sorted(p.name for p in (home / "recordings").iterdir())
    studio = Studio(env={"REHEARSE_HOME": str(home), "HF_HUB_OFFLINE": "1"})
    try:
        refused = run_cli("forget", "--yes")
        assert refused.returncode != 0 and "Traceback" not in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
        assert "a studio is running" in refused.stderr and "Nothing removed" in refused.stderr
        assert len(_history(None)) == 2
        assert sorted(p.name for p in (home / "recordings").iterdir()) == before
    finally:
        studio.close()
    assert studio.proc.returncode is not None
    done = ok("forget", "--yes")
    assert f"Removed {len(before)} recording file(s)" in done.stdout and "Kept" not in done.stdout
    assert not (home / "studio.lock").exists() and not list((home / "recordings").iterdir())


def test_forget_waits_for_a_save_and_refuses_while_another_rehearse_keeps_the_history_open(filled_home):
    """A CLI ``analyze`` or ``record`` saving in the moment ``forget`` removes the database
    would write its rehearsal into the removed file. ``forget`` takes the history for itself
    first: while another process has it open it waits, then refuses, removing nothing."""
    import subprocess
    import sys

    home = filled_home
    before = sorted(p.name for p in (home / "recordings").iterdir())
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom rehearse.history import open_store\n"
         "store = open_store()\nprint('open', flush=True)\nsys.stdin.read()\nstore.close()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        refused = run_cli("forget", "--yes")
        assert refused.returncode != 0 and "Traceback" not in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
        assert "another rehearse has the history open" in refused.stderr
        assert len(_history(None)) == 2
        assert sorted(p.name for p in (home / "recordings").iterdir()) == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    done = ok("forget", "--yes")
    assert f"Removed {len(before)} recording file(s)" in done.stdout
    assert not (home / "history.sqlite3").exists()
    assert len(_history(None)) == 0  # a new, empty history opens afterwards
