"""What the loop tests share: the findings table written with exactly the contract's columns,
real loads of a small hukou file, and a stand-in for the quality package's re-check that reads
the re-collected raw rows (until ``expectations.findings.recheck`` is on main)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from config.settings import Settings
from ingest.pipeline import ingest_dataset
from lakehouse import tables
from lakehouse.lineage import BATCH_ID, ROW_NUMBER, lineage_key_expr
from tests.ingest.files import hukou_rows, rid, write_hukou
from workflow.context import Workflow
from workflow.loop.deliveries import Deliveries
from workflow.loop.findings import findings_path

HH = "household_registration"
RULE = "hukou_registration_date_present"

CONTRACT = pl.Schema({
    "finding_id": pl.String(), "rule_id": pl.String(), "severity": pl.String(), "article": pl.String(),
    "name_zh": pl.String(), "name_en": pl.String(), "dataset": pl.String(), "provider": pl.String(),
    "batch_id": pl.String(), "source_file": pl.String(), "stage": pl.String(), "failing_rows": pl.Int64(),
    "checked_rows": pl.Int64(), "rows": pl.List(pl.String()), "sample": pl.String(),
    "detected_at": pl.Datetime("us", "UTC"),
})


def finding(batch_id: str, rows: Sequence[str], *, rule_id: str = RULE, dataset: str = HH, provider: str = "psb",
            severity: str = "warning", checked: int = 5, finding_id: str | None = None) -> dict:
    return {
        "finding_id": finding_id or hashlib.sha256(f"{rule_id}|{dataset}|{batch_id}".encode()).hexdigest(),
        "rule_id": rule_id, "severity": severity, "article": "第二十九条 Art. 29", "name_zh": "登记日期不得为空",
        "name_en": "registration date present", "dataset": dataset, "provider": provider, "batch_id": batch_id,
        "source_file": "psb/hukou_20261124.csv", "stage": "verify", "failing_rows": len(rows), "checked_rows": checked,
        "rows": list(rows), "sample": "[]", "detected_at": datetime.now(UTC),
    }


def write_findings(lake: Path, findings: list[dict]) -> None:
    """Append findings the way the quality package's table holds them (one row each)."""
    tables.append(findings_path(lake), pl.DataFrame(findings, schema=CONTRACT))


def hukou(variant: int = 0) -> list[str]:
    """Four clean rows; data row 2 has a blank 登记日期. ``variant`` changes row 4's address, so
    the same content problem comes back in a new delivery (a new batch)."""
    rows = [*hukou_rows()[:2],
            f"{rid('33020319700505001')},钱七,男,1970-05-05,汉族,海曙区,鼓楼街道,2010-01-01",
            f"{rid('33020319800606002')},孙八,女,1980-06-06,汉族,海曙区{'东' * variant},南门街道,2012-02-02"]
    return rows


def load_hukou(wf: Workflow, settings: Settings, rows: list[str] | None = None) -> str:
    """Land the hukou file (again) and ingest it for real; returns the batch now loaded."""
    write_hukou(settings.landing_dir, rows=rows if rows is not None else hukou())
    entry = wf.catalog.dataset(HH)
    batches = ingest_dataset(entry, wf.catalog, settings)
    assert len(batches) == 1 and batches[0].event == "loaded", batches[0].line()
    return batches[0].batch_id


def fixed_rows() -> list[str]:
    """The hukou file with its one blank 登记日期 (data row 2) filled in by the provider."""
    rows = hukou()
    rows[1] = rows[1] + "2011-03-04"
    return rows


class BlankDateRecheck:
    """Stand-in for quality's ``recheck``: the given keys whose row, followed into the delivery that
    replaced its batch (same row number), has a blank raw 登记日期."""

    def __init__(self, wf: Workflow, settings: Settings):
        self.wf, self.lake = wf, settings.lake_dir
        self.calls: list[tuple[str, str, list[str]]] = []

    def __call__(self, rule_id: str, dataset: str, lineage_keys: Sequence[str]) -> set[str]:
        self.calls.append((rule_id, dataset, list(lineage_keys)))
        deliveries = Deliveries.read(self.lake, self.wf.catalog)
        now = {f"{deliveries.superseding(dataset, key.rsplit(':', 1)[0])}:{key.rsplit(':', 1)[1]}": key for key in lineage_keys}
        raw = tables.read(tables.table_path(self.lake, "raw", dataset))
        keyed = raw.with_columns(lineage_key_expr()).filter(pl.col("lineage_key").is_in(list(now)))
        blank = keyed.filter(pl.col("登记日期").is_null() | (pl.col("登记日期").str.strip_chars() == ""))
        return {now[k] for k in blank["lineage_key"].to_list()}


def blank_date_rows(settings: Settings, batch_id: str) -> list[str]:
    raw = tables.read(tables.table_path(settings.lake_dir, "raw", HH)).filter(pl.col(BATCH_ID) == batch_id)
    blank = raw.filter(pl.col("登记日期").is_null() | (pl.col("登记日期").str.strip_chars() == ""))
    return [f"{batch_id}:{n}" for n in blank[ROW_NUMBER].to_list()]
