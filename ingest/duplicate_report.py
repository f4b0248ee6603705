"""The duplicate-collection report (重复采集报告, Art. 12) for the bureau and the units concerned."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from lakehouse import tables


def duplicate_collections(lake: Path) -> pl.DataFrame:
    """One row per (file, re-collected column), newest first; empty if none was ever found."""
    path = tables.table_path(lake, "meta", "duplicate_collection")
    if not tables.exists(path):
        return pl.DataFrame()
    return tables.read(path).sort("detected_at", descending=True)


def render_markdown(findings: pl.DataFrame) -> str:
    lines = [
        "# 重复采集报告 Duplicate-collection report",
        "",
        "一数一源 (Art. 12): 可通过共享获取的数据不得重复采集。Items below are collected by a unit that is not their",
        "authoritative source; they were kept out of the clean zone. 请相关单位改为通过共享获取。",
        "",
    ]
    if findings.is_empty():
        return "\n".join([*lines, "未发现重复采集 no duplicate collection found.", ""])
    lines += [
        "| 采集单位 collecting provider | 数据集 dataset | 文件 file | 列 column | 数据项 item | 权威来源 authoritative provider | 有值行数 rows with values |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in findings.iter_rows(named=True):
        lines.append(
            f"| {r['provider_name']} ({r['provider']}) | {r['dataset']} | {r['source_file']} | {r['column']} | "
            f"{r['item_label']} ({r['item']}) | {r['authoritative_provider_name']} ({r['authoritative_provider']}) | "
            f"{r['rows_with_values']} |"
        )
    return "\n".join([*lines, ""])


def write_report(lake: Path, reports_dir: Path) -> tuple[Path, int]:
    findings = duplicate_collections(lake)
    reports_dir.mkdir(parents=True, exist_ok=True)
    target = reports_dir / "duplicate_collection.md"
    tmp = target.with_suffix(".tmp")
    tmp.write_text(render_markdown(findings), encoding="utf-8")
    tmp.replace(target)
    return target, findings.height
