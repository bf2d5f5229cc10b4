"""Signal and transcript measures: pauses, fillers, words, pace, rambling and delivery.

Takes the samples and the transcript; gives an ``Analysis`` of numbers, with no advice in it.
"""

from rehearse._exports import lazy_exports

_NAMES = {
    "analyse": "analysis",
    "Analysis": "analysis",
    "Targets": "analysis",
    "compute_features": "features",
    "Features": "features",
}
__all__ = sorted(_NAMES)
__getattr__ = lazy_exports(__name__, _NAMES)
