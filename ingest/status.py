"""Per-dataset status of the warehouse: the latest batch, its counts, and the table version."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from rich.table import Table

from catalog.model import Catalog
from ingest import ledger
from lakehouse import tables


def dataset_status(catalog: Catalog, lake: Path) -> list[dict]:
    """One dict per catalogued dataset; counts are those of its latest batch (None if never loaded)."""
    batches = ledger.read_ledger(lake).sort("loaded_at")
    latest = {r["dataset"]: r for r in batches.group_by("dataset").agg(pl.all().last()).iter_rows(named=True)}
    rows = []
    for entry in catalog.entries:
        ds = entry.dataset.id
        batch = latest.get(ds)
        rows.append(
            {
                "dataset": ds,
                "provider": entry.provider.code,
                "business_name": entry.dataset.business_name,
                "batch_id": batch and batch["batch_id"],
                "source_file": batch and batch["source_file"],
                "encoding": batch and batch["encoding"],
                "loaded_at": batch and batch["loaded_at"].isoformat(),
                "raw_rows": batch and batch["raw_rows"],
                "clean_rows": batch and batch["clean_rows"],
                "quarantined_rows": batch and batch["quarantined_rows"],
                "recollected_columns": batch and batch["recollected_columns"],
                "table_version": tables.version(tables.table_path(lake, "clean", ds)),
                "raw_table_version": tables.version(tables.table_path(lake, "raw", ds)),
                "quarantine_table_version": tables.version(tables.table_path(lake, "quarantine", ds)),
            }
        )
    return rows


def status_table(rows: list[dict]) -> Table:
    table = Table(title="数据仓状态 Warehouse status (最新批次 latest batch)")
    for header in ("数据集 dataset", "提供单位 provider", "批次文件 batch file", "原始 raw", "清洗 clean", "隔离 quarantined",
                   "对账 reconciles", "表版本 version", "重复采集 re-collected"):
        table.add_column(header)
    for r in rows:
        if r["batch_id"] is None:
            table.add_row(r["dataset"], r["provider"], "未加载 not loaded", "", "", "", "", "", "")
            continue
        ok = r["raw_rows"] == r["clean_rows"] + r["quarantined_rows"]
        table.add_row(
            f"{r['business_name']}\n{r['dataset']}", r["provider"], r["source_file"],
            str(r["raw_rows"]), str(r["clean_rows"]), str(r["quarantined_rows"]), "✓" if ok else "✗ 不平 MISMATCH",
            str(r["table_version"]), "" if r["recollected_columns"] == "[]" else r["recollected_columns"],
        )
    return table
