"""`dw deadline`, `dw calendar`, `dw db`, `dw unit`, `dw audit`, `dw serve`: the workflow
foundation at the command line. `register` mounts them (and `dw ticket`) on the main app."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated

import typer

from config.settings import load_settings
from dw.operator import Account, account, day_option, fail, refusals_as_lines, workflow

calendar_app = typer.Typer(help="工作日历 the statutory working-day calendar.", no_args_is_help=True)
db_app = typer.Typer(help="工作流数据库 the workflow store (SQLite or PostgreSQL).", no_args_is_help=True)
unit_app = typer.Typer(help="单位与凭证 units and their API credentials.", no_args_is_help=True)
token_app = typer.Typer(help="接口令牌 API tokens of units: issue, revoke, list.", no_args_is_help=True)
audit_app = typer.Typer(help="审计日志 the tamper-evident audit log (Art. 20, 31, 33).", no_args_is_help=True)
unit_app.add_typer(token_app, name="token")

WEEKDAY_ZH = "一二三四五六日"


def register(app: typer.Typer) -> None:
    from dw.tickets import ticket_app

    app.command("deadline")(deadline)
    app.command("serve")(serve)
    app.add_typer(calendar_app, name="calendar")
    app.add_typer(db_app, name="db")
    app.add_typer(unit_app, name="unit")
    app.add_typer(audit_app, name="audit")
    app.add_typer(ticket_app, name="ticket")


def _show(day: date) -> str:
    return f"{day.isoformat()}（星期{WEEKDAY_ZH[day.weekday()]} {day.strftime('%a')}）"


def deadline(
    received: Annotated[str, typer.Option("--from", help="收到反馈之日 day of receipt, YYYY-MM-DD")],
    working_days: Annotated[int, typer.Option("--working-days", min=1, max=366, help="工作日数 number of working days")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts")] = False,
) -> None:
    """截止日期 the due date: the Nth working day after the day of receipt (day 0)."""
    from workflow.calendar import WorkingCalendar

    start = day_option(received, "--from")
    with refusals_as_lines():
        calendar = WorkingCalendar.load(load_settings().calendar_dir)
    result = calendar.add_working_days(start, working_days)
    if as_json:
        out = {"received": start.isoformat(), "working_days": working_days, "due": result.due.isoformat(),
               "estimated": result.estimated, "estimated_years": list(result.estimated_years), "warning": result.warning}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return
    typer.echo(f"收到日期 received: {_show(start)}")
    typer.echo(f"截止日期 due ({working_days} 个工作日 working days after): {_show(result.due)}")
    sources = [f"{y}: {calendar.source(y) or '未配置 not described'}" for y in range(start.year, result.due.year + 1)]
    typer.echo(f"日历依据 calendar: {'; '.join(sources)}")
    if result.warning:
        typer.secho(f"注意 warning: {result.warning}", fg="yellow")


@calendar_app.command("check")
def calendar_check() -> None:
    """检查日历 validate the bureau's year files and list which years are described, and by what."""
    from workflow.calendar import WorkingCalendar

    settings = load_settings()
    with refusals_as_lines():
        calendar = WorkingCalendar.load(settings.calendar_dir)
    years = sorted(calendar.schedules)
    own = [y for y in years if not (calendar.source(y) or "").startswith("chinese-calendar")]
    typer.echo(f"已描述年份 described years: {years[0]}-{years[-1]}（日历文件夹 folder: {settings.calendar_dir}）")
    for year in own:
        typer.echo(f"  {year}: {calendar.source(year)}")
    today = settings.today()
    if not calendar.described(today.year + 1):
        typer.secho(
            f"注意 warning: {today.year + 1}年节假日安排尚未配置：跨年截止日期将按估算 "
            f"no schedule for {today.year + 1} yet: deadlines reaching into it are estimates",
            fg="yellow",
        )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """升级数据库 bring the workflow store's schema to the latest migration (also done on first use)."""
    from workflow.store.migrate import current

    with workflow() as wf:
        typer.echo(f"工作流数据库已是最新 workflow store at revision {current(wf.store.engine)}: {wf.store.engine.url.render_as_string(hide_password=True)}")


