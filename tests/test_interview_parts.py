"""The pieces of `rehearse interview` that need no sound card: the end of an answer on
signals whose right answer is known by construction, the follow-up rules, the session's
patterns, the question plan, the voice cache, the sessions schema."""

from __future__ import annotations

import json
import random
import sqlite3

import numpy as np
import pytest

from rehearse.capture.end_of_answer import EndOfAnswer
from rehearse.capture.sound_card import Block
from rehearse.coach.followups import answer_facts, lacking
from rehearse.coach.questions import CURVEBALL_GROUP, FOLLOW_UPS, OPENING, interview_questions
from rehearse.coach.session import AnswerLine, _patterns

SR = 16000
BLOCK = 800  # 50 ms, as the capture delivers


def _feed(detector: EndOfAnswer, y: np.ndarray) -> float | None:
    """Feed ``y`` block by block; the time (s) at which the answer was over, or None."""
    pcm = (np.clip(y, -1, 1) * 32767).astype(np.int16)
    for i in range(0, len(pcm), BLOCK):
        detector(Block(pcm[i:i + BLOCK], i, SR, 0.0))
        if detector.over:
            return (i + BLOCK) / SR
    return None


def _talk(seconds: float, rng) -> np.ndarray:
    """Syllable-like bursts of a 150-Hz buzz at about -14 dBFS, ending in the middle of one."""
    t = np.arange(int(seconds * SR)) / SR
    voice = 0.2 * np.sign(np.sin(2 * np.pi * 150 * t)) * (np.cos(2 * np.pi * 2.5 * t) > -0.3)
    return (voice + rng.normal(0, 0.001, len(t))).astype(np.float32)


def _room(seconds: float, rng) -> np.ndarray:
    return rng.normal(0, 0.001, int(seconds * SR)).astype(np.float32)  # -60 dBFS hiss


@pytest.mark.parametrize("end_silence_s", [1.0, 3.0])
def test_an_answer_ends_after_its_silence(end_silence_s):
    rng = np.random.default_rng(0)
    y = np.concatenate([_room(1.0, rng), _talk(12.0, rng), _room(end_silence_s + 2.0, rng)])
    over = _feed(EndOfAnswer(end_silence_s=end_silence_s), y)
    last_sound = 1.0 + 12.0  # the buzz is on at the end of the talk
    assert over == pytest.approx(last_sound + end_silence_s, abs=0.15)


def test_a_pause_before_ten_seconds_of_speech_does_not_end_it():
    rng = np.random.default_rng(1)
    y = np.concatenate([_room(0.5, rng), _talk(6.0, rng), _room(4.0, rng), _talk(5.0, rng),
                        _room(4.0, rng)])
    detector = EndOfAnswer(end_silence_s=3.0)
    over = _feed(detector, y)
    assert over == pytest.approx(0.5 + 6 + 4 + 5 + 3.0, abs=0.15)  # the second silence


@pytest.mark.parametrize("what", ["room tone", "digital silence", "a click a second"])
def test_no_speech_never_ends_an_answer(what):
    rng = np.random.default_rng(2)
    y = _room(20.0, rng) if what != "digital silence" else np.zeros(20 * SR, np.float32)
    if what == "a click a second":
        y[::SR] = 0.9
    detector = EndOfAnswer(end_silence_s=1.0)
    assert _feed(detector, y) is None and detector.speech_s == 0.0


@pytest.mark.parametrize("text, reason", [
    ("We planned the work together and we split it up, and our team shipped it on time.", "only we"),
    ("I think communication matters a lot to me and I always try to be clear with people.", "no example"),
    ("Last year I led a migration of our billing system to a new database with my team.", "no result"),
    ("Last year I led the migration, and it cut our costs by 30 percent in three months.", None),
])
def test_what_an_answer_lacked(text, reason):
    assert lacking(answer_facts(text)) == reason
    assert reason is None or reason in FOLLOW_UPS


