"""The problem-data API (接口对接方式, Art. 28) for business systems: JSON under /api/v1."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from service.auth import current_actor, workflow_of
from service.schemas import ExpediteIn, ExtensionDecisionIn, ExtensionIn, OverdueOut, ReportIn, ResolveIn, TicketOut, UnitOut, VersionIn
from workflow.actors import Actor
from workflow.context import Workflow
from workflow.store.tables import Ticket
from workflow.tickets import transitions as t
from workflow.tickets.draft import Draft
from workflow.tickets.queries import get_ticket, history, list_tickets, overdue_by_provider
from workflow.tickets.view import history_view, ticket_view
from workflow.units import get_unit

router = APIRouter(prefix="/api/v1", tags=["问题数据 problem data"])
Who = Annotated[Actor, Depends(current_actor)]


def _change(request: Request, change: Callable[[Session, Workflow], Ticket]) -> dict[str, Any]:
    wf = workflow_of(request)
    with wf.store.write() as session:
        return ticket_view(wf, change(session, wf))


@router.get("/me", response_model=UnitOut, summary="本单位 the unit this token speaks for")
def me(request: Request, who: Who) -> dict[str, str]:
    with workflow_of(request).store.read() as session:
        unit = get_unit(session, who.unit)
        return {"code": unit.code, "role": unit.role, "name": unit.name, "name_en": unit.name_en, "account": who.name}


@router.get("/tickets", response_model=list[TicketOut], response_model_exclude_none=True,
            summary="工单列表 tickets visible to your unit, newest first")
def tickets(request: Request, who: Who, state: str | None = None, provider: str | None = None, dataset: str | None = None,
            limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[dict[str, Any]]:
    wf = workflow_of(request)
    with wf.store.read() as session:
        found = list_tickets(session, who, state=state, provider=provider, dataset=dataset, limit=limit)
        return [ticket_view(wf, ticket, with_rows=False) for ticket in found]


@router.post("/tickets", response_model=TicketOut, status_code=201, summary="反馈问题数据 report problem data")
def report(request: Request, who: Who, body: ReportIn) -> dict[str, Any]:
    draft = Draft(dataset=body.dataset, kind=body.kind, description=body.description, rows=body.rows, fields=body.fields,
                  urgency=body.urgency)
    return _change(request, lambda s, wf: t.report(s, wf, who, draft))


@router.get("/tickets/overdue", response_model=dict[str, list[OverdueOut]], summary="逾期工单 overdue tickets per provider")
def overdue(request: Request, who: Who) -> dict[str, list[dict[str, Any]]]:
    wf = workflow_of(request)
    with wf.store.read() as session:
        grouped = overdue_by_provider(session, who, wf.today(), wf.calendar)
        return {provider: [{"id": o.ticket.id, "dataset": o.ticket.dataset, "due_on": o.ticket.due_on, "overdue_days": o.days,
                            "overdue_working_days": o.working_days, "due_estimated": o.ticket.due_estimated} for o in items]
                for provider, items in grouped.items()}


@router.get("/tickets/{ticket_id}", response_model=TicketOut, summary="工单详情 one ticket with its history")
def ticket(request: Request, who: Who, ticket_id: int) -> dict[str, Any]:
    wf = workflow_of(request)
    with wf.store.read() as session:
        found = get_ticket(session, who, ticket_id)
        return ticket_view(wf, found) | {"history": history_view(history(session, found))}


@router.post("/tickets/{ticket_id}/accept", response_model=TicketOut, summary="受理 the provider takes the ticket on")
def accept(request: Request, who: Who, ticket_id: int, body: VersionIn | None = None) -> dict[str, Any]:
    version = body.version if body else None
    return _change(request, lambda s, wf: t.accept(s, wf, who, ticket_id, version))


@router.post("/tickets/{ticket_id}/extension", response_model=TicketOut, summary="申请延期 the provider asks for more time")
def extension(request: Request, who: Who, ticket_id: int, body: ExtensionIn) -> dict[str, Any]:
    return _change(request, lambda s, wf: t.request_extension(s, wf, who, ticket_id, body.until, body.reason, body.version))


@router.post("/tickets/{ticket_id}/extension/decision", response_model=TicketOut, summary="审核延期 the bureau decides")
def extension_decision(request: Request, who: Who, ticket_id: int, body: ExtensionDecisionIn) -> dict[str, Any]:
    return _change(request, lambda s, wf: t.decide_extension(s, wf, who, ticket_id, body.approve, body.note, body.version))


@router.post("/tickets/{ticket_id}/expedite", response_model=TicketOut, summary="设为紧急 the bureau sets a shorter limit")
def expedite(request: Request, who: Who, ticket_id: int, body: ExpediteIn) -> dict[str, Any]:
    return _change(request, lambda s, wf: t.expedite(s, wf, who, ticket_id, body.working_days, body.version))


@router.post("/tickets/{ticket_id}/resolve", response_model=TicketOut, summary="办结 resolve with an Art. 27 outcome")
def resolve(request: Request, who: Who, ticket_id: int, body: ResolveIn) -> dict[str, Any]:
    return _change(request, lambda s, wf: t.resolve(s, wf, who, ticket_id, body.outcome, body.note, body.version))
