"""Score the content coach on its labelled sets, and time it on a 3-minute answer.

    .venv/bin/python benchmarks/content.py [--errors]

Sets (benchmarks/data/content/): points.json (talking point, answer) pairs; structure.json
answers with one label a sentence; heldout.json more of both, written after the method was
tuned on the first two: round 1 was then looked at (a few general rules came of its errors),
round 2 was written after that, and round 3 after the last change to the point matcher. Reports points precision and recall (target both
>= 0.90), structure sentence accuracy, missing-part detection, trailing-off detection, and
the milliseconds content analysis adds to a report next to the existing transcript measures
(rambling) timed in the same run (target < 50 ms for a 3-minute answer).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # devtools/ lives beside rehearse/

from devtools.text_words import split_sentences, timed_words  # noqa: E402
from rehearse.coach.content import analyse_content  # noqa: E402
from rehearse.coach.points import match_points  # noqa: E402
from rehearse.coach.structure import label_sentences, question_kind  # noqa: E402
from rehearse.speech import Transcript  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "content"
STAR_LABELS = {"S": "situation", "T": "task", "A": "action", "R": "result", "O": "other"}
REQUIRED = {"behavioural": ("situation", "action", "result"), "about_you": ("now", "past", "future"),
            "motivation": ("now", "past", "future")}


def sentences_of(text_sentences: list[str]):
    return Transcript(timed_words(text_sentences), "en", "text").sentences()


def score_points(answers: dict, pairs: list[dict], *, show: bool) -> dict:
    counts = Counter()
    by_kind = Counter()
    cache = {k: sentences_of(split_sentences(v)) for k, v in answers.items()}
    for p in pairs:
        got = match_points([p["point"]], cache[p["answer"]])[0]
        truth = p["covered"]
        counts[(truth, got.covered)] += 1
        by_kind[(p["kind"], truth == got.covered)] += 1
        if show and truth != got.covered:
            print(f"  {'missed' if truth else 'false '} [{p['kind']}] {p['point']!r} ({got.confidence}) "
                  f"<- {got.quote!r}")
    tp, fp, fn = counts[(True, True)], counts[(False, True)], counts[(True, False)]
    return {"pairs": len(pairs), "covered": sum(p["covered"] for p in pairs),
            "precision": round(tp / max(tp + fp, 1), 3), "recall": round(tp / max(tp + fn, 1), 3),
            "by_kind": {k: f"{by_kind[(k, True)]}/{by_kind[(k, True)] + by_kind[(k, False)]}"
                        for k in sorted({k for k, _ in by_kind})}}


def score_structure(answers: list[dict], *, show: bool) -> dict:
    right = total = 0
    missing_truth = missing_found = false_missing = present_truth = 0
    trail_tp = trail_fp = trail_fn = 0
    for a in answers:
        kind = question_kind(a["question"])
        if kind != a["kind"]:
            print(f"  {a['id']}: question kind {kind!r}, labelled {a['kind']!r}")
        texts = [t for _, t in a["sentences"]]
        gold = [STAR_LABELS.get(lab, lab) for lab, _ in a["sentences"]]
        pred = label_sentences(texts, kind)
        for g, p, t in zip(gold, pred, texts):
            total += 1
            right += g == p
            if show and g != p:
                print(f"  {a['id']}: {g} -> {p}: {t}")
        for part in REQUIRED[a["kind"]]:
            if part not in gold:
                missing_truth += 1
                missing_found += part not in pred
            else:
                present_truth += 1
                false_missing += part not in pred
        content = analyse_content(sentences_of(texts), question=a["question"])
        trails = gold[-1] == "other" and len(gold) > 1
        trail_tp += trails and content.ending.trails_off
        trail_fn += trails and not content.ending.trails_off
        trail_fp += (not trails) and content.ending.trails_off
        if show and trails != content.ending.trails_off:
            print(f"  {a['id']}: trailing off {trails}, found {content.ending.trails_off}")
    return {"answers": len(answers), "sentences": total, "sentence_accuracy": round(right / total, 3),
            "missing_parts": missing_truth,
            "missing_called_missing": round(missing_found / max(missing_truth, 1), 3),
            "present_called_missing": round(false_missing / max(present_truth, 1), 3),
            "trailing_off": f"{trail_tp} found, {trail_fn} missed, {trail_fp} false"}


def timing(structure: list[dict], *, runs: int = 30) -> dict:
    """Content analysis of a 3-minute answer (about 450 words at 150 wpm) with five points,
    beside the rambling measures on the same words."""
    from rehearse.coach import lexicon
    from rehearse.measure.rambling import measure_rambling

    texts: list[str] = []
    for a in structure:
        texts += [t for _, t in a["sentences"]]
        if sum(len(t.split()) for t in texts) >= 450:
            break
    words = timed_words(texts)
    sentences = Transcript(words, "en", "text").sentences()
    points = ["led a team of four", "cut routing from 6 h to 40 min", "mentoring",
              "daily stand-ups", "revenue up 40%"]
    question = "Tell me about a time you had to meet a tight deadline."

    def clock(fn) -> float:
        fn()  # the first call compiles the regular expressions: timed apart, in a fresh process
        times = []
        for _ in range(runs):
            for cached in (lexicon.stem, lexicon.raw_tokens, lexicon.content_tokens):
                cached.cache_clear()  # a report analyses new sentences: no cache hits
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return statistics.median(times) * 1000

    content_ms = clock(lambda: analyse_content(sentences, question=question, points=points))
    rambling_ms = clock(lambda: measure_rambling(words, sentences, length_s=words[-1].end_s,
                                                 word_count=len(words), filler_indices=set()))
    return {"words": len(words), "answer_s": round(words[-1].end_s), "content_ms": round(content_ms, 2),
            "rambling_ms (baseline)": round(rambling_ms, 2), "first_call_ms": _first_call_ms()}


def _first_call_ms() -> float:
    """Import of the content coach and its first call on a short answer, in a fresh process
    that has already imported what `rehearse analyze` had by then (words, rambling): what one
    report pays once (modules imported, regular expressions compiled)."""
    import subprocess

    code = ("import time; from rehearse.speech import Word; import rehearse.measure.rambling; "
            "t = time.perf_counter(); from rehearse.coach.content import analyse_content; "
            "analyse_content([(Word('I', 0, 0.2, 1), Word('led.', 0.2, 0.5, 1))], "
            "question='Tell me about a time you led', points=['led a team']); "
            "print((time.perf_counter() - t) * 1000)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return round(float(out.stdout), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--errors", action="store_true", help="List every wrong call.")
    args = ap.parse_args()
    points = json.loads((DATA / "points.json").read_text())
    structure = json.loads((DATA / "structure.json").read_text())["answers"]
    held = json.loads((DATA / "heldout.json").read_text())
    print("points (points.json):")
    print(" ", score_points(points["answers"], points["pairs"], show=args.errors))
    for n in (1, 2, 3):
        print(f"points (heldout.json, round {n}):")
        print(" ", score_points(held["answers"], [p for p in held["pairs"] if p["round"] == n], show=args.errors))
    print("structure (structure.json):")
    print(" ", score_structure(structure, show=args.errors))
    for n in (1, 2):
        print(f"structure (heldout.json, round {n}):")
        print(" ", score_structure([a for a in held["structure"] if a["round"] == n], show=args.errors))
    print("timing:")
    print(" ", timing(structure))


if __name__ == "__main__":
    main()
