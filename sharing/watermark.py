"""Marks that tie an exchange package to its grant (Art. 20: traceable to the recipient).

Where the mark lives. Each text cell is written in one of several forms that are equal under
Unicode NFKC compatibility normalisation: an ASCII character or its full-width form (``5`` /
``５``, ``*`` / ``＊``), a CJK ideograph or its Kangxi-radical form (``女`` / ``⼥``, ``鼓`` /
``⿎``). Which positions take the alternative form is chosen by an HMAC of the grant's key and
the cell's canonical text (about one position in four). So:

- the data stay truthful: ``NFKC(marked) == NFKC(release value)`` for every cell, the words and
  numbers are the release's, no row is added, dropped or changed (tested);
- the mark survives what a copy goes through: re-saving as CSV or Excel keeps characters; the
  choice depends on a cell's own text, not its row, column name or position, so re-ordering
  rows, renaming headers or cutting the file down to a few marked columns leave it readable;
- identifiers stay exact: key columns, resident IDs, credit codes and the lineage key are never
  marked, so joins on them work as before.

Tracing compares, for every candidate grant, the forms seen with the forms that grant's key
chooses, over the distinct cells of the columns that carry marks. The true grant agrees at
(nearly) every position; an unrelated key agrees at ``r*q + (1-r)*(1-q)`` (``r`` = 1/4 the
marking rate, ``q`` the share of alternative forms in the file: about 5 in 8). The answer names a
grant only when agreement is at least 90% and the chance that any of the unrelated candidate
keys agrees as well (binomial tail times the number of candidates) is below 1e-6.

What removes the mark: NFKC-normalising the text (or retyping it), or keeping only unmarked
columns (keys, numbers, dates). ``trace`` then says it cannot tell, never guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

RATE = 64  # of 256: a position takes its alternative form when its HMAC byte is below this (1 in 4)
MIN_AGREEMENT = 0.9
MAX_FALSE_MATCH = 1e-6  # for all candidate grants together


def _alternatives() -> dict[str, str]:
    table = {chr(c): chr(0xFF01 + c - 0x21) for c in range(0x21, 0x7F)}  # ASCII -> full width
    for code in range(0x2F00, 0x2FD6):  # Kangxi radicals -> their unified ideograph
        base = unicodedata.normalize("NFKC", chr(code))
        if len(base) == 1 and base != chr(code):
            table.setdefault(base, chr(code))
    return table


ALTERNATIVE = _alternatives()
BASE = {alt: base for base, alt in ALTERNATIVE.items()}


def grant_key(secret: bytes, grant_id: int) -> bytes:
    return hmac.new(secret, f"exchange-grant:{grant_id}".encode(), hashlib.sha256).digest()


def canonical(text: str) -> str:
    return "".join(BASE.get(ch, ch) for ch in text)


def _choices(key: bytes, canon: str, positions: int) -> list[bool]:
    out: list[bool] = []
    counter = 0
    while len(out) < positions:
        digest = hmac.new(key, f"{counter}\x1f{canon}".encode(), hashlib.sha256).digest()
        out.extend(b < RATE for b in digest)
        counter += 1
    return out[:positions]


def mark_text(key: bytes, text: str) -> str:
    canon = canonical(text)
    markable = sum(ch in ALTERNATIVE for ch in canon)
    if not markable:
        return canon
    choices = iter(_choices(key, canon, markable))
    return "".join(ALTERNATIVE[ch] if ch in ALTERNATIVE and next(choices) else ch for ch in canon)


def mark_frame(frame: pl.DataFrame, key: bytes, columns: Iterable[str]) -> pl.DataFrame:
    """``frame`` with the named text columns marked for ``key`` (each distinct value once)."""
    marked = []
    for name in columns:
        series = frame.get_column(name)
        if series.dtype != pl.String:
            continue
        values = [v for v in series.unique().to_list() if v is not None]
        mapping = {v: mark_text(key, v) for v in values}
        marked.append(series.replace_strict(mapping, default=None, return_dtype=pl.String).alias(name))
    return frame.with_columns(marked) if marked else frame


@dataclass(frozen=True)
class Evidence:
    candidate: int
    positions: int  # markable positions compared (distinct cells of marked columns)
    agreeing: int
    chance: float = 1 - RATE / 256  # an unrelated key's agreement per position

    @property
    def agreement(self) -> float:
        return self.agreeing / self.positions if self.positions else 0.0

    @property
    def false_match(self) -> float:
        """Chance that one key unrelated to this file agrees this well (binomial tail)."""
        return _tail(self.positions, self.agreeing, self.chance)

    def convincing(self, candidates: int) -> bool:
        return self.agreement >= MIN_AGREEMENT and self.false_match * max(candidates, 1) <= MAX_FALSE_MATCH




def observations(frame: pl.DataFrame) -> list[tuple[str, list[bool]]]:
    """The distinct cells of the columns that carry marks: canonical text and which positions are alternative."""
    seen: dict[str, list[bool]] = {}
    for name in frame.columns:
        values = [v for v in frame.get_column(name).cast(pl.String).unique().to_list() if v]
        if not any(ch in BASE for v in values for ch in v):
            continue  # an unmarked (or normalised) column says nothing either way
        for value in values:
            canon = canonical(value)
            pattern = [ch in BASE for ch, base in zip(value, canon, strict=True) if base in ALTERNATIVE]
            if pattern:
                seen.setdefault(canon, pattern)
    return list(seen.items())


def evidence(observed: list[tuple[str, list[bool]]], candidate: int, key: bytes) -> Evidence:
    positions = agreeing = alternative = 0
    for canon, pattern in observed:
        expected = _choices(key, canon, len(pattern))
        positions += len(pattern)
        alternative += sum(pattern)
        agreeing += sum(a == b for a, b in zip(pattern, expected, strict=True))
    r, q = RATE / 256, (alternative / positions if positions else 0.0)
    return Evidence(candidate, positions, agreeing, max(r * q + (1 - r) * (1 - q), 0.5))


def _tail(n: int, k: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), in logs so that large n does not underflow wrongly."""
    if n == 0 or k <= n * p:
        return 1.0
    logs = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * math.log(p) + (n - i) * math.log1p(-p)
            for i in range(k, n + 1)]
    top = max(logs)
    return min(1.0, math.exp(top) * sum(math.exp(v - top) for v in logs))
