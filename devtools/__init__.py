"""Tools for developers, not installed with rehearse: speech synthesis with known ground truth
for the tests, the benchmarks and the bundled sample (``scripts/make_sample.py``)."""
