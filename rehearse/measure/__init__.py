"""Signal and transcript measures: pauses, fillers, words, pace, rambling and delivery.

Takes the samples and the transcript; gives an ``Analysis`` of numbers, with no advice in it.
"""
