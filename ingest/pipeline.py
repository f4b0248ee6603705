"""The one ingestion path (Art. 8, 13): provider file -> raw, clean and quarantine tables.

Per file, in this order, each a single Delta commit: raw rows as received (replacing that
file's earlier rows), quarantine, clean, the duplicate-collection report, and last the ledger.
Every write replaces exactly this file's rows, so redoing an interrupted load converges to the
same tables; the ledger, written last, marks the load as done.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from catalog.model import Catalog, CatalogEntry, Delivery
from config.settings import RecollectionPolicy, Settings
from ingest import ledger
from ingest.errors import SourceError
from ingest.landing import dataset_files
from ingest.read import file_digest, read_source
from ingest.recollection import Recollection, find_recollections
from ingest.standardise import REASON, standardise
from lakehouse import tables
from lakehouse.lineage import BATCH_ID, FILE_SHA256, LINEAGE, LOADED_AT, SOURCE_FILE


@dataclass(frozen=True)
class BatchResult:
    batch_id: str
    dataset: str
    provider: str
    source_file: str
    raw_rows: int
    clean_rows: int
    quarantined_rows: int
    recollections: tuple[Recollection, ...]
    clean_version: int


def pending_files(entry: CatalogEntry, settings: Settings) -> list[Path]:
    """Files of this dataset whose content is not the latest loaded; a snapshot needs only its newest file."""
    files = dataset_files(entry, settings.landing_dir)  # regular readable files only (ingest/landing.py)
    if entry.dataset.source.delivery is Delivery.snapshot:
        files = files[-1:]
    loaded = ledger.latest_hashes(settings.lake_dir, entry.dataset.id)
    return [f for f in files if loaded.get(_relative(f, settings)) != file_digest(f)]


def ingest_dataset(entry: CatalogEntry, catalog: Catalog, settings: Settings) -> list[BatchResult]:
    return [ingest_file(entry, catalog, settings, path) for path in pending_files(entry, settings)]


def ingest_file(entry: CatalogEntry, catalog: Catalog, settings: Settings, path: Path) -> BatchResult:
    dataset = entry.dataset
    source = read_source(path, dataset.storage_format)
    rel = _relative(path, settings)
    if source.frame.height == 0 and dataset.source.delivery is Delivery.snapshot:
        # A header-only extract would replace the whole table with nothing; that needs a person.
        raise SourceError(
            path, None, None, "全量文件无数据行 snapshot file has a header but no data rows",
            "ask the provider to re-export; the current table is kept as it is",
        )
    batch_id = f"{dataset.id}-{source.sha256[:16]}"
    loaded_at = datetime.now(UTC)
    raw = source.frame.with_columns(
        pl.lit(batch_id).alias(BATCH_ID),
        pl.lit(rel).alias(SOURCE_FILE),
        pl.lit(source.sha256).alias(FILE_SHA256),
        pl.lit(loaded_at).alias(LOADED_AT),
    )

    recollections = find_recollections(source.frame, entry, catalog)
    split = standardise(raw, dataset, LINEAGE)
    quarantine = split.quarantine
    clean = split.clean
    if recollections and settings.recollection_policy is RecollectionPolicy.refuse:
        reason = "; ".join(r.describe(entry) for r in recollections)
        quarantine = raw.with_columns(pl.lit(reason).alias(REASON))
        clean = clean.head(0)

    info = {"batch_id": batch_id, "source_file": rel, "file_sha256": source.sha256}
    this_file = f"{SOURCE_FILE} = '{_sql_literal(rel)}'"
    raw_version = tables.replace(tables.table_path(settings.lake_dir, "raw", dataset.id), raw, where=this_file, commit_info=info)
    quarantine_version = tables.replace(
        tables.table_path(settings.lake_dir, "quarantine", dataset.id), quarantine, where=this_file, commit_info=info
    )
    clean_where = None if dataset.source.delivery is Delivery.snapshot else this_file
    clean_version = tables.replace(
        tables.table_path(settings.lake_dir, "clean", dataset.id), clean, where=clean_where, commit_info=info
    )
    _report_recollections(settings, entry, rel, batch_id, recollections, loaded_at)

    ledger.record(
        settings.lake_dir,
        {
            "batch_id": batch_id,
            "dataset": dataset.id,
            "provider": entry.provider.code,
            "source_file": rel,
            "file_sha256": source.sha256,
            "file_bytes": source.size,
            "encoding": source.encoding,
            "loaded_at": loaded_at,
            "raw_rows": raw.height,
            "clean_rows": clean.height,
            "quarantined_rows": quarantine.height,
            "recollected_columns": json.dumps([r.column for r in recollections], ensure_ascii=False),
            "raw_version": raw_version,
            "clean_version": clean_version,
            "quarantine_version": quarantine_version,
        },
    )
    return BatchResult(
        batch_id=batch_id,
        dataset=dataset.id,
        provider=entry.provider.code,
        source_file=rel,
        raw_rows=raw.height,
        clean_rows=clean.height,
        quarantined_rows=quarantine.height,
        recollections=tuple(recollections),
        clean_version=clean_version,
    )


def _report_recollections(
    settings: Settings,
    entry: CatalogEntry,
    rel: str,
    batch_id: str,
    recollections: list[Recollection],
    loaded_at: datetime,
) -> None:
    path = tables.table_path(settings.lake_dir, "meta", "duplicate_collection")
    if not recollections and not tables.exists(path):
        return
    rows = pl.DataFrame(
        [
            {
                "dataset": entry.dataset.id,
                "provider": entry.provider.code,
                "provider_name": entry.provider.name,
                "source_file": rel,
                "batch_id": batch_id,
                "detected_at": loaded_at,
                **asdict(r),
            }
            for r in recollections
        ],
        schema=_RECOLLECTION_SCHEMA,
    )
    # Replace this file's earlier findings so the report reflects the file as it is now.
    tables.replace(path, rows, where=f"source_file = '{_sql_literal(rel)}'", commit_info={"batch_id": batch_id})


_RECOLLECTION_SCHEMA = pl.Schema({
    "dataset": pl.String(),
    "provider": pl.String(),
    "provider_name": pl.String(),
    "source_file": pl.String(),
    "batch_id": pl.String(),
    "detected_at": pl.Datetime("us", "UTC"),
    "column": pl.String(),
    "item": pl.String(),
    "item_label": pl.String(),
    "authoritative_provider": pl.String(),
    "authoritative_provider_name": pl.String(),
    "rows_with_values": pl.Int64(),
})


def _relative(path: Path, settings: Settings) -> str:
    return path.resolve().relative_to(settings.landing_dir.resolve()).as_posix()


def _sql_literal(value: str) -> str:
    return value.replace("'", "''")
