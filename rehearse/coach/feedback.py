"""The three changes that would help most, in plain words, with evidence."""

from __future__ import annotations

from rehearse.coach.content import Content
from rehearse.measure import Analysis
from rehearse.measure.rambling import Quote
from rehearse.report.report import Tip

MAX_TIPS = 3
FILLERS_PER_MIN_OK = 3.0
LATENCY_OK_S = 3.0
TIME_TO_POINT_OK_S = 15.0
HEDGES_PER_MIN_OK = 3.0


def coach(a: Analysis, content: Content | None = None) -> tuple[tuple[Tip, ...], tuple[str, ...]]:
    """Rank every metric (of delivery, and of ``content`` when given) by how far it is from
    its target; return top tips and praise."""
    tips: list[Tip] = []
    praise: list[str] = []
    minutes = max(a.pace.speaking_span_s / 60.0, 1e-9)

    # Fillers
    f = a.fillers
    if f.per_minute > FILLERS_PER_MIN_OK and f.items:
        first = next((x for x in f.items if x.text == f.most_used), f.items[0])
        tips.append(Tip(
            "fillers",
            f"You used {f.count} filler words ({f.per_minute:.1f} a minute), most often "
            f"\"{f.most_used}\". When you feel one coming, pause silently instead: "
            "a short silence sounds more confident than a filler.",
            _quote_at(a, first.start_s), (f.per_minute - FILLERS_PER_MIN_OK) / FILLERS_PER_MIN_OK))
    elif a.word_count >= 30:
        praise.append(f"Very few fillers ({f.per_minute:.1f} a minute): that sounds assured.")

    # Pace
    p = a.pace
    lo, hi = p.target_wpm
    if p.verdict == "fast":
        spot = p.fastest or (p.windows[0] if p.windows else None)
        tips.append(Tip(
            "pace",
            f"You spoke at {p.wpm:.0f} words a minute, faster than the {lo:.0f}-{hi:.0f} "
            "that listeners follow easily. Slow down and let key points land.",
            _quote_at(a, spot.start_s) if spot else None, (p.wpm - hi) / 20.0))
    elif p.verdict == "slow":
        spot = p.slowest or (p.windows[0] if p.windows else None)
        tips.append(Tip(
            "pace",
            f"You spoke at {p.wpm:.0f} words a minute, slower than the {lo:.0f}-{hi:.0f} "
            "that keeps a listener engaged. Rehearse the outline so the words come readily.",
            _quote_at(a, spot.start_s) if spot else None, (lo - p.wpm) / 20.0))
    elif p.verdict == "good":
        praise.append(f"Your pace of {p.wpm:.0f} words a minute is easy to follow.")

    # Long pauses inside sentences read as losing the thread; between sentences they are fine.
    stalls = [x for x in a.pauses.items if x.kind == "within_sentence" and x.duration_s >= 2.0]
    if stalls:
        worst = max(stalls, key=lambda x: x.duration_s)
        tips.append(Tip(
            "pauses",
            f"You stopped for {worst.duration_s:.1f} s in the middle of a sentence"
            + (f" ({len(stalls)} such stops)" if len(stalls) > 1 else "")
            + ". Pause between sentences rather than inside them; a rehearsed outline helps.",
            _quote_at(a, worst.start_s, before=True), len(stalls) / minutes))
    elif a.pauses.count and a.word_count >= 30:
        praise.append("Your pauses fall in natural places.")

    if a.pauses.response_latency_s is not None and a.pauses.response_latency_s > LATENCY_OK_S:
        lat = a.pauses.response_latency_s
        tips.append(Tip(
            "response_latency",
            f"You took {lat:.1f} s to start. An opening line you can always use "
            "(\"Sure, let me give you an example\") buys thinking time without silence.",
            None, (lat - LATENCY_OK_S) / LATENCY_OK_S))

    # Rambling
    r = a.rambling
    lo_s, hi_s = r.target_length_s
    if r.length_verdict == "long":
        tips.append(Tip(
            "length",
            f"Your answer ran {r.length_s:.0f} s; aim for {lo_s:.0f}-{hi_s:.0f} s. "
            "Lead with the point, give one example, and stop.",
            None, (r.length_s - hi_s) / 30.0))
    elif r.length_verdict == "short" and r.length_s < lo_s * 0.5:
        tips.append(Tip(
            "length",
            f"Your answer was {r.length_s:.0f} s; interviewers expect about {lo_s:.0f}-{hi_s:.0f} s. "
            "Add a concrete example with its result.",
            None, (lo_s - r.length_s) / 30.0))
    if r.run_on_sentences:
        q = r.run_on_sentences[0]
        tips.append(Tip(
            "run_on",
            f"{len(r.run_on_sentences)} of your sentences ran on, chained with "
            "\"and\", \"so\", \"but\". End the sentence and start a new one.",
            q, len(r.run_on_sentences) / max(r.sentence_count, 1) * 2))
    if r.time_to_point_s is not None and r.time_to_point_s > TIME_TO_POINT_OK_S:
        tips.append(Tip(
            "time_to_point",
            f"It took {r.time_to_point_s:.0f} s to reach your first real point. "
            "Open with the headline, then explain.",
            None, (r.time_to_point_s - TIME_TO_POINT_OK_S) / 10.0))
    hedges_pm = len(r.hedges) / minutes
    if hedges_pm > HEDGES_PER_MIN_OK:
        tips.append(Tip(
            "hedges",
            f"You hedged {len(r.hedges)} times (\"{r.hedges[0].text}\"). State what you did "
            "plainly: \"I led\", not \"I think I kind of led\".",
            r.hedges[0], (hedges_pm - HEDGES_PER_MIN_OK) / HEDGES_PER_MIN_OK))
    if len(r.restarts) >= 3:
        tips.append(Tip(
            "restarts",
            f"You restarted a phrase {len(r.restarts)} times. Let a sentence finish even "
            "if it is not perfect.", r.restarts[0], len(r.restarts) / minutes / 2))

    # Delivery
    d = a.delivery
    if d.monotone and d.pitch_variation_semitones is not None:
        tips.append(Tip(
            "monotone",
            f"Your voice stayed within a narrow pitch range ({d.pitch_variation_semitones:.1f} "
            "semitones). Lift your voice on the words that matter most.",
            None, (2.0 - d.pitch_variation_semitones) / 1.0))
    elif d.pitch_variation_semitones is not None and a.word_count >= 30:
        praise.append("Your voice has lively variation in pitch.")
    if d.trailing_off_db is not None and d.trailing_off_db < -6.0:
        tips.append(Tip(
            "volume",
            f"Your voice faded by {-d.trailing_off_db:.0f} dB towards the end. "
            "Keep your energy up through the last sentence.",
            None, (-d.trailing_off_db - 6.0) / 6.0))

    if content is not None:
        from rehearse.coach.content_feedback import content_tips

        more_tips, more_praise = content_tips(content)
        if any(t.metric == "time_to_point" for t in tips):
            more_tips = [t for t in more_tips if t.metric != "opening"]  # one tip for a slow start
        tips += more_tips
        praise += more_praise
    ranked = sorted((t for t in tips if t.severity > 0), key=lambda t: -t.severity)
    return tuple(Tip(t.metric, t.message, t.evidence, round(t.severity, 2)) for t in ranked[:MAX_TIPS]), tuple(praise)


def _quote_at(a: Analysis, t_s: float, *, before: bool = False, n: int = 8) -> Quote | None:
    """A few words of the transcript around time ``t_s``, as evidence."""
    if not a.words:
        return None
    i = min(range(len(a.words)), key=lambda k: abs(a.words[k].start_s - t_s))
    lo = max(0, i - n if before else i - 2)
    chunk = a.words[lo:lo + n + 2]
    return Quote(" ".join(w.text for w in chunk), round(chunk[0].start_s, 2))
