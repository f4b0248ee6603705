"""dbt-duckdb source plugin ``lake``: a Delta table of the lakehouse as an Arrow dataset.

DuckDB's ``INSTALL delta`` downloads the extension and fails on the bureau's isolated network;
this plugin reads through ``deltalake`` (already installed) instead. A source names its zone
and table in ``meta`` (``zone: clean``, ``table: household_registration``); the lake folder
comes from ``config.settings`` at run time, so the parsed manifest holds no machine path.
When the build pins versions (``DW_CENTRAL_PINS``, JSON ``{"zone/table": version}``), exactly
those versions are read, so the build matches the fingerprint it is recorded under.
"""

from __future__ import annotations

import json
import os
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin
from dbt.adapters.duckdb.utils import SourceConfig
from deltalake import DeltaTable

from config.settings import load_settings
from lakehouse import tables

PINS_ENV = "DW_CENTRAL_PINS"


def pinned_versions() -> dict[str, int]:
    raw = os.environ.get(PINS_ENV, "")
    return {k: int(v) for k, v in json.loads(raw).items()} if raw else {}


class Plugin(BasePlugin):
    def initialize(self, config: dict[str, Any]) -> None:
        self._lake = load_settings().lake_dir
        self._pins = pinned_versions()

    def load(self, source_config: SourceConfig) -> Any:
        zone, table = source_config["zone"], source_config["table"]
        path = tables.table_path(self._lake, zone, table)
        if not tables.exists(path):
            raise FileNotFoundError(
                f"数据表不存在 Delta table {zone}/{table} not found under {self._lake}: 先运行 run `dw run`"
            )
        dt = DeltaTable(str(path))
        pin = self._pins.get(f"{zone}/{table}")
        if pin is not None:
            dt.load_as_version(pin)
        return dt.to_pyarrow_dataset()

    def default_materialization(self) -> str:
        return "view"
