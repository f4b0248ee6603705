"""The batch ledger (批次台账): one row per ingested file, written after its tables commit.

The ledger is what makes a rerun a no-op: a file whose content hash is the latest one
recorded for its path is not loaded again. Because it is written last, a load interrupted
before it is simply redone, and every table write is an idempotent replace of that file's rows.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from lakehouse import tables

SCHEMA = pl.Schema({
    "batch_id": pl.String(),
    "dataset": pl.String(),
    "provider": pl.String(),
    "source_file": pl.String(),
    "file_sha256": pl.String(),
    "file_bytes": pl.Int64(),
    "encoding": pl.String(),
    "loaded_at": pl.Datetime("us", "UTC"),
    "raw_rows": pl.Int64(),
    "clean_rows": pl.Int64(),
    "quarantined_rows": pl.Int64(),
    "recollected_columns": pl.String(),
    "raw_version": pl.Int64(),
    "clean_version": pl.Int64(),
    "quarantine_version": pl.Int64(),
})


def ledger_path(lake: Path) -> Path:
    return tables.table_path(lake, "meta", "batches")


def read_ledger(lake: Path) -> pl.DataFrame:
    path = ledger_path(lake)
    return tables.read(path) if tables.exists(path) else pl.DataFrame(schema=SCHEMA)


def latest_hashes(lake: Path, dataset: str) -> dict[str, str]:
    """source_file -> content hash of its latest loaded batch."""
    ledger = read_ledger(lake).filter(pl.col("dataset") == dataset).sort("loaded_at")
    return dict(ledger.group_by("source_file", maintain_order=True).agg(pl.col("file_sha256").last()).iter_rows())


def record(lake: Path, batch: dict) -> int:
    return tables.append(ledger_path(lake), pl.DataFrame([batch], schema=SCHEMA), commit_info={"batch_id": batch["batch_id"]})


def latest_batch(lake: Path, dataset: str) -> dict | None:
    """The most recently loaded batch of ``dataset`` as a dict, or None if never loaded."""
    rows = read_ledger(lake).filter(pl.col("dataset") == dataset).sort("loaded_at")
    return rows.row(-1, named=True) if rows.height else None
