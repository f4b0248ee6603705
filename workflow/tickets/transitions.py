"""Every change of a ticket: one transaction with its actor, time and audit entry.

The ticket row is read ``FOR UPDATE`` (PostgreSQL; SQLite's write transaction holds the write
lock already), so of two officers acting at once the second sees the first one's result and is
refused with a conflict; the optimistic ``version`` column makes that true even if a lock were
ever skipped, and lets a client say which version it decided on (``expected_version``): an
answer given on a stale page is refused rather than applied to a ticket that moved on.

| action | from | who | then |
|---|---|---|---|
| report | - | any unit | reported; due in 5 working days (urgent: the bureau's limit) |
| accept | reported | the responsible provider | accepted |
| request_extension | accepted | the provider | a pending request to a date <= receipt + 60 days |
| decide_extension | pending request | the bureau | approved: due on that date; or rejected |
| expedite | reported, accepted | the bureau | urgent; due N (< 5) working days after receipt |
| resolve | accepted, reopened | the provider | resolved: fixed / confirmed correct / settled |
| verify_closed | resolved as fixed (a rule's ticket) | the bureau (the warehouse) | verified: the re-run's rules pass for its rows |
| reopen | resolved as fixed (a rule's ticket) | the bureau (the warehouse) | reopened, with the reason and the rows still failing |
| renew_rows | open; its rule fails again on the batch that replaced its own | the bureau (the warehouse) | the same state, that finding's rows |
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workflow.actors import Actor, Role
from workflow.context import Workflow
from workflow.errors import conflict, forbidden, invalid, not_found
from workflow.privacy import checked_text
from workflow.store.tables import Ticket
from workflow.tickets.draft import Draft, check
from workflow.tickets.queries import visible_to
from workflow.tickets.vocabulary import (
    HANDLING_STATES,
    MAX_NATURAL_DAYS,
    NORMAL_WORKING_DAYS,
    OPEN_STATES,
    OUTCOME_ZH,
    STATE_ZH,
    Outcome,
    State,
    Urgency,
)
from workflow.units import get_unit


def report(session: Session, wf: Workflow, actor: Actor, draft: Draft) -> Ticket:
    """A new ticket, or (for a quality finding already ticketed) the existing one, unchanged."""
    checked = check(draft, wf.catalog)
    if (checked.rule_id or checked.finding_id or checked.provider) and not actor.is_bureau:
        raise forbidden("只有区大数据主管机构可按质量规则立单或指定责任单位",
                        "only the bureau files tickets for quality rules or names another responsible unit")
    if checked.finding_id and (existing := session.scalars(select(Ticket).where(Ticket.finding_id == checked.finding_id)).first()):
        return existing
    get_unit(session, actor.unit)
    provider = get_unit(session, checked.provider or checked.entry.provider.code)
    if provider.role != Role.provider.value:
        raise invalid("[责任单位] 须为数据提供单位", "[provider] must be a data provider unit", "invalid_provider")
    received = wf.today()
    working_days = wf.settings.urgent_working_days if checked.urgency is Urgency.urgent else NORMAL_WORKING_DAYS
    due = wf.calendar.add_working_days(received, working_days)
    now = datetime.now(UTC)
    ticket = Ticket(
        dataset=checked.entry.dataset.id, provider=provider.code, reporter=actor.unit, reported_by=actor.name,
        channel=actor.channel.value, kind=checked.kind.value, urgency=checked.urgency.value, state=State.reported.value,
        fields=checked.fields, rows=checked.rows, row_count=len(checked.rows), batch_id=checked.batch_id,
        rule_id=checked.rule_id, finding_id=checked.finding_id, description=checked.description,
        received_on=received, due_working_days=working_days, due_on=due.due, due_estimated=due.estimated,
        created_at=now, updated_at=now,
    )
    session.add(ticket)
    if checked.finding_id is None:
        session.flush()
    else:
        try:
            with session.begin_nested():  # a savepoint costs a few ms: only where a race is possible
                session.flush()
        except IntegrityError:
            # Another process ticketed the same finding a moment ago: one ticket per finding.
            return session.scalars(select(Ticket).where(Ticket.finding_id == checked.finding_id)).one()
    _audit(session, wf, actor, ticket, "reported", None, rows=ticket.row_count,
           extra={"kind": ticket.kind, "urgency": ticket.urgency, "provider": ticket.provider, "batch": ticket.batch_id,
                  "fields": ticket.fields, "rule_id": ticket.rule_id, "finding_id": ticket.finding_id})
    return ticket


def accept(session: Session, wf: Workflow, actor: Actor, ticket_id: int, expected_version: int | None = None) -> Ticket:
    ticket = _for_change(session, actor, ticket_id, expected_version)
    _provider_only(actor, ticket, "受理", "accept")
    _state_in(ticket, State.reported)
    return _move(session, wf, actor, ticket, State.accepted, "accepted")


def request_extension(session: Session, wf: Workflow, actor: Actor, ticket_id: int, until: date, reason: str,
                      expected_version: int | None = None) -> Ticket:
    ticket = _for_change(session, actor, ticket_id, expected_version)
    _provider_only(actor, ticket, "申请延期", "request an extension")
    _state_in(ticket, *HANDLING_STATES)
    if ticket.extension_requested_to is not None:
        raise conflict("已有待审核的延期申请", "an extension request is already waiting for the bureau")
    limit = latest_extension(ticket)
    if until > limit:
        raise invalid(f"[延期至] 最多延长至收到反馈之日起{MAX_NATURAL_DAYS}个自然日（{limit}）",
                      f"[until] an extension runs at most {MAX_NATURAL_DAYS} natural days from receipt (to {limit})", "extension_too_long")
    if until <= ticket.due_on or until < wf.today():
        raise invalid(f"[延期至] 须晚于当前截止日期（{ticket.due_on}）和今天",
                      f"[until] must be after the current due date ({ticket.due_on}) and not in the past", "extension_too_short")
    ticket.extension_requested_to = until
    ticket.extension_reason = checked_text(reason, "延期理由", "reason", required=True)
    return _move(session, wf, actor, ticket, State(ticket.state), "extension_requested", {"until": until.isoformat()})


def decide_extension(session: Session, wf: Workflow, actor: Actor, ticket_id: int, approve: bool, note: str = "",
                     expected_version: int | None = None) -> Ticket:
    ticket = _for_change(session, actor, ticket_id, expected_version)
    _bureau_only(actor, "审核延期", "decide on an extension")
    requested = ticket.extension_requested_to
    if requested is None or ticket.state not in OPEN_STATES:
        raise conflict("没有待审核的延期申请", "there is no extension request to decide on")
    note = checked_text(note, "审核意见", "note")
    ticket.extension_requested_to = None
    if approve:
        ticket.due_on, ticket.due_working_days, ticket.due_estimated = requested, None, False
    action = "extension_approved" if approve else "extension_rejected"
    return _move(session, wf, actor, ticket, State(ticket.state), action, {"until": requested.isoformat(), "has_note": bool(note)})


def expedite(session: Session, wf: Workflow, actor: Actor, ticket_id: int, working_days: int,
             expected_version: int | None = None) -> Ticket:
    ticket = _for_change(session, actor, ticket_id, expected_version)
    _bureau_only(actor, "设定紧急时限", "set an urgent time limit")
    _state_in(ticket, State.reported, *HANDLING_STATES)
    if not 1 <= working_days < NORMAL_WORKING_DAYS:
        raise invalid(f"[工作日数] 紧急时限须为1至{NORMAL_WORKING_DAYS - 1}个工作日",
                      f"[working_days] an urgent limit is 1 to {NORMAL_WORKING_DAYS - 1} working days", "invalid_urgent_limit")
    due = wf.calendar.add_working_days(ticket.received_on, working_days)
    ticket.urgency, ticket.due_working_days, ticket.due_on, ticket.due_estimated = Urgency.urgent.value, working_days, due.due, due.estimated
    return _move(session, wf, actor, ticket, State(ticket.state), "expedited", {"working_days": working_days})


def resolve(session: Session, wf: Workflow, actor: Actor, ticket_id: int, outcome: str, note: str,
            expected_version: int | None = None) -> Ticket:
    ticket = _for_change(session, actor, ticket_id, expected_version)
    _provider_only(actor, ticket, "办结", "resolve")
    _state_in(ticket, *HANDLING_STATES)
    try:
        chosen = Outcome(outcome)
    except ValueError:
        raise invalid("[处理方式] 须为完成整改、确认无误或沟通解决之一",
                      "[outcome] must be fixed, confirmed_correct or settled", "invalid_outcome") from None
    ticket.outcome = chosen.value
    ticket.resolution_note = checked_text(note, "处理说明", "note", required=True)
    ticket.resolved_on = wf.today()
    ticket.extension_requested_to = None
    return _move(session, wf, actor, ticket, State.resolved, "resolved", {"outcome": chosen.value})


def verify_closed(session: Session, wf: Workflow, actor: Actor, ticket_id: int, batch_id: str, checked: int) -> Ticket:
    """The re-run's rules pass for the ticket's rows (``checked`` of them, in ``batch_id``): closed."""
    ticket = _awaiting_verification(session, actor, ticket_id, "核验", "verify")
    ticket.verified_on = wf.today()
    ticket.verification_note = f"重新采集后规则通过（批次 {batch_id}，{checked} 行） rules pass after re-collection (batch {batch_id}, {checked} rows)"
    return _move(session, wf, actor, ticket, State.verified, "verified", {"batch": batch_id, "checked_rows": checked})


def reopen(session: Session, wf: Workflow, actor: Actor, ticket_id: int, *, batch_id: str, still_failing: list[str],
           reason_zh: str, reason_en: str) -> Ticket:
    """The rows still fail after the re-run (or nothing was collected again): back to the provider.

    The ticket keeps only its rows that still fail (none given: all of them), as the keys they
    were checked under; ``batch_id`` is the delivery they were checked in. The due date is not reset: declaring a problem fixed does
    not give the provider a second time limit.
    """
    ticket = _awaiting_verification(session, actor, ticket_id, "重开", "reopen")
    was_outcome = ticket.outcome
    if still_failing:
        ticket.rows, ticket.row_count = list(still_failing), len(still_failing)
        batches = {key.rsplit(":", 1)[0] for key in still_failing}
        ticket.batch_id = batches.pop() if len(batches) == 1 else None
    ticket.outcome = ticket.resolution_note = ticket.resolved_on = None
    ticket.verification_note = f"{reason_zh} {reason_en}"
    return _move(session, wf, actor, ticket, State.reopened, "reopened",
                 {"checked_batch": batch_id, "still_failing": ticket.row_count, "was_outcome": was_outcome,
                  "reason_zh": reason_zh, "reason_en": reason_en})


def renew_rows(session: Session, wf: Workflow, actor: Actor, ticket_id: int, batch_id: str, rows: list[str]) -> Ticket:
    """The rules found an open ticket's failure again, in the batch that replaced its own (the
    provider delivered again): the ticket now lists that finding's rows, and no second ticket is
    filed for the same failure."""
    ticket = _for_change(session, actor, ticket_id, None)
    _bureau_only(actor, "更新行键", "renew a ticket's rows")
    _state_in(ticket, *(State(s) for s in OPEN_STATES))
    keys = list(dict.fromkeys(rows))
    if (ticket.batch_id, ticket.rows) == (batch_id, keys):
        return ticket
    was = ticket.batch_id
    ticket.rows, ticket.row_count, ticket.batch_id = keys, len(keys), batch_id
    return _move(session, wf, actor, ticket, State(ticket.state), "rows_renewed", {"was_batch": was, "batch": batch_id, "rows": len(keys)})


def awaits_verification(ticket: Ticket) -> bool:
    """Resolved as fixed, for a quality rule that can be run again: the loop is not closed yet."""
    return ticket.state == State.resolved.value and ticket.outcome == Outcome.fixed.value and ticket.rule_id is not None


def refresh_estimated_deadlines(session: Session, wf: Workflow, actor: Actor) -> list[int]:
    """Once the bureau adds a year's schedule, deadlines estimated into it become official."""
    changed = []
    open_estimates = select(Ticket).where(Ticket.due_estimated, Ticket.due_working_days.is_not(None),
                                          Ticket.state.in_(OPEN_STATES)).with_for_update()
    for ticket in session.scalars(open_estimates):
        assert ticket.due_working_days is not None
        due = wf.calendar.add_working_days(ticket.received_on, ticket.due_working_days)
        if due.estimated:
            continue
        was = ticket.due_on
        ticket.due_on, ticket.due_estimated = due.due, False
        _move(session, wf, actor, ticket, State(ticket.state), "deadline_recomputed", {"was": was.isoformat()})
        changed.append(ticket.id)
    return changed


