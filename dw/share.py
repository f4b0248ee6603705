"""`dw share …`: sharing applications (Art. 17-18) and grants (Art. 20) at the command line.

Every command acts as the bureau's local operator, or for a unit with ``--as-unit`` (a provider
that phoned in its answer, an applicant's written application); the same rules apply as on the
API and the officers' page, and the audit entry names the operator and the channel ``cli``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from dw.operator import Account, AsUnit, account, act_as_operator, day_option, workflow

share_app = typer.Typer(help="数据共享申请与授权 sharing applications and grants (Art. 17-20).", no_args_is_help=True)
grant_app = typer.Typer(help="共享授权 grants: list, revoke, lift a suspension.", no_args_is_help=True)
share_app.add_typer(grant_app, name="grant")

AppId = Annotated[int, typer.Argument(help="申请编号 application id")]
Version = Annotated[int | None, typer.Option("--version", help="所见版本 the version you decided on; refused if it moved on")]
AsJson = Annotated[bool, typer.Option("--json", help="JSON for scripts")]


def _act(as_unit: str | None, actor: str | None, change: Callable) -> dict[str, Any]:  # type: ignore[type-arg]
    from sharing.view import application_view

    return act_as_operator(as_unit, actor, change, application_view)


def _print(view: dict[str, Any], headline: str) -> None:
    typer.echo(f"{headline} #{view['id']}（第{view['version']}版 version {view['version']}）")
    typer.echo(f"  状态 state: {view['state_zh']} {view['state']}")
    typer.echo(f"  申请单位 unit: {view['unit']} · 数据集 dataset: {view['dataset_zh']} {view['dataset']} · 提供单位 provider: {view['provider']}")
    typer.echo(f"  共享属性 class: {view['share_class_zh']} · 发布副本 release: {view['release_zh']} {view['release_class']} · "
               f"方式 mode: {view['share_mode_zh']} {view['share_mode']}/{view['access']}")
    typer.echo(f"  数据项 items: {', '.join(view['items'])}")
    typer.echo(f"  用途 purpose: {view['purpose']}")
    if view["consent_due_on"]:
        late = f"  逾期 overdue {view['overdue_days']} 天 days" if view["overdue_days"] else ""
        typer.echo(f"  征求意见 consent requested {view['consent_requested_on']} · 答复期限 due {view['consent_due_on']}（5个工作日 working days）{late}")
    if view["refusal_basis"]:
        typer.echo(f"  不同意依据 basis ({view['refusal_basis_kind_zh']} {view['refusal_basis_kind']}): {view['refusal_basis']}")
    if view["ruling"]:
        typer.echo(f"  评判 ruling: {view['ruling_zh']} {view['ruling']}（{view['ruled_on']}）: {view['ruling_note']}")
    if view["escalation_owner"]:
        typer.echo(f"  问题清单 problem list: 责任人 owner {view['escalation_owner']} · 列入 escalated {view['escalated_on']} · "
                   f"期限 due {view['escalation_due_on']}" + (f" · 办结 closed {view['escalation_closed_on']}" if view["escalation_closed_on"] else ""))


@share_app.command("apply")
def apply(
    dataset: Annotated[str, typer.Option("--dataset", help="数据集 dataset id from the catalog")],
    purpose: Annotated[str, typer.Option("--purpose", help="用途 the duty the data serves (Art. 20)")],
    mode: Annotated[str, typer.Option("--mode", help="提供方式 interface | exchange | central")] = "interface",
    access: Annotated[str | None, typer.Option("--access", help="获取方式 lookup | paging (interface)")] = None,
    item: Annotated[list[str] | None, typer.Option("--item", help="数据项 field name; repeat; default all")] = None,
    release: Annotated[str | None, typer.Option("--release", help="发布副本 clean | restricted | not_shared (default: as the class allows)")] = None,
    process: Annotated[str, typer.Option("--process", help="业务流程 business process (restricted, not shared)")] = "",
    scenario: Annotated[str, typer.Option("--scenario", help="应用场景 scenario (restricted, not shared)")] = "",
    until: Annotated[str | None, typer.Option("--until", help="使用期限 last day, YYYY-MM-DD (default: the catalog's share period)")] = None,
    as_unit: AsUnit = None,
    actor: Account = None,
) -> None:
    """申请共享 apply for a dataset; unconditional data (not exchange) is granted at once."""
    from sharing.applications import apply as file_application
    from sharing.draft import ApplicationDraft

    draft = ApplicationDraft(dataset=dataset, purpose=purpose, share_mode=mode, access=access, items=list(item or []), release=release,
                             business_process=process, scenario=scenario, until=day_option(until, "--until") if until is not None else None)
    _print(_act(as_unit, actor, lambda s, wf, who: file_application(s, wf, who, draft)), "已提交申请 applied")


@share_app.command("review")
def review(
    application_id: AppId,
    reject: Annotated[bool, typer.Option("--reject", help="审核不通过 reject (give --note)")] = False,
    note: Annotated[str, typer.Option("--note", help="审核意见 note")] = "",
    version: Version = None,
    actor: Account = None,
) -> None:
    """审核申请 the bureau reviews; restricted data then goes to the provider (5 working days)."""
    from sharing.applications import review as do_review

    _print(_act(None, actor, lambda s, wf, who: do_review(s, wf, who, application_id, not reject, note, version)), "已审核 reviewed")


@share_app.command("consent")
def consent(application_id: AppId, as_unit: AsUnit = None, version: Version = None, actor: Account = None) -> None:
    """同意共享 the provider consents; a grant is made."""
    from sharing.applications import consent as do_consent

    _print(_act(as_unit, actor, lambda s, wf, who: do_consent(s, wf, who, application_id, version)), "已同意 consented")


@share_app.command("refuse")
def refuse(
    application_id: AppId,
    basis_kind: Annotated[str | None, typer.Option("--basis-kind", help="依据类别 law | regulation | rule")] = None,
    basis: Annotated[str | None, typer.Option("--basis", help="法律依据 the instrument by title in 《》, and article")] = None,
    reason: Annotated[str, typer.Option("--reason", help="不同意理由 reason")] = "",
    as_unit: AsUnit = None,
    version: Version = None,
    actor: Account = None,
) -> None:
    """不同意共享 the provider refuses, citing a law, regulation or rule (or nothing is recorded)."""
    from sharing.applications import refuse as do_refuse

    _print(_act(as_unit, actor, lambda s, wf, who: do_refuse(s, wf, who, application_id, basis_kind, basis, reason, version)),
           "已记录不同意 refused")


@share_app.command("dispute")
def dispute(
    application_id: AppId,
    reason: Annotated[str, typer.Option("--reason", help="争议理由 why the refusal is contested")],
    as_unit: AsUnit = None,
    version: Version = None,
    actor: Account = None,
) -> None:
    """提出争议 the applicant contests a refusal; the bureau rules on it (评判, Art. 18)."""
    from sharing.applications import dispute as do_dispute

    _print(_act(as_unit, actor, lambda s, wf, who: do_dispute(s, wf, who, application_id, reason, version)), "已提出争议 disputed")


@share_app.command("rule")
def rule(
    application_id: AppId,
    ruling: Annotated[str, typer.Option("--ruling", help="评判结果 share | uphold | escalate")],
    note: Annotated[str, typer.Option("--note", help="评判意见 the ruling's reasons")],
    owner: Annotated[str, typer.Option("--owner", help="问题清单责任人 owner (escalate)")] = "",
    due: Annotated[str | None, typer.Option("--due", help="办理期限 due date of a problem-list item, YYYY-MM-DD")] = None,
    version: Version = None,
    actor: Account = None,
) -> None:
    """评判争议 the bureau rules: share, uphold the refusal, or escalate to the leading group's office."""
    from sharing.applications import rule as do_rule

    day = day_option(due, "--due") if due is not None else None
    _print(_act(None, actor, lambda s, wf, who: do_rule(s, wf, who, application_id, ruling, note, owner, day, version)), "已评判 ruled")


