"""Private by construction: every file and folder rehearse creates is its owner's alone.

The real entry point runs in a child process under a permissive umask (000, then the usual
022); afterwards every entry of the data directory must be 0700 (folders) or 0600 (files).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.test_record import Recording, mic  # noqa: F401  (mic: the virtual microphone fixture)

UMASKS = (0o000, 0o022)


def run_with_umask(umask: int, *args: str, env: dict | None = None, timeout: float = 300,
                   input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rehearse", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=timeout,
                          input=input, preexec_fn=lambda: os.umask(umask))


def modes(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (itself included) and its permission bits, in octal."""
    out = {".": oct(stat.S_IMODE(root.stat().st_mode))}
    for p in sorted(root.rglob("*")):
        out[str(p.relative_to(root))] = oct(stat.S_IMODE(p.lstat().st_mode))
    return out


def assert_private(root: Path, *, expect: tuple[str, ...] = ()) -> dict[str, str]:
    found = modes(root)
    for name in expect:
        assert name in found, (name, found)
    wrong = {name: mode for name, mode in found.items()
             if mode != (oct(0o700) if (root / name).is_dir() else oct(0o600))}
    assert not wrong, f"not owner-only: {wrong}"
    return found


@pytest.mark.parametrize("umask", UMASKS, ids=["umask000", "umask022"])
def test_analyze_and_chart_create_only_private_files(umask, answer, home):
    done = run_with_umask(umask, "analyze", str(answer[0]), "--json", "-q", "Why this job?")
    assert done.returncode == 0, done.stderr
    assert "private" not in done.stderr  # nothing needed tightening: it was made private
    assert_private(home, expect=("history.sqlite3",))
    chart = home / "progress.png"
    done = run_with_umask(umask, "progress", "--chart", str(chart))
    assert done.returncode == 0 and "private" not in done.stderr, done.stderr
    assert_private(home, expect=("progress.png",))
    # The -wal and -shm files exist only while a connection is open: hold one, made by
    # rehearse under the same umask, and look.
    holder = subprocess.Popen(
        [sys.executable, "-c", "from rehearse.history import open_store\n"
         "s = open_store(); s.rehearsals(); print('open', flush=True); input()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, preexec_fn=lambda: os.umask(umask))
    try:
        assert holder.stdout.readline().strip() == "open"
        assert_private(home, expect=("history.sqlite3-wal", "history.sqlite3-shm"))
    finally:
        holder.communicate("\n", timeout=30)


def test_a_wide_data_directory_is_tightened_once_with_a_notice(home, tmp_path):
    (home / "recordings").mkdir(parents=True)
    os.chmod(home, 0o755)
    os.chmod(home / "recordings", 0o775)
    take = home / "recordings" / "old.wav"
    take.write_bytes(b"RIFF")
    os.chmod(take, 0o644)
    elsewhere = tmp_path / "not-ours.txt"  # reached through a link: never changed
    elsewhere.write_text("x")
    os.chmod(elsewhere, 0o644)
    (home / "link").symlink_to(elsewhere)

    first = run_cli("history")
    assert first.returncode == 0, first.stderr
    notice = [ln for ln in first.stderr.splitlines() if "private" in ln]
    assert len(notice) == 1 and str(home) in notice[0] and "755 -> 700" in notice[0], first.stderr
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "recordings").stat().st_mode) == 0o700
    assert stat.S_IMODE(take.stat().st_mode) == 0o600
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o644

    second = run_cli("history")
    assert second.returncode == 0 and "private" not in second.stderr  # told once


@pytest.mark.parametrize("umask", UMASKS, ids=["umask000", "umask022"])
def test_record_creates_only_private_files(umask, mic, home):
    old = os.umask(umask)  # the child inherits it
    try:
        rec = Recording(mic, "--max-seconds", "3", "--no-analyze", "--no-countdown",
                        "-q", "What is your greatest weakness?")
    finally:
        os.umask(old)
    rec.wait_started()
    time.sleep(1.0)
    # While recording: the growing WAV and the note beside it.
    assert_private(home, expect=("recordings",))
    assert len(list((home / "recordings").glob("*.partial.wav"))) == 1
    assert len(list((home / "recordings").glob("*.partial.json"))) == 1
    assert rec.wait(timeout=30) == 0, rec.stderr
    assert "private" not in rec.stderr
    found = assert_private(home)
    assert [n for n in found if n.endswith(".wav")] and not [n for n in found if "partial" in n]


