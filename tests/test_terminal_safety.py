"""No user text reaches the terminal with its control characters intact, nor is read as markup.

A question holding an escape sequence, a bell and a bidi override goes through every command
that prints it; the output must hold none of them (shown as visible escapes instead), and rich
markup in it ("[bold]") must print literally.
"""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys

import pytest

from tests.conftest import run_cli
from tests.test_record import Recording, mic  # noqa: F401  (mic: the virtual microphone fixture)

QUESTION = "Hi\x1b[31m [bold]x[/] \a\u202eok"
SHOWN = "Hi\\x1b[31m [bold]x[/] \\x07\\u202eok"  # what the terminal must show instead
SHOWN_PARTS = SHOWN.split()  # a table may wrap the question at its spaces
UNSAFE = ("\x1b", "\a", "\u202e", "\x9b", "\r", "\b")


def assert_safe(proc: subprocess.CompletedProcess, *, shown: bool = True) -> None:
    for stream in (proc.stdout, proc.stderr):
        leaked = [ch for ch in UNSAFE if ch in stream]
        assert not leaked, (leaked, stream)
    assert "Traceback" not in proc.stderr
    if shown:
        for part in SHOWN_PARTS:
            assert part in proc.stdout + proc.stderr, proc.stdout + proc.stderr


def test_clean_shows_controls_and_keeps_letters():
    from rehearse.report.render.safe import clean, json_text

    assert clean(QUESTION) == SHOWN
    assert clean("a\nb\tc\r\n") == "a\\x0ab c\\x0d\\x0a"
    assert clean("a\r\nb", newlines=True) == "a\nb"
    rtl_emoji = "למה המשרה הזאת? \U0001f469\u200d\U0001f4bb ¿Por qué?"  # ZWJ emoji stays whole
    assert clean(rtl_emoji) == rtl_emoji
    assert clean("\x9b31m\u2066x\u2069") == "\\x9b31m\\u2066x\\u2069"
    assert json.loads(json_text(json.dumps(QUESTION + "\x9b", ensure_ascii=False))) == QUESTION + "\x9b"
    assert "\u202e" not in json_text(json.dumps(QUESTION, ensure_ascii=False))


@pytest.fixture(scope="module")
def hostile_home(answer, tmp_path_factory):
    """A history holding two attempts at the hostile question, one analysed for real."""
    home = tmp_path_factory.mktemp("hostile") / "home"
    env = {"REHEARSE_HOME": str(home)}
    # The audio file's name is hostile too: it is printed in the report header.
    take = home.parent / "take\x1b[2J\a.wav"
    shutil.copy(answer[0], take)
    # So are its talking points, printed in the report's points table.
    done = run_cli("analyze", str(take), "-q", QUESTION, "--points", QUESTION + "; led a team", env=env)
    assert done.returncode == 0, done.stderr
    assert_safe(done)
    assert "Talking points" in done.stdout
    assert "take\\x1b[2J\\x07.wav" in done.stdout
    first = json.loads(run_cli("show", "1", "--json", env=env).stdout)
    assert first["question"] == QUESTION  # stored exactly; only its display is made safe
    code = ("import json, sys\nfrom rehearse.history import open_store\n"
            "r = json.loads(sys.stdin.read()); r.pop('history')\n"
            "r['created_at'] = '2030-01-01T00:00:00+00:00'\n"
            "r['transcript']['text'] = r['transcript']['text'] + ' \\x1b]0;pwned\\x07 more'\n"
            "with open_store() as s: s.save(r)\n")
    seeded = subprocess.run([sys.executable, "-c", code], input=json.dumps(first), text=True,
                            capture_output=True, env={**os.environ, **env}, timeout=60)
    assert seeded.returncode == 0, seeded.stderr
    return env


@pytest.mark.parametrize("args", [("points",), ("points", QUESTION), ("points", QUESTION, "--json")])
def test_talking_points_print_them_safely(hostile_home, args):
    done = run_cli(*args, env=hostile_home)
    assert done.returncode == 0, done.stderr
    assert_safe(done, shown=args[-1] != "--json")


