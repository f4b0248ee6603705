"""Closing the loop (issue 9 item 5), on SQLite and PostgreSQL: a quality-rule ticket resolved
as fixed is verified closed only when the re-run's rule passes for its rows; if they still fail,
or nothing was collected again, it reopens with the reason, through the ticket transitions and
the audit log. Real loads of a real file; the rule re-check is a stand-in for quality's."""

from __future__ import annotations

import json
import threading
from datetime import date

import pytest
from loop_helpers import RULE, BlankDateRecheck, blank_date_rows, finding, fixed_rows, hukou, load_hukou, write_findings
from tickets_helpers import BUREAU, PSB, act

from config.settings import Settings
from workflow.context import Workflow, open_workflow
from workflow.errors import Refusal, WorkflowError
from workflow.loop.findings import failing_findings
from workflow.loop.from_findings import QUALITY_ACCOUNT, file_findings
from workflow.loop.tally import tickets_per_provider
from workflow.loop.verify import Verdict, verify_fixed
from workflow.store.tables import Ticket
from workflow.tickets import transitions as t
from workflow.tickets.queries import get_ticket, history
from workflow.tickets.view import ticket_view


def _file_and_fix(wf: Workflow, settings: Settings, rows_after_fix: list[str] | None) -> tuple[Ticket, str, str]:
    """A finding on the first load becomes a ticket; psb accepts it, re-delivers, resolves it as fixed."""
    first = load_hukou(wf, settings)
    failing = blank_date_rows(settings, first)
    assert failing == [f"{first}:2"]
    write_findings(settings.lake_dir, [finding(first, failing)])
    (ticket_id,) = file_findings(wf, failing_findings(settings.lake_dir)).opened
    act(wf, t.accept, PSB, ticket_id)
    second = load_hukou(wf, settings, rows_after_fix) if rows_after_fix is not None else first
    ticket = act(wf, t.resolve, PSB, ticket_id, "fixed", "已更正登记日期并重新报送")
    return ticket, first, second


def _actions(wf: Workflow, ticket_id: int) -> list[tuple[str, str, str, dict]]:
    with wf.store.read() as s:
        ticket = get_ticket(s, BUREAU, ticket_id)
        return [(e.action, e.unit, e.actor, json.loads(e.detail)) for e in history(s, ticket)]


def test_verified_closed_when_the_rule_passes_for_its_rows(wf: Workflow, settings: Settings) -> None:
    ticket, first, second = _file_and_fix(wf, settings, fixed_rows())
    recheck = BlankDateRecheck(wf, settings)
    assert verify_fixed(wf, settings.lake_dir, recheck) == [Verdict(ticket.id, ticket.dataset, "verified", second)]
    # The same file corrected under its own name: its row 2 is row 2 of the new version.
    assert recheck.calls == [(RULE, "household_registration", [f"{second}:2"])] and first != second
    with wf.store.read() as s:
        closed = get_ticket(s, BUREAU, ticket.id)
        view = ticket_view(wf, closed)
    assert closed.state == "verified" and closed.verified_on == date(2026, 9, 28) and closed.outcome == "fixed"
    assert second in (closed.verification_note or "") and view["state_zh"] == "核验通过"
    action, unit, actor, detail = _actions(wf, ticket.id)[-1]
    assert (action, unit, actor) == ("ticket.verified", "bureau", QUALITY_ACCOUNT)
    assert detail["from"] == "resolved" and detail["to"] == "verified" and detail["batch"] == second
    assert verify_fixed(wf, settings.lake_dir, recheck) == []  # judged once


def test_reopened_with_the_reason_when_its_rows_still_fail(wf: Workflow, settings: Settings) -> None:
    still_blank = hukou(1)  # a new file, the blank date not filled in
    ticket, first, second = _file_and_fix(wf, settings, still_blank)
    assert second != first
    (verdict,) = verify_fixed(wf, settings.lake_dir, BlankDateRecheck(wf, settings))
    assert verdict == Verdict(ticket.id, ticket.dataset, "reopened", second, 1)
    with wf.store.read() as s:
        reopened = get_ticket(s, BUREAU, ticket.id)
    assert reopened.state == "reopened" and reopened.rows == [f"{second}:2"] and reopened.batch_id == second
    assert reopened.outcome is None and reopened.resolved_on is None
    assert "仍有1行未通过规则" in (reopened.verification_note or "") and "still fail" in (reopened.verification_note or "")
    action, unit, actor, detail = _actions(wf, ticket.id)[-1]
    assert (action, unit, actor) == ("ticket.reopened", "bureau", QUALITY_ACCOUNT)
    assert detail["from"] == "resolved" and detail["to"] == "reopened" and detail["was_outcome"] == "fixed"
    assert detail["still_failing"] == 1 and detail["checked_batch"] == second and "still fail" in detail["reason_en"]
    # Back with the provider: it may ask for time or resolve it again; the due date was not reset.
    assert reopened.due_on == ticket.due_on
    again = act(wf, t.resolve, PSB, ticket.id, "fixed", "再次更正")
    assert again.state == "resolved"
    with wf.store.snapshot() as s:
        assert wf.audit.verify(s).ok


def test_the_same_failure_in_the_recollected_batch_joins_the_reopened_ticket(wf: Workflow, settings: Settings) -> None:
    still_blank = hukou(1)
    ticket, _, second = _file_and_fix(wf, settings, still_blank)
    verify_fixed(wf, settings.lake_dir, BlankDateRecheck(wf, settings))
    # The rules of the re-run report the same rule on the batch that replaced the ticket's.
    write_findings(settings.lake_dir, [finding(second, [f"{second}:2", f"{second}:4"])])
    filed = file_findings(wf, failing_findings(settings.lake_dir))
    assert filed.opened == [] and filed.renewed == [ticket.id]
    with wf.store.read() as s:
        renewed = get_ticket(s, BUREAU, ticket.id)
        assert (renewed.rows, renewed.batch_id, renewed.state) == ([f"{second}:2", f"{second}:4"], second, "reopened")
        assert s.query(Ticket).count() == 1
    again = file_findings(wf, failing_findings(settings.lake_dir))  # seen again: nothing
    assert again.renewed == [] and again.opened == [] and again.already == 2
    assert [a for a, *_ in _actions(wf, ticket.id)][-2:] == ["ticket.reopened", "ticket.rows_renewed"]


