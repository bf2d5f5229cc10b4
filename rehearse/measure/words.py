"""Counting spoken words the way a person would."""

from __future__ import annotations

import re

HESITATIONS = frozenset({"um", "uh", "er", "ah", "hmm", "erm", "hm", "mm", "uhm", "umm", "uhh", "mhm"})
_NUMBER = re.compile(r"^[$£€]?\d[\d,]*(\.\d+)?(%|st|nd|rd|th|s|k)?$")


def is_hesitation(norm: str) -> bool:
    """True for a filled pause ("um", "uh", "hmm"...); ``norm`` is lower case, unpunctuated."""
    return norm in HESITATIONS or re.fullmatch(r"(u+h+|u+m+|h+m+|e+r+m*|a+h+|m+)", norm) is not None


def spoken_word_count(norm: str) -> int:
    """How many words a listener counts for one written token.

    Contractions ("don't") and hyphenated compounds ("well-known") count as one, as a
    person counting words would; digits count as the words said aloud ("2019" is
    "twenty nineteen": two).
    """
    if not norm:
        return 0
    if _NUMBER.match(norm):
        return _number_words(norm)
    return 1


# Spellings Whisper gives one spoken word in two written ones, each way by turns: the same
# recorded "alright" came out "Alright," in one answer and "All right." in another.
_ONE_WORD_PAIRS = frozenset({("all", "right")})


def spoken_word_counts(norms: list[str]) -> list[int]:
    """``spoken_word_count`` of each token in a run, where a pair Whisper spells either way
    ("all right" / "alright") counts as the one word a listener hears."""
    counts = [spoken_word_count(n) for n in norms]
    for i in range(1, len(norms)):
        if (norms[i - 1], norms[i]) in _ONE_WORD_PAIRS and counts[i - 1]:
            counts[i] = 0
    return counts


def _number_words(token: str) -> int:
    extra = 0
    if token[0] in "$£€":
        token, extra = token[1:], 1  # "dollars"
    if token.endswith("%"):
        token, extra = token[:-1], extra + 1  # "percent"
    token = re.sub(r"(st|nd|rd|th|s)$", "", token)
    if token.endswith("k"):
        token, extra = token[:-1], extra + 1  # "thousand"
    whole, _, frac = token.replace(",", "").partition(".")
    n = extra + (len(frac) + 1 if frac else 0)  # "point" plus each digit
    if not whole:
        return max(n, 1)
    value = int(whole)
    if len(whole) == 4 and 1100 <= value <= 2099:  # read as a year
        if 2001 <= value <= 2009:
            return n + 3  # "two thousand five"
        return n + 2  # "twenty nineteen", "nineteen hundred", "two thousand"
    return n + _cardinal_words(value)


def _cardinal_words(value: int) -> int:
    """Words in the spoken cardinal ("twenty-five" is one word, as written)."""
    if value < 100:
        return 1
    words = 0
    for size in (10**9, 10**6, 10**3, 100):
        if value >= size:
            words += _cardinal_words(value // size) + 1  # "... thousand"
            value %= size
    if value:
        words += 1
    return words
