"""The warehouse as a Dagster resource, so a test or a second deployment can point elsewhere."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from catalog.model import Catalog
from catalog.validate import load_catalog
from config.settings import Settings, load_settings


class Warehouse(dg.ConfigurableResource):
    """``home`` empty means ``DW_HOME`` or its default (see config.settings)."""

    home: str = ""

    def settings(self) -> Settings:
        return load_settings(Path(self.home) if self.home else None)

    def catalog(self) -> Catalog:
        return load_catalog(self.settings().catalog_dir)
