"""One module per group of commands, so each stays small; ``register`` adds them all."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    from rehearse.commands import analyze, info
    from rehearse.commands import history
    from rehearse.commands import interview, points, record
    from rehearse.commands import studio, transfer

    for module in (analyze, info, history, record, interview, points, transfer, studio):
        for command in module.COMMANDS:
            cli.add_command(command)
