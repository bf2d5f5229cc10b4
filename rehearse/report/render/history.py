"""Terminal views of the history: the list, a report against history, compare, progress."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from rehearse.history.metrics import BY_NAME, format_value
from rehearse.history.progress import Comparison, HistoryBlock, MetricProgress
from rehearse.history import Rehearsal
from rehearse.report.render.safe import clean, plain

VERDICT_STYLE = {"better": "green", "worse": "red", "improving": "green", "worsening": "red",
                 "on target": "green"}


def history_table(rows: list[Rehearsal], *, title: str = "Rehearsals") -> Table:
    t = Table(title=title, title_justify="left", header_style="bold")
    for col, justify in (("id", "right"), ("date", "left"), ("question", "left"),
                         ("length", "right"), ("wpm", "right"), ("fillers/min", "right"),
                         ("long pauses/min", "right")):
        t.add_column(col, justify=justify)
    for r in rows:
        m = r.metrics
        t.add_row(str(r.id), _date(r.created_at), plain(r.question or "-"),
                  _clock(m.get("length_s", r.duration_s)), _num(m.get("wpm"), 0),
                  _num(m.get("fillers_per_min"), 1), _num(m.get("long_pauses_per_min"), 1))
    return t


def history_block(block: HistoryBlock | None) -> Text | Table:
    """The comparison printed under every report."""
    if block is None:
        return Text("")
    saved = f"Saved as rehearsal {block.rehearsal_id}. " if block.rehearsal_id is not None else ""
    if not block.metrics:
        if block.rehearsal_id is None:
            return Text("\nNo earlier rehearsals to compare with (this one was not saved).", style="dim")
        return Text(f"\n{saved}This is your first rehearsal: the next ones will be compared with it.",
                    style="dim")
    same = (f", {block.same_question_count} of this question" if block.same_question_count else "")
    plural = "s" if block.earlier_count != 1 else ""
    t = Table(title=f"\n{saved}Against your history ({block.earlier_count} earlier "
                    f"rehearsal{plural}{same})",
              title_justify="left", header_style="bold")
    for col, justify in (("metric", "left"), ("now", "right"), ("your usual", "right"),
                         ("best", "right"), ("last time, this question", "right"), ("", "left")):
        t.add_column(col, justify=justify)
    for row in block.metrics:
        m = BY_NAME[row.metric]
        note = Text(row.versus_usual if row.versus_usual in ("better", "worse") else "as usual",
                    style=VERDICT_STYLE.get(row.versus_usual, ""))
        if row.personal_best:
            note.append(", personal best", style="bold green")
        t.add_row(row.label, format_value(m, row.value), format_value(m, row.usual),
                  format_value(m, row.best), format_value(m, row.last_same_question), note)
    return t


def comparison(c: Comparison) -> Group:
    head = Text()
    for tag, r in (("A", c.a), ("B", c.b)):
        head.append(f"{tag}: rehearsal {r.id}", style="bold")
        head.append(f"  {_date(r.created_at)}  {clean(r.question or '(no question)')}\n", style="dim")
    t = Table(title="Metrics, B against A", title_justify="left", header_style="bold")
    for col, justify in (("metric", "left"), ("A", "right"), ("B", "right"), ("change", "right"),
                         ("", "left")):
        t.add_column(col, justify=justify)
    for row in c.metrics:
        m = BY_NAME[row.metric]
        change = "-" if row.change is None else f"{row.change:+.{m.digits}f}"
        verdict = row.verdict if row.verdict in ("better", "worse") else ""
        t.add_row(row.label, format_value(m, row.a), format_value(m, row.b), change,
                  Text(verdict, style=VERDICT_STYLE.get(verdict, "")))
    diff = Text()
    for part in c.diff:
        if part.op == "equal":
            diff.append(clean(part.a) + " ")
            continue
        if part.a:
            diff.append("[-" + clean(part.a) + "-] ", style="red strike")
        if part.b:
            diff.append("{+" + clean(part.b) + "+} ", style="green")
    return Group(head, t, Text("\nTranscript, A to B ([-only in A-] {+only in B+})", style="bold"),
                 diff)


def progress_table(items: tuple[MetricProgress, ...], *, count: int, question: str | None) -> Table:
    about = f' of "{question}"' if question else ""
    t = Table(title=plain(f"Progress over {count} rehearsals{about}", "italic"),
              title_justify="left", header_style="bold")
    for col, justify in (("metric", "left"), ("latest", "right"), ("best", "right"),
                         ("median, last 5", "right"), ("target", "right"), ("trend", "left"),
                         ("series", "left")):
        t.add_column(col, justify=justify)
    for p in items:
        m = BY_NAME[p.metric]
        target = f"{p.target[0]:g}-{p.target[1]:g}" if p.target else "-"
        t.add_row(p.label, format_value(m, p.series[-1].value), format_value(m, p.best),
                  format_value(m, p.median_last_five), target,
                  Text(p.trend, style=VERDICT_STYLE.get(p.trend, "")), p.sparkline)
    return t


def _date(iso: str) -> str:
    return iso.replace("T", " ")[:16]


def _num(v: float | None, digits: int) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    m, s = divmod(max(seconds, 0.0), 60)
    return f"{int(m)}:{s:02.0f}"
