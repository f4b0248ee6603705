"""The officers' pages (系统填报方式, Art. 28): log in with the unit's token, see the unit's
tickets, report problem data on a Chinese form, act on a ticket. Plain HTML forms, no script,
no external asset; the same rules and the same authentication as the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from service.auth import COOKIE, current_actor, workflow_of
from workflow.actors import Actor, Channel
from workflow.context import Workflow
from workflow.credentials import LOGIN_HOURS, authenticate, close_login, open_login
from workflow.errors import WorkflowError, invalid
from workflow.store.tables import Ticket
from workflow.tickets import transitions as t
from workflow.tickets.draft import Draft
from workflow.tickets.queries import get_ticket, history, list_tickets, overdue_by_provider
from workflow.tickets.view import history_view, ticket_view
from workflow.tickets.vocabulary import HANDLING_STATES, KIND_ZH, OUTCOME_ZH, State
from workflow.units import get_unit

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))
Who = Annotated[Actor, Depends(current_actor)]
Text = Annotated[str, Form()]
Version = Annotated[int | None, Form()]


def render(request: Request, name: str, status: int = 200, who: Actor | None = None, refusal: WorkflowError | None = None,
           **context: Any) -> HTMLResponse:
    """A page; with ``refusal``, its status and the one-line error shown above the form."""
    if refusal is not None:
        from service.errors import STATUS

        status, context["error"] = STATUS[refusal.kind], refusal.as_json()
    unit_name = ""
    if who is not None:
        with workflow_of(request).store.read() as session:
            unit_name = get_unit(session, who.unit).name
    return templates.TemplateResponse(request, name, {"who": who, "unit_name": unit_name, **context}, status_code=status)


def error_page(request: Request, status: int, error: dict[str, str]) -> HTMLResponse:
    try:
        who: Actor | None = current_actor(request, None)  # a logged-in officer keeps the header and its log-out
    except WorkflowError:
        who = None
    return render(request, "error.html", status, who=who, error=error)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/tickets", status_code=303)


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return render(request, "login.html")


@router.post("/login")
def login(request: Request, token: Text) -> Response:
    wf = workflow_of(request)
    try:
        with wf.store.write() as session:
            actor = authenticate(session, token.strip(), wf.today(), Channel.web)
            secret = open_login(session, wf.audit, actor)
    except WorkflowError as exc:
        return render(request, "login.html", 401, error=exc.as_json())
    response = RedirectResponse("/tickets", status_code=303)
    response.set_cookie(COOKIE, secret, max_age=LOGIN_HOURS * 3600, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return response


@router.post("/logout")
def logout(request: Request) -> RedirectResponse:
    if secret := request.cookies.get(COOKIE):
        with workflow_of(request).store.write() as session:
            close_login(session, secret)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/tickets")
def tickets_page(request: Request, who: Who) -> HTMLResponse:
    wf = workflow_of(request)
    with wf.store.read() as session:
        views = [ticket_view(wf, ticket, with_rows=False) for ticket in list_tickets(session, who)]
        overdue = overdue_by_provider(session, who, wf.today(), wf.calendar)
    names = {code: p.name for code, p in wf.catalog.providers.items()}
    return render(request, "tickets.html", who=who, tickets=views, overdue=overdue, provider_names=names)


@router.get("/tickets/new")
def new_ticket_form(request: Request, who: Who) -> HTMLResponse:
    return _new_form(request, who, {"fields": []})


@router.post("/tickets/new")
def new_ticket(request: Request, who: Who, dataset: Text = "", kind: Text = "", urgency: Text = "normal",
               fields: Annotated[list[str] | None, Form()] = None, rows: Text = "", description: Text = "") -> Response:
    form = {"dataset": dataset, "kind": kind, "urgency": urgency, "fields": fields or [], "rows": rows, "description": description}
    draft = Draft(dataset=dataset, kind=kind, urgency=urgency, fields=fields or [], rows=rows.splitlines(), description=description)
    wf = workflow_of(request)
    try:
        with wf.store.write() as session:
            ticket = t.report(session, wf, who, draft)
    except WorkflowError as exc:
        if exc.code in ("personal_data", "invalid_rows"):
            form[{"personal_data": "description", "invalid_rows": "rows"}[exc.code]] = ""  # never shown again
        return _new_form(request, who, form, exc)
    return RedirectResponse(f"/tickets/{ticket.id}?done=1", status_code=303)


def _new_form(request: Request, who: Actor, form: dict[str, Any], error: WorkflowError | None = None) -> HTMLResponse:
    wf = workflow_of(request)
    return render(request, "new.html", who=who, refusal=error, form=form, entries=wf.catalog.entries,
                  kinds=[(k.value, zh) for k, zh in KIND_ZH.items()], urgent_days=wf.settings.urgent_working_days)


@router.get("/tickets/{ticket_id}")
def ticket_page(request: Request, who: Who, ticket_id: int, done: int = 0) -> HTMLResponse:
    return _ticket_page(request, who, ticket_id, done=bool(done))


def _ticket_page(request: Request, who: Actor, ticket_id: int, error: WorkflowError | None = None, done: bool = False) -> HTMLResponse:
    wf = workflow_of(request)
    with wf.store.read() as session:
        ticket = get_ticket(session, who, ticket_id)
        view = ticket_view(wf, ticket)
        past = history_view(history(session, ticket))
    mine, state = who.unit == ticket.provider, ticket.state
    handling = {s.value for s in HANDLING_STATES}  # accepted, or reopened after a failed verification
    can = {
        "accept": mine and state == State.reported.value,
        "extend": mine and state in handling and ticket.extension_requested_to is None,
        "resolve": mine and state in handling,
        "decide": who.is_bureau and ticket.extension_requested_to is not None,
        "expedite": who.is_bureau and (state == State.reported.value or state in handling),
    }
    return render(request, "ticket.html", who=who, refusal=error, t=view, history=past, can=can,
                  done=done, outcomes=[(o.value, zh) for o, zh in OUTCOME_ZH.items()])


def act(request: Request, change: Callable[[Session, Workflow], object], done: str,
        refused: Callable[[WorkflowError], Response]) -> Response:
    """One decision from a form: the change in one transaction, then back to ``done``; a refusal
    shows ``refused``'s page with the error (and nothing changed)."""
    wf = workflow_of(request)
    try:
        with wf.store.write() as session:
            change(session, wf)
    except WorkflowError as exc:
        return refused(exc)
    return RedirectResponse(done, status_code=303)


