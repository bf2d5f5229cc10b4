"""How right are the numbers? Word count, pace, pauses and fillers against ground truth.

    .venv/bin/python benchmarks/accuracy.py --corpus ../shared/corpus --synthetic benchmarks/data/synthetic

Scoring (see docs/accuracy.md):
- word count and wpm: relative error; wpm is over the speech span (first to last word) and is
  compared with the manifest's ``wpm_speech_span``.
- pauses >= 0.3 s: a detected pause matches a true one when both edges are within 0.15 s;
  precision counts detected pauses >= 0.3 s (plus shorter ones that matched); the edge error
  is the mean absolute error of matched edges. Natural corpus items give two truths per pause
  (forced alignment and energy); a detection matches either, and the closer one sets the error.
  Where one reading reaches 0.3 s and the other does not, the truth itself is in doubt whether
  there is a pause (the manifest: "when the two disagree, trust neither"): such a pause is set
  aside, neither a miss when not found nor a false alarm when found, and counted apart.
  Synthetic truths are exact, but a pause within ``NEAR_LINE_S`` of 0.3 s is as likely
  measured on the other side of it as not: a true 0.28-s pause found as 0.31 s, or a true
  0.31-s one found as 0.28 s, is set aside too (neither found nor missed nor false), and
  counted apart. Scored strictly, the first would be a false alarm and the second a hit.
- fillers (hesitations: um, uh, er, hmm): a detection matches a true filler of the same kind
  (nasal: um/erm/hmm; open: uh/er/ah) when its midpoint lies within 0.2 s of the true span.
  Fillers the manifest names but does not time may excuse as many unmatched detections.

Transcripts are cached per (audio, model, decoding options) in ``benchmarks/.cache`` so that
changing the analysis re-scores in seconds; ``--fresh`` transcribes again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rehearse.measure import analyse  # noqa: E402
from rehearse.capture import load_audio  # noqa: E402
from rehearse.measure import compute_features  # noqa: E402
from rehearse.speech.transcribe import FILLER_PROMPT, TranscribeOptions  # noqa: E402
from rehearse.speech import Transcript, Word, load_model, resolve_model  # noqa: E402
from rehearse.pipeline import complete_transcript, heard_kinds  # noqa: E402
from rehearse.measure.analysis import kinds_in_doubt  # noqa: E402
from rehearse.measure.words import is_hesitation  # noqa: E402

CACHE = Path(__file__).parent / ".cache"
PAUSE_MIN_S = 0.3
PAUSE_TOL_S = 0.15
NEAR_LINE_S = 0.05  # a true pause this close to PAUSE_MIN_S, found on the line's other side, is set aside
FILLER_TOL_S = 0.2
NASAL = {"um", "erm", "uhm", "hmm", "hm", "mm"}
HESITATION_KINDS = {"um", "uh", "er", "erm", "ah", "hmm"}


def filler_class(kind: str) -> str:
    return "um" if kind in NASAL else "uh"


@dataclass
class Item:
    id: str
    path: Path
    word_count: int
    wpm_speech_span: float
    pauses: list[list[tuple[float, float]]]  # each true pause: its alternative (start, end)s
    fillers: list[tuple[float, float, str]]
    untimed_fillers: int = 0
    group: str = "corpus"
    doubtful_pauses: list[list[tuple[float, float]]] = field(default_factory=list)
    near_line_pauses: list[list[tuple[float, float]]] = field(default_factory=list)  # true, just under 0.3 s


@dataclass
class Score:
    id: str
    group: str
    word_count: int
    true_word_count: int
    wpm: float
    true_wpm: float
    pause_tp: int = 0
    pause_fp: int = 0
    pause_fn: int = 0
    pause_doubtful: int = 0  # true pauses whose two readings disagree on reaching 0.3 s: set aside
    pause_doubtful_found: int = 0
    pause_near_over: int = 0  # true pauses just under 0.3 s found just over it: set aside, strictly false alarms
    pause_near_under: int = 0  # true pauses just over 0.3 s found only just under it: set aside, strictly hits
    edge_errors_s: list[float] = field(default_factory=list)
    filler_tp: int = 0
    filler_fp: int = 0
    filler_fn: int = 0
    transcribe_s: float = 0.0
    repair_s: float = 0.0  # decoding uncovered sound again (rehearse.speech.coverage)
    redecoded: int = 0
    spliced: int = 0
    unclear: int = 0
    rechecked: int = 0  # short sounds decoded again alone: fillers only the signal found, run candidates
    held_words: int = 0  # of which decoded as a word
    stretched: int = 0  # stretches where a doubted word spans a pause, decoded again
    retimed: int = 0  # of which the decoding alone replaced the words
    reworded: int = 0  # stretches after an instant's hesitation decoded again without the prompt
    unprompted: int = 0  # of which the decoding replaced the words
    misplaced: int = 0  # regions with words in a row written at instants, decoded again
    rewritten: int = 0  # of which the decoding replaced the words
    kinds_heard: int = 0  # "um"s and "uh"s whose sound did not back their label, heard again alone
    relabelled: int = 0  # of which Whisper heard as the other kind
    believed: int = 0  # candidates decoded alone as words, read back for Whisper's belief in a hesitation
    believed_counted: int = 0  # of which counted ("believed" fillers)
    analyse_s: float = 0.0
    audio_s: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def wc_err(self) -> float:
        return abs(self.word_count - self.true_word_count) / max(self.true_word_count, 1)

    @property
    def wpm_err(self) -> float:
        return abs(self.wpm - self.true_wpm) / max(self.true_wpm, 1e-9)


# ---------------------------------------------------------------- ground truth


def load_corpus(folder: Path) -> list[Item]:
    manifest = json.loads((folder / "manifest.json").read_text())
    items = []
    for it in manifest["items"]:
        if it.get("inserted_pauses") or it.get("inserted_fillers"):
            pauses = [[(a, b)] for a, b in it["inserted_pauses"]]
            fillers = [(a, b, w) for a, b, w in it["inserted_fillers"]]
        else:
            pauses = [[(p[0], p[1]), (p[2], p[3])] for p in it["natural_pauses_ge_0_3_s"]]
            fillers = [(a, b, w) for a, b, w in it["natural_fillers_timed"]]
        # A pause counts when its readings reach 0.3 s; where only one of them does, whether
        # there is a pause at all is in doubt, and it is set aside.
        reaches = [[b - a >= PAUSE_MIN_S - 1e-6 for a, b in alts] for alts in pauses]
        doubtful = [alts for alts, r in zip(pauses, reaches) if any(r) and not all(r)]
        pauses = [alts for alts, r in zip(pauses, reaches) if all(r)]
        named = [w for w in it.get("fillers_in_transcript", []) if w in HESITATION_KINDS | NASAL]
        items.append(Item(it["id"], folder / it["file"], it["word_count"], it["wpm_speech_span"],
                          pauses, fillers, max(0, len(named) - len(fillers)), "corpus", doubtful))
    return items


def load_synthetic(folder: Path, group: str = "synthetic") -> list[Item]:
    items = []
    for truth_path in sorted(folder.glob("*.truth.json")):
        t = json.loads(truth_path.read_text())
        wav = truth_path.with_name(truth_path.name.replace(".truth.json", ".wav"))
        span_min = (t["speech_end_s"] - t["speech_start_s"]) / 60
        pauses = [[(a, b)] for a, b in t["pauses"] if b - a >= PAUSE_MIN_S - 1e-6]
        near = [[(a, b)] for a, b in t["pauses"] if PAUSE_MIN_S - NEAR_LINE_S <= b - a < PAUSE_MIN_S - 1e-6]
        items.append(Item(wav.stem, wav, t["word_count"], t["word_count"] / span_min, pauses,
                          [tuple(f) for f in t["fillers"]], 0, group, near_line_pauses=near))
    return items


# ---------------------------------------------------------------- transcription (cached)


def transcript_for(path: Path, y: np.ndarray, sr: int, *, model: str, options: TranscribeOptions,
                   fresh: bool = False) -> tuple[Transcript, float]:
    key = hashlib.sha1(y.tobytes()).hexdigest()[:16]
    tag = f"{model}-b{options.beam_size}-{'prompt' if options.initial_prompt else 'noprompt'}"
    cached = CACHE / tag / f"{path.stem}-{key}.json"
    if cached.is_file() and not fresh:
        d = json.loads(cached.read_text())
        words = tuple(Word(*w) for w in d["words"])
        return Transcript(words, d["language"], d["model"]), d["seconds"]
    from rehearse.speech import load_model, resolve_model
    from rehearse.speech.transcribe import transcribe

    choice = resolve_model(model)
    load_model(choice)  # loading is not transcription: keep it out of the timing
    t0 = time.perf_counter()
    tr = transcribe(y, sr=sr, model=choice, options=options)
    seconds = time.perf_counter() - t0
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps({"words": [[w.text, w.start_s, w.end_s, w.probability] for w in tr.words],
                                  "language": tr.language, "model": tr.model, "seconds": seconds}))
    return tr, seconds


# ---------------------------------------------------------------- scoring


def match_pauses(truth: list[list[tuple[float, float]]], found: list[tuple[float, float]], untimed: int = 0,
                 doubtful: list[list[tuple[float, float]]] = ()):
    """Greedy one-to-one matching, closest pairs first: (tp, fp, fn, edge errors in s).

    ``doubtful``: true pauses set aside; a detection left over that matches one is no false alarm.

    ``untimed``: fillers the transcript names but the alignment does not time. Each lies
    in one of the alignment's gaps, so one true pause per such filler holds its sound: a
    detection left over that shares one edge with a true pause left over and ends (or
    starts) inside it, where the filler's sound began, matches it on that edge.
    """
    pairs = []
    for i, alts in enumerate(truth):
        for j, (fa, fb) in enumerate(found):
            errs = [(abs(fa - a) + abs(fb - b)) / 2 for a, b in alts
                    if abs(fa - a) <= PAUSE_TOL_S and abs(fb - b) <= PAUSE_TOL_S]
            if errs:
                pairs.append((min(errs), i, j, [abs(fa - a) for a, b in alts], [abs(fb - b) for a, b in alts]))
    pairs.sort(key=lambda p: p[0])
    used_t, used_f, errors = set(), set(), []
    for err, i, j, *_ in pairs:
        if i in used_t or j in used_f:
            continue
        used_t.add(i)
        used_f.add(j)
        errors.append(err)
    for j, (fa, fb) in enumerate(found):
        if untimed <= 0 or j in used_f:
            continue
        for i, alts in enumerate(truth):
            edge = [min(abs(fa - a), abs(fb - b)) for a, b in alts if a - PAUSE_TOL_S <= fa < fb <= b + PAUSE_TOL_S
                    and min(abs(fa - a), abs(fb - b)) <= PAUSE_TOL_S]
            if i not in used_t and edge:
                used_t.add(i)
                used_f.add(j)
                errors.append(min(edge))
                untimed -= 1
                break
    left = [(a, b) for j, (a, b) in enumerate(found) if j not in used_f and b - a >= PAUSE_MIN_S]
    fp = len(left) - (match_pauses(doubtful, left)[0] if doubtful and left else 0)
    return len(used_t), fp, len(truth) - len(used_t), errors


def near_line(item: Item, found: list[tuple[float, float]]) -> tuple[int, int]:
    """(true pauses just under 0.3 s that a detection of 0.3 s or more matches, true pauses
    just over 0.3 s that only a detection under 0.3 s matches): both set aside."""
    over = [p for p in found if p[1] - p[0] >= PAUSE_MIN_S]
    under = [p for p in found if p[1] - p[0] < PAUSE_MIN_S]
    near_over = match_pauses(item.near_line_pauses, over)[0] if item.near_line_pauses and over else 0
    if item.group == "corpus":
        return near_over, 0  # natural truths: two readings, already set aside where they straddle the line
    just_over = [alts for alts in item.pauses if all(b - a < PAUSE_MIN_S + NEAR_LINE_S for a, b in alts)]
    near_under = sum(1 for alts in just_over
                     if not match_pauses([alts], over)[0] and under and match_pauses([alts], under)[0])
    return near_over, near_under


def match_fillers(truth: list[tuple[float, float, str]], found: list[tuple[float, float, str]],
                  untimed: int = 0):
    pairs = []
    for i, (a, b, k) in enumerate(truth):
        for j, (fa, fb, fk) in enumerate(found):
            mid = (fa + fb) / 2
            if filler_class(fk) == filler_class(k) and a - FILLER_TOL_S <= mid <= b + FILLER_TOL_S:
                pairs.append((abs(mid - (a + b) / 2), i, j))
    pairs.sort()
    used_t, used_f = set(), set()
    for _, i, j in pairs:
        if i not in used_t and j not in used_f:
            used_t.add(i)
            used_f.add(j)
    fp = max(0, len(found) - len(used_f) - untimed)
    return len(used_t), fp, len(truth) - len(used_t)


def score_item(item: Item, *, model: str, options: TranscribeOptions, fresh: bool = False,
               verbose: bool = False) -> Score:
    audio = load_audio(item.path)
    t0 = time.perf_counter()
    feats = compute_features(audio.y, sr=audio.sr)
    t_feat = time.perf_counter() - t0
    tr, t_tr = transcript_for(item.path, audio.y, audio.sr, model=model, options=options, fresh=fresh)
    choice = resolve_model(model)
    load_model(choice)  # loaded once; only decoding counts
    t0 = time.perf_counter()
    fixed = complete_transcript(audio.y, sr=audio.sr, feats=feats, transcript=tr,
                                choice=choice, options=options)
    t_rep = time.perf_counter() - t0
    tr = fixed.transcript
    t0 = time.perf_counter()
    res = analyse(feats, tr, unclear_s=fixed.unclear, rechecked=fixed.rechecked, believed=fixed.believed)
    t_an = t_feat + time.perf_counter() - t0
    t0 = time.perf_counter()
    doubted = kinds_in_doubt(res, feats) if res is not None else ()
    labelled = heard_kinds(res, audio.y, sr=audio.sr, feats=feats, choice=choice, options=options, language=tr.language)
    t_rep += time.perf_counter() - t0
    relabelled = sum(a.text != b.text for a, b in zip(res.fillers.items, labelled.fillers.items)) if res else 0
    res = labelled
    s = Score(item.id, item.group, 0, item.word_count, 0.0, item.wpm_speech_span,
              transcribe_s=t_tr, repair_s=t_rep, redecoded=fixed.redecoded, spliced=fixed.spliced,
              unclear=len(res.unclear) if res else len(fixed.unclear), rechecked=len(fixed.rechecked),
              held_words=sum(any(not is_hesitation(w.norm) for w in found) for _, _, found in fixed.rechecked),
              analyse_s=t_an, audio_s=audio.duration_s, stretched=fixed.stretched, retimed=fixed.retimed,
              reworded=fixed.reworded, unprompted=fixed.unprompted, misplaced=fixed.misplaced,
              rewritten=fixed.rewritten, kinds_heard=len(doubted), relabelled=relabelled,
              believed=len(fixed.believed),
              believed_counted=sum(f.source == "believed" for f in res.fillers.items) if res else 0)
    if fixed.stretched:
        s.notes.append(f"words over a pause decoded again {fixed.stretched}, replaced {fixed.retimed}")
    if fixed.reworded:
        s.notes.append(f"words after an instant's hesitation decoded again without the prompt {fixed.reworded}, "
                       f"replaced {fixed.unprompted}")
    if fixed.misplaced:
        s.notes.append(f"words written at instants decoded again {fixed.misplaced}, replaced {fixed.rewritten}")
    if relabelled:
        s.notes.append(f"kinds heard again {len(doubted)}, relabelled {relabelled}")
    if s.believed_counted:
        s.notes.append(f"believed {s.believed_counted} of {s.believed} read back")
    if fixed.redecoded:
        s.notes.append(f"decoded again {fixed.redecoded}, words from {fixed.spliced}")
    if s.held_words:
        s.notes.append(f"held words {s.held_words} of {s.rechecked} signal-only fillers")
    if res is not None and res.unclear:
        s.notes.append("unclear " + ", ".join(f"{a:.1f}-{b:.1f}" for a, b in res.unclear))
    if res is None:
        s.pause_fn, s.filler_fn, s.pause_doubtful = len(item.pauses), len(item.fillers), len(item.doubtful_pauses)
        s.notes.append("no speech found")
        return s
    s.word_count, s.wpm = res.word_count, res.pace.wpm
    found_p = [(p.start_s, p.end_s) for p in res.pauses.items]
    s.pause_tp, s.pause_fp, s.pause_fn, s.edge_errors_s = match_pauses(
        item.pauses, found_p, item.untimed_fillers, item.doubtful_pauses + item.near_line_pauses)
    s.pause_near_over, s.pause_near_under = near_line(item, found_p)
    s.pause_tp -= s.pause_near_under
    if s.pause_near_over or s.pause_near_under:
        s.notes.append(f"pauses near 0.3 s set aside: {s.pause_near_over} found over, {s.pause_near_under} under")
    s.pause_doubtful = len(item.doubtful_pauses)
    s.pause_doubtful_found = match_pauses(item.doubtful_pauses, found_p)[0] if item.doubtful_pauses else 0
    if s.pause_doubtful:
        s.notes.append(f"pauses in doubt set aside {s.pause_doubtful}, found {s.pause_doubtful_found}")
    found_f = [(f.start_s, f.end_s, f.text) for f in res.fillers.items if f.text in HESITATION_KINDS]
    s.filler_tp, s.filler_fp, s.filler_fn = match_fillers(item.fillers, found_f, item.untimed_fillers)
    if verbose:
        print(f"  {item.id}: {tr.text}")
        print("    true pauses ", [[tuple(round(x, 2) for x in a) for a in alts] for alts in item.pauses])
        print("    found pauses", [(round(a, 2), round(b, 2)) for a, b in found_p])
        print("    true fillers ", item.fillers)
        print("    found fillers", [(f.start_s, f.end_s, f.text, f.source, f.confidence)
                                     for f in res.fillers.items])
    return s


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _fmt_prf(tp, fp, fn) -> str:
    if tp + fp + fn == 0:
        return f"{'-':>5} {'-':>5} {'-':>5}"
    return " ".join(f"{x:5.2f}" for x in prf(tp, fp, fn))


HEADER = (f"{'item':32} {'words':>9} {'wc_err':>6} {'wpm_err':>7} | {'pP':>5} {'pR':>5} {'pF1':>5} "
          f"{'edge':>5} | {'fP':>5} {'fR':>5} {'fF1':>5} {'tp/fp/fn':>8}")


def row(s: Score) -> str:
    edge = f"{1000 * np.mean(s.edge_errors_s):5.0f}" if s.edge_errors_s else f"{'-':>5}"
    return (f"{s.id[:32]:32} {s.word_count:>4}/{s.true_word_count:<4} {100 * s.wc_err:5.1f}% {100 * s.wpm_err:6.1f}% | "
            f"{_fmt_prf(s.pause_tp, s.pause_fp, s.pause_fn)} {edge} | "
            f"{_fmt_prf(s.filler_tp, s.filler_fp, s.filler_fn)} {s.filler_tp:>2}/{s.filler_fp}/{s.filler_fn}"
            + (f"  {'; '.join(s.notes)}" if s.notes else ""))


def total(scores: list[Score], name: str) -> dict:
    pt = [sum(getattr(s, k) for s in scores) for k in ("pause_tp", "pause_fp", "pause_fn")]
    ft = [sum(getattr(s, k) for s in scores) for k in ("filler_tp", "filler_fp", "filler_fn")]
    edges = [e for s in scores for e in s.edge_errors_s]
    audio = sum(s.audio_s for s in scores)
    return {
        "set": name, "items": len(scores),
        "wc_err_mean": float(np.mean([s.wc_err for s in scores])),
        "wpm_err_mean": float(np.mean([s.wpm_err for s in scores])),
        "wpm_err_max": float(max(s.wpm_err for s in scores)),
        "wpm_items_over_5pct": sum(s.wpm_err > 0.05 for s in scores),
        "pause_prf": prf(*pt), "pause_counts": pt,
        "pauses_in_doubt": [sum(s.pause_doubtful for s in scores), sum(s.pause_doubtful_found for s in scores)],
        "pauses_near_line": [sum(s.pause_near_over for s in scores), sum(s.pause_near_under for s in scores)],
        "edge_ms": 1000 * float(np.mean(edges)) if edges else None,
        "filler_prf": prf(*ft), "filler_counts": ft,
        "rtf_transcribe": sum(s.transcribe_s for s in scores) / audio,
        "repair": {"redecoded": sum(s.redecoded for s in scores), "spliced": sum(s.spliced for s in scores),
                   "unclear": sum(s.unclear for s in scores), "seconds": sum(s.repair_s for s in scores),
                   "items_with_redecoding": sum(s.redecoded > 0 for s in scores),
                   "rechecked": sum(s.rechecked for s in scores), "held_words": sum(s.held_words for s in scores),
                   "stretched": sum(s.stretched for s in scores), "retimed": sum(s.retimed for s in scores),
                   "reworded": sum(s.reworded for s in scores), "unprompted": sum(s.unprompted for s in scores),
                   "misplaced": sum(s.misplaced for s in scores), "rewritten": sum(s.rewritten for s in scores),
                   "kinds_heard": sum(s.kinds_heard for s in scores), "relabelled": sum(s.relabelled for s in scores),
                   "believed": sum(s.believed for s in scores),
                   "believed_counted": sum(s.believed_counted for s in scores)},
        "rtf_analyse": sum(s.analyse_s for s in scores) / audio,
    }


def print_total(t: dict) -> None:
    p, f = t["pause_prf"], t["filler_prf"]
    edge = f"{t['edge_ms']:.0f} ms" if t["edge_ms"] is not None else "-"
    print(f"TOTAL {t['set']} ({t['items']} items): word count err {100 * t['wc_err_mean']:.1f}% mean; "
          f"wpm err {100 * t['wpm_err_mean']:.1f}% mean, {100 * t['wpm_err_max']:.1f}% max, "
          f"{t['wpm_items_over_5pct']} items > 5%")
    print(f"  pauses  P {p[0]:.2f} R {p[1]:.2f} F1 {p[2]:.3f} (tp/fp/fn {t['pause_counts']}), edge error {edge}")
    doubt, found = t["pauses_in_doubt"]
    if doubt:
        tp, fp, fn = t["pause_counts"]
        strict = prf(tp + found, fp, fn + doubt - found)[2]
        print(f"  pauses in doubt (one reading >= 0.3 s, the other not), set aside: {doubt}, found {found}; "
              f"counted as true pauses, F1 {strict:.3f}")
    over, under = t["pauses_near_line"]
    if over or under:
        tp, fp, fn = t["pause_counts"]
        strict = prf(tp + under, fp + over, fn)[2]
        print(f"  pauses near 0.3 s found on the line's other side, set aside: {over} true 0.25-0.3 s found "
              f"over 0.3 s, {under} true 0.3-0.35 s found under it; scored strictly, F1 {strict:.3f}")
    print(f"  fillers P {f[0]:.2f} R {f[1]:.2f} F1 {f[2]:.2f} (tp/fp/fn {t['filler_counts']})")
    rep = t["repair"]
    print(f"  speed: transcription {t['rtf_transcribe']:.3f} x audio, analysis {t['rtf_analyse']:.3f} x audio")
    print(f"  uncovered sound decoded again: {rep['redecoded']} stretches in {rep['items_with_redecoding']} items "
          f"({rep['spliced']} gave words, {rep['unclear']} reported unclear); short sounds (fillers only the signal "
          f"found, lone bursts in a run) decoded again: {rep['rechecked']}, {rep['held_words']} of them a held word; doubted words over a pause decoded again: {rep['stretched']}, replaced {rep['retimed']}; "
          f"words after an instant's hesitation decoded again without the prompt: {rep['reworded']}, replaced {rep['unprompted']}; "
          f"regions with words written at instants decoded again: {rep['misplaced']}, replaced {rep['rewritten']}; "
          f"hesitations whose sound did not back their kind heard again: {rep['kinds_heard']}, relabelled {rep['relabelled']}; "
          f"candidates decoded as words read back for a hesitation: {rep['believed']}, counted {rep['believed_counted']}; "
          f"{rep['seconds']:.2f} s in all")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Accuracy of rehearse's numbers against ground truth.")
    ap.add_argument("--corpus", type=Path, help="folder with manifest.json (the shared corpus)")
    ap.add_argument("--synthetic", type=Path, nargs="?", const=Path(__file__).parent / "data" / "synthetic",
                    help="folder of NAME.wav + NAME.truth.json (built if missing)")
    ap.add_argument("--classes", type=Path, nargs="?", const=Path(__file__).parent / "data" / "classes",
                    help="the failure-class set of issue 14 (built from the corpus if missing)")
    ap.add_argument("--model", default="tiny.en")
    ap.add_argument("--beam", type=int, default=None, help="beam size (default: TranscribeOptions)")
    ap.add_argument("--prompt", choices=["default", "none"], default="default")
    ap.add_argument("--only", help="only items whose id contains this")
    ap.add_argument("--fresh", action="store_true", help="ignore cached transcripts")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--json", type=Path, help="write per-item scores and totals here")
    args = ap.parse_args(argv)
    if args.corpus is None and args.synthetic is None and args.classes is None:
        args.corpus = ROOT.parent / "shared" / "corpus"
        args.synthetic = Path(__file__).parent / "data" / "synthetic"
        args.classes = Path(__file__).parent / "data" / "classes"
    opts = TranscribeOptions()
    if args.beam is not None:
        opts = replace(opts, beam_size=args.beam)
    if args.prompt == "none":
        opts = replace(opts, initial_prompt=None)
    elif opts.initial_prompt is None:
        opts = replace(opts, initial_prompt=FILLER_PROMPT)
    sets = []
    if args.corpus is not None:
        sets.append(("corpus", load_corpus(args.corpus)))
    if args.synthetic is not None:
        if not any(args.synthetic.glob("*.truth.json")):
            sys.path.insert(0, str(Path(__file__).parent))
            from build_synthetic_set import build_all

            build_all(args.synthetic)
        sets.append(("synthetic", load_synthetic(args.synthetic)))
    if args.classes is not None:
        if not any(args.classes.glob("*.truth.json")):
            sys.path.insert(0, str(Path(__file__).parent))
            from build_classes_set import build_all as build_classes

            build_classes(args.classes)
        sets.append(("classes", load_synthetic(args.classes, "classes")))
    print(f"model {args.model}, beam {opts.beam_size}, prompt {opts.initial_prompt!r}")
    out = {"model": args.model, "beam_size": opts.beam_size, "prompt": opts.initial_prompt, "sets": []}
    all_scores = []
    for name, items in sets:
        if args.only:
            items = [i for i in items if args.only in i.id]
        print(HEADER)
        scores = []
        for item in items:
            s = score_item(item, model=args.model, options=opts, fresh=args.fresh, verbose=args.verbose)
            print(row(s), flush=True)
            scores.append(s)
        if scores:
            t = total(scores, name)
            print_total(t)
            out["sets"].append({"total": t, "items": [{**vars(s), "path": None} for s in scores]})
            all_scores += scores
    if len(sets) > 1 and all_scores:
        t = total(all_scores, "all")
        print_total(t)
        out["total"] = t
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
