"""What the user sees and presses while recording: countdown, live screen, ways to stop.

On a terminal: a rich live panel on stderr (question, elapsed/remaining, dBFS meter, hints);
Enter stops, Ctrl-C stops and keeps. Without a terminal (pipes, tests) no screen and no
countdown: a line or end-of-file on stdin stops, or the time limit does; stdin that is
/dev/null or closed is ignored.
"""

from __future__ import annotations

import os
import select
import stat
import sys
import time

from rehearse.capture.meter import FLOOR_DB
from rehearse.commands.console import say

WARN_BEFORE_S = 15.0  # seconds before the limit when the screen warns
METER_FLOOR_DB = -60.0  # left end of the meter bar
TICK_S = 0.1  # screen refresh and stdin poll interval
LIVE_WORDS = 14  # the running transcript shows this many last words
KEYS = "Enter: stop and get the report   Ctrl-C: stop"  # the panel's subtitle


class StdinStop:
    """Polls stdin without a thread: Enter (any line) or end-of-file means stop."""

    def __init__(self) -> None:
        self.fd: int | None = None
        try:
            fd = sys.stdin.fileno()
            mode = os.fstat(fd).st_mode
        except (AttributeError, OSError, ValueError):
            return  # no stdin at all
        if os.isatty(fd) or not stat.S_ISCHR(mode):  # a terminal, a pipe or a file
            self.fd = fd

    def wait(self, timeout: float) -> str | None:
        """Wait up to ``timeout`` s; "enter", "eof" or None."""
        if self.fd is None:
            time.sleep(timeout)
            return None
        try:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return None
            data = os.read(self.fd, 4096)
        except (OSError, ValueError):
            self.fd = None
            return None
        if not data:
            self.fd = None  # later waits must not spin on a closed stream
            return "eof"
        return "enter" if b"\n" in data or b"\r" in data else None


def interactive() -> bool:
    """A person at a terminal: stdin and stderr are both terminals."""
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):  # stdin closed or None
        return False


def countdown(seconds: int, stdin: StdinStop, console) -> None:
    """3, 2, 1 on the terminal; Enter skips it."""
    for n in range(seconds, 0, -1):
        console.print(f"[bold]{n}[/]  [dim](Enter to start now)[/]", end="\r")
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            if stdin.wait(min(TICK_S, deadline - time.monotonic())):
                console.print(" " * 40, end="\r")
                return
    console.print(" " * 40, end="\r")


def fmt_clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def meter_bar(db: float, *, width: int = 30) -> str:
    share = min(1.0, max(0.0, (db - METER_FLOOR_DB) / -METER_FLOOR_DB))
    filled = int(round(share * width))
    colour = "red" if db > -3 else "yellow" if db > -12 else "green"
    return f"[{colour}]{'█' * filled}[/][dim]{'·' * (width - filled)}[/]"


def screen(recorder, *, question: str | None, max_seconds: float, words=None, keys: str = KEYS):
    """The live panel. ``words``: a function giving the words transcribed so far, to show
    the running transcript and filler count (``record --live-transcript``), or None."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from rehearse.report.render.safe import plain

    elapsed = recorder.elapsed_s
    left = max_seconds - elapsed
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("time", f"{fmt_clock(elapsed)} elapsed, {fmt_clock(left)} left")
    db = recorder.meter.peak_db
    level = "silence" if db <= FLOOR_DB else f"{db:5.1f} dBFS"
    grid.add_row("level", f"{meter_bar(db)} {level}")
    hint = recorder.meter.hint()
    if hint:
        grid.add_row("", f"[yellow]{hint}[/]")
    if left <= WARN_BEFORE_S:
        grid.add_row("", f"[bold red]{int(left) + 1} s left: time to wrap up[/]")
    if words is not None:
        from rehearse.measure.words import is_hesitation

        said = words()
        tail = " ".join(w.text for w in said[-LIVE_WORDS:])
        grid.add_row("you said", plain(("... " if len(said) > LIVE_WORDS else "") + tail or "(listening)"))
        grid.add_row("fillers", str(sum(is_hesitation(w.norm) for w in said)))
    if recorder.capture.overflows:
        grid.add_row("", f"[red]{recorder.capture.overflows} input overflow(s): audio was lost[/]")
    title = Text("Recording", style="bold") + plain(f"  {question or ''}")
    return Panel(grid, title=title, title_align="left", subtitle=keys, subtitle_align="left")


def run(recorder, *, question: str | None, max_seconds: float, stdin: StdinStop,
        console=None, words=None, over=None, keys: str = KEYS) -> str:
    """Record until something stops it; returns why: limit, enter, eof, interrupt, failure,
    or "silence" when ``over()`` (the end of an answer detected) turns True."""
    if console is not None:
        from rich.live import Live

        with Live(screen(recorder, question=question, max_seconds=max_seconds, words=words, keys=keys), console=console,
                  refresh_per_second=10, transient=True) as live:
            return _loop(recorder, max_seconds, stdin, lambda: live.update(
                screen(recorder, question=question, max_seconds=max_seconds, words=words, keys=keys)), over)
    warned = [False]

    def line_updates() -> None:
        if not warned[0] and max_seconds - recorder.elapsed_s <= WARN_BEFORE_S and max_seconds > WARN_BEFORE_S:
            warned[0] = True
            say(f"{WARN_BEFORE_S:.0f} s left.", err=True)

    return _loop(recorder, max_seconds, stdin, line_updates, over)


def _loop(recorder, max_seconds: float, stdin: StdinStop, update, over=None) -> str:
    try:
        while True:
            if recorder.failure:
                return "failure"
            if over is not None and over():
                return "silence"
            if recorder.elapsed_s >= max_seconds:
                return "limit"
            event = stdin.wait(TICK_S)
            if event:
                return event
            update()
    except KeyboardInterrupt:
        return "interrupt"
