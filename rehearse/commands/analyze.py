"""`rehearse analyze FILE`: the fluency report for any recording."""

from __future__ import annotations

import click


def _range(text: str) -> tuple[float, float]:
    try:
        lo, hi = (float(x) for x in text.split("-", 1))
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a range like 120-160") from None
    if not 0 < lo < hi:
        raise click.BadParameter(f"{text!r}: the low end must be positive and below the high end")
    return lo, hi


def report_options(f):
    """Options shared by every command that produces a report."""
    for option in reversed((
        click.option("--question", "-q", help="The interview question this answers."),
        click.option("--model", "-m", default=None, metavar="NAME|DIR",
                     help="Speech model: tiny.en (default), base, a model directory, a name "
                          "under the models directory, or any faster-whisper name (online)."),
        click.option("--json", "as_json", is_flag=True, help="Print the report as JSON."),
        click.option("--target-wpm", default="120-160", show_default=True, metavar="LO-HI",
                     help="Pace target range, words per minute."),
        click.option("--target-length", default="60-120", show_default=True, metavar="LO-HI",
                     help="Answer length target range, seconds."),
        click.option("--no-save", is_flag=True, help="Do not keep this rehearsal in the history."),
        click.option("--points", metavar='"A; B; C"',
                     help="Talking points you mean to make, separated by semicolons; kept for "
                          "the question, so later attempts reuse them (see `rehearse points`)."),
    )):
        f = option(f)
    return f


def targets_from(target_wpm: str, target_length: str):
    from rehearse.measure import Targets

    return Targets(wpm=_range(target_wpm), length_s=_range(target_length))


@click.command()
@click.argument("audio_file", type=click.Path(path_type=str))
@report_options
def analyze(audio_file, question, model, as_json, target_wpm, target_length, no_save, points) -> None:
    """Transcribe AUDIO_FILE and report pace, pauses, fillers, rambling and delivery."""
    from rehearse.commands.console import progress_bar
    from rehearse.errors import AudioError
    from rehearse.commands.output import keep_and_show
    from rehearse.pipeline import analyze_file

    from rehearse.commands.points import points_for

    targets = targets_from(target_wpm, target_length)
    wanted = points_for(question, points, save=not no_save)
    with progress_bar() as update:
        report = analyze_file(audio_file, model=model, question=question, targets=targets,
                              on_stage=update, points=wanted)
    keep_and_show(report, as_json=as_json, save=not no_save)
    if not report.speech_found:
        raise AudioError(f"{audio_file}: no speech found")


COMMANDS = (analyze,)
