"""Recording in the studio: the same capture path as `rehearse record`, driven from the page.

``Recorder`` writes the crash-safe WAV and runs the level meter; the live transcriber listens
while the user speaks (``rehearse.pipeline.listen_while_recording``), so when Stop comes only
the last seconds remain to decode. The page watches ``status()`` over the WebSocket.
"""

from __future__ import annotations

import logging
import threading
import time

from rehearse.errors import AudioError, RehearseError, UsageError
from rehearse.studio.jobs import ANALYSIS_LOCK

log = logging.getLogger(__name__)

MAX_SECONDS = 180.0  # as `rehearse record`
LIVE_WORDS = 40  # the page shows this many latest words
WATCH_S = 0.1  # how often the watcher checks the time limit and the device


class RecordingSession:
    """At most one recording at a time; ``start``, then ``stop`` (or the time limit)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.state = "idle"  # "idle", "recording", "analysing"
        self.question: str | None = None
        self.max_seconds = MAX_SECONDS
        self._recorder = None
        self._live = None
        self._choice = None
        self._finished = threading.Event()
        self.result: dict | None = None  # {"rehearsal_id": n} or {"error": "..."} of the last one
        self.serial = 0  # which recording ``result`` belongs to

    def start(self, *, question: str, device: str | None, max_seconds: float | None) -> dict:
        from rehearse.capture import Recorder
        from rehearse.home import recordings_dir
        from rehearse.pipeline import listen_while_recording
        from rehearse.speech import preload, resolve_model

        question = (question or "").strip()
        if not question:
            raise UsageError("pick or type a question first")
        with self._lock:
            if self.state != "idle":
                raise UsageError("a recording is already running")
            limit = min(max(float(max_seconds or MAX_SECONDS), 1.0), 60 * 60)
            choice = resolve_model(None)
            recorder = Recorder(directory=recordings_dir(), device=device or None,
                                question=question, max_seconds=limit)
            preload(choice)  # the model loads while the user speaks
            live = listen_while_recording(recorder, choice)
            recorder.start()
            self._recorder, self._live, self._choice = recorder, live, choice
            self.state, self.question, self.max_seconds = "recording", question, limit
            self.serial += 1
            self.result = None
            self._finished.clear()
        threading.Thread(target=self._watch, args=(recorder,), daemon=True,
                         name="studio-recording-watch").start()
        threading.Thread(target=_warm_up, daemon=True, name="studio-warm-up").start()
        return {"path": str(recorder.path), "device": recorder.device.name,
                "max_seconds": limit, "serial": self.serial}

    def stop(self, *, timeout_s: float = 600.0) -> dict:
        """Stop the recording (if still running), wait for its report; the result."""
        self._finish()
        self._finished.wait(timeout_s)
        return self.result or {"error": "the report is not ready yet"}

    def status(self) -> dict:
        out = {"state": self.state, "serial": self.serial, "result": self.result,
               "question": self.question}
        recorder = self._recorder
        if self.state == "recording" and recorder is not None:
            meter = recorder.meter
            out.update(elapsed_s=round(recorder.elapsed_s, 2), max_seconds=self.max_seconds,
                       rms_db=round(meter.rms_db, 1), peak_db=round(meter.peak_db, 1),
                       hint=meter.hint())
            if self._live is not None:
                out["words"] = [w.text for w in self._live.words_so_far[-LIVE_WORDS:]]
        return out

    def _watch(self, recorder) -> None:
        while self.state == "recording" and self._recorder is recorder:
            if recorder.elapsed_s >= self.max_seconds or recorder.failure:
                self._finish()
                return
            time.sleep(WATCH_S)

    def _finish(self) -> None:
        with self._lock:
            if self.state != "recording":
                return
            self.state = "analysing"
            recorder, live, choice, question = self._recorder, self._live, self._choice, self.question
        threading.Thread(target=self._report, args=(recorder, live, choice, question),
                         daemon=True, name="studio-recording-report").start()

    def _report(self, recorder, live, choice, question) -> None:
        from rehearse.history.keeping import keep

        started = time.perf_counter()
        from rehearse.pipeline import analyze_recording
        from rehearse.report import to_dict

        result: dict
        try:
            failure = recorder.failure
            recording = recorder.stop()
            if failure:
                raise AudioError(f"{failure} (kept {recording.duration_s:.1f} s in {recording.path})")
            with ANALYSIS_LOCK:
                report = analyze_recording(recording.path, choice=choice, live=live,
                                           question=question)
            if not report.speech_found:
                recording.path.unlink(missing_ok=True)
                raise AudioError("no speech was heard: check the microphone and watch the level "
                                 "meter. Nothing was saved.")
            block, store_failure = keep(to_dict(report), save=True)
            if store_failure is not None:
                raise store_failure
            result = {"rehearsal_id": block.rehearsal_id,
                      "report_s": round(time.perf_counter() - started, 3)}
        except RehearseError as exc:
            result = {"error": str(exc)}
        except Exception as exc:
            log.exception("the recording's report failed")
            result = {"error": f"unexpected failure: {type(exc).__name__}: {exc}"}
        with self._lock:
            self.result = result
            self.state = "idle"
            self._recorder = self._live = None
        self._finished.set()


_warm = threading.Event()


def _warm_up() -> None:
    """Run the signal measures once on two seconds of faint noise while the user speaks.

    The first call in a process imports librosa and compiles its numba functions: 0.46 s
    against 0.28 s for a 19-s answer, time the user would otherwise wait after Stop.
    """
    if _warm.is_set():
        return
    _warm.set()
    import numpy as np

    from rehearse.measure import compute_features

    noise = np.random.default_rng(0).normal(0, 1e-3, 2 * 16000).astype(np.float32)
    try:
        compute_features(noise, sr=16000)
    except Exception as exc:  # only a warm-up: the real call will say what is wrong
        log.debug("warm-up failed: %s", exc)
