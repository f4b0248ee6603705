"""Tickets from failing quality rules: one per rule × dataset × batch, listing its rows.

Idempotent on ``finding_id``: the same finding seen again (the next run, a second run at the
same moment, on SQLite or PostgreSQL) finds its ticket and changes nothing. Each finding is
handled in its own transaction that first takes the audit chain's lock, which every ticket
writer takes anyway; so the check and the write are one step for every process, and the unique
``finding_id`` column stands behind it should anything ever skip the lock.

The same failure found again in a new delivery is not filed twice either: a finding whose batch
replaced the batch of an open ticket of the same rule (a snapshot's next file, or the corrected
file of the same name) belongs to that ticket, which now lists the finding's rows. This is how a
ticket reopened after a fix that did not hold comes to name the rows of the re-collected batch.

The reporting unit is the bureau, acting through the warehouse's quality rules; the
responsible unit is the finding's provider.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actors import Actor, Channel, Role
from workflow.context import Workflow
from workflow.errors import WorkflowError
from workflow.loop.deliveries import Deliveries
from workflow.loop.findings import Finding
from workflow.store.tables import Ticket
from workflow.tickets import transitions
from workflow.tickets.draft import Draft
from workflow.tickets.vocabulary import OPEN_STATES, Kind
from workflow.units import bureau_code

QUALITY_ACCOUNT = "quality-rules"  # the account name the warehouse's rules act under
SEVERITY_ZH = {"critical": "严重", "warning": "警告", "info": "提示"}


@dataclass
class Filed:
    """What one pass over the findings did."""

    opened: list[int] = field(default_factory=list)  # new tickets
    already: int = 0  # findings that already had their ticket
    renewed: list[int] = field(default_factory=list)  # open tickets that now list a later delivery's rows
    refused: list[str] = field(default_factory=list)  # one line per finding that could not be filed


def quality_actor(session: Session) -> Actor:
    return Actor(bureau_code(session), Role.bureau, QUALITY_ACCOUNT, Channel.system)


def file_findings(wf: Workflow, findings: Iterable[Finding], deliveries: Deliveries | None = None) -> Filed:
    """File every finding that has no ticket yet; ``deliveries``: the batch ledger (read if not given)."""
    findings = list(findings)
    if not findings:
        return Filed()
    deliveries = deliveries or Deliveries.read(wf.settings.lake_dir, wf.catalog)
    filed = Filed()
    for finding in findings:
        try:
            with wf.store.write() as session:
                _file_one(session, wf, finding, deliveries, filed)
        except WorkflowError as exc:
            filed.refused.append(f"{finding.rule_id} @ {finding.dataset} ({finding.batch_id}): {exc.zh} {exc.en}")
    return filed


def _file_one(session: Session, wf: Workflow, finding: Finding, deliveries: Deliveries, filed: Filed) -> None:
    wf.audit.lock(session)  # from here on, no other ticket writer moves: check and write are one step
    if session.scalar(select(Ticket.id).where(Ticket.finding_id == finding.finding_id)) is not None:
        filed.already += 1
        return
    same_rule = session.scalars(select(Ticket).where(
        Ticket.rule_id == finding.rule_id, Ticket.dataset == finding.dataset, Ticket.batch_id.is_not(None),
    ).order_by(Ticket.id))
    actor = quality_actor(session)
    for ticket in same_rule:
        assert ticket.batch_id is not None
        is_open = ticket.state in OPEN_STATES
        if ticket.batch_id == finding.batch_id and not is_open:
            filed.already += 1  # its failure, filed under its own batch and closed since: nothing new
            return
        if is_open and finding.batch_id in (ticket.batch_id, deliveries.superseding(finding.dataset, ticket.batch_id)):
            if (ticket.batch_id, list(ticket.rows)) == (finding.batch_id, list(dict.fromkeys(finding.rows))):
                filed.already += 1
            else:
                transitions.renew_rows(session, wf, actor, ticket.id, finding.batch_id, list(finding.rows))
                filed.renewed.append(ticket.id)
            return
    try:
        ticket = transitions.report(session, wf, actor, _draft(finding, full=True))
    except WorkflowError as exc:
        if exc.code != "personal_data":
            raise
        # A rule's Chinese name read as personal data by the recognisers: file it by its id alone.
        ticket = transitions.report(session, wf, actor, _draft(finding, full=False))
    filed.opened.append(ticket.id)


def _draft(finding: Finding, *, full: bool) -> Draft:
    counts = f"{finding.failing_rows}/{finding.checked_rows}"
    severity = SEVERITY_ZH.get(finding.severity, finding.severity)
    if full:
        text = (f"质量规则未通过：{finding.name_zh}（{finding.article}，{severity}，{counts}行，{finding.stage}阶段） "
                f"quality rule {finding.rule_id} failed: {finding.name_en} ({finding.severity}, {counts} rows, stage {finding.stage})")
    else:
        text = f"质量规则未通过 quality rule {finding.rule_id} failed ({finding.severity}, {counts} rows, stage {finding.stage})"
    return Draft(dataset=finding.dataset, kind=Kind.error.value, description=text, rows=finding.rows,
                 rule_id=finding.rule_id, finding_id=finding.finding_id, provider=finding.provider)
