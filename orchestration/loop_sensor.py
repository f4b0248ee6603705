"""Closing the loop with two sensors.

``fixed_ticket_sensor``: a ticket resolved as fixed (完成整改) starts the re-ingestion of its
dataset. It reads the workflow store's audit log past its cursor (the last audit sequence
number seen) and requests one run per resolution: the dataset's ingest assets (with the quality
checks on them), whatever lies between them and the ticket asset, and the ticket asset itself,
which then verifies the ticket or reopens it. The run key names the resolution too, so even a
lost cursor never starts a second run for the same fix.

``findings_sensor``: a failing critical rule is a blocking check, and Dagster skips everything
downstream of a failed blocking check in that run, the ticket asset included: exactly when
tickets matter most. So whenever the findings table has a new version, this sensor requests a
run of the ticket asset alone (no upstream step in it, nothing to block it), which files the
new findings and judges the fixed tickets whose data was collected again.
"""

from __future__ import annotations

from collections.abc import Sequence

import dagster as dg

from catalog.model import Catalog
from lakehouse import tables
from orchestration.ingest_assets import clean_key, quarantine_key, raw_key
from orchestration.loop_assets import FIXED_TICKETS_TAG, TICKETS_KEY
from orchestration.resources import Warehouse
from workflow.loop.findings import findings_path
from workflow.loop.fixes import fixes_since
from workflow.store import Store


def recollection_selection(dataset: str, assets: Sequence[dg.AssetsDefinition]) -> list[dg.AssetKey]:
    """The dataset's ingest assets, what lies between them and the ticket asset, and that asset."""
    ingest = dg.AssetSelection.assets(raw_key(dataset), clean_key(dataset), quarantine_key(dataset))
    between = ingest.downstream() & dg.AssetSelection.assets(TICKETS_KEY).upstream()
    return sorted((ingest | between).resolve(assets), key=lambda k: k.to_user_string())


def build_fixed_ticket_sensor(catalog: Catalog, assets: Sequence[dg.AssetsDefinition]) -> dg.SensorDefinition:
    selections = {e.dataset.id: recollection_selection(e.dataset.id, assets) for e in catalog.entries}
    job = dg.define_asset_job(
        "recollect_fixed", selection=dg.AssetSelection.assets(*{k for keys in selections.values() for k in keys}),
        description="整改后重新采集并核验 re-ingest a dataset after a fix and verify its tickets",
    )

    @dg.sensor(job=job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING,
               description="工单完成整改即重新采集并核验 re-ingest and verify when a ticket is resolved as fixed")
    def fixed_ticket_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse) -> dg.SensorResult:
        cursor = int(context.cursor) if context.cursor and context.cursor.isdigit() else 0
        store = Store(warehouse.settings().database_url)
        try:
            with store.read() as session:
                fixes, new_cursor = fixes_since(session, cursor)
        finally:
            store.dispose()
        requests = [
            dg.RunRequest(run_key=f"ticket-{fix.ticket_id}-fixed-{fix.seq}", asset_selection=selections[fix.dataset],
                          tags={FIXED_TICKETS_TAG: str(fix.ticket_id), "dataset": fix.dataset})
            for fix in fixes
            if fix.dataset in selections
        ]
        return dg.SensorResult(run_requests=requests, cursor=str(new_cursor))

    return fixed_ticket_sensor


def build_findings_sensor() -> dg.SensorDefinition:
    job = dg.define_asset_job("file_problem_tickets", selection=dg.AssetSelection.assets(TICKETS_KEY),
                              description="按质量发现立单并核验 file tickets for new findings; verify re-collected fixes")

    @dg.sensor(job=job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING,
               description="质量发现表有新版本即立单 file problem-data tickets whenever the findings table has a new version")
    def findings_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse) -> dg.SensorResult:
        version = tables.version(findings_path(warehouse.settings().lake_dir))
        seen = int(context.cursor) if context.cursor and context.cursor.lstrip("-").isdigit() else -1
        if version is None or version <= seen:
            return dg.SensorResult(skip_reason="质量发现表无新版本 no new version of the findings table")
        return dg.SensorResult(run_requests=[dg.RunRequest(run_key=f"findings-v{version}")], cursor=str(version))

    return findings_sensor
