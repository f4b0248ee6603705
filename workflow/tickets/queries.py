"""Reading tickets: what a unit may see (its own reports, what it must fix; the bureau: all),
one ticket with its history, and the overdue list per provider."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from workflow.actors import Actor
from workflow.audit import entries_about
from workflow.calendar import WorkingCalendar
from workflow.errors import not_found
from workflow.store.tables import AuditEntry, Ticket
from workflow.tickets.vocabulary import OPEN_STATES


def visible_to(query: Select, actor: Actor) -> Select:
    if actor.is_bureau:
        return query
    return query.where(or_(Ticket.reporter == actor.unit, Ticket.provider == actor.unit))


def get_ticket(session: Session, actor: Actor, ticket_id: int) -> Ticket:
    """One ticket; absent and not-yours answer alike, so ids reveal nothing to other units."""
    ticket = session.scalars(visible_to(select(Ticket).where(Ticket.id == ticket_id), actor)).first()
    if ticket is None:
        raise not_found(f"无此工单或无权查看：{ticket_id}", f"no ticket {ticket_id} visible to your unit")
    return ticket


def history(session: Session, ticket: Ticket) -> list[AuditEntry]:
    return entries_about(session, f"ticket:{ticket.id}")


def list_tickets(session: Session, actor: Actor, *, state: str | None = None, provider: str | None = None,
                 dataset: str | None = None, limit: int = 500) -> list[Ticket]:
    query = visible_to(select(Ticket), actor)
    if state:
        query = query.where(Ticket.state == state)
    if provider:
        query = query.where(Ticket.provider == provider)
    if dataset:
        query = query.where(Ticket.dataset == dataset)
    return list(session.scalars(query.order_by(Ticket.id.desc()).limit(limit)))


@dataclass(frozen=True)
class Overdue:
    ticket: Ticket
    days: int  # natural days past the due date
    working_days: int  # working days past the due date


def overdue_by_provider(session: Session, actor: Actor, today: date, calendar: WorkingCalendar) -> dict[str, list[Overdue]]:
    """Open tickets whose due date has passed, per responsible provider, most overdue first."""
    query = visible_to(select(Ticket), actor).where(Ticket.state.in_(OPEN_STATES), Ticket.due_on < today)
    grouped: dict[str, list[Overdue]] = {}
    for ticket in session.scalars(query.order_by(Ticket.provider, Ticket.due_on, Ticket.id)):
        grouped.setdefault(ticket.provider, []).append(
            Overdue(ticket, (today - ticket.due_on).days, calendar.working_days_between(ticket.due_on, today))
        )
    return grouped


@dataclass(frozen=True)
class ProviderTally:
    provider: str
    open: int
    overdue: int
    resolved: int


def tally_by_provider(session: Session, today: date) -> list[ProviderTally]:
    """Open, overdue and resolved tickets per responsible provider (for the bureau's reports)."""
    is_open = Ticket.state.in_(OPEN_STATES)
    rows = session.execute(
        select(
            Ticket.provider,
            func.sum(case((is_open, 1), else_=0)),
            func.sum(case((is_open & (Ticket.due_on < today), 1), else_=0)),
            func.sum(case((~is_open, 1), else_=0)),
        ).group_by(Ticket.provider).order_by(Ticket.provider)
    )
    return [ProviderTally(row[0], int(row[1] or 0), int(row[2] or 0), int(row[3] or 0)) for row in rows]
