"""Everything Whisper and the speech network: which model, how to decode, what it wrote.

Takes 16-kHz mono samples; gives a ``Transcript`` of timed words, and the speech network's
per-frame probability that someone is speaking.
"""

from rehearse._exports import lazy_exports

_NAMES = {
    "ModelChoice": "models",
    "resolve_model": "models",
    "load_model": "models",
    "preload": "models",
    "TranscribeOptions": "transcribe",
    "Transcript": "transcript",
    "Word": "transcript",
}
__all__ = sorted(_NAMES)
__getattr__ = lazy_exports(__name__, _NAMES)
