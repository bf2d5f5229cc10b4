"""Keeping a finished report and showing it with the history comparison: what `analyze`,
`record` and `show` share (JSON gains a ``history`` block; all other keys are unchanged)."""

from __future__ import annotations

import dataclasses
import json

from rehearse.commands.console import echo_json, say


def keep_and_show(report, *, as_json: bool, save: bool) -> None:
    """What every command that makes a report does with it: keep it, show it against history.

    Saving happens only here, after the analysis has finished: a failed or interrupted
    analysis writes nothing. A report without speech is not kept. If the history cannot be
    opened the report is still printed, and then the ``StoreError`` is raised when saving was
    asked for.
    """
    from rehearse.history.keeping import keep
    from rehearse.report import to_dict

    block, failure = keep(to_dict(report), save=save)
    print_with_history(report, block, as_json=as_json)
    if failure is not None:
        if save and report.speech_found:
            raise failure
        say(f"Warning: history not shown: {failure}", err=True, fg="yellow")


def print_with_history(report, block, *, as_json: bool) -> None:
    """Print ``report`` as JSON or for the terminal, with its history ``block`` if any."""
    from rehearse.report import get_writer

    if as_json:
        data = json.loads(get_writer("json").render(report))
        data["history"] = None if block is None else dataclasses.asdict(block)
        echo_json(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from rehearse.commands.console import stdout_console
    from rehearse.report.render.history import history_block

    stdout_console().print(get_writer("terminal").render(report))
    if block is not None:
        stdout_console().print(history_block(block))
