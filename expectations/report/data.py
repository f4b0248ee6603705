"""What the report shows, gathered from the warehouse's own tables (no raw personal value:
findings carry masked samples, quarantine reasons name columns and rules, never values)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from catalog.model import Catalog
from expectations.findings import read_findings
from expectations.freshness import Freshness, all_freshness
from expectations.gx_record import GxRecord
from expectations.registry import catalog_rules
from ingest import ledger
from lakehouse import tables

TREND_BATCHES = 12
_ROW_REF = re.compile(r": same as data row \d+")


@dataclass(frozen=True)
class DatasetRate:
    dataset: str
    business_name: str
    provider: str
    provider_name: str
    batch_id: str | None
    rows: int
    quarantined: int
    failing_verify: int

    @property
    def passed(self) -> int:
        return max(0, self.rows - self.quarantined - self.failing_verify)

    @property
    def rate(self) -> float | None:
        return None if self.rows == 0 else self.passed / self.rows


@dataclass(frozen=True)
class ReportData:
    today: date
    rates: list[DatasetRate]
    findings: pl.DataFrame  # current batches only
    quarantine_reasons: pl.DataFrame  # dataset, provider, reason, rows
    freshness: list[Freshness]
    trend: pl.DataFrame  # dataset, loaded_at, rate
    rule_count: int
    providers: dict[str, str] = field(default_factory=dict)
    gx: dict[str, GxRecord] = field(default_factory=dict)  # dataset -> its latest GX validation


def gather(catalog: Catalog, lake: Path, today: date) -> ReportData:
    batches = ledger.read_ledger(lake).sort("loaded_at")
    findings = read_findings(lake)
    current_ids = set()
    rates = []
    for entry in catalog.entries:
        ds = entry.dataset.id
        mine = batches.filter(pl.col("dataset") == ds)
        last = mine.row(-1, named=True) if mine.height else None
        batch_id = last["batch_id"] if last else None
        clean_path = tables.table_path(lake, "clean", ds)
        if tables.exists(clean_path):
            current_ids |= set(tables.read(clean_path).get_column("_batch_id").unique().to_list())
        if batch_id:
            current_ids.add(batch_id)
        rates.append(_rate(entry.dataset.id, entry.dataset.business_name, entry.provider.code, entry.provider.name, last, findings))
    current = findings.filter(pl.col("batch_id").is_in(sorted(current_ids)))
    return ReportData(
        today=today,
        rates=rates,
        findings=current.sort(["severity", "failing_rows"], descending=[False, True]),
        quarantine_reasons=_quarantine_reasons(catalog, lake, current_ids),
        freshness=all_freshness(catalog, lake, today),
        trend=_trend(batches, findings),
        rule_count=len(catalog_rules(catalog, today)),
        providers={e.provider.code: e.provider.name for e in catalog.entries},
    )


def _rate(ds: str, name: str, provider: str, provider_name: str, batch: dict | None, findings: pl.DataFrame) -> DatasetRate:
    if batch is None:
        return DatasetRate(ds, name, provider, provider_name, None, 0, 0, 0)
    return DatasetRate(ds, name, provider, provider_name, batch["batch_id"], int(batch["raw_rows"]), int(batch["quarantined_rows"]),
                       _verify_failing(findings, batch["batch_id"]))


def _verify_failing(findings: pl.DataFrame, batch_id: str) -> int:
    rows = findings.filter((pl.col("batch_id") == batch_id) & (pl.col("stage") == "verify"))["rows"]
    return len({k for keys in rows.to_list() for k in keys})


def _quarantine_reasons(catalog: Catalog, lake: Path, current: set[str]) -> pl.DataFrame:
    parts = []
    for entry in catalog.entries:
        path = tables.table_path(lake, "quarantine", entry.dataset.id)
        if not tables.exists(path):
            continue
        q = tables.read(path)
        if "_reason" not in q.columns or not q.height:
            continue
        q = q.filter(pl.col("_batch_id").is_in(sorted(current)))
        clauses = q.select(pl.col("_reason").str.split("; ").alias("reason")).explode("reason")
        clauses = clauses.with_columns(pl.col("reason").str.replace_all(_ROW_REF.pattern, ""))
        parts.append(clauses.group_by("reason").len("rows").with_columns(
            pl.lit(entry.dataset.id).alias("dataset"), pl.lit(entry.provider.code).alias("provider")))
    if not parts:
        return pl.DataFrame(schema={"dataset": pl.String, "provider": pl.String, "reason": pl.String, "rows": pl.UInt32})
    return pl.concat(parts).select("dataset", "provider", "reason", "rows").sort("rows", descending=True)


def _trend(batches: pl.DataFrame, findings: pl.DataFrame) -> pl.DataFrame:
    """Pass rate of each dataset's last deliveries, oldest first."""
    out = []
    for (ds,), rows in batches.group_by("dataset", maintain_order=True):
        for b in rows.tail(TREND_BATCHES).iter_rows(named=True):
            total = int(b["raw_rows"]) or 1
            bad = int(b["quarantined_rows"]) + _verify_failing(findings, b["batch_id"])
            out.append({"dataset": ds, "loaded_at": b["loaded_at"], "rate": max(0.0, 1 - bad / total)})
    return pl.DataFrame(out, schema={"dataset": pl.String, "loaded_at": pl.Datetime("us", "UTC"), "rate": pl.Float64})
