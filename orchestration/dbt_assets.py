"""The dbt project as Dagster assets (dagster-dbt): shared views and central tables downstream of
the clean tables and release copies they read, dbt tests as asset checks.

One dbt invocation per run builds everything into a fresh DuckDB file; the file is swapped in
only when the build and its tests passed (``central.build``). A run with nothing changed
upstream (same Delta versions, same project, k and as-of date) starts no dbt at all.
No ``from __future__ import annotations`` here: Dagster reads the real type of ``context``.
"""

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from central import build
from central.manifest import ensure_manifest
from central.paths import DBT_PROJECT_DIR, target_dir
from lakehouse.lock import writer_lock
from orchestration.resources import Warehouse

GROUPS = {"staging": "dbt_staging", "intermediate": "dbt_staging", "shared": "shared_views",
          "central": "central", "published": "central_published"}


class WarehouseTranslator(DagsterDbtTranslator):
    """Sources are the lake's own assets (clean/<ds>, release/<class>/<ds>); models are keyed by schema."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            meta = dbt_resource_props["meta"]
            return dg.AssetKey([meta["zone"], *meta["table"].split("/")])
        name = dbt_resource_props["alias"] or dbt_resource_props["name"]
        return dg.AssetKey([dbt_resource_props["schema"], name])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return GROUPS.get(dbt_resource_props.get("schema", ""), "central")


def dbt_resource() -> DbtCliResource:
    # The dbt beside this interpreter, not whichever is first on PATH (the venv may not be activated).
    executable = Path(sys.executable).with_name("dbt")
    return DbtCliResource(project_dir=str(DBT_PROJECT_DIR), profiles_dir=str(DBT_PROJECT_DIR),
                          dbt_executable=str(executable) if executable.exists() else "dbt")


def build_dbt_assets() -> dg.AssetsDefinition:
    translator = WarehouseTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    @dbt_assets(manifest=ensure_manifest(), dagster_dbt_translator=translator, name="central_dbt",
                exclude="resource_type:unit_test")
    def central_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse) -> Iterator[Any]:
        settings = warehouse.settings()
        plan = build.plan(settings, warehouse.catalog())
        if plan.up_to_date:
            context.log.info("上游未变，不重建 nothing upstream changed since the published build: dbt not run")
            return
        if plan.missing:
            context.log.warning(f"尚无数据的来源按空表构建 sources not yet in the lake, built as empty: {', '.join(plan.missing)}")
        target = target_dir(settings)
        # One writer at a time: nothing changes the lake under the build, no second build swaps at once.
        with writer_lock("dbt build", home=settings.home), build.building(settings, plan):
            invocation = dbt.cli(["build", "--exclude", "resource_type:unit_test"], context=context,
                                 target_path=target, raise_on_error=False)
            yield from invocation.stream()
            if not invocation.is_successful():
                raise dg.Failure(description="dbt 构建或测试失败，未发布，读者仍见上一版 dbt build or tests failed: "
                                             "nothing published, readers keep the previous build")
            docs = build.generate_docs(settings)
            build.publish(settings, plan, warehouse.catalog(), docs=docs)

    return central_dbt
