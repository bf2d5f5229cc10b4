"""Disk full while recording, for real: a 128-kB tmpfs mounted on the recordings folder (as
root), and the file size limit (RLIMIT_FSIZE, anywhere). The recorder must stop cleanly, keep
every sample it wrote as a valid WAV, say how much it kept and why, exit with code 4, and
leave the history as it was."""

from __future__ import annotations

import hashlib
import re
import resource
import subprocess

import pytest
import soundfile as sf

from tests.conftest import run_cli
from tests.test_record import MATCH_DB, SR, Recording, _align, _residual_db, mic  # noqa: F401

BYTES_PER_S = SR * 2  # 16-bit mono at the virtual microphone's rate
KEPT = re.compile(r"Error: (.+): recording stopped \(kept (\d+\.\d) s in (.+\.wav)\)")


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _record_until_full(mic, fed, *args, **kw) -> tuple[str, float, object, Recording]:
    mic.wait_done()  # what an earlier test fed has played out: the file holds this answer only
    rec = Recording(mic, "--max-seconds", "40", "--no-countdown", "-q", "Is the disk full?",
                    *args, **kw)
    rec.wait_started()
    mic.wait_done()
    mic.play(fed)
    rc = rec.wait(timeout=60)
    assert rc == 4, rec.stderr
    m = KEPT.search(rec.stderr)
    assert m, rec.stderr
    assert "Traceback" not in rec.stderr
    from pathlib import Path

    return m.group(1), float(m.group(2)), Path(m.group(3)), rec


def _assert_kept_whole(path, kept_s: float, capacity_bytes: int, fed) -> None:
    info = sf.info(str(path))
    assert info.samplerate == SR and info.format == "WAV"
    assert path.stat().st_size == 44 + info.frames * 2  # the header tells the truth
    assert info.frames / SR == pytest.approx(kept_s, abs=0.06)
    print(f"\nkept {info.frames / SR:.3f} s; room for {capacity_bytes / BYTES_PER_S:.3f} s")
    # Everything that fitted was kept, to the last whole sample.
    assert info.frames * 2 >= capacity_bytes - 2, (info.frames, capacity_bytes)
    assert not list(path.parent.glob("*.partial.*"))
    recorded, _ = sf.read(str(path), dtype="float32")
    lag = _align(recorded, fed[: SR])
    n = len(recorded) - lag
    assert n > SR // 2 and _residual_db(recorded[lag:], fed[:n]) < MATCH_DB  # the samples as fed


@pytest.fixture
def fed(answer):
    y, sr = sf.read(str(answer[0]), dtype="float32")
    assert sr == SR
    return y[: 8 * SR]  # more than either disk holds; short, so the next test waits less


@pytest.fixture
def small_disk(home):
    """A 128-kB tmpfs on the recordings folder; the history stays on the ordinary disk."""
    recordings = home / "recordings"
    recordings.mkdir(parents=True, mode=0o700)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128k,mode=0700", "tmpfs",
                           str(recordings)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'not root'}); "
                    "the RLIMIT_FSIZE test covers the same path")
    try:
        yield recordings, 128 * 1024
    finally:
        subprocess.run(["umount", "-l", str(recordings)], check=False)


def test_disk_full_keeps_what_was_written(mic, fed, answer, home, small_disk):
    seeded = run_cli("analyze", str(answer[0]), "-q", "Earlier answer")
    assert seeded.returncode == 0, seeded.stderr
    db = home / "history.sqlite3"
    before = _digest(db)
    why, kept_s, path, rec = _record_until_full(mic, fed)
    assert why == "the disk is full"
    assert f"Recorded {kept_s:.1f} s (the disk is full: recording stopped)" in rec.stderr
    # tmpfs counts whole 4-kB pages: one holds the note beside the recording.
    _assert_kept_whole(path, kept_s, small_disk[1] - 4096 - 44, fed)
    assert _digest(db) == before  # the history is untouched
    assert not db.with_name(db.name + "-wal").exists()
    listing = run_cli("history", "--json")
    assert listing.returncode == 0 and listing.stdout.count('"created_at"') == 1


def test_file_size_limit_keeps_what_was_written(mic, fed, home):
    limit = 200_000  # bytes (6 s); rehearse itself must turn SIGXFSZ into a clean stop

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    why, kept_s, path, _ = _record_until_full(mic, fed, "--no-analyze", preexec_fn=small_files)
    assert why == "the file size limit (ulimit -f) is reached"
    _assert_kept_whole(path, kept_s, limit - 44, fed)
    assert not (home / "history.sqlite3").exists()
