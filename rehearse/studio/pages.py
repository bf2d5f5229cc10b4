"""The studio's pages: one shell (head, navigation, shared script) around each page's
``<main>``, with the page's own styles and scripts. No web framework here, so the shared
report file (``share.py``) is built from the same page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class Page:
    title: str
    scripts: tuple[str, ...]  # under /static/, loaded after common.js in this order
    styles: tuple[str, ...] = ()  # under /static/, after app.css


PAGES = {
    "index": Page("Rehearse", ("index.js",)),
    "report": Page("Report", ("vendor/wavesurfer.min.js", "vendor/wavesurfer.regions.min.js",
                              "report.js")),
    "history": Page("History", ("history.js",)),
    "progress": Page("Progress", ("vendor/uPlot.iife.min.js", "progress.js"),
                     ("vendor/uPlot.min.css",)),
    "compare": Page("Compare", ("compare.js",)),
}


@lru_cache(maxsize=None)
def page_html(name: str) -> str:
    """The whole HTML of page ``name``."""
    page = PAGES[name]
    shell = Template((STATIC / "shell.html").read_text(encoding="utf-8"))
    return shell.substitute(
        title=page.title,
        styles="".join(f'<link rel="stylesheet" href="/static/{s}">\n' for s in page.styles),
        main=(STATIC / "pages" / f"{name}.html").read_text(encoding="utf-8"),
        scripts="".join(f'<script src="/static/{s}"></script>\n' for s in page.scripts))
