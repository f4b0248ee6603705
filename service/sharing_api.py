"""The sharing API (Art. 17-20) under /api/v1/share: applications and their decisions, grants,
and the interface share mode (key lookups, paging). Same authentication as everything else;
every call on shared data, served or refused, is in the audit log."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy.orm import Session

from service.auth import bearer, current_actor, workflow_of
from service.sharing_schemas import ApplicationIn, DisputeIn, LookupIn, RefuseIn, ReviewIn, RevokeIn, RulingIn, VersionIn
from sharing import applications as apps
from sharing import interface
from sharing.draft import ApplicationDraft
from sharing.grants import list_grants, revoke
from sharing.limits import Guards
from sharing.source import ReleaseReader
from sharing.view import application_view, grant_view
from workflow.actors import Actor
from workflow.context import Workflow
from workflow.errors import WorkflowError, invalid
from workflow.store.tables import ShareApplication

router = APIRouter(prefix="/api/v1/share", tags=["数据共享 sharing"])
Who = Annotated[Actor, Depends(current_actor)]
_state_lock = threading.Lock()


def serving(request: Request) -> tuple[ReleaseReader, Guards]:
    """This process's release reader (its cache) and the limits' settings, made on first use; the
    per-grant counters themselves are in the store, shared by every serving process."""
    state = request.app.state
    with _state_lock:
        if not hasattr(state, "share_reader"):
            settings = workflow_of(request).settings
            state.share_reader = ReleaseReader(settings)
            state.share_guards = Guards(settings.share_rate_per_minute, settings.share_lookup_keys_per_hour, settings.watermark_key())
    return state.share_reader, state.share_guards


def data_caller(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None) -> Actor:
    """The one authentication path; on data endpoints a failed attempt is also audited."""
    try:
        return current_actor(request, credentials)
    except WorkflowError as exc:
        interface.log_refusal(workflow_of(request), None, _endpoint(request), exc)
        raise


Caller = Annotated[Actor, Depends(data_caller)]


def log_malformed(request: Request, credentials: HTTPAuthorizationCredentials | None, problems: list[str]) -> None:
    """A request FastAPI could not validate (422): audited under the caller its token names, else
    anonymously; ``problems`` name places and kinds, never a value sent."""
    try:
        who: Actor | None = current_actor(request, credentials)
    except WorkflowError:
        who = None
    refusal = invalid("请求格式有误", "malformed request", "malformed_request")
    interface.log_refusal(workflow_of(request), who, _endpoint(request), refusal, {"problems": problems})


def _endpoint(request: Request) -> str:
    route = request.scope.get("route")
    return getattr(route, "path", "share")[:100]  # the route's template, never what the caller put in it


def _change(request: Request, change: Callable[[Session, Workflow], ShareApplication]) -> dict[str, Any]:
    wf = workflow_of(request)
    with wf.store.write() as session:
        return application_view(wf, change(session, wf))


@router.post("/applications", status_code=201, summary="申请共享 apply (unconditional interface/central: granted at once)")
def apply(request: Request, who: Who, body: ApplicationIn) -> dict[str, Any]:
    draft = ApplicationDraft(dataset=body.dataset, purpose=body.purpose, share_mode=body.share_mode, access=body.access, items=body.items,
                             release=body.release, business_process=body.business_process, scenario=body.scenario, until=body.until)
    return _change(request, lambda s, wf: apps.apply(s, wf, who, draft))


@router.get("/applications", summary="申请列表 applications your unit made or must answer (bureau: all)")
def applications(request: Request, who: Who, state: str | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[dict[str, Any]]:
    wf = workflow_of(request)
    with wf.store.read() as session:
        return [application_view(wf, a) for a in apps.list_applications(session, who, state=state, limit=limit)]


@router.get("/applications/overdue", summary="逾期未答复 consent requests past 5 working days, per provider")
def overdue(request: Request, who: Who) -> dict[str, list[dict[str, Any]]]:
    wf = workflow_of(request)
    with wf.store.read() as session:
        grouped = apps.overdue_by_provider(session, who, wf.today())
        return {provider: [application_view(wf, a) for a in items] for provider, items in grouped.items()}


@router.get("/problems", summary="问题清单 escalated disputes with owner and dates (Art. 18)")
def problems(request: Request, who: Who) -> list[dict[str, Any]]:
    wf = workflow_of(request)
    with wf.store.read() as session:
        return [application_view(wf, a) for a in apps.problem_list(session, who)]


@router.get("/applications/{application_id}", summary="申请详情 one application")
def application(request: Request, who: Who, application_id: int) -> dict[str, Any]:
    wf = workflow_of(request)
    with wf.store.read() as session:
        return application_view(wf, apps.get_application(session, who, application_id))


@router.post("/applications/{application_id}/review", summary="审核 the bureau reviews")
def review(request: Request, who: Who, application_id: int, body: ReviewIn) -> dict[str, Any]:
    return _change(request, lambda s, wf: apps.review(s, wf, who, application_id, body.approve, body.note, body.version))


@router.post("/applications/{application_id}/consent", summary="同意 the provider consents")
def consent(request: Request, who: Who, application_id: int, body: VersionIn | None = None) -> dict[str, Any]:
    return _change(request, lambda s, wf: apps.consent(s, wf, who, application_id, body.version if body else None))


@router.post("/applications/{application_id}/refuse", summary="不同意 the provider refuses, citing law (else 400)")
def refuse(request: Request, who: Who, application_id: int, body: RefuseIn) -> dict[str, Any]:
    return _change(request, lambda s, wf: apps.refuse(s, wf, who, application_id, body.basis_kind, body.basis, body.reason, body.version))


@router.post("/applications/{application_id}/dispute", summary="争议 the applicant contests a refusal")
def dispute(request: Request, who: Who, application_id: int, body: DisputeIn) -> dict[str, Any]:
    return _change(request, lambda s, wf: apps.dispute(s, wf, who, application_id, body.reason, body.version))


@router.post("/applications/{application_id}/ruling", summary="评判 the bureau rules: share | uphold | escalate")
def ruling(request: Request, who: Who, application_id: int, body: RulingIn) -> dict[str, Any]:
    return _change(request, lambda s, wf: apps.rule(s, wf, who, application_id, body.ruling, body.note, body.owner, body.due_on, body.version))


@router.get("/grants", summary="授权列表 your unit's grants (bureau: all)")
def grants(request: Request, who: Who) -> list[dict[str, Any]]:
    wf = workflow_of(request)
    with wf.store.read() as session:
        return [grant_view(g, wf.today()) for g in list_grants(session, who)]


@router.post("/grants/{grant_id}/revoke", summary="撤销授权 the bureau revokes a grant")
def revoke_grant(request: Request, who: Who, grant_id: int, body: RevokeIn) -> dict[str, Any]:
    wf = workflow_of(request)
    with wf.store.write() as session:
        return grant_view(revoke(session, wf, who, grant_id, body.reason), wf.today())


@router.post("/{dataset}/lookup", summary="按键查询 look a record up by key (the key travels in the body, never in a URL)")
def lookup(request: Request, who: Caller, dataset: str, body: LookupIn) -> dict[str, Any]:
    wf = workflow_of(request)
    reader, guards = serving(request)
    served = interface.logged_refusals(wf, who, _endpoint(request), lambda: interface.lookup(
        wf, reader, guards, who, dataset, body.grant, body.purpose, body.key, body.fields))
    return {"grant": served.grant, "dataset": served.dataset, "release_class": served.release, "fields": served.fields,
            "records": served.records}


@router.get("/{dataset}/records", summary="分页获取 page through a granted dataset (paging grants)")
def records(request: Request, who: Caller, dataset: str, grant: int, purpose: str = "", page: int = 1, page_size: int = 100,
            fields: Annotated[list[str] | None, Query()] = None) -> dict[str, Any]:
    wf = workflow_of(request)
    reader, guards = serving(request)
    served = interface.logged_refusals(wf, who, _endpoint(request), lambda: interface.page(
        wf, reader, guards, who, dataset, grant, purpose, page, page_size, fields))
    return {"grant": served.grant, "dataset": served.dataset, "release_class": served.release, "fields": served.fields,
            "page": served.page, "page_size": served.page_size, "total": served.total, "records": served.records}
