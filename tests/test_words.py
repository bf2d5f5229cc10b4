"""Counting spoken words as a listener would (issue 14: word count within 3 %)."""

from rehearse.measure.words import spoken_word_counts


def test_alright_counts_once_however_whisper_spells_it():
    # The same recorded phrase came out "Alright, thanks." and "All right. Thanks."
    assert sum(spoken_word_counts(["alright", "thanks"])) == 2
    assert sum(spoken_word_counts(["all", "right", "thanks"])) == 2
    assert spoken_word_counts(["we", "all", "went", "right", "on"]) == [1, 1, 1, 1, 1]


def test_numbers_count_as_said_and_contractions_once():
    assert spoken_word_counts(["in", "2019", "we", "didn't", "grow", "25%"]) == [1, 2, 1, 1, 1, 2]
