"""`rehearse where` and `rehearse models`."""

from __future__ import annotations

import click

from rehearse.home import data_home, models_dir


@click.command()
def where() -> None:
    """Print the data directory (set REHEARSE_HOME to move it)."""
    click.echo(str(data_home()))


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

    table = Table(title=f"Speech models (models directory: {models_dir()})", title_justify="left")
    for col in ("name", "status", "location"):
        table.add_column(col)
    for m in found:
        table.add_row(m.name, m.status, m.location)
    stdout_console().print(table)
    click.echo("Any other faster-whisper model name works with --model when online.")


COMMANDS = (where, models)