def _line(n, *, length_s, fillers, severity=0.0, tip=None):
    return AnswerLine(n, "question", f"Question {n}?", n, True, length_s, 140.0, fillers, tip, severity)


def test_patterns_fillers_rising_answers_longer_and_the_worst_question():
    lines = (_line(1, length_s=40, fillers=1.0), _line(2, length_s=45, fillers=1.5),
             _line(3, length_s=70, fillers=3.5, severity=2.5, tip="You used 9 filler words."),
             _line(4, length_s=80, fillers=4.0, severity=1.0, tip="Slow down."))
    found = {p.kind: p.message for p in _patterns(lines)}
    assert set(found) == {"fillers rising", "answers longer", "worst question"}
    assert "from 1.2 to 3.8 a minute" in found["fillers rising"]
    assert "from 42 s to 75 s" in found["answers longer"]
    assert "answer 3" in found["worst question"] and "9 filler words" in found["worst question"]


def test_a_steady_session_has_no_trend():
    lines = (_line(1, length_s=60, fillers=2.0), _line(2, length_s=62, fillers=2.4))
    assert _patterns(lines) == ()


def test_the_question_plan():
    rng = random.Random(4)
    plan = interview_questions(5, rng=rng)
    assert len({q.text for q in plan}) == 5 and plan[0].text == OPENING
    odd = interview_questions(4, group="motivation", curveball=True, rng=rng)
    assert [q.group for q in odd].count(CURVEBALL_GROUP) == 1 and odd[0].group == "motivation"
    assert all(q.group in ("motivation", CURVEBALL_GROUP) for q in odd)


def test_interview_rejects_an_unknown_group():
    from tests.conftest import run_cli

    proc = run_cli("interview", "--group", "astrology", "--no-voice")
    assert proc.returncode == 2 and proc.stderr.startswith("Error: no question group 'astrology'")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_the_voice_is_synthesised_once_then_read_from_the_cache(home):
    from rehearse.speech import voice

    first = voice.speak("What was the outcome?")
    again = voice.speak("What was the outcome?")
    assert not first.cached and again.cached and voice.is_cached("What was the outcome?")
    assert voice.cache_path("What was the outcome?").parent == home / "voice"
    assert 0.6 < again.duration_s < 3.0 and again.sr == first.sr
    assert np.abs(again.y - first.y).max() < 2 / 32768  # the cache holds the same speech (16-bit)


def test_sessions_migration_keeps_every_rehearsal(home):
    from rehearse.history import open_store
    from rehearse.history.migrations import MIGRATIONS

    home.mkdir(parents=True)
    path = home / "history.sqlite3"
    db = sqlite3.connect(path)
    for migrate in MIGRATIONS[:3]:
        migrate(db)
    db.execute("PRAGMA user_version = 3")
    report = {"speech_found": True, "pace": {"wpm": 130.0}, "question": "Why?"}
    db.execute("INSERT INTO rehearsals (created_at, question, audio_path, duration_s, model, "
               "report_json) VALUES ('2026-01-01T00:00:00+00:00', 'Why?', '/a.wav', 3, 'tiny.en', ?)",
               (json.dumps(report),))
    db.commit()
    db.close()
    with open_store() as store:
        old = store.rehearsals()
        sid = store.start_session(kind="interview", started_at="2026-01-02T00:00:00+00:00", settings={})
        rid = store.save({**report, "created_at": "2026-01-02T00:00:01+00:00", "audio": {}},
                         session_id=sid, session_role="follow-up")
        store.finish_session(sid, finished_at="2026-01-02T00:01:00+00:00", ended="completed")
        (session,) = store.sessions()
        kept = store.rehearsals(session_id=sid)
    assert [(r.question, r.session_id) for r in old] == [("Why?", None)]
    assert (session.answer_count, session.ended) == (1, "completed")
    assert [(r.id, r.session_role) for r in kept] == [(rid, "follow-up")]
