"""The key metrics of a rehearsal, read from a report dict, and how to judge a change in each.

Pure functions over plain dicts, so the store can fill its metric rows from any stored
report (old ones included) and the history commands never need the analysis stack.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FILLERS_PER_MIN_OK = 3.0  # as rehearse.coach.feedback: at most 3 fillers a minute sounds assured
TIME_TO_POINT_OK_S = 15.0  # as rehearse.coach.feedback


@dataclass(frozen=True)
class Metric:
    name: str  # column-like key: "wpm", "fillers_per_min"...
    label: str  # what a person reads
    unit: str  # printed after the value ("wpm", "/min", "s", "")
    better: str  # "lower", "higher", "target" (nearer the target band) or "none" (no judgement)
    key: bool = False  # shown by `progress` and in the history comparison of every report
    digits: int = 1  # decimals when printed


METRICS: tuple[Metric, ...] = (
    Metric("wpm", "pace", "wpm", "target", key=True, digits=0),
    Metric("articulation_wpm", "articulation rate", "wpm", "none", digits=0),
    Metric("fillers_per_min", "fillers per minute", "/min", "lower", key=True),
    Metric("filler_count", "fillers", "", "lower", digits=0),
    Metric("long_pauses_per_min", "long pauses per minute", "/min", "lower", key=True),
    Metric("pause_count", "pauses", "", "none", digits=0),
    Metric("length_s", "answer length", "s", "target", key=True, digits=0),
    Metric("word_count", "words", "", "none", digits=0),
    Metric("run_on_count", "run-on sentences", "", "lower", key=True, digits=0),
    Metric("hedge_count", "hedges", "", "lower", key=True, digits=0),
    Metric("restart_count", "restarts", "", "lower", digits=0),
    Metric("time_to_point_s", "time to the point", "s", "lower", key=True, digits=0),
    Metric("pitch_variation_st", "pitch variation", "st", "higher", key=True),
    Metric("response_latency_s", "time to first word", "s", "lower"),
    Metric("points_covered_pct", "talking points covered", "%", "higher", key=True, digits=0),
    Metric("concreteness_pct", "concreteness", "%", "higher", key=True, digits=0),
    Metric("star_completeness_pct", "STAR completeness", "%", "higher", key=True, digits=0),
)
BY_NAME = {m.name: m for m in METRICS}
KEY_METRICS = tuple(m for m in METRICS if m.key)


def normalise_question(question: str | None) -> str | None:
    """The key that links attempts of one question: case, accents of form, punctuation ignored."""
    if not question:
        return None
    text = unicodedata.normalize("NFKC", question).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    text = " ".join(text.split())
    return text or None


def extract(report: dict) -> dict[str, float]:
    """The key metrics of one report dict (``rehearse.report.report.to_dict``); missing ones left out."""
    if not report.get("speech_found"):
        return {}
    pace = report.get("pace") or {}
    pauses = report.get("pauses") or {}
    fillers = report.get("fillers") or {}
    rambling = report.get("rambling") or {}
    delivery = report.get("delivery") or {}
    content = report.get("content") or {}  # absent from reports before schema version 2
    span_min = (pace.get("speaking_span_s") or 0.0) / 60.0
    values = {
        "wpm": pace.get("wpm"),
        "articulation_wpm": pace.get("articulation_wpm"),
        "fillers_per_min": fillers.get("per_minute"),
        "filler_count": fillers.get("count"),
        "long_pauses_per_min": (round(pauses["long_count"] / span_min, 2)
                                if span_min > 0 and "long_count" in pauses else None),
        "pause_count": pauses.get("count"),
        "length_s": rambling.get("length_s"),
        "word_count": report.get("word_count"),
        "run_on_count": _count(rambling.get("run_on_sentences")),
        "hedge_count": _count(rambling.get("hedges")),
        "restart_count": _count(rambling.get("restarts")),
        "time_to_point_s": rambling.get("time_to_point_s"),
        "pitch_variation_st": delivery.get("pitch_variation_semitones"),
        "response_latency_s": pauses.get("response_latency_s"),
        "points_covered_pct": _points_covered_pct(content.get("points")),
        "concreteness_pct": _pct((content.get("substance") or {}).get("concreteness")),
        "star_completeness_pct": _pct(content.get("star_completeness")),
    }
    return {k: float(v) for k, v in values.items() if v is not None}


def targets(report: dict) -> dict[str, tuple[float, float]]:
    """Target bands, from the report where it carries them (wpm, length), else fixed."""
    out = {"fillers_per_min": (0.0, FILLERS_PER_MIN_OK), "time_to_point_s": (0.0, TIME_TO_POINT_OK_S)}
    pace = report.get("pace") or {}
    rambling = report.get("rambling") or {}
    if pace.get("target_wpm"):
        out["wpm"] = tuple(pace["target_wpm"])
    if rambling.get("target_length_s"):
        out["length_s"] = tuple(rambling["target_length_s"])
    return out


def _points_covered_pct(points) -> float | None:
    if not points:
        return None
    return round(100.0 * sum(1 for p in points if p.get("covered")) / len(points), 1)


def _pct(share) -> float | None:
    return None if share is None else round(100.0 * share, 1)


def _count(items) -> int | None:
    return None if items is None else len(items)


def distance(value: float, band: tuple[float, float]) -> float:
    """How far ``value`` lies outside ``band``; 0 inside it."""
    lo, hi = band
    return max(lo - value, value - hi, 0.0)


def judge(metric: Metric, before: float, after: float,
          band: tuple[float, float] | None = None) -> str:
    """"better", "worse" or "same" for a change from ``before`` to ``after``."""
    if metric.better == "target" and band is not None:
        a, b = distance(before, band), distance(after, band)
    elif metric.better == "lower":
        a, b = before, after
    elif metric.better == "higher":
        a, b = -before, -after
    else:
        return "same" if _close(before, after, metric) else "changed"
    if _close(a, b, metric):
        return "same"
    return "better" if b < a else "worse"


def _close(a: float, b: float, metric: Metric) -> bool:
    return abs(a - b) < 0.5 * 10 ** -metric.digits


def best(metric: Metric, values: list[float], band: tuple[float, float] | None = None) -> float | None:
    """The personal best of a series; None when the metric has no better direction."""
    if not values:
        return None
    if metric.better == "lower":
        return min(values)
    if metric.better == "higher":
        return max(values)
    if metric.better == "target" and band is not None:
        return min(reversed(values), key=lambda v: distance(v, band))  # ties: the most recent
    return None


def format_value(metric: Metric, value: float | None) -> str:
    if value is None:
        return "-"
    text = f"{value:.{metric.digits}f}"
    return f"{text} {metric.unit}" if metric.unit and metric.unit not in ("/min", "%") else text + metric.unit
