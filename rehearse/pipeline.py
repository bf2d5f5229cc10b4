"""From a file to a finished report: the stages wired together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from rehearse.measure import Targets, analyse
from rehearse.capture.audio import Audio, load_audio
from rehearse.measure import compute_features
from rehearse.measure.analysis import Analysis, doubts, kinds_in_doubt, with_heard_kinds
from rehearse.coach import analyse_content, coach
from rehearse.coach.content import warm as warm_content
from rehearse.speech import ModelChoice, preload, resolve_model
from rehearse.report.report import SCHEMA_VERSION, AudioInfo, Report, TranscriptInfo
from rehearse.speech.transcribe import TranscribeOptions, transcribe
from rehearse.speech import Transcript
from rehearse.speech.coverage import Repair, repair

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np

    from rehearse.capture import LiveTranscriber, Recorder
    from rehearse.measure import Features
    from rehearse.measure.early import Early

StageFn = Callable[[str, float], None]  # (stage name, share done)


def analyze_file(
    path: str,
    *,
    model: str | None = None,
    question: str | None = None,
    options: TranscribeOptions = TranscribeOptions(),
    targets: Targets = Targets(),
    on_stage: StageFn | None = None,
    points: tuple[str, ...] = (),
) -> Report:
    """Load, transcribe and analyse ``path``; raises a ``RehearseError`` on bad input.
    ``points``: the talking points the speaker meant to make."""
    notify = on_stage or (lambda stage, share: None)
    choice = resolve_model(model)
    loading = preload(choice)  # the model loads while the audio decodes
    audio = load_audio(path)
    notify("loading model", 0.0)
    loading.result()
    return analyze_audio(audio, choice=choice, question=question, options=options,
                         targets=targets, on_stage=notify, points=points)


def analyze_audio(
    audio: Audio,
    *,
    choice: ModelChoice,
    question: str | None = None,
    options: TranscribeOptions = TranscribeOptions(),
    targets: Targets = Targets(),
    on_stage: StageFn | None = None,
    transcript: Transcript | Callable[[], Transcript] | None = None,
    vad_probs: np.ndarray | None = None,
    early: Early | None = None,
    points: tuple[str, ...] = (),
) -> Report:
    """Analyse decoded audio. ``transcript``: None to transcribe here, a finished transcript,
    or a function that finishes one (live transcription's last chunk), run like the
    transcriber beside the signal features. ``vad_probs``: the speech network's output
    for ``audio`` if already computed while recording; ``early``: the pitch and pulses
    computed then."""
    notify = on_stage or (lambda stage, share: None)
    with ThreadPoolExecutor(max_workers=2) as pool:
        # Signal features (pitch is the costly part) are computed beside the transcriber, and
        # the content coach readies itself there too (its first call costs ~0.1 s).
        features = pool.submit(compute_features, audio.y, sr=audio.sr, vad_probs=vad_probs, early=early)
        pool.submit(warm_content)
        if transcript is None:
            transcript = transcribe(audio.y, sr=audio.sr, model=choice, options=options,
                                    on_progress=lambda share: notify("transcribing", share))
        elif callable(transcript):
            transcript = transcript()
        feats = features.result()
    notify("analysing", 1.0)
    fixed = complete_transcript(audio.y, sr=audio.sr, feats=feats, transcript=transcript,
                                choice=choice, options=options)
    transcript = fixed.transcript
    result = analyse(feats, transcript, targets=targets, unclear_s=fixed.unclear, rechecked=fixed.rechecked,
                     believed=fixed.believed)
    info = AudioInfo(audio.path, round(audio.duration_s, 3), audio.source_sr, audio.source_channels)
    created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    if result is None:
        return Report(SCHEMA_VERSION, info, choice.name, question, False,
                      TranscriptInfo("", transcript.language, ()), 0,
                      None, None, None, None, None, (), (), created)
    heard = Transcript(result.words, transcript.language, transcript.model)
    unwritten = [f.start_s for f in result.fillers.items if f.word_index is None]
    with ThreadPoolExecutor(max_workers=1) as pool:
        # The hesitations' kinds are heard by the model (CTranslate2 frees the GIL) while
        # the content coach reads the words: the kinds change no filler's time.
        kinds = pool.submit(heard_kinds, result, audio.y, sr=audio.sr, feats=feats, choice=choice, options=options,
                            language=transcript.language)
        content = analyse_content(heard.sentences(), question=question, points=points,
                                  filler_starts_s=unwritten)
        result = kinds.result()
    tips, praise = coach(result, content)
    return Report(
        SCHEMA_VERSION, info, choice.name, question, True,
        TranscriptInfo(heard.text, transcript.language, result.words, result.unclear),
        result.word_count, result.pace, result.pauses, result.fillers,
        result.rambling, result.delivery, tips, praise, created, content,
    )


def complete_transcript(y: np.ndarray, *, sr: int, feats: Features, transcript: Transcript,
                        choice: ModelChoice, options: TranscribeOptions) -> Repair:
    """``transcript`` with every stretch of sound that no word covers decoded again alone,
    and each short sound in doubt decoded alone: a filler only the signal found (a word?),
    a lone burst beside a hesitation (one more?), any other lone burst (a creak?), a steady
    stretch between words too unsure to count alone or a voiced gap between words (a filler
    glued to them?).

    The same step for ``analyze`` and ``record``: whatever decoded the whole answer, speech
    the signal and the speech network found is never silently lost.
    """
    doubt = doubts(feats, transcript)
    return repair(y, sr=sr, transcript=transcript, lost_s=doubt.lost_s,
                  short_s=doubt.heard_only_s + doubt.run_s + doubt.stray_s, stretched_s=doubt.stretched_s,
                  glued_s=doubt.glued_s, gaps_s=doubt.gap_s, reworded_s=doubt.reworded_s,
                  misplaced_s=doubt.misplaced_s,
                  model=choice, options=options)


def heard_kinds(result: Analysis | None, y: np.ndarray, *, sr: int, feats: Features, choice: ModelChoice,
                options: TranscribeOptions, language: str) -> Analysis | None:
    """``result`` with each "um" or "uh" whose sound does not back its label (``kinds_in_doubt``)
    labelled as Whisper hears that sound alone, or, where Whisper is unsure, a signal-only "uh"
    whose sound closes on the lips as "um" (``with_heard_kinds``)."""
    spans = kinds_in_doubt(result, feats) if result is not None else ()
    if not spans:
        return result
    from rehearse.speech.hesitation_kind import hesitation_odds

    odds = hesitation_odds(y, sr=sr, spans_s=list(spans), model=choice, language=language, options=options)
    return with_heard_kinds(result, spans, odds, feats=feats)


def listen_while_recording(recorder: Recorder, choice: ModelChoice | None) -> LiveTranscriber | None:
    """Transcribe while the user speaks, so only the last seconds remain when they stop.

    Live transcription takes 16 kHz audio; a device recording at another rate is analysed
    from the saved file afterwards instead (None).
    """
    from rehearse.capture.live import SR, LiveTranscriber

    if choice is None or recorder.sr != SR:
        return None
    preload(choice, solo=True)  # the report's lone decoding after Stop takes every core
    live = LiveTranscriber(choice)
    recorder.live.add_listener(lambda block: live.feed(block.to_float32()))
    return live


def finish_live(live: LiveTranscriber, audio: Audio, choice: ModelChoice) -> Transcript:
    """The live transcript; should live decoding have failed, the saved file's instead."""
    import logging

    from rehearse.errors import RehearseError

    try:
        return live.finish(total_samples=len(audio.y))
    except RehearseError:
        raise
    except Exception as exc:  # the recording is safe on disk: transcribe it whole
        logging.getLogger(__name__).warning("live transcription failed (%s); "
                                            "transcribing the recording instead", exc)
        return transcribe(audio.y, sr=audio.sr, model=choice)


def analyze_recording(
    path: str | Path,
    *,
    choice: ModelChoice,
    live: LiveTranscriber | None,
    question: str | None = None,
    targets: Targets = Targets(),
    on_stage: StageFn | None = None,
    points: tuple[str, ...] = (),
) -> Report:
    """The report of a finished recording: what the live transcriber heard (if any) finished,
    every signal measure from the saved file, exactly as ``analyze_file`` measures them.
    ``points``: the talking points the speaker meant to make."""
    notify = on_stage or (lambda stage, share: None)
    audio = load_audio(path)
    transcript = None
    if live is not None:
        notify("transcribing", 0.9)
        transcript = lambda: finish_live(live, audio, choice)  # noqa: E731
    vad_probs = live.speech_probability(audio.y) if live is not None else None
    early = live.early_features() if live is not None else None
    return analyze_audio(audio, choice=choice, question=question, targets=targets,
                         on_stage=notify, transcript=transcript, vad_probs=vad_probs,
                         early=early, points=points)
