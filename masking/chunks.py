"""Long texts in windows, so that scanning time grows linearly with text length.

Every recogniser looks only a few dozen characters around a candidate (context words 8, the
name model 4–16, an address chain well under 100), but some of their bookkeeping grows with
the number of candidates in one text. A long cell is therefore cut into chunks of about
:data:`CHUNK` characters at sentence or line ends, each scanned with :data:`OVERLAP`
characters of its neighbours on both sides; a span belongs to the chunk its start falls in,
and the scanner's overlap rule then runs once over all of them.

>>> [(a, b) for a, b in chunk_bounds("甲。" * 3, size=2)]
[(0, 2), (2, 4), (4, 6)]
"""

from __future__ import annotations

from collections.abc import Iterator

CHUNK = 2000  # characters per chunk; texts up to CHUNK + 2 * OVERLAP are scanned whole
OVERLAP = 100  # characters of the neighbouring chunks each chunk is scanned with
# Where a chunk may end, best first: sentence and line ends, then clause breaks, then spaces.
_ENDS = ("\n。！？!?；;", "，,、：:", " \t")


def chunk_bounds(text: str, size: int = CHUNK) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive chunks covering ``text``, each at most ``size`` long.

    A chunk ends after the last sentence end in its second half, else the last clause break,
    else the last space, else at ``size`` characters (a text without any punctuation).
    """
    n = len(text)
    start = 0
    while start < n:
        end = min(n, start + size)
        if end < n:
            end = _cut(text, start + size // 2, end)
        yield start, end
        start = end


def _cut(text: str, lo: int, hi: int) -> int:
    for ends in _ENDS:
        best = max(text.rfind(c, lo, hi) for c in ends)
        if best >= 0:
            return best + 1
    return hi


def windows(text: str, size: int = CHUNK, overlap: int = OVERLAP) -> Iterator[tuple[int, int, int, int]]:
    """``(lo, start, end, hi)``: scan ``text[lo:hi]``, keep spans starting in ``[start, end)``."""
    n = len(text)
    for start, end in chunk_bounds(text, size):
        yield max(0, start - overlap), start, end, min(n, end + overlap)
