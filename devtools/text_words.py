"""Written answers as timed words, for the content benchmark and its tests: each word takes
``word_s`` seconds (0.4 s is 150 words a minute) and each sentence ends with a short pause."""

from __future__ import annotations

import re

from rehearse.speech import Word

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def split_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def timed_words(sentences: list[str], *, start_s: float = 0.5, word_s: float = 0.4,
                gap_s: float = 0.6) -> tuple[Word, ...]:
    """The sentences' words with times, as a transcriber would give them."""
    out, t = [], start_s
    for sentence in sentences:
        for token in sentence.split():
            out.append(Word(token, round(t, 3), round(t + word_s * 0.9, 3), 0.9))
            t += word_s
        t += gap_s
    return tuple(out)
