"""`dw`: the one command line for data engineers and quality officers (中文 beside English).

Heavy modules are imported inside the commands so that `dw --help` answers at once.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from config.errors import debug_enabled
from config.settings import load_settings
from dw.central import register as register_central
from dw.exchange import exchange_app
from dw.files import NoWait, file_app, table_restore
from dw.loop import loop_app
from dw.oneline import OneLineTyper
from dw.quality import quality_app
from dw.share import share_app
from dw.workflow import register as register_workflow
from masking.cli import pii_app

# Uncaught errors end as one line, no traceback unless --debug (dw/oneline.py).
app = OneLineTyper(help="海曙区数据仓 Haishu district data warehouse.", no_args_is_help=True, add_completion=False)
catalog_app = typer.Typer(help="公共数据资源目录 the resource catalog (Art. 10-12).", no_args_is_help=True)
report_app = typer.Typer(help="报告 reports for the bureau and officers.", no_args_is_help=True)
table_app = typer.Typer(help="数据表 lakehouse tables: history and restore (Art. 14).", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(report_app, name="report")
app.add_typer(table_app, name="table")
app.add_typer(pii_app, name="pii")
app.add_typer(file_app, name="file")  # release / reject held, refused, rolled-back files (issue 12)
app.add_typer(quality_app, name="quality")
register_workflow(app)  # deadline, calendar, db, unit, audit, ticket, serve
register_central(app)  # query, publish
app.add_typer(share_app, name="share")  # sharing applications and grants (issue 10)
app.add_typer(exchange_app, name="exchange")  # exchange packages and tracing (issue 10)
app.add_typer(loop_app, name="loop")  # problem-data loop: findings -> tickets -> verify
# Piped output (make run, CI logs) would otherwise be squeezed into 80 columns.
console = Console(width=None if sys.stdout.isatty() else 180)


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示完整回溯 show full tracebacks on errors (also DW_DEBUG=1)")] = False,
) -> None:
    """海曙区数据仓 Haishu district data warehouse."""
    if debug:
        import os

        os.environ["DW_DEBUG"] = "1"


CatalogDir = Annotated[
    Path | None, typer.Argument(help="目录文件夹 folder of provider YAML files (default: DW_CATALOG or the shipped catalog)")
]


def _catalog(directory: Path | None = None):
    from catalog.validate import CatalogInvalid, load_catalog

    try:
        return load_catalog(directory or load_settings().catalog_dir)
    except CatalogInvalid as exc:
        console.print(str(exc), style="red", markup=False, highlight=False)
        raise typer.Exit(code=1) from exc


@catalog_app.command("validate")
def catalog_validate(directory: CatalogDir = None) -> None:
    """校验目录 validate every provider file; names file and entry for each refusal."""
    catalog = _catalog(directory)
    console.print(
        f"[green]目录校验通过 catalog valid[/green]: {len(catalog.providers)} 个提供单位 providers, "
        f"{len(catalog.entries)} 个数据集 datasets, "
        f"{sum(len(e.dataset.fields) for e in catalog.entries)} 个数据项 data items."
    )


@catalog_app.command("show")
def catalog_show(directory: CatalogDir = None) -> None:
    """显示目录 show the catalog as a table, Chinese names first."""
    from catalog.show import catalog_table

    console.print(catalog_table(_catalog(directory)))


@app.command("demo-data")
def demo_data(
    scale: Annotated[int, typer.Option(help="居民人数 number of residents")] = 100_000,
    seed: Annotated[int, typer.Option(help="随机种子 seed; same seed, same files")] = 42,
    out: Annotated[Path | None, typer.Option(help="输出目录 output folder (default: the landing folder)")] = None,
) -> None:
    """生成演示区数据 generate the demo district's provider files."""
    from demo.cli import demo_data as generate

    generate(scale=scale, seed=seed, out=out or load_settings().landing_dir)


@app.command("run")
def run(no_wait: NoWait = False) -> None:
    """运行主作业 materialise every asset in-process, then print a summary."""
    from dw.files import writing

    settings = load_settings()
    _catalog(settings.catalog_dir)  # an invalid catalog: one line per problem, nothing run (checked before
    with writing("dw run", no_wait):  # orchestration.definitions loads it on import); the lock is taken
        from orchestration.run import run_main_job  # before Dagster is imported, so --no-wait answers at once

        ok = run_main_job(settings, console, debug=debug_enabled())
    raise typer.Exit(code=0 if ok else 1)


@app.command("dev")
def dev(port: Annotated[int, typer.Option(help="网页端口 web UI port")] = 3000) -> None:
    """资产图界面 start `dagster dev` on the same instance as `dw run` (http://127.0.0.1:PORT)."""
    import os

    _catalog()  # the code location loads it too, and would die on a traceback
    from lakehouse.lock import writer_lock
    from orchestration.run import dagster_instance

    settings = load_settings()
    with writer_lock("dw dev: initialise Dagster storage"):  # never raced by a concurrent `dw run`
        dagster_instance(settings).dispose()  # creates the instance folder and its offline config
    env = {**os.environ, "DAGSTER_HOME": str(settings.dagster_home), "DW_HOME": str(settings.home)}
    exe = str(Path(sys.executable).with_name("dagster"))  # the one installed beside this interpreter
    os.execvpe(exe, [exe, "dev", "-m", "orchestration.definitions", "-h", "127.0.0.1", "-p", str(port)], env)


@app.command("status")
def status(as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts")] = False) -> None:
    """数据集状态 latest batch, row counts, quarantined rows and table version per dataset."""
    from ingest.landing import scan_landing
    from ingest.status import attention_lines, dataset_status, status_table

    catalog, settings = _catalog(), load_settings()
    rows = dataset_status(catalog, settings.lake_dir)
    skipped = scan_landing(catalog, settings.landing_dir).issues
    if as_json:
        document = {"datasets": rows, "skipped_in_landing": [asdict(issue) for issue in skipped]}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(status_table(rows))
        for line in attention_lines(rows):  # held, refused, rolled-back and repeated files (issue 12)
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        for issue in skipped:  # one line each
            console.print(f"  • {issue.line()}", markup=False, highlight=False, soft_wrap=True)


@report_app.command("duplicates")
def report_duplicates() -> None:
    """重复采集报告 items collected by a unit that is not their authoritative source (Art. 12)."""
    from ingest.duplicate_report import all_findings, render_markdown

    findings = all_findings(_catalog(), load_settings().lake_dir)
    console.print(render_markdown(findings), markup=False, highlight=False)


@table_app.command("history")
def table_history(name: Annotated[str, typer.Argument(help="zone/name, e.g. clean/household_registration")]) -> None:
    """表历史 every version of a table with its batch."""
    from lakehouse import tables

    zone, _, table = name.partition("/")
    for commit in tables.history(tables.table_path(load_settings().lake_dir, zone, table)):
        console.print(
            f"v{commit['version']}  {commit.get('operation')}  batch={commit.get('batch_id', '-')}  "
            f"source={commit.get('source_file', '-')}",
            highlight=False,
        )


table_app.command("restore")(table_restore)  # dataset-wide, recorded in the ledger: dw/files.py
