"""`rehearse interview`: a mock interview, its questions asked aloud one after another.

Each question is spoken by the interviewer voice (or only shown, without it), a short think
time follows, then the answer is recorded until a silence ends it (or Enter, or the time
limit). The answer is analysed while the next question is asked, and kept in the history as
its own rehearsal, linked to the session, as soon as its analysis is done. A follow-up comes
after an answer that lacked something, which needs that answer's report first.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

import click

from rehearse.commands.analyze import targets_from
from rehearse.commands.console import echo_json, say

log = logging.getLogger(__name__)

NO_VOICE_NOTE = ("No interviewer voice ({why}): the questions are shown only.")


class Interviewer:
    """Speaks questions; synthesis runs on one background thread, ahead of time."""

    def __init__(self, *, enabled: bool, output_device: str | None):
        from rehearse.speech import voice

        self.why_silent = None
        if not enabled:
            self.why_silent = "--no-voice"
        elif voice.voice_disabled():
            self.why_silent = f"{voice.NO_VOICE_ENV} is set"
        elif not voice.available():
            self.why_silent = f"to hear the questions: {voice.INSTALL_HINT}"
        self.device = None
        if self.why_silent is None:
            from rehearse.capture.playback import find_output_device

            self.device = find_output_device(output_device)  # a bad name fails before the session
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="interviewer-voice")
        self._speech: dict[str, Future] = {}

    @property
    def speaks(self) -> bool:
        return self.device is not None

    def prepare(self, texts) -> None:
        """Synthesise (or read from the cache) these questions in the background, in order."""
        if not self.speaks:
            return
        from rehearse.speech import voice

        for text in texts:
            if text not in self._speech:
                self._speech[text] = self._pool.submit(voice.speak, text)

    def ask(self, text: str) -> None:
        """Speak ``text`` and return when it has been heard."""
        if not self.speaks:
            return
        from rehearse.capture.playback import play

        from rehearse.errors import RehearseError

        self.prepare([text])
        try:
            speech = self._speech[text].result()
            log.debug("question playing at t=%.3f (%s)", _now(),
                      "cached" if speech.cached else "synthesised")  # this session, ahead of time
            played = play(speech.y, sr=speech.sr, device=self.device)
        except (RehearseError, RuntimeError, OSError) as exc:  # the interview goes on, silently
            say(f"Warning: the interviewer cannot speak ({exc}); the questions are "
                        "shown only from now on.", err=True, fg="yellow")
            self.device = None
            return
        log.debug("question played %.2f s; first block %.3f s after the start, heard until t=%.3f",
                  played.duration_s, played.first_block_at - played.started_at, played.ended_at)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _now() -> float:
    import time

    return time.monotonic()


@click.command()
@click.option("--questions", "count", type=click.IntRange(1, 30), default=5, show_default=True,
              help="How many questions (follow-ups come on top).")
@click.option("--group", metavar="NAME", help="Ask only questions of this group (see `rehearse questions`).")
@click.option("--include-own", is_flag=True, help="Also ask your own questions (questions.txt).")
@click.option("--curveball", is_flag=True, help="Mix in one unusual question that tests improvising.")
@click.option("--follow-ups/--no-follow-ups", default=True, show_default=True,
              help="Ask a follow-up after an answer that lacked something.")
@click.option("--device", "-d", metavar="NAME", help="Input device (see `rehearse devices`).")
@click.option("--output-device", metavar="NAME",
              help="Where the interviewer speaks: a name, part of one, or an index.")
@click.option("--no-voice", is_flag=True,
              help="Show the questions without speaking them (also: REHEARSE_NO_VOICE=1).")
@click.option("--max-seconds", type=click.FloatRange(min=1), default=180, show_default=True,
              help="The longest an answer may run.")
@click.option("--think", type=click.FloatRange(min=0), default=5, show_default=True,
              help="Seconds to think after each question before recording starts (Enter: start now).")
@click.option("--end-silence", type=click.FloatRange(min=0.5), default=3, show_default=True,
              help="A silence this long (after 10 s of speech) ends the answer.")
@click.option("--model", "-m", default=None, metavar="NAME|DIR", help="Speech model, as for `analyze`.")
@click.option("--target-wpm", default="120-160", show_default=True, metavar="LO-HI",
              help="Pace target range, words per minute.")
@click.option("--target-length", default="60-120", show_default=True, metavar="LO-HI",
              help="Answer length target range, seconds.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole session as JSON.")
def interview(count, group, include_own, curveball, follow_ups, device, output_device, no_voice,
              max_seconds, think, end_silence, model, target_wpm, target_length, as_json) -> None:
    """A mock interview: questions asked aloud, your answers recorded, then a session report."""
    from rehearse.capture.sound_card import find_device
    from rehearse.coach.questions import FOLLOW_UPS, groups, interview_questions
    from rehearse.errors import UsageError
    from rehearse.speech import preload, resolve_model

    targets = targets_from(target_wpm, target_length)
    if group and group.lower() not in [g.lower() for g in groups(include_own=include_own)]:
        raise UsageError(f"no question group {group!r}; groups: "
                         + ", ".join(groups(include_own=include_own)))
    questions = interview_questions(count, group=group, include_own=include_own, curveball=curveball)
    choice = resolve_model(model)
    find_device(device)  # no microphone: say so before anything is asked
    interviewer = Interviewer(enabled=not no_voice, output_device=output_device)
    if not interviewer.speaks:
        say(NO_VOICE_NOTE.format(why=interviewer.why_silent), err=True)
    interviewer.prepare([q.text for q in questions])
    if follow_ups:
        interviewer.prepare([t for texts in FOLLOW_UPS.values() for t in texts])
    preload(choice)
    session = _Session(choice=choice, targets=targets, settings={
        "questions": count, "group": group, "include_own": include_own, "curveball": curveball,
        "follow_ups": follow_ups, "think_s": think, "end_silence_s": end_silence,
        "max_seconds": max_seconds, "model": choice.name, "voice": interviewer.speaks})
    try:
        ended = _run(session, questions, interviewer, device=device, max_seconds=max_seconds,
                     think=think, end_silence=end_silence, follow_ups=follow_ups)
    finally:
        interviewer.close()
    _finish(session, ended, as_json=as_json)


class _Session:
    """The session's history record and the analyses of its answers (one at a time, in order)."""

    def __init__(self, *, choice, targets, settings: dict):
        from rehearse.history import open_store

        self.choice, self.targets = choice, targets
        self.started_at = _utc_now()
        with open_store() as store:  # the session exists from the start: a crash keeps it
            self.id = store.start_session(kind="interview", started_at=self.started_at,
                                          settings=settings)
        self.pending: list[Future] = []
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="answer-analysis")

    def submit(self, result, live, *, question: str, role: str) -> Future:
        future = self._pool.submit(self._analyse_and_keep, result, live, question, role)
        self.pending.append(future)
        return future

    def _analyse_and_keep(self, result, live, question: str, role: str):
        from rehearse.capture import load_audio
        from rehearse.coach.session import Answer
        from rehearse.errors import AudioError
        from rehearse.history import open_store
        from rehearse.pipeline import analyze_audio, finish_live
        from rehearse.report import to_dict

        try:
            audio = load_audio(result.path)
        except AudioError as exc:  # e.g. stopped at once: nothing to judge, the file is kept
            log.warning("%s", exc)
            return None
        report = analyze_audio(
            audio, choice=self.choice, question=question, targets=self.targets,
            transcript=None if live is None else (lambda: finish_live(live, audio, self.choice)),
            vad_probs=live.speech_probability(audio.y) if live is not None else None,
            early=live.early_features() if live is not None else None)
        rid = None
        if report.speech_found:
            with open_store() as store:
                rid = store.save(to_dict(report), session_id=self.id, session_role=role)
        log.debug("answer analysed and kept as rehearsal %s at t=%.3f", rid, _now())
        return Answer(role, question, report, rid)

    def answers(self) -> list:
        """Every answer analysed, in order; waits for the ones still running."""
        found = []
        for future in self.pending:
            try:
                answer = future.result()
            except Exception as exc:  # one failed analysis must not cost the others
                log.warning("an answer could not be analysed: %s", exc)
                say(f"Warning: an answer could not be analysed ({exc}); its recording is kept.",
                            err=True, fg="yellow")
                continue
            if answer is not None:
                found.append(answer)
        self._pool.shutdown()
        return found

    def finish(self, ended: str) -> None:
        from rehearse.history import open_store

        with open_store() as store:
            store.finish_session(self.id, finished_at=_utc_now(), ended=ended)


