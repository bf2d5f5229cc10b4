"""The command line: parses, calls the library, prints. The only module that prints."""

from __future__ import annotations

import logging
import sys

import click

from rehearse import __version__
from rehearse.commands.console import say
from rehearse.errors import RehearseError

EXIT_INTERRUPTED = 130


class RehearseGroup(click.Group):
    """Turns every ``RehearseError`` into one line on stderr and its exit code."""

    def make_context(self, *args, **kwargs) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.ClickException as exc:
            _clean_message(exc)
            raise

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RehearseError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            say(f"Error: {exc}", err=True, fg="red")
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            say("Interrupted.", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except click.ClickException as exc:
            _clean_message(exc)
            raise
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # never a traceback for the user, unless asked
            if ctx.obj and ctx.obj.get("debug"):
                raise
            say(f"Error: unexpected failure: {type(exc).__name__}: {exc} "
                "(run with --debug for details)", err=True, fg="red")
            ctx.exit(1)


class _SafeFormatter(logging.Formatter):
    """Log lines name files and questions too: the same ``clean`` as every other line."""

    def format(self, record: logging.LogRecord) -> str:
        from rehearse.report.render.safe import clean

        return clean(super().format(record), newlines=True)


def _clean_message(exc: click.ClickException) -> None:
    """Click quotes what the user typed (a bad value, a file name): show it, never run it."""
    from rehearse.report.render.safe import clean

    exc.message = clean(exc.message)


@click.group(cls=RehearseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rehearse")
@click.option("--debug", is_flag=True, help="Show full tracebacks and debug logging.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """rehearse: a private, offline rehearsal coach for job interviews."""
    ctx.obj = {"debug": debug}
    handler = logging.StreamHandler()
    handler.setFormatter(_SafeFormatter("%(name)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, handlers=[handler])
    _keep_home_private()
    _recover_crashed_recordings()


def _keep_home_private() -> None:
    """A data directory that other accounts can read is made private, once, and we say so."""
    from rehearse.home import tighten

    done = tighten()
    if done is None:
        return
    if done.failed:
        say(f"Warning: the data directory {done.home} is readable by other accounts "
                    f"(mode {done.old_mode:o}) and could not be made private: {done.failed}",
                    err=True, fg="yellow")
        return
    say(f"Made the data directory {done.home} private (mode {done.old_mode:o} -> 700, "
               f"{done.changed} entries inside narrowed to owner only).", err=True)


def _recover_crashed_recordings() -> None:
    """Whatever the command, first repair recordings that a crash left unfinished."""
    from rehearse.home import recordings_dir
    from rehearse.capture.recording_file import PARTIAL_SUFFIX

    folder = recordings_dir()
    if folder.is_dir() and any(folder.glob("*" + PARTIAL_SUFFIX)):  # cheap: no numpy unless needed
        from rehearse.commands.record import recover_and_tell

        recover_and_tell()


def main() -> None:
    from rehearse.commands import register

    register(cli)
    cli(prog_name="rehearse")


if __name__ == "__main__":
    sys.exit(main())
