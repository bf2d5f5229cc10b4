"""From a file to a finished report: the stages wired together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from rehearse.measure import Targets, analyse
from rehearse.capture.audio import Audio, load_audio
from rehearse.measure import compute_features
from rehearse.measure.analysis import doubts
from rehearse.coach import analyse_content, coach
from rehearse.coach.content import warm as warm_content
from rehearse.speech import ModelChoice, preload, resolve_model
from rehearse.report.report import SCHEMA_VERSION, AudioInfo, Report, TranscriptInfo
from rehearse.speech.transcribe import TranscribeOptions, transcribe
from rehearse.speech import Transcript
from rehearse.speech.coverage import Repair, repair

if TYPE_CHECKING:
    import numpy as np

    from rehearse.measure import Features

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
    points: tuple[str, ...] = (),
) -> Report:
    """Analyse decoded audio. ``transcript``: None to transcribe here, a finished transcript,
    or a function that finishes one (live transcription's last chunk), run like the
    transcriber beside the signal features. ``vad_probs``: the speech network's output
    for ``audio`` if already computed while recording."""
    notify = on_stage or (lambda stage, share: None)
    with ThreadPoolExecutor(max_workers=2) as pool:
        # Signal features (pitch is the costly part) are computed beside the transcriber, and
        # the content coach readies itself there too (its first call costs ~0.1 s).
        features = pool.submit(compute_features, audio.y, sr=audio.sr, vad_probs=vad_probs)
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
    result = analyse(feats, transcript, targets=targets, unclear_s=fixed.unclear, rechecked=fixed.rechecked)
    info = AudioInfo(audio.path, round(audio.duration_s, 3), audio.source_sr, audio.source_channels)
    created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    if result is None:
        return Report(SCHEMA_VERSION, info, choice.name, question, False,
                      TranscriptInfo("", transcript.language, ()), 0,
                      None, None, None, None, None, (), (), created)
    heard = Transcript(result.words, transcript.language, transcript.model)
    unwritten = [f.start_s for f in result.fillers.items if f.word_index is None]
    content = analyse_content(heard.sentences(), question=question, points=points,
                              filler_starts_s=unwritten)
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
    and each filler that only the signal found decoded alone to see whether it is a word.

    The same step for ``analyze`` and ``record``: whatever decoded the whole answer, speech
    the signal and the speech network found is never silently lost.
    """
    doubt = doubts(feats, transcript)
    return repair(y, sr=sr, transcript=transcript, lost_s=doubt.lost_s, heard_only_s=doubt.heard_only_s,
                  model=choice, options=options)
