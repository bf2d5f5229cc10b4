"""`rehearse history | show | compare | progress | delete | export`."""

from __future__ import annotations

import dataclasses
import json
import sys

import click

from rehearse.commands.console import echo_json, say
from rehearse.commands.output import print_with_history
from rehearse.errors import UsageError
from rehearse.history.transfer import summary
from rehearse.report.render.safe import clean


def _echo_json(data) -> None:
    echo_json(json.dumps(data, indent=2, ensure_ascii=False, default=_jsonable))


def _jsonable(obj):
    if dataclasses.is_dataclass(obj):
        return dataclasses.asdict(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


def _rows(store, question, *, with_reports: bool = False):
    from rehearse.history.keeping import rows_of

    return rows_of(store, question, with_reports=with_reports)


def _get(store, rehearsal_id: int):
    from rehearse.history.keeping import get

    return get(store, rehearsal_id)


def _print(renderable) -> None:
    from rehearse.commands.console import stdout_console

    stdout_console().print(renderable)


@click.command()
@click.option("--question", "-q", help="Only the attempts at this question.")
@click.option("--sessions", is_flag=True, help="List the mock interviews instead (`rehearse interview`).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def history(question, sessions, as_json) -> None:
    """List your rehearsals: date, question, length, pace, fillers, long pauses."""
    from rehearse.report.render.history import history_table
    from rehearse.history import open_store

    if sessions:
        _list_sessions(as_json)
        return
    with open_store() as store:
        rows = _rows(store, question)
    if as_json:
        _echo_json({"database": str(store.path), "rehearsals": [summary(r) for r in rows]})
        return
    if not rows:
        say("No rehearsals yet." if not question else f"No rehearsals of {question!r} yet.")
        return
    _print(history_table(rows, title=f"Rehearsals ({len(rows)})"))


def _list_sessions(as_json: bool) -> None:
    from rehearse.history import open_store
    from rehearse.report.render.session import sessions_table

    with open_store() as store:
        found = store.sessions()
    if as_json:
        _echo_json({"database": str(store.path), "sessions": [dataclasses.asdict(s) for s in found]})
        return
    if not found:
        say("No mock interviews yet: start one with `rehearse interview`.")
        return
    _print(sessions_table(found))
    say("Show one again with: rehearse show --session ID")


def _show_session(session_id: int, as_json: bool) -> None:
    """A session's report again, rebuilt from its answers' stored reports."""
    from rehearse.coach.session import Answer, session_report
    from rehearse.commands.interview import show_session
    from rehearse.history import open_store
    from rehearse.report import from_dict

    with open_store() as store:
        found = store.sessions(session_id=session_id)
        if not found:
            raise UsageError(f"there is no session {session_id} (see `rehearse history --sessions`)")
        rows = store.rehearsals(session_id=session_id, with_reports=True)
    s = found[0]
    answers = [Answer(r.session_role or "question", r.question or "", from_dict(r.report), r.id)
               for r in rows]
    report = session_report(answers, session_id=s.id, started_at=s.started_at,
                            ended=s.ended or "interrupted")
    show_session(report, [a.report for a in answers], as_json=as_json)


@click.command()
@click.argument("rehearsal_id", type=int, required=False)
@click.option("--session", "session_id", type=int, metavar="ID",
              help="Show the report of a mock interview instead (see `history --sessions`).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), metavar="FILE.html",
              help="Write the report as one self-contained HTML page, audio included, that "
                   "opens in any browser offline.")
def show(rehearsal_id, session_id, as_json, html_path) -> None:
    """Show the full report of one rehearsal again, without transcribing it again."""
    from rehearse.history.keeping import with_history
    from rehearse.report import from_dict
    from rehearse.history import open_store

    if (rehearsal_id is None) == (session_id is None):
        raise UsageError("give a rehearsal id or --session ID (one of them)")
    if session_id is not None:
        _show_session(session_id, as_json)
        return
    with open_store() as store:
        r, block = with_history(store, rehearsal_id)
    if html_path:
        from rehearse.studio.share import write_html

        write_html(r, block, html_path)
        say(f"Report written to {html_path}")
        return
    print_with_history(from_dict(r.report), block, as_json=as_json)


@click.command()
@click.argument("ids", nargs=-1, type=int)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def compare(ids, as_json) -> None:
    """Compare two rehearsals, A then B (default: the last two attempts of one question)."""
    from rehearse.history import targets
    from rehearse.history.progress import compare as compare_pair
    from rehearse.report.render.history import comparison
    from rehearse.history import open_store

    if len(ids) not in (0, 2):
        raise UsageError("give two rehearsal ids (A B), or none for the last two attempts "
                         "of the same question")
    with open_store() as store:
        if ids:
            a, b = _get(store, ids[0]), _get(store, ids[1])
        else:
            a, b = _default_pair(store)
    result = compare_pair(a, b, targets(b.report))
    if as_json:
        out = dataclasses.asdict(result)
        for side in ("a", "b"):
            out[side].pop("report")
        _echo_json(out)
        return
    _print(comparison(result))


def _default_pair(store):
    """The newest rehearsal and the attempt before it at the same question.

    Falls back to the last two rehearsals when no question has two attempts.
    """
    rows = store.rehearsals()
    if len(rows) < 2:
        raise UsageError("compare needs two rehearsals; there "
                         f"{'is only one' if rows else 'are none'} yet")
    for i in range(len(rows) - 1, 0, -1):
        key = rows[i].question_key
        if key is None:
            continue
        earlier = next((r for r in reversed(rows[:i]) if r.question_key == key), None)
        if earlier is not None:
            return _get(store, earlier.id), _get(store, rows[i].id)
    return _get(store, rows[-2].id), _get(store, rows[-1].id)


@click.command()
@click.option("--question", "-q", help="Only the attempts at this question.")
@click.option("--chart", "chart_path", type=click.Path(dir_okay=False), metavar="FILE.png",
              help="Also draw the trends as a PNG chart, one panel per metric.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def progress(question, chart_path, as_json) -> None:
    """Trends per key metric: series, personal best, recent median, direction."""
    from rehearse.history import targets
    from rehearse.history.progress import progress as progress_of
    from rehearse.report.render.history import progress_table
    from rehearse.history import open_store

    with open_store() as store:
        rows = _rows(store, question)
        latest = store.get(rows[-1].id) if rows else None
    if not rows:
        raise UsageError("no rehearsals yet" + (f" of {question!r}" if question else ""))
    items = progress_of(rows, targets(latest.report))
    if chart_path:
        from rehearse.history.chart import draw_progress

        title = f"Progress: {question}" if question else "Progress"
        draw_progress(items, chart_path, title=title)
    if as_json:
        _echo_json({"question": question, "rehearsals": len(rows), "chart": chart_path,
                    "metrics": [dataclasses.asdict(p) for p in items]})
        return
    _print(progress_table(items, count=len(rows), question=question))
    if chart_path:
        say(f"Chart written to {chart_path}")


@click.command()
@click.argument("rehearsal_id", type=int)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def delete(rehearsal_id, yes) -> None:
    """Delete one rehearsal, and its audio if rehearse recorded it."""
    from rehearse.history import open_store
    from rehearse.history.keeping import forget, owned_audio

    with open_store() as store:
        r = _get(store, rehearsal_id)
        audio = owned_audio(r.audio_path)
        what = f"rehearsal {r.id} ({r.created_at[:16].replace('T', ' ')}, {r.question or 'no question'})"
        if audio is not None:
            what += f" and its audio {audio}"
        if not yes and not click.confirm(clean(f"Delete {what}?"), default=False):
            say("Nothing deleted.")
            return
        forget(store, r)
    say(f"Deleted {what}.")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="csv: one row per rehearsal with its metrics; "
                                      "json: every rehearsal with its whole report.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=str),
              metavar="FILE", help="Write to FILE (readable by you only) instead of stdout.")
@click.option("--with-audio", is_flag=True,
              help="Also pack every rehearsal's audio: a zip for `rehearse import` (needs -o).")
def export(fmt, output, with_audio) -> None:
    """Write every rehearsal to standard output or a file (`rehearse import` reads JSON and zip)."""
    from rehearse.history import open_store
    from rehearse.history.keeping import csv_text

    if with_audio or (output and fmt == "json"):
        from rehearse.history.transfer import export_history

        if not output:
            raise UsageError("--with-audio writes a zip: give it a file with --output FILE.zip")
        with open_store() as store:
            done = export_history(store, output, with_audio=with_audio)
        audio = (f", {done.audio_files} audio file(s)" if with_audio else "") + \
            (f" ({done.missing_audio} audio file(s) no longer exist)" if done.missing_audio else "")
        say(f"Exported {done.rehearsals} rehearsal(s){audio} to {done.path}", err=True)
        return
    with open_store() as store:
        rows = store.rehearsals(with_reports=fmt == "json")
    if fmt == "json":
        _echo_json([{**summary(r), "report": r.report} for r in rows])
        return
    text = csv_text(rows)
    # To a file the rows stay exact; on a terminal, control codes in them are shown, not run.
    if output:
        from rehearse.home import private_file

        try:
            with private_file(output, binary=False) as f:
                f.write(text)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc
        say(f"Exported {len(rows)} rehearsal(s) to {output}", err=True)
        return
    sys.stdout.write(clean(text, newlines=True) if sys.stdout.isatty() else text)


COMMANDS = (history, show, compare, progress, delete, export)
