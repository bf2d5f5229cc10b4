"""``np.percentile(a, q, axis=1)`` of a (rows x frames) array that is never whole in memory.

The features' noise spectrum is a low percentile over time of every frequency bin. Taking it
with ``np.percentile`` needs the whole spectrogram at once (6 MiB a minute, 370 MiB an
hour in float32, twice that in float64). Here the array is seen block by block, twice:

1. ``count``: a histogram per row over the values' leading bits (1/64 octave), which tells
   in which bucket the wanted order statistics lie;
2. ``collect``: the values in those buckets only, about 1 % of a row on real recordings
   (kept in flat arrays, equal values merged with a count, so a constant row costs nothing).

The result is the same float as ``np.percentile`` (same order statistics, same
interpolation), whatever the blocks.

``SegmentPercentiles`` takes one percentile per segment of a long recording (its noise may
change) in a single pass, from the histogram buckets alone: within 1/64 octave, not exact.
"""

from __future__ import annotations

import numpy as np

_SUB_BITS = 6  # mantissa bits in a bucket: 64 buckets per octave
_SHIFT = 52 - _SUB_BITS
_MIN_EXP, _MAX_EXP = -160, 20  # octaves with a bucket each; smaller or larger share the end ones
_KEY_LO = (1023 + _MIN_EXP) << _SUB_BITS
_N_BUCKETS = (_MAX_EXP - _MIN_EXP) << _SUB_BITS


def _bucket(a: np.ndarray) -> np.ndarray:
    """Bucket of each value of ``a`` (float64, >= 0), increasing with the value."""
    key = (a.view(np.uint64) >> np.uint64(_SHIFT)).view(np.int64)
    key -= _KEY_LO - 1
    return np.clip(key, 0, _N_BUCKETS + 1, out=key)


class RowPercentile:
    """Exact per-row ``q``-th percentile of a (rows x n) float64 array of values >= 0
    fed as column blocks: every block to ``count``, then the same blocks to ``collect``."""

    def __init__(self, rows: int, *, q: float) -> None:
        self._q = q / 100
        self._hist = np.zeros((rows, _N_BUCKETS + 2), np.int32)
        self._n = 0
        self._want: np.ndarray | None = None
        # The values found, as (row, value, how many times) in flat arrays: one entry per
        # distinct value once compacted, so a row that never changes costs one entry.
        self._found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._pending = 0

    def count(self, block: np.ndarray) -> None:
        keys = _bucket(np.ascontiguousarray(block, np.float64))
        for row, k in zip(self._hist, keys):
            row += np.bincount(k, minlength=len(row)).astype(np.int32)
        self._n += block.shape[1]

    def _ranks(self) -> tuple[int, int, float]:
        # np.percentile's "linear" method, step for step: the same float index and weight.
        n = self._n
        virtual = (n - 1) * self._q
        if virtual >= n - 1:
            return n - 1, n - 1, 0.0
        below = max(int(np.floor(virtual)), 0)
        return below, below + 1, virtual - np.floor(virtual)

    def collect(self, block: np.ndarray) -> None:
        if self._want is None:
            lo, hi, _ = self._ranks()
            self._want = np.empty((len(self._hist), 2), np.int64)
            self._before = np.empty(len(self._hist), np.int64)
            for r, row in enumerate(self._hist):  # row by row: the cumulative counts are int64
                cum = np.cumsum(row, dtype=np.int64)
                # Bucket of rank r: the first whose cumulative count exceeds r.
                self._want[r] = np.searchsorted(cum, [lo, hi], side="right")
                self._before[r] = cum[self._want[r, 0]] - row[self._want[r, 0]]
            self._hist = None  # 11 MiB no longer needed
        block = np.ascontiguousarray(block, np.float64)
        keys = _bucket(block)
        rows, cols = np.nonzero((keys == self._want[:, :1]) | (keys == self._want[:, 1:]))
        self._found.append((rows.astype(np.int32), block[rows, cols], np.ones(len(rows), np.int64)))
        self._pending += len(rows)
        if self._pending > 1 << 18:
            self._compact()

    def _compact(self) -> None:
        rows, values, counts = (np.concatenate(part) for part in zip(*self._found))
        order = np.lexsort((values, rows))
        rows, values, counts = rows[order], values[order], counts[order]
        new = np.ones(len(rows), bool)
        new[1:] = (rows[1:] != rows[:-1]) | (values[1:] != values[:-1])
        starts = np.flatnonzero(new)
        self._found = [(rows[starts], values[starts], np.add.reduceat(counts, starts))] if len(rows) else []
        self._pending = 0

    def result(self) -> np.ndarray:
        """The percentile of each row, shape ``(rows,)``; after ``collect`` has seen every block."""
        lo, hi, t = self._ranks()
        self._compact()
        rows, values, counts = self._found[0]
        bounds = np.searchsorted(rows, np.arange(len(self._before) + 1))
        out = np.empty(len(self._before))
        for r in range(len(out)):
            v = values[bounds[r]:bounds[r + 1]]  # ascending
            ends = np.cumsum(counts[bounds[r]:bounds[r + 1]])
            first = self._before[r]  # values before the first wanted bucket
            a = v[np.searchsorted(ends, lo - first, side="right")]
            b = v[np.searchsorted(ends, hi - first, side="right")] if hi != lo else a
            out[r] = _lerp(a, b, t)
        return out


