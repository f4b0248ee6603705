"""`dw run`: the main job in-process, recorded in the same instance `dagster dev` shows."""

from __future__ import annotations

from dagster import DagsterInstance
from rich.console import Console

from catalog.validate import load_catalog
from config.settings import Settings
from ingest.landing import scan_landing
from ingest.status import attention_lines, dataset_status, status_table
from lakehouse.lock import writer_lock
from orchestration.dbt_assets import build_central_if_skipped
from orchestration.definitions import build_definitions
from orchestration.loop_assets import file_tickets_if_blocked
from orchestration.resources import Warehouse
from orchestration.run_report import run_report


def dagster_instance(settings: Settings) -> DagsterInstance:
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        # The bureau's network is isolated: nothing may try to phone home.
        config.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    return DagsterInstance.from_config(str(home))


def run_main_job(settings: Settings, console: Console, *, wait: bool = True, debug: bool = False) -> bool:
    """The main job, holding the writer lock throughout: Dagster's SQLite storage is created and
    migrated by one process at a time, and no second run writes the lake meanwhile."""
    with writer_lock("dw run", wait=wait, home=settings.home):
        return _run_main_job(settings, console, debug=debug)


def _run_main_job(settings: Settings, console: Console, *, debug: bool) -> bool:
    catalog = load_catalog(settings.catalog_dir)
    defs = build_definitions(catalog, Warehouse(home=str(settings.home)))
    with dagster_instance(settings) as instance:
        result = defs.resolve_job_def("main_job").execute_in_process(
            instance=instance,
            raise_on_error=False,
            # The terminal gets the run report below, one line per problem; Dagster's own console
            # log (tracebacks included) only with --debug. Every event is in `dw dev` either way.
            run_config={"loggers": {"console": {"config": {"log_level": "DEBUG" if debug else "CRITICAL"}}}},
        )
        file_tickets_if_blocked(defs, instance, result)  # problem-data tickets even when a blocking check failed
        central = build_central_if_skipped(defs, instance, result)  # the datasets that passed still reach dbt
        report = run_report(instance, result.run_id, result.all_events)
        failed_checks = [
            e.asset_check_evaluation_data.check_name + " @ " + e.asset_check_evaluation_data.asset_key.to_user_string()
            for e in result.all_events
            if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.asset_check_evaluation_data.passed
        ]
    rows = dataset_status(catalog, settings.lake_dir)
    console.print(status_table(rows))
    files = attention_lines(rows)  # held, refused, rolled-back, repeated files (issue 12), one line each
    for line in files:
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    skipped = scan_landing(catalog, settings.landing_dir).lines()
    _lines(console, "失败步骤 failed steps", report.failures, "red")
    _lines(console, "警告 warnings", [w for w in report.warnings if not _already_listed(w, files)], "yellow")
    _lines(console, "落地区跳过的条目 skipped in the landing folder", skipped, "yellow")
    _lines(console, "中心表 central tables", central, "yellow")
    if report.failures:
        console.print(f"运行记录 run {result.run_id}: `make dagster` 查看 see it in the asset graph", highlight=False)
    if debug:
        for text in report.tracebacks:
            console.print(text, markup=False, highlight=False)
    if failed_checks:
        console.print(f"[yellow]未通过的检查 failed checks: {', '.join(failed_checks)}[/yellow]")
    console.print(
        "\n下一步 where to look next:\n"
        f"  • 资产图 asset graph: `make dagster` (DAGSTER_HOME={settings.dagster_home}) then open http://127.0.0.1:3000\n"
        f"  • 数据表 Delta tables: {settings.lake_dir}/{{raw,clean,quarantine,meta}}/<dataset>\n"
        f"  • 报告 reports: {settings.reports_dir} (`dw report duplicates`)\n"
        f"  • 质量报告 quality report: {settings.reports_dir / 'quality_report.html'} (`dw quality report`)\n"
        "  • 状态 status: `dw status` or `dw status --json`",
        highlight=False,
    )
    # A held or refused file waits for an operator: the run says so in its exit code (issue 12).
    waiting = [f for r in rows for f in r["files"] if f["state"] in ("held", "refused")]
    return result.success and not report.failures and not waiting


def _already_listed(warning: str, files: list[str]) -> bool:
    """A file's decision logged as a warning is already in the files' lines: its reason is there."""
    _, sep, reason = warning.partition(" — ")
    return bool(sep) and any(reason in line for line in files)


def _lines(console: Console, title: str, lines: list[str], style: str) -> None:
    """A titled block, one problem to a line; nothing at all when there is none."""
    if not lines:
        return
    console.print(f"[{style}]{title} ({len(lines)}):[/{style}]")
    for line in lines:
        console.print(f"  • {line}", markup=False, highlight=False, soft_wrap=True)
