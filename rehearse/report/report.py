"""The fluency report: frozen dataclasses, and the one function that turns them into JSON."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from rehearse.coach.content import Content
from rehearse.measure.delivery import Delivery
from rehearse.measure.fillers import Filler
from rehearse.measure.pace import Pace
from rehearse.measure.rambling import Quote, Rambling
from rehearse.speech import Word

SCHEMA_VERSION = 2  # 2: the ``content`` block


@dataclass(frozen=True)
class AudioInfo:
    path: str
    duration_s: float
    sample_rate: int  # of the file as stored; analysis runs at 16 kHz
    channels: int


@dataclass(frozen=True)
class TranscriptInfo:
    text: str
    language: str
    words: tuple[Word, ...]
    unclear: tuple[tuple[float, float], ...] = ()  # (start_s, end_s) of speech left without words


@dataclass(frozen=True)
class Pause:
    start_s: float
    end_s: float
    duration_s: float
    kind: str  # "between_sentences" or "within_sentence"


@dataclass(frozen=True)
class Pauses:
    items: tuple[Pause, ...]
    count: int
    total_s: float
    longest_s: float
    long_count: int  # >= 1 s
    very_long_count: int  # >= 2 s
    per_minute: float
    response_latency_s: float | None  # silence before the first word
    noise_floor_db: float
    threshold_db: float


@dataclass(frozen=True)
class Fillers:
    items: tuple[Filler, ...]
    count: int
    per_minute: float
    share_of_words: float  # fillers / (spoken words + hesitations)
    by_kind: dict[str, int]
    most_used: str | None


@dataclass(frozen=True)
class Tip:
    metric: str
    message: str
    evidence: Quote | None
    severity: float  # how far from the target, 0 = on target; tips are ranked by it


@dataclass(frozen=True)
class Report:
    schema_version: int
    audio: AudioInfo
    model: str
    question: str | None
    speech_found: bool
    transcript: TranscriptInfo
    word_count: int  # spoken words; hesitations (um, uh...) excluded
    pace: Pace | None
    pauses: Pauses | None
    fillers: Fillers | None
    rambling: Rambling | None
    delivery: Delivery | None
    feedback: tuple[Tip, ...]
    encouragement: tuple[str, ...]
    created_at: str  # ISO 8601, UTC
    content: Content | None = None  # what was said and how it was built; None without speech (and in version 1)


def to_dict(report: Report) -> dict:
    return dataclasses.asdict(report)


def to_json(report: Report, *, indent: int | None = 2) -> str:
    return json.dumps(to_dict(report), indent=indent, ensure_ascii=False)