def _utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


ENDED_WITH_CTRL_C = "Interview ended with Ctrl-C; the answers given are kept."


def _run(session: _Session, questions, interviewer: Interviewer, *, device, max_seconds: float,
         think: float, end_silence: float, follow_ups: bool) -> str:
    """Ask, listen, go on; returns how the session ended: completed or interrupted."""
    from rehearse.coach.questions import CURVEBALL_GROUP
    from rehearse.commands import live_screen

    plan = deque(("curveball" if q.group == CURVEBALL_GROUP else "question", q.text) for q in questions)
    main_total = len(plan)
    stdin = live_screen.StdinStop()
    console = _console()
    asked: set[str] = set()
    main_number = 0
    while plan:
        role, text = plan.popleft()
        if role != "follow-up":
            main_number += 1
        heading = "Follow-up" if role == "follow-up" else f"Question {main_number} of {main_total}"
        try:
            say(err=True)
            say(f"{heading}: {text}", err=True, bold=True)
            interviewer.ask(text)
            _think(think, stdin, console)
            result, live, why = _record_answer(session, text, device=device, max_seconds=max_seconds,
                                               end_silence=end_silence, stdin=stdin, console=console,
                                               number=len(session.pending) + 1)
            future = session.submit(result, live, question=text, role=role)
            asked.add(text)
            if why == "interrupt":
                raise KeyboardInterrupt
            if why == "failure":
                say(f"Interview ended: the microphone failed; {len(session.pending)} "
                            "answer(s) are kept.", err=True, fg="yellow")
                return "interrupted"
            if follow_ups and role != "follow-up":
                follow = _follow_up(future, asked, general=main_number % 2 == 0)
                if follow:
                    plan.appendleft(("follow-up", follow.text))
        except KeyboardInterrupt:  # an answer being recorded was stopped and submitted above
            say(ENDED_WITH_CTRL_C, err=True)
            return "interrupted"
    return "completed"


