"""The application workflow (Art. 17-18): every change one transaction with its audit entry.

| action | from | who | then |
|---|---|---|---|
| apply | - | any unit but the provider and the bureau | unconditional, not exchange: granted at once; otherwise applied |
| review | applied | the bureau | unconditional: granted; restricted / not shared: consent_requested, due in 5 working days; or rejected |
| consent | consent_requested | the provider | granted |
| refuse | consent_requested | the provider, citing a law, regulation or rule | refused |
| dispute | refused | the applicant | disputed: the bureau rules (评判) |
| rule | disputed | the bureau | share: granted; uphold: refusal_upheld; escalate: on the problem list |
| settle | escalated | the bureau, after the leading group's office decided | granted or refusal_upheld |

Exchange (a landed copy) is served only after review (Art. 19), whatever the share class.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from catalog.model import ShareClass, ShareMode
from sharing.basis import checked_basis
from sharing.draft import ApplicationDraft, check
from sharing.grants import make_grant
from sharing.vocabulary import CONSENT_WORKING_DAYS, ESCALATION_WORKING_DAYS, STATE_ZH, Ruling, State
from workflow.actors import Actor, Role
from workflow.context import Workflow
from workflow.errors import conflict, forbidden, invalid, not_found
from workflow.privacy import checked_text
from workflow.store.tables import ShareApplication
from workflow.units import get_unit


def apply(session: Session, wf: Workflow, actor: Actor, draft: ApplicationDraft) -> ShareApplication:
    checked = check(draft, wf.catalog, wf.today())
    provider = checked.entry.provider.code
    if actor.is_bureau or actor.unit == provider:
        raise forbidden("区大数据主管机构和数据提供单位本身不申请共享", "the bureau and the dataset's own provider do not apply for it")
    get_unit(session, actor.unit)
    now, today = datetime.now(UTC), wf.today()
    application = ShareApplication(
        unit=actor.unit, applied_by=actor.name, dataset=checked.entry.dataset.id, provider=provider,
        share_class=checked.entry.dataset.share_class.value, release_class=checked.release.value, share_mode=checked.share_mode.value,
        access=checked.access.value, items=checked.items, purpose=checked.purpose, business_process=checked.business_process,
        scenario=checked.scenario, requested_until=checked.until, state=State.applied.value, applied_on=today,
        consent_due_estimated=False, created_at=now, updated_at=now,
    )
    session.add(application)
    session.flush()
    _audit(session, wf, actor, application, "applied", None,
           {"items": application.items, "mode": application.share_mode, "access": application.access, "release": application.release_class})
    if _granted_on_application(application):
        _move(session, wf, actor, application, State.granted, "granted_on_application")
        make_grant(session, wf, actor, application)
    return application


def review(session: Session, wf: Workflow, actor: Actor, application_id: int, approve: bool, note: str = "",
           expected_version: int | None = None) -> ShareApplication:
    application = _for_change(session, actor, application_id, expected_version)
    _bureau_only(actor, "审核共享申请", "review an application")
    _state_in(application, State.applied)
    application.reviewed_on, application.review_note = wf.today(), checked_text(note, "审核意见", "note", required=not approve)
    if not approve:
        return _move(session, wf, actor, application, State.rejected, "rejected")
    if application.share_class == ShareClass.unconditional.value:
        _move(session, wf, actor, application, State.granted, "reviewed_granted")
        make_grant(session, wf, actor, application)
        return application
    due = wf.calendar.add_working_days(wf.today(), CONSENT_WORKING_DAYS)
    application.consent_requested_on, application.consent_due_on, application.consent_due_estimated = wf.today(), due.due, due.estimated
    return _move(session, wf, actor, application, State.consent_requested, "consent_requested", {"due_on": due.due.isoformat()})


def consent(session: Session, wf: Workflow, actor: Actor, application_id: int, expected_version: int | None = None) -> ShareApplication:
    application = _for_change(session, actor, application_id, expected_version)
    _provider_only(actor, application, "同意共享", "consent")
    _state_in(application, State.consent_requested)
    application.answered_on = wf.today()
    _move(session, wf, actor, application, State.granted, "consented", {"late": _late(application, wf.today())})
    make_grant(session, wf, actor, application)
    return application


def refuse(session: Session, wf: Workflow, actor: Actor, application_id: int, basis_kind: str | None, basis: str | None,
           reason: str = "", expected_version: int | None = None) -> ShareApplication:
    application = _for_change(session, actor, application_id, expected_version)
    _provider_only(actor, application, "不同意共享", "refuse")
    _state_in(application, State.consent_requested)
    kind, text = checked_basis(basis_kind, basis)  # no legal basis: nothing is recorded
    application.refusal_basis_kind, application.refusal_basis = kind.value, text
    application.refusal_reason = checked_text(reason, "不同意理由", "reason")
    application.answered_on = wf.today()
    return _move(session, wf, actor, application, State.refused, "refused", {"basis_kind": kind.value, "late": _late(application, wf.today())})


def dispute(session: Session, wf: Workflow, actor: Actor, application_id: int, reason: str,
            expected_version: int | None = None) -> ShareApplication:
    application = _for_change(session, actor, application_id, expected_version)
    if actor.unit != application.unit:
        raise forbidden("只有申请单位可以提出争议", "only the applicant may dispute a refusal")
    _state_in(application, State.refused)
    application.dispute_reason = checked_text(reason, "争议理由", "reason", required=True)
    application.disputed_on = wf.today()
    return _move(session, wf, actor, application, State.disputed, "disputed")


def rule(session: Session, wf: Workflow, actor: Actor, application_id: int, ruling: str, note: str, owner: str = "",
         due_on: date | None = None, expected_version: int | None = None) -> ShareApplication:
    """The bureau's arbitration (评判, Art. 18)."""
    application = _for_change(session, actor, application_id, expected_version)
    _bureau_only(actor, "评判争议", "rule on a dispute")
    _state_in(application, State.disputed)
    try:
        chosen = Ruling(ruling)
    except ValueError:
        raise invalid("[评判结果] 须为 share / uphold / escalate 之一", "[ruling] must be share, uphold or escalate", "invalid_ruling") from None
    application.ruling, application.ruling_note, application.ruled_on = chosen.value, checked_text(note, "评判意见", "note", required=True), wf.today()
    if chosen is Ruling.share:
        _move(session, wf, actor, application, State.granted, "ruled_share")
        make_grant(session, wf, actor, application)
        return application
    if chosen is Ruling.uphold:
        return _move(session, wf, actor, application, State.refusal_upheld, "ruled_uphold")
    application.escalation_owner = checked_text(owner, "问题清单责任人", "owner", required=True)[:100]
    application.escalated_on = wf.today()
    default_due = wf.calendar.add_working_days(wf.today(), ESCALATION_WORKING_DAYS).due
    if due_on is not None and due_on <= wf.today():
        raise invalid("[办理期限] 须晚于今天", "[due] must be after today", "invalid_due")
    application.escalation_due_on = due_on or default_due
    return _move(session, wf, actor, application, State.escalated, "escalated",
                 {"owner": application.escalation_owner, "due_on": application.escalation_due_on.isoformat()})