def latest_extension(ticket: Ticket) -> date:
    return ticket.received_on + timedelta(days=MAX_NATURAL_DAYS)


def _for_change(session: Session, actor: Actor, ticket_id: int, expected_version: int | None) -> Ticket:
    query = visible_to(select(Ticket).where(Ticket.id == ticket_id), actor)
    ticket = session.scalars(query.with_for_update().execution_options(populate_existing=True)).first()
    if ticket is None:
        raise not_found(f"无此工单或无权查看：{ticket_id}", f"no ticket {ticket_id} visible to your unit")
    if expected_version is not None and expected_version != ticket.version:
        raise conflict(f"工单已被他人更新（现为第{ticket.version}版），请刷新后再操作",
                       f"the ticket changed since you read it (now version {ticket.version}): reload and decide again")
    return ticket


def _awaiting_verification(session: Session, actor: Actor, ticket_id: int, zh: str, en: str) -> Ticket:
    ticket = _for_change(session, actor, ticket_id, None)
    _bureau_only(actor, zh, en)
    if not awaits_verification(ticket):
        raise conflict("工单不是待核验的整改工单（质量规则工单，已按完成整改办结）",
                       "the ticket is not awaiting verification (a quality-rule ticket resolved as fixed)")
    return ticket


def _provider_only(actor: Actor, ticket: Ticket, zh: str, en: str) -> None:
    if actor.unit != ticket.provider:
        raise forbidden(f"只有责任单位（{ticket.provider}）可以{zh}", f"only the responsible provider ({ticket.provider}) may {en}")


