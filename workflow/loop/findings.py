"""The quality findings table, as the loop reads it: one row per failing rule × dataset × batch.

The quality package writes ``meta/quality_findings``; the columns below are the contract
(``/work/coord/CONTRACTS.md``). Only what a ticket needs is kept; the masked sample stays in the
table (a ticket names rows by lineage key, never by value).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from lakehouse import tables

COLUMNS = ("finding_id", "rule_id", "severity", "article", "name_zh", "name_en", "dataset", "provider", "batch_id",
           "source_file", "stage", "failing_rows", "checked_rows", "rows", "sample", "detected_at")
TICKETED_SEVERITIES = ("critical", "warning")  # an `info` finding is a remark, not problem data


class FindingsUnreadable(ValueError):
    """The findings table lacks a contract column; the message names it."""


@dataclass(frozen=True)
class Finding:
    finding_id: str
    rule_id: str
    severity: str
    article: str
    name_zh: str
    name_en: str
    dataset: str
    provider: str
    batch_id: str
    source_file: str
    stage: str
    failing_rows: int
    checked_rows: int
    rows: tuple[str, ...]
    detected_at: datetime


def findings_path(lake: Path) -> Path:
    return tables.table_path(lake, "meta", "quality_findings")


def failing_findings(lake: Path, datasets: Collection[str] | None = None) -> list[Finding]:
    """Findings with failing rows, of ticketed severities, oldest first; none if the table is absent."""
    path = findings_path(lake)
    if not tables.exists(path):
        return []
    frame = tables.read(path)
    if missing := [c for c in COLUMNS if c not in frame.columns]:
        raise FindingsUnreadable(f"{path}: 质量发现表缺少列 the findings table lacks contract column(s) {missing}")
    frame = frame.filter((pl.col("failing_rows") > 0) & pl.col("severity").is_in(TICKETED_SEVERITIES))
    if datasets is not None:
        frame = frame.filter(pl.col("dataset").is_in(list(datasets)))
    keep = [c for c in COLUMNS if c != "sample"]
    return [
        Finding(**{**row, "rows": tuple(row["rows"] or ())})
        for row in frame.sort("detected_at", "finding_id").select(keep).iter_rows(named=True)
    ]
