"""The duplicate-collection report (重复采集报告, Art. 12) for the bureau and the units concerned.

Two detectors feed it: the header check at ingestion (a column headed with another provider's
data-item name, stored in ``meta/duplicate_collection``) and the content check at report time
(a column that reproduces another provider's values, whatever its header).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from catalog.model import Catalog
from ingest.recollection_content import content_recollections
from lakehouse import tables


def duplicate_collections(lake: Path) -> pl.DataFrame:
    """Header-check findings, one row per (file, re-collected column), newest first."""
    path = tables.table_path(lake, "meta", "duplicate_collection")
    if not tables.exists(path):
        return pl.DataFrame()
    return tables.read(path).sort("detected_at", descending=True)


def all_findings(catalog: Catalog, lake: Path) -> pl.DataFrame:
    """Both detectors' findings; a column found by both is listed once, as found by both."""
    columns = ["provider", "provider_name", "dataset", "source_file", "column", "item", "item_label",
               "authoritative_provider", "authoritative_provider_name"]
    by_header = duplicate_collections(lake)
    by_header = (by_header.select(columns) if not by_header.is_empty() else pl.DataFrame(schema={c: pl.String for c in columns}))
    by_content = content_recollections(catalog, lake)
    merged = pl.concat(
        [by_header.with_columns(pl.lit("表头 header").alias("method")),
         by_content.select(columns).with_columns(pl.lit("内容 content").alias("method"))]
    )
    return (
        merged.group_by(columns, maintain_order=True)
        .agg(pl.col("method").unique(maintain_order=True).str.join(" + "))
        .join(by_content.select("dataset", "column", "item", "share_equal"), on=["dataset", "column", "item"], how="left")
    )


def render_markdown(findings: pl.DataFrame) -> str:
    lines = [
        "# 重复采集报告 Duplicate-collection report",
        "",
        "一数一源 (Art. 12): 可通过共享获取的数据不得重复采集。Items below are collected by a unit that is not their",
        "authoritative source; they were kept out of the clean zone. 请相关单位改为通过共享获取。",
        "检出方式 method: 表头 = the column carries the item's standard name; 内容 = its values equal the",
        "authoritative provider's for the same residents or enterprises (share shown).",
        "",
    ]
    if findings.is_empty():
        return "\n".join([*lines, "未发现重复采集 no duplicate collection found.", ""])
    lines += [
        "| 采集单位 collecting provider | 数据集 dataset | 文件 file | 列 column | 数据项 item "
        "| 权威来源 authoritative provider | 检出方式 method | 一致率 equal |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in findings.iter_rows(named=True):
        share = "—" if r["share_equal"] is None else f"{r['share_equal']:.0%}"
        lines.append(
            f"| {r['provider_name']} ({r['provider']}) | {r['dataset']} | {r['source_file']} | {r['column']} | "
            f"{r['item_label']} ({r['item']}) | {r['authoritative_provider_name']} ({r['authoritative_provider']}) | "
            f"{r['method']} | {share} |"
        )
    return "\n".join([*lines, ""])


def write_report(catalog: Catalog, lake: Path, reports_dir: Path) -> tuple[Path, int]:
    findings = all_findings(catalog, lake)
    reports_dir.mkdir(parents=True, exist_ok=True)
    target = reports_dir / "duplicate_collection.md"
    tmp = target.with_suffix(".tmp")
    tmp.write_text(render_markdown(findings), encoding="utf-8")
    tmp.replace(target)
    return target, findings.height
