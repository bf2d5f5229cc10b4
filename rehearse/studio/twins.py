"""The JSON twin of every studio page: what the page draws, as data (tests read it too).

Plain dicts from the history and the stored reports; no web framework here, so
``rehearse show --html`` can build the same report page without the studio installed.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from rehearse.history.keeping import summary
from rehearse.history.metrics import METRICS, targets
from rehearse.history.progress import HistoryBlock
from rehearse.history.store import Rehearsal

AUDIO_TYPES = {".wav": "audio/wav", ".flac": "audio/flac", ".ogg": "audio/ogg",
               ".opus": "audio/ogg", ".mp3": "audio/mpeg", ".m4a": "audio/mp4",
               ".aac": "audio/aac", ".webm": "audio/webm"}


def playable_audio(r: Rehearsal) -> Path | None:
    """The rehearsal's audio file if the studio may serve it: an existing file inside the data
    directory. Audio analysed from elsewhere stays the user's own business."""
    from rehearse.home import data_home

    if not r.audio_path:
        return None
    path = Path(r.audio_path).resolve()
    if not path.is_relative_to(data_home().resolve()) or not path.is_file():
        return None
    return path


def audio_url(r: Rehearsal) -> str | None:
    return f"/rehearsals/{r.id}/audio" if playable_audio(r) is not None else None


def report_twin(r: Rehearsal, block: HistoryBlock | None) -> dict:
    """The report page: the stored report, its history block (as ``show --json`` prints
    them), where its audio plays from and the outline of its waveform."""
    from rehearse.studio.waveform import peaks

    audio = playable_audio(r)
    return {**r.report, "waveform": peaks(audio) if audio is not None else None, "history": None if block is None else dataclasses.asdict(block),
            "rehearsal": {"id": r.id, "created_at": r.created_at, "audio_url": audio_url(r),
                          "audio_type": AUDIO_TYPES.get(Path(r.audio_path).suffix.lower(),
                                                        "application/octet-stream")},
            "targets": targets(r.report),
            "metric_labels": {m.name: {"label": m.label, "unit": m.unit, "better": m.better}
                              for m in METRICS}}


def history_twin(rows: list[Rehearsal], every_question: list[str], question: str | None) -> dict:
    return {"question": question, "questions": every_question,
            "rehearsals": [summary(r) for r in reversed(rows)]}  # newest first


def progress_twin(items, *, count: int, question: str | None) -> dict:
    return {"question": question, "rehearsals": count,
            "metrics": [dataclasses.asdict(p) for p in items]}


def compare_twin(result) -> dict:
    out = dataclasses.asdict(result)
    for side, r in (("a", result.a), ("b", result.b)):
        out[side].pop("report")
        out[side]["audio_url"] = audio_url(r)
    return out
