"""Tickets: every transition, each refusal, deadlines and extensions, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from tickets_helpers import BATCH, BUREAU, CENTER, PSB, WATER, act, draft, report

from workflow.context import Workflow
from workflow.errors import Refusal, WorkflowError
from workflow.store.tables import Ticket
from workflow.tickets import transitions as t
from workflow.tickets.queries import get_ticket, history, list_tickets, overdue_by_provider
from workflow.tickets.view import ticket_view

# DW_TODAY is 2026-09-28 (Monday) in these tests: five working days reach into the National Day week.


def _refused(wf: Workflow, fn, *args, **kwargs) -> WorkflowError:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkflowError) as caught:
        act(wf, fn, *args, **kwargs)
    return caught.value


def test_report_names_the_responsible_provider_and_a_statutory_deadline(wf: Workflow) -> None:
    ticket = report(wf)
    assert (ticket.state, ticket.provider, ticket.reporter, ticket.kind) == ("reported", "psb", "service_center", "error")
    assert ticket.rows == [f"{BATCH}:17", f"{BATCH}:18"] and ticket.row_count == 2 and ticket.batch_id == BATCH
    # 09-29, 09-30, then 10-01..10-07 off, 10-08, 10-09, 10-10 (make-up Saturday)
    assert ticket.received_on == date(2026, 9, 28) and ticket.due_on == date(2026, 10, 10)
    assert not ticket.due_estimated and ticket.due_working_days == 5


def test_the_full_path_with_every_transition_audited(wf: Workflow) -> None:
    ticket = report(wf)
    act(wf, t.accept, PSB, ticket.id)
    act(wf, t.request_extension, PSB, ticket.id, date(2026, 11, 2), "需重新核对历史档案")
    act(wf, t.decide_extension, BUREAU, ticket.id, approve=True)
    done = act(wf, t.resolve, PSB, ticket.id, "fixed", "已修正并重新归集")
    assert (done.state, done.outcome, done.due_on, done.resolved_on) == ("resolved", "fixed", date(2026, 11, 2), date(2026, 9, 28))
    with wf.store.read() as s:
        actions = [(e.action, e.unit) for e in history(s, done)]
    assert actions == [("ticket.reported", "service_center"), ("ticket.accepted", "psb"), ("ticket.extension_requested", "psb"),
                       ("ticket.extension_approved", "bureau"), ("ticket.resolved", "psb")]
    with wf.store.snapshot() as s:
        assert wf.audit.verify(s).ok


@pytest.mark.parametrize("outcome", ["fixed", "confirmed_correct", "settled"])
def test_the_three_outcomes_of_art_27(wf: Workflow, outcome: str) -> None:
    ticket = report(wf)
    act(wf, t.accept, PSB, ticket.id)
    assert act(wf, t.resolve, PSB, ticket.id, outcome, "已与反馈方确认").outcome == outcome


def test_only_the_provider_accepts_and_resolves(wf: Workflow) -> None:
    ticket = report(wf)
    assert _refused(wf, t.accept, CENTER, ticket.id).kind is Refusal.forbidden  # the reporter
    assert _refused(wf, t.accept, BUREAU, ticket.id).kind is Refusal.forbidden
    assert _refused(wf, t.accept, WATER, ticket.id).kind is Refusal.not_found  # not its ticket: invisible
    act(wf, t.accept, PSB, ticket.id)
    assert _refused(wf, t.resolve, CENTER, ticket.id, "fixed", "x").kind is Refusal.forbidden


def test_transitions_out_of_order_are_conflicts(wf: Workflow) -> None:
    ticket = report(wf)
    assert _refused(wf, t.resolve, PSB, ticket.id, "fixed", "已修正").kind is Refusal.conflict
    assert _refused(wf, t.request_extension, PSB, ticket.id, date(2026, 10, 20), "理由").kind is Refusal.conflict
    assert _refused(wf, t.decide_extension, BUREAU, ticket.id, True).kind is Refusal.conflict
    act(wf, t.accept, PSB, ticket.id)
    assert _refused(wf, t.accept, PSB, ticket.id).kind is Refusal.conflict
    act(wf, t.resolve, PSB, ticket.id, "settled", "已沟通")
    assert _refused(wf, t.expedite, BUREAU, ticket.id, 2).kind is Refusal.conflict


def test_a_refusal_changes_nothing(wf: Workflow) -> None:
    ticket = report(wf)
    with wf.store.read() as s:
        before = wf.audit.head(s)
    _refused(wf, t.resolve, PSB, ticket.id, "fixed", "已修正")
    _refused(wf, t.accept, PSB, ticket.id, expected_version=ticket.version + 1)
    with wf.store.read() as s:
        assert wf.audit.head(s) == before
        assert s.get(Ticket, ticket.id).state == "reported"  # type: ignore[union-attr]


def test_extension_at_most_60_natural_days_from_receipt(wf: Workflow) -> None:
    ticket = report(wf)
    act(wf, t.accept, PSB, ticket.id)
    too_long = _refused(wf, t.request_extension, PSB, ticket.id, date(2026, 11, 28), "理由")
    assert too_long.code == "extension_too_long" and "2026-11-27" in too_long.zh
    assert _refused(wf, t.request_extension, PSB, ticket.id, date(2026, 10, 9), "理由").code == "extension_too_short"
    act(wf, t.request_extension, PSB, ticket.id, date(2026, 11, 27), "需调取纸质档案")  # exactly 60 days
    assert _refused(wf, t.request_extension, PSB, ticket.id, date(2026, 11, 20), "再次").kind is Refusal.conflict
    assert _refused(wf, t.decide_extension, PSB, ticket.id, True).kind is Refusal.forbidden
    rejected = act(wf, t.decide_extension, BUREAU, ticket.id, approve=False, note="理由不充分")
    assert rejected.due_on == date(2026, 10, 10) and rejected.extension_requested_to is None


def test_urgent_tickets_carry_the_bureaus_shorter_limit(wf: Workflow) -> None:
    urgent = report(wf, urgency="urgent")
    assert urgent.due_working_days == 2 and urgent.due_on == date(2026, 9, 30)
    normal = report(wf)
    assert _refused(wf, t.expedite, PSB, normal.id, 1).kind is Refusal.forbidden
    assert _refused(wf, t.expedite, BUREAU, normal.id, 5).code == "invalid_urgent_limit"
    expedited = act(wf, t.expedite, BUREAU, normal.id, 1)
    assert (expedited.urgency, expedited.due_on) == ("urgent", date(2026, 9, 29))


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"dataset": "no_such_dataset"}, "unknown_dataset"),
        ({"kind": "complaint"}, "invalid_kind"),
        ({"urgency": "asap"}, "invalid_urgency"),
        ({"rows": ["330203199001011235"]}, "invalid_rows"),
        ({"rows": ["water_accounts-0123456789abcdef:3"]}, "invalid_rows"),
        ({"rows": [f"{BATCH}:0"]}, "invalid_rows"),
        ({"fields": ["no_such_field"]}, "unknown_fields"),
        ({"description": "居民 330203199001011235 的出生日期错误"}, "personal_data"),
        ({"description": "请联系 13857461234 核实"}, "personal_data"),
        ({"description": "已与王建国沟通"}, "personal_data"),
        ({"description": "x" * 2001}, "text_too_long"),
        ({"rows": [], "fields": [], "description": "  "}, "empty_ticket"),
    ],
)
def test_bad_reports_are_refused_without_echo_and_write_nothing(wf: Workflow, changes: dict, code: str) -> None:
    with wf.store.read() as s:
        before = wf.audit.head(s)
    with pytest.raises(WorkflowError) as caught, wf.store.write() as s:
        t.report(s, wf, CENTER, draft(**changes))
    refusal = caught.value
    assert refusal.kind is Refusal.invalid and refusal.code == code
    for secret in ("330203199001011235", "13857461234", "王建国", "no_such"):
        assert secret not in refusal.zh + refusal.en
    with wf.store.read() as s:
        assert wf.audit.head(s) == before and s.query(Ticket).count() == 0


def test_an_omission_may_have_no_rows(wf: Workflow) -> None:
    ticket = report(wf, kind="omission", rows=[], fields=["household_address"], description="鼓楼街道部分户籍缺失")
    assert ticket.row_count == 0 and ticket.batch_id is None


def test_one_ticket_per_quality_finding(wf: Workflow) -> None:
    first = report(wf, BUREAU, rule_id="resident_id_check_digit", finding_id="f" * 64)
    again = report(wf, BUREAU, rule_id="resident_id_check_digit", finding_id="f" * 64)
    assert again.id == first.id
    with pytest.raises(WorkflowError) as caught:
        report(wf, CENTER, finding_id="e" * 64)
    assert caught.value.kind is Refusal.forbidden


def test_units_see_what_they_reported_and_what_they_must_fix(wf: Workflow) -> None:
    mine = report(wf, CENTER)
    theirs = report(wf, WATER)  # water reports on psb's data
    water_data = report(wf, CENTER, dataset="water_accounts", rows=[], fields=["account_no"])
    with wf.store.read() as s:
        assert {x.id for x in list_tickets(s, CENTER)} == {mine.id, water_data.id}
        assert {x.id for x in list_tickets(s, PSB)} == {mine.id, theirs.id}
        assert {x.id for x in list_tickets(s, WATER)} == {theirs.id, water_data.id}
        assert {x.id for x in list_tickets(s, BUREAU)} == {mine.id, theirs.id, water_data.id}
        with pytest.raises(WorkflowError):
            get_ticket(s, CENTER, theirs.id)


def test_overdue_per_provider_with_how_long(wf: Workflow, monkeypatch: pytest.MonkeyPatch) -> None:
    late = report(wf)  # due 2026-10-10
    report(wf, CENTER, dataset="water_accounts", rows=[], fields=["account_no"])
    done = report(wf)
    act(wf, t.accept, PSB, done.id)
    act(wf, t.resolve, PSB, done.id, "confirmed_correct", "经核对无误")
    from config.settings import load_settings

    monkeypatch.setenv("DW_TODAY", "2026-10-14")
    wf.settings = load_settings(wf.settings.home)
    with wf.store.read() as s:
        overdue = overdue_by_provider(s, BUREAU, wf.today(), wf.calendar)
        assert set(overdue) == {"psb", "water"}
        (item,) = overdue["psb"]
        assert item.ticket.id == late.id and item.days == 4 and item.working_days == 3  # 10-12, 10-13, 10-14
        view = ticket_view(wf, s.get(Ticket, late.id))  # type: ignore[arg-type]
        assert view["overdue_days"] == 4 and any("overdue by 4 days" in w for w in view["warnings"])
        assert set(overdue_by_provider(s, CENTER, wf.today(), wf.calendar)) == {"psb", "water"}
        assert set(overdue_by_provider(s, WATER, wf.today(), wf.calendar)) == {"water"}


def test_a_deadline_reaching_an_undescribed_year_is_flagged_then_made_official(wf: Workflow, monkeypatch: pytest.MonkeyPatch,
                                                                               tmp_path) -> None:  # type: ignore[no-untyped-def]
    from config.settings import load_settings
    from workflow.calendar import WorkingCalendar

    monkeypatch.setenv("DW_TODAY", "2026-12-28")
    wf.settings = load_settings(wf.settings.home)
    ticket = report(wf)
    assert ticket.due_estimated and ticket.due_on == date(2027, 1, 5)
    with wf.store.read() as s:
        view = ticket_view(wf, s.get(Ticket, ticket.id))  # type: ignore[arg-type]
    assert any("2027" in w and "估算" in w for w in view["warnings"])
    folder = tmp_path / "calendar"
    folder.mkdir()
    (folder / "2027.yaml").write_text(
        "year: 2027\nnotice: 测试用日程 test schedule\nholidays:\n  - {name: 元旦, from: 2027-01-01, to: 2027-01-04}\n", encoding="utf-8")
    wf.calendar = WorkingCalendar.load(folder)
    with wf.store.write() as s:
        assert t.refresh_estimated_deadlines(s, wf, BUREAU) == [ticket.id]
    with wf.store.read() as s:
        fresh = s.get(Ticket, ticket.id)
        assert fresh is not None and not fresh.due_estimated and fresh.due_on == date(2027, 1, 6)
        assert [e.action for e in history(s, fresh)][-1] == "ticket.deadline_recomputed"


def test_the_bureau_may_name_another_responsible_provider_for_a_finding(wf: Workflow) -> None:
    many = [f"{BATCH}:{i}" for i in range(1, 12_002)]
    ticket = report(wf, BUREAU, rule_id="cross_source_name", finding_id="c" * 64, provider="water", rows=many)
    assert ticket.provider == "water" and ticket.row_count == 12_001  # a finding lists every failing row
    assert _refused_report(wf, CENTER, provider="water").kind is Refusal.forbidden
    assert _refused_report(wf, BUREAU, provider="service_center").code == "invalid_provider"
    assert _refused_report(wf, CENTER, rows=many).code == "too_many_rows"


def _refused_report(wf: Workflow, actor, **changes: object) -> WorkflowError:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkflowError) as caught:
        report(wf, actor, **changes)
    return caught.value


def test_tally_per_provider(wf: Workflow) -> None:
    from workflow.tickets.queries import tally_by_provider

    report(wf)
    done = report(wf)
    act(wf, t.accept, PSB, done.id)
    act(wf, t.resolve, PSB, done.id, "settled", "已沟通")
    report(wf, CENTER, dataset="water_accounts", rows=[], fields=["account_no"])
    with wf.store.read() as s:
        assert [(x.provider, x.open, x.overdue, x.resolved) for x in tally_by_provider(s, date(2026, 10, 12))] == [
            ("psb", 1, 1, 1), ("water", 1, 1, 0)]
        assert [(x.open, x.overdue) for x in tally_by_provider(s, date(2026, 10, 10))] == [(1, 0), (1, 0)]
