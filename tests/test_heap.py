"""Freed memory goes back to the system after a decoding, in a real process on glibc."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")

_SCATTERED = """
import sys
from rehearse.speech.heap import give_back_free_memory

def rss_mib():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024

blocks = [bytearray(64 * 1024) for _ in range(4000)]  # 250 MiB from the heap, not mmap
del blocks[:-1:2]  # half freed, scattered: the heap's top stays in use, nothing is returned
held = rss_mib()
{call}
print(held, rss_mib())
"""


def _before_after(call: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", _SCATTERED.format(call=call)], capture_output=True,
                         text=True, check=True).stdout
    held, after = map(float, out.split())
    return held, after


def test_free_pages_go_back_to_the_system():
    held, kept = _before_after("pass")
    assert held - kept < 10  # glibc alone keeps the freed half
    held, after = _before_after("give_back_free_memory()")
    assert held - after > 80, (held, after)  # of the ~125 MiB freed
