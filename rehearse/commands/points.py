"""`rehearse points`: the talking points kept for a question, which every report checks."""

from __future__ import annotations

import click

from rehearse.commands.console import echo_json, say


def points_for(question: str | None, given: str | None, *, save: bool) -> tuple[str, ...]:
    """The talking points for this attempt: ``--points`` if given (then kept for the question
    when ``save``), else the ones kept in the history, else the ones in questions.txt."""
    from rehearse.coach import split_points
    from rehearse.errors import StoreError
    from rehearse.history import exists, open_store

    if given is not None:
        points = split_points(given)
        if question and save:
            try:
                with open_store() as store:
                    store.set_points(question, points) if points else store.clear_points(question)
            except StoreError as exc:
                say(f"Warning: talking points not kept: {exc}", err=True, fg="yellow")
        return points
    if not question:
        return ()
    if exists():
        try:
            with open_store() as store:
                kept = store.points(question)
            if kept is not None:
                return kept
        except StoreError as exc:
            say(f"Warning: kept talking points not read: {exc}", err=True, fg="yellow")
    return _from_questions_file(question)


def _from_questions_file(question: str) -> tuple[str, ...]:
    from rehearse.coach.questions import own_questions
    from rehearse.history import normalise_question

    key = normalise_question(question)
    return next((q.points for q in own_questions() if normalise_question(q.text) == key), ())


@click.command()
@click.argument("question", required=False)
@click.option("--set", "set_to", metavar='"A; B; C"', help="Keep these points for QUESTION.")
@click.option("--clear", is_flag=True, help="Forget the points kept for QUESTION.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def points(question, set_to, clear, as_json) -> None:
    """Show or set the talking points for QUESTION (every question with points if none)."""
    import json

    from rehearse.coach import split_points
    from rehearse.errors import UsageError
    from rehearse.history import exists, open_store

    if (set_to is not None or clear) and not question:
        raise UsageError("name the question: rehearse points \"QUESTION\" --set \"a; b\"")
    if set_to is not None and clear:
        raise UsageError("give either --set or --clear, not both")
    if not question:
        rows = []
        if exists():
            with open_store() as store:
                rows = store.all_points()
        if as_json:
            echo_json(json.dumps([{"question": q, "points": list(p)} for q, p in rows], indent=2,
                                  ensure_ascii=False))
            return
        if not rows:
            say('No talking points kept yet. Set some with: rehearse points "QUESTION" --set "a; b"')
        for q, p in rows:
            say(q, bold=True)
            for item in p:
                say(f"  - {item}")
        return
    source = "history"
    if clear:
        with open_store() as store:
            store.clear_points(question)
        found: tuple[str, ...] = ()
    elif set_to is not None:
        found = split_points(set_to)
        if not found:
            raise UsageError("--set needs at least one point; use --clear to forget them")
        with open_store() as store:
            store.set_points(question, found)
    else:
        found = points_for(question, None, save=False)
        if found and not (exists() and _kept(question)):
            source = "questions.txt"
    if as_json:
        echo_json(json.dumps({"question": question, "points": list(found),
                               "source": source if found else None}, indent=2, ensure_ascii=False))
        return
    if not found:
        say(f"No talking points for {question!r}." + ("" if clear else
                   ' Set them with --set "a; b" or with --points on analyze or record.'))
        return
    say(f"Talking points for {question!r} ({source}):", bold=True)
    for item in found:
        say(f"  - {item}")


def _kept(question: str) -> bool:
    from rehearse.history import open_store

    with open_store() as store:
        return store.points(question) is not None


COMMANDS = (points,)
