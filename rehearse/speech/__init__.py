"""Everything Whisper and the speech network: which model, how to decode, what it wrote.

Takes 16-kHz mono samples; gives a ``Transcript`` of timed words, and the speech network's
per-frame probability that someone is speaking.
"""
