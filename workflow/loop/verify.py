"""After the re-run: a ticket resolved as fixed is verified closed only when the rules pass for
its rows; if they still fail, or nothing was collected again, it reopens with the reason.

The rule is run again by the quality package (``recheck``), never here. It is handed the
ticket's lineage keys and follows a record of an earlier delivery into the current one by its
business key. One case it cannot follow: a file corrected under its own name, whose old rows
ingestion replaced; there the provider corrected the rows in place, so row n of the old batch
is handed over as row n of the new one. This module decides only when to ask: once something
was collected since the ticket's batch, or, if nothing was, when the ticket's own re-run found
nothing new.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import select

from workflow.context import Workflow
from workflow.errors import Refusal, WorkflowError
from workflow.loop.deliveries import Deliveries
from workflow.loop.from_findings import quality_actor
from workflow.store.tables import Ticket
from workflow.tickets import transitions
from workflow.tickets.vocabulary import Outcome, State


class Recheck(Protocol):
    """The quality package's re-check: the given rows' keys that still fail ``rule_id``."""

    def __call__(self, rule_id: str, dataset: str, lineage_keys: Sequence[str], /) -> set[str]: ...


@dataclass(frozen=True)
class Verdict:
    ticket_id: int
    dataset: str
    state: str  # verified | reopened | pending (no re-collected batch yet, and not its own re-run)
    batch_id: str | None
    still_failing: int = 0


def verify_fixed(wf: Workflow, lake: Path, recheck: Recheck, *, datasets: Collection[str] | None = None,
                 rerun_of: Collection[int] = ()) -> list[Verdict]:
    """Verify every rule ticket awaiting it (of ``datasets``); ``rerun_of``: tickets this run re-collected for."""
    with wf.store.read() as session:
        query = select(Ticket).where(Ticket.state == State.resolved.value, Ticket.outcome == Outcome.fixed.value,
                                     Ticket.rule_id.is_not(None)).order_by(Ticket.id)
        if datasets is not None:
            query = query.where(Ticket.dataset.in_(list(datasets)))
        waiting = list(session.scalars(query))
    if not waiting:
        return []
    deliveries = Deliveries.read(lake, wf.catalog)
    verdicts = []
    for ticket in waiting:
        verdict = _verify_one(wf, ticket, deliveries, recheck, ticket.id in rerun_of)
        if verdict is not None:
            verdicts.append(verdict)
    return verdicts


def _verify_one(wf: Workflow, ticket: Ticket, deliveries: Deliveries, recheck: Recheck, own_rerun: bool) -> Verdict | None:
    assert ticket.rule_id is not None
    batches = sorted({key.rsplit(":", 1)[0] for key in ticket.rows}) or [ticket.batch_id or ""]
    now = sorted({deliveries.superseding(ticket.dataset, b) for b in batches})
    current = now[0] if len(now) == 1 else ""
    if not any(deliveries.collected_since(ticket.dataset, b) for b in batches):
        if not own_rerun:
            return Verdict(ticket.id, ticket.dataset, "pending", ticket.batch_id)
        return _decide(wf, ticket, current, [], "重新运行后未见重新采集的数据（没有新批次）",
                       "no re-collected data after the re-run: no batch newer than the ticket's")
    keys = [_in_place(deliveries, ticket.dataset, key) for key in ticket.rows]
    failing = sorted(recheck(ticket.rule_id, ticket.dataset, keys))
    if failing:
        return _decide(wf, ticket, current, failing, f"重新采集后仍有{len(failing)}行未通过规则 {ticket.rule_id}",
                       f"{len(failing)} rows still fail rule {ticket.rule_id} after re-collection")
    return _decide(wf, ticket, current, None, "", "", checked=len(keys))


def _in_place(deliveries: Deliveries, dataset: str, key: str) -> str:
    """A row of a file corrected under its own name is the same row of the new version."""
    batch, row = key.rsplit(":", 1)
    successor = deliveries.corrected_in_place(dataset, batch)
    return f"{successor}:{row}" if successor else key


def _decide(wf: Workflow, ticket: Ticket, batch: str, failing: list[str] | None, zh: str, en: str,
            checked: int = 0) -> Verdict | None:
    try:
        with wf.store.write() as session:
            actor = quality_actor(session)
            if failing is None:
                transitions.verify_closed(session, wf, actor, ticket.id, batch, checked)
                return Verdict(ticket.id, ticket.dataset, State.verified.value, batch)
            transitions.reopen(session, wf, actor, ticket.id, batch_id=batch, still_failing=failing, reason_zh=zh, reason_en=en)
            return Verdict(ticket.id, ticket.dataset, State.reopened.value, batch, len(failing))
    except WorkflowError as exc:
        if exc.kind is Refusal.conflict:  # another run verified it a moment ago: once is enough
            return None
        raise
