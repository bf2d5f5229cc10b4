"""Rambling: length, run-on sentences, repetition, restarts, hedges, time to the point."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rehearse.speech import Word

TARGET_LENGTH_S = (60.0, 120.0)
RUN_ON_LINKS = 3  # a sentence with this many and/so/but links is a chain
LONG_SENTENCE_WORDS = 35
_LINKS = {"and", "so", "but", "then"}
_HEDGES = (("i", "guess"), ("i", "think"), ("maybe",), ("probably",), ("perhaps",),
           ("i", "suppose"), ("i", "feel", "like"), ("kind", "of"), ("sort", "of"),
           ("i'm", "not", "sure"), ("might",))
_STOP = {"the", "a", "an", "and", "or", "but", "so", "to", "of", "in", "on", "at", "for", "with",
         "i", "you", "we", "it", "is", "was", "that", "this", "my", "me", "be", "have", "had",
         "do", "did", "are", "were", "as", "by", "from", "just", "um", "uh", "like", "know",
         "yeah", "well", "okay", "oh", "really", "very", "there", "it's", "i'm", "that's"}
_PREAMBLE = {"question", "great", "good", "thanks", "thank", "okay", "sure", "well", "yeah",
             "hmm", "let", "think", "see"}


@dataclass(frozen=True)
class Quote:
    text: str
    start_s: float


@dataclass(frozen=True)
class Rambling:
    length_s: float
    target_length_s: tuple[float, float]
    length_verdict: str  # "short", "good", "long"
    word_count: int
    sentence_count: int
    mean_sentence_words: float
    longest_sentence_words: int
    longest_sentence: Quote | None
    run_on_sentences: tuple[Quote, ...]
    repeated_phrases: tuple[tuple[str, int], ...]  # (phrase, times) said 2+ times
    restarts: tuple[Quote, ...]  # "I, I think", "the the"
    hedges: tuple[Quote, ...]
    time_to_point_s: float | None  # from first word to the first substantive sentence


def measure_rambling(
    words: tuple[Word, ...],
    sentences: list[tuple[Word, ...]],
    *,
    length_s: float,
    word_count: int,
    filler_indices: set[int],
    target_length_s: tuple[float, float] = TARGET_LENGTH_S,
) -> Rambling:
    index = {id(w): i for i, w in enumerate(words)}
    content = [[w for w in s if index[id(w)] not in filler_indices and w.norm] for s in sentences]
    sizes = [len(s) for s in content if s]
    longest_i = max(range(len(content)), key=lambda k: len(content[k])) if sizes else None
    lo, hi = target_length_s
    return Rambling(
        length_s=round(length_s, 2),
        target_length_s=target_length_s,
        length_verdict="short" if length_s < lo else "long" if length_s > hi else "good",
        word_count=word_count,
        sentence_count=len(sizes),
        mean_sentence_words=round(sum(sizes) / len(sizes), 1) if sizes else 0.0,
        longest_sentence_words=max(sizes, default=0),
        longest_sentence=_quote(sentences[longest_i]) if longest_i is not None else None,
        run_on_sentences=tuple(_quote(s) for s, c in zip(sentences, content) if _is_run_on(c)),
        repeated_phrases=_repeated_phrases([w.norm for s in content for w in s]),
        restarts=tuple(_restarts(words)),
        hedges=tuple(_hedges(words)),
        time_to_point_s=_time_to_point(sentences, content, words),
    )


def _quote(sentence: tuple[Word, ...], max_words: int = 14) -> Quote:
    text = " ".join(w.text for w in sentence[:max_words])
    if len(sentence) > max_words:
        text += " ..."
    return Quote(text, round(sentence[0].start_s, 2))


def _is_run_on(content: list[Word]) -> bool:
    links = sum(1 for w in content[1:] if w.norm in _LINKS)
    return links >= RUN_ON_LINKS or len(content) > LONG_SENTENCE_WORDS


def _repeated_phrases(norms: list[str], sizes: tuple[int, ...] = (4, 3)) -> tuple[tuple[str, int], ...]:
    """Phrases of 3-4 words said more than once, ignoring ones made only of small words."""
    found: dict[str, int] = {}
    for n in sizes:
        grams = Counter(tuple(norms[i:i + n]) for i in range(len(norms) - n + 1))
        for gram, times in grams.items():
            if times < 2 or all(g in _STOP for g in gram):
                continue
            text = " ".join(gram)
            if not any(text in longer for longer in found):  # "a b c" inside "a b c d"
                found[text] = times
    return tuple(sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:5])


def _restarts(words: tuple[Word, ...]):
    """A word said twice in a row, or a two-word start said again: "I, I think", "we did, we did"."""
    norms = [w.norm for w in words]
    i = 1
    while i < len(words):
        if norms[i] and norms[i] == norms[i - 1] and norms[i] not in {"very", "really", "no", "so", "that", "had", "bye", "words"}:
            yield Quote(f"{words[i - 1].text} {words[i].text}", round(words[i - 1].start_s, 2))
            i += 2
            continue
        if i >= 3 and norms[i - 3:i - 1] == norms[i - 1:i + 1] and norms[i - 1]:
            yield Quote(" ".join(w.text for w in words[i - 3:i + 1]), round(words[i - 3].start_s, 2))
            i += 2
            continue
        i += 1


def _hedges(words: tuple[Word, ...]):
    norms = [w.norm for w in words]
    i = 0
    while i < len(words):
        for h in _HEDGES:
            if tuple(norms[i:i + len(h)]) == h:
                yield Quote(" ".join(w.text for w in words[i:i + len(h)]), round(words[i].start_s, 2))
                i += len(h) - 1
                break
        i += 1


def _time_to_point(sentences, content, words) -> float | None:
    """Seconds from the first word to the first sentence with four or more content words."""
    if not words:
        return None
    for sentence, kept in zip(sentences, content):
        substantive = [w for w in kept if w.norm not in _STOP and w.norm not in _PREAMBLE]
        if len(substantive) >= 4:
            return round(max(0.0, sentence[0].start_s - words[0].start_s), 2)
    return None
