"""kill -9 at random moments (3 each of analyze and record, 2 of the studio while recording;
benchmarks/crash.py does 20 each), two `record`s at once and the studio with a `record`, and
history files from every schema version, earlier and newer."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3

import pytest
import soundfile as sf

from benchmarks.crash import crash_analyze, crash_record, crash_studio, summary
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


def test_kill_9_of_the_studio_while_recording_loses_nothing(mic, short_answer, tmp_path):
    """The next CLI command repairs what the studio was recording; the history is intact."""
    pytest.importorskip("httpx", reason="the studio tests need httpx")
    pytest.importorskip("starlette", reason="the studio needs its extra")
    outcomes = crash_studio(tmp_path, mic, short_answer[1], runs=2, rng=random.Random(7),
                            audio=short_answer[0], only_while_recording=True)
    print("\n" + summary(outcomes))
    assert not [o.problems for o in outcomes if o.problems]
    assert all(o.repaired and o.kept_s > 0.1 for o in outcomes), outcomes


def test_two_records_at_once_are_both_saved_unmixed(mic, short_answer, home):
    from tests.test_record import MATCH_DB, _align, _residual_db

    y = short_answer[1]
    mic.wait_done()
    args = ("--max-seconds", "6", "--no-countdown", "--json", "-q", "Why this job?")
    recs = [Recording(mic, *args), Recording(mic, *args)]  # same question, same second
    for rec in recs:
        rec.wait_started()
    mic.play(y)
    reports = []
    for rec in recs:
        assert rec.wait(timeout=180) == 0, rec.stderr
        reports.append(json.loads(rec.stdout))
    paths = [r["audio"]["path"] for r in reports]
    assert len(set(paths)) == 2, paths
    listing = json.loads(run_cli("history", "--json").stdout)["rehearsals"]
    assert sorted(r["audio_path"] for r in listing) == sorted(paths)
    assert {r["history"]["rehearsal_id"] for r in reports} == {1, 2}
    assert not list((home / "recordings").glob("*.partial.*"))
    for report in reports:
        recorded, sr = sf.read(report["audio"]["path"], dtype="float32")
        assert report["audio"]["duration_s"] == pytest.approx(len(recorded) / sr, abs=0.01)
        lag = _align(recorded, y)
        n = min(len(y), len(recorded) - lag)
        assert n > 2 * SR and _residual_db(recorded[lag:lag + n], y[:n]) < MATCH_DB


def test_studio_and_a_record_at_once_are_both_saved_unmixed(mic, short_answer, home):
    """An upload to the studio and a CLI `record`, same question, started together."""
    httpx = pytest.importorskip("httpx", reason="the studio tests need httpx")
    pytest.importorskip("starlette", reason="the studio needs its extra")
    from devtools.browser import Studio
    from tests.test_record import MATCH_DB, _align, _residual_db
    from tests.test_studio_http import wait_job

    y = short_answer[1]
    question = "Why this job?"
    studio = Studio(env={"REHEARSE_HOME": str(home), "HF_HUB_OFFLINE": "1"})
    try:
        with httpx.Client(base_url=studio.base, timeout=120) as client:
            client.get(studio.url[len(studio.base):])  # the token becomes a cookie
            mic.wait_done()
            rec = Recording(mic, "--max-seconds", "6", "--no-countdown", "--json", "-q", question)
            rec.wait_started()
            res = client.post("/api/analyze", params={"filename": "answer.wav", "question": question},
                              content=short_answer[0].read_bytes(), headers={"origin": studio.base})
            mic.play(y)
            job = wait_job(client, res.json()["id"])
            assert rec.wait(timeout=180) == 0, rec.stderr
            assert job["state"] == "done", job
            uploaded = client.get(f"/rehearsals/{job['rehearsal_id']}.json").json()
    finally:
        studio.close()
    recorded = json.loads(rec.stdout)
    paths = [uploaded["audio"]["path"], recorded["audio"]["path"]]
    assert len(set(paths)) == 2 and all(question in r["question"] for r in (uploaded, recorded))
    listing = json.loads(run_cli("history", "--json").stdout)["rehearsals"]
    assert sorted(r["audio_path"] for r in listing) == sorted(paths)
    assert {r["id"] for r in listing} == {job["rehearsal_id"], recorded["history"]["rehearsal_id"]}
    leftovers = [p.name for p in (home / "recordings").iterdir() if p.name.startswith(".")
                 or "partial" in p.name]
    assert not leftovers
    assert open(paths[0], "rb").read() == short_answer[0].read_bytes()  # the upload, as sent
    audio, sr = sf.read(paths[1], dtype="float32")
    assert recorded["audio"]["duration_s"] == pytest.approx(len(audio) / sr, abs=0.01)
    lag = _align(audio, y)
    n = min(len(y), len(audio) - lag)
    assert n > 2 * SR and _residual_db(audio[lag:lag + n], y[:n]) < MATCH_DB


@pytest.fixture(scope="module")
def stored_report(short_answer, tmp_path_factory):
    home = tmp_path_factory.mktemp("one") / "home"
    done = run_cli("analyze", str(short_answer[0]), "--json", "-q", "Tell me about yourself",
                   env={"REHEARSE_HOME": str(home)})
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    report.pop("history")
    return report


def _history_at(path, version: int, report: dict) -> None:
    """A history file as rehearse at schema ``version`` left it, holding one rehearsal."""
    from rehearse.history.migrations import MIGRATIONS

    db = sqlite3.connect(path, isolation_level=None)
    for n, migrate in enumerate(MIGRATIONS[:version], 1):
        migrate(db)
        db.execute(f"PRAGMA user_version = {n}")
        if n == 1:
            db.execute("INSERT INTO rehearsals (created_at, question, audio_path, duration_s, "
                       "model, report_json) VALUES (?, ?, ?, ?, ?, ?)",
                       (report["created_at"], report["question"], report["audio"]["path"],
                        report["audio"]["duration_s"], report["model"], json.dumps(report)))
    db.close()


def _every_earlier_version():
    from rehearse.history.migrations import MIGRATIONS

    return list(range(len(MIGRATIONS)))


@pytest.mark.parametrize("version", _every_earlier_version())
def test_a_history_from_every_earlier_version_opens_and_migrates(version, stored_report, home):
    from rehearse.history import extract
    from rehearse.history.migrations import MIGRATIONS

    home.mkdir(parents=True, mode=0o700)
    _history_at(home / "history.sqlite3", version, stored_report)
    listing = run_cli("history", "--json")
    assert listing.returncode == 0, listing.stderr
    rows = json.loads(listing.stdout)["rehearsals"]
    if version == 0:  # an empty file: becomes a new, empty history
        assert rows == []
    else:
        (row,) = rows
        assert row["question_key"] == "tell me about yourself"
        assert row["metrics"] == pytest.approx(extract(stored_report))
        shown = json.loads(run_cli("show", "1", "--json").stdout)
        shown.pop("history")
        assert shown == stored_report
    db = sqlite3.connect(home / "history.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_a_history_from_a_newer_rehearse_is_refused_untouched(stored_report, home):
    from rehearse.history.migrations import MIGRATIONS

    home.mkdir(parents=True, mode=0o700)
    path = home / "history.sqlite3"
    _history_at(path, len(MIGRATIONS), stored_report)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.execute("CREATE TABLE from_the_future (x)")
    db.commit()
    db.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for args in (("history",), ("show", "1"), ("progress",), ("export",)):
        done = run_cli(*args)
        assert done.returncode == 5, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "is from a newer rehearse" in lines[0]
        assert f"schema {len(MIGRATIONS) + 1}, this one knows {len(MIGRATIONS)}" in lines[0]
        assert "was not changed" in lines[0]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in home.iterdir()) == ["history.sqlite3"]  # no -wal, no -shm
