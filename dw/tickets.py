"""`dw ticket …`: problem-data tickets (问题数据, Art. 27-28) for data staff at the command line.

Every command acts as the bureau's local operator, or for another unit with ``--as-unit``
(see ``dw/operator.py``); the same rules apply as on the API and the form.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from dw.operator import Account, AsUnit, account, act_as_operator, day_option, fail, workflow

ticket_app = typer.Typer(help="问题数据工单 problem-data tickets (Art. 27-28).", no_args_is_help=True)

TicketId = Annotated[int, typer.Argument(help="工单编号 ticket id")]
Version = Annotated[int | None, typer.Option("--version", help="所见版本 the version you decided on; refused if the ticket moved on")]


def _act(as_unit: str | None, actor: str | None, change: Callable) -> dict[str, Any]:  # type: ignore[type-arg]
    """Run one transition as the operator (for ``as_unit``) in one transaction; returns the view."""
    from workflow.tickets.view import ticket_view

    return act_as_operator(as_unit, actor, change, ticket_view)


def _print_ticket(view: dict[str, Any], headline: str) -> None:
    typer.echo(f"{headline} #{view['id']}（第{view['version']}版 version {view['version']}）")
    typer.echo(f"  状态 state: {view['state_zh']} {view['state']}" + (f" · {view['outcome_zh']} {view['outcome']}" if view["outcome"] else ""))
    typer.echo(f"  数据集 dataset: {view['dataset_zh']} {view['dataset']} · 责任单位 provider: {view['provider_zh']} ({view['provider']})")
    typer.echo(f"  类型 kind: {view['kind_zh']} {view['kind']} · 紧急程度 urgency: {view['urgency_zh']} {view['urgency']} · "
               f"反馈单位 reporter: {view['reporter']}")
    typer.echo(f"  收到 received: {view['received_on']} · 截止 due: {view['due_on']}"
               + (f"（{view['due_working_days']}个工作日 working days）" if view["due_working_days"] else "（经批准延期 extended）"))
    if view["fields"]:
        typer.echo(f"  数据项 fields: {', '.join(view['fields'])}")
    if view["row_count"]:
        shown = ", ".join(view.get("rows", [])[:5]) + (" …" if view["row_count"] > 5 else "")
        typer.echo(f"  行键 rows ({view['row_count']}): {shown}")
    if view["description"]:
        typer.echo(f"  说明 description: {view['description']}")
    if view["resolution_note"]:
        typer.echo(f"  处理说明 note: {view['resolution_note']}")
    if view.get("verification_note"):
        typer.echo(f"  核验 verification: {view['verification_note']}")
    for warning in view["warnings"]:
        typer.secho(f"  注意 warning: {warning}", fg="yellow")


@ticket_app.command("report")
def report(
    dataset: Annotated[str, typer.Option("--dataset", help="数据集 dataset id from the catalog")],
    kind: Annotated[str, typer.Option("--kind", help="问题类型 error (错误) | omission (遗漏) | infringement (侵权)")],
    row: Annotated[list[str] | None, typer.Option("--row", help="行键 lineage key batch_id:row; repeat for more")] = None,
    rows_file: Annotated[Path | None, typer.Option("--rows-file", help="行键文件 a file of lineage keys, one per line")] = None,
    field: Annotated[list[str] | None, typer.Option("--field", help="数据项 catalog field name; repeat for more")] = None,
    description: Annotated[str, typer.Option("--description", help="问题说明 what is wrong (no personal values)")] = "",
    urgent: Annotated[bool, typer.Option("--urgent", help="业务紧急 urgent: the bureau's shorter limit applies")] = False,
    as_unit: AsUnit = None,
    actor: Account = None,
) -> None:
    """上报问题数据 report problem data; the dataset's provider must handle it within 5 working days."""
    from workflow.tickets.draft import Draft
    from workflow.tickets.transitions import report as file_report

    rows = list(row or [])
    if rows_file:
        try:
            rows += rows_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"--rows-file {rows_file}: 无法读取 cannot read it as UTF-8 text ({type(exc).__name__})") from None
    draft = Draft(dataset=dataset, kind=kind, description=description, rows=rows, fields=list(field or []),
                  urgency="urgent" if urgent else "normal")
    view = _act(as_unit, actor, lambda s, wf, who: file_report(s, wf, who, draft))
    _print_ticket(view, "已上报工单 reported ticket")


