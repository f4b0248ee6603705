"""Every refusal as one clear message in Chinese and English: JSON for the API, a page for the
browser. Nothing the client sent is echoed back (it may hold a personal value)."""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from service import sharing_api
from service.auth import bearer
from workflow.errors import Refusal, WorkflowError

_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
STATUS = {Refusal.invalid: 400, Refusal.unauthenticated: 401, Refusal.forbidden: 403, Refusal.not_found: 404, Refusal.conflict: 409,
          Refusal.limited: 429}
_HTTP_ZH = {
    400: ("请求内容无法解析", "the request body cannot be parsed (expected JSON, see /docs)"),
    404: ("无此地址", "no such address"),
    405: ("不支持该请求方法", "method not allowed"),
}


def install(app: FastAPI) -> None:
    app.add_exception_handler(WorkflowError, _workflow_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def refusal_response(request: Request, status: int, error: dict[str, str]) -> Response:
    if is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"error": error}, status_code=status, headers=headers)
    if status == 401:
        return RedirectResponse("/login", status_code=303)
    from service.pages import error_page

    return error_page(request, status, error)


async def _workflow_error(request: Request, exc: WorkflowError) -> Response:
    return refusal_response(request, STATUS[exc.kind], exc.as_json())


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    # FastAPI's default body repeats the input; name only where the problem is and what kind.
    problems = [f"{'.'.join(_place(p) for p in e['loc'])}: {e['type']}" for e in exc.errors()[:5]]
    listed = "; ".join(problems)
    error = {"code": "malformed_request", "zh": f"请求格式有误：{listed}", "en": f"malformed request: {listed} (see /docs)"}
    if request.url.path.startswith(sharing_api.router.prefix):  # hostile input to the sharing API is logged too
        await run_in_threadpool(sharing_api.log_malformed, request, await bearer(request), problems)
    return refusal_response(request, 422, error)


def _place(part: int | str) -> str:
    """A place in the request: an index, or a field name; a key the caller made up (an unexpected
    field may be named with a personal value) is never repeated."""
    return str(part) if isinstance(part, int) or _FIELD.fullmatch(part) else "?"


async def _http_error(request: Request, exc: HTTPException) -> Response:
    zh, en = _HTTP_ZH.get(exc.status_code, ("请求无法处理", "request cannot be served"))
    return refusal_response(request, exc.status_code, {"code": f"http_{exc.status_code}", "zh": zh, "en": en})