def settle(session: Session, wf: Workflow, actor: Actor, application_id: int, share: bool, note: str,
           expected_version: int | None = None) -> ShareApplication:
    """Record what the leading group's office decided on a problem-list item."""
    application = _for_change(session, actor, application_id, expected_version)
    _bureau_only(actor, "办结问题清单事项", "settle a problem-list item")
    _state_in(application, State.escalated)
    application.escalation_closed_on = wf.today()
    application.ruling_note = checked_text(note, "协调结果", "note", required=True)
    if share:
        _move(session, wf, actor, application, State.granted, "settled_share")
        make_grant(session, wf, actor, application)
        return application
    return _move(session, wf, actor, application, State.refusal_upheld, "settled_uphold")


# ---- reading ----


def visible(actor: Actor):  # type: ignore[no-untyped-def]
    query = select(ShareApplication)
    if actor.is_bureau:
        return query
    return query.where((ShareApplication.unit == actor.unit) | (ShareApplication.provider == actor.unit))


def get_application(session: Session, actor: Actor, application_id: int) -> ShareApplication:
    found = session.scalars(visible(actor).where(ShareApplication.id == application_id)).first()
    if found is None:
        raise not_found(f"无此申请或无权查看：{application_id}", f"no application {application_id} visible to your unit")
    return found


