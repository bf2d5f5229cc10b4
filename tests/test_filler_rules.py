"""Lexical fillers in context: each rule with sentences where the word is and is not a filler."""

from __future__ import annotations

import pytest

from rehearse.measure.fillers import find_lexical_fillers
from rehearse.speech import Word


def words(text: str) -> tuple[Word, ...]:
    """Whisper-like words, 0.3 s each, punctuation attached as Whisper writes it."""
    return tuple(Word(t, 0.3 * i, 0.3 * i + 0.25, 0.9) for i, t in enumerate(text.split()))


def kinds(text: str) -> list[str]:
    return [f.text for f in find_lexical_fillers(words(text))]


@pytest.mark.parametrize("text, expected", [
    # "like": a filler when it hedges, not as a verb or a preposition
    ("It was, like, a huge project.", ["like"]),
    ("We were like ten people on the team.", ["like"]),
    ("I like working with data.", []),
    ("I'd like to lead a team.", []),
    ("It looks like a good fit.", []),
    ("Tools like Python and SQL.", []),
    # "so": only at the start of a sentence
    ("So I started by asking questions.", ["so"]),
    ("It went well. So we shipped it.", ["so"]),
    ("I was so happy with it.", []),
    ("We did it so that users could pay.", []),
    ("So far it has worked.", []),
    # "you know": not inside a question or a clause
    ("It was, you know, a hard year.", ["you know"]),
    ("You know, I think it went well.", ["you know"]),
    ("Do you know the answer?", []),
    ("If you know Python, it is easy.", []),
    ("I don't know if you know him.", []),
    # "I mean": not in "what I mean is", nor with an object
    ("It was fine. I mean, it could be better.", ["i mean"]),
    ("What I mean is that we shipped late.", []),
    ("I mean it when I say thanks.", []),
    # hesitations are always fillers
    ("Um, I think, uh, yes.", ["um", "uh"]),
    ("Hmm, let me think.", ["hmm"]),
    # "kind of" / "sort of": hedges, not a noun phrase
    ("It was kind of hard.", ["kind of"]),
    ("What kind of role is it?", []),
])
def test_filler_rules(text, expected):
    assert kinds(text) == expected


def test_filler_times_and_indices():
    ws = words("So, um, it was, like, fine.")
    found = find_lexical_fillers(ws)
    assert [(f.text, f.word_index, f.source) for f in found] == [
        ("so", 0, "transcript"), ("um", 1, "transcript"), ("like", 4, "transcript")]
    assert found[1].start_s == ws[1].start_s
