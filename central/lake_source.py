"""dbt-duckdb source plugin ``lake``: a Delta table of the lakehouse as an Arrow dataset.

DuckDB's ``INSTALL delta`` downloads the extension and fails on the bureau's isolated network;
this plugin reads through ``deltalake`` (already installed) instead. A source names its zone
and table in ``meta`` (``zone: clean``, ``table: household_registration``); the lake folder
comes from ``config.settings`` at run time, so the parsed manifest holds no machine path.
A table not written yet reads as empty with the catalog's columns, so one provider that has not
delivered does not stop the others' central tables. When the build pins versions (``DW_CENTRAL_PINS``, JSON ``{"zone/table": version}``), exactly
those versions are read, so the build matches the fingerprint it is recorded under.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin
from dbt.adapters.duckdb.utils import SourceConfig
from deltalake import DeltaTable

from catalog.validate import load_catalog
from central import forms
from config.settings import load_settings
from lakehouse import tables
from lakehouse.lineage import BATCH_ID, ROW_NUMBER, SOURCE_FILE

ARROW_TYPE = {"varchar": pa.string(), "bigint": pa.int64(), "decimal(18, 4)": pa.decimal128(18, 4),
              "date": pa.date32(), "timestamp": pa.timestamp("us")}

PINS_ENV = "DW_CENTRAL_PINS"


def pinned_versions() -> dict[str, int]:
    raw = os.environ.get(PINS_ENV, "")
    return {k: int(v) for k, v in json.loads(raw).items()} if raw else {}


class Plugin(BasePlugin):
    def initialize(self, config: dict[str, Any]) -> None:
        self._settings = load_settings()
        self._pins = pinned_versions()

    def load(self, source_config: SourceConfig) -> Any:
        zone, table = source_config["zone"], source_config["table"]
        path = tables.table_path(self._settings.lake_dir, zone, table)
        if not tables.exists(path):
            # A provider that has not delivered yet: its staging model is empty, the rest builds.
            return empty_table(source_config["dw_dataset"])
        dt = DeltaTable(str(path))
        pin = self._pins.get(f"{zone}/{table}")
        if pin is not None:
            dt.load_as_version(pin)
        return dt.to_pyarrow_dataset()

    def default_materialization(self) -> str:
        return "view"


def empty_table(dataset_id: str) -> pa.Table:
    """The source's columns with no rows, typed from the catalog."""
    entry = load_catalog(load_settings().catalog_dir).dataset(dataset_id)
    fields = [pa.field(BATCH_ID, pa.string()), pa.field(SOURCE_FILE, pa.string()), pa.field(ROW_NUMBER, pa.int64())]
    fields += [pa.field(c.source, ARROW_TYPE[c.sql_type]) for c in forms.columns(entry)]
    return pa.schema(fields).empty_table()