def list_applications(session: Session, actor: Actor, *, state: str | None = None, provider: str | None = None,
                      unit: str | None = None, limit: int = 500) -> list[ShareApplication]:
    query = visible(actor)
    if state:
        query = query.where(ShareApplication.state == state)
    if provider:
        query = query.where(ShareApplication.provider == provider)
    if unit:
        query = query.where(ShareApplication.unit == unit)
    return list(session.scalars(query.order_by(ShareApplication.id.desc()).limit(limit)))


def overdue_by_provider(session: Session, actor: Actor, today: date) -> dict[str, list[ShareApplication]]:
    """Consent requests past their 5 working days, per provider, most overdue first."""
    query = visible(actor).where(ShareApplication.state == State.consent_requested.value, ShareApplication.consent_due_on < today)
    grouped: dict[str, list[ShareApplication]] = {}
    for application in session.scalars(query.order_by(ShareApplication.provider, ShareApplication.consent_due_on, ShareApplication.id)):
        grouped.setdefault(application.provider, []).append(application)
    return grouped


def problem_list(session: Session, actor: Actor) -> list[ShareApplication]:
    """The problem list (问题清单, Art. 18): escalated disputes, open first, with owner and dates."""
    query = visible(actor).where(ShareApplication.escalated_on.is_not(None))
    return list(session.scalars(query.order_by(ShareApplication.escalation_closed_on.is_not(None), ShareApplication.escalation_due_on)))


# ---- internals ----


def _granted_on_application(application: ShareApplication) -> bool:
    return application.share_class == ShareClass.unconditional.value and application.share_mode != ShareMode.exchange.value


def _late(application: ShareApplication, today: date) -> bool:
    return application.consent_due_on is not None and today > application.consent_due_on


def _for_change(session: Session, actor: Actor, application_id: int, expected_version: int | None) -> ShareApplication:
    query = visible(actor).where(ShareApplication.id == application_id)
    application = session.scalars(query.with_for_update().execution_options(populate_existing=True)).first()
    if application is None:
        raise not_found(f"无此申请或无权查看：{application_id}", f"no application {application_id} visible to your unit")
    if expected_version is not None and expected_version != application.version:
        raise conflict(f"申请已被他人更新（现为第{application.version}版），请刷新后再操作",
                       f"the application changed since you read it (now version {application.version}): reload and decide again")
    return application


def _bureau_only(actor: Actor, zh: str, en: str) -> None:
    if not actor.is_bureau:
        raise forbidden(f"只有区大数据主管机构可以{zh}", f"only the bureau may {en}")


def _provider_only(actor: Actor, application: ShareApplication, zh: str, en: str) -> None:
    if actor.unit != application.provider or actor.role is not Role.provider:
        raise forbidden(f"只有数据提供单位（{application.provider}）可以{zh}", f"only the provider ({application.provider}) may {en}")


def _state_in(application: ShareApplication, *states: State) -> None:
    if application.state not in {s.value for s in states}:
        now = State(application.state)
        raise conflict(f"申请当前状态为「{STATE_ZH[now]}」，不能执行此操作", f"the application is {now.value}; this action does not apply")


def _move(session: Session, wf: Workflow, actor: Actor, application: ShareApplication, to: State, action: str,
          extra: dict[str, Any] | None = None) -> ShareApplication:
    was = application.state
    application.state = to.value
    application.updated_at = datetime.now(UTC)
    try:
        session.flush()
    except StaleDataError:
        raise conflict("申请已被他人更新，请刷新后再操作", "the application changed meanwhile: reload and decide again") from None
    _audit(session, wf, actor, application, action, was, extra)
    return application


def _audit(session: Session, wf: Workflow, actor: Actor, application: ShareApplication, action: str, was: str | None,
           extra: dict[str, Any] | None = None) -> None:
    detail = {"from": was, "to": application.state, "version": application.version, "unit": application.unit,
              "provider": application.provider, **(extra or {})}
    wf.audit.record(session, actor, f"share.{action}", f"application:{application.id}", detail=detail,
                    dataset=application.dataset, purpose=application.purpose)
