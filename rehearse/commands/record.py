"""`rehearse record`, `rehearse devices`, `rehearse questions`: rehearse at the microphone."""

from __future__ import annotations

import click

from rehearse.commands.analyze import report_options, targets_from
from rehearse.commands.console import say
from rehearse.commands.output import keep_and_show

COUNTDOWN_S = 3  # seconds of countdown before recording, on a terminal
EXIT_INTERRUPTED = 130


def recover_and_tell() -> None:
    """Repair recordings a crash left unfinished, and say so on stderr."""
    from rehearse.home import recordings_dir
    from rehearse.capture.recording_file import recover_unfinished

    for r in recover_unfinished(recordings_dir()):
        if r.path is None:
            say("Removed an unfinished recording that held no audio.", err=True)
            continue
        about = f" for {r.question!r}" if r.question else ""
        say(f"Recovered an unfinished recording{about} ({r.duration_s:.1f} s, "
                   f"started {r.started or 'earlier'}): {r.path}", err=True)
        say(f"  Get its report with: rehearse analyze {_quote(str(r.path))}"
                   + (f" --question {_quote(r.question)}" if r.question else ""), err=True)


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


@click.command()
@click.option("--random", "pick_random", is_flag=True,
              help="Ask a random question from the bank (the default without --question).")
@click.option("--group", metavar="NAME",
              help="With --random: pick from this group (see `rehearse questions`).")
@click.option("--max-seconds", type=click.FloatRange(min=1), default=180, show_default=True,
              help="Stop recording after this many seconds.")
@click.option("--device", "-d", metavar="NAME",
              help="Input device: a name, part of one, or an index (see `rehearse devices`).")
@click.option("--no-analyze", is_flag=True, help="Only keep the audio; no report.")
@click.option("--no-countdown", is_flag=True, help="Start recording at once.")
@click.option("--live-transcript", is_flag=True,
              help="Show the words and the filler count on the screen as you speak.")
@report_options
def record(pick_random, group, max_seconds, device, no_analyze, no_countdown, live_transcript,
           question, model, as_json, target_wpm, target_length, no_save, points) -> None:
    """Ask a question, record your answer at the microphone, then report on it."""
    from rehearse.commands import live_screen
    from rehearse.errors import UsageError
    from rehearse.home import recordings_dir
    from rehearse.capture import Recorder
    from rehearse.pipeline import listen_while_recording

    if question and (pick_random or group):
        raise UsageError("give either --question or --random/--group, not both")
    targets = targets_from(target_wpm, target_length)
    if not question:
        from rehearse.coach import pick

        chosen = pick(group=group)
        question = chosen.text
    from rehearse.commands.points import points_for

    wanted = points_for(question, points, save=not no_save)
    choice = None
    if not no_analyze:
        from rehearse.speech import resolve_model

        choice = resolve_model(model)  # a bad --model fails now, not after the answer
    recorder = Recorder(directory=recordings_dir(), device=device, question=question,
                        max_seconds=max_seconds)
    console = None
    if live_screen.interactive():
        from rich.console import Console

        console = Console(stderr=True, highlight=False)
    stdin = live_screen.StdinStop()
    say(f"Question: {question}", err=True, bold=True)
    if wanted:
        say("Your talking points: " + "; ".join(wanted), err=True)
    if choice is not None:
        from rehearse.speech import preload

        preload(choice)  # the model loads while the countdown runs; the report waits for it
    live = listen_while_recording(recorder, choice)
    if console is not None and not no_countdown:
        try:
            live_screen.countdown(COUNTDOWN_S, stdin, console)
        except KeyboardInterrupt:
            say("Cancelled before recording started.", err=True)
            raise SystemExit(EXIT_INTERRUPTED)
    recorder.start()
    if console is None:
        say(f"Recording to {recorder.path} (at most {max_seconds:g} s; "
                   "a line or end of input on stdin stops it).", err=True)
    words = (lambda: live.words_so_far) if live_transcript and live is not None else None  # noqa: E731
    why = live_screen.run(recorder, question=question, max_seconds=max_seconds, stdin=stdin, words=words,
                          console=console)
    failure = recorder.failure if why == "failure" else None
    result = recorder.stop()
    _tell_stopped(result, why, failure, as_json=as_json)
    if failure:
        from rehearse.errors import DeviceError

        if live is not None:
            live.stop()
        raise DeviceError(f"{failure} (kept {result.duration_s:.1f} s in {result.path})")
    if no_analyze:
        return
    _report(result, question=question, choice=choice, live=live, targets=targets, points=wanted,
            as_json=as_json, save=not no_save, interactive=console is not None)


