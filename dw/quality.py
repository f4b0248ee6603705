"""`dw quality`: the rule registry, the findings, the officers' report and GX validation (Art. 26, 29)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from config.settings import load_settings

quality_app = typer.Typer(help="数据质量 quality rules, findings and the officers' report (Art. 26, 29).", no_args_is_help=True)
console = Console(width=None if sys.stdout.isatty() else 180)


def _catalog():  # type: ignore[no-untyped-def]
    from catalog.validate import CatalogInvalid, load_catalog

    try:
        return load_catalog(load_settings().catalog_dir)
    except CatalogInvalid as exc:
        console.print(str(exc), style="red", markup=False, highlight=False)
        raise typer.Exit(code=1) from exc


@quality_app.command("report")
def report() -> None:
    """质量报告 write the self-contained HTML report for quality officers and print its path."""
    from expectations.report.build import build_report
    from workflow.loop.tally import report_tally

    settings = load_settings()
    path = build_report(_catalog(), settings, report_tally(settings))
    console.print(f"质量报告 quality report: {path}", highlight=False)


@quality_app.command("rules")
def rules(dataset: Annotated[str | None, typer.Option(help="只看一个数据集 one dataset only")] = None) -> None:
    """规则清单 every rule of the registry: id, name, article, severity, stages."""
    from expectations.registry import catalog_rules

    table = Table("规则 rule", "名称 name", "条款 article", "严重程度 severity", "阶段 stages")
    for r in catalog_rules(_catalog(), load_settings().today()):
        if dataset is None or r.dataset == dataset:
            table.add_row(r.id, r.title, r.article, r.severity.value, ",".join(sorted(s.value for s in r.stages)))
    console.print(table)


@quality_app.command("findings")
def findings(dataset: Annotated[str | None, typer.Option(help="只看一个数据集 one dataset only")] = None) -> None:
    """问题发现 the findings table (rule × dataset × batch); samples are masked."""
    from expectations.findings import read_findings

    frame = read_findings(load_settings().lake_dir, dataset=dataset)
    table = Table("规则 rule", "严重程度 severity", "责任单位 provider", "批次 batch", "阶段 stage", "未通过 failing", "检查 checked")
    for f in frame.iter_rows(named=True):
        table.add_row(f["rule_id"], f["severity"], f["provider"], f["batch_id"], f["stage"], str(f["failing_rows"]), str(f["checked_rows"]))
    console.print(table)


@quality_app.command("gx")
def gx_validate(dataset: Annotated[str, typer.Argument(help="数据集 dataset id")]) -> None:
    """用 Great Expectations 核验 validate a clean table with its GX suite; compare with the polars counts."""
    from expectations.gx_suite import validate
    from expectations.verify import clean_table, verify_dataset

    settings = load_settings()
    catalog = _catalog()
    verification = verify_dataset(catalog, dataset, settings.lake_dir, settings.today())
    if verification is None:
        console.print(f"[red]无清洗表 no clean table for {dataset}[/red]; 先运行 run `dw run` first")
        raise typer.Exit(code=1)
    others = {o: t for r in verification.rules for o in r.check.needs() if (t := clean_table(settings.lake_dir, o)) is not None}
    counts = verification.counts()
    table = Table("规则 rule", "GX 期望 expectation", "GX 未通过 unexpected", "polars 未通过 failing", "一致 agree")
    agree = True
    for o in validate(dataset, verification.rules, verification.frame, others):
        same = o.unexpected_count == counts[o.rule_id]
        agree &= same
        table.add_row(o.rule_id, o.expectation, str(o.unexpected_count), str(counts[o.rule_id]), "是 yes" if same else "否 NO")
    console.print(table)
    raise typer.Exit(code=0 if agree else 1)
