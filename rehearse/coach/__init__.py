"""Turning numbers into advice: the three tips with their evidence, what went well, and the
interview questions to practise."""
