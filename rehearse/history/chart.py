"""`progress --chart`: one panel per key metric, target band shaded, drawn headless."""

from __future__ import annotations

from pathlib import Path

from rehearse.errors import RehearseError, UsageError
from rehearse.home import private_file
from rehearse.history.progress import MetricProgress

WIDTH_IN = 8.0  # figure width, inches
PANEL_HEIGHT_IN = 2.0  # height of one metric's panel, inches
DPI = 100  # so the PNG is 800 px wide and 200 px tall per panel


def draw_progress(items: tuple[MetricProgress, ...], path: str | Path, *, title: str = "") -> Path:
    """Write a PNG to ``path``; returns it. Raises ``RehearseError`` if it cannot."""
    if not items:
        raise UsageError("nothing to chart: no rehearsal has these metrics yet")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise RehearseError("charts need matplotlib: pip install 'rehearse[charts]'") from exc

    path = Path(path)
    fig, axes = plt.subplots(len(items), 1, figsize=(WIDTH_IN, PANEL_HEIGHT_IN * len(items)),
                             dpi=DPI, sharex=True, squeeze=False)
    try:
        for ax, p in zip(axes[:, 0], items):
            xs = list(range(1, len(p.series) + 1))
            ys = [pt.value for pt in p.series]
            if p.target:
                ax.axhspan(p.target[0], p.target[1], color="tab:green", alpha=0.15, lw=0,
                           label="target")
            ax.plot(xs, ys, marker="o", color="tab:blue", lw=1.5, ms=4)
            if p.best_id is not None:
                i = max(k for k, pt in enumerate(p.series) if pt.rehearsal_id == p.best_id)
                ax.plot([xs[i]], [ys[i]], marker="*", color="tab:orange", ms=12, ls="none")
            ax.set_ylabel(p.unit or "count", fontsize=8)
            ax.set_title(f"{p.label}: {p.trend}", fontsize=9, loc="left")
            ax.grid(True, alpha=0.3)
            ax.tick_params(labelsize=8)
        axes[-1, 0].set_xlabel("rehearsal (oldest to newest)", fontsize=8)
        axes[-1, 0].xaxis.get_major_locator().set_params(integer=True)
        if title:
            fig.suptitle(title, fontsize=10)
        fig.tight_layout()
        try:
            with private_file(path) as out:  # the chart shows one person's progress: 0600
                fig.savefig(out, dpi=DPI, format="png")
        except OSError as exc:
            raise UsageError(f"cannot write the chart {path}: {exc.strerror or exc}") from exc
    finally:
        plt.close(fig)
    return path