@ticket_app.command("list")
def list_(
    state: Annotated[str | None, typer.Option("--state", help="状态 reported | accepted | resolved | verified | reopened")] = None,
    provider: Annotated[str | None, typer.Option("--provider", help="责任单位 provider unit code")] = None,
    dataset: Annotated[str | None, typer.Option("--dataset", help="数据集 dataset id")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts")] = False,
    as_unit: AsUnit = None,
) -> None:
    """工单列表 tickets visible to the unit (the bureau: all), newest first."""
    from workflow.tickets.queries import list_tickets
    from workflow.tickets.view import ticket_view
    from workflow.units import operator

    with workflow() as wf:
        _refresh(wf)
        with wf.store.read() as s:
            views = [ticket_view(wf, t, with_rows=False) for t in list_tickets(s, operator(s, as_unit, account(None)),
                                                                               state=state, provider=provider, dataset=dataset)]
    if as_json:
        sys.stdout.write(json.dumps(views, ensure_ascii=False, indent=2) + "\n")
        return
    if not views:
        typer.echo("没有工单 no tickets")
    for v in views:
        late = f"  逾期{v['overdue_days']}天 overdue {v['overdue_days']}d" if v["overdue_days"] else ""
        guess = "（估算 estimated）" if v["due_estimated"] else ""
        typer.echo(f"#{v['id']:<5} {v['state_zh']} {v['state']:<9} {v['urgency_zh']} {v['kind_zh']:<4} {v['dataset']:<28} "
                   f"责任 {v['provider']:<8} 反馈 {v['reporter']:<14} 截止 due {v['due_on']}{guess}{late}")


@ticket_app.command("show")
def show(ticket_id: TicketId, as_json: Annotated[bool, typer.Option("--json")] = False, as_unit: AsUnit = None) -> None:
    """工单详情 one ticket with its full history from the audit log."""
    from workflow.tickets.queries import get_ticket, history
    from workflow.tickets.view import history_view, ticket_view
    from workflow.units import operator

    with workflow() as wf, wf.store.read() as s:
        ticket = get_ticket(s, operator(s, as_unit, account(None)), ticket_id)
        view = ticket_view(wf, ticket) | {"history": history_view(history(s, ticket))}
    if as_json:
        sys.stdout.write(json.dumps(view, ensure_ascii=False, indent=2) + "\n")
        return
    _print_ticket(view, "工单 ticket")
    typer.echo("  经过 history:")
    for e in view["history"]:
        typer.echo(f"    {e['at'][:19]}Z  {e['action']:<28} {e['unit']:<14} {e['actor']} ({e['channel']})")


@ticket_app.command("accept")
def accept(ticket_id: TicketId, version: Version = None, as_unit: AsUnit = None, actor: Account = None) -> None:
    """受理 the responsible provider takes the ticket on."""
    from workflow.tickets.transitions import accept as do

    _print_ticket(_act(as_unit, actor, lambda s, wf, who: do(s, wf, who, ticket_id, version)), "已受理 accepted")


@ticket_app.command("extend")
def extend(
    ticket_id: TicketId,
    until: Annotated[str, typer.Option("--until", help="延期至 new due date YYYY-MM-DD (at most 60 natural days from receipt)")],
    reason: Annotated[str, typer.Option("--reason", help="延期理由 why more time is needed")],
    version: Version = None,
    as_unit: AsUnit = None,
    actor: Account = None,
) -> None:
    """申请延期 the provider asks the bureau for more time."""
    from workflow.tickets.transitions import request_extension as do

    day = day_option(until, "--until")
    _print_ticket(_act(as_unit, actor, lambda s, wf, who: do(s, wf, who, ticket_id, day, reason, version)), "已申请延期 extension requested")


@ticket_app.command("approve-extension")
def approve_extension(
    ticket_id: TicketId,
    reject: Annotated[bool, typer.Option("--reject", help="不予批准 refuse the request instead")] = False,
    note: Annotated[str, typer.Option("--note", help="审核意见 the bureau's note")] = "",
    version: Version = None,
    as_unit: AsUnit = None,
    actor: Account = None,
) -> None:
    """审核延期 the bureau approves (or with --reject refuses) a pending extension request."""
    from workflow.tickets.transitions import decide_extension as do

    view = _act(as_unit, actor, lambda s, wf, who: do(s, wf, who, ticket_id, not reject, note, version))
    _print_ticket(view, "已驳回延期 extension refused" if reject else "已批准延期 extension approved")


@ticket_app.command("expedite")
def expedite(
    ticket_id: TicketId,
    working_days: Annotated[int, typer.Option("--working-days", help="紧急时限 limit in working days from receipt (1-4)")],
    version: Version = None,
    as_unit: AsUnit = None,
    actor: Account = None,
) -> None:
    """设为紧急 the bureau marks a ticket urgent with a shorter limit (业务紧急，限时处理)."""
    from workflow.tickets.transitions import expedite as do

    _print_ticket(_act(as_unit, actor, lambda s, wf, who: do(s, wf, who, ticket_id, working_days, version)), "已设为紧急 expedited")


@ticket_app.command("resolve")
def resolve(
    ticket_id: TicketId,
    outcome: Annotated[str, typer.Option("--outcome", help="处理方式 fixed (完成整改) | confirmed_correct (确认无误) | settled (沟通解决)")],
    note: Annotated[str, typer.Option("--note", help="处理说明 what was done (no personal values)")],
    version: Version = None,
    as_unit: AsUnit = None,
    actor: Account = None,
) -> None:
    """办结 the provider closes the ticket with one of the three outcomes of Art. 27."""
    from workflow.tickets.transitions import resolve as do

    _print_ticket(_act(as_unit, actor, lambda s, wf, who: do(s, wf, who, ticket_id, outcome, note, version)), "已办结 resolved")


@ticket_app.command("overdue")
def overdue(as_json: Annotated[bool, typer.Option("--json")] = False, as_unit: AsUnit = None) -> None:
    """逾期工单 open tickets past their due date, per responsible provider, with how long overdue."""
    from workflow.tickets.queries import overdue_by_provider
    from workflow.units import operator

    with workflow() as wf:
        _refresh(wf)
        with wf.store.read() as s:
            grouped = overdue_by_provider(s, operator(s, as_unit, account(None)), wf.today(), wf.calendar)
            names = {code: p.name for code, p in wf.catalog.providers.items()}
            out = {code: [{"id": o.ticket.id, "dataset": o.ticket.dataset, "due_on": o.ticket.due_on.isoformat(),
                           "overdue_days": o.days, "overdue_working_days": o.working_days, "due_estimated": o.ticket.due_estimated}
                          for o in items] for code, items in grouped.items()}
    if as_json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return
    if not out:
        typer.echo(f"没有逾期工单 no overdue tickets ({wf.today()})")
    for code, items in out.items():
        typer.echo(f"{names.get(code, code)} ({code}): {len(items)} 件逾期 overdue")
        for o in items:
            guess = "（截止日期为估算 estimated）" if o["due_estimated"] else ""
            typer.echo(f"  #{o['id']:<5} {o['dataset']:<28} 截止 due {o['due_on']}  逾期 {o['overdue_days']} 天 days"
                       f"（{o['overdue_working_days']} 个工作日 working days）{guess}")


def _refresh(wf: Any) -> None:
    """Deadlines estimated into a year the bureau has since described become official first."""
    from workflow.actors import Actor, Channel, Role
    from workflow.tickets.transitions import refresh_estimated_deadlines
    from workflow.units import SYSTEM_ACCOUNT, bureau_code

    with wf.store.write() as s:
        refresh_estimated_deadlines(s, wf, Actor(bureau_code(s), Role.bureau, SYSTEM_ACCOUNT, Channel.system))