def test_delete_leaves_no_trace_of_the_answer_in_the_database_files(home):
    """Deleted means gone: not left in SQLite's free pages or its write-ahead log."""
    from rehearse.history import open_store

    def report(question: str, words: str) -> dict:
        return {"created_at": "2025-01-01T10:00:00+00:00", "question": question,
                "audio": {"path": "/x.wav", "duration_s": 60.0}, "model": "tiny.en",
                "transcript": {"text": words}}

    with open_store() as store:
        kept = store.save(report("Why this job?", "an ordinary answer " * 50))
        gone = store.save(report("Tell me about Zanzibar-Quokka", "my secret salary Vorpal-Frabjous " * 50))
        assert store.delete(gone)
        raw = b"".join(p.read_bytes() for p in home.glob("history.sqlite3*"))
        assert b"Vorpal-Frabjous" not in raw and b"zanzibar-quokka" not in raw.lower()
        assert b"an ordinary answer" in raw and store.get(kept) is not None


def test_the_interviewers_spoken_question_cache_is_private(home):
    """`rehearse interview` keeps each question's speech (your own questions too) as a WAV."""
    import numpy as np

    from rehearse.speech.voice import _write_atomic, cache_path

    old = os.umask(0)
    try:
        path = cache_path("Why did you leave your last job?")
        _write_atomic(path, np.zeros(1600, np.float32), 16000)
    finally:
        os.umask(old)
    assert path.is_file()
    assert_private(home, expect=("voice", f"voice/{path.name}"))


def test_a_studio_session_creates_only_private_files(mic, answer, home):
    """Under umask 000: the studio's upload, its recording (checked while it records), the
    history it writes and a `show --html` export into the data directory, all owner-only."""
    httpx = pytest.importorskip("httpx", reason="the studio tests need httpx")
    pytest.importorskip("starlette", reason="the studio needs its extra")
    import soundfile as sf

    from devtools.browser import Studio
    from tests.test_record import SR
    from tests.test_studio_http import wait_job

    y, sr = sf.read(str(answer[0]), dtype="float32")
    assert sr == SR
    old = os.umask(0)  # the studio inherits it
    try:
        studio = Studio(env={"REHEARSE_HOME": str(home), "HF_HUB_OFFLINE": "1", **mic.env})
    finally:
        os.umask(old)
    try:
        with httpx.Client(base_url=studio.base, timeout=120) as client:
            client.get(studio.url[len(studio.base):])  # the token becomes a cookie
            same_site = {"origin": studio.base}
            res = client.post("/api/analyze", params={"filename": "mine.wav", "question": "Why?"},
                              content=answer[0].read_bytes(), headers=same_site)
            assert wait_job(client, res.json()["id"])["state"] == "done"
            assert_private(home, expect=("recordings", "history.sqlite3"))
            mic.wait_done()
            started = client.post("/api/record/start", headers=same_site, json={
                "question": "What is your greatest weakness?", "device": "pulse", "max_seconds": 8})
            assert started.status_code == 200, started.text
            time.sleep(0.5)
            mic.play(y[: 4 * SR])
            found = assert_private(home)  # while recording: the growing WAV and its note
            assert [n for n in found if n.endswith(".partial.wav")], found
            assert [n for n in found if n.endswith(".partial.json")], found
            mic.wait_done()
            stopped = client.post("/api/record/stop", headers=same_site)
            assert stopped.status_code == 200, stopped.text
            rid = stopped.json()["rehearsal_id"]
    finally:
        studio.close()
    done = run_with_umask(0o000, "show", str(rid), "--html", str(home / "shared.html"))
    assert done.returncode == 0, done.stderr
    found = assert_private(home, expect=("shared.html",))
    assert len([n for n in found if n.endswith(".wav")]) == 2, found
    assert not [n for n in found if "partial" in n or ".upload-" in n], found