@share_app.command("settle")
def settle(
    application_id: AppId,
    share: Annotated[bool, typer.Option("--share/--uphold", help="协调结果 share, or keep the refusal")],
    note: Annotated[str, typer.Option("--note", help="协调结果说明 what the office decided")],
    version: Version = None,
    actor: Account = None,
) -> None:
    """办结问题清单事项 record what the leading group's office decided."""
    from sharing.applications import settle as do_settle

    _print(_act(None, actor, lambda s, wf, who: do_settle(s, wf, who, application_id, share, note, version)), "已办结 settled")


@share_app.command("list")
def list_(
    state: Annotated[str | None, typer.Option("--state", help="只列该状态 only this state")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="逾期未答复 overdue answers, per provider")] = False,
    problems: Annotated[bool, typer.Option("--problems", help="问题清单 the problem list (Art. 18)")] = False,
    as_unit: AsUnit = None,
    as_json: AsJson = False,
) -> None:
    """申请列表 applications; --overdue per provider; --problems the escalated list."""
    from sharing import applications as apps
    from sharing.view import application_view
    from workflow.units import operator

    with workflow() as wf, wf.store.read() as s:
        who = operator(s, as_unit, account(None))
        if overdue:
            grouped = apps.overdue_by_provider(s, who, wf.today())
            found = [a for items in grouped.values() for a in items]
        elif problems:
            found = apps.problem_list(s, who)
        else:
            found = apps.list_applications(s, who, state=state)
        views = [application_view(wf, a) for a in found]
    if as_json:
        sys.stdout.write(json.dumps(views, ensure_ascii=False, default=str, indent=1) + "\n")
        return
    if not views:
        typer.echo("无 none")
    for v in views:
        extra = ""
        if overdue:
            extra = f"  答复期限 due {v['consent_due_on']} · 逾期 overdue {v['overdue_days']} 天 days"
        elif problems:
            extra = f"  责任人 owner {v['escalation_owner']} · 列入 {v['escalated_on']} · 期限 due {v['escalation_due_on']}"
        typer.echo(f"#{v['id']:<4} {v['state_zh']}({v['state']}) {v['provider']:<8} {v['dataset']:<28} 申请单位 {v['unit']}{extra}")


