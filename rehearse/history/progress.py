"""Progress across rehearsals: a report against your history, two attempts side by side, trends.

Pure functions over ``rehearse.history.store.Rehearsal`` rows; the results are frozen dataclasses
that serialize with ``dataclasses.asdict``.
"""

from __future__ import annotations

import difflib
import re
import statistics
from dataclasses import dataclass

from rehearse.history.metrics import KEY_METRICS, METRICS, Metric, best, distance, judge
from rehearse.history.store import Rehearsal

USUAL_OF_LAST = 5  # "your usual" is the median of this many latest rehearsals
TREND_OF_LAST = 10  # the trend is fitted over this many latest values
TREND_MIN_POINTS = 3
STEADY_SHARE = 0.1  # a fitted change below 10 % of the typical value is "steady"
SPARK = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class AgainstHistory:
    metric: str
    label: str
    value: float
    usual: float  # median of the last USUAL_OF_LAST earlier rehearsals
    best: float | None  # personal best before this one
    last_same_question: float | None  # the previous attempt at this question
    versus_usual: str  # "better", "worse", "same", "changed"
    personal_best: bool  # this one beats every earlier rehearsal


@dataclass(frozen=True)
class HistoryBlock:
    """The ``history`` block of a report: this rehearsal against the user's own earlier ones."""

    rehearsal_id: int | None  # None when not saved (--no-save)
    earlier_count: int  # earlier rehearsals of any question
    same_question_count: int  # earlier attempts at this question
    metrics: tuple[AgainstHistory, ...]


def against_history(rehearsal_id: int | None, values: dict[str, float],
                    question_key: str | None, earlier: list[Rehearsal],
                    bands: dict[str, tuple[float, float]]) -> HistoryBlock:
    """Compare ``values`` (this report's metrics) with ``earlier`` rehearsals, oldest first."""
    same = [r for r in earlier if question_key is not None and r.question_key == question_key]
    rows = []
    for m in KEY_METRICS:
        if m.name not in values:
            continue
        series = [r.metrics[m.name] for r in earlier if m.name in r.metrics]
        if not series:
            continue
        usual = statistics.median(series[-USUAL_OF_LAST:])
        prior_best = best(m, series, bands.get(m.name))
        now = values[m.name]
        last_same = next((r.metrics[m.name] for r in reversed(same) if m.name in r.metrics), None)
        record = prior_best is not None and judge(m, prior_best, now, bands.get(m.name)) == "better"
        rows.append(AgainstHistory(m.name, m.label, now, round(usual, 2), prior_best, last_same,
                                   judge(m, usual, now, bands.get(m.name)), record))
    return HistoryBlock(rehearsal_id, len(earlier), len(same), tuple(rows))


@dataclass(frozen=True)
class MetricChange:
    metric: str
    label: str
    a: float | None
    b: float | None
    change: float | None  # b - a
    verdict: str  # "better", "worse", "same", "changed" or "" when one side is missing


@dataclass(frozen=True)
class DiffPart:
    op: str  # "equal", "delete" (only in A), "insert" (only in B), "replace"
    a: str  # the words of A in this part
    b: str  # the words of B in this part


@dataclass(frozen=True)
class Comparison:
    a: Rehearsal
    b: Rehearsal
    metrics: tuple[MetricChange, ...]
    diff: tuple[DiffPart, ...]


def compare(a: Rehearsal, b: Rehearsal, bands: dict[str, tuple[float, float]]) -> Comparison:
    """B against A, metric by metric, and a word diff of their transcripts (reports needed)."""
    rows = []
    for m in METRICS:
        va, vb = a.metrics.get(m.name), b.metrics.get(m.name)
        if va is None and vb is None:
            continue
        both = va is not None and vb is not None
        rows.append(MetricChange(m.name, m.label, va, vb, round(vb - va, 2) if both else None,
                                 judge(m, va, vb, bands.get(m.name)) if both else ""))
    return Comparison(a, b, tuple(rows), word_diff(_text(a), _text(b)))


def _text(r: Rehearsal) -> str:
    return ((r.report or {}).get("transcript") or {}).get("text", "")


def _norm(word: str) -> str:
    return re.sub(r"[^\w']", "", word.casefold())


def word_diff(a: str, b: str) -> tuple[DiffPart, ...]:
    """A word-level diff that ignores case and punctuation but shows the words as said."""
    wa, wb = a.split(), b.split()
    matcher = difflib.SequenceMatcher(a=[_norm(w) for w in wa], b=[_norm(w) for w in wb],
                                      autojunk=False)
    return tuple(DiffPart(op, " ".join(wa[i1:i2]), " ".join(wb[j1:j2]))
                 for op, i1, i2, j1, j2 in matcher.get_opcodes())


@dataclass(frozen=True)
class Point:
    rehearsal_id: int
    created_at: str
    value: float


@dataclass(frozen=True)
class MetricProgress:
    metric: str
    label: str
    unit: str
    better: str  # "lower", "higher", "target"
    target: tuple[float, float] | None
    series: tuple[Point, ...]  # oldest first
    best: float | None
    best_id: int | None
    median_last_five: float
    trend: str  # "improving", "worsening", "steady", "on target", "too few rehearsals"
    sparkline: str


def progress(rehearsals: list[Rehearsal], bands: dict[str, tuple[float, float]]
             ) -> tuple[MetricProgress, ...]:
    """Per key metric over ``rehearsals`` (oldest first): series, best, recent median, trend."""
    out = []
    for m in KEY_METRICS:
        series = tuple(Point(r.id, r.created_at, r.metrics[m.name])
                       for r in rehearsals if m.name in r.metrics)
        if not series:
            continue
        values = [p.value for p in series]
        band = bands.get(m.name)
        top = best(m, values, band)
        top_id = next(p.rehearsal_id for p in reversed(series) if p.value == top) if top is not None else None
        out.append(MetricProgress(
            m.name, m.label, m.unit, m.better, band, series, top, top_id,
            round(statistics.median(values[-USUAL_OF_LAST:]), 2), trend(m, values, band),
            sparkline(values)))
    return tuple(out)


def trend(metric: Metric, values: list[float], band: tuple[float, float] | None) -> str:
    """Direction of the least-squares line through the latest values, judged for the metric."""
    recent = values[-TREND_OF_LAST:]
    if len(recent) < TREND_MIN_POINTS:
        return "too few rehearsals"
    if metric.better == "target" and band is not None:
        recent = [distance(v, band) for v in recent]
        if not any(recent):
            return "on target"
        scale = max(band[1] - band[0], 1e-9)
        sign = -1  # a shrinking distance is improving
    else:
        scale = max(abs(statistics.median(recent)), 10 ** -metric.digits)
        sign = {"lower": -1, "higher": 1}.get(metric.better, 0)
    n = len(recent)
    mean_x, mean_y = (n - 1) / 2, statistics.fmean(recent)
    slope = (sum((i - mean_x) * (y - mean_y) for i, y in enumerate(recent))
             / sum((i - mean_x) ** 2 for i in range(n)))
    change = slope * (n - 1)
    if abs(change) < STEADY_SHARE * scale or sign == 0:
        return "steady" if abs(change) < STEADY_SHARE * scale else ("rising" if change > 0 else "falling")
    return "improving" if change * sign > 0 else "worsening"


def sparkline(values: list[float]) -> str:
    lo, hi = min(values), max(values)
    if hi - lo < 1e-12:
        return SPARK[len(SPARK) // 2] * len(values)
    return "".join(SPARK[round((v - lo) / (hi - lo) * (len(SPARK) - 1))] for v in values)
