"""Actors and shortcuts the sharing tests share."""

from __future__ import annotations

from typing import Any

from sharing import applications as apps
from sharing.draft import ApplicationDraft
from workflow.actors import Actor, Channel, Role
from workflow.context import Workflow
from workflow.store.tables import ShareApplication

BUREAU = Actor("bureau", Role.bureau, "bureau-ops", Channel.api)
PSB = Actor("psb", Role.provider, "psb-ops", Channel.api)  # provider of household_registration (restricted)
MCA = Actor("mca", Role.provider, "mca-ops", Channel.api)  # provider of subsistence_allowance (not shared)
WATER = Actor("water", Role.provider, "water-ops", Channel.api)  # provider of water_accounts (restricted, exchange)
CENTER = Actor("service_center", Role.consumer, "window-system", Channel.api)
DRC = Actor("drc", Role.consumer, "drc-analysis", Channel.api)
HH, ENT, SUB, WAT = "household_registration", "enterprise_registration", "subsistence_allowance", "water_accounts"
PURPOSE = "办理户籍类政务服务事项时核验申请人户籍信息"
DETAIL = {"business_process": "窗口受理→系统核验户籍→出具办理结果", "scenario": "行政服务中心综合窗口"}


def draft(dataset: str = HH, **changes: Any) -> ApplicationDraft:
    values: dict[str, Any] = {"dataset": dataset, "purpose": PURPOSE, **DETAIL}
    values.update(changes)
    return ApplicationDraft(**values)


def act(wf: Workflow, fn, *args, **kwargs) -> ShareApplication:  # type: ignore[no-untyped-def]
    with wf.store.write() as s:
        return fn(s, wf, *args, **kwargs)


def granted(wf: Workflow, dataset: str = HH, actor: Actor = CENTER, **changes: Any) -> int:
    """Apply and walk the application to a grant; returns the grant id."""
    from sqlalchemy import select

    from workflow.store.tables import ShareGrant

    application = act(wf, apps.apply, actor, draft(dataset, **changes))
    if application.state == "applied":
        application = act(wf, apps.review, BUREAU, application.id, True)
    if application.state == "consent_requested":
        provider = Actor(application.provider, Role.provider, f"{application.provider}-ops", Channel.api)
        application = act(wf, apps.consent, provider, application.id)
    assert application.state == "granted"
    with wf.store.read() as s:
        return s.scalars(select(ShareGrant.id).where(ShareGrant.application_id == application.id)).one()
