"""After the re-run: a ticket resolved as fixed is verified closed only when the rules pass for
its rows; if they still fail, or nothing was collected again, it reopens with the reason.

A ticket's rows name the batch it was filed on. The provider's fix arrives as a new batch: for
a snapshot dataset the newest file replaces everything, for an incremental one the corrected
file replaces the rows of the file of the same name. A row keeps its number in the corrected
file (the provider corrects values in place), so ``<old batch>:17`` is checked as
``<new batch>:17``. The rule is run again by the quality package (``recheck``), never here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import polars as pl
from sqlalchemy import select

from catalog.model import Catalog, Delivery
from ingest.ledger import read_ledger
from workflow.context import Workflow
from workflow.errors import Refusal, WorkflowError
from workflow.loop.from_findings import quality_actor
from workflow.store.tables import Ticket
from workflow.tickets import transitions
from workflow.tickets.vocabulary import Outcome, State


class Recheck(Protocol):
    """The quality package's re-check: the given rows' keys that still fail ``rule_id``."""

    def __call__(self, rule_id: str, dataset: str, lineage_keys: Sequence[str]) -> set[str]: ...


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
    current = current_batch_of(read_ledger(lake), wf.catalog)
    verdicts = []
    for ticket in waiting:
        verdict = _verify_one(wf, ticket, current, recheck, ticket.id in rerun_of)
        if verdict is not None:
            verdicts.append(verdict)
    return verdicts


def _verify_one(wf: Workflow, ticket: Ticket, current: Callable[[str, str], str], recheck: Recheck,
                own_rerun: bool) -> Verdict | None:
    assert ticket.rule_id is not None
    mapped = [f"{current(ticket.dataset, batch)}:{row}" for batch, row in (key.rsplit(":", 1) for key in ticket.rows)]
    batches = sorted({key.rsplit(":", 1)[0] for key in mapped})
    batch = batches[0] if len(batches) == 1 else None
    if mapped == list(ticket.rows):  # nothing collected again since the ticket was filed
        if not own_rerun:
            return Verdict(ticket.id, ticket.dataset, "pending", ticket.batch_id)
        return _decide(wf, ticket, batch or "", [], "重新运行后未见重新采集的数据（批次未变）",
                       "no re-collected data after the re-run: the batch is unchanged")
    failing = sorted(recheck(ticket.rule_id, ticket.dataset, mapped))
    if failing:
        return _decide(wf, ticket, batch or "", failing, f"重新采集后仍有{len(failing)}行未通过规则 {ticket.rule_id}",
                       f"{len(failing)} rows still fail rule {ticket.rule_id} after re-collection")
    return _decide(wf, ticket, batch or "", None, "", "", checked=len(mapped))


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


def current_batch_of(ledger: pl.DataFrame, catalog: Catalog) -> Callable[[str, str], str]:
    """``(dataset, batch) -> the batch now holding that batch's rows`` (itself if nothing newer)."""
    rows = ledger.sort("loaded_at")
    file_of = dict(zip(rows["batch_id"].to_list(), zip(rows["dataset"].to_list(), rows["source_file"].to_list(), strict=True),
                       strict=True))
    latest_of_file: dict[tuple[str, str], str] = {}
    latest_of_dataset: dict[str, str] = {}
    for batch, dataset, source in rows.select("batch_id", "dataset", "source_file").iter_rows():
        latest_of_file[(dataset, source)] = batch
        latest_of_dataset[dataset] = batch
    snapshots = {e.dataset.id for e in catalog.entries if e.dataset.source.delivery is Delivery.snapshot}

    def current(dataset: str, batch: str) -> str:
        if dataset in snapshots:
            return latest_of_dataset.get(dataset, batch)
        where = file_of.get(batch)
        return latest_of_file.get(where, batch) if where else batch

    return current
