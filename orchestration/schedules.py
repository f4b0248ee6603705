"""When datasets are loaded: on their catalog update cycle (Art. 26), and as soon as a file lands."""

from __future__ import annotations

import dagster as dg

from catalog.model import Catalog, UpdateCycle
from ingest.pipeline import pending_files
from orchestration.ingest_assets import clean_key, quarantine_key, raw_key
from orchestration.resources import Warehouse

# Off-hours, staggered so the cycles do not start together on the first of a month.
CRON = {
    UpdateCycle.daily: "0 2 * * *",
    UpdateCycle.weekly: "0 3 * * 1",
    UpdateCycle.monthly: "0 4 1 * *",
    UpdateCycle.quarterly: "0 5 1 1,4,7,10 *",
    UpdateCycle.yearly: "0 6 1 1 *",
}


def _dataset_keys(dataset_id: str) -> list[dg.AssetKey]:
    return [raw_key(dataset_id), clean_key(dataset_id), quarantine_key(dataset_id)]


def build_schedules(catalog: Catalog) -> list[dg.ScheduleDefinition]:
    schedules = []
    for cycle, cron in CRON.items():
        keys = [k for e in catalog.entries if e.dataset.update_cycle is cycle for k in _dataset_keys(e.dataset.id)]
        if not keys:
            continue
        job = dg.define_asset_job(f"ingest_{cycle.value}", selection=dg.AssetSelection.assets(*keys).downstream())
        schedules.append(
            dg.ScheduleDefinition(job=job, cron_schedule=cron, execution_timezone="Asia/Shanghai",
                                  description=f"按更新周期采集 load the {cycle.value} datasets")
        )
    return schedules


def build_landing_sensor(catalog: Catalog) -> dg.SensorDefinition:
    """Start a load for each dataset with a new or changed file; real-time datasets rely on this."""
    job = dg.define_asset_job("ingest_on_arrival", selection=dg.AssetSelection.groups(*catalog.providers).downstream())

    @dg.sensor(job=job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING,
               description="新文件到达即采集 load a dataset as soon as a new or changed file lands")
    def landing_sensor(warehouse: Warehouse) -> dg.SensorResult:
        settings = warehouse.settings()
        requests = []
        for entry in catalog.entries:
            files = pending_files(entry, settings)
            if files:
                requests.append(
                    dg.RunRequest(
                        run_key=f"{entry.dataset.id}:" + ",".join(sorted(str(f.stat().st_mtime_ns) for f in files)),
                        asset_selection=_dataset_keys(entry.dataset.id),
                    )
                )
        return dg.SensorResult(run_requests=requests)

    return landing_sensor
