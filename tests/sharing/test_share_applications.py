"""Applications (Art. 17-18) on both databases: granted on application, review then consent in 5
working days, refusals only with a legal basis, disputes, rulings and the problem list."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from share_helpers import BUREAU, CENTER, DRC, ENT, HH, MCA, PSB, SUB, WAT, WATER, act, draft, granted
from sqlalchemy import select

from sharing import applications as apps
from sharing.grants import revoke, state_of
from workflow.audit import entries_about
from workflow.context import Workflow
from workflow.errors import WorkflowError
from workflow.store.tables import ShareGrant

LAW = "《中华人民共和国个人信息保护法》第十三条"


def _at(wf: Workflow, day: date) -> None:
    wf.settings = dataclasses.replace(wf.settings, fixed_today=day)


def _grant(wf: Workflow, application_id: int) -> ShareGrant:
    with wf.store.read() as s:
        return s.scalars(select(ShareGrant).where(ShareGrant.application_id == application_id)).one()


def _restricted_waiting(wf: Workflow) -> int:
    application = act(wf, apps.apply, CENTER, draft(HH))
    assert application.state == "applied" and application.release_class == "restricted"
    return act(wf, apps.review, BUREAU, application.id, True).id


def test_unconditional_data_is_granted_on_application_with_its_purpose_recorded(swf: Workflow) -> None:
    application = act(swf, apps.apply, CENTER, draft(ENT, items=["enterprise_name", "status"], business_process="", scenario=""))
    assert application.state == "granted"
    grant = _grant(swf, application.id)
    assert (grant.release_class, grant.unit, grant.purpose) == ("clean", "service_center", application.purpose)
    assert grant.items == ["uscc", "enterprise_name", "status"]  # a lookup answers with its key
    with swf.store.read() as s:
        actions = [e.action for e in entries_about(s, f"application:{application.id}")]
        granted_entry = entries_about(s, f"grant:{grant.id}")[0]
    assert actions == ["share.applied", "share.granted_on_application"]
    assert granted_entry.purpose == application.purpose and granted_entry.grant_ref == str(grant.id)


def test_restricted_needs_review_then_consent_due_in_five_working_days(swf: Workflow) -> None:
    application_id = _restricted_waiting(swf)
    with swf.store.read() as s:
        application = apps.get_application(s, BUREAU, application_id)
    assert application.state == "consent_requested"
    # 2026-09-28 + 5 working days across the National Day holidays (10-10 is a make-up Saturday)
    assert application.consent_due_on == swf.calendar.add_working_days(date(2026, 9, 28), 5).due == date(2026, 10, 10)
    consented = act(swf, apps.consent, PSB, application_id)
    assert consented.state == "granted"
    grant = _grant(swf, application_id)
    assert grant.release_class == "restricted" and grant.expires_on is None  # the catalog's period is 长期
    assert state_of(grant, swf.today()).value == "live"


def test_restricted_application_needs_process_and_scenario(swf: Workflow) -> None:
    with pytest.raises(WorkflowError, match="business process"):
        act(swf, apps.apply, CENTER, draft(HH, business_process=""))


def test_a_refusal_without_a_legal_basis_cannot_be_recorded(swf: Workflow) -> None:
    application_id = _restricted_waiting(swf)
    for kind, basis in [(None, LAW), ("law", ""), ("law", "涉及个人隐私，不宜共享"), ("rule", "《内部管理要求》")]:
        with pytest.raises(WorkflowError) as refused:
            act(swf, apps.refuse, PSB, application_id, kind, basis)
        assert refused.value.code == "missing_legal_basis"
    with swf.store.read() as s:
        assert apps.get_application(s, BUREAU, application_id).state == "consent_requested"
        assert "share.refused" not in [e.action for e in entries_about(s, f"application:{application_id}")]
    refused_app = act(swf, apps.refuse, PSB, application_id, "law", LAW, "仅限公安机关内部使用")
    assert refused_app.state == "refused" and refused_app.refusal_basis == LAW


def test_only_the_right_unit_acts(swf: Workflow) -> None:
    application = act(swf, apps.apply, CENTER, draft(HH))
    with pytest.raises(WorkflowError, match="only the bureau"):
        act(swf, apps.review, CENTER, application.id, True)
    act(swf, apps.review, BUREAU, application.id, True)
    with pytest.raises(WorkflowError) as other:
        act(swf, apps.consent, WATER, application.id)  # not its dataset: not even visible
    assert other.value.kind.value == "not_found"
    with pytest.raises(WorkflowError, match="this action does not apply"):
        act(swf, apps.review, BUREAU, application.id, True)
    with pytest.raises(WorkflowError, match="provider do not apply"):
        act(swf, apps.apply, PSB, draft(HH))
    with pytest.raises(WorkflowError, match="version"):
        act(swf, apps.consent, PSB, application.id, expected_version=1)


def test_a_disputed_refusal_is_ruled_on_by_the_bureau(swf: Workflow) -> None:
    shared, upheld, escalated = (_restricted_waiting(swf) for _ in range(3))
    for application_id in (shared, upheld, escalated):
        act(swf, apps.refuse, PSB, application_id, "law", LAW)
        with pytest.raises(WorkflowError, match="no application"):
            act(swf, apps.dispute, DRC, application_id, "x")  # another unit's application is not even visible
        with pytest.raises(WorkflowError, match="only the applicant"):
            act(swf, apps.dispute, PSB, application_id, "x")
        assert act(swf, apps.dispute, CENTER, application_id, "办理事项确需核验户籍，所引条款不禁止共享").state == "disputed"
    assert act(swf, apps.rule, BUREAU, shared, "share", "所引依据不禁止向行政机关共享").state == "granted"
    assert _grant(swf, shared).release_class == "restricted"
    assert act(swf, apps.rule, BUREAU, upheld, "uphold", "依据成立").state == "refusal_upheld"
    with pytest.raises(WorkflowError, match="owner"):
        act(swf, apps.rule, BUREAU, escalated, "escalate", "协调未果")
    item = act(swf, apps.rule, BUREAU, escalated, "escalate", "协调未果，报领导小组办公室", owner="数据共享科 王科长")
    assert item.state == "escalated" and item.escalated_on == swf.today() and item.escalation_due_on > swf.today()
    with swf.store.read() as s:
        problems = apps.problem_list(s, BUREAU)
    assert [(p.id, p.escalation_owner) for p in problems] == [(escalated, "数据共享科 王科长")]
    settled = act(swf, apps.settle, BUREAU, escalated, True, "领导小组办公室协调：同意共享")
    assert settled.state == "granted" and settled.escalation_closed_on == swf.today()


def test_unanswered_consent_shows_as_overdue_per_provider_after_five_working_days(swf: Workflow) -> None:
    application_id = _restricted_waiting(swf)
    with swf.store.read() as s:
        due = apps.get_application(s, BUREAU, application_id).consent_due_on
    assert due is not None
    _at(swf, due)
    with swf.store.read() as s:
        assert apps.overdue_by_provider(s, BUREAU, swf.today()) == {}
    _at(swf, due + timedelta(days=1))
    with swf.store.read() as s:
        overdue = apps.overdue_by_provider(s, BUREAU, swf.today())
        assert [a.id for a in overdue["psb"]] == [application_id]
        assert apps.overdue_by_provider(s, PSB, swf.today())["psb"][0].id == application_id
        assert apps.overdue_by_provider(s, WATER, swf.today()) == {}
    late = act(swf, apps.consent, PSB, application_id)
    with swf.store.read() as s:
        assert entries_about(s, f"application:{late.id}")[-1].detail.find('"late":true') >= 0


def test_not_shared_data_only_as_its_de_identified_release(swf: Workflow) -> None:
    for release in ("clean", "restricted"):
        with pytest.raises(WorkflowError) as refused:
            act(swf, apps.apply, DRC, draft(SUB, release=release, share_mode="central"))
        assert refused.value.code == "identified_not_shared"
    application = act(swf, apps.apply, DRC, draft(SUB, share_mode="central"))
    assert application.release_class == "not_shared" and application.state == "applied"
    assert act(swf, apps.review, BUREAU, application.id, True).state == "consent_requested"
    act(swf, apps.consent, MCA, application.id)
    assert _grant(swf, application.id).release_class == "not_shared"


def test_exchange_only_after_review_even_for_unconditional_data(swf: Workflow) -> None:
    application = act(swf, apps.apply, DRC, draft(ENT, share_mode="exchange"))
    assert application.state == "applied" and application.access == "package"
    assert act(swf, apps.review, BUREAU, application.id, True).state == "granted"


def test_a_grant_ends_on_the_date_asked_for_and_can_be_revoked(swf: Workflow) -> None:
    grant_id = granted(swf, WAT, share_mode="exchange", until=date(2026, 12, 31))
    with swf.store.write() as s:
        grant = s.get(ShareGrant, grant_id)
        assert grant is not None and grant.expires_on == date(2026, 12, 31)
        assert state_of(grant, date(2027, 1, 1)).value == "expired"
        with pytest.raises(WorkflowError, match="only the bureau"):
            revoke(s, swf, CENTER, grant_id, "不再需要")
        revoke(s, swf, BUREAU, grant_id, "业务已停办")
        assert state_of(grant, swf.today()).value == "revoked"


def test_personal_values_never_enter_an_application(swf: Workflow) -> None:
    with pytest.raises(WorkflowError) as refused:
        act(swf, apps.apply, CENTER, draft(HH, purpose="核验 330203199001011235 的户籍"))
    assert refused.value.code == "personal_data"
