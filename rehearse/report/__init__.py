"""The report: frozen dataclasses of everything an analysis found, their JSON form (written
and read back), and the writers that show them (terminal, JSON, history views)."""

from rehearse._exports import lazy_exports

_NAMES = {
    "Report": "report",
    "to_dict": "report",
    "to_json": "report",
    "from_dict": "report_io",
    "get_writer": "render",
}
__all__ = sorted(_NAMES)
__getattr__ = lazy_exports(__name__, _NAMES)