@unit_app.command("list")
def unit_list() -> None:
    """单位列表 every unit: the bureau, the catalog's providers, the consuming units."""
    from workflow.actors import ROLE_ZH, Role
    from workflow.units import all_units

    with workflow() as wf, wf.store.read() as s:
        for unit in all_units(s):
            state = "" if unit.active else "  （已停用 inactive）"
            typer.echo(f"{unit.code:<16} {ROLE_ZH[Role(unit.role)]} {unit.role:<9} {unit.name} {unit.name_en}{state}")


@token_app.command("issue")
def token_issue(
    unit: Annotated[str, typer.Argument(help="单位代码 unit code, see `dw unit list`")],
    label: Annotated[str, typer.Option("--label", help="持有系统或账号 the system or account that will hold it")],
    expires: Annotated[str | None, typer.Option("--expires", help="有效期至 valid through YYYY-MM-DD (default: until revoked)")] = None,
    actor: Account = None,
) -> None:
    """签发令牌 issue a token for a unit; it is printed once and only its hash is kept."""
    from workflow import credentials
    from workflow.units import operator

    expires_on = day_option(expires, "--expires") if expires else None
    with workflow() as wf, wf.store.write() as s:
        issued = credentials.issue(s, wf.audit, operator(s, None, account(actor)), unit, label, expires_on)
    typer.echo(f"已签发 issued credential {issued.credential.id} for {unit} ({issued.credential.label})")
    typer.echo("令牌只显示这一次，请妥善交付 the token is shown this once; hand it over securely:", err=True)
    typer.echo(issued.token)


@token_app.command("revoke")
def token_revoke(credential_id: Annotated[int, typer.Argument(help="凭证编号 credential id")], actor: Account = None) -> None:
    """吊销令牌 revoke a credential; its token and browser logins stop working at once."""
    from workflow import credentials
    from workflow.units import operator

    with workflow() as wf, wf.store.write() as s:
        credential = credentials.revoke(s, wf.audit, operator(s, None, account(actor)), credential_id)
    typer.echo(f"已吊销 revoked credential {credential.id} of {credential.unit_code} ({credential.label})")


@token_app.command("list")
def token_list(unit: Annotated[str | None, typer.Option("--unit", help="只列该单位 only this unit")] = None) -> None:
    """令牌列表 credentials with their state (the tokens themselves are not kept)."""
    from workflow import credentials

    with workflow() as wf, wf.store.read() as s:
        for c in credentials.list_credentials(s, unit):
            if c.revoked_at:
                state = f"已吊销 revoked {c.revoked_at:%Y-%m-%d}"
            elif c.expires_on and c.expires_on < wf.today():
                state = f"已过期 expired {c.expires_on}"
            else:
                state = "有效 valid" + (f" through {c.expires_on}" if c.expires_on else "")
            typer.echo(f"{c.id:>4}  {c.unit_code:<16} {c.token_prefix}…  {c.label}  签发 issued {c.issued_at:%Y-%m-%d} by {c.issued_by}  {state}")


@audit_app.command("verify")
def audit_verify(
    anchor: Annotated[str | None, typer.Option("--anchor", help="记下的锚点 SEQ:MAC printed earlier by `dw audit head`")] = None,
) -> None:
    """校验审计日志 check the whole chain; names the first entry modified, deleted, inserted or moved."""
    parsed = None
    if anchor:
        seq, _, mac = anchor.partition(":")
        if not seq.isdigit() or len(mac) != 64:
            raise fail(f"--anchor {anchor!r}: 须为 SEQ:MAC expected SEQ:MAC as printed by `dw audit head`")
        parsed = (int(seq), mac)
    with workflow() as wf, wf.store.snapshot() as s:
        verdict = wf.audit.verify(s, parsed)
    typer.echo(verdict.line(), err=not verdict.ok)
    raise typer.Exit(code=0 if verdict.ok else 1)


@audit_app.command("head")
def audit_head() -> None:
    """审计日志锚点 print SEQ:MAC of the last entry; write it down elsewhere to detect a rollback later."""
    with workflow() as wf, wf.store.read() as s:
        seq, mac = wf.audit.head(s)
    typer.echo(f"{seq}:{mac}")


def serve(
    host: Annotated[str, typer.Option(help="监听地址 address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口 port")] = 8080,
) -> None:
    """启动服务 the HTTP service: problem-data API, the officers' form, the API documentation (/docs)."""
    import uvicorn

    from service.app import create_app

    with refusals_as_lines():
        app = create_app()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