def _lerp(a: float, b: float, t: float) -> float:
    """numpy's interpolation between neighbours (np.lib._function_base_impl._lerp)."""
    diff = b - a
    return float(b - diff * (1 - t)) if t >= 0.5 else float(a + diff * t)


class SegmentPercentiles:
    """Per-row ``q``-th percentile of each segment of ``segment`` columns of a (rows x n)
    array fed once, as column blocks in order; the last segment takes the remainder
    (``segment`` to ``2 * segment - 1`` columns).

    A segment's values are held as a sparse histogram (the buckets of ``RowPercentile``)
    until it is complete: one pass, and memory for one segment. The percentile is read
    inside its bucket by linear interpolation, within 1/64 octave (0.05 dB) of
    ``np.percentile``: close enough for a noise spectrum, and the same float whatever the
    blocks, since the counts are integers.
    """

    def __init__(self, rows: int, *, n: int, segment: int, q: float, first: int = 0) -> None:
        """``first``: the column fed first, a segment's start; the segments before it are
        left to another instance (``result`` holds nothing for them)."""
        self._rows, self._q = rows, q / 100
        self.n_segments = max(1, n // segment)
        self.starts = [k * segment for k in range(self.n_segments)] + [n]
        if first not in self.starts[:-1]:
            raise ValueError(f"column {first} starts no segment")
        self._parts: list[tuple[np.ndarray, np.ndarray]] = []
        self._seen = first  # columns fed so far, or left to another
        self.result = np.empty((self.n_segments, rows))

    def add(self, block: np.ndarray) -> None:
        """The next ``block.shape[1]`` columns."""
        first = self._seen
        self._seen += block.shape[1]
        keys = _bucket(np.ascontiguousarray(block, np.float64)).astype(np.int32)
        keys += (np.arange(self._rows, dtype=np.int32) * (_N_BUCKETS + 2))[:, None]
        at = first
        while at < self._seen:
            k = min(np.searchsorted(self.starts, at, side="right") - 1, self.n_segments - 1)
            stop = min(self.starts[k + 1], self._seen)
            self._parts.append(np.unique(keys[:, at - first:stop - first], return_counts=True))
            if stop == self.starts[k + 1]:
                self.result[k] = self._percentile(self.starts[k + 1] - self.starts[k])
                self._parts = []
            at = stop

    def _percentile(self, m: int) -> np.ndarray:
        keys, counts = (np.concatenate(p) for p in zip(*self._parts))
        keys, where = np.unique(keys, return_inverse=True)  # sorted by row, then bucket
        cum = np.cumsum(np.bincount(where, weights=counts).astype(np.int64))
        rank = (m - 1) * self._q  # np.percentile's "linear" virtual index
        rows = np.arange(self._rows)
        # Every row has m values: row r's values of rank i are at r * m + i in ``cum``.
        at = np.searchsorted(cum, rows * m + int(np.floor(rank)), side="right")
        count = cum[at] - np.concatenate(([0], cum))[at]
        before = cum[at] - count - rows * m
        low, high = _bucket_edges(keys[at] % (_N_BUCKETS + 2))
        share = np.clip((rank - before + 0.5) / count, 0.0, 1.0)
        return low + (high - low) * share


def _bucket_edges(bucket: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The smallest value of each bucket and of the next one; both 0 for the bucket of
    zero (and of values under 2**-160), so that digital silence stays 0."""
    def lowest(b):
        raw = (b.astype(np.int64) + _KEY_LO - 1).astype(np.uint64) << np.uint64(_SHIFT)
        return np.where(bucket <= 0, 0.0, raw.view(np.float64))
    return lowest(bucket), lowest(bucket + 1)
