"""The report of a mock interview: one line per answer, the session's three most important
tips, and its patterns (fillers that rose, answers that grew or shrank, the worst question).

Built from the answers' own reports, so each number here is the one ``rehearse show`` gives
for that answer (pace ``pace.wpm``, fillers ``fillers.per_minute``, length ``rambling.length_s``).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

SCHEMA_VERSION = 1
MAX_TIPS = 3
FILLERS_RISE_PER_MIN = 1.0  # later answers this many fillers a minute above earlier ones: a rise
LENGTH_CHANGE = 0.3  # later answers 30% longer (or shorter) than earlier ones: a trend


@dataclass(frozen=True)
class Answer:
    """One answer of the session, as the session keeps it."""

    role: str  # "question", "follow-up" or "curveball"
    question: str
    report: object  # rehearse.report.Report
    rehearsal_id: int | None  # in the history, if kept


@dataclass(frozen=True)
class AnswerLine:
    number: int  # 1-based, in the order asked
    role: str
    question: str
    rehearsal_id: int | None
    speech_found: bool
    length_s: float | None
    wpm: float | None
    fillers_per_min: float | None
    main_tip: str | None  # the answer's first tip, its first sentence
    tip_severity: float  # the sum of the answer's tip severities: how far off it was


@dataclass(frozen=True)
class SessionTip:
    metric: str
    message: str  # the tip as given for the answer where it was worst
    answers: tuple[int, ...]  # the numbers of the answers it was given for
    severity: float  # summed over those answers


@dataclass(frozen=True)
class Pattern:
    kind: str  # "fillers rising", "fillers falling", "answers longer", "answers shorter", "worst question"
    message: str


@dataclass(frozen=True)
class SessionReport:
    schema_version: int
    session_id: int | None
    started_at: str  # ISO 8601, UTC
    ended: str  # "completed" or "interrupted"
    answers: tuple[AnswerLine, ...]
    tips: tuple[SessionTip, ...]
    patterns: tuple[Pattern, ...]


def session_report(answers: list[Answer], *, session_id: int | None, started_at: str,
                   ended: str) -> SessionReport:
    lines = tuple(_line(i, a) for i, a in enumerate(answers, 1))
    return SessionReport(SCHEMA_VERSION, session_id, started_at, ended, lines,
                         _top_tips(answers), _patterns(lines))


def to_dict(report: SessionReport) -> dict:
    return dataclasses.asdict(report)


def to_json(report: SessionReport) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False)


def _line(number: int, a: Answer) -> AnswerLine:
    r = a.report
    tips = r.feedback if r.speech_found else ()
    return AnswerLine(
        number, a.role, a.question, a.rehearsal_id, r.speech_found,
        r.rambling.length_s if r.rambling else None,
        r.pace.wpm if r.pace else None,
        r.fillers.per_minute if r.fillers else None,
        _first_sentence(tips[0].message) if tips else None,
        round(sum(t.severity for t in tips), 2),
    )


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + ("." if dot else "")


def _top_tips(answers: list[Answer]) -> tuple[SessionTip, ...]:
    """The tips that came up most often, then most severely, across the answers."""
    by_metric: dict[str, list[tuple[int, object]]] = {}
    for number, a in enumerate(answers, 1):
        if a.report.speech_found:
            for tip in a.report.feedback:
                by_metric.setdefault(tip.metric, []).append((number, tip))
    tips = []
    for metric, given in by_metric.items():
        worst = max(given, key=lambda nt: nt[1].severity)[1]
        tips.append(SessionTip(metric, worst.message, tuple(n for n, _ in given),
                               round(sum(t.severity for _, t in given), 2)))
    tips.sort(key=lambda t: (-len(t.answers), -t.severity))
    return tuple(tips[:MAX_TIPS])


def _halves(values: list[float]) -> tuple[float, float]:
    """Mean of the earlier and the later half (the middle one of an odd count in neither)."""
    h = len(values) // 2
    return sum(values[:h]) / h, sum(values[-h:]) / h


def _patterns(lines: tuple[AnswerLine, ...]) -> tuple[Pattern, ...]:
    spoken = [x for x in lines if x.speech_found and x.length_s is not None]
    if len(spoken) < 2:
        return ()
    found = []
    early, late = _halves([x.fillers_per_min or 0.0 for x in spoken])
    if late - early >= FILLERS_RISE_PER_MIN:
        found.append(Pattern("fillers rising", f"Your fillers rose as the session went on, from "
                             f"{early:.1f} to {late:.1f} a minute: keep pausing instead of filling "
                             "right to the last question."))
    elif early - late >= FILLERS_RISE_PER_MIN:
        found.append(Pattern("fillers falling", f"Your fillers fell as you warmed up, from "
                             f"{early:.1f} to {late:.1f} a minute: a practice answer before the "
                             "interview may help."))
    early, late = _halves([x.length_s for x in spoken])
    if early > 0 and late >= early * (1 + LENGTH_CHANGE):
        found.append(Pattern("answers longer", f"Your answers got longer, from {early:.0f} s to "
                             f"{late:.0f} s on average: lead with the point, then stop."))
    elif early > 0 and late <= early * (1 - LENGTH_CHANGE):
        found.append(Pattern("answers shorter", f"Your answers got shorter, from {early:.0f} s to "
                             f"{late:.0f} s on average: keep giving an example with its result."))
    worst = max(spoken, key=lambda x: x.tip_severity)
    if worst.tip_severity > 0:
        found.append(Pattern("worst question", f"The question that went worst was answer "
                             f"{worst.number}, \"{worst.question}\": {worst.main_tip}"))
    return tuple(found)
