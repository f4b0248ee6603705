"""File-name patterns of the catalog: what a pattern may look like, and whether two can collide.

A pattern is an ``fnmatch`` glob over a file *name* inside its provider's landing folder, so it
may not name a folder (no ``/`` or ``\\``), climb out of one (``..``) or be absolute. Two patterns of
one provider that can match the same name would make a file belong to two datasets: whether
they can is decided exactly, by walking both patterns side by side (a product automaton), not
by trying sample names.

>>> overlap("hukou_*.csv", "hukou_2026*.csv")
True
>>> overlap("hukou_*.csv", "chusheng_*.csv")
False
>>> overlap("a_[0-9]*.csv", "a_x*.csv")
False
>>> unsafe_reason("../psb/hukou_*.csv") is not None
True
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from fnmatch import fnmatchcase

__all__ = ["matches", "overlap", "unsafe_reason"]


@dataclass(frozen=True)
class _Chars:
    """A set of characters: explicit ranges, possibly negated (``[!...]``); ``any`` is ``?``."""

    ranges: tuple[tuple[str, str], ...] = ()
    negated: bool = False

    def contains(self, ch: str) -> bool:
        inside = any(lo <= ch <= hi for lo, hi in self.ranges)
        return inside != self.negated

    def meets(self, other: _Chars) -> bool:
        if self.negated and other.negated:
            return True  # two co-finite sets of an infinite alphabet always share a character
        if self.negated:
            return other.meets(self)
        for lo, hi in self.ranges:
            if other.negated:
                # Some character of [lo, hi] that ``other`` excludes? Check the range ends and the
                # characters just past each excluded range; one of them is free if any is.
                candidates = {lo, hi, *(chr(ord(h) + 1) for _, h in other.ranges), *(chr(ord(low) - 1) for low, _ in other.ranges if low > "\0")}
                if any(lo <= c <= hi and other.contains(c) for c in candidates):
                    return True
            elif any(lo <= ohi and olo <= hi for olo, ohi in other.ranges):
                return True
        return False


_ANY = _Chars(negated=True)
_STAR = None  # a token that is None is ``*``


def _tokens(pattern: str) -> list[_Chars | None]:
    """The pattern as fnmatch reads it: ``*``, ``?``, ``[...]`` (``[!...]`` negated) and literals."""
    out: list[_Chars | None] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        i += 1
        if c == "*":
            if not out or out[-1] is not _STAR:
                out.append(_STAR)
        elif c == "?":
            out.append(_ANY)
        elif c == "[":
            j = i
            if j < n and pattern[j] == "!":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:  # no closing bracket: fnmatch reads "[" literally
                out.append(_Chars((("[", "["),)))
                continue
            body, i = pattern[i:j], j + 1
            negated = body.startswith("!")
            body = body[1:] if negated else body
            ranges: list[tuple[str, str]] = []
            k = 0
            while k < len(body):
                if k + 2 < len(body) and body[k + 1] == "-":
                    if body[k] <= body[k + 2]:
                        ranges.append((body[k], body[k + 2]))
                    k += 3
                else:
                    ranges.append((body[k], body[k]))
                    k += 1
            out.append(_Chars(tuple(ranges), negated))
        else:
            out.append(_Chars(((c, c),)))
    return out


def overlap(a: str, b: str) -> bool:
    """True if some file name matches both globs (as ``fnmatch.fnmatchcase`` reads them)."""
    ta, tb = _tokens(a), _tokens(b)
    start, end = (0, 0), (len(ta), len(tb))
    seen = {start}
    todo = deque([start])
    while todo:
        i, j = todo.popleft()
        if (i, j) == end:
            return True
        steps: list[tuple[int, int]] = []
        # A star may match nothing.
        if i < len(ta) and ta[i] is _STAR:
            steps.append((i + 1, j))
        if j < len(tb) and tb[j] is _STAR:
            steps.append((i, j + 1))
        # Or both sides read one common character (a star reads it and stays).
        if i < len(ta) and j < len(tb):
            ca, cb = ta[i], tb[j]
            if (ca or _ANY).meets(cb or _ANY):
                steps.append((i if ca is _STAR else i + 1, j if cb is _STAR else j + 1))
        for step in steps:
            if step not in seen:
                seen.add(step)
                todo.append(step)
    return False


def unsafe_reason(pattern: str) -> str | None:
    """Why ``pattern`` could reach outside its provider's folder, or None if it cannot."""
    if not pattern.strip():
        return "文件名模式为空 the file pattern is empty"
    if ".." in pattern:
        return "文件名模式含 '..' the file pattern contains '..', which could leave the provider's folder"
    if "/" in pattern or "\\" in pattern:
        return "文件名模式含路径分隔符 the file pattern contains a path separator (/ or \\); it must name files inside the provider's folder"
    if pattern.startswith("~") or ":" in pattern:
        return "文件名模式含 '~' 或 ':' the file pattern looks like a home or drive path; name files inside the provider's folder"
    if any(ord(c) < 32 for c in pattern):
        return "文件名模式含控制字符 the file pattern contains a control character"
    return None


def matches(name: str, pattern: str) -> bool:
    """Whether a file name belongs to a pattern; the one matcher ingestion and validation share."""
    return fnmatchcase(name, pattern)
