"""`rehearse analyze` end to end: real synthesized speech, the real model, the real entry point."""

import json

import pytest

from tests.conftest import run_cli

EDGE_TOLERANCE_S = 0.05

REQUIRED_KEYS = [
    "schema_version", "audio.path", "audio.duration_s", "model", "transcript.text",
    "transcript.words", "word_count", "pace.wpm", "pace.articulation_wpm", "pauses.items",
    "pauses.longest_s", "pauses.response_latency_s", "fillers.items", "fillers.count",
    "fillers.per_minute", "rambling", "delivery", "feedback",
]


@pytest.fixture(scope="module")
def report(answer):
    path, _ = answer
    proc = run_cli("analyze", str(path), "--json", "--question", "Tell me about yourself")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _get(doc, dotted):
    for key in dotted.split("."):
        doc = doc[key]
    return doc


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_json_has_documented_keys(report, key):
    _get(report, key)


def test_json_word_fields(report):
    words = report["transcript"]["words"]
    assert words, "no words transcribed"
    for w in words:
        assert set(w) >= {"text", "start_s", "end_s", "probability"}
        assert 0 <= w["start_s"] <= w["end_s"] <= report["audio"]["duration_s"] + 0.01
        assert 0 <= w["probability"] <= 1
    for p in report["pauses"]["items"]:
        assert set(p) >= {"start_s", "end_s", "duration_s", "kind"}
    for f in report["fillers"]["items"]:
        assert set(f) >= {"text", "start_s", "end_s", "source"}


def test_pauses_match_the_inserted_silences(report, answer):
    _, truth = answer
    expected = [(a, b) for a, b in truth["pauses"] if b - a >= 0.25]
    found = [(p["start_s"], p["end_s"]) for p in report["pauses"]["items"]]
    assert len(found) == len(expected), (found, expected)
    for (ta, tb), (fa, fb) in zip(expected, found):
        assert fa == pytest.approx(ta, abs=EDGE_TOLERANCE_S)
        assert fb == pytest.approx(tb, abs=EDGE_TOLERANCE_S)
    longest = max(b - a for a, b in expected)
    assert report["pauses"]["longest_s"] == pytest.approx(longest, abs=2 * EDGE_TOLERANCE_S)
    assert report["pauses"]["response_latency_s"] == pytest.approx(truth["speech_start_s"], abs=EDGE_TOLERANCE_S)


def test_filler_found_at_its_time(report, answer):
    _, truth = answer
    fillers = report["fillers"]["items"]
    hesitations = [f for f in fillers if f["text"] in {"um", "uh", "er", "ah", "hmm", "erm"}]
    assert len(hesitations) == len(truth["fillers"])
    for (start, end, kind), f in zip(truth["fillers"], hesitations):
        assert f["text"] == kind
        assert abs(f["start_s"] - start) < 0.2 or abs((f["start_s"] + f["end_s"]) / 2 - (start + end) / 2) < 0.2


def test_words_and_pace(report, answer):
    _, truth = answer
    assert report["word_count"] == pytest.approx(truth["word_count"], abs=1)
    span_min = (truth["speech_end_s"] - truth["speech_start_s"]) / 60
    assert report["pace"]["wpm"] == pytest.approx(truth["word_count"] / span_min, rel=0.05)
    assert report["pace"]["articulation_wpm"] > report["pace"]["wpm"]
    # "I would like to keep doing" is a verb, not a filler.
    assert not [f for f in report["fillers"]["items"] if f["text"] == "like"]


def test_feedback_is_ranked_and_evidenced(report):
    tips = report["feedback"]
    assert 1 <= len(tips) <= 3
    assert [t["severity"] for t in tips] == sorted((t["severity"] for t in tips), reverse=True)
    # The 2.5 s stop is the most striking problem in this answer, or the short length.
    assert {t["metric"] for t in tips} & {"pauses", "length"}


def test_terminal_report_marks_pauses_and_fillers(answer, report):
    path, _ = answer
    proc = run_cli("analyze", str(path))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    longest = max(p["duration_s"] for p in report["pauses"]["items"])
    assert f"[{longest:.1f}\u00a0s]" in out, out
    assert "What to work on" in out and "Metrics" in out
    assert "\x1b[" not in out  # no colour codes when piped


def test_help_lists_commands_and_every_command_has_help():
    proc = run_cli("--help")
    assert proc.returncode == 0
    for name in ("analyze", "models", "where"):
        assert name in proc.stdout
    for name in ("analyze", "models", "where"):
        sub = run_cli(name, "--help")
        assert sub.returncode == 0 and len(sub.stdout.splitlines()) > 3


def test_models_lists_the_bundled_default():
    proc = run_cli("models", "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    default = doc["models"][0]
    assert default["name"].startswith("tiny.en") and default["status"] == "installed"


def test_where_honours_rehearse_home(home):
    proc = run_cli("where")
    assert proc.stdout.strip() == str(home)


def test_a_held_filler_stands_between_the_pauses_around_it():
    # The bundled answer holds an "um" with a pause either side (37.1-37.6 s, 38.2-38.7 s),
    # and Whisper times its "Um," at the next word: shown by the word's time, both pauses
    # came before it ("late. [0.5 s] [0.5 s] Um, I rewrote").
    import re
    from pathlib import Path

    sample = Path(__file__).resolve().parent.parent / "recordings" / "tell-me-about-yourself.wav"
    proc = run_cli("analyze", str(sample), "--no-save")
    assert proc.returncode == 0, proc.stderr
    text = " ".join(line.strip("│ ") for line in proc.stdout.splitlines())
    assert "late. [0.5\u00a0s] Um, [0.5\u00a0s] I rewrote" in text, text
    assert not re.search(r"\[\d+\.\d\u00a0s\]\s+\[\d+\.\d\u00a0s\]", text), text
