"""`dw exchange …`: exchange packages (交换共享, Art. 19-20) and tracing a leaked copy.

    dw exchange export --grant 3 --out /srv/exchange
    dw exchange trace leaked.csv
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dw.operator import Account, account, fail, workflow

exchange_app = typer.Typer(help="交换共享 exchange packages marked for their recipient, and tracing (Art. 19-20).", no_args_is_help=True)


@exchange_app.command("export")
def export(
    grant: Annotated[int, typer.Option("--grant", help="授权编号 a live exchange grant (after review)")],
    out: Annotated[Path | None, typer.Option("--out", help="输出目录 folder for the package (default: $DW_HOME/exchange)")] = None,
    actor: Account = None,
) -> None:
    """导出数据包 Parquet + CSV + manifest (rows, SHA-256, grant, purpose), marked for the grant's unit."""
    from sharing.exchange import export as write_package
    from sharing.source import ReleaseReader
    from workflow.units import operator

    with workflow() as wf:
        with wf.store.read() as s:
            who = operator(s, None, account(actor))
        target = out or wf.settings.home / "exchange"
        package = write_package(wf, ReleaseReader(wf.settings), who, grant, target)
    typer.echo(f"已导出 exported {package.rows} 行 rows for grant {grant} ({package.manifest['unit']}): {package.path}")
    for name, info in package.manifest["files"].items():
        typer.echo(f"  {name}  {info['rows']} rows  sha256 {info['sha256']}")


@exchange_app.command("trace")
def trace(file: Annotated[Path, typer.Argument(help="文件 a CSV or Parquet file found outside its recipient")], actor: Account = None) -> None:
    """追溯来源 name the grant a (re-saved, re-ordered, trimmed) copy of a package came from."""
    from sharing.exchange import trace as find
    from workflow.units import operator

    if not file.is_file():
        raise fail(f"{file}: 文件不存在 no such file")
    with workflow() as wf:
        with wf.store.read() as s:
            who = operator(s, None, account(actor))
        result = find(wf, who, file)
    best = result.best
    if result.found is None or best is None:
        shown = f"{best.agreement:.0%} at best over {best.positions} marked positions" if best else "no marked text in the file"
        typer.echo(f"无法判定来源 cannot tell which grant this came from ({shown}; {result.candidates} exported grants compared)", err=True)
        raise typer.Exit(code=1)
    g = result.found
    typer.echo(f"来源授权 grant {g.id}: 单位 unit {g.unit} · 数据集 dataset {g.dataset} · 用途 purpose: {g.purpose}")
    other = f"; next best grant {result.runner_up.candidate} agrees {result.runner_up.agreement:.0%}" if result.runner_up else ""
    typer.echo(f"  依据 evidence: {best.agreeing}/{best.positions} marked positions agree ({best.agreement:.1%}); "
               f"chance an unrelated key agrees as well < {best.false_match:.1e}{other}")
