"""The Dagster code location: every asset, check, schedule and sensor, generated from the catalog.

``dagster dev`` (from the repository root) loads this module via ``[tool.dagster]`` in pyproject.
"""

from __future__ import annotations

import dagster as dg

from catalog.model import Catalog
from catalog.validate import load_catalog
from config.settings import load_settings
from orchestration.dbt_assets import blocking_gates, build_central_sensor, build_dbt_assets, dbt_resource
from orchestration.ingest_assets import build_all_ingest_assets, clean_key
from orchestration.loop_assets import build_loop_assets
from orchestration.loop_sensor import build_findings_sensor, build_fixed_ticket_sensor
from orchestration.quality_assets import build_all_quality_checks, build_quality_report_asset
from orchestration.release_assets import build_all_release_assets
from orchestration.report_assets import build_report_assets
from orchestration.resources import Warehouse
from orchestration.schedules import build_landing_sensor, build_schedules


def build_definitions(catalog: Catalog, warehouse: Warehouse) -> dg.Definitions:
    checks = build_all_quality_checks(catalog)
    assets = [*build_all_ingest_assets(catalog), *build_all_release_assets(catalog), *build_report_assets(catalog),
              build_quality_report_asset(catalog), build_dbt_assets(blocking_gates(catalog, checks))]
    # Problem-data tickets come after the rules (the findings), which come after the loads.
    assets += build_loop_assets([clean_key(e.dataset.id) for e in catalog.entries])
    return dg.Definitions(
        assets=assets,
        asset_checks=checks,
        jobs=[dg.define_asset_job("main_job", selection=dg.AssetSelection.all(),
                                  description="全量运行 materialise every asset")],
        schedules=build_schedules(catalog),
        sensors=[build_landing_sensor(catalog), build_fixed_ticket_sensor(catalog, assets),
                 build_findings_sensor(), build_central_sensor()],
        resources={"warehouse": warehouse, "dbt": dbt_resource()},
    )


defs = build_definitions(load_catalog(load_settings().catalog_dir), Warehouse())