def test_nothing_collected_again_waits_then_reopens_on_its_own_rerun(wf: Workflow, settings: Settings) -> None:
    ticket, first, _ = _file_and_fix(wf, settings, None)  # resolved as fixed, no new file delivered
    recheck = BlankDateRecheck(wf, settings)
    assert verify_fixed(wf, settings.lake_dir, recheck) == [Verdict(ticket.id, ticket.dataset, "pending", first)]
    assert recheck.calls == []
    (verdict,) = verify_fixed(wf, settings.lake_dir, recheck, rerun_of={ticket.id})
    assert verdict.state == "reopened"
    with wf.store.read() as s:
        reopened = get_ticket(s, BUREAU, ticket.id)
    assert reopened.rows == [f"{first}:2"] and "no batch newer" in (reopened.verification_note or "")


def test_only_the_bureau_verifies_and_only_a_fixed_rule_ticket(wf: Workflow, settings: Settings) -> None:
    ticket, _, second = _file_and_fix(wf, settings, fixed_rows())
    with pytest.raises(WorkflowError) as refused:
        act(wf, t.verify_closed, PSB, ticket.id, second, 1)
    assert refused.value.kind is Refusal.forbidden
    hand = act(wf, t.report, BUREAU, t.Draft(dataset="household_registration", kind="error", description="手工上报"))
    with pytest.raises(WorkflowError) as not_waiting:
        act(wf, t.verify_closed, BUREAU, hand.id, second, 1)
    assert not_waiting.value.kind is Refusal.conflict


def test_two_runs_verifying_at_once_close_it_once(wf: Workflow, settings: Settings) -> None:
    ticket, _, _ = _file_and_fix(wf, settings, fixed_rows())
    runs = [open_workflow(settings) for _ in range(2)]
    barrier = threading.Barrier(2)
    verdicts: list[list[Verdict]] = []

    def run(other: Workflow) -> None:
        barrier.wait()
        verdicts.append(verify_fixed(other, settings.lake_dir, BlankDateRecheck(wf, settings)))

    threads = [threading.Thread(target=run, args=(r,)) for r in runs]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for r in runs:
        r.close()
    assert sorted(len(v) for v in verdicts) == [0, 1]
    assert [a for a, *_ in _actions(wf, ticket.id)].count("ticket.verified") == 1


def test_tickets_per_provider_for_the_quality_report(wf: Workflow, settings: Settings) -> None:
    verified, _, _ = _file_and_fix(wf, settings, fixed_rows())
    verify_fixed(wf, settings.lake_dir, BlankDateRecheck(wf, settings))
    other = "water_accounts-00aa11bb22cc33dd"
    write_findings(settings.lake_dir, [finding(other, [f"{other}:3"], dataset="water_accounts", provider="water")])
    file_findings(wf, failing_findings(settings.lake_dir))
    act(wf, t.report, BUREAU, t.Draft(dataset="household_registration", kind="omission", description="缺少新生儿户籍"))
    with wf.store.read() as s:
        tally = {p.provider: p for p in tickets_per_provider(s, date(2026, 10, 20))}
    assert set(tally) == {"psb", "water"}
    psb, water = tally["psb"], tally["water"]
    assert (psb.open, psb.overdue, psb.awaiting_verification, psb.closed, psb.reopened) == (1, 1, 0, 1, 0)
    assert (water.open, water.overdue, water.closed) == (1, 1, 0) and psb.provider_zh
    assert verified.id


def test_the_same_failure_in_the_next_delivery_renews_the_open_ticket(wf: Workflow, settings: Settings) -> None:
    first = load_hukou(wf, settings)
    write_findings(settings.lake_dir, [finding(first, [f"{first}:2"])])
    (ticket_id,) = file_findings(wf, failing_findings(settings.lake_dir)).opened
    second = load_hukou(wf, settings, hukou(1))  # the next snapshot, still failing
    write_findings(settings.lake_dir, [finding(second, [f"{second}:2"])])
    filed = file_findings(wf, failing_findings(settings.lake_dir))
    assert filed.opened == [] and filed.renewed == [ticket_id]
    with wf.store.read() as s:
        renewed = get_ticket(s, BUREAU, ticket_id)
        assert (renewed.state, renewed.batch_id, renewed.rows) == ("reported", second, [f"{second}:2"])
    # Closed meanwhile (confirmed correct): the next delivery failing again is a new occurrence.
    act(wf, t.accept, PSB, ticket_id)
    act(wf, t.resolve, PSB, ticket_id, "confirmed_correct", "经核对无误")
    third = load_hukou(wf, settings, hukou(2))
    write_findings(settings.lake_dir, [finding(third, [f"{third}:2"])])
    assert len(file_findings(wf, failing_findings(settings.lake_dir)).opened) == 1


def test_the_report_tally_reads_the_configured_store(wf: Workflow, settings: Settings) -> None:
    from workflow.loop.tally import report_tally

    act(wf, t.report, BUREAU, t.Draft(dataset="household_registration", kind="omission", description="缺少新生儿户籍"))
    (psb,) = report_tally(settings)
    assert (psb.provider, psb.open, psb.resolved) == ("psb", 1, 0)
