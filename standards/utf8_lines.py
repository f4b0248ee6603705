"""Which lines of a byte string are non-ASCII and shaped like UTF-8, found with numpy.

A GB18030 file is searched for UTF-8 lines (a mixed file); decoding 100 000 lines one by one in
Python costs more than reading the file. Here every byte is weighed at once through a lookup
table: a continuation byte +1, a lead byte minus the continuations it needs, a byte UTF-8 never
uses a lot. A line whose weights sum to zero and that has a non-ASCII byte is a candidate; most
GBK lines are not, and the caller decodes each candidate for real. Work is done in blocks of
whole lines, so memory stays a few times the block size.

>>> list(utf8_shaped_lines("a\\n张三\\n".encode() + "李四\\n".encode("gbk")))
[(2, 8)]
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

__all__ = ["utf8_shaped_lines"]

BLOCK = 1 << 22  # 4 MB of lines at a time


def utf8_shaped_lines(data: bytes) -> Iterator[tuple[int, int]]:
    """(start, end) byte offsets, end exclusive and without the newline, of each candidate line in order."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", min(start + BLOCK, len(data)))
        end = len(data) if end < 0 else end + 1
        yield from _block(data, start, end)
        start = end


def _weights() -> np.ndarray:
    balance = np.zeros(256, dtype=np.int8)
    balance[0x80:0xC0] = 1  # a continuation byte ...
    balance[0xC2:0xE0] = -1  # ... owed by a 2-byte lead
    balance[0xE0:0xF0] = -2  # two owed by a 3-byte lead
    balance[0xF0:0xF5] = -3
    balance[[0xC0, 0xC1, *range(0xF5, 0x100)]] = 64  # never in UTF-8
    return balance


_BALANCE = _weights()


def _block(data: bytes, offset: int, stop: int) -> Iterator[tuple[int, int]]:
    b = np.frombuffer(data, dtype=np.uint8, count=stop - offset, offset=offset)
    newlines = np.flatnonzero(b == 10)
    starts = np.concatenate(([0], newlines + 1))
    starts = starts[starts < b.size]
    ends = np.concatenate((newlines, [b.size]))[: starts.size]
    # Per line: are continuation bytes exactly what the leads owe? (Necessary for UTF-8; ASCII
    # lines pass too and are dropped by isascii(); the caller decodes each candidate for real.)
    owed = np.add.reduceat(_BALANCE[b], starts, dtype=np.int64)
    for i in np.flatnonzero(owed == 0):
        if not data[offset + starts[i]:offset + ends[i]].isascii():
            yield offset + int(starts[i]), offset + int(ends[i])
