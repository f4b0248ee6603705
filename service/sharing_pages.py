"""The officers' sharing pages (Art. 17-18): the bureau reviews and rules, a provider consents or
refuses citing law, an applicant disputes. Plain HTML forms in Chinese, no script, no external
asset; the same rules and the same login as the problem-data pages."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from service.auth import workflow_of
from service.pages import Text, Version, Who, act, form_date, render
from sharing import applications as apps
from sharing.vocabulary import BASIS_ZH, RULING_ZH, State
from workflow.actors import Actor, Role
from workflow.audit import entries_about
from workflow.context import Workflow
from workflow.errors import WorkflowError
from workflow.store.tables import ShareApplication
from workflow.tickets.view import history_view

router = APIRouter(include_in_schema=False)


@router.get("/share")
def share_list(request: Request, who: Who) -> HTMLResponse:
    from sharing.view import application_view

    wf = workflow_of(request)
    with wf.store.read() as session:
        views = [application_view(wf, a) for a in apps.list_applications(session, who)]
        overdue = {p: [application_view(wf, a) for a in items] for p, items in apps.overdue_by_provider(session, who, wf.today()).items()}
        problems = [application_view(wf, a) for a in apps.problem_list(session, who)]
    return render(request, "share_list.html", who=who, applications=views, overdue=overdue, problems=problems)


@router.get("/share/{application_id}")
def share_page(request: Request, who: Who, application_id: int, done: int = 0) -> HTMLResponse:
    return _page(request, who, application_id, done=bool(done))


def _page(request: Request, who: Actor, application_id: int, error: WorkflowError | None = None, done: bool = False) -> HTMLResponse:
    from sharing.view import application_view

    wf = workflow_of(request)
    with wf.store.read() as session:
        application = apps.get_application(session, who, application_id)
        view = application_view(wf, application)
        past = history_view(entries_about(session, f"application:{application.id}"))
    state = application.state
    can = {
        "review": who.is_bureau and state == State.applied.value,
        "answer": who.unit == application.provider and who.role is Role.provider and state == State.consent_requested.value,
        "dispute": who.unit == application.unit and state == State.refused.value,
        "rule": who.is_bureau and state == State.disputed.value,
    }
    return render(request, "share_application.html", who=who, refusal=error, a=view, history=past, can=can, done=done,
                  basis_kinds=[(k.value, zh) for k, zh in BASIS_ZH.items()],
                  rulings=[(r.value, zh) for r, zh in RULING_ZH.items()])


def _act(request: Request, who: Actor, application_id: int, change: Callable[[Session, Workflow], ShareApplication]) -> Response:
    return act(request, change, f"/share/{application_id}?done=1", lambda exc: _page(request, who, application_id, exc))


@router.post("/share/{application_id}/review")
def review(request: Request, who: Who, application_id: int, approve: Text = "", note: Text = "", version: Version = None) -> Response:
    return _act(request, who, application_id, lambda s, wf: apps.review(s, wf, who, application_id, approve == "true", note, version))


@router.post("/share/{application_id}/consent")
def consent(request: Request, who: Who, application_id: int, version: Version = None) -> Response:
    return _act(request, who, application_id, lambda s, wf: apps.consent(s, wf, who, application_id, version))


@router.post("/share/{application_id}/refuse")
def refuse(request: Request, who: Who, application_id: int, basis_kind: Text = "", basis: Text = "", reason: Text = "",
           version: Version = None) -> Response:
    return _act(request, who, application_id, lambda s, wf: apps.refuse(s, wf, who, application_id, basis_kind or None, basis, reason, version))


@router.post("/share/{application_id}/dispute")
def dispute(request: Request, who: Who, application_id: int, reason: Text = "", version: Version = None) -> Response:
    return _act(request, who, application_id, lambda s, wf: apps.dispute(s, wf, who, application_id, reason, version))


@router.post("/share/{application_id}/ruling")
def ruling(request: Request, who: Who, application_id: int, ruling: Text = "", note: Text = "", owner: Text = "", due_on: Text = "",
           version: Version = None) -> Response:
    def change(s: Session, wf: Workflow) -> ShareApplication:
        return apps.rule(s, wf, who, application_id, ruling, note, owner, form_date(due_on, "办理期限", "due"), version)

    return _act(request, who, application_id, change)
