"""The quality report's section 「各提供单位问题数据工单」: open, overdue and closed tickets per
responsible provider, with those awaiting verification and those reopened shown apart.

- open: reported, accepted or reopened (the provider has work to do);
- overdue: open and past the due date (counted in ``open`` too);
- awaiting verification: resolved as fixed for a quality rule, the re-run not yet judged;
- closed: verified, or resolved as confirmed correct / settled (or fixed, for a ticket no rule
  can check);
- reopened: open because a fix did not pass its rules (counted in ``open`` too).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from config.settings import Settings
from workflow.store import Store
from workflow.store.tables import Ticket, Unit
from workflow.tickets.vocabulary import OPEN_STATES, Outcome, State


@dataclass
class ProviderTickets:
    provider: str
    provider_zh: str
    open: int
    overdue: int
    awaiting_verification: int
    closed: int
    reopened: int
    # The quality report's 已结 column: closed (a fixed rule ticket counts once verified).
    resolved: int = field(init=False)

    def __post_init__(self) -> None:
        self.resolved = self.closed

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def tickets_per_provider(session: Session, today: date) -> list[ProviderTickets]:
    """One line per provider that has any ticket, by provider code; ``today`` decides overdue."""
    is_open = Ticket.state.in_(OPEN_STATES)
    awaiting = and_(Ticket.state == State.resolved.value, Ticket.outcome == Outcome.fixed.value, Ticket.rule_id.is_not(None))
    closed = or_(Ticket.state == State.verified.value, and_(Ticket.state == State.resolved.value, ~awaiting))

    def count(condition: Any) -> Any:
        return func.sum(case((condition, 1), else_=0))

    rows = session.execute(
        select(Ticket.provider, Unit.name, count(is_open), count(is_open & (Ticket.due_on < today)), count(awaiting),
               count(closed), count(Ticket.state == State.reopened.value))
        .join(Unit, Unit.code == Ticket.provider)
        .group_by(Ticket.provider, Unit.name).order_by(Ticket.provider)
    )
    return [ProviderTickets(row[0], row[1], *(int(n or 0) for n in row[2:])) for row in rows]


def report_tally(settings: Settings) -> list[ProviderTickets]:
    """The tally for the quality report, read from the store ``settings`` names (nothing written
    but the schema, on a store never opened before)."""
    store = Store(settings.database_url)
    try:
        with store.read() as session:
            return tickets_per_provider(session, settings.today())
    finally:
        store.dispose()
