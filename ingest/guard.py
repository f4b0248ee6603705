"""The snapshot guard: a snapshot replaces the current clean table only if it is plausibly whole.

Measured against what it would replace, before anything is written:

- **catalogued columns absent** (a renamed column, a wrong delimiter that leaves one column):
  any absent column holds the file;
- **a catalogued column unreadable in every row** (a date or number format changed for all):
  holds the file;
- **no data rows**: holds the file;
- **rows removed**: current clean keys absent from the new clean rows, as a share of the
  current clean rows, above ``max_removed_share`` (default 10 %);
- **rows quarantined**: share of the file's rows quarantined, above ``max_quarantined_share``
  (default 50 %).

The two shares are catalog settings (``source.guard``), with defaults in ``catalog.model``.
The guard applies when the snapshot would replace a clean table that has rows: a first load
loses nothing (its rows land in clean or quarantine with reasons as usual). An incremental file
delivered again under its name replaces that file's earlier rows, and is guarded against them.
A held file leaves every table as it is; an operator releases or rejects it (``dw file``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from catalog.model import Dataset
from ingest.standardise import REASON

MIN_VALUES_FOR_UNREADABLE = 5  # fewer non-empty values say nothing about a column's format


@dataclass(frozen=True)
class Verdict:
    """Why a snapshot is held (empty: it may replace the table), with the figures behind it."""

    reasons: list[str] = field(default_factory=list)
    figures: dict[str, object] = field(default_factory=dict)

    @property
    def hold(self) -> bool:
        return bool(self.reasons)

    def line(self) -> str:
        return "; ".join(self.reasons)


def judge(dataset: Dataset, raw: pl.DataFrame, clean: pl.DataFrame, quarantine: pl.DataFrame, current: pl.DataFrame | None) -> Verdict:
    """Compare a standardised snapshot (``raw`` split into ``clean`` + ``quarantine``) with the ``current`` clean table."""
    guard = dataset.source.guard
    rows = raw.height
    missing = [f.column for f in dataset.fields if f.column not in raw.columns]
    unreadable = [] if missing else _unreadable_columns(dataset, quarantine, raw)
    current_rows = 0 if current is None else current.height
    removed = _removed(dataset, clean, current)
    removed_share = removed / current_rows if current_rows else 0.0
    quarantined_share = quarantine.height / rows if rows else 0.0
    figures: dict[str, object] = {
        "file_rows": rows,
        "current_rows": current_rows,
        "new_clean_rows": clean.height,
        "removed_rows": removed,
        "removed_share": round(removed_share, 4),
        "quarantined_share": round(quarantined_share, 4),
        "max_removed_share": guard.max_removed_share,
        "max_quarantined_share": guard.max_quarantined_share,
        "missing_columns": len(missing),
        "unreadable_columns": len(unreadable),
    }
    reasons = []
    if rows == 0:
        reasons.append("全量文件无数据行 snapshot has a header but no data rows")
    if missing:
        reasons.append(f"缺少目录列 catalogued column(s) absent: {', '.join(missing)} (分隔符或列名有误? wrong delimiter or renamed column?)")
    if unreadable:
        reasons.append(f"整列无法识别 column(s) unreadable in every row: {', '.join(unreadable)}")
    if current_rows and removed_share > guard.max_removed_share:
        reasons.append(
            f"将删除现有 {removed}/{current_rows} 行 would remove {removed} of {current_rows} current rows "
            f"({removed_share:.1%} > {guard.max_removed_share:.0%})"
        )
    if rows and quarantined_share > guard.max_quarantined_share:
        reasons.append(
            f"隔离 {quarantine.height}/{rows} 行 {quarantined_share:.1%} of its rows quarantined (> {guard.max_quarantined_share:.0%})"
        )
    return Verdict(reasons=reasons, figures=figures)


def _removed(dataset: Dataset, clean: pl.DataFrame, current: pl.DataFrame | None) -> int:
    """Current clean rows whose catalog key the new snapshot's clean rows do not carry."""
    if current is None or current.height == 0:
        return 0
    keys = [f.name for f in dataset.key_fields] or [f.name for f in dataset.fields]
    if not set(keys) <= set(clean.columns) or clean.height == 0:
        return current.height
    return current.select(keys).join(clean.select(keys).unique(), on=keys, how="anti", nulls_equal=True).height


def _unreadable_columns(dataset: Dataset, quarantine: pl.DataFrame, raw: pl.DataFrame) -> list[str]:
    """Typed catalogued columns none of whose (at least 5) non-empty values could be read."""
    found = []
    for f in dataset.fields:
        given = raw[f.column].str.strip_chars().str.len_bytes().fill_null(0) > 0
        n_given = int(given.sum())
        if n_given < MIN_VALUES_FOR_UNREADABLE or quarantine.height < n_given:
            continue
        marker = f"[{f.column}] "
        failing = int(quarantine[REASON].str.contains(marker, literal=True).sum())
        if failing >= n_given:
            found.append(f.column)
    return found
