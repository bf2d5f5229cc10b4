"""One self-contained HTML file of a report: the studio's own report page with its styles,
scripts, data and audio (as a base64 data URI) inlined, so it opens in any browser offline."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

from rehearse.report.render.safe import json_text
from rehearse.studio.pages import STATIC, page_html
from rehearse.studio.twins import AUDIO_TYPES, playable_audio, report_twin


def self_contained_html(r, block) -> str:
    """The report page of rehearsal ``r`` with everything it needs inside it."""
    data = report_twin(r, block)
    audio = playable_audio(r)
    if audio is not None:
        kind = AUDIO_TYPES.get(audio.suffix.lower(), "application/octet-stream")
        data["rehearsal"]["audio_url"] = (f"data:{kind};base64,"
                                          + base64.b64encode(audio.read_bytes()).decode("ascii"))
    page = page_html("report")
    page = re.sub(r'<link rel="stylesheet" href="/static/([\w./-]+)">',
                  lambda m: f"<style>\n{_static(m.group(1))}\n</style>", page)
    # Inside <script>: every "<" escaped (no "</script>" or "<!--" can end or bend it), and
    # the controls JSON leaves raw (bidi overrides, C1) escaped too; the same data once parsed.
    embedded = json_text(json.dumps(data, ensure_ascii=False)).replace("<", "\\u003c")
    page = page.replace("<script src=\"/static/common.js\"></script>",
                        f'<script type="application/json" id="twin-data">{embedded}</script>\n'
                        '<script src="/static/common.js"></script>')
    return re.sub(r'<script src="/static/([\w./-]+)"></script>',
                  lambda m: f"<script>\n{_static(m.group(1))}\n</script>", page)


def _static(name: str) -> str:
    text = (STATIC / name).read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style")


def write_html(r, block, path: str | Path) -> Path:
    """Write the self-contained report of ``r`` to ``path``."""
    from rehearse.errors import UsageError

    from rehearse.home import private_file

    out = Path(path)
    try:  # it holds the user's voice: readable by them only, like `export --output`
        with private_file(out, binary=False) as f:
            f.write(self_contained_html(r, block))
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out
