"""Terminal facts the CLI needs: is this a terminal, colour or not, where progress goes."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager


def stdout_console():
    from rich.console import Console

    tty = sys.stdout.isatty()
    # No colour when piped, or when the user asks for none (https://no-color.org).
    return Console(file=sys.stdout, no_color=not tty or "NO_COLOR" in os.environ,
                   highlight=False, width=None if tty else 100)


@contextmanager
def progress_bar():
    """Yields ``update(stage, share)``; draws a bar on stderr only if it is a terminal."""
    if not sys.stderr.isatty():
        yield lambda stage, share: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description:<14}"), BarColumn(), TaskProgressColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("starting", total=1.0)

        def update(stage: str, share: float) -> None:
            bar.update(task, description=stage, completed=share)

        yield update


def say(message: object = "", *, err: bool = False, nl: bool = True, **style) -> None:
    """Print one line for the user: ``click.secho`` with user text made safe (``clean``: a
    newline in a question or a file name shows as ``\\x0a``, so a message stays one line)."""
    import click

    from rehearse.report.render.safe import clean

    click.secho(clean(message), err=err, nl=nl, **style)


def echo_json(text: str) -> None:
    """Print JSON text made by ``json.dumps(..., ensure_ascii=False)``, terminal-safe."""
    import click

    from rehearse.report.render.safe import json_text

    click.echo(json_text(text))
