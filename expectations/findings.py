"""The findings table ``meta/quality_findings`` (contract in CONTRACTS.md): one row per
rule × dataset × batch, the rows it concerns by lineage key, a masked sample, never a raw value.

Findings of the ingest stage are the door rules that quarantined rows of a batch; findings of
the verify stage are the suite's rules failing on the clean table. Writing is idempotent: a
dataset whose findings did not change gets no new table version (Art. 14, 31).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from catalog.model import Catalog, CatalogField
from config.settings import load_settings
from expectations.door import REASON, door_masks
from expectations.rules import Rule
from expectations.sample import masked_sample
from expectations.verify import Verification, verify_dataset
from ingest import ledger
from lakehouse import tables
from lakehouse.lineage import BATCH_ID, SOURCE_FILE, lineage_key_expr
from lakehouse.lock import writer_lock

SCHEMA = pl.Schema({
    "finding_id": pl.String(),
    "rule_id": pl.String(),
    "severity": pl.String(),
    "article": pl.String(),
    "name_zh": pl.String(),
    "name_en": pl.String(),
    "dataset": pl.String(),
    "provider": pl.String(),
    "batch_id": pl.String(),
    "source_file": pl.String(),
    "stage": pl.String(),
    "failing_rows": pl.Int64(),
    "checked_rows": pl.Int64(),
    "rows": pl.List(pl.String()),
    "sample": pl.String(),
    "detected_at": pl.Datetime("us", "UTC"),
})


def findings_path(lake: Path) -> Path:
    return tables.table_path(lake, "meta", "quality_findings")


def finding_id(rule_id: str, dataset: str, batch_id: str) -> str:
    """Stable id of a finding: the same rule, dataset and batch always give the same id."""
    return hashlib.sha256(f"{rule_id}|{dataset}|{batch_id}".encode()).hexdigest()[:24]


def read_findings(
    lake: Path | None = None, *, dataset: str | None = None, rule_id: str | None = None, provider: str | None = None,
    severity: str | None = None,
) -> pl.DataFrame:
    """The findings table, optionally filtered; empty (with the contract's columns) if none yet."""
    path = findings_path(lake or load_settings().lake_dir)
    frame = tables.read(path) if tables.exists(path) else pl.DataFrame(schema=SCHEMA)
    for column, value in (("dataset", dataset), ("rule_id", rule_id), ("provider", provider), ("severity", severity)):
        if value is not None:
            frame = frame.filter(pl.col(column) == value)
    return frame


def current_batches(lake: Path, dataset: str, verification: Verification | None) -> dict[str, dict]:
    """Batches whose rows are in the clean table now (and the latest, even if all were quarantined)."""
    rows = ledger.read_ledger(lake).filter(pl.col("dataset") == dataset).sort("loaded_at")
    latest = rows.group_by("batch_id", maintain_order=True).last()
    in_clean = set(verification.frame[BATCH_ID].unique().to_list()) if verification and verification.frame.height else set()
    keep = {r["batch_id"]: r for r in latest.iter_rows(named=True) if r["batch_id"] in in_clean}
    if latest.height:
        last = latest.row(-1, named=True)
        keep[last["batch_id"]] = last
    return keep


def compute_findings(catalog: Catalog, dataset: str, lake: Path, today: date, verification: Verification | None = None) -> pl.DataFrame:
    """Findings of the dataset's current batches, both stages; ``detected_at`` left null."""
    entry = catalog.dataset(dataset)
    verification = verification or verify_dataset(catalog, dataset, lake, today)
    batches = current_batches(lake, dataset, verification)
    by_name = {f.name: f for f in entry.dataset.fields}
    out: list[dict] = []
    if verification is not None:
        for rule in verification.rules:
            failing = verification.failing(rule.id)
            out += _per_batch(rule, failing, batches, entry.provider.code, "verify", [by_name[c] for c in rule.columns if c in by_name],
                              checked=lambda b: int(b["clean_rows"]), by_column=False)
    quarantine_path = tables.table_path(lake, "quarantine", dataset)
    if batches and tables.exists(quarantine_path):
        quarantined = tables.read(quarantine_path, filter_expr=pl.col(BATCH_ID).is_in(list(batches)))
        if quarantined.height and REASON in quarantined.columns:
            rules, masks = door_masks(quarantined, entry.dataset, today)
            for rule in rules:
                failing = quarantined.filter(masks[rule.id])
                out += _per_batch(rule, failing, batches, entry.provider.code, "ingest", [by_name[c] for c in rule.columns],
                                  checked=lambda b: int(b["raw_rows"]), by_column=True)
    merged = _merge_stages(out)
    return pl.DataFrame(merged, schema=SCHEMA) if merged else pl.DataFrame(schema=SCHEMA)


def _per_batch(rule: Rule, failing: pl.DataFrame, batches: dict[str, dict], provider: str, stage: str,
               fields: list[CatalogField], *, checked, by_column: bool) -> list[dict]:
    if failing.height == 0:
        return []
    found = []
    for (batch_id,), rows in failing.group_by(BATCH_ID, maintain_order=True):
        batch = batches.get(str(batch_id))
        if batch is None:
            continue
        found.append({
            "finding_id": finding_id(rule.id, rule.dataset, str(batch_id)),
            "rule_id": rule.id, "severity": rule.severity.value, "article": rule.article,
            "name_zh": rule.name_zh, "name_en": rule.name_en, "dataset": rule.dataset, "provider": provider,
            "batch_id": str(batch_id), "source_file": str(rows[SOURCE_FILE][0]) if SOURCE_FILE in rows.columns else batch["source_file"],
            "stage": stage, "failing_rows": rows.height, "checked_rows": checked(batch),
            "rows": rows.select(lineage_key_expr()).to_series().to_list(),
            "sample": masked_sample(rows, fields, by_column=by_column), "detected_at": None,
        })
    return found


def _merge_stages(found: list[dict]) -> list[dict]:
    """One finding per id: a rule failing at both stages for one batch lists all its rows."""
    merged: dict[str, dict] = {}
    for f in found:
        if f["finding_id"] in merged:
            m = merged[f["finding_id"]]
            m["rows"] = sorted(set(m["rows"]) | set(f["rows"]))
            m["failing_rows"] = len(m["rows"])
            m["stage"] = "ingest"
        else:
            merged[f["finding_id"]] = f
    return sorted(merged.values(), key=lambda f: (f["dataset"], f["rule_id"], f["batch_id"]))


def write_findings(lake: Path, dataset: str, found: pl.DataFrame, batches: list[str], now: datetime | None = None,
                   home: Path | None = None) -> bool:
    """Replace the findings of ``batches`` of ``dataset`` with ``found``; no write if nothing changed.

    Findings of earlier batches stay (the history the report's trend reads). Returns whether a
    new table version was written.
    """
    path = findings_path(lake)
    existing = read_findings(lake, dataset=dataset).filter(pl.col("batch_id").is_in(batches))
    if _same(existing, found):
        return False
    kept = dict(zip(existing["finding_id"], existing["detected_at"]))
    stamp = now or datetime.now(UTC)
    found = found.with_columns(
        pl.col("finding_id").replace_strict(kept, default=None, return_dtype=pl.Datetime("us", "UTC")).fill_null(stamp).alias("detected_at")
    )
    quoted = ", ".join("'" + b.replace("'", "''") + "'" for b in batches) or "''"
    with writer_lock("quality findings", home=home):
        tables.replace(path, found.select(SCHEMA.names()), where=f"dataset = '{dataset}' AND batch_id IN ({quoted})",
                       commit_info={"dataset": dataset, "writer": "quality"})
    return True


def _same(existing: pl.DataFrame, found: pl.DataFrame) -> bool:
    columns = ["finding_id", "failing_rows", "checked_rows", "rows", "sample", "stage"]
    def norm(f: pl.DataFrame) -> list[tuple]:
        return sorted(f.select(columns).with_columns(pl.col("rows").list.sort()).rows())
    return norm(existing) == norm(found)


def record_findings(catalog: Catalog, dataset: str, lake: Path, today: date,
                    verification: Verification | None = None, home: Path | None = None) -> tuple[pl.DataFrame, bool]:
    """Compute and write the dataset's findings; returns them and whether the table changed."""
    verification = verification or verify_dataset(catalog, dataset, lake, today)
    found = compute_findings(catalog, dataset, lake, today, verification)
    batches = list(current_batches(lake, dataset, verification))
    if not batches:
        return found, False
    if found.height == 0 and not tables.exists(findings_path(lake)):
        return found, False
    changed = write_findings(lake, dataset, found, batches, home=home)
    return read_findings(lake, dataset=dataset).filter(pl.col("batch_id").is_in(batches)), changed
