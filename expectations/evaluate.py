"""Evaluate rules on a frame with polars: one boolean column per rule, True where the row fails.

Single-dataset rules run in one ``select`` (polars shares the work between them); a cross-source
rule first joins in what it compares with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from expectations.rules import Columns, Rule


def failing_masks(
    rules: Sequence[Rule], frame: pl.DataFrame, others: Mapping[str, pl.DataFrame] | None = None,
    cols: Columns | None = None,
) -> pl.DataFrame:
    """A frame of ``frame.height`` rows and one boolean column per rule id."""
    cols = cols or Columns()
    local = [r for r in rules if not r.check.needs()]
    columns = dict(zip((r.id for r in local), frame.select(r.failing(cols).alias(r.id) for r in local).get_columns())) if local else {}
    for rule in rules:
        if rule.check.needs():
            prepared = rule.check.prepare(frame, dict(others or {}))
            columns[rule.id] = prepared.select(rule.failing(cols).alias(rule.id)).to_series()
    return pl.DataFrame([columns[r.id] for r in rules])


def failing_counts(masks: pl.DataFrame) -> dict[str, int]:
    if masks.width == 0:
        return {}
    return {k: int(v) for k, v in masks.sum().row(0, named=True).items()}
