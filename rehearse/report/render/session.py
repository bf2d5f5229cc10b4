"""Terminal views of mock interviews: the session report and the list of sessions."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from rehearse.coach.session import SessionReport
from rehearse.report.render.history import _clock, _date
from rehearse.report.render.safe import clean, plain

ROLE_MARK = {"follow-up": "  ↳ ", "curveball": "(curveball) "}


def session_view(report: SessionReport) -> Group:
    ended = "" if report.ended == "completed" else "  (ended early: the answers given are kept)"
    title = (f"Mock interview{f' {report.session_id}' if report.session_id is not None else ''}"
             f"  {_date(report.started_at)}{ended}")
    t = Table(title=title, title_justify="left", header_style="bold", show_lines=False)
    for col, justify in (("#", "right"), ("question", "left"), ("length", "right"),
                         ("pace", "right"), ("fillers/min", "right"), ("main tip", "left"),
                         ("saved as", "right")):
        t.add_column(col, justify=justify)
    for a in report.answers:
        tip = a.main_tip if a.speech_found else "no speech heard"
        t.add_row(str(a.number), plain(ROLE_MARK.get(a.role, "") + a.question), _clock(a.length_s),
                  "-" if a.wpm is None else f"{a.wpm:.0f} wpm",
                  "-" if a.fillers_per_min is None else f"{a.fillers_per_min:.1f}",
                  plain(tip) if tip else Text("nothing to change", style="green"),
                  "-" if a.rehearsal_id is None else str(a.rehearsal_id))
    parts: list = [t]
    if report.tips:
        parts.append(Text("\nWhat to work on across the session", style="bold"))
        for i, tip in enumerate(report.tips, 1):
            which = ", ".join(str(n) for n in tip.answers)
            parts.append(Text(f"{i}. {clean(tip.message)}\n   (answer{'s' if len(tip.answers) > 1 else ''} {which})"))
    if report.patterns:
        parts.append(Text("\nPatterns", style="bold"))
        parts.extend(plain(f"- {p.message}") for p in report.patterns)
    if any(a.rehearsal_id is not None for a in report.answers):
        parts.append(Text("\nEach answer's full report: rehearse show ID", style="dim"))
    return Group(*parts)


def sessions_table(sessions) -> Table:
    t = Table(title=f"Mock interviews ({len(sessions)})", title_justify="left", header_style="bold")
    for col, justify in (("id", "right"), ("date", "left"), ("answers", "right"), ("ended", "left")):
        t.add_column(col, justify=justify)
    for s in sessions:
        t.add_row(str(s.id), _date(s.started_at), str(s.answer_count),
                  s.ended or "did not finish (killed)")
    return t

