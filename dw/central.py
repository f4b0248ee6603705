"""`dw query` and `dw publish`: the central tables for decision-analysis systems (Art. 19).

`register` mounts them on the main app; the logic lives in ``central/``.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from config.settings import load_settings
from dw.operator import Account, AsUnit, account, workflow


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class Source(str, Enum):
    published = "published"  # k-suppressed forms, for beyond the bureau
    central = "central"  # exact cell counts and the de-identified person level, the bureau's own


def register(app: typer.Typer) -> None:
    app.command("query")(query)
    app.command("publish")(publish)


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=1)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def query(
    sql: Annotated[str, typer.Argument(help="一条只读 SQL one read-only SQL statement, e.g. \"select * from central.allowance_by_street\"")],
    fmt: Annotated[Format, typer.Option("--format", help="输出格式 output format")] = Format.table,
    grant: Annotated[list[int] | None, typer.Option(
        "--grant", help="集中分析查询授权编号，可重复 live query grant(s) covering the restricted datasets read")] = None,
    purpose: Annotated[str | None, typer.Option("--purpose", help="用途，须与授权一致 purpose, as granted (Art. 20)")] = None,
    as_unit: AsUnit = None,
    actor: Account = None,
) -> None:
    """只读查询中心表 run one read-only query against the published central tables (never waits for a build).

    受限数据须有授权；每次查询均记入审计日志 restricted data needs a grant; every query is audited."""
    from central.query import NotPublished, QueryRefused, run_query
    from sharing.query_access import QueryGuard
    from workflow.units import operator

    with workflow() as wf:
        with wf.store.read() as session:
            who = operator(session, as_unit, account(actor))
        try:
            answer = run_query(wf.settings, sql, QueryGuard(wf, who, grant or [], purpose))
        except (QueryRefused, NotPublished) as exc:
            raise _fail(str(exc)) from None
    if fmt is Format.json:
        rows = [{c: _plain(v) for c, v in zip(answer.columns, row)} for row in answer.rows]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(answer.columns)
        writer.writerows([[_plain(v) for v in row] for row in answer.rows])
    else:
        table = Table(*answer.columns, caption=f"{len(answer.rows)} 行 rows")
        for row in answer.rows:
            table.add_row(*("" if v is None else str(_plain(v)) for v in row))
        Console(width=None if sys.stdout.isatty() else 200).print(table)


def publish(
    to: Annotated[str, typer.Option("--to", help="PostgreSQL 连接 URL, e.g. postgresql://user@host:5432/db")],
    schema: Annotated[str, typer.Option("--schema", help="目标模式 PostgreSQL schema to (re)place")] = "dw_central",
    source: Annotated[Source, typer.Option(
        "--from", help="published: 小单元格已抑制 k-suppressed (default); central: 局内精确表 the bureau's exact tables")] = Source.published,
) -> None:
    """发布到 PostgreSQL copy the central tables into a PostgreSQL schema in one transaction."""
    import psycopg

    from central.pg_publish import publish_to_postgres
    from central.query import NotPublished
    from lakehouse.lock import WriterBusy, writer_lock

    settings = load_settings()
    try:
        with writer_lock("dw publish", home=settings.home):
            done = publish_to_postgres(settings, to, pg_schema=schema, source_schema=source.value)
    except (NotPublished, ValueError, WriterBusy) as exc:
        raise _fail(str(exc)) from None
    except psycopg.Error as exc:
        raise _fail(f"PostgreSQL 发布失败，未做更改 publish failed, nothing changed: {str(exc).splitlines()[0]}") from None
    total = sum(done.tables.values())
    typer.echo(f"已发布 published {len(done.tables)} 张表 tables, {total} 行 rows → schema {done.schema} (build {done.build_id})")
