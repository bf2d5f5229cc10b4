"""The report as a person reads it: transcript with fillers and pauses marked, metrics, tips."""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rehearse.report.report import Report
from rehearse.report.render.safe import clean, plain

INLINE_PAUSE_S = 0.5  # shorter pauses are natural breathing, not worth marking


class TerminalWriter:
    def render(self, report: Report) -> Group:
        parts = [_header(report)]
        if not report.speech_found:
            parts.append(Text(
                "No speech was found in this recording: it is silent or holds only noise.\n"
                "Check that the right microphone is selected and speak closer to it.",
                style="yellow"))
            return Group(*parts)
        parts += [_transcript(report), _metrics(report)]
        if report.content is not None:
            parts.append(_content(report.content))
        parts.append(_tips(report))
        return Group(*parts)


def _header(r: Report) -> Text:
    t = Text()
    t.append("rehearse report", style="bold")
    t.append(f"  {clean(r.audio.path)}  ({_clock(r.audio.duration_s)}, model {clean(r.model)})\n",
             style="dim")
    if r.question:
        t.append("Question: ", style="bold")
        t.append(clean(r.question) + "\n")
    return t


def _transcript(r: Report) -> Panel:
    fillers = {}
    for f in r.fillers.items:
        if f.word_index is not None:
            n = len(f.text.split())
            for k in range(f.word_index, f.word_index + n):
                fillers[k] = f
    # Pause marks and fillers heard but not transcribed go between the words, in time order.
    marks = sorted(
        [(p.start_s, f"[{p.duration_s:.1f}\u00a0s]", "bold cyan")  # never wrapped apart
         for p in r.pauses.items if p.duration_s >= INLINE_PAUSE_S]
        + [(f.start_s, f"({clean(f.text)})", "bold yellow") for f in r.fillers.items
           if f.word_index is None]
        + [(a, f"[unclear\u00a0speech\u00a0{b - a:.1f}\u00a0s]", "bold magenta") for a, b in r.transcript.unclear])
    body = Text()
    mi = 0
    for i, w in enumerate(r.transcript.words):
        # A written filler stands where its sound was measured: Whisper often times "Um,"
        # at the next word, which put both pauses around a held "um" before it.
        at = fillers[i] if i in fillers else w
        while mi < len(marks) and marks[mi][0] <= (at.start_s + at.end_s) / 2:
            body.append(marks[mi][1] + " ", style=marks[mi][2])
            mi += 1
        body.append(clean(w.text), style="bold yellow" if i in fillers else None)
        body.append(" ")
    legend = Text("fillers highlighted, (um) heard but not transcribed, [pauses] of 0.5 s or more"
                  + (", [unclear speech] heard but not understood" if r.transcript.unclear else ""))
    return Panel(_WrappedAtSpaces(body), title="Transcript", subtitle=legend,
                 title_align="left", subtitle_align="left")


class _WrappedAtSpaces:
    """Text wrapped at ordinary spaces only, so that a pause mark "[2.5\u00a0s]" stays whole.

    Rich breaks lines at any Unicode space, the no-break space included.
    """

    def __init__(self, text: Text):
        self.text = text

    def __rich_console__(self, console, options):
        plain, width = self.text.plain, max(options.max_width, 10)
        breaks, line_start, last_space = [], 0, None
        for i, ch in enumerate(plain):
            if ch == "\n":
                line_start, last_space = i + 1, None
                continue
            if i - line_start >= width and last_space is not None:
                breaks.append(last_space + 1)
                line_start, last_space = last_space + 1, None
            if ch == " ":
                last_space = i
        lines = self.text.divide(breaks)
        for line in lines:
            line.rstrip()
        joined = Text("\n").join(lines)
        joined.no_wrap, joined.overflow = True, "fold"
        yield joined


def _metrics(r: Report) -> Table:
    p, pz, f, rb, d = r.pace, r.pauses, r.fillers, r.rambling, r.delivery
    t = Table(title="Metrics", title_justify="left", show_header=True, header_style="bold")
    t.add_column("metric")
    t.add_column("value", justify="right")
    t.add_column("target / note")
    lo, hi = p.target_wpm
    t.add_row("pace", f"{p.wpm:.0f} wpm", f"{lo:.0f}-{hi:.0f} wpm: {p.verdict}")
    t.add_row("articulation rate", f"{p.articulation_wpm:.0f} wpm", "while speaking, pauses removed")
    if p.slowest and p.fastest:
        t.add_row("slowest / fastest", f"{p.slowest.wpm:.0f} / {p.fastest.wpm:.0f} wpm",
                  f"at {_clock(p.slowest.start_s)} / {_clock(p.fastest.start_s)}")
    t.add_row("words", str(r.word_count), "fillers excluded")
    t.add_row("fillers", f"{f.count} ({f.per_minute:.1f}/min)",
              plain(", ".join(f"{k} x{v}" for k, v in f.by_kind.items()) or "none"))
    t.add_row("pauses", f"{pz.count} ({pz.per_minute:.1f}/min)",
              f"{pz.long_count} of 1 s+, {pz.very_long_count} of 2 s+, longest {pz.longest_s:.1f} s")
    if pz.response_latency_s is not None:
        t.add_row("time to first word", f"{pz.response_latency_s:.1f} s", "")
    lo_s, hi_s = rb.target_length_s
    t.add_row("answer length", _clock(rb.length_s), f"{lo_s:.0f}-{hi_s:.0f} s: {rb.length_verdict}")
    t.add_row("sentences", f"{rb.sentence_count}, mean {rb.mean_sentence_words:.0f} words",
              f"longest {rb.longest_sentence_words} words; {len(rb.run_on_sentences)} run-on")
    if rb.time_to_point_s is not None:
        t.add_row("time to the point", f"{rb.time_to_point_s:.0f} s", "first substantive sentence")
    repeated = ", ".join(f'"{phrase}" x{n}' for phrase, n in rb.repeated_phrases[:2])
    t.add_row("hedges / restarts", f"{len(rb.hedges)} / {len(rb.restarts)}",
              plain(f"repeated: {repeated}" if repeated else ""))
    if d.pitch_variation_semitones is not None:
        t.add_row("pitch variation", f"{d.pitch_variation_semitones:.1f} st",
                  "monotone" if d.monotone else "lively")
    if d.loudness_db is not None:
        note = "uneven" if d.uneven_volume else "steady"
        if d.trailing_off_db is not None and d.trailing_off_db < -6:
            note += f", fades {-d.trailing_off_db:.0f} dB at the end"
        t.add_row("volume", f"{d.loudness_db:.0f} dBFS", note)
    return t