@share_app.command("show")
def show(application_id: AppId, as_unit: AsUnit = None) -> None:
    """申请详情 one application."""
    from sharing.applications import get_application
    from sharing.view import application_view
    from workflow.units import operator

    with workflow() as wf, wf.store.read() as s:
        view = application_view(wf, get_application(s, operator(s, as_unit, account(None)), application_id))
    _print(view, "申请 application")


@grant_app.command("list")
def grant_list(unit: Annotated[str | None, typer.Option("--unit", help="只列该单位 only this unit")] = None, as_json: AsJson = False) -> None:
    """授权列表 grants with their state (live, expired, revoked, suspended)."""
    from sharing.grants import list_grants
    from sharing.view import grant_view
    from workflow.units import operator

    with workflow() as wf, wf.store.read() as s:
        views = [grant_view(g, wf.today()) for g in list_grants(s, operator(s, None, account(None)), unit)]
    if as_json:
        sys.stdout.write(json.dumps(views, ensure_ascii=False, default=str, indent=1) + "\n")
        return
    for v in views:
        typer.echo(f"#{v['id']:<4} {v['state_zh']}({v['state']}) {v['unit']:<16} {v['dataset']:<28} {v['release_class']:<10} "
                   f"{v['share_mode']}/{v['access']} 至 until {v['expires_on'] or '长期'} · 用途 purpose: {v['purpose']}")


@grant_app.command("revoke")
def grant_revoke(grant_id: Annotated[int, typer.Argument(help="授权编号 grant id")],
                 reason: Annotated[str, typer.Option("--reason", help="撤销理由 reason")], actor: Account = None) -> None:
    """撤销授权 the bureau revokes a grant; nothing is served under it from now on."""
    from sharing.grants import revoke

    with workflow() as wf, wf.store.write() as s:
        from workflow.units import operator

        grant = revoke(s, wf, operator(s, None, account(actor)), grant_id, reason)
    typer.echo(f"已撤销授权 revoked grant {grant.id} of {grant.unit} ({grant.dataset})")


@grant_app.command("unflag")
def grant_unflag(grant_id: Annotated[int, typer.Argument(help="授权编号 grant id")],
                 note: Annotated[str, typer.Option("--note", help="核查结论 what the review found")], actor: Account = None) -> None:
    """恢复授权 lift a bulk-extraction suspension after review."""
    from sharing.grants import unflag

    with workflow() as wf, wf.store.write() as s:
        from workflow.units import operator

        grant = unflag(s, wf, operator(s, None, account(actor)), grant_id, note)
    typer.echo(f"已恢复授权 grant {grant.id} serves again")
