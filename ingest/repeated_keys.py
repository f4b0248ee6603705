"""An incremental dataset's catalog key is unique in clean across all its files (Art. 13, 29).

A new file's clean row whose key is already in clean from another file is, by the catalog's
``source.repeated_key`` setting of the dataset:

- ``quarantine`` (default): kept out of clean as a duplicate; its quarantine reason names the
  file and row that loaded the key first (never the key's value);
- ``supersede``: loaded as a correction; the earlier row leaves clean in the same commit (the
  earlier files' remaining rows are rewritten with this file's: a predicate naming thousands of
  rows would overflow the Delta predicate parser — measured, a segfault at 20 000), and
  ``meta/superseded_rows`` records both lineage keys (the earlier row stays in raw as received
  and in the clean table's history).

Rows of the same file (an earlier content of the same path) are being replaced anyway and do not
count as earlier loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from catalog.model import Dataset, RepeatedKey
from ingest.standardise import REASON
from lakehouse import tables
from lakehouse.lineage import BATCH_ID, ROW_NUMBER, SOURCE_FILE

SUPERSEDED_SCHEMA = pl.Schema({
    "dataset": pl.String(),
    "old_lineage_key": pl.String(),
    "old_batch_id": pl.String(),
    "old_source_file": pl.String(),
    "new_lineage_key": pl.String(),
    "new_batch_id": pl.String(),
    "new_source_file": pl.String(),
    "recorded_at": pl.Datetime("us", "UTC"),
})


@dataclass(frozen=True)
class KeyOutcome:
    clean: pl.DataFrame
    quarantine: pl.DataFrame
    superseded: pl.DataFrame  # SUPERSEDED_SCHEMA rows; empty unless the policy is supersede
    rewrite_files: tuple[str, ...] = ()  # earlier files whose clean rows this commit rewrites
    kept: pl.DataFrame | None = None  # their clean rows that stay (all but the superseded ones)

    def clean_rows_to_write(self) -> pl.DataFrame:
        return self.clean if self.kept is None else pl.concat([self.clean, self.kept.select(self.clean.columns)], how="vertical_relaxed")

    def clean_where(self, this_file: str) -> str:
        files = ", ".join(f"'{_sql(f)}'" for f in (this_file, *self.rewrite_files))
        return f"{SOURCE_FILE} IN ({files})"


def superseded_path(lake: Path) -> Path:
    return tables.table_path(lake, "meta", "superseded_rows")


def apply(
    dataset: Dataset, raw: pl.DataFrame, clean: pl.DataFrame, quarantine: pl.DataFrame, clean_path: Path, rel: str, at: datetime
) -> KeyOutcome:
    keys = [f.name for f in dataset.key_fields]
    nothing = KeyOutcome(clean, quarantine, pl.DataFrame(schema=SUPERSEDED_SCHEMA))
    if not keys or clean.height == 0 or not tables.exists(clean_path):
        return nothing
    table = tables.read(clean_path).filter(pl.col(SOURCE_FILE) != rel)
    earlier = table.select(BATCH_ID, SOURCE_FILE, ROW_NUMBER, *keys).rename({BATCH_ID: "_old_batch", SOURCE_FILE: "_old_file", ROW_NUMBER: "_old_row"})
    hits = clean.join(earlier, on=keys, how="inner", nulls_equal=True)
    if hits.height == 0:
        return nothing
    if dataset.source.repeated_key is RepeatedKey.supersede:
        return _supersede(dataset, clean, quarantine, hits, at, table)
    return _quarantine(dataset, raw, clean, quarantine, hits)


def _quarantine(dataset: Dataset, raw: pl.DataFrame, clean: pl.DataFrame, quarantine: pl.DataFrame, hits: pl.DataFrame) -> KeyOutcome:
    columns = ", ".join(f.column for f in dataset.key_fields)
    reasons = hits.select(
        ROW_NUMBER,
        pl.format(
            f"[{columns}] 主键已由其他文件加载 key already loaded from file {{}} data row {{}} (batch {{}})",
            "_old_file", "_old_row", "_old_batch",
        ).alias(REASON),
    ).unique(ROW_NUMBER, keep="first")
    moved = raw.join(reasons, on=ROW_NUMBER, how="inner").select(*quarantine.columns)
    return KeyOutcome(
        clean=clean.join(reasons, on=ROW_NUMBER, how="anti"),
        quarantine=pl.concat([quarantine, moved], how="diagonal_relaxed").select(quarantine.columns),
        superseded=pl.DataFrame(schema=SUPERSEDED_SCHEMA),
    )


def _supersede(
    dataset: Dataset, clean: pl.DataFrame, quarantine: pl.DataFrame, hits: pl.DataFrame, at: datetime, table: pl.DataFrame
) -> KeyOutcome:
    superseded = hits.select(
        pl.lit(dataset.id).alias("dataset"),
        pl.format("{}:{}", "_old_batch", "_old_row").alias("old_lineage_key"),
        pl.col("_old_batch").alias("old_batch_id"),
        pl.col("_old_file").alias("old_source_file"),
        pl.format("{}:{}", BATCH_ID, ROW_NUMBER).alias("new_lineage_key"),
        pl.col(BATCH_ID).alias("new_batch_id"),
        pl.col(SOURCE_FILE).alias("new_source_file"),
        pl.lit(at).cast(pl.Datetime("us", "UTC")).alias("recorded_at"),
    )
    files = tuple(sorted(set(hits["_old_file"])))
    gone = hits.select(pl.col("_old_file").alias(SOURCE_FILE), pl.col("_old_row").alias(ROW_NUMBER))
    kept = table.filter(pl.col(SOURCE_FILE).is_in(files)).join(gone, on=[SOURCE_FILE, ROW_NUMBER], how="anti")
    return KeyOutcome(clean=clean, quarantine=quarantine, superseded=superseded, rewrite_files=files, kept=kept)


def _sql(value: str) -> str:
    return value.replace("'", "''")