def _follow_up(future: Future, asked: set[str], *, general: bool):
    """The follow-up to the answer being analysed in ``future``, once its report is there.

    ``general``: a general probe may be asked when nothing in particular was lacking (after
    every other question: a follow-up every time tires)."""
    from rehearse.coach.followups import choose_followup

    try:
        answer = future.result()  # what the answer lacked needs its report
    except Exception:
        return None  # the failure is reported with the session
    follow = answer and choose_followup(answer.report, asked=asked, general=general)
    if follow:
        log.debug("follow-up (%s): %s", follow.reason, follow.text)
    return follow


def _console():
    from rehearse.commands import live_screen

    if not live_screen.interactive():
        return None
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _think(seconds: float, stdin, console) -> None:
    """The think time; Enter ends it early."""
    import math
    import time

    if seconds <= 0:
        return
    if console is not None:
        from rehearse.commands import live_screen

        say("Think...", err=True)
        live_screen.countdown(math.ceil(seconds), stdin, console)
        return
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if stdin.wait(min(left, 0.1)):
            return


def _record_answer(session: _Session, question: str, *, device, max_seconds: float,
                   end_silence: float, stdin, console, number: int):
    """Record one answer until it ends; returns (RecordingResult, live transcriber, why)."""
    from rehearse.capture import Recorder
    from rehearse.capture.end_of_answer import EndOfAnswer
    from rehearse.commands import live_screen
    from rehearse.pipeline import listen_while_recording
    from rehearse.home import recordings_dir

    recorder = Recorder(directory=recordings_dir(), device=device, question=question,
                        max_seconds=max_seconds)
    end = EndOfAnswer(end_silence_s=end_silence)
    recorder.live.add_listener(end)
    live = listen_while_recording(recorder, session.choice)
    recorder.start()
    if console is None:
        say(f"Recording answer {number} to {recorder.path} (ends after {end_silence:g} s "
                   f"of silence, at most {max_seconds:g} s; a line on stdin stops it).", err=True)
    why = live_screen.run(recorder, question=question, max_seconds=max_seconds, stdin=stdin,
                          console=console, over=lambda: end.over,
                          keys="Enter: end the answer   Ctrl-C: end the interview")
    log.debug("answer %d over (%s) at t=%.3f", number, why, _now())
    failure = recorder.failure if why == "failure" else None
    result = recorder.stop()
    reasons = {"silence": "you stopped speaking", "limit": "time limit reached", "enter": "stopped",
               "eof": "end of input", "interrupt": "Ctrl-C", "failure": f"device failed: {failure}"}
    say(f"Answer {number}: {result.duration_s:.1f} s recorded ({reasons.get(why, why)}).",
               err=True)
    return result, live, why


def _finish(session: _Session, ended: str, *, as_json: bool) -> None:
    from rehearse.coach.session import session_report

    answers = session.answers()
    session.finish(ended)
    log.debug("session report ready at t=%.3f", _now())
    report = session_report(answers, session_id=session.id, started_at=session.started_at,
                            ended=ended)
    show_session(report, [a.report for a in answers], as_json=as_json)


def show_session(report, reports, *, as_json: bool) -> None:
    """Print a session report (and, as JSON, each answer's whole report with it)."""
    import json

    from rehearse.coach.session import to_dict

    if as_json:
        from rehearse.report import to_dict as report_dict

        data = {**to_dict(report), "reports": [report_dict(r) for r in reports]}
        echo_json(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from rehearse.commands.console import stdout_console
    from rehearse.report.render.session import session_view

    stdout_console().print(session_view(report))


COMMANDS = (interview,)
