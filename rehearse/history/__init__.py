"""Every rehearsal kept in SQLite (the only code that touches it), and what the history says:
key metrics, usual and best values, trends, charts."""

from rehearse._exports import lazy_exports

_NAMES = {
    "open_store": "store",
    "exists": "store",
    "Rehearsal": "store",
    "Session": "store",
    "against_history": "progress",
    "extract": "metrics",
    "normalise_question": "metrics",
    "targets": "metrics",
}
__all__ = sorted(_NAMES)
__getattr__ = lazy_exports(__name__, _NAMES)
