"""`dw run`: the main job in-process, recorded in the same instance `dagster dev` shows."""

from __future__ import annotations

from dagster import DagsterInstance
from rich.console import Console

from catalog.validate import load_catalog
from config.settings import Settings
from ingest.status import attention_lines, dataset_status, status_table
from lakehouse.lock import writer_lock
from orchestration.definitions import build_definitions
from orchestration.resources import Warehouse


def dagster_instance(settings: Settings) -> DagsterInstance:
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        # The bureau's network is isolated: nothing may try to phone home.
        config.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    return DagsterInstance.from_config(str(home))


def run_main_job(settings: Settings, console: Console, *, wait: bool = True) -> bool:
    """The main job, holding the writer lock throughout: Dagster's SQLite storage is created and
    migrated by one process at a time, and no second run writes the lake meanwhile."""
    with writer_lock("dw run", wait=wait, home=settings.home):
        return _run_main_job(settings, console)


def _run_main_job(settings: Settings, console: Console) -> bool:
    catalog = load_catalog(settings.catalog_dir)
    defs = build_definitions(catalog, Warehouse(home=str(settings.home)))
    with dagster_instance(settings) as instance:
        result = defs.resolve_job_def("main_job").execute_in_process(
            instance=instance,
            raise_on_error=False,
            # Step-by-step events are in `dw dev`; the terminal gets warnings (re-collection) and errors.
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        )
        failed = [e.step_key or '?' for e in result.all_events if e.is_step_failure]
        failed_checks = [
            e.asset_check_evaluation_data.check_name + " @ " + e.asset_check_evaluation_data.asset_key.to_user_string()
            for e in result.all_events
            if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.asset_check_evaluation_data.passed
        ]
    rows = dataset_status(catalog, settings.lake_dir)
    console.print(status_table(rows))
    for line in attention_lines(rows):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    if failed:
        console.print(f"[red]失败步骤 failed steps: {', '.join(failed)}[/red] — see the run {result.run_id} in `make dagster`")
    if failed_checks:
        console.print(f"[yellow]未通过的检查 failed checks: {', '.join(failed_checks)}[/yellow]")
    console.print(
        "\n下一步 where to look next:\n"
        f"  • 资产图 asset graph: `make dagster` (DAGSTER_HOME={settings.dagster_home}) then open http://127.0.0.1:3000\n"
        f"  • 数据表 Delta tables: {settings.lake_dir}/{{raw,clean,quarantine,meta}}/<dataset>\n"
        f"  • 报告 reports: {settings.reports_dir} (`dw report duplicates`)\n"
        "  • 状态 status: `dw status` or `dw status --json`",
        highlight=False,
    )
    return result.success and not failed