_PART_NAMES = {"situation": "situation", "task": "task", "action": "action", "result": "result",
               "now": "present", "past": "past", "future": "future"}


def _content(c) -> Group:
    """Talking points, structure, substance and ending."""
    out = []
    if c.points:
        t = Table(title=f"Talking points: {c.points_covered} of {len(c.points)} covered",
                  title_justify="left", header_style="bold")
        t.add_column("point")
        t.add_column("", justify="center")
        t.add_column("where")
        for p in c.points:
            mark = Text("covered", style="green") if p.covered else Text("missed", style="red")
            where = f'at {_clock(p.start_s)}: "{p.quote}"' if p.covered and p.start_s is not None else ""
            t.add_row(plain(p.text), mark, plain(where))
        out.append(t)
    s, sub, e = c.structure, c.substance, c.ending
    t = Table(title="Content", title_justify="left", show_header=True, header_style="bold")
    t.add_column("measure")
    t.add_column("value", justify="right")
    t.add_column("note")
    if s.kind in ("behavioural", "about_you", "motivation"):
        label = "STAR" if s.kind == "behavioural" else "arc"
        shares = " / ".join(f"{_PART_NAMES[k]} {v:.0%}" for k, v in s.share_of_time.items())
        missing = ", ".join(_PART_NAMES[m] for m in s.missing)
        t.add_row(f"structure ({label})", "missing " + missing if missing else "complete", shares)
    if s.kind == "behavioural":
        t.add_row("result", "none" if c.no_result else "with a figure" if s.result_has_number else "no figure", "")
        share = f"{s.i_share:.0%} I" if s.i_share is not None else "-"
        t.add_row("I / we in the action", f"{s.i_count} / {s.we_count}", share + (": mostly we" if c.mostly_we else ""))
    t.add_row("opening", "answers" if s.opening_answers else "warms up", plain(_short(s.opening)))
    t.add_row("distinct points", str(s.distinct_points), "")
    vague = ", ".join(f'"{q.text}"' for q in sub.vague[:2])
    t.add_row("concreteness", f"{sub.concreteness:.0%}",
              plain(f"{sub.figures} figures, {sub.names} names" + (f"; vague: {vague}" if vague else "")
                    + ("" if sub.has_example else "; no specific example")))
    if sub.over_claims or sub.under_claims:
        t.add_row("claims", f"{len(sub.over_claims)} over / {len(sub.under_claims)} under",
                  plain("; ".join(f'"{q.text}"' for q in (sub.over_claims + sub.under_claims)[:2])))
    if sub.restating:
        t.add_row("restating", str(len(sub.restating)), plain(_short(sub.restating[0].text)))
    t.add_row("ending", "trails off" if e.trails_off else "lands",
              plain(f'"{e.quote.text}"' if e.quote else _short(s.conclusion)))
    out.append(t)
    return Group(*out)


def _short(text: str | None, n: int = 60) -> str:
    if not text:
        return ""
    return text if len(text) <= n else text[:n - 3].rstrip() + "..."


def _tips(r: Report) -> Group:
    out = [Text("\nWhat to work on", style="bold")]
    if not r.feedback:
        out.append(Text("Nothing stands out: this answer is on target on every measure."))
    for n, tip in enumerate(r.feedback, 1):
        line = Text(f"{n}. ", style="bold")
        line.append(clean(tip.message))
        if tip.evidence:
            line.append(f'\n   at {_clock(tip.evidence.start_s)}: "{clean(tip.evidence.text)}"',
                        style="dim")
        out.append(line)
    if r.encouragement:
        out.append(Text("\nWhat went well", style="bold green"))
        out.extend(Padding(plain("- " + s), (0, 0, 0, 0)) for s in r.encouragement)
    return Group(*out)


def _clock(seconds: float) -> str:
    m, s = divmod(max(seconds, 0.0), 60)
    return f"{int(m)}:{s:04.1f}"