def _bureau_only(actor: Actor, zh: str, en: str) -> None:
    if not actor.is_bureau:
        raise forbidden(f"只有区大数据主管机构可以{zh}", f"only the bureau may {en}")


def _state_in(ticket: Ticket, *states: State) -> None:
    if ticket.state not in {s.value for s in states}:
        now = State(ticket.state)
        raise conflict(f"工单当前状态为「{STATE_ZH[now]}」，不能执行此操作", f"the ticket is {now.value}; this action does not apply")


def _move(session: Session, wf: Workflow, actor: Actor, ticket: Ticket, to: State, action: str,
          extra: dict[str, Any] | None = None) -> Ticket:
    was = ticket.state
    ticket.state = to.value
    ticket.updated_at = datetime.now(UTC)
    try:
        session.flush()  # UPDATE ... WHERE version = <read>: matches nothing if someone else won
    except StaleDataError:
        raise conflict("工单已被他人更新，请刷新后再操作", "the ticket changed meanwhile: reload and decide again") from None
    _audit(session, wf, actor, ticket, action, was, extra=extra)
    return ticket


def _audit(session: Session, wf: Workflow, actor: Actor, ticket: Ticket, action: str, was: str | None,
           rows: int | None = None, extra: dict[str, Any] | None = None) -> None:
    detail = {"from": was, "to": ticket.state, "version": ticket.version, "due_on": ticket.due_on.isoformat(),
              "due_estimated": ticket.due_estimated, **(extra or {})}
    if ticket.outcome:
        detail["outcome_zh"] = OUTCOME_ZH[Outcome(ticket.outcome)]
    wf.audit.record(session, actor, f"ticket.{action}", f"ticket:{ticket.id}", detail=detail, dataset=ticket.dataset, rows=rows)
