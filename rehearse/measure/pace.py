"""Speaking pace: words per minute over the answer, over time, and while speaking."""

from __future__ import annotations

from dataclasses import dataclass

WINDOW_S = 15.0
TARGET_WPM = (120.0, 160.0)


@dataclass(frozen=True)
class PaceWindow:
    start_s: float
    end_s: float
    wpm: float


@dataclass(frozen=True)
class Pace:
    wpm: float  # spoken words per minute from the first word to the last
    articulation_wpm: float  # per minute of speaking time (pauses removed)
    speaking_span_s: float
    speaking_time_s: float
    windows: tuple[PaceWindow, ...]
    slowest: PaceWindow | None
    fastest: PaceWindow | None
    target_wpm: tuple[float, float]
    verdict: str  # "slow", "good", "fast", "unknown"


def measure_pace(
    word_times_s: list[tuple[float, int]],
    *,
    span: tuple[float, float],
    pause_total_s: float,
    target_wpm: tuple[float, float] = TARGET_WPM,
    window_s: float = WINDOW_S,
) -> Pace:
    """``word_times_s``: (midpoint, spoken words) per counted word; ``span``: speech start/end."""
    start, end = span
    span_s = max(end - start, 0.0)
    n = sum(c for _, c in word_times_s)
    speaking_s = max(span_s - pause_total_s, 0.0)
    wpm = 60.0 * n / span_s if span_s > 0 else 0.0
    art = 60.0 * n / speaking_s if speaking_s > 0 else 0.0
    windows = _windows(word_times_s, start, end, window_s)
    full = [w for w in windows if w.end_s - w.start_s >= window_s * 0.66]
    slowest = min(full, key=lambda w: w.wpm) if len(full) > 1 else None
    fastest = max(full, key=lambda w: w.wpm) if len(full) > 1 else None
    lo, hi = target_wpm
    verdict = "unknown" if n == 0 else "slow" if wpm < lo else "fast" if wpm > hi else "good"
    return Pace(round(wpm, 1), round(art, 1), round(span_s, 3), round(speaking_s, 3),
                tuple(windows), slowest, fastest, target_wpm, verdict)


def _windows(word_times_s, start: float, end: float, window_s: float) -> list[PaceWindow]:
    if end <= start:
        return []
    n_windows = max(1, round((end - start) / window_s))
    size = (end - start) / n_windows  # equal windows of about window_s covering the span
    out = []
    for k in range(n_windows):
        a, b = start + k * size, start + (k + 1) * size
        count = sum(c for t, c in word_times_s if a <= t < b or (k == n_windows - 1 and t == b))
        out.append(PaceWindow(round(a, 2), round(b, 2), round(60.0 * count / size, 1)))
    return out
