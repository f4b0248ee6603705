"""Grants (共享授权, Art. 20): unit, dataset, items, release class, share mode, purpose, expiry.

A grant is made only by an application reaching ``granted``; it is live from that day until its
expiry (the catalog's share period, or an earlier date the applicant asked for) unless revoked
by the bureau, or suspended because its lookups looked like bulk extraction. Nothing is served
without a live grant, and a call must state the grant's purpose to be served.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sharing.limits import forget
from sharing.periods import period_end
from sharing.vocabulary import GRANT_STATE_ZH, GrantState
from workflow.actors import Actor
from workflow.context import Workflow
from workflow.errors import conflict, forbidden, invalid, not_found
from workflow.privacy import checked_text
from workflow.store.tables import ShareApplication, ShareGrant


def make_grant(session: Session, wf: Workflow, actor: Actor, application: ShareApplication) -> ShareGrant:
    today = wf.today()
    entry = wf.catalog.dataset(application.dataset)
    ends = [d for d in (period_end(entry.dataset.share_period, today), application.requested_until) if d is not None]
    grant = ShareGrant(
        application_id=application.id, unit=application.unit, dataset=application.dataset, items=list(application.items),
        release_class=application.release_class, share_mode=application.share_mode, access=application.access,
        purpose=application.purpose, granted_on=today, expires_on=min(ends) if ends else None, created_at=datetime.now(UTC),
    )
    session.add(grant)
    session.flush()
    wf.audit.record(session, actor, "share.granted", f"grant:{grant.id}", dataset=grant.dataset, grant=str(grant.id),
                    purpose=grant.purpose, detail={"application": application.id, "unit": grant.unit, "items": grant.items,
                                                   "release": grant.release_class, "mode": grant.share_mode, "access": grant.access,
                                                   "expires_on": grant.expires_on.isoformat() if grant.expires_on else None})
    return grant


def state_of(grant: ShareGrant, today: date) -> GrantState:
    if grant.revoked_at is not None:
        return GrantState.revoked
    if grant.expires_on is not None and grant.expires_on < today:
        return GrantState.expired
    if grant.flagged_at is not None:
        return GrantState.flagged
    return GrantState.live


def same_purpose(stated: str | None, granted: str) -> bool:
    """A call states its purpose; it must be the grant's (whitespace aside)."""
    return " ".join((stated or "").split()) == " ".join(granted.split())


def usable_grant(session: Session, actor: Actor, grant_id: int, today: date, *, dataset: str, access: tuple[str, ...],
                 purpose: str | None) -> ShareGrant:
    """The grant a call is served under, or the refusal that says why not (Art. 20)."""
    grant = session.get(ShareGrant, grant_id)
    if grant is None or grant.unit != actor.unit:
        raise not_found(f"本单位无此授权：{grant_id}", f"no grant {grant_id} held by your unit")
    if grant.dataset != dataset:
        raise forbidden("该授权不涵盖此数据集", "this grant does not cover this dataset")
    state = state_of(grant, today)
    if state is not GrantState.live:
        raise forbidden(f"授权{GRANT_STATE_ZH[state]}，不能获取数据", f"the grant is {state.value}: nothing is served under it")
    if grant.access not in access:
        raise forbidden(f"该授权的获取方式为「{grant.access}」，不能这样获取", f"this grant allows {grant.access} access only")
    if not same_purpose(purpose, grant.purpose):
        raise forbidden("用途与授权不符：共享数据只能用于授权的用途（第二十条）",
                        "the stated purpose is not the grant's: shared data serves only the purpose granted (Art. 20)")
    return grant


def list_grants(session: Session, actor: Actor, unit: str | None = None, dataset: str | None = None) -> list[ShareGrant]:
    query = select(ShareGrant)
    if not actor.is_bureau:
        query = query.where(ShareGrant.unit == actor.unit)
    elif unit:
        query = query.where(ShareGrant.unit == unit)
    if dataset:
        query = query.where(ShareGrant.dataset == dataset)
    return list(session.scalars(query.order_by(ShareGrant.id)))


def get_grant(session: Session, actor: Actor, grant_id: int, *, lock: bool = False) -> ShareGrant:
    grant = session.get(ShareGrant, grant_id, with_for_update=lock)
    if grant is None or not (actor.is_bureau or grant.unit == actor.unit):
        raise not_found(f"无此授权或无权查看：{grant_id}", f"no grant {grant_id} visible to your unit")
    return grant


def revoke(session: Session, wf: Workflow, actor: Actor, grant_id: int, reason: str) -> ShareGrant:
    if not actor.is_bureau:
        raise forbidden("只有区大数据主管机构可以撤销授权", "only the bureau may revoke a grant")
    grant = get_grant(session, actor, grant_id, lock=True)
    if grant.revoked_at is not None:
        raise conflict("授权已撤销", "the grant is already revoked")
    grant.revoked_at, grant.revoked_by = datetime.now(UTC), actor.name
    grant.revoke_reason = checked_text(reason, "撤销理由", "reason", required=True)
    wf.audit.record(session, actor, "share.revoked", f"grant:{grant.id}", dataset=grant.dataset, grant=str(grant.id),
                    purpose=grant.purpose, detail={"unit": grant.unit})
    return grant


def flag(session: Session, wf: Workflow, actor: Actor, grant_id: int, reason: str) -> None:
    """Suspend a grant whose calls look like bulk extraction; the bureau lifts or revokes it."""
    grant = session.get(ShareGrant, grant_id, with_for_update=True)
    if grant is None or grant.flagged_at is not None:
        return
    grant.flagged_at, grant.flag_reason = datetime.now(UTC), reason[:200]
    wf.audit.record(session, actor, "share.flagged", f"grant:{grant.id}", dataset=grant.dataset, grant=str(grant.id),
                    purpose=grant.purpose, detail={"reason": reason[:200]})


def unflag(session: Session, wf: Workflow, actor: Actor, grant_id: int, note: str) -> ShareGrant:
    if not actor.is_bureau:
        raise forbidden("只有区大数据主管机构可以恢复授权", "only the bureau may lift a suspension")
    grant = get_grant(session, actor, grant_id, lock=True)
    if grant.flagged_at is None:
        raise invalid("该授权未被暂停", "the grant is not suspended", "not_flagged")
    grant.flagged_at, grant.flag_reason = None, None
    forget(session, grant.id)  # what the watch saw is judged; else the next lookup would suspend it again
    wf.audit.record(session, actor, "share.unflagged", f"grant:{grant.id}", dataset=grant.dataset, grant=str(grant.id),
                    detail={"has_note": bool(checked_text(note, "说明", "note"))})
    return grant
