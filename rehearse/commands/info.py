"""`rehearse where` and `rehearse models`."""

from __future__ import annotations

import click

from rehearse.commands.console import say
from rehearse.home import data_home, models_dir


@click.command()
def where() -> None:
    """Print the data directory (set REHEARSE_HOME to move it)."""
    say(str(data_home()))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def models(as_json: bool) -> None:
    """List the speech models available offline, and where they live."""
    from rehearse.speech.models import available_models

    found = available_models()
    if as_json:
        import json

        click.echo(json.dumps({"models_dir": str(models_dir()),
                               "models": [m.__dict__ for m in found]}, indent=2))
        return
    from rich.table import Table

    from rehearse.commands.console import stdout_console
    from rehearse.report.render.safe import plain

    table = Table(title=plain(f"Speech models (models directory: {models_dir()})", "italic"),
                  title_justify="left")
    for col in ("name", "status", "location"):
        table.add_column(col)
    for m in found:
        table.add_row(plain(m.name), plain(m.status), plain(m.location))
    stdout_console().print(table)
    say("Any other faster-whisper model name works with --model when online.")


COMMANDS = (where, models)