def _tell_stopped(result, why: str, failure: str | None, *, as_json: bool) -> None:
    reasons = {"limit": "time limit reached", "enter": "stopped", "eof": "end of input",
               "interrupt": "stopped with Ctrl-C; the audio is kept", "failure": "device failed"}
    why = failure if why == "failure" and failure else reasons.get(why, why)
    say(f"Recorded {result.duration_s:.1f} s ({why}).", err=True)
    if result.overflows:
        lost = f", about {result.dropped_frames / result.sample_rate:.2f} s lost" \
            if result.dropped_frames else ""
        say(f"Warning: the input overflowed {result.overflows} time(s){lost}: "
                    "the machine could not keep up with the microphone.", err=True, fg="yellow")
    say(f"Recording saved: {result.path}", err=as_json)


def _report(result, *, question, choice, live, targets, points, as_json: bool, save: bool,
            interactive: bool) -> None:
    from rehearse.commands.console import progress_bar
    from rehearse.errors import AudioError
    from rehearse.pipeline import analyze_recording
    from rehearse.report.render.safe import clean

    try:
        with progress_bar() as update:
            report = analyze_recording(result.path, choice=choice, live=live, question=question,
                                       targets=targets, on_stage=update, points=points)
    except KeyboardInterrupt:
        # The second Ctrl-C: the first one stopped the recording and kept it.
        discard = False
        if interactive:
            try:
                discard = click.confirm(clean(f"Discard the recording {result.path.name}?"),
                                        default=False, err=True)
            except click.Abort:
                discard = False
        if discard:
            result.path.unlink(missing_ok=True)
            say("Recording discarded.", err=True)
        else:
            say(f"Kept {result.path}; get its report later with: rehearse analyze "
                       f"{_quote(str(result.path))}", err=True)
        raise SystemExit(EXIT_INTERRUPTED)
    keep_and_show(report, as_json=as_json, save=save)
    if not report.speech_found:
        raise AudioError(f"no speech found in {result.path}: check the microphone with "
                         "`rehearse devices` and watch the level meter")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def devices(as_json: bool) -> None:
    """List the input devices (microphones); the default is marked."""
    from rehearse.capture import list_input_devices

    found = list_input_devices()
    if as_json:
        import json

        click.echo(json.dumps([d.__dict__ for d in found], indent=2))
        return
    if not found:
        say("No input devices found: plug in a microphone or start the sound server.")
        return
    from rich.table import Table

    from rehearse.commands.console import stdout_console
    from rehearse.report.render.safe import plain

    table = Table(title="Input devices (use the name or index with --device)", title_justify="left")
    for col in ("", "index", "name", "host API", "channels", "native rate"):
        table.add_column(col)
    for d in found:
        table.add_row("*" if d.is_default else "", str(d.index), plain(d.name), plain(d.hostapi),
                      str(d.max_input_channels), f"{d.default_samplerate:g} Hz")
    stdout_console().print(table)
    say("* the default device")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def questions(as_json: bool) -> None:
    """List the interview questions `record` asks, by group, and where to add your own."""
    from rehearse.coach.questions import all_questions, own_questions_path

    found = all_questions()
    if as_json:
        import json

        click.echo(json.dumps([q.__dict__ for q in found], indent=2))
        return
    group = None
    for q in found:
        if q.group != group:
            group = q.group
            if q is not found[0]:
                say()
            say(group.capitalize(), bold=True)
        say(f"  {q.text}")
    from rehearse.coach.questions import CURVEBALLS, FOLLOW_UPS

    say()
    say("Follow-ups (`rehearse interview`), by what the answer lacked", bold=True)
    for reason, texts in FOLLOW_UPS.items():
        say(f"  {reason}: " + " / ".join(texts))
    say()
    say("Curveballs (`rehearse interview --curveball`)", bold=True)
    for text in CURVEBALLS:
        say(f"  {text}")
    say()
    say(f"Add your own, one a line ('# group' lines start a group), to "
               f"{own_questions_path()}")


COMMANDS = (record, devices, questions)
