"""What every hostile case must leave true, asserted on the tables themselves."""

from __future__ import annotations

import polars as pl

from catalog.model import Catalog
from config.settings import Settings
from ingest.status import dataset_status, reconcile
from lakehouse import tables
from lakehouse.lineage import LOADED_AT, ROW_NUMBER, SOURCE_FILE

ZONES = ("raw", "clean", "quarantine")


def table(settings: Settings, zone: str, dataset: str) -> pl.DataFrame:
    path = tables.table_path(settings.lake_dir, zone, dataset)
    return tables.read(path) if tables.exists(path) else pl.DataFrame()


def content(settings: Settings, dataset: str, zone: str = "clean") -> pl.DataFrame:
    """A table's rows without load times, in a stable order: equal frames mean no row lost or changed."""
    frame = table(settings, zone, dataset)
    return frame.drop(LOADED_AT, strict=False).sort(frame.columns[:3] if frame.width else [])


def assert_truthful(settings: Settings, catalog: Catalog) -> None:
    """No (file, row) twice in any table; the ledger equals the tables; status says what the tables hold."""
    for entry in catalog.entries:
        ds = entry.dataset.id
        for zone in ZONES:
            frame = table(settings, zone, ds)
            if frame.height:
                doubled = frame.select(SOURCE_FILE, ROW_NUMBER).is_duplicated().sum()
                assert doubled == 0, f"{zone}/{ds}: {doubled} (file, row) pairs held twice"
        assert reconcile(settings.lake_dir, ds, entry.dataset.source.delivery) == [], ds
    for row in dataset_status(catalog, settings.lake_dir):
        assert row["reconciles"], row["problems"]
        assert row["clean_table_rows"] == table(settings, "clean", row["dataset"]).height
