"""The one authentication path. A business system sends ``Authorization: Bearer <token>``; an
officer's browser sends the HttpOnly session cookie it got by logging in with the same kind of
token. Both end in ``workflow.credentials`` and come out as the same Actor."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from workflow.actors import Actor, Channel
from workflow.context import Workflow
from workflow.credentials import authenticate, authenticate_login
from workflow.errors import Refusal, WorkflowError, forbidden

COOKIE = "dw_session"
# Declared so the OpenAPI page offers "Authorize"; absent or non-bearer headers fall through to the cookie.
bearer = HTTPBearer(auto_error=False, description="本单位令牌 your unit's token from `dw unit token issue`")


def workflow_of(request: Request) -> Workflow:
    return request.app.state.wf


def current_actor(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None) -> Actor:
    wf = workflow_of(request)
    with wf.store.read() as session:
        if credentials is not None:
            return authenticate(session, credentials.credentials, wf.today(), Channel.api)
        if cookie := request.cookies.get(COOKIE):
            _same_origin(request)
            return authenticate_login(session, cookie, wf.today())
    raise WorkflowError(Refusal.unauthenticated, "未认证：请携带本单位令牌", "not authenticated: send your unit's bearer token")


def _same_origin(request: Request) -> None:
    """Cookies are SameSite=Strict already; a cross-site form post is refused here as well."""
    origin = request.headers.get("origin")
    if request.method != "GET" and origin and origin.split("://", 1)[-1] != request.headers.get("host"):
        raise forbidden("拒绝跨站请求", "cross-site request refused")
