"""The dbt project as Dagster assets (dagster-dbt): shared views and central tables downstream of
the clean tables and release copies they read, dbt tests as asset checks.

One dbt invocation per run builds everything into a fresh DuckDB file; the file is swapped in
only when the build and its tests passed (``central.build``). A run with nothing changed
upstream (same Delta versions, same project, k and as-of date) starts no dbt at all.

A failing critical (blocking) quality check blocks only the models that read that dataset.
Dagster gates whole steps: in the run where the check fails, this one dbt step is skipped. So
the asset decides itself, from the instance, which datasets are blocked (latest evaluation of
their blocking checks failed) and builds everything else, keeping the blocked datasets' models
from the published build (``central.carry``; shown as stale observations). ``dw run`` then starts
it alone after a blocked main job (:func:`build_central_if_skipped`), and under the daemon
``central_after_failure`` does the same.
No ``from __future__ import annotations`` here: Dagster reads the real type of ``context``.
"""

import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from catalog.model import Catalog
from central import build, carry
from central.manifest import ensure_manifest
from central.paths import DBT_PROJECT_DIR, target_dir
from lakehouse.lock import writer_lock
from orchestration.ingest_assets import clean_key
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


def blocking_gates(catalog: Catalog, checks: Sequence[dg.AssetChecksDefinition]) -> dict[str, list[dg.AssetCheckKey]]:
    """dataset id -> the blocking checks on its clean table (what may block its models)."""
    specs = [spec for c in checks for spec in c.check_specs if spec.blocking]
    return {e.dataset.id: [s.key for s in specs if s.asset_key == clean_key(e.dataset.id)] for e in catalog.entries}


def blocked_datasets(instance: dg.DagsterInstance, gates: Mapping[str, Sequence[dg.AssetCheckKey]]) -> list[str]:
    """Datasets whose blocking check failed (ERROR severity) at its latest evaluation.

    Only evaluations count: a check that did not run (its clean asset failed, nothing new was
    written) leaves the previous verdict standing, as the table it judged is still the one read.
    """
    out = []
    for dataset, keys in sorted(gates.items()):
        for key in keys:
            # The newest record holding an evaluation (a planned-only record holds none).
            history = instance.event_log_storage.get_asset_check_execution_history(key, limit=50)
            data = (r.event.dagster_event.event_specific_data for r in history if r.event and r.event.dagster_event)
            evaluation = next((d for d in data if isinstance(d, dg.AssetCheckEvaluation)), None)
            if evaluation is not None and not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
                out.append(dataset)
                break
    return out


def build_dbt_assets(gates: Mapping[str, Sequence[dg.AssetCheckKey]] | None = None) -> dg.AssetsDefinition:
    """``gates``: dataset id -> blocking checks (:func:`blocking_gates`); none: nothing blocks."""
    translator = WarehouseTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))
    gates = dict(gates or {})

    @dbt_assets(manifest=ensure_manifest(), dagster_dbt_translator=translator, name="central_dbt",
                exclude="resource_type:unit_test")
    def central_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse) -> Iterator[Any]:
        settings = warehouse.settings()
        catalog = warehouse.catalog()
        plan = build.plan(settings, catalog, blocked_datasets(context.instance, gates))
        if plan.up_to_date:
            context.log.info("上游未变，不重建 nothing upstream changed since the published build: dbt not run")
            return
        if plan.missing:
            context.log.warning(f"尚无数据的来源按空表构建 sources not yet in the lake, built as empty: {', '.join(plan.missing)}")
        if plan.blocked:
            context.log.warning("严重质量检查未通过，读取这些数据集的模型保留上一版 critical quality check failed: models "
                                f"reading {', '.join(plan.blocked)} are not rebuilt and keep the published version")
        target = target_dir(settings)
        # One writer at a time: nothing changes the lake under the build, no second build swaps at once.
        with writer_lock("dbt build", home=settings.home), build.building(settings, plan):
            invocation = dbt.cli(["build", "--exclude", "resource_type:unit_test", *carry.exclusions(catalog, plan.blocked)],
                                 context=context, target_path=target, raise_on_error=False)
            yield from invocation.stream()
            if not invocation.is_successful():
                raise dg.Failure(description="dbt 构建或测试失败，未发布，读者仍见上一版 dbt build or tests failed: "
                                             "nothing published, readers keep the previous build")
            kept = build.keep_blocked(settings, plan, catalog)
            docs = build.generate_docs(settings)
            build.publish(settings, plan, catalog, docs=docs, kept=kept)
        for row in kept:
            if row["schema_name"] in GROUPS:  # models only; the kept source tables are the lake's assets
                yield dg.AssetObservation(asset_key=dg.AssetKey([row["schema_name"], row["relation"]]), metadata={
                    "stale": True, "blocked_by": ", ".join(row["blocked_datasets"]),
                    "kept_from_build": row["kept_from_build"] or "无 none (never built)", "built_at": row["built_at"] or ""})

    return central_dbt


CENTRAL_JOB = "build_central"


def build_central_if_skipped(defs: dg.Definitions, instance: dg.DagsterInstance, result: dg.ExecuteInProcessResult) -> list[str]:
    """After an in-process main job: if a failed blocking check kept the dbt step from running,
    run it alone (no upstream step in that run to gate it): the datasets that passed are built,
    the blocked ones keep their models. One line per outcome for the run report."""
    if any(e.step_key == "central_dbt" for e in result.all_events if e.is_step_success or e.is_step_failure):
        return []
    run = defs.resolve_job_def(CENTRAL_JOB).execute_in_process(
        instance=instance, raise_on_error=False, run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}})
    kept = sorted({e.asset_observation_data.asset_observation.asset_key.to_user_string()
                   for e in run.all_events if e.event_type_value == "ASSET_OBSERVATION"})
    state = "已构建 built" if run.success else f"失败 failed (run {run.run_id})"
    lines = [f"中心表单独构建 central tables built on their own after the blocked main job: {state}"]
    if kept:
        lines.append(f"保留上一版（数据集被阻断）kept from the published build, blocked upstream: {', '.join(kept)}")
    return lines


def build_central_sensor() -> dg.SensorDefinition:
    """Under the daemon: after any failed run but this job's own, build the central tables alone
    (a run with nothing new upstream returns at once: the build is up to date)."""

    job = dg.define_asset_job(CENTRAL_JOB, selection=dg.AssetSelection.groups(*sorted(set(GROUPS.values()))),
                              description="中心表构建（跳过被阻断的数据集）build the central tables, blocked datasets kept")

    @dg.run_failure_sensor(name="central_after_failure", request_job=job,
                           default_status=dg.DefaultSensorStatus.RUNNING,
                           description="运行失败后单独构建中心表 build the central tables after a failed (e.g. blocked) run")
    def central_after_failure(context: dg.RunFailureSensorContext) -> Iterator[dg.RunRequest]:
        if context.dagster_run.job_name != CENTRAL_JOB:
            yield dg.RunRequest(run_key=f"after-{context.dagster_run.run_id}")

    return central_after_failure
