"""The studio's two waits, in headless Chromium against a real `rehearse studio`.

    python benchmarks/studio.py [--runs 3] [--seconds 120] [--page-seconds 180]

1. Stop -> report drawn in the DOM: the page records a spoken answer through the virtual
   microphone (PulseAudio pipe source, fed in real time); Stop is clicked 0.15 s after the
   last sample; the clock runs in the browser from the click to the report page's data being
   drawn. Baselines in the same run: `rehearse analyze` of the saved file, and the same
   answer through `rehearse record` (end of answer -> report, benchmarks/latency.py).
2. Page load of a report with its waveform, for a 3-minute answer: from navigation start to
   the report drawn and to the waveform (with its regions) drawn, median of 5 loads.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.latency import answer, one_run  # noqa: E402
from devtools.browser import Studio, chromium  # noqa: E402
from tests.virtual_mic import SR, VirtualMic  # noqa: E402

PAGE_LOADS = 5


def wait(driver, js: str, timeout: float = 300.0, every: float = 0.01):
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(js)
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(js)
        time.sleep(every)


def record_once(driver, studio: Studio, mic: VirtualMic, y: np.ndarray) -> tuple[float, float, Path]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver.get(studio.base + "/")
    wait(driver, "return document.body.dataset.ready === '1' && "
                 "[...document.querySelectorAll('#device option')].some(o => o.value === 'pulse')")
    Select(driver.find_element(By.ID, "device")).select_by_value("pulse")
    driver.find_element(By.ID, "question").send_keys("Tell me about yourself")
    driver.find_element(By.ID, "record").click()
    wait(driver, "return !document.getElementById('live').hidden")
    mic.play(y)
    mic.wait_done(timeout=len(y) / SR + 60)
    time.sleep(0.15)  # the last 100-ms chunk reaches the recorder: the user presses Stop
    driver.find_element(By.ID, "stop").click()
    wait(driver, "return location.pathname.startsWith('/rehearsals/') && window.studioTimes "
                 "&& document.getElementById('report').dataset.ready === '1'")
    stop_at = float(driver.execute_script("return sessionStorage.getItem('studioStopAt')"))
    server_s = float(driver.execute_script("return sessionStorage.getItem('studioReportS')"))
    ready_at = driver.execute_script("return window.studioTimes.ready")
    path = driver.execute_async_script(
        "const done = arguments[0]; fetch(location.pathname + '.json').then(r => r.json())"
        ".then(d => done(d.audio.path));")
    return (ready_at - stop_at) / 1000.0, server_s, Path(path)


def analyze_seconds(path: Path, env: dict) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rehearse", "analyze", str(path), "--json", "--no-save"],
                   check=True, capture_output=True, env=env)
    return time.perf_counter() - t


def page_load(driver, studio: Studio, rid: int) -> tuple[float, float]:
    driver.get("about:blank")
    driver.get(f"{studio.base}/rehearsals/{rid}")
    wait(driver, "return window.studioTimes && window.studioTimes.waveform")
    t = driver.execute_script("return [performance.timeOrigin, window.studioTimes.ready, "
                              "window.studioTimes.waveform]")
    return (t[1] - t[0]) / 1000.0, (t[2] - t[0]) / 1000.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=120.0)
    ap.add_argument("--page-seconds", type=float, default=180.0)
    args = ap.parse_args()
    y = answer(args.seconds)
    with tempfile.TemporaryDirectory() as tmp:
        mic = VirtualMic(Path(tmp) / "pulse")
        mic.start()
        home = Path(tmp) / "home"
        env = {**os.environ, **mic.env, "REHEARSE_HOME": str(home), "HF_HUB_OFFLINE": "1"}
        studio = Studio(env=env)
        driver = chromium()
        try:
            driver.get(studio.url)
            stops, servers, offline, cli = [], [], [], []
            for _ in range(args.runs):
                took, server_s, path = record_once(driver, studio, mic, y)
                stops.append(took)
                servers.append(server_s)
                offline.append(analyze_seconds(path, env))
                cli.append(one_run(mic, y, env)[0])
            long = Path(tmp) / "long.wav"
            sf.write(long, answer(args.page_seconds), SR)
            subprocess.run([sys.executable, "-m", "rehearse", "analyze", str(long), "-q", "Long"],
                           check=True, capture_output=True, env=env)
            (home / "recordings" / "long.wav").write_bytes(long.read_bytes())  # servable
            rid = 2 * args.runs + 1  # after the studio's and `record`'s rehearsals
            subprocess.run([sys.executable, "-c", (
                "import sqlite3,sys; db = sqlite3.connect(sys.argv[1]); "
                "db.execute('UPDATE rehearsals SET audio_path = ? WHERE id = ?', (sys.argv[2], int(sys.argv[3]))); "
                "db.commit()"), str(home / "history.sqlite3"), str(home / "recordings" / "long.wav"),
                str(rid)], check=True)
            page_load(driver, studio, rid)  # warm: the first load compiles the scripts
            loads = [page_load(driver, studio, rid) for _ in range(PAGE_LOADS)]
        finally:
            driver.quit()
            studio.close()
            mic.close()
    print(f"machine: {os.cpu_count()} cores; Chromium headless; answer {args.seconds:.0f} s "
          f"through the virtual microphone; {args.runs} runs")
    print(f"Stop -> report drawn in the page:           median {statistics.median(stops):.2f} s  "
          f"runs {', '.join(f'{x:.2f}' for x in stops)}  (target <= 1.5 s, aim 1 s)")
    print(f"  of which the server making the report:      median {statistics.median(servers):.2f} s  "
          f"runs {', '.join(f'{x:.2f}' for x in servers)}")
    print(f"baseline: rehearse record, end of answer -> report: median {statistics.median(cli):.2f} s  "
          f"runs {', '.join(f'{x:.2f}' for x in cli)}")
    print(f"baseline: rehearse analyze on the saved file: median {statistics.median(offline):.2f} s  "
          f"runs {', '.join(f'{x:.2f}' for x in offline)}")
    ready = [a for a, _ in loads]
    wave = [b for _, b in loads]
    print(f"report page load, {args.page_seconds:.0f}-s answer: report drawn median "
          f"{statistics.median(ready) * 1000:.0f} ms, waveform drawn median "
          f"{statistics.median(wave) * 1000:.0f} ms  (runs {', '.join(f'{x * 1000:.0f}' for x in wave)}; "
          "target < 300 ms)")


if __name__ == "__main__":
    main()
