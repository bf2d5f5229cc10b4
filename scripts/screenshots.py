"""Take the README's studio screenshots from the real pages, in headless Chromium.

    .venv/bin/python scripts/screenshots.py        # writes docs/studio-report.png, docs/studio-progress.png

A fresh data home gets four rehearsals of one question (three synthesized answers, then the
bundled sample), analysed by `rehearse analyze` as a user would; then `rehearse studio` serves
them and the browser photographs the sample's report and the progress page.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # devtools/ and benchmarks/ live beside rehearse/
from benchmarks.build_synthetic_set import SCRIPTS  # noqa: E402
from devtools import synth  # noqa: E402
from devtools.browser import Studio, chromium  # noqa: E402

QUESTION = "Tell me about yourself"
WIDTH = 1100


def analyse(path: Path, env: dict) -> None:
    subprocess.run([sys.executable, "-m", "rehearse", "analyze", str(path), "-q", QUESTION],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def page(driver, url: str, out: Path, *, ready: str, settle_s: float = 0.5) -> None:
    driver.get(url)
    deadline = time.monotonic() + 60
    while not driver.execute_script(f"return !!document.querySelector({ready!r})"):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not finish drawing")
        time.sleep(0.1)
    time.sleep(settle_s)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(WIDTH, height + 20)
    time.sleep(0.3)
    driver.save_screenshot(str(out))
    print(f"wrote {out.relative_to(ROOT)}")


def main() -> None:
    import os

    with tempfile.TemporaryDirectory(prefix="rehearse-shots-") as tmp:
        home = Path(tmp) / "home"
        env = {**os.environ, "REHEARSE_HOME": str(home), "HF_HUB_OFFLINE": "1"}
        (home / "recordings").mkdir(parents=True)
        for n, name in enumerate(("weakness", "conflict", "analyst")):
            y, truth = synth.build(SCRIPTS[name], noise_db=-55.0, seed=n, vary=False)
            path = home / "recordings" / f"{name}.wav"
            synth.write(path, y, truth)
            analyse(path, env)
        sample = home / "recordings" / "sample.wav"
        sample.write_bytes((ROOT / "recordings" / "tell-me-about-yourself.wav").read_bytes())
        analyse(sample, env)
        studio = Studio(env=env)
        driver = chromium(width=WIDTH, height=900)
        try:
            driver.get(studio.url)
            page(driver, studio.base + "/rehearsals/4", ROOT / "docs" / "studio-report.png",
                 ready="#waveform[data-ready='1']", settle_s=1.0)
            driver.set_window_size(WIDTH, 900)
            page(driver, studio.base + "/progress", ROOT / "docs" / "studio-progress.png",
                 ready="#page[data-ready='1']")
        finally:
            driver.quit()
            studio.close()


if __name__ == "__main__":
    main()
