"""`rehearse import` (an export from another machine) and `rehearse forget` (everything)."""

from __future__ import annotations

import click

from rehearse.commands.console import say


@click.command(name="import")
@click.argument("export_file", type=click.Path(exists=True, dir_okay=False, path_type=str))
def import_(export_file) -> None:
    """Add the rehearsals of EXPORT_FILE (from `rehearse export`) to your history, once."""
    from rehearse.history import open_store
    from rehearse.history.transfer import import_history

    with open_store() as store:
        done = import_history(store, export_file)
    parts = [f"Imported {done.added} rehearsal(s)"]
    if done.audio_files:
        parts.append(f"{done.audio_files} audio file(s) into the recordings folder")
    if done.already_there:
        parts.append(f"{done.already_there} already in your history (skipped)")
    if done.unreadable:
        parts.append(f"{done.unreadable} unreadable (skipped)")
    say("; ".join(parts) + ".")


@click.command()
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def forget(yes) -> None:
    """Remove every recording, the whole history and the caches from the data directory."""
    from rehearse.errors import UsageError
    from rehearse.history.transfer import forget as forget_all, inventory
    from rehearse.studio.running import studio_running

    if studio_running():  # it may be analysing or saving: refuse rather than lose that
        raise UsageError("a studio is running on this data directory: stop it (Ctrl-C where "
                         "`rehearse studio` runs), then run `rehearse forget` again. "
                         "Nothing removed.")
    inv = inventory()
    if inv.empty:
        say(f"Nothing to forget in {inv.home}.")
        return
    rehearsals = "a damaged history" if inv.rehearsals < 0 else f"{inv.rehearsals} rehearsal(s)"
    what = (f"{len(inv.recordings)} recording file(s) ({_size(inv.recording_bytes)}), "
            f"the history ({rehearsals}) and {len(inv.caches)} cache(s) in {inv.home}")
    if not yes and not click.confirm(_clean(f"Remove {what}? This cannot be undone"), default=False):
        say("Nothing removed.")
        return
    done = forget_all(inv)
    say(f"Removed {done.recordings} recording file(s) ({_size(done.recording_bytes)}), "
        f"the history ({rehearsals}: {done.database_files} database file(s)) and "
        f"{done.caches} cache(s)"
        + (": " + ", ".join(p.name for p in inv.caches) if inv.caches else "") + ".")
    for p in done.in_use:
        say(f"Left {p}: another rehearse is still recording into it.", err=True)
    if inv.kept:
        say("Kept (not made by rehearse): " + ", ".join(p.name for p in inv.kept))


def _clean(text: str) -> str:
    from rehearse.report.render.safe import clean

    return clean(text)


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} kB"


COMMANDS = (import_, forget)
