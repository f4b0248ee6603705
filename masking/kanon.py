"""k-anonymity for open releases: every combination of quasi-identifier values occurs ≥ k times.

Quasi-identifiers climb a generalisation ladder (birth year → 5-year band → 10-year band → *;
street-level address → district → *; other fields → *). While more rows sit in groups smaller
than k than the policy lets us withhold, the quasi-identifier with the most distinct values
climbs one rung; the rows still in small groups are then suppressed (withheld from the release).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import polars as pl

from catalog.model import PersonalKind

Rung = Callable[[pl.Expr], pl.Expr]


def _band(width: int) -> Rung:
    def rung(s: pl.Expr) -> pl.Expr:
        year = s.cast(pl.String).str.extract(r"(\d{4})", 1).cast(pl.Int32, strict=False)
        low = (year // width) * width
        return pl.concat_str([low.cast(pl.String), pl.lit("-"), (low + width - 1).cast(pl.String)])

    return rung


def _district(s: pl.Expr) -> pl.Expr:
    return s.cast(pl.String).str.extract(r"^(.*?(?:[^小社发业园新]区|县))", 1)


def _star(s: pl.Expr) -> pl.Expr:
    return pl.lit("*", dtype=pl.String)


def ladder(kind: PersonalKind) -> list[Rung]:
    """Rungs above the policy's own generalisation (level 0 is the value as masked)."""
    if kind is PersonalKind.birth_date:
        return [_band(5), _band(10), _star]
    if kind is PersonalKind.address:
        return [_district, _star]
    return [_star]


@dataclass
class KResult:
    frame: pl.DataFrame
    k: int
    quasi_identifiers: list[str]
    levels: dict[str, int] = field(default_factory=dict)  # rungs climbed per quasi-identifier
    generalised_cells: dict[str, int] = field(default_factory=dict)
    suppressed_rows: int = 0

    def as_metadata(self) -> dict:
        return {
            "k": self.k,
            "quasi_identifiers": self.quasi_identifiers,
            "generalisation_levels": self.levels,
            "generalised_cells": self.generalised_cells,
            "suppressed_rows": self.suppressed_rows,
        }


def smallest_group(frame: pl.DataFrame, qis: list[str]) -> int:
    if not qis or frame.height == 0:
        return frame.height
    return int(frame.group_by(qis).len().get_column("len").min() or 0)  # type: ignore[arg-type]


def k_anonymise(frame: pl.DataFrame, qis: Mapping[str, PersonalKind], k: int, max_suppression: float) -> KResult:
    columns = [c for c in qis if c in frame.columns]
    result = KResult(frame, k, columns, {c: 0 for c in columns})
    if not columns or frame.height == 0:
        return result
    original = frame.select(pl.col(c).cast(pl.String) for c in columns)
    current = frame.with_columns(pl.col(c).cast(pl.String) for c in columns)
    ladders = {c: ladder(qis[c]) for c in columns}
    while True:
        small = _in_small_groups(current, columns, k)
        if small.sum() <= max_suppression * current.height:
            break
        climbable = [c for c in columns if result.levels[c] < len(ladders[c])]
        if not climbable:
            break
        # The column with the most distinct values splits the groups most: generalise it first.
        column = max(climbable, key=lambda c: (current.get_column(c).n_unique(), -columns.index(c)))
        rung = ladders[column][result.levels[column]]
        current = current.with_columns(rung(pl.col(column)).alias(column))
        result.levels[column] += 1
    for c in columns:
        result.generalised_cells[c] = int((current.get_column(c).ne_missing(original.get_column(c))).sum())
    small = _in_small_groups(current, columns, k)
    result.suppressed_rows = int(small.sum())
    result.frame = current.filter(~small)
    return result


def _in_small_groups(frame: pl.DataFrame, columns: list[str], k: int) -> pl.Series:
    return frame.select((pl.len().over(columns) < k).alias("small")).get_column("small")
