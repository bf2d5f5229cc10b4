"""What glibc keeps of the memory each decoding frees: give it back, and keep it in few arenas.

Each decode allocates and frees tens of MiB, in blocks whose sizes change with the chunk,
and glibc keeps what was freed in its arenas, scattered; each thread that allocates while
another does gets an arena of its own (up to eight per core). Not glibc (macOS, musl,
Windows): both functions do nothing.
"""

from __future__ import annotations

import functools

ARENAS = 2  # two decoders at once; more arenas only hold more freed memory
_M_ARENA_MAX = -8  # glibc's mallopt parameter number


def give_back_free_memory() -> None:
    """Hand the pages the allocator holds free back to the system, after a chunk's decoding.

    Measured over a 9.8-minute recording (benchmarks/record_memory.py): the resident set grew
    1.8 MiB a minute (median 277 MiB in minute 2, 292 in minute 10) while the heap in use
    stayed flat (mallinfo2) and Python's objects grew 0.1 MiB a minute (tracemalloc); trimmed
    after each chunk, +0.1 MiB a minute at 230-240 MiB. ``malloc_trim(0)`` releases the free
    pages of every arena: 2-30 ms, once per chunk of 6-25 s.
    """
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def few_arenas() -> None:
    """At most ``ARENAS`` malloc arenas from now on, before the decoders' threads start.

    Two chunks decoded at once on a 2-minute answer peaked at 496 MiB with glibc's default
    arenas and 433 MiB with two (``/usr/bin/time -v``), at the same speed.
    """
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, ARENAS)


@functools.lru_cache(maxsize=1)
def _libc():
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        libc.malloc_trim, libc.mallopt  # noqa: B018 (glibc only)
        return libc
    except (AttributeError, OSError, TypeError):
        return None