def form_date(value: str, zh: str, en: str) -> date | None:
    """A date typed into a form; empty is None, anything else not YYYY-MM-DD is a refusal naming the field."""
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise invalid(f"[{zh}] 日期须为 YYYY-MM-DD", f"[{en}] expected a date YYYY-MM-DD", "invalid_date") from None


def _act(request: Request, who: Actor, ticket_id: int, change: Callable[[Session, Workflow], Ticket]) -> Response:
    return act(request, change, f"/tickets/{ticket_id}?done=1", lambda exc: _ticket_page(request, who, ticket_id, exc))


@router.post("/tickets/{ticket_id}/accept")
def accept(request: Request, who: Who, ticket_id: int, version: Version = None) -> Response:
    return _act(request, who, ticket_id, lambda s, wf: t.accept(s, wf, who, ticket_id, version))


@router.post("/tickets/{ticket_id}/extension")
def extension(request: Request, who: Who, ticket_id: int, until: Text = "", reason: Text = "", version: Version = None) -> Response:
    def change(s: Session, wf: Workflow) -> Ticket:
        return t.request_extension(s, wf, who, ticket_id, _until(until), reason, version)

    return _act(request, who, ticket_id, change)


@router.post("/tickets/{ticket_id}/extension/decision")
def extension_decision(request: Request, who: Who, ticket_id: int, approve: Text = "", note: Text = "", version: Version = None) -> Response:
    return _act(request, who, ticket_id, lambda s, wf: t.decide_extension(s, wf, who, ticket_id, approve == "true", note, version))


@router.post("/tickets/{ticket_id}/expedite")
def expedite(request: Request, who: Who, ticket_id: int, working_days: Annotated[int, Form()], version: Version = None) -> Response:
    return _act(request, who, ticket_id, lambda s, wf: t.expedite(s, wf, who, ticket_id, working_days, version))


@router.post("/tickets/{ticket_id}/resolve")
def resolve(request: Request, who: Who, ticket_id: int, outcome: Text = "", note: Text = "", version: Version = None) -> Response:
    return _act(request, who, ticket_id, lambda s, wf: t.resolve(s, wf, who, ticket_id, outcome, note, version))


def _until(value: str) -> date:
    if (until := form_date(value, "延期至", "until")) is None:
        raise invalid("[延期至] 不能为空", "[until] is required", "invalid_date")
    return until
