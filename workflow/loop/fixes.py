"""Tickets resolved as fixed (完成整改) since a cursor: what the re-ingestion sensor watches.

The cursor is the audit log's sequence number. Entries are appended under the chain's lock and
committed in order, so every resolution at or below the head read here is already visible, and
each one is seen exactly once by a reader that keeps the cursor. A ticket fixed, reopened and
fixed again is two resolutions: two re-ingestions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.store.tables import AuditEntry, AuditHead
from workflow.tickets.vocabulary import Outcome

RESOLVED = "ticket.resolved"


@dataclass(frozen=True)
class Fix:
    seq: int  # the audit entry of the resolution
    ticket_id: int
    dataset: str


def fixes_since(session: Session, cursor: int) -> tuple[list[Fix], int]:
    """Resolutions as fixed after audit entry ``cursor``, oldest first, and the new cursor."""
    head = session.scalar(select(AuditHead.seq).where(AuditHead.id == 1)) or 0
    entries = session.execute(
        select(AuditEntry.seq, AuditEntry.subject, AuditEntry.dataset, AuditEntry.detail)
        .where(AuditEntry.seq > cursor, AuditEntry.seq <= head, AuditEntry.action == RESOLVED)
        .order_by(AuditEntry.seq)
    )
    fixes = [
        Fix(seq, int(subject.removeprefix("ticket:")), dataset)
        for seq, subject, dataset, detail in entries
        if dataset and json.loads(detail).get("outcome") == Outcome.fixed.value
    ]
    return fixes, max(cursor, head)
