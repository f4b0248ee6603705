"""`dw loop …`: closing the problem-data loop (Art. 27) by hand, the same pass the Dagster
asset makes: file tickets for new quality findings, judge fixed tickets whose data was
collected again; and the per-provider tally the quality report shows."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from dw.operator import workflow

loop_app = typer.Typer(help="问题数据闭环 closing the problem-data loop (Art. 27): findings -> tickets -> fix -> verify.",
                       no_args_is_help=True)


@loop_app.command("run")
def run(as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts")] = False) -> None:
    """立单并核验 file tickets for new findings; verify or reopen fixed tickets collected again."""
    from workflow.loop.cycle import close_the_loop, quality_recheck

    with workflow() as wf:
        done = close_the_loop(wf, quality_recheck(wf.settings))
    out = {"opened": done.filed.opened, "already_ticketed": done.filed.already, "rows_renewed_on": done.filed.renewed,
           "refused": done.filed.refused, "verified": done.ids("verified"), "reopened": done.ids("reopened"),
           "awaiting_recollection": done.ids("pending"), "can_verify": done.can_verify}
    if as_json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return
    typer.echo(f"新立工单 opened: {len(done.filed.opened)} {done.filed.opened} · 已有工单 already ticketed: {done.filed.already}")
    typer.echo(f"核验通过 verified: {out['verified']} · 重开 reopened: {out['reopened']} · "
               f"待重新采集 awaiting re-collection: {out['awaiting_recollection']}")
    if not done.can_verify:
        typer.secho("注意 warning: 未安装质量规则复核 expectations.recheck is not available: nothing was verified", fg="yellow")
    for line in done.filed.refused:
        typer.secho(f"未能立单 not filed: {line}", fg="yellow")


@loop_app.command("tally")
def tally(as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts")] = False) -> None:
    """各提供单位工单 open / overdue / awaiting verification / closed / reopened tickets per provider."""
    from workflow.loop.tally import tickets_per_provider

    with workflow() as wf, wf.store.read() as s:
        rows = [p.as_dict() for p in tickets_per_provider(s, wf.today())]
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:
        typer.echo("没有工单 no tickets")
    typer.echo(f"{'provider':<10} {'未办结 open':>12} {'逾期 overdue':>13} {'待核验 awaiting':>16} {'已关闭 closed':>14} {'重开 reopened':>14}")
    for r in rows:
        typer.echo(f"{r['provider']:<10} {r['open']:>12} {r['overdue']:>13} {r['awaiting_verification']:>16} "
                   f"{r['closed']:>14} {r['reopened']:>14}  {r['provider_zh']}")
