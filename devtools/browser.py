"""Headless Chromium from Debian, driven by Selenium: for the studio's browser tests, its
screenshots and its benchmark. Nothing is downloaded: Selenium is pointed at the system
chromedriver, and each browser gets a fresh profile folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"


def chromium_missing() -> str | None:
    """Why a browser cannot run here, or None."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            return f"{path} not found (apt-get install {package}; scripts/setup.sh --test does)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


def chromium(*, width: int = 1280, height: int = 1000, scale: float = 1.0):
    """A headless Chromium WebDriver with a profile of its own (removed on ``quit``)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="rehearse-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--mute-audio",
                "--autoplay-policy=no-user-gesture-required",
                f"--user-data-dir={profile}", f"--window-size={width},{height}",
                f"--force-device-scale-factor={scale}"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    quit_ = driver.quit

    def quit_and_clean() -> None:
        try:
            quit_()
        finally:
            shutil.rmtree(profile, ignore_errors=True)

    driver.quit = quit_and_clean
    return driver


class Studio:
    """`rehearse studio --no-browser` in a child process; ``url`` is its printed address."""

    def __init__(self, *, env: dict | None = None, port: int = 0, args: tuple[str, ...] = (),
                 python: str = sys.executable):
        self.proc = subprocess.Popen(
            [python, "-m", "rehearse", "studio", "--no-browser", "--port", str(port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **(env or {})})
        line = self.proc.stdout.readline().strip()
        if not re.match(r"^http://127\.0\.0\.1:\d+/\?token=\S+$", line):
            self.proc.kill()
            raise RuntimeError(f"studio did not start: {line!r} {self.proc.stderr.read()}")
        self.url = line
        self.base = line.split("/?", 1)[0]
        self.token = line.rsplit("=", 1)[1]
        self.port = int(self.base.rsplit(":", 1)[1])
        self.stderr: list[str] = []
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        for line in self.proc.stderr:
            self.stderr.append(line)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def ink_pixels(driver, css: str) -> int:
    """How many pixels of the first canvas under ``css`` are not blank (drawn on)."""
    return driver.execute_script("""
        const c = document.querySelector(arguments[0]);
        if (!c) return -1;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n;""", css)


__all__ = ["chromium", "chromium_missing", "Studio", "ink_pixels", "Path"]
