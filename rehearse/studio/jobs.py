"""Analysing an uploaded file in the background, one analysis at a time, with its progress.

The upload is written to a hidden file in the recordings folder and analysed with
``rehearse.pipeline.analyze_file``, as `rehearse analyze` does; only when the report is
finished (with speech) does the file take its final name and the rehearsal enter the history.
A bad file or a failed analysis leaves nothing behind.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from rehearse.errors import AudioError, RehearseError

log = logging.getLogger(__name__)

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".opus", ".mp3", ".m4a", ".aac", ".webm")
ANALYSIS_LOCK = threading.Lock()  # one Whisper job at a time, uploads and recordings alike
NO_SPEECH = ("No speech was found in this recording: it is silent or holds only noise. "
             "Nothing was saved.")


@dataclass
class Job:
    id: int
    name: str  # the file name as the user gave it
    state: str = "queued"  # "queued", "running", "done", "error"
    stage: str = "waiting"
    share: float = 0.0
    rehearsal_id: int | None = None
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def as_dict(self) -> dict:
        with self.lock:
            return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                    if f.name != "lock"}

    def update(self, stage: str, share: float) -> None:
        with self.lock:
            self.stage, self.share = stage, float(share)


class Jobs:
    def __init__(self) -> None:
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)

    def get(self, job_id: int) -> Job | None:
        return self._jobs.get(job_id)

    def start(self, upload: Path, *, name: str, question: str | None) -> Job:
        job = Job(next(self._ids), name)
        self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, upload, question), daemon=True,
                         name=f"studio-job-{job.id}").start()
        return job

    def _run(self, job: Job, upload: Path, question: str | None) -> None:
        try:
            with ANALYSIS_LOCK:
                with job.lock:
                    job.state = "running"
                job.update("loading audio", 0.0)
                rid = analyse_upload(upload, name=job.name, question=question, on_stage=job.update)
            with job.lock:
                job.state, job.rehearsal_id, job.share = "done", rid, 1.0
        except RehearseError as exc:
            with job.lock:
                job.state, job.error = "error", str(exc).replace(str(upload), job.name)
        except Exception as exc:  # the page gets one line; the log gets the traceback
            log.exception("analysing %s failed", job.name)
            with job.lock:
                job.state, job.error = "error", f"unexpected failure: {type(exc).__name__}: {exc}"
        finally:
            upload.unlink(missing_ok=True)


def analyse_upload(upload: Path, *, name: str, question: str | None, on_stage=None) -> int:
    """Analyse ``upload`` like `rehearse analyze`, keep it under its final name; the id."""
    from rehearse.history.keeping import keep
    from rehearse.pipeline import analyze_file
    from rehearse.report import to_dict

    report = analyze_file(str(upload), question=question, on_stage=on_stage)
    if not report.speech_found:
        raise AudioError(NO_SPEECH)
    from rehearse.capture.recording_file import take_unused_name

    final = take_unused_name(upload, final_name(upload.parent, question, upload.suffix))
    report = dataclasses.replace(report, audio=dataclasses.replace(report.audio, path=str(final)))
    block, failure = keep(to_dict(report), save=True)
    if failure is not None or block is None or block.rehearsal_id is None:
        final.unlink(missing_ok=True)
        raise failure or AudioError("the rehearsal could not be saved")
    return block.rehearsal_id


def final_name(folder: Path, question: str | None, suffix: str) -> Path:
    """``<recordings>/DATE_TIME_question-slug.ext``, like a recording, never an existing file."""
    from rehearse.capture.recording_file import new_recording_stem

    stem = new_recording_stem(folder, question)
    path, n = stem.with_name(stem.name + suffix), 1
    while path.exists():
        n += 1
        path = stem.with_name(f"{stem.name}-{n}{suffix}")
    return path
