"""The rehearsal history: a real SQLite file in the temporary data home, the real entry point."""

from __future__ import annotations

import copy
import json
import signal
import sqlite3
import struct
import subprocess
import sys
import time

import numpy as np
import pytest

from conftest import run_cli

QUESTION = "Tell me about yourself"


@pytest.fixture(scope="module")
def analysed(answer, tmp_path_factory) -> tuple[dict, object]:
    """One real `rehearse analyze` of the synthesized answer (it saves): (its JSON, its home)."""
    home = tmp_path_factory.mktemp("analysed") / "home"
    done = run_cli("analyze", str(answer[0]), "--json", "-q", QUESTION,
                   env={"REHEARSE_HOME": str(home), "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), home


@pytest.fixture(scope="module")
def report(analysed) -> dict:
    """The report dict of that analysis, without its history block."""
    return {k: v for k, v in analysed[0].items() if k != "history"}


def variant(report: dict, n: int, *, question: str | None = QUESTION, fillers_per_min=None,
            wpm=None, text=None, audio=None) -> dict:
    """A copy of the real report, dated ``n`` minutes after a fixed start, with some changes."""
    r = copy.deepcopy(report)
    r["created_at"] = f"2025-01-01T10:{n:02d}:00+00:00"
    r["question"] = question
    if fillers_per_min is not None:
        r["fillers"]["per_minute"] = fillers_per_min
    if wpm is not None:
        r["pace"]["wpm"] = wpm
    if text is not None:
        r["transcript"]["text"] = text
    if audio is not None:
        r["audio"]["path"] = str(audio)
    return r


def seed(*reports: dict) -> list[int]:
    from rehearse.history import open_store

    with open_store() as store:
        return [store.save(r) for r in reports]


def ok(*args, **kw) -> subprocess.CompletedProcess:
    done = run_cli(*args, **kw)
    assert done.returncode == 0, done.stderr
    return done


# Saving every report, comparing with history


def test_analyze_saves_the_rehearsal(analysed, answer):
    data, home = analysed
    assert data["history"] == {"rehearsal_id": 1, "earlier_count": 0, "same_question_count": 0,
                               "metrics": []}
    env = {"REHEARSE_HOME": str(home)}
    (row,) = json.loads(ok("history", "--json", env=env).stdout)["rehearsals"]
    assert row["id"] == 1 and row["question_key"] == "tell me about yourself"
    assert row["metrics"]["fillers_per_min"] == data["fillers"]["per_minute"]
    assert row["metrics"]["wpm"] == data["pace"]["wpm"]
    assert row["audio_path"] == str(answer[0].resolve())
    stored = json.loads(ok("show", "1", "--json", env=env).stdout)
    assert stored == data


def test_every_report_compares_with_your_usual(report, home, capsys):
    from rehearse.commands.output import keep_and_show
    from rehearse.report import from_dict

    seed(*(variant(report, i, fillers_per_min=f) for i, f in enumerate((4.0, 5.0, 4.3))))
    keep_and_show(from_dict(dict(report, question=QUESTION + "?")), as_json=True, save=True)
    data = json.loads(capsys.readouterr().out)
    assert set(report) <= set(data), "existing JSON keys must stay"
    h = data["history"]
    assert h["rehearsal_id"] == 4 and h["earlier_count"] == 3 and h["same_question_count"] == 3
    fillers = next(m for m in h["metrics"] if m["metric"] == "fillers_per_min")
    assert fillers["usual"] == pytest.approx(4.3)
    assert fillers["best"] == pytest.approx(4.0)
    assert fillers["versus_usual"] == ("better" if data["fillers"]["per_minute"] < 4.25 else "worse")

    text = ok("show", "4").stdout
    assert "Saved as rehearsal 4. Against your history (3 earlier rehearsals, 3 of this question)" in text
    assert "your usual" in text and "4.3/min" in text


def test_no_save_keeps_nothing(report, home, capsys):
    from rehearse.commands.output import keep_and_show
    from rehearse.report import from_dict

    keep_and_show(from_dict(report), as_json=True, save=False)
    assert json.loads(capsys.readouterr().out)["history"]["rehearsal_id"] is None
    assert not (home / "history.sqlite3").exists()


def test_failed_analysis_writes_nothing(home, tmp_path):
    bad = tmp_path / "not-audio.wav"
    bad.write_text("this is not a recording")
    done = run_cli("analyze", str(bad))
    assert done.returncode != 0
    assert not (home / "history.sqlite3").exists()


def test_interrupted_analysis_writes_nothing(answer, tmp_path, home):
    import soundfile as sf

    # The 19-s answer is analysed in about 1.7 s on an idle machine; four times over it takes
    # several seconds, so the interrupt lands while loading or transcribing.
    y, sr = sf.read(answer[0], dtype="float32")
    long_answer = tmp_path / "long.wav"
    sf.write(long_answer, np.tile(y, 4), sr)
    proc = subprocess.Popen([sys.executable, "-m", "rehearse", "analyze", str(long_answer)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert not (home / "history.sqlite3").exists()


def test_no_speech_is_not_saved(report, home, capsys):
    from rehearse.commands.output import keep_and_show
    from rehearse.report import from_dict
    from rehearse.history import open_store

    silent = dict(copy.deepcopy(report), speech_found=False, pace=None, pauses=None, fillers=None,
                  rambling=None, delivery=None, feedback=[], encouragement=[])
    keep_and_show(from_dict(silent), as_json=True, save=True)
    with open_store() as store:
        assert store.rehearsals() == []


# The commands


def test_history_lists_and_filters_by_question(report):
    seed(variant(report, 1), variant(report, 2, question="Why this job?"),
         variant(report, 3, question="tell me, ABOUT yourself!"))
    text = ok("history").stdout
    assert "Why this job?" in text and "Rehearsals (3)" in text
    rows = json.loads(ok("history", "--question", "Tell me about yourself", "--json").stdout)
    assert [r["id"] for r in rows["rehearsals"]] == [1, 3]
    assert "No rehearsals of" in ok("history", "-q", "never asked").stdout


def test_history_on_an_empty_home_says_so(home):
    assert "No rehearsals yet" in ok("history").stdout


def test_show_rerenders_the_stored_report_without_the_model(report):
    from rehearse.report import to_json
    from rehearse.report import from_dict

    assert json.loads(to_json(from_dict(report))) == report
    seed(variant(report, 1))
    data = json.loads(ok("show", "1", "--json").stdout)
    assert {k: v for k, v in data.items() if k != "history"} == variant(report, 1)
    assert data["history"]["earlier_count"] == 0
    text = ok("show", "1").stdout
    assert "dashboard" in text and "Metrics" in text
    probe = ("import sys; from rehearse.cli import main; sys.argv = ['rehearse', 'show', '1'];\n"
             "try: main()\nexcept SystemExit: pass\n"
             "assert 'faster_whisper' not in sys.modules and 'librosa' not in sys.modules")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    missing = run_cli("show", "99")
    assert missing.returncode == 2 and "no rehearsal 99" in missing.stderr


def test_compare_defaults_to_the_last_two_attempts_of_one_question(report):
    text = report["transcript"]["text"]
    seed(variant(report, 1, fillers_per_min=5.0, wpm=190.0),
         variant(report, 2, question="Why this job?"),
         variant(report, 3, fillers_per_min=2.0, wpm=150.0,
                 text=text.replace("dashboard", "report") + " Thank you."),
         variant(report, 4, question=None))
    data = json.loads(ok("compare", "--json").stdout)
    assert (data["a"]["id"], data["b"]["id"]) == (1, 3)
    verdicts = {m["metric"]: m for m in data["metrics"]}
    assert verdicts["fillers_per_min"]["verdict"] == "better"
    assert verdicts["fillers_per_min"]["change"] == pytest.approx(-3.0)
    assert verdicts["wpm"]["verdict"] == "better"  # 190 -> 150 moves into 120-160
    changed = [p for p in data["diff"] if p["op"] != "equal"]
    assert {"op": "replace", "a": "dashboard", "b": "report"} in changed
    assert any(p["op"] == "insert" and p["b"] == "Thank you." for p in changed)

    back = json.loads(ok("compare", "3", "1", "--json").stdout)
    assert {m["metric"]: m["verdict"] for m in back["metrics"]}["fillers_per_min"] == "worse"
    out = ok("compare", "1", "3").stdout
    assert "better" in out and "[-dashboard-]" in out and "{+report+}" in out
    assert run_cli("compare", "1").returncode == 2


def test_compare_needs_two_rehearsals(report):
    seed(variant(report, 1))
    done = run_cli("compare")
    assert done.returncode == 2 and "only one" in done.stderr


def test_progress_trends_bests_and_sparklines(report):
    fillers = [6.0, 5.0, 5.5, 4.0, 3.0, 2.5]
    seed(*(variant(report, i, fillers_per_min=f) for i, f in enumerate(fillers)),
         variant(report, 9, question="Why this job?", fillers_per_min=9.0))
    data = json.loads(ok("progress", "--question", QUESTION, "--json").stdout)
    assert data["rehearsals"] == 6
    f = next(m for m in data["metrics"] if m["metric"] == "fillers_per_min")
    assert [p["value"] for p in f["series"]] == fillers
    assert f["best"] == 2.5 and f["best_id"] == 6
    assert f["median_last_five"] == pytest.approx(4.0)
    assert f["trend"] == "improving"
    assert len(f["sparkline"]) == 6 and f["sparkline"][0] == "█" and f["sparkline"][-1] == "▁"
    assert f["target"] == [0.0, 3.0]
    assert "Progress over 7 rehearsals" in ok("progress").stdout


def test_progress_chart_is_a_real_png(report, tmp_path):
    import numpy as np
    from matplotlib.image import imread

    from rehearse.history.chart import DPI, PANEL_HEIGHT_IN, WIDTH_IN
    from rehearse.history.metrics import KEY_METRICS, extract

    seed(*(variant(report, i, fillers_per_min=f, wpm=w)
           for i, (f, w) in enumerate(((5.0, 180.0), (3.0, 165.0), (2.0, 150.0)))))
    png = tmp_path / "progress.png"
    done = ok("progress", "--chart", str(png))
    assert f"Chart written to {png}" in done.stdout
    panels = sum(m.name in extract(report) for m in KEY_METRICS)
    width, height = struct.unpack(">II", png.read_bytes()[16:24])  # the IHDR chunk
    assert (width, height) == (WIDTH_IN * DPI, PANEL_HEIGHT_IN * DPI * panels)
    pixels = imread(png)[..., :3]
    assert pixels.std() > 0.05, "blank chart"
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 20
    blue = (pixels[..., 2] > 0.6) & (pixels[..., 0] < 0.3)
    assert blue.sum() > 100, "no data line drawn"


def test_delete_removes_the_entry_and_its_recording_only(report, home, tmp_path):
    from rehearse.home import private_dir, recordings_dir

    private_dir(recordings_dir())
    ours = recordings_dir() / "take-1.wav"
    other_take = recordings_dir() / "take-2.wav"
    theirs = tmp_path / "my-own-file.wav"
    for f in (ours, other_take, theirs):
        f.write_bytes(b"RIFF")
    seed(variant(report, 1, audio=ours), variant(report, 2, audio=theirs),
         variant(report, 3, audio=other_take))

    kept = run_cli("delete", "1", input="n\n")
    assert kept.returncode == 0 and "Nothing deleted" in kept.stdout
    assert ours.exists()
    done = ok("delete", "1", input="y\n")
    assert "and its audio" in done.stdout
    assert not ours.exists() and other_take.exists() and theirs.exists()
    ok("delete", "2", "--yes")
    assert theirs.exists(), "audio outside the recordings folder is the user's own"
    assert [r["id"] for r in json.loads(ok("history", "--json").stdout)["rehearsals"]] == [3]
    assert run_cli("delete", "1", "--yes").returncode == 2


def test_export_csv_and_json(report):
    import csv
    import io

    seed(variant(report, 1), variant(report, 2, question="Why, this job?"))
    rows = list(csv.DictReader(io.StringIO(ok("export", "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[1]["question"] == "Why, this job?"
    assert float(rows[0]["wpm"]) == report["pace"]["wpm"]
    full = json.loads(ok("export", "--format", "json").stdout)
    assert full[0]["report"] == variant(report, 1)


def test_every_command_has_help():
    for name in ("history", "show", "compare", "progress", "delete", "export"):
        done = ok(name, "--help")
        assert "Usage:" in done.stdout and len(done.stdout.splitlines()) > 3


# Reliability


def test_migration_from_the_first_schema_keeps_data(report, home):
    from rehearse.history import extract
    from rehearse.history.migrations import MIGRATIONS
    from rehearse.history import open_store

    home.mkdir(parents=True, mode=0o700)  # private, as rehearse makes it
    path = home / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO rehearsals (created_at, question, audio_path, duration_s, model, "
               "report_json) VALUES (?, ?, ?, ?, ?, ?)",
               ("2024-06-01T09:00:00+00:00", "Tell me about YOURSELF.", "/old/take.wav", 12.5,
                "tiny.en", json.dumps(report)))
    db.close()

    with open_store() as store:
        (old,) = store.rehearsals(with_reports=True)
        assert old.question_key == "tell me about yourself"
        assert old.metrics == pytest.approx(extract(report))
        assert old.report == report and old.audio_path == "/old/take.wav"
        new_id = store.save(variant(report, 1))
        assert new_id == 2
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    check.close()
    linked = json.loads(ok("history", "-q", QUESTION, "--json").stdout)["rehearsals"]
    assert [r["id"] for r in linked] == [1, 2]


def test_a_database_from_a_newer_rehearse_is_refused(home):
    home.mkdir(parents=True, mode=0o700)  # private, as rehearse makes it
    db = sqlite3.connect(home / "history.sqlite3")
    db.execute("PRAGMA user_version = 99")
    db.close()
    done = run_cli("history")
    assert done.returncode == 5 and "newer rehearse" in done.stderr


def test_two_processes_writing_at_once_both_succeed(report, home, tmp_path):
    (tmp_path / "report.json").write_text(json.dumps(report))
    start = time.time() + 1.5  # both start writing at the same moment, on a database not yet made
    writer = (
        "import json, sys, time\n"
        "from rehearse.history.store import open_store\n"
        f"report = json.load(open({str(tmp_path / 'report.json')!r}))\n"
        f"time.sleep(max(0, {start} - time.time()))\n"
        "for i in range(25):\n"
        "    with open_store() as store:\n"
        "        store.save(dict(report, question=sys.argv[1] + str(i)))\n")
    procs = [subprocess.Popen([sys.executable, "-c", writer, name], stderr=subprocess.PIPE, text=True)
             for name in ("first", "second")]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    rows = json.loads(ok("history", "--json").stdout)["rehearsals"]
    assert len(rows) == 50 and len({r["id"] for r in rows}) == 50
    assert sum(r["question"].startswith("first") for r in rows) == 25


def test_a_corrupt_database_gives_one_line_naming_the_file(report, home, capsys):
    home.mkdir(parents=True, mode=0o700)  # private, as rehearse makes it
    path = home / "history.sqlite3"
    path.write_bytes(b"this is not a database, just some bytes " * 100)
    done = run_cli("history")
    assert done.returncode == 5
    assert done.stderr.count("\n") == 1 and str(path) in done.stderr and "damaged" in done.stderr

    # A report is still shown, then saving fails with the same kind of line.
    from rehearse.commands.output import keep_and_show
    from rehearse.errors import StoreError
    from rehearse.report import from_dict

    with pytest.raises(StoreError, match="damaged"):
        keep_and_show(from_dict(report), as_json=True, save=True)
    assert "fillers" in json.loads(capsys.readouterr().out)


def test_an_unwritable_folder_gives_one_line_naming_the_file(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    home = blocker / "home"
    done = run_cli("history", env={"REHEARSE_HOME": str(home)})
    assert done.returncode == 5 and done.stderr.count("\n") == 1
    assert str(home / "history.sqlite3") in done.stderr


def test_a_database_locked_past_the_timeout_names_the_file(report, home):
    from rehearse.errors import StoreError
    from rehearse.history import open_store

    open_store().close()
    holder = sqlite3.connect(home / "history.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        t0 = time.monotonic()
        with pytest.raises(StoreError, match="locked") as err:
            with open_store(timeout_s=0.3) as store:
                store.save(report)
        assert 0.25 < time.monotonic() - t0 < 5
        assert str(home / "history.sqlite3") in str(err.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# Pure parts


def test_question_keys_link_attempts():
    from rehearse.history.metrics import normalise_question as key

    assert key("Tell me about yourself?") == key("  tell me ABOUT   yourself ") == key("Tell me, about yourself!")
    assert key("Why this job?") != key("Tell me about yourself")
    assert key(None) is None and key("?!") is None


@pytest.mark.parametrize("before, after, verdict", [
    (190, 150, "better"),  # into the band
    (100, 130, "better"),
    (130, 150, "same"),  # both inside
    (150, 175, "worse"),
    (175, 100, "worse"),  # 15 above -> 20 below
])
def test_pace_is_better_when_it_moves_into_the_target(before, after, verdict):
    from rehearse.history.metrics import BY_NAME, judge

    assert judge(BY_NAME["wpm"], before, after, (120, 160)) == verdict


def test_trend_and_sparkline():
    from rehearse.history.metrics import BY_NAME
    from rehearse.history.progress import sparkline, trend

    fillers, pitch = BY_NAME["fillers_per_min"], BY_NAME["pitch_variation_st"]
    assert trend(fillers, [5, 4, 3, 2], None) == "improving"
    assert trend(fillers, [2, 3, 4, 5], None) == "worsening"
    assert trend(fillers, [3, 3.05, 2.98, 3.0], None) == "steady"
    assert trend(pitch, [2, 3, 4], None) == "improving"
    assert trend(fillers, [5, 4], None) == "too few rehearsals"
    assert trend(BY_NAME["wpm"], [130, 140, 150], (120, 160)) == "on target"
    assert trend(BY_NAME["wpm"], [200, 180, 165], (120, 160)) == "improving"
    assert sparkline([1, 2, 3]) == "▁▅█" and sparkline([2, 2]) == "▅▅"
