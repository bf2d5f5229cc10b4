"""Talking points: did the answer make each point the speaker meant to make, and where.

A point is covered when one sentence (or, for a long point or a change from one figure to
another, a stretch of up to three consecutive sentences) holds most of its meaning (canonical tokens, rehearse.coach.lexicon): weighted so that a figure counts
double and a word common to most answers ("team", "project") counts half, every figure of
the point must be there, and one matching word is never enough unless the point is one
uncommon word. Measured on benchmarks/data/content/points.json by benchmarks/content.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rehearse.coach.lexicon import content_tokens, generic, is_number
from rehearse.speech import Word

COVERED_SCORE = 0.7  # share of the point's weight found in one stretch of the answer
MAX_WINDOW_SENTENCES = 3  # a long point, or a change "from X to Y", may span this many sentences
LONG_POINT_TOKENS = 5  # a shorter point is one claim: its words must meet in one sentence
NUMBER_WEIGHT = 1.0
WIDER_PENALTY = 0.85  # per sentence beyond the first: words far apart make a point less surely
GENERIC_WEIGHT = 0.5
QUOTE_WORDS = 24


@dataclass(frozen=True)
class PointResult:
    text: str  # the point as the user gave it
    covered: bool
    quote: str | None  # where the answer comes closest to making it
    start_s: float | None
    confidence: float  # 0-1: the share of the point's weight found there


@dataclass(frozen=True)
class _Sentence:
    words: tuple[Word, ...]
    tokens: frozenset[str]


def split_points(text: str | None) -> tuple[str, ...]:
    """"a; b; c" -> ("a", "b", "c"): points as given on the command line or in questions.txt."""
    if not text:
        return ()
    return tuple(p.strip() for p in text.split(";") if p.strip())


def match_points(points: Sequence[str], sentences: Sequence[tuple[Word, ...]]) -> tuple[PointResult, ...]:
    """For each point, covered or not, with the quote and time where it comes closest."""
    prepared = [_Sentence(s, frozenset(content_tokens(" ".join(w.text for w in s)))) for s in sentences if s]
    return tuple(_match(p, prepared) for p in points)


def _weight(token: str) -> float:
    if is_number(token):
        return NUMBER_WEIGHT
    return GENERIC_WEIGHT if token in generic() else 1.0


def _match(point: str, sentences: list[_Sentence]) -> PointResult:
    wanted = list(dict.fromkeys(content_tokens(point)))
    if not wanted or not sentences:
        return PointResult(point, False, None, None, 0.0)
    total = sum(_weight(t) for t in wanted)
    numbers = [t for t in wanted if is_number(t)]
    # Words spread over sentences match short points by accident ("6 years as a surgeon"
    # against "a nurse for six years. ... each surgeon"); a change from one figure to
    # another is told over two or three ("took six hours. ... dropped to forty minutes").
    width = MAX_WINDOW_SENTENCES if len(numbers) >= 2 or len(wanted) >= LONG_POINT_TOKENS else 1
    best = (False, -1.0, 0, 0, frozenset())
    for i in range(len(sentences)):
        seen: set[str] = set()
        for j in range(i, min(i + width, len(sentences))):
            seen |= sentences[j].tokens
            found = frozenset(t for t in wanted if t in seen)
            score = sum(_weight(t) for t in found) / total * WIDER_PENALTY ** (j - i)
            key = (all(t in found for t in numbers), score)
            if key > best[:2]:  # ties keep the shorter, earlier stretch
                best = (*key, i, j, found)
    numbers_ok, score, i, j, found = best
    if len(wanted) == 1:
        enough = wanted[0] not in generic()
    else:
        enough = len(found) >= 2
    covered = score >= COVERED_SCORE and numbers_ok and enough
    # Quote the sentences of the stretch that hold a matched token.
    held = [s for s in sentences[i:j + 1] if s.tokens & found] or sentences[i:i + 1]
    words = [w for s in held for w in s.words]
    text = " ".join(w.text for w in words[:QUOTE_WORDS]) + (" ..." if len(words) > QUOTE_WORDS else "")
    return PointResult(point, covered, text if found else None,
                       round(held[0].words[0].start_s, 2) if found else None, round(score, 2))
