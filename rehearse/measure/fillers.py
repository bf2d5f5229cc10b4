"""Filler words in the transcript: hesitations, and discourse fillers judged in context."""

from __future__ import annotations

from dataclasses import dataclass

from rehearse.speech import Word
from rehearse.measure.words import is_hesitation


@dataclass(frozen=True)
class Filler:
    text: str  # canonical form: "um", "uh", "like", "you know"...
    start_s: float
    end_s: float
    source: str  # "transcript", "acoustic", "both" or "believed" (Whisper's belief reading its words: ``analysis._confirmed_believed``)
    confidence: float
    word_index: int | None = None  # first word of the filler, None if not transcribed


_PRONOUNS = {"i", "you", "we", "they", "he", "she", "it", "people", "who"}
# After these "like" is the verb or the preposition: "I'd like", "looks like", "more like".
_LIKE_NOT_AFTER = _PRONOUNS | {
    "i'd", "you'd", "we'd", "they'd", "would", "do", "does", "did", "don't", "didn't",
    "doesn't", "really", "also", "to", "feel", "feels", "felt", "look", "looks", "looked",
    "sound", "sounds", "sounded", "seem", "seems", "something", "anything", "nothing",
    "more", "much", "not", "things", "stuff", "exactly", "just", "lot", "i'll", "may", "might",
}
_LIKE_NOT_BEFORE = {"to", "it", "this", "that", "these", "those", "them", "him", "her", "me", "us"}
_BE = {"was", "is", "were", "am", "are", "be", "been", "it's", "that's", "he's", "she's",
       "they're", "we're", "you're", "i'm", "there's", "and", "but", "so", "or", "like"}
_KIND_OF_NOUN_BEFORE = {"a", "an", "the", "this", "that", "what", "which", "any", "some", "same",
                        "every", "each", "one", "my", "your", "our", "their", "his", "her", "its",
                        "different", "new", "right", "other", "first", "all"}
_YOU_KNOW_LITERAL_BEFORE = {"do", "did", "don't", "didn't", "if", "what", "how", "as", "would",
                            "could", "should", "will", "can", "before", "whether", "where", "who",
                            "when", "why", "that"}
_I_MEAN_LITERAL_AFTER = {"is", "was", "it", "that", "by", "to", "you"}
_SO_NOT_BEFORE = {"far", "much", "many", "that", "long", "yes", "no", "to"}
ALWAYS = {"basically", "actually", "literally"}
HESITATION_KINDS = frozenset({"um", "uh", "er", "erm", "ah", "hmm"})  # what canonical_hesitation gives


def find_lexical_fillers(words: tuple[Word, ...]) -> list[Filler]:
    """Fillers Whisper wrote down, each counted only when used as a filler.

    "I like Python" has no filler; "it was, like, huge" has one.
    """
    norms = [w.norm for w in words]
    out: list[Filler] = []
    i = 0
    while i < len(words):
        kind, span = _classify(words, norms, i)
        if kind:
            out.append(Filler(kind, words[i].start_s, words[i + span - 1].end_s,
                              "transcript", round(words[i].probability, 2), i))
            i += span
        else:
            i += 1
    return out


def _sentence_start(words: tuple[Word, ...], i: int) -> bool:
    return i == 0 or words[i - 1].ends_sentence


def _comma_before(words: tuple[Word, ...], i: int) -> bool:
    return i == 0 or words[i - 1].ends_clause


def _classify(words: tuple[Word, ...], norms: list[str], i: int) -> tuple[str | None, int]:
    w = norms[i]
    prev = norms[i - 1] if i > 0 else ""
    nxt = norms[i + 1] if i + 1 < len(norms) else ""
    if not w:
        return None, 1
    if is_hesitation(w):
        return canonical_hesitation(w), 1
    if w in ALWAYS:
        return w, 1
    if w == "like":
        return ("like" if _like_is_filler(words, i, prev, nxt) else None), 1
    if w == "you" and nxt == "know":
        literal = prev in _YOU_KNOW_LITERAL_BEFORE and not _comma_before(words, i)
        after = norms[i + 2] if i + 2 < len(norms) else ""
        # "you know him", "you know what I did": a real question or statement.
        object_follows = not words[i + 1].ends_clause and after in {"him", "her", "them", "it", "that", "what", "how", "where", "why", "who"}
        return (None if literal or object_follows else "you know"), 2
    if w == "i" and nxt == "mean":
        literal = prev in {"what", "if", "don't", "didn't", "do"} or (
            not words[i + 1].ends_clause and (norms[i + 2] if i + 2 < len(norms) else "") in _I_MEAN_LITERAL_AFTER
        )
        return (None if literal else "i mean"), 2
    if w in {"kind", "sort"} and nxt == "of":
        return (None if prev in _KIND_OF_NOUN_BEFORE else f"{w} of"), 2
    if w == "so" and _sentence_start(words, i) and nxt not in _SO_NOT_BEFORE:
        return "so", 1
    return None, 1


def _like_is_filler(words: tuple[Word, ...], i: int, prev: str, nxt: str) -> bool:
    if prev in _LIKE_NOT_AFTER and not _comma_before(words, i):
        return False
    if words[i].ends_clause or _comma_before(words, i):
        return True  # set off by commas: "it was, like, huge"
    if nxt in _LIKE_NOT_BEFORE:
        return False
    if nxt and (nxt[0].isdigit() or nxt in {"one", "two", "three", "four", "five", "ten", "twenty", "a", "an"}) and prev in _BE:
        # "it was like five years" (approximation) vs "it was like a dream" (simile): keep numbers only.
        return nxt not in {"a", "an"}
    return prev in _BE and nxt not in {"a", "an", "the", "my", "your", "our", "his", "her", "their"}


def canonical_hesitation(w: str) -> str:
    """The kind of hesitation a written one is ("uhh" -> "uh", "umm" -> "um"); ``w`` is a norm."""
    if w.startswith("u") and "m" in w:
        return "um"
    if w.startswith("u"):
        return "uh"
    if w.startswith("h") or w.startswith("m"):
        return "hmm"
    if w.startswith("e"):
        return "erm" if "m" in w else "er"
    return "ah"