def test_mock_interview_views_print_it_safely(hostile_home, tmp_path):
    """A session whose question is the hostile one (an own question from questions.txt)."""
    import shutil

    home = tmp_path / "home"
    shutil.copytree(hostile_home["REHEARSE_HOME"], home)
    env = {"REHEARSE_HOME": str(home)}
    code = ("from rehearse.history import open_store\n"
            "with open_store() as s:\n"
            "    r = s.get(1).report\n"
            "    sid = s.start_session(kind='interview', started_at=r['created_at'], settings={})\n"
            "    s.save(r, session_id=sid, session_role='question')\n"
            "    s.finish_session(sid, finished_at=r['created_at'], ended='completed')\n")
    seeded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, **env}, timeout=60)
    assert seeded.returncode == 0, seeded.stderr
    listed = run_cli("history", "--sessions", env=env)
    assert listed.returncode == 0, listed.stderr
    assert_safe(listed, shown=False)
    shown = run_cli("show", "--session", "1", env=env)
    assert shown.returncode == 0, shown.stderr
    assert_safe(shown)


@pytest.mark.parametrize("args", [("history",), ("show", "1"), ("show", "2"), ("compare",),
                                  ("progress",), ("progress", "-q", QUESTION),
                                  ("history", "-q", QUESTION + "\x1b[0m?"), ("export",),
                                  ("export", "--format", "json"), ("history", "--json"),
                                  ("delete", "2")])
def test_every_history_command_prints_it_safely(hostile_home, args):
    done = run_cli(*args, env=hostile_home, input="n\n")
    assert done.returncode == 0, done.stderr
    # CSV to a pipe keeps the exact bytes (a file must round-trip); everything else is safe.
    if args == ("export",):
        assert QUESTION in done.stdout
        return
    assert_safe(done, shown=args not in (("progress",), ("export", "--format", "json"),
                                         ("history", "--json")))


def test_on_a_real_terminal_too(hostile_home):
    """Under a pty click strips nothing and rich draws colour: only ``clean`` stands between."""
    main, sub = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "rehearse", "history"], stdin=sub, stdout=sub,
                            stderr=sub, env={**os.environ, **hostile_home, "COLUMNS": "200"})
    os.close(sub)
    out = b""
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(30)
    os.close(main)
    text = out.decode()
    assert "Hi\\x1b[31m" in text and "Hi\x1b[31m" not in text
    assert "\a" not in text and "\u202e" not in text


def test_questions_file_lines_and_groups(home):
    home.mkdir(parents=True, mode=0o700)
    (home / "questions.txt").write_text(f"# mine\x1b]0;title\x07\n{QUESTION}\n", encoding="utf-8")
    done = run_cli("questions")
    assert done.returncode == 0, done.stderr
    assert_safe(done)
    assert "Mine\\x1b]0;title\\x07" in done.stdout


def test_questions_file_not_utf8_is_one_line(home):
    home.mkdir(parents=True, mode=0o700)
    (home / "questions.txt").write_bytes("Pourquoi ce poste ?\nQu'est-ce qui vous motive ? é\n".encode("latin-1"))
    for args in (("questions",), ("record", "--no-analyze", "--max-seconds", "1")):
        done = run_cli(*args)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "not UTF-8" in lines[0] and "line 2" in lines[0], done.stderr


def test_errors_quote_user_text_safely(tmp_path):
    missing = tmp_path / "gone\x1b[2J\a.wav"
    done = run_cli("analyze", str(missing))
    assert done.returncode == 2
    assert_safe(done, shown=False)
    assert "gone\\x1b[2J\\x07.wav: no such file" in done.stderr
    bad = run_cli("analyze", str(missing), "--target-wpm", "fast\x1b[5m")
    assert bad.returncode == 2 and "fast\\x1b[5m" in bad.stderr
    assert_safe(bad, shown=False)


def test_record_prints_the_question_safely(mic, home):
    rec = Recording(mic, "--max-seconds", "1", "--no-analyze", "--no-countdown", "-q", QUESTION)
    assert rec.wait(timeout=30) == 0, rec.stderr
    done = subprocess.CompletedProcess(rec.proc.args, 0, rec.stdout, rec.stderr)
    assert_safe(done)
    assert "Question: " + SHOWN in rec.stderr
