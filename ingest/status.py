"""Per-dataset status of the warehouse, checked against the tables themselves.

For each dataset: the current batch and its counts from the ledger, the rows the clean table
really holds (from the Delta log), and whether ledger and tables agree batch by batch (raw,
clean, quarantine). Beside it, every file that needs an operator (held, refused, rolled back)
until it is replaced by a newer delivery or decided, and every repeated delivery.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from rich.table import Table

from catalog.model import Catalog, Delivery
from ingest import ledger
from ingest.repeated_keys import superseded_path
from lakehouse import tables

STATE_LABEL = {
    ledger.HELD: "已挂起 held",
    ledger.REFUSED: "已拒收 refused",
    ledger.ROLLED_BACK: "已回滚 rolled back",
    ledger.REPEATED: "重复交付 repeated",
}
TODO = {
    ledger.HELD: "`dw file release {f}` 放行 or `dw file reject {f}` 驳回",
    ledger.REFUSED: "新文件到达即替换 a re-export replaces it; `dw file reject {f}` 忽略 to dismiss",
    ledger.ROLLED_BACK: "`dw file release {f}` 重新加载 to bring it back, or `dw file reject {f}` 忽略 to dismiss",
    ledger.REPEATED: "无需处理 nothing to do",
}


def dataset_status(catalog: Catalog, lake: Path) -> list[dict[str, Any]]:
    """One dict per catalogued dataset; counts are those of its current batch (None if never loaded)."""
    rows = []
    for entry in catalog.entries:
        ds = entry.dataset.id
        batch = ledger.latest_batch(lake, ds)
        problems = reconcile(lake, ds, entry.dataset.source.delivery)
        clean_path = tables.table_path(lake, "clean", ds)
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
                "clean_table_rows": tables.row_count(clean_path),
                "reconciles": not problems,
                "problems": problems,
                "table_version": tables.version(clean_path),
                "raw_table_version": tables.version(tables.table_path(lake, "raw", ds)),
                "quarantine_table_version": tables.version(tables.table_path(lake, "quarantine", ds)),
                "files": open_files(lake, ds, entry.dataset.source.delivery),
            }
        )
    return rows


def expected_counts(lake: Path, dataset: str, delivery: Delivery) -> dict[str, dict[str, int]]:
    """zone -> batch_id -> rows the ledger says the table holds now."""
    current = ledger.loaded_batches(lake, dataset)
    raw = {r["batch_id"]: r["raw_rows"] for r in current.iter_rows(named=True)}
    quarantine = {r["batch_id"]: r["quarantined_rows"] for r in current.iter_rows(named=True) if r["quarantined_rows"]}
    if delivery is Delivery.snapshot:
        latest = ledger.latest_batch(lake, dataset)
        clean = {latest["batch_id"]: latest["clean_rows"]} if latest and latest["clean_rows"] else {}
    else:
        clean = {r["batch_id"]: r["clean_rows"] for r in current.iter_rows(named=True)}
        for old, n in _superseded_away(lake, dataset, set(raw)).items():
            if old in clean:
                clean[old] -= n
        clean = {b: n for b, n in clean.items() if n}
    return {"raw": raw, "clean": clean, "quarantine": quarantine}


def reconcile(lake: Path, dataset: str, delivery: Delivery) -> list[str]:
    """Where the tables disagree with the ledger, one line per zone; [] when they agree."""
    problems = []
    for zone, expected in expected_counts(lake, dataset, delivery).items():
        actual = tables.batch_counts(tables.table_path(lake, zone, dataset))
        if actual != expected:
            extra = sorted(set(actual) - set(expected))
            missing = sorted(set(expected) - set(actual))
            differ = sorted(b for b in set(actual) & set(expected) if actual[b] != expected[b])
            problems.append(f"{zone}: 表与台账不符 table differs from the ledger (extra {extra}, missing {missing}, counts differ {differ})")
    return problems


def _superseded_away(lake: Path, dataset: str, current: set[str]) -> dict[str, int]:
    """old batch -> rows of it that current batches superseded (left clean as corrected)."""
    path = superseded_path(lake)
    if not tables.exists(path):
        return {}
    rows = tables.read(path).filter((pl.col("dataset") == dataset) & pl.col("new_batch_id").is_in(sorted(current)))
    rows = rows.unique(["old_lineage_key", "new_lineage_key"])  # a racing second writer may append them again
    return dict(rows.group_by("old_batch_id").len().iter_rows())


def open_files(lake: Path, dataset: str, delivery: Delivery) -> list[dict[str, Any]]:
    """Deliveries needing an operator, and repeated ones, not yet replaced by a later delivery."""
    state = ledger.deliveries(lake, dataset)
    if state.height == 0:
        return []
    latest_load = state.filter(pl.col("state") == ledger.LOADED)["loaded_at"].max()
    shown = []
    for r in state.filter(pl.col("state").is_in([*ledger.NEEDS_OPERATOR, ledger.REPEATED])).iter_rows(named=True):
        later_here = state.filter((pl.col("source_file") == r["source_file"]) & (pl.col("loaded_at") > r["loaded_at"]))
        if later_here.height:
            continue  # a newer content at that path replaced it
        if delivery is Delivery.snapshot and latest_load is not None and latest_load > r["loaded_at"]:  # type: ignore[operator]
            continue  # a newer snapshot was loaded after it
        shown.append({"source_file": r["source_file"], "state": r["state"], "reason": r["reason"] or "",
                      "at": r["loaded_at"].isoformat(), "batch_id": r["batch_id"]})
    return shown


def attention_lines(rows: list[dict[str, Any]]) -> list[str]:
    """One line per file that needs (or had) an operator's look, for the run summary and `dw status`."""
    lines = []
    for r in rows:
        for f in r["files"]:
            todo = TODO[f["state"]].format(f=f["source_file"])
            lines.append(f"{STATE_LABEL[f['state']]}: {f['source_file']} ({r['dataset']}) — {f['reason']} — 操作 operator: {todo}")
    return lines


def status_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="数据仓状态 Warehouse status (当前批次 current batch)")
    for header in ("数据集 dataset", "提供单位 provider", "批次文件 batch file", "原始 raw", "清洗 clean", "隔离 quarantined",
                   "清洗表行数 clean table rows", "对账 reconciles", "表版本 version", "待处理 files", "重复采集 re-collected"):
        table.add_column(header)
    for r in rows:
        pending = str(sum(f["state"] in ledger.NEEDS_OPERATOR for f in r["files"]) or "")
        check = "✓" if r["reconciles"] else "✗ 不平 MISMATCH"
        if r["batch_id"] is None:
            table.add_row(r["dataset"], r["provider"], "未加载 not loaded", "", "", "", str(r["clean_table_rows"]), check, "", pending, "")
            continue
        ok = r["reconciles"] and r["raw_rows"] == r["clean_rows"] + r["quarantined_rows"]
        table.add_row(
            f"{r['business_name']}\n{r['dataset']}", r["provider"], r["source_file"],
            str(r["raw_rows"]), str(r["clean_rows"]), str(r["quarantined_rows"]), str(r["clean_table_rows"]),
            "✓" if ok else "✗ 不平 MISMATCH", str(r["table_version"]), pending,
            "" if r["recollected_columns"] in ("[]", None) else r["recollected_columns"],
        )
    return table
