"""A ticket as officers and business systems see it: one plain dict, shared by the CLI's JSON,
the HTTP API and the form pages, with the Chinese term beside every code."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from workflow.calendar import estimate_warning
from workflow.context import Workflow
from workflow.store.tables import AuditEntry, Ticket
from workflow.tickets.transitions import latest_extension
from workflow.tickets.vocabulary import KIND_ZH, OPEN_STATES, OUTCOME_ZH, STATE_ZH, URGENCY_ZH, Kind, Outcome, State, Urgency


def ticket_view(wf: Workflow, ticket: Ticket, *, with_rows: bool = True) -> dict[str, Any]:
    entry = wf.catalog.dataset(ticket.dataset)
    today = wf.today()
    is_open = ticket.state in OPEN_STATES
    overdue = (today - ticket.due_on).days if is_open and ticket.due_on < today else 0
    view: dict[str, Any] = {
        "id": ticket.id,
        "version": ticket.version,
        "dataset": ticket.dataset,
        "dataset_zh": entry.dataset.business_name,
        "provider": ticket.provider,
        "provider_zh": entry.provider.name,
        "reporter": ticket.reporter,
        "reported_by": ticket.reported_by,
        "channel": ticket.channel,
        "kind": ticket.kind,
        "kind_zh": KIND_ZH[Kind(ticket.kind)],
        "urgency": ticket.urgency,
        "urgency_zh": URGENCY_ZH[Urgency(ticket.urgency)],
        "state": ticket.state,
        "state_zh": STATE_ZH[State(ticket.state)],
        "fields": ticket.fields,
        "row_count": ticket.row_count,
        "batch_id": ticket.batch_id,
        "rule_id": ticket.rule_id,
        "finding_id": ticket.finding_id,
        "description": ticket.description,
        "received_on": ticket.received_on.isoformat(),
        "due_on": ticket.due_on.isoformat(),
        "due_working_days": ticket.due_working_days,
        "due_estimated": ticket.due_estimated,
        "latest_extension": latest_extension(ticket).isoformat(),
        "extension_requested_to": _iso(ticket.extension_requested_to),
        "extension_reason": ticket.extension_reason,
        "outcome": ticket.outcome,
        "outcome_zh": OUTCOME_ZH[Outcome(ticket.outcome)] if ticket.outcome else None,
        "resolution_note": ticket.resolution_note,
        "resolved_on": _iso(ticket.resolved_on),
        "verification_note": ticket.verification_note,
        "verified_on": _iso(ticket.verified_on),
        "overdue_days": overdue,
        "warnings": warnings(wf, ticket, overdue),
    }
    if with_rows:
        view["rows"] = ticket.rows
    return view


def warnings(wf: Workflow, ticket: Ticket, overdue_days: int) -> list[str]:
    out = []
    if ticket.due_estimated:
        years = wf.calendar.undescribed_years(ticket.received_on, ticket.due_on) or (ticket.due_on.year,)
        out.append(estimate_warning(years))
    if overdue_days:
        out.append(f"已逾期{overdue_days}天 overdue by {overdue_days} days")
    if ticket.extension_requested_to:
        out.append(f"延期申请待审核（至{ticket.extension_requested_to}） extension to {ticket.extension_requested_to} awaits the bureau")
    return out


def history_view(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    return [
        {"seq": e.seq, "at": e.at, "unit": e.unit, "actor": e.actor, "channel": e.channel, "action": e.action,
         "detail": json.loads(e.detail)}
        for e in entries
    ]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
