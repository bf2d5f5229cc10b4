"""What the transcriber hands to the analyses: words with times, grouped in segments."""

from __future__ import annotations

import re
from dataclasses import dataclass

_EDGE_PUNCT = re.compile(r"^[^\w']+|[^\w']+$")


@dataclass(frozen=True)
class Word:
    """One word as Whisper heard it. ``text`` keeps its punctuation ("So," "Python.")."""

    text: str
    start_s: float
    end_s: float
    probability: float

    @property
    def norm(self) -> str:
        """Lower case, no surrounding punctuation: "So," -> "so", "Don't" -> "don't"."""
        return _EDGE_PUNCT.sub("", self.text.strip().lower().replace("\u2019", "'"))

    @property
    def ends_sentence(self) -> bool:
        return self.text.rstrip().rstrip("\"')").endswith((".", "?", "!"))

    @property
    def ends_clause(self) -> bool:
        return self.ends_sentence or self.text.rstrip().endswith((",", ";", ":", "-"))


@dataclass(frozen=True)
class Transcript:
    words: tuple[Word, ...]
    language: str
    model: str

    @property
    def text(self) -> str:
        return " ".join(w.text.strip() for w in self.words).strip()

    def sentences(self) -> list[tuple[Word, ...]]:
        """Split at sentence-final punctuation (Whisper punctuates its output)."""
        out, current = [], []
        for w in self.words:
            current.append(w)
            if w.ends_sentence:
                out.append(tuple(current))
                current = []
        if current:
            out.append(tuple(current))
        return out
