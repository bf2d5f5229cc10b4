"""Report writers, one per format, behind ``get_writer``."""

from __future__ import annotations

from rehearse.errors import UsageError


def get_writer(fmt: str):
    """A writer with ``render(report) -> str | rich renderable``."""
    if fmt == "json":
        from rehearse.report.render.json_writer import JsonWriter

        return JsonWriter()
    if fmt == "terminal":
        from rehearse.report.render.terminal import TerminalWriter

        return TerminalWriter()
    raise UsageError(f"unknown report format {fmt!r} (expected terminal or json)")
